#include "mcp/responsestream.h"

#include "net/httpexchange.h"

#include <QObject>

namespace portico {

ResponseStream::ResponseStream(MessageHandler onMessage)
    : m_onMessage(std::move(onMessage))
{}

std::shared_ptr<ResponseStream> ResponseStream::attach(HttpExchange *exchange, QObject *context,
                                                       MessageHandler onMessage)
{
    // Not make_shared: the constructor is private, so a stream exists only attached to an exchange.
    std::shared_ptr<ResponseStream> stream(new ResponseStream(std::move(onMessage)));
    QObject::connect(exchange, &HttpExchange::headersReceived, context,
                     [exchange, stream]() { stream->onHeadersReceived(exchange); });
    QObject::connect(exchange, &HttpExchange::dataReceived, context,
                     [exchange, stream](const QByteArray &chunk) { stream->onDataReceived(exchange, chunk); });
    return stream;
}

void ResponseStream::onHeadersReceived(HttpExchange *exchange)
{
    const HttpResponse &response = exchange->response();
    if (!response.isSuccess() || response.status == 202)
        return;
    const QByteArray contentType = response.header("Content-Type");
    // A body-less 200: some servers answer notifications so; a request then ends without its response, which
    // the transport reports when the exchange finishes.
    if (contentType.isEmpty())
        return;
    Result<MessageReader::Format> format = MessageReader::formatFor(contentType);
    if (!format.ok()) {
        m_failure = format.error();
        exchange->abort();
        return;
    }
    m_reader.emplace(format.value());
}

void ResponseStream::onDataReceived(HttpExchange *exchange, const QByteArray &chunk)
{
    if (m_failure)
        return;
    if (!m_reader) {
        if (!exchange->response().isSuccess())
            m_errorBody.append(chunk.left(kMaxErrorBodyBytes - m_errorBody.size()));
        return;
    }
    Result<void> fed = m_reader->feed(chunk, [this](const QJsonObject &message) { handle(message); });
    if (!fed.ok()) {
        // Garbage on one stream ends that stream only (the "malformed input" rule).
        m_failure = fed.error();
        exchange->abort();
    }
}

Result<void> ResponseStream::finish()
{
    if (!m_reader)
        return Result<void>::success();
    return m_reader->finish([this](const QJsonObject &message) { handle(message); });
}

void ResponseStream::handle(const QJsonObject &message)
{
    ++m_messagesSeen;
    m_onMessage(message);
}

} // namespace portico
