#include "mcp/messagereader.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>

namespace portico {

namespace {

Error malformed(const QString &detail)
{
    return Error(ErrorCode::MalformedResponse,
                 QCoreApplication::translate("MessageReader", "The server sent a message Portico cannot read."),
                 detail);
}

} // namespace

Result<MessageReader::Format> MessageReader::formatFor(const QByteArray &contentType)
{
    // Media types compare case-insensitively and may carry parameters such as charset (RFC 9110 §8.3.1).
    const QByteArray mediaType = contentType.split(';').constFirst().trimmed().toLower();
    if (mediaType == "application/json")
        return Format::Json;
    if (mediaType == "text/event-stream")
        return Format::EventStream;
    return malformed(QStringLiteral("unexpected Content-Type '%1' (expected application/json or text/event-stream)")
                         .arg(QString::fromLatin1(contentType.left(100))));
}

MessageReader::MessageReader(Format format, qsizetype maxMessageBytes)
    : m_format(format)
    , m_maxMessageBytes(maxMessageBytes)
    , m_sse(maxMessageBytes)
{}

Result<void> MessageReader::parseMessages(const QByteArray &text, const MessageHandler &onMessage)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(text, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        return malformed(
            QStringLiteral("invalid JSON at offset %1: %2").arg(parseError.offset).arg(parseError.errorString()));
    }
    if (document.isObject()) {
        onMessage(document.object());
        return Result<void>::success();
    }
    const QJsonArray batch = document.array();
    for (const QJsonValue &message : batch) {
        if (!message.isObject())
            return malformed(QStringLiteral("a batch element is not a JSON object"));
        onMessage(message.toObject());
    }
    return Result<void>::success();
}

Result<void> MessageReader::feed(QByteArrayView bytes, const MessageHandler &onMessage)
{
    if (m_format == Format::Json) {
        if (m_jsonBody.size() + bytes.size() > m_maxMessageBytes)
            return malformed(QStringLiteral("message larger than %1 bytes").arg(m_maxMessageBytes));
        m_jsonBody.append(bytes);
        return Result<void>::success();
    }
    std::optional<Error> failure;
    Result<void> parsed = m_sse.feed(bytes, [&](SseEvent &&event) {
        // Only `message` events carry JSON-RPC (MCP transports: the server sends them as SSE data). An
        // empty data field (a priming event for resumption) carries nothing.
        if (failure || event.data.isEmpty() || event.type != "message")
            return;
        Result<void> result = parseMessages(event.data, onMessage);
        if (!result.ok())
            failure = result.error();
    });
    if (!parsed.ok())
        return parsed;
    if (failure)
        return *failure;
    return Result<void>::success();
}

Result<void> MessageReader::finish(const MessageHandler &onMessage)
{
    if (m_format == Format::EventStream)
        return Result<void>::success();
    if (m_jsonBody.trimmed().isEmpty())
        return malformed(QStringLiteral("empty application/json body"));
    return parseMessages(m_jsonBody, onMessage);
}

} // namespace portico
