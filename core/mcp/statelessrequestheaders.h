#pragma once

#include "common/result.h"
#include "net/httpmessage.h"

#include <QJsonObject>
#include <QString>

// The HTTP headers of a 2026-07-28 POST besides the ones every transport sends (Transport::postHeaders):
// MCP-Protocol-Version equal to the body's _meta protocolVersion (streamable-http.mdx §Protocol Version
// Header), the standard request headers `Mcp-Method` and `Mcp-Name` (§Standard Request Headers), and the
// extra headers the session computed (Mcp-Param-*, §Custom Headers from Tool Parameters), which may not
// replace the standard ones.
namespace portico::stateless_request_headers {

// Mcp-Method for `method`, and Mcp-Name (params.name on tools/call and prompts/get, params.uri on
// resources/read) encoded per header_value_encoding; or why the message cannot be sent (a method name that
// is not a safe header value, a missing name or uri): InvalidArgument.
[[nodiscard]] Result<HttpHeaders> standard(const QString &method, const QJsonObject &params);

// InvalidArgument when one of `extra` is not a token name with a value free of control characters.
[[nodiscard]] Result<void> checkExtra(const HttpHeaders &extra);

// The headers of one POST: `common` (Transport::postHeaders) with MCP-Protocol-Version taken from `params`'
// _meta when it names one, then `standard`, then those of `extra` that do not replace a standard header.
[[nodiscard]] HttpHeaders compose(HttpHeaders common, const QJsonObject &params, const HttpHeaders &standard,
                                  const HttpHeaders &extra);

} // namespace portico::stateless_request_headers
