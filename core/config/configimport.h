#pragma once

#include "common/result.h"
#include "config/configformat.h"
#include "config/importpreview.h"
#include "config/serverconfig.h"

#include <QByteArrayView>
#include <QCoreApplication>
#include <QJsonObject>
#include <QList>
#include <QString>

#include <optional>

namespace portico {

// Reads other MCP hosts' configuration files (ConfigFormat) and moves their remote servers into Portico in
// one step: preview() says what would happen without changing anything; ServerLifecycle::importServers()
// (core/host) then writes the secrets to the SecretStore first and the servers to the registry, and undoes the
// secrets when anything fails, so a failed import leaves both exactly as they were.
//
// The work is shared out: a ConfigFormatReader per format (McpServersReader, VsCodeReader, ZedReader, with
// McpRemoteReader for mcp-remote command lines) reads each entry into a RemoteServerSpec, and
// ImportEntryBuilder turns that into a preview row (PlaceholderResolver resolves ${...} on the way).
//
// Formats, from each host's documentation (the readers cite the details):
// - Claude Desktop claude_desktop_config.json, "mcpServers": local servers are `command` + `args`; remote
//   ones are wrapped in mcp-remote (github.com/geelen/mcp-remote README: URL, port, --header,
//   --transport, --static-oauth-client-info, --static-oauth-client-metadata, --disable-resource-parameter,
//   --enable-proxy, NODE_EXTRA_CA_CERTS), or, as Claude Code writes them (code.claude.com/docs/en/mcp),
//   `type` + `url` + `headers` + `oauth` { clientId, callbackPort, scopes }.
// - VS Code mcp.json (code.visualstudio.com/docs/copilot/reference/mcp-configuration): "servers" with
//   `type` http|sse, `url`, `headers`, "inputs" (promptString, referenced as ${input:id}); `oauth.clientId`
//   for pre-registered clients (microsoft/vscode #257415). JSONC.
// - Cursor mcp.json (cursor.com/docs/mcp): "mcpServers" with `url`, `headers`, `auth` { CLIENT_ID,
//   CLIENT_SECRET, scopes }, ${env:NAME} interpolation.
// - Zed settings.json (zed.dev/docs/ai/mcp): "context_servers" with `url` + `headers`, `oauth` { client_id,
//   client_secret } (zed-industries/zed #52900). JSONC.
class ConfigImport
{
    Q_DECLARE_TR_FUNCTIONS(ConfigImport)

public:
    // Larger files are refused: no MCP configuration comes near it, and it bounds the work on bad input.
    static constexpr qsizetype kMaxFileSize = 4 * 1024 * 1024;

    // The format a parsed file is in, from its top-level keys; nullopt when it is none of them.
    [[nodiscard]] static std::optional<ConfigFormat> detectFormat(const QJsonObject &root);

    // What importing `content` would do next to the `existing` servers. `format` nullopt: detect it.
    // ConfigInvalid (naming the line for malformed JSON) when the file cannot be read as that format.
    [[nodiscard]] static Result<ImportPreview> preview(QByteArrayView content, std::optional<ConfigFormat> format,
                                                       const QList<ServerConfig> &existing);
    [[nodiscard]] static Result<ImportPreview> previewFile(const QString &path, std::optional<ConfigFormat> format,
                                                           const QList<ServerConfig> &existing);

    // Where the hosts keep their files on this computer, for those that exist (newest conventions first).
    struct KnownFile
    {
        ConfigFormat format;
        QString path;
    };
    [[nodiscard]] static QList<KnownFile> knownConfigFiles();
};

} // namespace portico
