#pragma once

#include "common/result.h"
#include "mcp/catalogitems.h"
#include "mcp/serverrequesthandler.h"
#include "mcp/transport.h"

#include <QJsonObject>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QStringList>

#include <functional>
#include <memory>
#include <optional>

namespace portico {

// One MCP conversation with one server over a Transport: the lifecycle (initialize for 2025 servers,
// per-request _meta for 2026-07-28 ones), the server's capabilities, the catalogs with pagination,
// list_changed, calls with progress and cancellation, and the requests a server may send (ping,
// elicitation). The UI and the headless runner both drive Portico through this class.
//
// Every operation takes a context and a callback that runs exactly once, later, while the context lives.
class McpSession : public QObject
{
    Q_OBJECT

public:
    enum class State {
        Idle,
        Starting,
        Ready,
        Closed,
        Failed,
    };
    Q_ENUM(State)

    // Protocol versions Portico speaks, newest first (requirements TRANSPORT-1, TRANSPORT-21).
    [[nodiscard]] static QStringList supportedProtocolVersions(ProtocolEra era);

    struct ProgressUpdate
    {
        double progress = 0;
        std::optional<double> total;
        QString message;
        QJsonObject params; // the notification's params as the server sent them (for a relay such as the bridge)
    };
    using ProgressCallback = std::function<void(const ProgressUpdate &)>;
    template<typename T>
    using Callback = std::function<void(Result<T>)>;

    // The session does not own the transport; the transport must outlive it (ServerConnection owns both).
    McpSession(Transport *transport, QObject *parent = nullptr);
    ~McpSession() override;

    void setElicitationHandler(ElicitationHandler *handler) { m_serverRequests.setElicitationHandler(handler); }
    // For a relay speaking for another client (the stdio bridge): the capabilities and clientInfo the server
    // sees in initialize and in 2026-07-28 _meta, instead of Portico's own (MCP 2025-11-25 basic/lifecycle,
    // "Initialization"). Set before start().
    void setClientIdentity(const QJsonObject &capabilities, const QJsonObject &clientInfo);
    // For a relay: every request the server sends (and every 2026-07-28 input request) goes to `forwarder`
    // instead of being answered here (see ServerRequestHandler::Forwarder).
    void setServerRequestForwarder(ServerRequestHandler::Forwarder forwarder)
    {
        m_serverRequests.setForwarder(std::move(forwarder));
    }
    // Per-request timeouts (requirements TRANSPORT-8).
    void setRequestLimits(PendingRequests::Limits limits) { m_limits = limits; }

    // Initializes (2025 servers: initialize, version check, notifications/initialized, the GET stream) or
    // discovers (2026-07-28: server/discover when offered). `done` reports whether the session is usable.
    void start(QObject *context, Callback<void> done);
    void close();

    [[nodiscard]] State state() const { return m_state; }
    [[nodiscard]] ProtocolEra era() const { return m_transport->era(); }
    [[nodiscard]] const QString &protocolVersion() const { return m_protocolVersion; }
    [[nodiscard]] const QJsonObject &serverInfo() const { return m_serverInfo; }
    [[nodiscard]] const QJsonObject &serverCapabilities() const { return m_serverCapabilities; }
    [[nodiscard]] const QString &instructions() const { return m_instructions; }
    [[nodiscard]] QJsonObject clientCapabilities() const;

    // Catalogs: every page, following nextCursor until it is absent (requirements FEATURE-3).
    void listTools(QObject *context, Callback<QList<Tool>> done);
    void listResources(QObject *context, Callback<QList<Resource>> done);
    void listResourceTemplates(QObject *context, Callback<QList<ResourceTemplate>> done);
    void listPrompts(QObject *context, Callback<QList<Prompt>> done);
    // The tools of the last listTools(), for headers and the UI.
    [[nodiscard]] const QList<Tool> &tools() const { return m_tools; }
    // 2026-07-28: tools left out of the last listing because their x-mcp-header annotations are invalid
    // (requirements TRANSPORT-12), each with the reason.
    [[nodiscard]] const QStringList &excludedToolWarnings() const { return m_excludedToolWarnings; }

