#include "config/connectundo.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QSaveFile>

namespace portico {

QByteArray ConnectUndo::digest(QByteArrayView content)
{
    return QCryptographicHash::hash(content, QCryptographicHash::Sha256).toHex();
}

Result<void> ConnectUndo::restore() const
{
    const QString where = QDir::toNativeSeparators(path);
    QFile current(path);
    if (!current.open(QIODevice::ReadOnly))
        return Error(
            ErrorCode::FileAccessFailed,
            tr("Cannot read %1 (%2), so Portico's change to it was not undone.").arg(where, current.errorString()));
    if (digest(current.readAll()) != writtenSha256) {
        const QString backup =
            backupPath.isEmpty() ? tr("Portico created the file, so there is no backup.")
                                 : tr("The file as it was before is in %1.").arg(QDir::toNativeSeparators(backupPath));
        return Error(ErrorCode::ConfigInvalid, tr("%1 changed after Portico wrote it, so Portico does not undo its "
                                                  "change: that would lose the newer one. %2")
                                                   .arg(where, backup));
    }
    current.close();

    if (backupPath.isEmpty()) {
        if (!QFile::remove(path))
            return Error(ErrorCode::FileAccessFailed, tr("Cannot remove %1.").arg(where));
        return Result<void>::success();
    }
    QFile backup(backupPath);
    if (!backup.open(QIODevice::ReadOnly))
        return Error(ErrorCode::FileAccessFailed,
                     tr("Cannot read the backup %1 (%2); %3 was left as it is.")
                         .arg(QDir::toNativeSeparators(backupPath), backup.errorString(), where));
    QSaveFile restored(path);
    if (!restored.open(QIODevice::WriteOnly) || restored.write(backup.readAll()) < 0
        || !restored.setPermissions(backup.permissions()) || !restored.commit())
        return Error(ErrorCode::FileAccessFailed,
                     tr("Cannot write %1 (%2); it was left as it is.").arg(where, restored.errorString()));
    backup.close();
    QFile::remove(backupPath); // the file is the backup again; a leftover copy would only confuse
    return Result<void>::success();
}

QJsonObject ConnectUndo::toJson() const
{
    return {{QStringLiteral("path"), path},
            {QStringLiteral("backup"), backupPath},
            {QStringLiteral("sha256"), QString::fromLatin1(writtenSha256)},
            {QStringLiteral("when"), when.toString(Qt::ISODate)}};
}

std::optional<ConnectUndo> ConnectUndo::fromJson(const QJsonObject &object)
{
    ConnectUndo undo;
    undo.path = object.value(QLatin1StringView("path")).toString();
    undo.backupPath = object.value(QLatin1StringView("backup")).toString();
    undo.writtenSha256 = object.value(QLatin1StringView("sha256")).toString().toLatin1();
    undo.when = QDateTime::fromString(object.value(QLatin1StringView("when")).toString(), Qt::ISODate);
    if (undo.path.isEmpty() || undo.writtenSha256.size() != 64)
        return std::nullopt;
    return undo;
}

} // namespace portico
