#include "config/mcpserversreader.h"

#include "config/jsonc.h"
#include "config/mcpremotereader.h"

#include <cmath>

namespace portico {

McpServersReader::McpServersReader(ConfigFormat format)
    : ConfigFormatReader(format)
{}

RemoteServerSpec McpServersReader::readEntry(const QJsonObject &entry) const
{
    const QJsonValue url = entry.contains(QLatin1StringView("url")) ? entry.value(QLatin1StringView("url"))
                                                                    : entry.value(QLatin1StringView("serverUrl"));
    if (url.isUndefined())
        return entry.contains(QLatin1StringView("command")) ? McpRemoteReader::readCommand(entry)
                                                            : withoutUrlOrCommand();
    if (entry.value(QLatin1StringView("type")).toString() == QLatin1StringView("stdio")) {
        RemoteServerSpec spec = RemoteServerSpec::localServer();
        spec.urlText = url.toString(); // still shown in the preview
        return spec;
    }
    RemoteServerSpec spec;
    spec.urlText = url.toString();
    spec.transport = transportFromType(entry.value(QLatin1StringView("type")));
    spec.readHeaders(entry.value(QLatin1StringView("headers")));
    // Cursor's static OAuth client: "auth": { "CLIENT_ID", "CLIENT_SECRET", "scopes" } (cursor.com/docs/mcp).
    const QJsonObject auth = entry.value(QLatin1StringView("auth")).toObject();
    if (!auth.isEmpty()) {
        spec.readClient(auth, QLatin1StringView("CLIENT_ID"), QLatin1StringView("CLIENT_SECRET"));
        spec.readScopes(auth.value(QLatin1StringView("scopes")));
    }
    // Claude Code: "oauth": { "clientId", "callbackPort", "scopes" } (code.claude.com/docs/en/mcp,
    // "Use pre-configured OAuth credentials", "Use a fixed OAuth callback port").
    const QJsonObject oauth = entry.value(QLatin1StringView("oauth")).toObject();
    if (!oauth.isEmpty()) {
        if (spec.clientId.isEmpty())
            spec.clientId = jsonc::toText(oauth.value(QLatin1StringView("clientId")));
        if (const QJsonValue port = oauth.value(QLatin1StringView("callbackPort")); port.isDouble()) {
            // A number too large for an integer must not reach the conversion (undefined behaviour, found by
            // fuzz_configimport): it becomes -1, which the entry builder refuses like any port out of range.
            const double number = port.toDouble();
            spec.redirectPort = std::isfinite(number) && std::abs(number) < 1e9 ? qint64(number) : qint64(-1);
        }
        if (spec.scopes.isEmpty())
            spec.readScopes(oauth.value(QLatin1StringView("scopes")));
    }
    return spec;
}

} // namespace portico
