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
    m_reconnectTimer.setSingleShot(true);
    connect(&m_reconnectTimer, &QTimer::timeout, this, &HttpSseTransport::connectStream);
}

HttpSseTransport::~HttpSseTransport()
{
    // Deleting a running exchange stops it without finished(): nothing calls back into a dying transport.
    m_closed = true;
    delete m_stream.data();
}

void HttpSseTransport::open(QObject *context, std::function<void(Result<void>)> done)
{
    m_openWaiters.append({context, std::move(done)});
    if (m_postUrl.isValid() && m_stream) {
        settleOpenWaiters(Result<void>::success());
        return;
    }
    startStream();
}

void HttpSseTransport::settleOpenWaiters(const Result<void> &outcome)
{
    // Queued (Transport::open: "later"): a waiter may start the session, close or delete the transport, none of
    // which may happen while the stream's bytes are being handled.
    const QList<OpenWaiter> waiters = std::exchange(m_openWaiters, {});
    for (const OpenWaiter &waiter : waiters) {
        if (waiter.context) {
            QMetaObject::invokeMethod(
                waiter.context.data(), [done = waiter.done, outcome]() { done(outcome); }, Qt::QueuedConnection);
        }
    }
}

void HttpSseTransport::startStream()
{
    if (m_stream || m_closed || m_reconnectTimer.isActive())
        return;
    // A stream ended before: the next one waits for what is left of the backoff's delay (requirements SEC-15).
    const qint64 waited = m_sinceStreamEnded.isValid() ? m_sinceStreamEnded.elapsed() : m_reconnectDelay.count();
    if (waited < m_reconnectDelay.count()) {
        m_reconnectTimer.start(std::chrono::milliseconds(m_reconnectDelay.count() - waited));
        return;
    }
    connectStream();
}