    // tools/call. The result object as the server sent it (isError:true is a result, requirements FEATURE-2).
    // Returns the request id, for cancel().
    qint64 callTool(const QString &name, const QJsonObject &arguments, QObject *context, Callback<QJsonObject> done,
                    ProgressCallback progress = {});
    void readResource(const QString &uri, QObject *context, Callback<QJsonObject> done);
    void getPrompt(const QString &name, const QJsonObject &arguments, QObject *context, Callback<QJsonObject> done);
    void complete(const QJsonObject &reference, const QString &argumentName, const QString &argumentValue,
                  QObject *context, Callback<QJsonObject> done);
    void ping(QObject *context, Callback<void> done);
    // Stops waiting for a call; the server is told as the era prescribes (requirements TRANSPORT-18, TRANSPORT-27).
    void cancel(qint64 requestId, const QString &reason = {});

    // Any request, for what has no wrapper: the `result` object, or an Error (a JSON-RPC error becomes
    // ErrorCode::RpcError with the server's code and message in the detail).
    qint64 request(const QString &method, const QJsonObject &params, QObject *context, Callback<QJsonObject> done,
                   ProgressCallback progress = {});
    // Like request(), for a relay that must pass the answer on unchanged: `done` gets {"result": …} or the
    // server's {"error": {code, message, data}} as sent; an Error only when no answer came (network, timeout,
    // sign-in, cancel()).
    qint64 relayRequest(const QString &method, const QJsonObject &params, QObject *context, Callback<QJsonObject> done,
                        ProgressCallback progress = {});
    // Sends a client notification (e.g. notifications/roots/list_changed); fire and forget.
    void notify(const QString &method, const QJsonObject &params);

Q_SIGNALS:
    void stateChanged(portico::McpSession::State state);
    void errorOccurred(const portico::Error &error);
    // The server said a list changed (requirements FEATURE-4); the catalogs are not refetched automatically.
    void toolsListChanged();
    void resourcesListChanged();
    void promptsListChanged();
    // Every notification the server sends except notifications/progress (which goes to its request's
    // ProgressCallback), for a relay.
    void notificationReceived(const QString &method, const QJsonObject &params);

private:
    struct Call; // one logical request across its retries (new version, new headers, MRTR rounds)

    void send(const std::shared_ptr<Call> &call);
    void onResponse(const std::shared_ptr<Call> &call, Result<QJsonObject> response);
    void finishCall(const std::shared_ptr<Call> &call, Result<QJsonObject> outcome);
    // 2026-07-28 errors the session can recover from by itself (requirements TRANSPORT-13, TRANSPORT-14); true when it
    // retries.
    bool recoverFromRpcError(const std::shared_ptr<Call> &call, const QJsonObject &error);
    void answerInputRequests(const std::shared_ptr<Call> &call, const QJsonObject &result);
    template<typename Item>
    void listAll(const QString &method, const QString &key, QObject *context, Callback<QList<Item>> done);
    void initialize(QObject *context, Callback<void> done);
    void discover(QObject *context, Callback<void> done);
    void setState(State state);
    // What the server said about itself (the initialize or server/discover result): `serverInfo`, and the
    // capabilities and instructions of `description`.
    void adoptServerDescription(const QJsonObject &serverInfo, const QJsonObject &description);
    void onNotification(const QString &method, const QJsonObject &params);
    void onServerRequest(const QJsonValue &id, const QString &method, const QJsonObject &params);
    void onSessionExpired();
    void reinitialize(int attempt);
    static constexpr int kMaxReinitializeAttempts = 6;
    static constexpr int kMaxInputRounds = 8;    // MRTR rounds per request (requirements TRANSPORT-16, SEC-12)
    static constexpr int kMaxVersionRetries = 2; // -32022 retries per request (requirements TRANSPORT-14)
    [[nodiscard]] QJsonObject withMeta(QJsonObject params) const;
    [[nodiscard]] QJsonObject clientInfo() const;
    qint64 startCall(const QString &method, const QJsonObject &params, QObject *context, Callback<QJsonObject> done,
                     ProgressCallback progress, bool relay);

    Transport *m_transport;
    ServerRequestHandler m_serverRequests;
    PendingRequests::Limits m_limits;
    State m_state = State::Idle;
    QString m_protocolVersion;
    QJsonObject m_serverInfo;
    QJsonObject m_serverCapabilities;
    QString m_instructions;
    std::optional<QJsonObject> m_relayedCapabilities; // setClientIdentity()
    QJsonObject m_relayedClientInfo;
    QList<Tool> m_tools;
    QStringList m_excludedToolWarnings;
    QHash<qint64, std::shared_ptr<Call>> m_calls; // by the id request() returned
    QHash<qint64, qint64> m_wireIds;              // the id on the wire now -> the id request() returned
    bool m_reinitializing = false;
};

} // namespace portico
