#pragma once

#include "config/importpreview.h"
#include "config/remoteserverspec.h"
#include "config/serverconfig.h"

#include <QCoreApplication>
#include <QList>
#include <QString>

namespace portico {

// Turns what one entry of another host's file says (RemoteServerSpec) into a preview row, by the rules every
// format shares: placeholders resolved from the entry's "env", the fields mapped to a ServerConfig, secret
// values bound for the keychain, and an entry whose URL is already configured, or came earlier in the same
// file, marked as a duplicate. One builder per file, so it remembers the earlier entries.
class ImportEntryBuilder
{
    Q_DECLARE_TR_FUNCTIONS(ImportEntryBuilder)

public:
    // `existing`: the servers Portico has, which the file's servers are compared with.
    explicit ImportEntryBuilder(QList<ServerConfig> existing);

    // The row for the entry the file calls `name`: Add, Duplicate or Skip, with its reason or notes.
    [[nodiscard]] ImportPreview::Entry build(const QString &name, const RemoteServerSpec &spec);

private:
    // Add, or Duplicate when an existing or earlier server has the same normalized URL.
    ImportPreview::Entry addOrFlagDuplicate(ImportPreview::Entry entry, ServerConfig config);

    struct Accepted
    {
        QString normalizedUrl;
        QString name;
    };

    QList<ServerConfig> m_existing;
    QList<Accepted> m_accepted; // the entries of this file added so far
};

} // namespace portico