void HttpSseTransport::connectStream()
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
    // The stream speaks for the server the person chose: a 307/308 to another origin is refused (requirements SEC-2).
    request.redirectOnlyWithinOrigin = true;
    HttpExchange *exchange = m_http->open(std::move(request));
    m_stream = exchange;
    auto errorBody = std::make_shared<QByteArray>();
    connect(exchange, &HttpExchange::headersReceived, this, [this, exchange]() {
        const HttpResponse &response = exchange->response();
        if (!response.isSuccess())
            return;
        m_backoff.connected();
        Result<MessageReader::Format> format = MessageReader::formatFor(response.header("Content-Type"));
        if (!format.ok() || format.value() != MessageReader::Format::EventStream) {
            m_streamFailure = malformed(QStringLiteral("the SSE endpoint did not answer with text/event-stream"));
            exchange->abort(); // last: the handlers of finished() may delete the transport
        }
    });
    connect(exchange, &HttpExchange::dataReceived, this, [this, exchange, errorBody](const QByteArray &chunk) {
        if (!exchange->response().isSuccess()) {
            errorBody->append(chunk.left(4096 - errorBody->size()));
            return;
        }
        onStreamData(exchange, chunk);
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

void HttpSseTransport::onStreamData(HttpExchange *exchange, const QByteArray &chunk)
{
    if (m_streamFailure)
        return;
    // The parser only collects; the events are handled once it is done with the chunk. Handling one may reset the
    // parser (a new stream), close or delete the transport, which SseParser::feed's callback must never do.
    QList<SseEvent> events;
    const Result<void> fed = m_parser.feed(chunk, [&events](SseEvent &&event) { events.append(std::move(event)); });
    if (m_parser.retryMilliseconds())
        m_retryMilliseconds = m_parser.retryMilliseconds();
    const QPointer<HttpSseTransport> self(this);
    for (SseEvent &event : events) {
        onEvent(std::move(event));
        if (!self || m_stream != exchange)
            return; // deleted, or closed (the stream is over)
        if (m_streamFailure)
            break; // a refused endpoint: what follows it on this stream is not read
    }
    if (!fed.ok() && !m_streamFailure)
        m_streamFailure = fed.error();
    if (m_streamFailure)
        exchange->abort(); // last: the handlers of finished() may delete the transport
}

Result<QUrl> HttpSseTransport::acceptEndpoint(const QByteArray &data) const
{
    // The URI to POST to, resolved against the stream's URL (MCP 2024-11-05 transports, "HTTP with SSE").
    const QUrl named(QString::fromUtf8(data.trimmed()), QUrl::StrictMode);
    const QUrl target = m_endpoint.resolved(named);
    const int defaultPort = m_endpoint.scheme() == QLatin1String("https") ? 443 : 80; // the schemes URLs here have
    QString reason;
    if (!named.isValid() || !target.isValid())
        reason = QStringLiteral("not a valid URL");
    else if (target.scheme().compare(m_endpoint.scheme(), Qt::CaseInsensitive) != 0)
        reason = QStringLiteral("another scheme (%1 instead of %2)").arg(target.scheme(), m_endpoint.scheme());
    else if (target.host(QUrl::FullyEncoded).compare(m_endpoint.host(QUrl::FullyEncoded), Qt::CaseInsensitive) != 0)
        reason = QStringLiteral("another host (%1 instead of %2)").arg(target.host(), m_endpoint.host());
    else if (!url_policy::isSameOrigin(target, m_endpoint))
        reason = QStringLiteral("another port (%1 instead of %2)")
                     .arg(target.port(defaultPort))
                     .arg(m_endpoint.port(defaultPort));
    else if (const Result<void> allowed = url_policy::check(target); !allowed.ok())
        reason = allowed.error().message();
    if (reason.isEmpty())
        return target;
    // Same origin only, as the reference SDK requires (requirements TRANSPORT-28, SEC-1): messages, and the
    // credentials on them, go nowhere but to the server the person chose.
    const QString shown = named.isValid() ? redaction::redactUrl(target) : QStringLiteral("an invalid URL");
    return Error(ErrorCode::UrlRejected,
                 tr("The server asked Portico to send its messages to %1, on %2; Portico sends them only to the "
                    "server's own origin.")
                     .arg(shown, reason),
                 QStringLiteral("endpoint event refused: %1 is not on the origin of %2 (%3)")
                     .arg(shown, redaction::redactUrl(m_endpoint), reason));
}

void HttpSseTransport::onEvent(SseEvent &&event)
{
    if (event.type == "endpoint") {
        Result<QUrl> target = acceptEndpoint(event.data);
        if (!target.ok()) {
            m_streamFailure = target.error(); // ends the stream once its events are handled (onStreamData)
            return;
        }
        m_postUrl = std::move(target).value();
        settleOpenWaiters(Result<void>::success());
        flushQueue(std::nullopt);
        return;
    }
    if (event.type != "message" || event.data.isEmpty())
        return;
    const QPointer<HttpSseTransport> self(this);
    Result<void> parsed = MessageReader::parseMessages(event.data, [this, self](const QJsonObject &message) {
        if (self && !m_closed)
            dispatchIncoming(message, m_pending);
    });
    if (self && !parsed.ok())
        Q_EMIT transportError(parsed.error());
}

void HttpSseTransport::onStreamEnded(const std::optional<Error> &failure)
{
    // The next stream waits (requirements SEC-15); decided now, while the time this one stayed up is known.
    m_reconnectDelay = m_backoff.nextDelay(std::chrono::milliseconds(m_retryMilliseconds.value_or(0)));
    m_sinceStreamEnded.start();

    const Error error = failure.value_or(
        Error(ErrorCode::NetworkFailure, tr("The server closed its event stream."), QStringLiteral("stream ended")));
    const bool hadEndpoint = m_postUrl.isValid();
    m_postUrl = QUrl();
    settleOpenWaiters(error);
    if (!flushQueue(error) || m_closed)
        return;
    // Responses could only have come on that stream: whatever is pending is lost.
    m_pending.failAll(error);
    if (hadEndpoint) {
        const QPointer<HttpSseTransport> self(this);
        Q_EMIT transportError(error);
        if (self)
            Q_EMIT sessionExpired();
    }
}

bool HttpSseTransport::flushQueue(const std::optional<Error> &failure)
{
    const QPointer<HttpSseTransport> self(this);
    const auto queue = std::exchange(m_queue, {});
    for (const auto &[body, accepted] : queue) {
        if (!failure) {
            postMessage(body, accepted);
        } else if (accepted) {
            accepted(*failure);
            if (!self)
                return false;
        }
    }
    return true;
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
    m_reconnectTimer.stop();
    const Error cancelled(ErrorCode::Cancelled, tr("The connection is closed."));
    m_pending.failAll(cancelled);
    if (!flushQueue(cancelled))
        return; // a callback deleted the transport, and its stream with it
    if (m_stream)
        m_stream->abort();
}

} // namespace portico
