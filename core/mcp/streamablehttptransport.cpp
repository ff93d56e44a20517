#include "mcp/streamablehttptransport.h"

#include "mcp/jsonrpc.h"
#include "mcp/responsestream.h"
#include "net/httpclient.h"

#include <QJsonDocument>
#include <QTimer>

#include <algorithm>

namespace portico {

namespace {

// Standalone stream: reconnect at most this many times in a row without receiving anything (requirements SEC-12).
constexpr int kMaxListenReconnects = 10;

// A session id is visible ASCII, 0x21–0x7E (MCP 2025-11-25 transports §Session Management).
bool isValidSessionId(const QByteArray &id)
{
    return !id.isEmpty() && std::all_of(id.cbegin(), id.cend(), [](char c) { return c >= 0x21 && c <= 0x7e; });
}

// The spec says a server that no longer knows a session answers 404 (requirements TRANSPORT-23). The reference
// TypeScript server (server-everything, the SDK's StreamableHTTPServerTransport) answers a session id it never issued —
// e.g. after a restart — with 400 "Bad Request: No valid session ID provided" instead. Both mean: start again.
bool isUnknownSessionAnswer(const HttpResponse &response, const QByteArray &body)
{
    return response.status == 400 && body.contains("session") && body.contains("\"error\"");
}

} // namespace

struct StreamableHttpTransport::PostContext : PostedMessage
{
    bool carriedSession = false;
};

StreamableHttpTransport::StreamableHttpTransport(HttpClient *http, QUrl endpoint, QObject *parent)
    : Transport(http, std::move(endpoint), parent)
{
    // A request that ran out of time is cancelled on the wire too (requirements TRANSPORT-8).
    connect(&m_pending, &PendingRequests::timedOut, this, [this](qint64 id, const QString &) {
        if (QPointer<HttpExchange> exchange = m_requestExchanges.take(id))
            exchange->abort();
        sendCancelledNotification(id, QStringLiteral("timeout"));
    });
}

StreamableHttpTransport::~StreamableHttpTransport()
{
    // Deleting a running exchange stops it without finished(): nothing calls back into a dying transport.
    m_closed = true;
    const QList<QPointer<HttpExchange>> exchanges = m_requestExchanges.values();
    for (const QPointer<HttpExchange> &exchange : exchanges)
        delete exchange.data();
    delete m_listenStream.data();
}

void StreamableHttpTransport::resetSession()
{
    m_sessionId.clear();
}

HttpHeaders StreamableHttpTransport::sessionHeaders() const
{
    if (m_sessionId.isEmpty())
        return {};
    return {{"Mcp-Session-Id", m_sessionId}};
}

void StreamableHttpTransport::adoptSessionId(const HttpResponse &response)
{
    const QByteArray offered = response.header("Mcp-Session-Id").trimmed();
    if (offered.isEmpty() || !m_sessionId.isEmpty())
        return;
    if (!isValidSessionId(offered)) {
        Q_EMIT transportError(malformed(QStringLiteral("the server's session id is not visible ASCII; ignored")));
        return;
    }
    m_sessionId = offered; // never logged: whoever holds it can act in the session (requirements TRANSPORT-22)
}

std::shared_ptr<ResponseStream> StreamableHttpTransport::attachReader(HttpExchange *exchange)
{
    // Every response may hand out the session id, whatever its status; connected first, so it is adopted
    // before anything of the body is read.
    connect(exchange, &HttpExchange::headersReceived, this,
            [this, exchange]() { adoptSessionId(exchange->response()); });
    return ResponseStream::attach(exchange, this,
                                  [this](const QJsonObject &message) { dispatchIncoming(message, m_pending); });
}

qint64 StreamableHttpTransport::sendRequest(const QString &method, const QJsonObject &params,
                                            const RequestOptions &options, QObject *context, Completion completion)
{
    const qint64 id = m_pending.allocateId();
    m_pending.add(id, method, options.limits, context, std::move(completion));
    if (m_closed) {
        m_pending.fail(id, cancelled());
        return id;
    }
    auto post = std::make_shared<PostContext>();
    post->body = QJsonDocument(jsonrpc::request(id, method, withProgressToken(params, id, options)))
                     .toJson(QJsonDocument::Compact);
    post->requestId = id;
    post->extraHeaders = options.extraHeaders;
    this->post(post);
    return id;
}

void StreamableHttpTransport::sendNotification(const QString &method, const QJsonObject &params,
                                               std::function<void(Result<void>)> done)
{
    auto post = std::make_shared<PostContext>();
    post->body = QJsonDocument(jsonrpc::notification(method, params)).toJson(QJsonDocument::Compact);
    post->accepted = std::move(done);
    this->post(post);
}

void StreamableHttpTransport::sendResponse(const QJsonObject &response)
{
    // Answers to server requests go back as their own POST (requirements TRANSPORT-26).
    auto post = std::make_shared<PostContext>();
    post->body = QJsonDocument(response).toJson(QJsonDocument::Compact);
    this->post(post);
}

void StreamableHttpTransport::post(std::shared_ptr<PostContext> context)
{
    HttpRequest request;
    request.method = "POST";
    request.url = m_endpoint;
    request.headers = postHeaders(m_endpoint);
    request.headers.append(sessionHeaders());
    request.headers.append(context->extraHeaders);
    request.body = context->body;
    request.purpose = QStringLiteral("mcp");
    request.streaming = true;
    context->carriedSession = !m_sessionId.isEmpty();

    HttpExchange *exchange = m_http->open(std::move(request));
    if (context->requestId >= 0)
        m_requestExchanges.insert(context->requestId, exchange);
    const std::shared_ptr<ResponseStream> stream = attachReader(exchange);
    connect(exchange, &HttpExchange::finished, this,
            [this, context, exchange, stream]() { onPostFinished(context, exchange, stream); });
}

void StreamableHttpTransport::onPostFinished(const std::shared_ptr<PostContext> &context, HttpExchange *exchange,
                                             const std::shared_ptr<ResponseStream> &stream)
{
    if (settlePostedExchange(context, exchange, *stream, m_pending, m_requestExchanges,
                             [this, context]() { post(context); }))
        return;
    const qint64 id = context->requestId;
    const auto fail = [this, context](const Error &error) { reportPosted(*context, m_pending, error); };
    const HttpResponse &response = exchange->response();
    if (context->carriedSession && (response.status == 404 || isUnknownSessionAnswer(response, stream->errorBody()))) {
        // The server ended the session: a new one starts with initialize (requirements TRANSPORT-23).
        m_sessionId.clear();
        fail(Error(ErrorCode::SessionExpired, tr("The server ended the session.")).withHttpStatus(404));
        Q_EMIT sessionExpired();
        return;
    }
    if (!response.isSuccess()) {
        // A JSON-RPC error in the body answers the request (e.g. 400 with -32602).
        if (id >= 0
            && MessageReader::parseMessages(stream->errorBody(),
                                            [this](const QJsonObject &message) {
                                                if (jsonrpc::classify(message) == jsonrpc::Kind::Response)
                                                    m_pending.resolve(message);
                                            })
                   .ok()
            && !m_pending.contains(id)) {
            return;
        }
        return fail(statusError(response, stream->errorBody()));
    }
    if (settleReadReply(*context, *stream, m_pending))
        return;
    // The stream ended before the response: resume it where it stopped, after the server's retry delay
    // (requirements TRANSPORT-27, SEP-1699), or give up when it cannot be resumed.
    if (stream->reader() && stream->reader()->format() == MessageReader::Format::EventStream
        && !stream->reader()->lastEventId().isEmpty()) {
        const int retry = stream->reader()->retryMilliseconds().value_or(kDefaultRetryMilliseconds);
        auto backoff = std::make_shared<ReconnectBackoff>();
        const std::chrono::milliseconds delay = backoff->nextDelay(std::chrono::milliseconds(retry));
        resumeStream({id}, stream->reader()->lastEventId(), retry, std::move(backoff), delay);
        return;
    }
    m_pending.fail(id, malformed(QStringLiteral("the response stream ended without the response")));
}

void StreamableHttpTransport::resumeStream(QList<qint64> awaited, QByteArray lastEventId, int retryMilliseconds,
                                           std::shared_ptr<ReconnectBackoff> backoff, std::chrono::milliseconds delay)
{
    // The server's retry delay MUST pass before reconnecting (requirements TRANSPORT-27): `delay` is at least that.
    QTimer::singleShot(delay, this, [this, awaited, lastEventId, retryMilliseconds, backoff]() {
        QList<qint64> stillAwaited;
        for (const qint64 id : awaited) {
            if (m_pending.contains(id))
                stillAwaited.append(id);
        }
        if (m_closed || stillAwaited.isEmpty())
            return;
        HttpRequest request;
        request.url = m_endpoint;
        request.headers = streamHeaders(m_endpoint);
        request.headers.append(sessionHeaders());
        request.headers.append({"Last-Event-ID", lastEventId});
        request.purpose = QStringLiteral("mcp");
        request.streaming = true;
        request.redirectOnlyWithinOrigin = true; // the server's own messages (requirements SEC-2)
        HttpExchange *exchange = m_http->open(std::move(request));
        for (const qint64 id : stillAwaited)
            m_requestExchanges.insert(id, exchange);
        connect(exchange, &HttpExchange::headersReceived, this, [backoff]() { backoff->connected(); });
        const std::shared_ptr<ResponseStream> stream = attachReader(exchange);
        connect(exchange, &HttpExchange::finished, this,
                [this, exchange, stream, stillAwaited, lastEventId, retryMilliseconds, backoff]() {
                    QList<qint64> open;
                    for (const qint64 id : stillAwaited) {
                        if (m_requestExchanges.value(id) == exchange)
                            m_requestExchanges.remove(id);
                        if (m_pending.contains(id))
                            open.append(id);
                    }
                    if (open.isEmpty() || m_closed)
                        return;
                    const bool resumable = !stream->failure() && !exchange->error() && exchange->response().isSuccess()
                                           && stream->reader()
                                           && stream->reader()->format() == MessageReader::Format::EventStream;
                    if (resumable) {
                        const int retry = stream->reader()->retryMilliseconds().value_or(retryMilliseconds);
                        const std::chrono::milliseconds wait = backoff->nextDelay(std::chrono::milliseconds(retry));
                        if (backoff->attempts() <= kMaxResumeAttempts) {
                            const QByteArray nextId = stream->reader()->lastEventId().isEmpty()
                                                          ? lastEventId
                                                          : stream->reader()->lastEventId();
                            resumeStream(open, nextId, retry, backoff, wait);
                            return;
                        }
                    }
                    const Error error =
                        stream->failure()   ? *stream->failure()
                        : exchange->error() ? *exchange->error()
                        : !exchange->response().isSuccess()
                            ? statusError(exchange->response(), stream->errorBody())
                            : malformed(QStringLiteral("the resumed stream ended without the response"));
                    for (const qint64 id : open)
                        m_pending.fail(id, error);
                });
    });
}

void StreamableHttpTransport::openEventStream()
{
    if (m_listening || m_closed)
        return;
    m_listening = true;
    startListening(0);
}

void StreamableHttpTransport::startListening(int emptyStreak)
{
    HttpRequest request;
    request.url = m_endpoint;
    request.headers = streamHeaders(m_endpoint);
    request.headers.append(sessionHeaders());
    request.purpose = QStringLiteral("mcp-stream");
    request.streaming = true;
    // Messages the server sends on its own, server requests included: from its origin only (requirements SEC-2).
    request.redirectOnlyWithinOrigin = true;
    HttpExchange *exchange = m_http->open(std::move(request));
    m_listenStream = exchange;
    connect(exchange, &HttpExchange::headersReceived, this, [this]() { m_listenBackoff.connected(); });
    const std::shared_ptr<ResponseStream> stream = attachReader(exchange);
    connect(exchange, &HttpExchange::finished, this, [this, exchange, stream, emptyStreak]() {
        if (m_listenStream == exchange)
            m_listenStream.clear();
        if (m_closed || !m_listening)
            return;
        const HttpResponse &response = exchange->response();
        // 405 (and, from servers in the field, 404 or 400): no standalone stream is offered
        // (requirements TRANSPORT-25).
        if (!exchange->error() && !stream->failure() && !response.isSuccess()) {
            m_listening = false;
            return;
        }
        // A refused destination or redirect (requirements SEC-1, SEC-2) stays refused: say so, and do not try again.
        if (const std::optional<Error> &error = exchange->error();
            error && (error->code() == ErrorCode::RedirectRejected || error->code() == ErrorCode::UrlRejected)) {
            m_listening = false;
            Q_EMIT transportError(*error);
            return;
        }
        if (stream->failure())
            Q_EMIT transportError(*stream->failure());
        const int failures = stream->messagesSeen() > 0 ? 0 : emptyStreak + 1;
        if (failures > kMaxListenReconnects) {
            m_listening = false;
            Q_EMIT transportError(Error(ErrorCode::NetworkFailure, tr("The server's message stream keeps failing."),
                                        QStringLiteral("gave up after %1 reconnections").arg(failures)));
            return;
        }
        if (stream->reader() && stream->reader()->retryMilliseconds())
            m_listenRetry = stream->reader()->retryMilliseconds();
        // A stream that delivered a message still backs off: only time up resets it (ReconnectBackoff).
        const std::chrono::milliseconds delay =
            m_listenBackoff.nextDelay(std::chrono::milliseconds(m_listenRetry.value_or(kDefaultRetryMilliseconds)));
        QTimer::singleShot(delay, this, [this, failures]() {
            if (m_listening && !m_closed)
                startListening(failures);
        });
    });
}

void StreamableHttpTransport::cancelRequest(qint64 id, const QString &reason)
{
    if (!m_pending.contains(id))
        return;
    m_pending.fail(id, cancelled());
    if (QPointer<HttpExchange> exchange = m_requestExchanges.take(id))
        exchange->abort();
    // Closing a stream is not a cancellation in this era: say it (requirements TRANSPORT-27).
    sendCancelledNotification(id, reason);
}

void StreamableHttpTransport::close()
{
    if (m_closed)
        return;
    m_closed = true;
    m_listening = false;
    if (m_listenStream)
        m_listenStream->abort();
    // abort() finishes an exchange at once, and its handler edits m_requestExchanges: work on a copy.
    const QHash<qint64, QPointer<HttpExchange>> exchanges = std::exchange(m_requestExchanges, {});
    for (const QPointer<HttpExchange> &exchange : exchanges) {
        if (exchange)
            exchange->abort();
    }
    m_pending.failAll(cancelled());
    if (m_sessionId.isEmpty())
        return;
    // Tell the server the session is over; 405 means it keeps sessions to itself (requirements TRANSPORT-24).
    HttpRequest request;
    request.method = "DELETE";
    request.url = m_endpoint;
    request.headers = streamHeaders(m_endpoint);
    request.headers.append(sessionHeaders());
    request.purpose = QStringLiteral("mcp");
    request.totalTimeout = std::chrono::seconds(5);
    m_http->send(std::move(request), m_http, [](const Result<HttpResponse> &) {});
    m_sessionId.clear();
}

} // namespace portico
