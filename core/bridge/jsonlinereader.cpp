#include "bridge/jsonlinereader.h"

#include "mcp/jsonrpc.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>

namespace portico {

JsonLineReader::JsonLineReader(qsizetype maxLineBytes)
    : m_maxLineBytes(maxLineBytes)
{}

JsonLineReader::Line JsonLineReader::parseLine(QByteArrayView line)
{
    Line parsed;
    QJsonParseError error{};
    const QJsonDocument document = QJsonDocument::fromJson(line.toByteArray(), &error);
    // QJsonDocument reads only objects and arrays at the top; a bare value (42, "x") is still JSON, so not a
    // parse error but no request either.
    const bool bareValue = error.error != QJsonParseError::NoError
                           && QJsonDocument::fromJson(QByteArray('[' + line.toByteArray() + ']')).array().size() == 1;
    if (error.error != QJsonParseError::NoError && !bareValue) {
        parsed.errorCode = jsonrpc::ParseError;
        parsed.errorMessage = QStringLiteral("Parse error: %1 at offset %2").arg(error.errorString()).arg(error.offset);
        return parsed;
    }
    if (!document.isObject()) {
        // Batches (arrays) were removed in MCP 2025-06-18; anything else is no message at all.
        parsed.errorCode = jsonrpc::InvalidRequest;
        parsed.errorMessage = QStringLiteral("Invalid Request: a message is one JSON object");
        return parsed;
    }
    const QJsonObject message = document.object();
    if (jsonrpc::classify(message) == jsonrpc::Kind::Invalid) {
        parsed.errorCode = jsonrpc::InvalidRequest;
        parsed.errorMessage = QStringLiteral("Invalid Request: not a JSON-RPC 2.0 request, notification or response");
        const QJsonValue id = message.value(QStringLiteral("id"));
        if (jsonrpc::isValidId(id))
            parsed.id = id;
        return parsed;
    }
    parsed.message = message;
    return parsed;
}

QList<JsonLineReader::Line> JsonLineReader::append(QByteArrayView bytes)
{
    QList<Line> lines;
    while (!bytes.isEmpty()) {
        const qsizetype newline = bytes.indexOf('\n');
        const QByteArrayView piece = newline < 0 ? bytes : bytes.first(newline);
        bytes = newline < 0 ? QByteArrayView() : bytes.sliced(newline + 1);
        if (!m_discarding) {
            if (m_partial.size() + piece.size() > m_maxLineBytes) {
                m_partial.clear();
                m_discarding = true;
                lines.append(Line{{},
                                  jsonrpc::ParseError,
                                  QStringLiteral("Parse error: a line is longer than %1 bytes").arg(m_maxLineBytes),
                                  QJsonValue::Null});
            } else {
                m_partial.append(piece);
            }
        }
        if (newline < 0)
            break;
        if (m_discarding) {
            m_discarding = false;
            continue;
        }
        QByteArrayView line(m_partial);
        if (line.endsWith('\r'))
            line.chop(1);
        if (!line.trimmed().isEmpty())
            lines.append(parseLine(line));
        m_partial.clear();
    }
    return lines;
}

} // namespace portico
