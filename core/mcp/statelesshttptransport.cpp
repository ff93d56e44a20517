#include "mcp/statelesshttptransport.h"

#include "common/redaction.h"
#include "mcp/jsonrpc.h"
#include "mcp/responsestream.h"
#include "mcp/statelessrequestheaders.h"
#include "net/httpclient.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>
#include <QTimer>

#include <algorithm>
#include <utility>

namespace portico {

namespace {

const QString kMetaKey = QStringLiteral("_meta");
const QString kProtocolVersionKey = QStringLiteral("io.modelcontextprotocol/protocolVersion");
const QString kClientCapabilitiesKey = QStringLiteral("io.modelcontextprotocol/clientCapabilities");
const QString kSubscriptionIdKey = QStringLiteral("io.modelcontextprotocol/subscriptionId");
const QLatin1StringView kListenMethod{"subscriptions/listen"};
const QLatin1StringView kAcknowledgedMethod{"notifications/subscriptions/acknowledged"};
const QLatin1StringView kCancelledMethod{"notifications/cancelled"};

// A JSON-RPC error response in `message`, for the request `id`: its own id, or none/null (the server could
// not read ours; the POST carried only this request, so the error can only be about it).
bool isErrorFor(const QJsonObject &message, qint64 id)
{
    if (!message.value(QStringLiteral("error")).isObject() || message.contains(QStringLiteral("result")))
        return false;
    const QJsonValue messageId = message.value(QStringLiteral("id"));
    if (messageId.isUndefined() || messageId.isNull())
        return true;
    return messageId.isDouble() && jsonrpc::isValidId(messageId) && messageId.toInteger() == id;
}

bool isOwnId(const QJsonValue &value, qint64 id)
{
    return value.isDouble() && jsonrpc::isValidId(value) && value.toInteger() == id;
}

QString describeRpcError(const QJsonObject &error)
{
    return QStringLiteral("JSON-RPC error %1: %2")
        .arg(error.value(QStringLiteral("code")).toInt())
        .arg(redaction::redactText(error.value(QStringLiteral("message")).toString().left(300)));
}

// What the server left out of the requested filter (subscriptions.mdx §Acknowledgment: the acknowledged
// filter is the subset the server agreed to honour): boolean types by name, resource URIs by URI.
QStringList refusedParts(const QJsonObject &requested, const QJsonObject &acknowledged)
{
    QStringList refused;
    for (auto it = requested.constBegin(); it != requested.constEnd(); ++it) {
        const QJsonValue granted = acknowledged.value(it.key());
        if (it.value().isBool()) {
            if (it.value().toBool() && !granted.toBool())
                refused.append(it.key());
        } else if (it.value().isArray()) {
            const QJsonArray grantedItems = granted.toArray();
            for (const QJsonValue &item : it.value().toArray()) {
                if (!grantedItems.contains(item))
                    refused.append(item.isString() ? item.toString() : it.key());
            }
        }
    }
    return refused;
}

} // namespace

struct StatelessHttpTransport::PostContext : PostedMessage
{
    QJsonObject params; // for the MCP-Protocol-Version header (requirements TRANSPORT-6)
    HttpHeaders standardHeaders;
};

struct StatelessHttpTransport::Subscription
{
    QJsonObject filter;
    QJsonObject meta;
    qint64 requestId = -1; // the listen request of the current connection
    QPointer<HttpExchange> exchange;
    bool acknowledged = false; // on the current connection
    int failures = 0;          // consecutive connections that dropped before their acknowledgement
    int authorizationAttempts = 0;
};

StatelessHttpTransport::StatelessHttpTransport(HttpClient *http, QUrl endpoint, QObject *parent)
    : Transport(http, std::move(endpoint), parent)
{
    // A request that ran out of time is cancelled on the wire by closing its stream (requirements TRANSPORT-8,
    // TRANSPORT-18); nothing else is sent in this era.
    connect(&m_pending, &PendingRequests::timedOut, this, [this](qint64 id, const QString &) {
        if (QPointer<HttpExchange> exchange = m_requestExchanges.take(id))
            exchange->abort();
    });
}

StatelessHttpTransport::~StatelessHttpTransport()
{
    m_closed = true;
    // Silently: no handler of this object may run while it is being destroyed.
    const auto stopSilently = [this](HttpExchange *exchange) {
        if (!exchange)
            return;
        disconnect(exchange, nullptr, this, nullptr);
        exchange->abort();
    };
    for (const QPointer<HttpExchange> &exchange : std::exchange(m_requestExchanges, {}))
        stopSilently(exchange);
    for (const std::shared_ptr<Subscription> &subscription : std::exchange(m_subscriptions, {}))
        stopSilently(subscription->exchange);
}

qint64 StatelessHttpTransport::sendRequest(const QString &method, const QJsonObject &params,
                                           const RequestOptions &options, QObject *context, Completion completion)
{
    const qint64 id = m_pending.allocateId();
    m_pending.add(id, method, options.limits, context, std::move(completion));
    if (m_closed) {
        m_pending.fail(id, cancelled());
        return id;
    }
    const QJsonObject sent = withProgressToken(params, id, options);
    Result<HttpHeaders> standard = stateless_request_headers::standard(method, sent);
    if (!standard.ok()) {
        m_pending.fail(id, standard.error());
        return id;
    }
    if (const Result<void> sendable = stateless_request_headers::checkExtra(options.extraHeaders); !sendable.ok()) {
        m_pending.fail(id, sendable.error());
        return id;
    }
    auto post = std::make_shared<PostContext>();
    post->body = QJsonDocument(jsonrpc::request(id, method, sent)).toJson(QJsonDocument::Compact);
    post->requestId = id;
    post->params = sent;
    post->standardHeaders = std::move(standard).value();
    post->extraHeaders = options.extraHeaders;
    this->post(post);
    return id;
}

void StatelessHttpTransport::sendNotification(const QString &method, const QJsonObject &params,
                                              std::function<void(Result<void>)> done)
{
    const auto report = [this, done](Result<void> outcome) {
        if (!done)
            return;
        QMetaObject::invokeMethod(
            this, [done, outcome = std::move(outcome)]() { done(outcome); }, Qt::QueuedConnection);
    };
    if (method == kCancelledMethod) {
        // On Streamable HTTP closing the request's stream is the cancellation; the notification is for stdio
        // only (basic/patterns/cancellation.mdx §Transport-Specific Cancellation; requirements TRANSPORT-18).
        const QJsonValue requestId = params.value(QStringLiteral("requestId"));
        if (requestId.isDouble())
            cancelRequest(requestId.toInteger(), params.value(QStringLiteral("reason")).toString());
        return report(Result<void>::success());
    }
    if (m_closed)
        return report(cancelled());
    Result<HttpHeaders> standard = stateless_request_headers::standard(method, params);
    if (!standard.ok())
        return report(standard.error());
    auto post = std::make_shared<PostContext>();
    post->body = QJsonDocument(jsonrpc::notification(method, params)).toJson(QJsonDocument::Compact);
    post->params = params;
    post->standardHeaders = std::move(standard).value();
    post->accepted = std::move(done);
    this->post(post);
}

void StatelessHttpTransport::sendResponse(const QJsonObject &)
{
    // streamable-http.mdx §Sending Messages: "The client MUST NOT send JSON-RPC responses." Servers of this
    // era ask through input_required results (MRTR) instead.
    QMetaObject::invokeMethod(
        this,
        [this]() {
            Q_EMIT transportError(Error(ErrorCode::InvalidArgument,
                                        tr("Portico tried to answer a server request, which 2026-07-28 servers "
                                           "do not send."),
                                        QStringLiteral("a JSON-RPC response was not sent (stateless HTTP)")));
        },
        Qt::QueuedConnection);
}

void StatelessHttpTransport::post(const std::shared_ptr<PostContext> &context)
{
    HttpRequest request;
    request.method = "POST";
    request.url = m_endpoint;
    // Built for every attempt: credentials may have changed after a 401/403.
    request.headers = stateless_request_headers::compose(postHeaders(m_endpoint), context->params,
                                                         context->standardHeaders, context->extraHeaders);
    request.body = context->body;
    request.purpose = QStringLiteral("mcp");
    request.streaming = true;

    HttpExchange *exchange = m_http->open(std::move(request));
    const qint64 id = context->requestId;
    if (id >= 0)
        m_requestExchanges.insert(id, exchange);
    // Mcp-Session-Id, if a server sends one, is ignored: this era has no sessions (requirements TRANSPORT-19).
    const std::shared_ptr<ResponseStream> stream = ResponseStream::attach(
        exchange, this, [this, id, exchange](const QJsonObject &message) { dispatch(message, id, exchange); });
    connect(exchange, &HttpExchange::finished, this,
            [this, context, exchange, stream]() { onPostFinished(context, exchange, stream); });
}

void StatelessHttpTransport::onPostFinished(const std::shared_ptr<PostContext> &context, HttpExchange *exchange,
                                            const std::shared_ptr<ResponseStream> &stream)
{
    if (settlePostedExchange(context, exchange, *stream, m_pending, m_requestExchanges,
                             [this, context]() { post(context); }))
        return;
    const qint64 id = context->requestId;
    const bool isRequest = id >= 0;
    const auto fail = [this, context](const Error &error) { reportPosted(*context, m_pending, error); };
    const HttpResponse &response = exchange->response();
    if (!response.isSuccess()) {
        // A JSON-RPC error in the body answers the request: 400 with -32020/-32021/-32022 or -32602, 404 with
        // -32601. The session needs code and data to retry or report (requirements TRANSPORT-2, TRANSPORT-13,
        // TRANSPORT-14, TRANSPORT-17).
        if (isRequest && m_pending.contains(id)) {
            std::optional<QJsonObject> answer;
            const Result<void> parsed =
                MessageReader::parseMessages(stream->errorBody(), [&answer, id](const QJsonObject &message) {
                    if (!answer && isErrorFor(message, id)) {
                        QJsonObject addressed = message;
                        addressed.insert(QStringLiteral("id"), id);
                        answer = addressed;
                    }
                });
            if (parsed.ok() && answer) {
                m_pending.resolve(*answer);
                return;
            }
        }
        if (!isRequest) {
            Error error = statusError(response, stream->errorBody());
            // A notification the server cannot accept MAY come with an id-less JSON-RPC error: keep its words.
            std::optional<QString> rpcText;
            const Result<void> parsed =
                MessageReader::parseMessages(stream->errorBody(), [&rpcText](const QJsonObject &message) {
                    if (!rpcText && message.value(QStringLiteral("error")).isObject())
                        rpcText = describeRpcError(message.value(QStringLiteral("error")).toObject());
                });
            if (parsed.ok() && rpcText)
                error = Error(ErrorCode::RpcError, error.message(), *rpcText).withHttpStatus(response.status);
            return fail(error);
        }
        return fail(statusError(response, stream->errorBody()));
    }
    if (settleReadReply(*context, *stream, m_pending))
        return;
    if (response.status == 202)
        return fail(malformed(QStringLiteral("the server answered a request with 202 Accepted and no response")));
    // No resumption in this era: the request is lost; the caller may re-issue it with a new id
    // (requirements TRANSPORT-19).
    fail(malformed(QStringLiteral("the response stream ended without the response; 2026-07-28 streams cannot be "
                                  "resumed, so the request is lost")));
}

void StatelessHttpTransport::dispatch(const QJsonObject &message, qint64 ownId, HttpExchange *exchange)
{
    switch (jsonrpc::classify(message)) {
    case jsonrpc::Kind::Response:
        // A response stream is scoped to its request (streamable-http.mdx §Receiving Messages): an answer to
        // anything else, or a late one to a cancelled request, is ignored (requirements TRANSPORT-18).
        if (ownId < 0 || !isOwnId(message.value(QStringLiteral("id")), ownId)) {
            Q_EMIT transportError(malformed(QStringLiteral("a response for another request arrived; ignored")));
            return;
        }
        if (m_pending.resolve(message) && exchange) {
            // The final response SHOULD end the stream (streamable-http.mdx §Receiving Messages). A server that
            // keeps it open is given a moment to close it, then the stream is closed here: nothing more can
            // come for a request that has its answer.
            QTimer::singleShot(kResponseLingerMilliseconds, exchange, [exchange]() { exchange->abort(); });
        }
        return;
    case jsonrpc::Kind::Notification: {
        const QString method = message.value(QStringLiteral("method")).toString();
        const QJsonObject params = message.value(QStringLiteral("params")).toObject();
        if (method == QLatin1StringView("notifications/progress")) {
            // Portico's progress token is the request id (Transport::withProgressToken): progress on this
            // stream keeps its request alive, never past the hard maximum (requirements TRANSPORT-8).
            const QJsonValue token = params.value(QStringLiteral("progressToken"));
            if (isOwnId(token, ownId))
                m_pending.noteProgress(ownId);
        }
        Q_EMIT notificationReceived(method, params);
        return;
    }
    case jsonrpc::Kind::Request:
        // Servers of this era MUST NOT send requests on a response stream; they return input_required
        // results (MRTR) instead, and Portico could not answer anyway (no responses are POSTed).
        Q_EMIT transportError(malformed(
            QStringLiteral("the server sent a %1 request on a response stream, which 2026-07-28 forbids; ignored")
                .arg(message.value(QStringLiteral("method")).toString().left(80))));
        return;
    case jsonrpc::Kind::Invalid:
        Q_EMIT transportError(malformed(QStringLiteral("a message is neither request, notification nor response")));
        return;
    }
}

void StatelessHttpTransport::cancelRequest(qint64 id, const QString &)
{
    if (!m_pending.contains(id))
        return;
    m_pending.fail(id, cancelled());
    // Closing the stream is the cancellation; no notifications/cancelled over HTTP (requirements TRANSPORT-18).
    if (QPointer<HttpExchange> exchange = m_requestExchanges.take(id))
        exchange->abort();
}

void StatelessHttpTransport::close()
{
    if (m_closed)
        return;
    m_closed = true;
    m_pending.failAll(cancelled());
    for (const QPointer<HttpExchange> &exchange : std::exchange(m_requestExchanges, {})) {
        if (exchange)
            exchange->abort();
    }
    const QList<qint64> handles = m_subscriptions.keys();
    for (const qint64 handle : handles)
        endSubscription(handle, false, cancelled());
}

// --- subscriptions/listen (requirements TRANSPORT-20; basic/patterns/subscriptions.mdx) ---

qint64 StatelessHttpTransport::openSubscription(const QJsonObject &filter, const QJsonObject &meta)
{
    const qint64 handle = m_nextSubscriptionHandle++;
    auto subscription = std::make_shared<Subscription>();
    subscription->filter = filter;
    subscription->meta = meta;
    // Every request carries protocolVersion and clientCapabilities (requirements TRANSPORT-10); without the session's,
    // say what this transport knows so the request is well-formed and its header matches (requirements TRANSPORT-6).
    if (!subscription->meta.contains(kProtocolVersionKey) && !protocolVersion().isEmpty())
        subscription->meta.insert(kProtocolVersionKey, protocolVersion());
    if (!subscription->meta.contains(kClientCapabilitiesKey))
        subscription->meta.insert(kClientCapabilitiesKey, QJsonObject());
    m_subscriptions.insert(handle, subscription);
    if (m_closed) {
        QMetaObject::invokeMethod(
            this, [this, handle]() { endSubscription(handle, false, cancelled()); }, Qt::QueuedConnection);
        return handle;
    }
    connectSubscription(handle);
    return handle;
}

void StatelessHttpTransport::closeSubscription(qint64 handle)
{
    // Closing the SSE stream is how a client cancels a subscription on HTTP (subscriptions.mdx §Cancellation).
    endSubscription(handle, false, cancelled());
}

void StatelessHttpTransport::connectSubscription(qint64 handle)
{
    const std::shared_ptr<Subscription> subscription = m_subscriptions.value(handle);
    if (!subscription || m_closed || subscription->exchange)
        return;
    // A new request with a new id each time (requirements TRANSPORT-19: nothing is resumed); ids come from the same
    // allocator as every other request, so they are unique among requests in flight (requirements TRANSPORT-9).
    const qint64 requestId = m_pending.allocateId();
    subscription->requestId = requestId;
    subscription->acknowledged = false;
    const QJsonObject params{{QStringLiteral("notifications"), subscription->filter}, {kMetaKey, subscription->meta}};
    const QString method(kListenMethod);
    Result<HttpHeaders> standard = stateless_request_headers::standard(method, params);

    HttpRequest request;
    request.method = "POST";
    request.url = m_endpoint;
    request.headers = stateless_request_headers::compose(postHeaders(m_endpoint), params,
                                                         standard.ok() ? standard.value() : HttpHeaders{}, {});
    request.body = QJsonDocument(jsonrpc::request(requestId, method, params)).toJson(QJsonDocument::Compact);
    request.purpose = QStringLiteral("mcp-subscription");
    request.streaming = true; // long-lived: no total or idle limit (HttpRequest::streaming)
    HttpExchange *exchange = m_http->open(std::move(request));
    subscription->exchange = exchange;
    const std::shared_ptr<ResponseStream> stream =
        ResponseStream::attach(exchange, this, [this, handle, requestId](const QJsonObject &message) {
            onSubscriptionMessage(handle, requestId, message);
        });
    connect(exchange, &HttpExchange::finished, this, [this, handle, requestId, exchange, stream]() {
        onSubscriptionFinished(handle, requestId, exchange, stream);
    });
}

void StatelessHttpTransport::onSubscriptionMessage(qint64 handle, qint64 requestId, const QJsonObject &message)
{
    const std::shared_ptr<Subscription> subscription = m_subscriptions.value(handle);
    if (!subscription || subscription->requestId != requestId)
        return; // the subscription ended (or moved to a new connection): this stream is no longer heard

    switch (jsonrpc::classify(message)) {
    case jsonrpc::Kind::Response: {
        if (!isOwnId(message.value(QStringLiteral("id")), requestId)) {
            Q_EMIT transportError(malformed(QStringLiteral("a response for another request arrived on a "
                                                           "subscription stream; ignored")));
            return;
        }
        // A result is the graceful end (subscriptions.mdx §Graceful Closure); an error refuses the subscription.
        if (message.contains(QStringLiteral("result")))
            return endSubscription(handle, true, std::nullopt);
        const QJsonObject error = message.value(QStringLiteral("error")).toObject();
        return endSubscription(handle, false,
                               Error(ErrorCode::RpcError, tr("The server refused to send change notifications."),
                                     describeRpcError(error)));
    }
    case jsonrpc::Kind::Notification: {
        const QString method = message.value(QStringLiteral("method")).toString();
        const QJsonObject params = message.value(QStringLiteral("params")).toObject();
        // Demultiplex by subscriptionId, which is the listen request's id (subscriptions.mdx §Receiving
        // Notifications): anything else does not belong to this subscription.
        const QJsonValue subscriptionId = params.value(kMetaKey).toObject().value(kSubscriptionIdKey);
        if (!isOwnId(subscriptionId, requestId)) {
            Q_EMIT transportError(malformed(QStringLiteral("a %1 notification on a subscription stream names no or "
                                                           "another subscriptionId; ignored")
                                                .arg(method.left(80))));
            return;
        }
        if (!subscription->acknowledged) {
            // The acknowledgement MUST come first (subscriptions.mdx §Acknowledgment).
            if (method != kAcknowledgedMethod) {
                Q_EMIT transportError(
                    malformed(QStringLiteral("%1 arrived before the subscription was acknowledged; ignored")
                                  .arg(method.left(80))));
                return;
            }
            subscription->acknowledged = true;
            subscription->failures = 0;
            subscription->authorizationAttempts = 0;
            const QJsonObject acknowledged = params.value(QStringLiteral("notifications")).toObject();
            Q_EMIT subscriptionAcknowledged(handle, acknowledged, refusedParts(subscription->filter, acknowledged));
            return;
        }
        if (method == kAcknowledgedMethod)
            return; // a repeated acknowledgement changes nothing
        if (method == kCancelledMethod && isOwnId(params.value(QStringLiteral("requestId")), requestId)) {
            // A server tearing the subscription down (basic/patterns/cancellation.mdx): an orderly end.
            return endSubscription(handle, true, std::nullopt);
        }
        Q_EMIT notificationReceived(method, params);
        return;
    }
    case jsonrpc::Kind::Request:
    case jsonrpc::Kind::Invalid:
        Q_EMIT transportError(malformed(QStringLiteral("a subscription stream carried something other than "
                                                       "notifications and its response; ignored")));
        return;
    }
}

void StatelessHttpTransport::onSubscriptionFinished(qint64 handle, qint64 requestId, HttpExchange *exchange,
                                                    const std::shared_ptr<ResponseStream> &stream)
{
    std::shared_ptr<Subscription> subscription = m_subscriptions.value(handle);
    if (!subscription || subscription->requestId != requestId)
        return;
    subscription->exchange.clear();
    if (m_closed)
        return;

    const HttpResponse &response = exchange->response();
    if (!stream->failure() && !exchange->error()) {
        if (retryAfterChallenge(
                response, stream->errorBody(), subscription->authorizationAttempts,
                [this, handle]() { connectSubscription(handle); },
                [this, handle](const Error &error) { endSubscription(handle, false, error); },
                [this, handle]() { return m_subscriptions.contains(handle); }))
            return;
        if (!response.isSuccess() && response.status < 500 && response.status != 429) {
            // Refused (404 + -32601 from a server without subscriptions, 400 + -32602, …): not retried.
            Error error = statusError(response, stream->errorBody());
            const Result<void> parsed =
                MessageReader::parseMessages(stream->errorBody(), [&error, &response](const QJsonObject &message) {
                    if (message.value(QStringLiteral("error")).isObject()) {
                        error = Error(ErrorCode::RpcError, tr("The server refused to send change notifications."),
                                      describeRpcError(message.value(QStringLiteral("error")).toObject()))
                                    .withHttpStatus(response.status);
                    }
                });
            Q_UNUSED(parsed);
            return endSubscription(handle, false, error);
        }
        if (response.isSuccess() && stream->reader()) {
            // A JSON body is one message: the listen response (graceful end) or an error.
            Result<void> finished = stream->finish();
            if (!m_subscriptions.contains(handle))
                return;
            if (!finished.ok())
                Q_EMIT transportError(finished.error());
        }
    } else if (stream->failure()) {
        Q_EMIT transportError(*stream->failure());
    }

    // An abrupt drop: the client MAY reconnect (subscriptions.mdx §Graceful Closure), with backoff and a
    // bound on consecutive failures (requirements TRANSPORT-20, SEC-12). A connection that was acknowledged starts the
    // count afresh.
    subscription->failures = subscription->acknowledged ? 1 : subscription->failures + 1;
    if (subscription->failures > kMaxSubscriptionReconnects) {
        const QString why = exchange->error()   ? exchange->error()->toString()
                            : stream->failure() ? stream->failure()->toString()
                            : response.status   ? QStringLiteral("HTTP status %1").arg(response.status)
                                                : QStringLiteral("no response");
        return endSubscription(
            handle, false,
            Error(ErrorCode::NetworkFailure, tr("The server's change notifications keep failing."),
                  QStringLiteral("gave up after %1 attempts; last: %2").arg(subscription->failures).arg(why)));
    }
    const int delay = std::min(kMaxReconnectDelayMilliseconds,
                               m_firstReconnectDelay * (1 << std::min(subscription->failures - 1, 10)));
    QTimer::singleShot(delay, this, [this, handle]() { connectSubscription(handle); });
}

void StatelessHttpTransport::endSubscription(qint64 handle, bool graceful, const std::optional<Error> &error)
{
    const std::shared_ptr<Subscription> subscription = m_subscriptions.take(handle);
    if (!subscription)
        return;
    // Removed first: the stream's own handlers then ignore what follows the abort.
    if (subscription->exchange)
        subscription->exchange->abort();
    Q_EMIT subscriptionEnded(handle, graceful, error);
}

} // namespace portico
