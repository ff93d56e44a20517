#pragma once

#include "common/result.h"

#include <QByteArray>
#include <QString>
#include <QStringView>

// The Value Encoding rule of the 2026-07-28 Streamable HTTP transport (streamable-http.mdx §Value Encoding,
// SEP-2243; requirements TRANSPORT-11, TRANSPORT-12): how a value from the JSON-RPC body travels in an `Mcp-Name` or
// `Mcp-Param-{Name}` header.
//
// A value made only of printable ASCII (0x20–0x7E) without leading or trailing space is sent as it is. Any
// other value — non-ASCII, a control character (tab, CR and LF included), a leading or trailing space — and
// any plain value that already looks like the sentinel (starts with `=?base64?` and ends with `?=`) is sent
// as `=?base64?<standard base64 of its UTF-8 bytes>?=`. The markers are lowercase and case-sensitive.
//
// Encoding is what keeps a server-controlled name or a model-controlled argument from injecting header
// lines (requirements TRANSPORT-11): nothing that leaves encode() can contain CR, LF or any other control character.
namespace portico::header_value_encoding {

inline constexpr QLatin1StringView kPrefix{"=?base64?"};
inline constexpr QLatin1StringView kSuffix{"?="};

// True when `value` may be sent as it is (printable ASCII, no outer spaces, not sentinel-shaped).
// The empty string is safe: it travels as an empty header value.
[[nodiscard]] bool isSafePlain(QStringView value);

// The header value for `value`: the value itself when isSafePlain(), its sentinel form otherwise.
[[nodiscard]] QByteArray encode(QStringView value);

// The inverse, for tests and diagnostics (a server decodes; Portico only encodes on the wire). A value in
// the sentinel form is decoded from base64 and UTF-8; any other value is returned as it is. A sentinel
// whose content is not valid base64 or not valid UTF-8 is an error (ErrorCode::MalformedResponse).
[[nodiscard]] Result<QString> decode(const QByteArray &headerValue);

} // namespace portico::header_value_encoding
