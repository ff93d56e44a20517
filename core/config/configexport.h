#pragma once

#include "common/result.h"
#include "config/configformat.h"
#include "config/serverconfig.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QList>
#include <QString>
#include <QStringList>

namespace portico {

// Writes Portico's servers in another host's configuration format (ConfigFormat), with no secrets: it never
// reads the SecretStore. Where a server has a secret (a header value, a client secret), the export uses the
// format's own way of keeping it out of the file, or leaves the field out, and says so in leftOut:
// - VS Code: an "inputs" entry (promptString, password: true) referenced as ${input:id}, which VS Code asks
//   for and keeps in its secret storage (code.visualstudio.com/docs/copilot/reference/mcp-configuration).
// - Cursor: ${env:NAME} (cursor.com/docs/mcp, "Config interpolation"); the person sets NAME.
// - Claude Desktop: an mcp-remote wrapper with --header "Name:${NAME}", which mcp-remote fills from its
//   environment (github.com/geelen/mcp-remote README, "Custom Headers"); the person adds NAME to "env".
// - Zed: left out (Zed's settings have no placeholder; it signs in itself without an Authorization header,
//   zed.dev/docs/ai/mcp).
// Settings a format cannot express (a CA bundle in VS Code, say) are left out and listed too.
// ConfigImport reads every export back to the same servers, less what leftOut lists.
class ConfigExport
{
    Q_DECLARE_TR_FUNCTIONS(ConfigExport)

public:
    struct Output
    {
        QByteArray content;
        QStringList leftOut; // one sentence per thing not exported; never a secret value
    };

    [[nodiscard]] static Output render(const QList<ServerConfig> &servers, ConfigFormat format);

    // render(), written atomically (QSaveFile) to `path`. An existing file is left alone unless `overwrite`
    // (ErrorCode::FileAccessFailed either way, with a message that says which).
    [[nodiscard]] static Result<Output> writeFile(const QList<ServerConfig> &servers, ConfigFormat format,
                                                  const QString &path, bool overwrite);
};

} // namespace portico
