#pragma once

#include "common/result.h"
#include "mcp/sseparser.h"

#include <QByteArray>
#include <QJsonObject>

#include <functional>
#include <optional>

namespace portico {

// Reads the JSON-RPC messages out of one HTTP response body, whichever form the server chose:
// application/json (one message, read at the end) or text/event-stream (messages as SSE events, read as
// they arrive) (MCP transports §Sending Messages; requirements TRANSPORT-5, TRANSPORT-7). Bounded: one message may not
// exceed maxMessageBytes (requirements SEC-12). Events whose data is empty (priming events) carry no message.
class MessageReader
{
public:
    enum class Format {
        Json,
        EventStream,
    };
    using MessageHandler = std::function<void(const QJsonObject &message)>;

    // The format for a Content-Type header value; MalformedResponse for anything else.
    [[nodiscard]] static Result<Format> formatFor(const QByteArray &contentType);

    MessageReader(Format format, qsizetype maxMessageBytes = 16 * 1024 * 1024);

    [[nodiscard]] Format format() const { return m_format; }
    // The next bytes of the body; complete messages go to `onMessage` in order.
    Result<void> feed(QByteArrayView bytes, const MessageHandler &onMessage);
    // The body ended: a JSON body is parsed now.
    Result<void> finish(const MessageHandler &onMessage);

    // For event streams: what a reconnection needs (requirements TRANSPORT-27).
    [[nodiscard]] const QByteArray &lastEventId() const { return m_sse.lastEventId(); }
    [[nodiscard]] std::optional<int> retryMilliseconds() const { return m_sse.retryMilliseconds(); }
    // Parses one message text (an SSE event's data, or a JSON body); a JSON array is taken as a batch of
    // messages from servers older than 2025-06-18.
    [[nodiscard]] static Result<void> parseMessages(const QByteArray &text, const MessageHandler &onMessage);

private:
    Format m_format;
    qsizetype m_maxMessageBytes;
    QByteArray m_jsonBody;
    SseParser m_sse;
};

} // namespace portico
