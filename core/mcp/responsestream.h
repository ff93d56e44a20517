#pragma once

#include "common/result.h"
#include "mcp/messagereader.h"

#include <QByteArray>

#include <memory>
#include <optional>

class QObject;

namespace portico {

class HttpExchange;

// One HTTP response of a Streamable HTTP exchange (either era), read as it arrives: a 2xx reply with a body
// gets a MessageReader for its Content-Type, JSON or an SSE stream (MCP transports §Sending Messages;
// requirements TRANSPORT-5, TRANSPORT-7), and each message goes to the handler as soon as it is complete; the body of a
// non-2xx reply is kept, bounded (requirements SEC-12), for the error it explains. A Content-Type that is neither, or
// garbage on the stream, is the failure() of this exchange only: it is aborted, and the transport decides what that
// means for the request.
class ResponseStream
{
public:
    using MessageHandler = MessageReader::MessageHandler;

    // Bytes of an error body kept for the message (the rest is dropped, never buffered).
    static constexpr qsizetype kMaxErrorBodyBytes = 64 * 1024;

    // Reads `exchange`'s response from its headers on; every message goes to `onMessage`. The connections
    // use `context` (the transport), so nothing is read for a transport that is gone or has disconnected
    // from the exchange. The stream outlives the exchange's finished(): hold it where that is handled.
    [[nodiscard]] static std::shared_ptr<ResponseStream> attach(HttpExchange *exchange, QObject *context,
                                                                MessageHandler onMessage);

    // Why the body was not read to its end (the exchange was aborted for it).
    [[nodiscard]] const std::optional<Error> &failure() const { return m_failure; }
    // A non-2xx reply's body, at most kMaxErrorBodyBytes: it may hold a JSON-RPC error.
    [[nodiscard]] const QByteArray &errorBody() const { return m_errorBody; }
    // The reader of a 2xx body; null for a non-2xx reply, 202 Accepted or a 200 without Content-Type.
    [[nodiscard]] const MessageReader *reader() const { return m_reader ? &*m_reader : nullptr; }
    // Messages handled so far (a stream that delivered any was worth its connection).
    [[nodiscard]] int messagesSeen() const { return m_messagesSeen; }

    // The body ended: a JSON body's message is handled now (event streams were handled as they came).
    Result<void> finish();

private:
    explicit ResponseStream(MessageHandler onMessage);

    void onHeadersReceived(HttpExchange *exchange);
    void onDataReceived(HttpExchange *exchange, const QByteArray &chunk);
    void handle(const QJsonObject &message);

    MessageHandler m_onMessage;
    std::optional<MessageReader> m_reader;
    QByteArray m_errorBody;
    std::optional<Error> m_failure;
    int m_messagesSeen = 0;
};

} // namespace portico
