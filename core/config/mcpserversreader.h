#pragma once

#include "config/configformatreader.h"

namespace portico {

// The "mcpServers" map that Claude Desktop (claude_desktop_config.json), Claude Code (.mcp.json,
// ~/.claude.json) and Cursor (mcp.json) share, and Windsurf's "serverUrl" spelling of it. An entry is a
// command (an mcp-remote wrapper, or a local server) or a remote server: `type` + `url` + `headers`, with
// Claude Code's `oauth` (code.claude.com/docs/en/mcp) or Cursor's `auth` (cursor.com/docs/mcp).
class McpServersReader final : public ConfigFormatReader
{
public:
    // ClaudeDesktop or Cursor: both read the same way, so a Cursor file opened as Claude Desktop still imports.
    explicit McpServersReader(ConfigFormat format);

    [[nodiscard]] RemoteServerSpec readEntry(const QJsonObject &entry) const override;
};

} // namespace portico
