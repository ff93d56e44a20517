#pragma once

#include "common/error.h"

#include <QHash>
#include <QJsonObject>
#include <QJsonValue>
#include <QObject>
#include <QPointer>
#include <QSet>
#include <QString>
#include <QStringList>

#include <functional>
#include <optional>

namespace portico {

class McpSession;

// The MCP conversation between one client on stdio (the "app") and one remote server's McpSession, passed on
// unchanged in both directions (requirements FEATURE-11; docs/architecture.md, "The stdio bridge"):
// - the app's initialize is answered here, with a protocol version negotiated for the stdio side alone and
//   the remote server's capabilities, serverInfo and instructions; the remote session is started first, with
//   the app's own capabilities and clientInfo (MCP 2025-11-25 basic/lifecycle, "Initialization");
// - every other request goes to McpSession::relayRequest under the app's own id kept here (the wire ids are
//   the session's), its progress token mapped back (basic/utilities/progress), its cancellation passed on
//   through McpSession::cancel (basic/utilities/cancellation); results and errors go back as the server sent
//   them;
// - the server's requests (sampling, elicitation, roots, ping) go to the app under ids of the bridge's own,
//   and the app's answers back to the server; notifications go both ways.
class BridgeSession : public QObject
{
    Q_OBJECT

public:
    using Sender = std::function<void(const QJsonObject &message)>;
    // Starts the remote session once the app said who it is (its capabilities and clientInfo).
    using Connector = std::function<void()>;

    // `serverName` names the server in error messages; `toApp` writes one message to the app.
    BridgeSession(QString serverName, Sender toApp, Connector connectRemote, QObject *parent = nullptr);
    ~BridgeSession() override;

    // The protocol versions the stdio side speaks, newest first; independent of the remote server's era.
    [[nodiscard]] static QStringList stdioProtocolVersions();

    // Makes `session` speak for the app: its identity, its server requests and notifications. For every
    // session the connection creates, before it starts.
    void prepareSession(McpSession &session);
    // The remote session is ready (also after a reconnection): a waiting initialize is answered.
    void remoteReady(McpSession *session);
    // The remote server cannot be used now: a waiting initialize gets `error`'s text; later requests too, until
    // remoteReady(). `needsSignIn` says that a person must sign in first (the bridge never opens a browser).
    void remoteUnavailable(const Error &error, bool needsSignIn);

    void handleAppMessage(const QJsonObject &message);

private:
    void handleAppRequest(const QJsonValue &id, const QString &method, const QJsonObject &params);
    void handleAppNotification(const QString &method, const QJsonObject &params);
    void handleAppResponse(const QJsonObject &message);
    void answerInitialize(const QJsonValue &id, const QJsonObject &params);
    void relay(const QJsonValue &id, const QString &method, const QJsonObject &params);
    void forwardServerRequest(const QJsonValue &serverId, const QString &method, const QJsonObject &params,
                              std::function<void(const QJsonObject &answer)> answer);
    void forwardServerNotification(const QString &method, QJsonObject params);
    // The JSON-RPC error the app gets for a request that got no answer from the server; a refused sign-in
    // (`needsSignIn`, a 401/403, InteractionRequired) says how to sign in.
    [[nodiscard]] QJsonObject errorFor(const QJsonValue &id, const Error &error, bool needsSignIn) const;
    [[nodiscard]] QString signInMessage() const;

    struct ServerRequest
    {
        QJsonValue serverId;
        std::function<void(const QJsonObject &answer)> answer;
    };

    QString m_serverName;
    Sender m_toApp;
    Connector m_connectRemote;
    QPointer<McpSession> m_session;
    QJsonObject m_appCapabilities;
    QJsonObject m_appClientInfo;
    QJsonValue m_pendingInitializeId; // the app's initialize, until the remote session is ready
    QString m_stdioProtocolVersion;   // negotiated with the app
    bool m_initializeAnswered = false;
    std::optional<Error> m_unavailable;
    bool m_needsSignIn = false;
    QHash<QString, qint64> m_appRequests; // jsonrpc::idKey(the app's id) -> McpSession's request id
    QSet<QString> m_cancelledByApp;       // the app cancelled these: their outcome is not sent (cancellation §)
    QHash<qint64, ServerRequest> m_serverRequests; // the bridge's id towards the app -> the server's question
    QHash<QString, qint64> m_serverRequestIds;     // jsonrpc::idKey(the server's id) -> the bridge's id
    qint64 m_nextServerRequestId = 1;
};

} // namespace portico
