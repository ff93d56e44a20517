#pragma once

#include "config/configformat.h"

#include <QJsonValue>
#include <QList>
#include <QString>
#include <QStringView>

#include <optional>
#include <utility>

namespace portico {

// The MCP hosts Portico can add a bridge entry to (`portico --connect-app`, "Use in other apps…"): the app's
// own configuration file on this computer and the shape of a stdio server entry in it. The file formats are
// the ones ConfigImport reads (ConfigFormat); Claude Code shares Claude Desktop's "mcpServers" but keeps it
// in its own file and writes a "type".
enum class ConnectApp {
    ClaudeDesktop, // ~/.config/Claude/claude_desktop_config.json (modelcontextprotocol.io, "Connect to local MCP
                   // servers")
    ClaudeCode,    // ~/.claude.json, user scope (code.claude.com/docs/en/mcp, "MCP installation scopes")
    Cursor,        // ~/.cursor/mcp.json, global (cursor.com/docs/mcp, "Configuration locations")
    VsCode,        // ~/.config/Code/User/mcp.json (code.visualstudio.com/docs/copilot/reference/mcp-configuration)
    Zed,           // ~/.config/zed/settings.json (zed.dev/docs/ai/mcp, "As Custom Servers")
};

namespace connect_app {

// One member of a server entry, in the order Portico writes them.
using EntryMembers = QList<std::pair<QString, QJsonValue>>;

// The command-line spelling: "claude", "claude-code", "cursor", "vscode", "zed".
[[nodiscard]] QString id(ConnectApp app);
[[nodiscard]] std::optional<ConnectApp> fromId(QStringView id);
[[nodiscard]] QList<ConnectApp> all();
// "claude|claude-code|cursor|vscode|zed", for help and errors.
[[nodiscard]] QString idList();
// For people: "Claude Desktop", "Claude Code", ...
[[nodiscard]] QString displayName(ConnectApp app);
// The format of the app's file, for its ConfigFormatReader.
[[nodiscard]] ConfigFormat format(ConnectApp app);
// Where the app keeps its user-wide MCP servers on this computer (whether or not the file exists yet).
[[nodiscard]] QString defaultFilePath(ConnectApp app);
// The absolute path an app should start: the AppImage when Portico runs from one (its mount point changes at
// every start), else this executable.
[[nodiscard]] QString executablePath();
// The stdio server entry that starts `command bridge serverId`, as this app spells it.
[[nodiscard]] EntryMembers bridgeEntry(ConnectApp app, const QString &command, const QString &serverId);

} // namespace connect_app

} // namespace portico
