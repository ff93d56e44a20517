#pragma once

#include "common/result.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QJsonObject>
#include <QJsonValue>
#include <QString>
#include <QStringList>

// JSON as other MCP hosts write their configuration files. VS Code's mcp.json and settings.json and Zed's
// settings.json are "JSON with comments" (JSONC: // and /* */ comments, trailing commas; VS Code docs
// "JSON editing: JSON with Comments", Zed docs "Configuring Zed"); Claude Desktop and Cursor write plain
// JSON, which JSONC reads unchanged.
namespace portico::jsonc {

enum class Dialect {
    Strict,   // RFC 8259 only
    Tolerant, // RFC 8259 plus comments, trailing commas and a UTF-8 byte order mark
};

// The JSON text of `text` with comments, trailing commas and a byte order mark replaced by spaces. Every
// other byte (newlines included) keeps its offset, so positions in the result are positions in `text`.
// ConfigInvalid for a /* comment that is never closed.
[[nodiscard]] Result<QByteArray> toStrictJson(QByteArrayView text);

// The top-level object of `text`. ConfigInvalid naming the line and column for malformed text, or when
// the top level is not an object.
[[nodiscard]] Result<QJsonObject> parseObject(QByteArrayView text, Dialect dialect);

// A value where the host means text: a string as it is, a number written out (hosts write ports, ids and
// command arguments either way, e.g. "args": ["mcp-remote", "https://...", 8080]); empty for anything else.
[[nodiscard]] QString toText(const QJsonValue &value);
// An array of such values, each through toText(); empty when `value` is not an array.
[[nodiscard]] QStringList toTextList(const QJsonValue &value);

} // namespace portico::jsonc
