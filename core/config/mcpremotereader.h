#pragma once

#include "config/remoteserverspec.h"

#include <QCoreApplication>
#include <QJsonObject>
#include <QLatin1StringView>

namespace portico {

// Servers a host starts as a command. Portico connects to remote servers only, so the one kind it imports
// is mcp-remote (github.com/geelen/mcp-remote), the local proxy hosts without remote support wrap a remote
// server in: `npx -y mcp-remote URL [port] --header ... --transport ... --static-oauth-client-info ...`,
// with NODE_EXTRA_CA_CERTS and HTTP(S)_PROXY from the entry's "env". Every other command is a local
// server, skipped.
class McpRemoteReader
{
    Q_DECLARE_TR_FUNCTIONS(McpRemoteReader)

public:
    // The entry's command under `commandKey` (Zed's older form says "path"), with its "args" and "env".
    [[nodiscard]] static RemoteServerSpec readCommand(const QJsonObject &entry,
                                                      QLatin1StringView commandKey = QLatin1StringView("command"));
};

} // namespace portico
