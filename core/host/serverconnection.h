#pragma once

#include "common/error.h"
#include "config/serverconfig.h"
#include "mcp/eradetector.h"
#include "mcp/mcpsession.h"
#include "mcp/transport.h"
#include "net/httpclient.h"

#include <QObject>
#include <QPointer>
#include <QTimer>

#include <memory>
#include <optional>

namespace portico {

class ElicitationHandler;
class HttpClient;
class SecretStore;

// One configured server, kept connected: the state a person sees in the server list, the HTTP client
// (with the server's proxy and CA), era detection, the session, and reconnection with backoff.
//
//   Disconnected ──connect──> Connecting ──ok──> Connected
//        ^                      │  │  401/403 without a way to sign in
//        │                      │  └──────────────> NeedsAuthorization
//        │                      │  the authorization handler is working ──> Authorizing ──> (Connecting…)
//        └──disconnect────── Failed (reason) <── network/protocol failure; retried with backoff
//
// The authorization engine plugs in through setAuthorizationHandler() (docs/architecture.md,
// "One connection, one sign-in"): the connection adds the server's static headers to its credentials and shows
// Authorizing while it works.
class ServerConnection : public QObject
{
    Q_OBJECT

public:
    enum class State {
        Disconnected,
        Connecting,
        NeedsAuthorization,
        Authorizing,
        Connected,
        Failed,
    };
    Q_ENUM(State)

    // Reconnection after failures the network may heal (timeouts, refused connections): 1 s, 2 s, 4 s … at
    // most kMaxBackoff, at most kMaxReconnects in a row (requirements SEC-12).
    static constexpr int kMaxReconnects = 8;
    static constexpr std::chrono::milliseconds kFirstBackoff{1000};
    static constexpr std::chrono::milliseconds kMaxBackoff{60'000};

    // `secrets` holds secret header values (may be null when the config has none).
    ServerConnection(ServerConfig config, SecretStore *secrets, QObject *parent = nullptr);
    ~ServerConnection() override;

    [[nodiscard]] const ServerConfig &config() const { return m_config; }
    [[nodiscard]] State state() const { return m_state; }
    // Why the connection is Failed or NeedsAuthorization (in words for a person: message()).
    [[nodiscard]] const std::optional<Error> &lastError() const { return m_lastError; }
    [[nodiscard]] static QString stateText(State state);
    // Valid while Connected.
    [[nodiscard]] McpSession *session() const { return m_session; }
    [[nodiscard]] std::optional<ProtocolEra> era() const { return m_era; }
    [[nodiscard]] HttpClient *httpClient() const { return m_http.get(); }

    void setAuthorizationHandler(AuthorizationHandler *handler) { m_externalAuthorization = handler; }
    void setElicitationHandler(ElicitationHandler *handler) { m_elicitation = handler; }
    // Runs on every McpSession the connection makes, before it starts (the stdio bridge sets the client
    // identity and forwarding there).
    void setSessionSetup(std::function<void(McpSession &)> setup) { m_sessionSetup = std::move(setup); }
    // Replaces the config (an edit): reconnects when connected and the connection details changed.
    void setConfig(ServerConfig config);

    void connectToServer();
    void disconnectFromServer();

Q_SIGNALS:
    void stateChanged(portico::ServerConnection::State state);
    void eraDetected(portico::ProtocolEra era);
    // The session is ready (also after a reconnection).
    void sessionReady(portico::McpSession *session);

private:
    class CredentialAdapter; // static headers + the external handler; flips to Authorizing while it works

    void setState(State state, std::optional<Error> error = std::nullopt);
    void loadSecretHeaders(std::function<void(Result<void>)> done);
    void startDetection();
    void onConnectFailed(const Error &error);
    void scheduleReconnect();
    void teardown();
    [[nodiscard]] Result<std::unique_ptr<HttpClient>> makeHttpClient() const;
    [[nodiscard]] Transport *makeTransport(ProtocolEra era, const QUrl &url);

    ServerConfig m_config;
    SecretStore *m_secrets;
    AuthorizationHandler *m_externalAuthorization = nullptr;
    ElicitationHandler *m_elicitation = nullptr;
    std::function<void(McpSession &)> m_sessionSetup;
    std::unique_ptr<CredentialAdapter> m_credentials;
    std::unique_ptr<HttpClient> m_http;
    std::unique_ptr<EraDetector> m_detector;
    QPointer<Transport> m_transport;
    QPointer<McpSession> m_session;
    std::optional<ProtocolEra> m_era;
    State m_state = State::Disconnected;
    std::optional<Error> m_lastError;
    QTimer m_reconnectTimer;
    int m_reconnects = 0;
    quint64 m_attempt = 0; // outdated callbacks of an earlier attempt are ignored
};

} // namespace portico
