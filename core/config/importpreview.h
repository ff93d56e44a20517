#pragma once

#include "config/configformat.h"
#include "config/serverconfig.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace portico {

// What importing a file would do, entry by entry, before anything is changed: the servers to add (already
// mapped to ServerConfig), the ones already configured (same normalized URL) and the ones skipped, each with
// its reason. ServerLifecycle::importServers() (core/host) carries out the "add" rows.
class ImportPreview
{
    Q_DECLARE_TR_FUNCTIONS(ImportPreview)

public:
    // A secret found in the file (a header value, a client secret), bound for the SecretStore. Never print
    // `value`; it is held only until apply() has written it.
    struct PendingSecret
    {
        QString key;
        QByteArray value;
    };

    struct Entry
    {
        enum class Action {
            Add,
            Duplicate,
            Skip,
        };

        Action action = Action::Skip;
        QString name;      // as the file names it
        QString urlText;   // as the file spells it (empty for local servers); may hold placeholders
        QString reason;    // for Duplicate and Skip: one sentence
        QStringList notes; // for Add: what the import did (secrets to the keychain, options not carried over)
        std::optional<ServerConfig> config; // Add and Duplicate
        QList<PendingSecret> secrets;       // Add only
    };

    ConfigFormat format = ConfigFormat::ClaudeDesktop;
    QString sourcePath; // empty when imported from memory
    QList<Entry> entries;

    [[nodiscard]] qsizetype count(Entry::Action action) const;
    [[nodiscard]] QList<ServerConfig> configsToAdd() const;
    [[nodiscard]] QList<PendingSecret> secretsToStore() const;
    // "add", "already configured", "skipped": the short word for a preview's "what happens" column.
    [[nodiscard]] static QString actionText(Entry::Action action);
    // The "what happens" text of one row: the action, then the reason or the notes.
    [[nodiscard]] static QString describe(const Entry &entry);
};

} // namespace portico
