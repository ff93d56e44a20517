#include "mcp/transport.h"

#include "mcp/authorizationhandler.h"
#include "mcp/jsonrpc.h"

#include <QCoreApplication>

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
    if (!m_protocolVersion.isEmpty())
        headers.append({"MCP-Protocol-Version", m_protocolVersion.toLatin1()});
    if (m_authorization)
        headers.append(m_authorization->credentialsFor(url));
    return headers;
}

HttpHeaders Transport::streamHeaders(const QUrl &url) const
{
    HttpHeaders headers{{"Accept", "text/event-stream"}};
    if (!m_protocolVersion.isEmpty())
        headers.append({"MCP-Protocol-Version", m_protocolVersion.toLatin1()});
    if (m_authorization)
        headers.append(m_authorization->credentialsFor(url));
    return headers;
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
        Q_EMIT transportError(
            Error(ErrorCode::MalformedResponse,
                  QCoreApplication::translate("Transport", "The server sent a message Portico cannot read."),
                  QStringLiteral("a message is neither request, notification nor response")));
        return;
    }
}

} // namespace portico
