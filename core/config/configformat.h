#pragma once

#include <QList>
#include <QString>
#include <QStringView>

#include <optional>

namespace portico {

// The configuration files of other MCP hosts that Portico imports from and exports to.
enum class ConfigFormat {
    ClaudeDesktop, // claude_desktop_config.json: "mcpServers" (also Claude Code's .mcp.json / ~/.claude.json)
    VsCode,        // VS Code mcp.json: "servers" + "inputs" (or "mcp": { ... } in settings.json)
    Cursor,        // Cursor mcp.json: "mcpServers" with "url", "headers", "auth"
    Zed,           // Zed settings.json: "context_servers"
};

namespace config_format {

// The command-line spelling: "claude", "vscode", "cursor", "zed".
[[nodiscard]] QString id(ConfigFormat format);
[[nodiscard]] std::optional<ConfigFormat> fromId(QStringView id);
// For people: "Claude Desktop", "VS Code", ...
[[nodiscard]] QString displayName(ConfigFormat format);
[[nodiscard]] QList<ConfigFormat> all();
// The top-level key of the object that maps server names to servers: "mcpServers", "servers" or
// "context_servers" (VS Code's settings.json nests "servers" under "mcp"; VsCodeReader reads that too).
[[nodiscard]] QString serversKey(ConfigFormat format);

} // namespace config_format

} // namespace portico
