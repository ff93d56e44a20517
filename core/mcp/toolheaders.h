#pragma once

#include "common/result.h"
#include "net/httpmessage.h"

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

// `x-mcp-header`: tool parameters a 2026-07-28 server asks to see mirrored into `Mcp-Param-{Name}` HTTP
// headers (streamable-http.mdx §Custom Headers from Tool Parameters, server/tools.mdx §x-mcp-header,
// SEP-2243; requirements TRANSPORT-12).
//
// Two jobs, both pure functions over the tool objects exactly as tools/list returned them:
// - screen(): a client on Streamable HTTP MUST exclude from the tool list every tool whose annotations break
//   the constraints, and SHOULD log a warning naming the tool and the reason. The constraints: the value is a
//   non-empty string, an RFC 9110 token (`1*tchar`) without control characters, unique case-insensitively in
//   the inputSchema, on a parameter of primitive type (string, integer, boolean; never number), reachable from
//   the schema root through `properties` keys alone (an annotation under items, allOf/anyOf/oneOf/not,
//   if/then/else, $defs, … or on the root itself makes the tool invalid).
// - paramHeaders(): the headers of one tools/call: the value at each annotated property path of the
//   arguments — strings as they are, integers in decimal, booleans as `true`/`false` — encoded per
//   header_value_encoding; a null or absent value sends no header.
namespace portico::tool_headers {

// One mirrored parameter of a tool.
struct Binding
{
    QStringList path;   // the chain of `properties` keys from the schema root, e.g. {"options", "limit"}
    QString annotation; // the x-mcp-header value, e.g. "Limit"

    [[nodiscard]] QByteArray headerName() const; // "Mcp-Param-Limit"
    friend bool operator==(const Binding &, const Binding &) = default;
};

struct ExcludedTool
{
    QString name;   // the tool's name as the server sent it
    QString reason; // why, in one sentence (no secrets: schemas are not secret)
    QJsonObject tool;

    // The warning to log or show ("Tool “x” is not offered: …"), with the name made printable.
    [[nodiscard]] QString warning() const;
};

struct Screening
{
    QList<QJsonObject> usable;    // in the server's order
    QList<ExcludedTool> excluded; // in the server's order
};

// Bounds for hostile schemas (requirements FEATURE-7, SEC-12): deeper nesting or more subschemas than this is refused
// rather than walked.
inline constexpr int kMaxSchemaDepth = 64;
inline constexpr int kMaxSchemaNodes = 10'000;

// The tool's mirrored parameters, or why its annotations are invalid (ErrorCode::MalformedResponse; the
// detail is the reason). A tool without inputSchema, or without annotations, has none.
[[nodiscard]] Result<QList<Binding>> bindings(const QJsonObject &tool);

// Splits a tools/list result into the tools Portico may offer and those it must leave out (requirements TRANSPORT-12).
[[nodiscard]] Screening screen(const QList<QJsonObject> &tools);

// The Mcp-Param-* headers of a tools/call of `tool` with `arguments`. Fails (ErrorCode::InvalidArgument:
// nothing is sent) when the tool's annotations are invalid, or when an annotated argument holds something
// that has no header form: a fraction, an integer outside ±(2^53−1), an object or an array.
[[nodiscard]] Result<HttpHeaders> paramHeaders(const QJsonObject &tool, const QJsonObject &arguments);

} // namespace portico::tool_headers
