#include "mcp/transport.h"

#include "common/redaction.h"
#include "mcp/authorizationhandler.h"
#include "mcp/jsonrpc.h"
#include "mcp/responsestream.h"
#include "net/httpexchange.h"

#include <QMetaObject>

namespace portico {

Transport::Transport(HttpClient *http, QUrl endpoint, QObject *parent)
    : QObject(parent)
    , m_http(http)
    , m_endpoint(std::move(endpoint))
{}

Transport::~Transport() = default;

void Transport::open(QObject *context, std::function<void(Result<void>)> done)
{
    QMetaObject::invokeMethod(
        context, [done = std::move(done)]() { done(Result<void>::success()); }, Qt::QueuedConnection);
}

Error Transport::malformed(const QString &detail)
{
    return Error(ErrorCode::MalformedResponse, tr("The server sent a message Portico cannot read."), detail);
}

Error Transport::cancelled()
{
    return Error(ErrorCode::Cancelled, tr("The request was cancelled."));
}

Error Transport::statusError(const HttpResponse &response, const QByteArray &body)
{
    const QString detail = redaction::redactText(QString::fromUtf8(body.left(500)).simplified());
    return Error(ErrorCode::HttpStatus, tr("The server answered with HTTP status %1.").arg(response.status), detail)
        .withHttpStatus(response.status);
}

QJsonObject Transport::withProgressToken(QJsonObject params, qint64 id, const RequestOptions &options)
{
    if (!options.wantsProgress)
        return params;
    QJsonObject meta = params.value(QStringLiteral("_meta")).toObject();
    meta.insert(QStringLiteral("progressToken"), id);
    params.insert(QStringLiteral("_meta"), meta);
    return params;
}

HttpHeaders Transport::postHeaders(const QUrl &url) const
{
    // One POST per message, accepting both reply forms (MCP transports §Sending Messages;
    // requirements TRANSPORT-3–TRANSPORT-5).
    HttpHeaders headers{{"Accept", "application/json, text/event-stream"}, {"Content-Type", "application/json"}};
    appendCommonHeaders(headers, url);
    return headers;
}

HttpHeaders Transport::streamHeaders(const QUrl &url) const
{
    HttpHeaders headers{{"Accept", "text/event-stream"}};
    appendCommonHeaders(headers, url);
    return headers;
}

void Transport::appendCommonHeaders(HttpHeaders &headers, const QUrl &url) const
{
    if (!m_protocolVersion.isEmpty())
        headers.append({"MCP-Protocol-Version", m_protocolVersion.toLatin1()});
    if (m_authorization)
        headers.append(m_authorization->credentialsFor(url));
}

void Transport::dispatchIncoming(const QJsonObject &message, PendingRequests &pending)
{
    switch (jsonrpc::classify(message)) {
    case jsonrpc::Kind::Response:
        pending.resolve(message);
        return;
    case jsonrpc::Kind::Notification: {
        const QString method = message.value(QStringLiteral("method")).toString();
        const QJsonObject params = message.value(QStringLiteral("params")).toObject();
        // Portico's progress tokens are its request ids (RequestOptions::wantsProgress).
        const QJsonValue token = params.value(QStringLiteral("progressToken"));
        if (method == QLatin1StringView("notifications/progress") && token.isDouble())
            pending.noteProgress(token.toInteger());
        Q_EMIT notificationReceived(method, params);
        return;
    }
    case jsonrpc::Kind::Request:
        Q_EMIT requestReceived(message.value(QStringLiteral("id")), message.value(QStringLiteral("method")).toString(),
                               message.value(QStringLiteral("params")).toObject());
        return;
    case jsonrpc::Kind::Invalid:
        Q_EMIT transportError(malformed(QStringLiteral("a message is neither request, notification nor response")));
        return;
    }
}

bool Transport::retryAfterChallenge(const HttpResponse &response, const QByteArray &body, int &attempts,
                                    std::function<void()> resend, std::function<void(const Error &)> fail,
                                    std::function<bool()> stillWanted)
{
    if (response.status != 401 && response.status != 403)
        return false;
    if (!m_authorization || attempts >= kMaxAuthorizationRetries) {
        fail(statusError(response, body)
                 .withOAuthError(QString::fromLatin1(response.header("WWW-Authenticate").left(200))));
        return true;
    }
    ++attempts;
    // Authorize, then send the very same message again (the same id too: the server never processed it).
    m_authorization->handleChallenge(
        m_endpoint, response, this,
        [this, resend = std::move(resend), fail = std::move(fail), stillWanted = std::move(stillWanted),
         status = response.status](bool retry) {
            if (stillWanted && !stillWanted())
                return;
            if (retry && !m_closed) {
                resend();
                return;
            }
            fail(Error(ErrorCode::HttpStatus, tr("Access to the server was not granted.")).withHttpStatus(status));
        });
    return true;
}

void Transport::reportPosted(const PostedMessage &message, PendingRequests &pending, const Result<void> &outcome)
{
    if (message.requestId >= 0) {
        if (!outcome.ok())
            pending.fail(message.requestId, outcome.error());
    } else if (message.accepted) {
        message.accepted(outcome);
    } else if (!outcome.ok() && outcome.error().code() != ErrorCode::Cancelled) {
        Q_EMIT transportError(outcome.error());
    }
}

bool Transport::settlePostedExchange(const std::shared_ptr<PostedMessage> &message, HttpExchange *exchange,
                                     const ResponseStream &stream, PendingRequests &pending,
                                     QHash<qint64, QPointer<HttpExchange>> &requestExchanges,
                                     std::function<void()> resend)
{
    const qint64 id = message->requestId;
    const bool isRequest = id >= 0;
    if (isRequest && requestExchanges.value(id) == exchange)
        requestExchanges.remove(id);

    const auto fail = [this, message, &pending](const Error &error) { reportPosted(*message, pending, error); };
    if (stream.failure()) {
        fail(*stream.failure());
        return true;
    }
    if (exchange->error()) {
        fail(*exchange->error());
        return true;
    }
    // A request cancelled or timed out while the user was signing in is not sent again.
    const auto stillWanted = [isRequest, id, &pending]() { return !isRequest || pending.contains(id); };
    return retryAfterChallenge(exchange->response(), stream.errorBody(), message->authorizationAttempts,
                               std::move(resend), fail, stillWanted);
}

bool Transport::settleReadReply(const PostedMessage &message, ResponseStream &stream, PendingRequests &pending)
{
    if (Result<void> finished = stream.finish(); !finished.ok()) {
        reportPosted(message, pending, finished.error());
        return true;
    }
    if (message.requestId < 0) {
        reportPosted(message, pending, Result<void>::success());
        return true;
    }
    return !pending.contains(message.requestId); // answered on this stream
}

void Transport::sendCancelledNotification(qint64 id, const QString &reason)
{
    QJsonObject params{{QStringLiteral("requestId"), id}};
    if (!reason.isEmpty())
        params.insert(QStringLiteral("reason"), reason);
    sendNotification(QStringLiteral("notifications/cancelled"), params);
}

} // namespace portico
