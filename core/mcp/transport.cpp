#include "mcp/transport.h"

#include "common/redaction.h"
#include "mcp/authorizationhandler.h"
#include "mcp/jsonrpc.h"

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
    // One POST per message, accepting both reply forms (MCP transports §Sending Messages; checklist B3–B5).
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

void Transport::sendCancelledNotification(qint64 id, const QString &reason)
{
    QJsonObject params{{QStringLiteral("requestId"), id}};
    if (!reason.isEmpty())
        params.insert(QStringLiteral("reason"), reason);
    sendNotification(QStringLiteral("notifications/cancelled"), params);
}

} // namespace portico
