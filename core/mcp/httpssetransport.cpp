#include "mcp/httpssetransport.h"

#include "common/redaction.h"
#include "mcp/jsonrpc.h"
#include "mcp/messagereader.h"
#include "net/httpclient.h"
#include "net/urlpolicy.h"

#include <QJsonDocument>

namespace portico {

HttpSseTransport::HttpSseTransport(HttpClient *http, QUrl sseUrl, QObject *parent)
    : Transport(http, std::move(sseUrl), parent)
{
    // This era has no way to cancel on the wire but notifications/cancelled (2024-11-05 cancellation).
    connect(&m_pending, &PendingRequests::timedOut, this,
            [this](qint64 id, const QString &) { sendCancelledNotification(id, QStringLiteral("timeout")); });
}

HttpSseTransport::~HttpSseTransport()
{
    // Deleting a running exchange stops it without finished(): nothing calls back into a dying transport.
    m_closed = true;
    delete m_stream.data();
}

void HttpSseTransport::open(QObject *context, std::function<void(Result<void>)> done)
{
    QPointer<QObject> guard(context);
    auto deliver = [guard, done = std::move(done)](Result<void> result) {
        if (guard)
            done(std::move(result));
    };
    if (m_postUrl.isValid() && m_stream) {
        QMetaObject::invokeMethod(
            this, [deliver]() { deliver(Result<void>::success()); }, Qt::QueuedConnection);
        return;
    }
    m_openWaiters.append(std::move(deliver));
    startStream();
}

void HttpSseTransport::startStream()
{
    if (m_stream || m_closed)
        return;
    m_postUrl = QUrl();
    m_streamFailure.reset();
    m_parser = SseParser();
    HttpRequest request;
    request.url = m_endpoint;
    request.headers = streamHeaders(m_endpoint);
    request.purpose = QStringLiteral("mcp-stream");
    request.streaming = true;
    HttpExchange *exchange = m_http->open(std::move(request));
    m_stream = exchange;
    auto errorBody = std::make_shared<QByteArray>();
    connect(exchange, &HttpExchange::headersReceived, this, [this, exchange]() {
        const HttpResponse &response = exchange->response();
        if (!response.isSuccess())
            return;
        Result<MessageReader::Format> format = MessageReader::formatFor(response.header("Content-Type"));
        if (!format.ok() || format.value() != MessageReader::Format::EventStream) {
            m_streamFailure = malformed(QStringLiteral("the SSE endpoint did not answer with text/event-stream"));
            exchange->abort();
        }
    });
    connect(exchange, &HttpExchange::dataReceived, this, [this, exchange, errorBody](const QByteArray &chunk) {
        if (!exchange->response().isSuccess()) {
            errorBody->append(chunk.left(4096 - errorBody->size()));
            return;
        }
        if (m_streamFailure)
            return;
        Result<void> fed = m_parser.feed(chunk, [this](SseEvent &&event) { onEvent(std::move(event)); });
        if (!fed.ok()) {
            m_streamFailure = fed.error();
            exchange->abort();
        }
    });
    connect(exchange, &HttpExchange::finished, this, [this, exchange, errorBody]() {
        if (m_stream == exchange)
            m_stream.clear();
        std::optional<Error> failure = m_streamFailure;
        if (!failure && exchange->error())
            failure = *exchange->error();
        const HttpResponse &response = exchange->response();
        if (!failure && !response.isSuccess())
            failure = statusError(response, *errorBody);
        onStreamEnded(failure);
    });
}

void HttpSseTransport::onEvent(SseEvent &&event)
{
    if (event.type == "endpoint") {
        // The URI to POST to, resolved against the stream's URL, same origin only (requirements TRANSPORT-28, SEC-1).
        const QUrl target = m_endpoint.resolved(QUrl(QString::fromUtf8(event.data.trimmed()), QUrl::StrictMode));
        if (!target.isValid() || !url_policy::isSameOrigin(target, m_endpoint) || !url_policy::check(target).ok()) {
            m_streamFailure = malformed(QStringLiteral("the endpoint event names %1, not on the stream's origin")
                                            .arg(redaction::redactUrl(target)));
            if (m_stream)
                m_stream->abort();
            return;
        }
        m_postUrl = target;
        const auto waiters = std::exchange(m_openWaiters, {});
        for (const auto &waiter : waiters)
            waiter(Result<void>::success());
        flushQueue(std::nullopt);
        return;
    }
    if (event.type != "message" || event.data.isEmpty())
        return;
    Result<void> parsed = MessageReader::parseMessages(
        event.data, [this](const QJsonObject &message) { dispatchIncoming(message, m_pending); });
    if (!parsed.ok())
        Q_EMIT transportError(parsed.error());
}

void HttpSseTransport::onStreamEnded(const std::optional<Error> &failure)
{
    const Error error = failure.value_or(
        Error(ErrorCode::NetworkFailure, tr("The server closed its event stream."), QStringLiteral("stream ended")));
    const bool hadEndpoint = m_postUrl.isValid();
    m_postUrl = QUrl();
    const auto waiters = std::exchange(m_openWaiters, {});
    for (const auto &waiter : waiters)
        waiter(error);
    flushQueue(error);
    if (m_closed)
        return;
    // Responses could only have come on that stream: whatever is pending is lost.
    m_pending.failAll(error);
    if (hadEndpoint) {
        Q_EMIT transportError(error);
        Q_EMIT sessionExpired();
    }
}

void HttpSseTransport::flushQueue(const std::optional<Error> &failure)
{
    const auto queue = std::exchange(m_queue, {});
    for (const auto &[body, accepted] : queue) {
        if (failure) {
            if (accepted)
                accepted(*failure);
        } else {
            postMessage(body, accepted);
        }
    }
}

void HttpSseTransport::postMessage(QByteArray body, std::function<void(Result<void>)> accepted)
{
    if (!m_postUrl.isValid()) {
        m_queue.append({std::move(body), std::move(accepted)});
        startStream();
        return;
    }
    HttpRequest request;
    request.method = "POST";
    request.url = m_postUrl;
    request.headers = postHeaders(m_postUrl);
    request.body = std::move(body);
    request.purpose = QStringLiteral("mcp");
    m_http->send(std::move(request), this, [this, accepted](Result<HttpResponse> result) {
        Result<void> outcome = Result<void>::success();
        if (!result.ok())
            outcome = result.error();
        else if (!result.value().isSuccess())
            outcome = statusError(result.value(), result.value().body);
        if (accepted)
            accepted(outcome);
        else if (!outcome.ok())
            Q_EMIT transportError(outcome.error());
    });
}

qint64 HttpSseTransport::sendRequest(const QString &method, const QJsonObject &params, const RequestOptions &options,
                                     QObject *context, Completion completion)
{
    const qint64 id = m_pending.allocateId();
    m_pending.add(id, method, options.limits, context, std::move(completion));
    if (m_closed) {
        m_pending.fail(id, Error(ErrorCode::Cancelled, tr("The connection is closed.")));
        return id;
    }
    // The POST only delivers the request (202); its response comes on the event stream.
    postMessage(QJsonDocument(jsonrpc::request(id, method, withProgressToken(params, id, options)))
                    .toJson(QJsonDocument::Compact),
                [this, id](Result<void> accepted) {
                    if (!accepted.ok())
                        m_pending.fail(id, accepted.error());
                });
    return id;
}

void HttpSseTransport::sendNotification(const QString &method, const QJsonObject &params,
                                        std::function<void(Result<void>)> done)
{
    postMessage(QJsonDocument(jsonrpc::notification(method, params)).toJson(QJsonDocument::Compact), std::move(done));
}

void HttpSseTransport::sendResponse(const QJsonObject &response)
{
    postMessage(QJsonDocument(response).toJson(QJsonDocument::Compact), {});
}

void HttpSseTransport::cancelRequest(qint64 id, const QString &reason)
{
    if (!m_pending.contains(id))
        return;
    m_pending.fail(id, cancelled());
    sendCancelledNotification(id, reason);
}

void HttpSseTransport::close()
{
    if (m_closed)
        return;
    m_closed = true;
    const Error cancelled(ErrorCode::Cancelled, tr("The connection is closed."));
    m_pending.failAll(cancelled);
    flushQueue(cancelled);
    if (m_stream)
        m_stream->abort();
}

} // namespace portico
