#pragma once

#include "common/result.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QDateTime>
#include <QJsonObject>
#include <QString>

#include <optional>

namespace portico {

// How to take back one change ConnectPlan::apply() made to another app's file: the backup of the file as it was
// (none when Portico created the file) and a digest of what Portico wrote, so that a file changed since (by the
// app, or by hand) is never overwritten with the old one.
class ConnectUndo
{
    Q_DECLARE_TR_FUNCTIONS(ConnectUndo)

public:
    QString path;
    QString backupPath;       // empty: the file did not exist before, so undoing removes it
    QByteArray writtenSha256; // hex
    QDateTime when;

    // The SHA-256 (hex) of `content`, as writtenSha256 holds it.
    [[nodiscard]] static QByteArray digest(QByteArrayView content);

    // Puts the backup back (atomically, with its permissions) and removes it, or removes the file Portico
    // created. Refused, changing nothing, when the file is no longer what Portico wrote.
    [[nodiscard]] Result<void> restore() const;

    [[nodiscard]] QJsonObject toJson() const;
    [[nodiscard]] static std::optional<ConnectUndo> fromJson(const QJsonObject &object);
};

} // namespace portico
