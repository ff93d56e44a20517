#include "bridge/bridgesession.h"

#include "mcp/jsonrpc.h"
#include "mcp/mcpsession.h"

namespace portico {

namespace {

const QString kId = QStringLiteral("id");
const QString kMethod = QStringLiteral("method");
const QString kParams = QStringLiteral("params");
const QString kMeta = QStringLiteral("_meta");
const QString kProgressToken = QStringLiteral("progressToken");
const QString kRequestId = QStringLiteral("requestId");

// The SDKs' own code for a request that will not be answered (the connection is gone), which clients show
// as such; JSON-RPC 2.0 §5.1 leaves -32000 to -32099 to the implementation.
constexpr int kServerUnavailable = -32000;

} // namespace

BridgeSession::BridgeSession(QString serverName, Sender toApp, Connector connectRemote, QObject *parent)
    : QObject(parent)
    , m_serverName(std::move(serverName))
    , m_toApp(std::move(toApp))
    , m_connectRemote(std::move(connectRemote))
{}

BridgeSession::~BridgeSession() = default;

QStringList BridgeSession::stdioProtocolVersions()
{
    return {QStringLiteral("2025-11-25"), QStringLiteral("2025-06-18"), QStringLiteral("2025-03-26"),
            QStringLiteral("2024-11-05")};
}

QString BridgeSession::signInMessage() const
{
    return tr("Sign in to “%1” in Portico first: open Portico, add the server if it is not there yet, and connect "
              "it. The bridge never opens a browser itself.")
        .arg(m_serverName);
}

void BridgeSession::prepareSession(McpSession &session)
{
    session.setClientIdentity(m_appCapabilities, m_appClientInfo);
    QPointer<BridgeSession> self(this);
    session.setServerRequestForwarder([self](const QJsonValue &serverId, const QString &method,
                                             const QJsonObject &params,
                                             std::function<void(const QJsonObject &)> answer) {
        if (self)
            self->forwardServerRequest(serverId, method, params, std::move(answer));
    });
    connect(&session, &McpSession::notificationReceived, this, &BridgeSession::forwardServerNotification);
}

void BridgeSession::remoteReady(McpSession *session)
{
    m_session = session;
    m_unavailable.reset();
    m_needsSignIn = false;
    if (m_initializeAnswered || m_pendingInitializeId.isNull())
        return;
    QJsonObject serverInfo = session->serverInfo();
    // A 2026-07-28 server without server/discover said nothing about itself; clients require name and version.
    if (!serverInfo.contains(QStringLiteral("name")))
        serverInfo.insert(QStringLiteral("name"), m_serverName);
    if (!serverInfo.contains(QStringLiteral("version")))
        serverInfo.insert(QStringLiteral("version"), QString());
    QJsonObject result{{QStringLiteral("protocolVersion"), m_stdioProtocolVersion},
                       {QStringLiteral("capabilities"), session->serverCapabilities()},
                       {QStringLiteral("serverInfo"), serverInfo}};
    if (!session->instructions().isEmpty())
        result.insert(QStringLiteral("instructions"), session->instructions());
    m_initializeAnswered = true;
    m_toApp(jsonrpc::resultResponse(m_pendingInitializeId, result));
    m_pendingInitializeId = QJsonValue::Null;
}

void BridgeSession::remoteUnavailable(const Error &error, bool needsSignIn)
{
    m_session.clear();
    m_unavailable = error;
    m_needsSignIn = needsSignIn;
    if (m_initializeAnswered || m_pendingInitializeId.isNull())
        return;
    // The app may initialize again (a new stdio session) once the person has signed in.
    m_toApp(errorFor(m_pendingInitializeId, error, needsSignIn));
    m_pendingInitializeId = QJsonValue::Null;
}

void BridgeSession::handleAppMessage(const QJsonObject &message)
{
    switch (jsonrpc::classify(message)) {
    case jsonrpc::Kind::Request:
        return handleAppRequest(message.value(kId), message.value(kMethod).toString(),
                                message.value(kParams).toObject());
    case jsonrpc::Kind::Notification:
        return handleAppNotification(message.value(kMethod).toString(), message.value(kParams).toObject());
    case jsonrpc::Kind::Response:
        return handleAppResponse(message);
    case jsonrpc::Kind::Invalid:
        break; // StdioChannel answered it already
    }
}

void BridgeSession::handleAppRequest(const QJsonValue &id, const QString &method, const QJsonObject &params)
{
    if (method == QLatin1StringView("initialize"))
        return answerInitialize(id, params);
    if (method == QLatin1StringView("ping")) {
        // The app asks whether the bridge is alive (basic/utilities/ping); the bridge answers for itself.
        m_toApp(jsonrpc::resultResponse(id, {}));
        return;
    }
    if (!m_initializeAnswered) {
        m_toApp(jsonrpc::errorResponse(id, jsonrpc::InvalidRequest,
                                       tr("Send initialize first (MCP lifecycle, “Initialization”).")));
        return;
    }
    relay(id, method, params);
}

void BridgeSession::answerInitialize(const QJsonValue &id, const QJsonObject &params)
{
    if (m_initializeAnswered || !m_pendingInitializeId.isNull()) {
        m_toApp(jsonrpc::errorResponse(id, jsonrpc::InvalidRequest, tr("The session is already initialized.")));
        return;
    }
    // The stdio side's own version (basic/lifecycle, "Version Negotiation"): the app's when the bridge speaks
    // it, else the newest; the remote server's era is McpSession's business.
    const QString requested = params.value(QStringLiteral("protocolVersion")).toString();
    const QStringList versions = stdioProtocolVersions();
    m_stdioProtocolVersion = versions.contains(requested) ? requested : versions.constFirst();
    m_appCapabilities = params.value(QStringLiteral("capabilities")).toObject();
    m_appClientInfo = params.value(QStringLiteral("clientInfo")).toObject();
    m_pendingInitializeId = id;
    if (m_session)
        return remoteReady(m_session);
    m_connectRemote();
}

void BridgeSession::relay(const QJsonValue &id, const QString &method, const QJsonObject &params)
{
    if (!m_session) {
        const Error error = m_unavailable.value_or(
            Error(ErrorCode::NetworkFailure, tr("Portico is not connected to “%1”.").arg(m_serverName)));
        m_toApp(errorFor(id, error, m_needsSignIn));
        return;
    }
    const QString key = jsonrpc::idKey(id);
    if (m_appRequests.contains(key)) {
        m_toApp(jsonrpc::errorResponse(id, jsonrpc::InvalidRequest, tr("This request id is already in use.")));
        return;
    }
    McpSession::ProgressCallback progress;
    const QJsonValue progressToken = params.value(kMeta).toObject().value(kProgressToken);
    if (!progressToken.isUndefined()) {
        // The session puts its own token on the wire (unique among its requests); the app hears its own back.
        progress = [toApp = m_toApp, progressToken](const McpSession::ProgressUpdate &update) {
            QJsonObject notification = update.params;
            notification.insert(kProgressToken, progressToken);
            toApp(jsonrpc::notification(QStringLiteral("notifications/progress"), notification));
        };
    }
    const qint64 requestId = m_session->relayRequest(
        method, params, this,
        [this, id, key](Result<QJsonObject> answer) {
            m_appRequests.remove(key);
            if (m_cancelledByApp.remove(key))
                return; // the app stopped waiting; it expects no response (basic/utilities/cancellation)
            if (!answer.ok())
                return m_toApp(errorFor(id, answer.error(), false));
            QJsonObject response = answer.value();
            response.insert(QStringLiteral("jsonrpc"), QStringLiteral("2.0"));
            response.insert(kId, id);
            m_toApp(response);
        },
        std::move(progress));
    m_appRequests.insert(key, requestId);
}

void BridgeSession::handleAppNotification(const QString &method, const QJsonObject &params)
{
    if (method == QLatin1StringView("notifications/initialized"))
        return; // the remote session sent its own when it started
    if (method == QLatin1StringView("notifications/cancelled")) {
        const QString key = jsonrpc::idKey(params.value(kRequestId));
        const auto request = m_appRequests.constFind(key);
        if (request == m_appRequests.cend() || !m_session)
            return; // finished already, or unknown: ignored (basic/utilities/cancellation)
        m_cancelledByApp.insert(key);
        m_session->cancel(request.value(), params.value(QStringLiteral("reason")).toString());
        return;
    }
    // Roots list_changed, progress of a server request the app is working on, anything newer: as they are.
    if (m_session)
        m_session->notify(method, params);
}

void BridgeSession::handleAppResponse(const QJsonObject &message)
{
    const QJsonValue id = message.value(kId);
    if (!id.isDouble())
        return; // the bridge's ids are integers; anything else answers nothing the bridge asked
    const auto request = m_serverRequests.constFind(id.toInteger());
    if (request == m_serverRequests.cend())
        return; // late, or cancelled by the server meanwhile
    const ServerRequest pending = request.value();
    m_serverRequests.erase(request);
    if (!pending.serverId.isNull())
        m_serverRequestIds.remove(jsonrpc::idKey(pending.serverId));
    QJsonObject answer;
    if (message.contains(QStringLiteral("error")))
        answer.insert(QStringLiteral("error"), message.value(QStringLiteral("error")));
    else
        answer.insert(QStringLiteral("result"), message.value(QStringLiteral("result")));
    pending.answer(answer);
}

void BridgeSession::forwardServerRequest(const QJsonValue &serverId, const QString &method, const QJsonObject &params,
                                         std::function<void(const QJsonObject &answer)> answer)
{
    const qint64 bridgeId = m_nextServerRequestId++;
    m_serverRequests.insert(bridgeId, ServerRequest{serverId, std::move(answer)});
    if (!serverId.isNull())
        m_serverRequestIds.insert(jsonrpc::idKey(serverId), bridgeId);
    m_toApp(jsonrpc::request(bridgeId, method, params));
}

void BridgeSession::forwardServerNotification(const QString &method, QJsonObject params)
{
    if (method == QLatin1StringView("notifications/cancelled")) {
        // The server withdrew one of its requests: the app knows it under the bridge's id.
        const qint64 bridgeId = m_serverRequestIds.take(jsonrpc::idKey(params.value(kRequestId)));
        if (bridgeId == 0)
            return;
        m_serverRequests.remove(bridgeId);
        params.insert(kRequestId, bridgeId);
    }
    m_toApp(jsonrpc::notification(method, params));
}

QJsonObject BridgeSession::errorFor(const QJsonValue &id, const Error &error, bool needsSignIn) const
{
    const bool signIn =
        needsSignIn || error.code() == ErrorCode::InteractionRequired
        || (error.code() == ErrorCode::HttpStatus && (error.httpStatus() == 401 || error.httpStatus() == 403));
    if (signIn) {
        return jsonrpc::errorResponse(id, kServerUnavailable, signInMessage(),
                                      QJsonObject{{QStringLiteral("reason"), QStringLiteral("sign-in required")},
                                                  {QStringLiteral("detail"), error.message()}});
    }
    if (error.code() == ErrorCode::Timeout)
        return jsonrpc::errorResponse(id, kServerUnavailable, tr("The server did not answer in time."));
    // Error texts are redacted when made (docs/architecture.md, "Async and errors").
    return jsonrpc::errorResponse(id, kServerUnavailable, error.message());
}

} // namespace portico
