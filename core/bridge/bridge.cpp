#include "bridge/bridge.h"

#include "auth/authsession.h"
#include "host/serveroptions.h"
#include "net/httpclient.h"
#include "secrets/secretstore.h"

#include <QTimer>

namespace portico {

namespace {

// Time for the remote session's DELETE (MCP 2025-11-25 basic/transports, "Session Management") to leave
// before the process ends; the bridge waits for nothing else.
constexpr std::chrono::milliseconds kCloseGrace{200};

} // namespace

Bridge::Bridge(ServerConfig config, SecretStore *secrets, int inputFd, int outputFd, QObject *parent)
    : QObject(parent)
    , m_config(std::move(config))
    , m_secrets(secrets)
    , m_channel(inputFd, outputFd)
    , m_session(
          m_config.name, [this](const QJsonObject &message) { m_channel.send(message); }, [this]() { connectRemote(); })
{
    connect(&m_channel, &StdioChannel::messageReceived, &m_session, &BridgeSession::handleAppMessage);
    connect(&m_channel, &StdioChannel::inputClosed, this, &Bridge::stop);
}

Bridge::~Bridge() = default;

void Bridge::start()
{
    m_channel.start();
}

void Bridge::stop()
{
    if (m_stopping)
        return;
    m_stopping = true;
    if (m_connection) {
        m_connection->disconnect(this);
        m_connection->disconnectFromServer();
    }
    QTimer::singleShot(kCloseGrace, this, [this]() { Q_EMIT finished(0); });
}

void Bridge::connectRemote()
{
    if (m_connection)
        return;
    m_connection = std::make_unique<ServerConnection>(m_config, m_secrets);
    m_connection->setSessionSetup([this](McpSession &session) { m_session.prepareSession(session); });
    connect(m_connection.get(), &ServerConnection::sessionReady, &m_session, &BridgeSession::remoteReady);
    connect(m_connection.get(), &ServerConnection::stateChanged, this, &Bridge::onConnectionState);
    if (m_config.authorizationMode == ServerConfig::AuthorizationMode::None)
        return m_connection->connectToServer();
    connectWithAuthorization();
}

void Bridge::connectWithAuthorization()
{
    Result<HttpClientOptions> httpOptions = server_options::httpClientOptions(m_config);
    if (!httpOptions.ok())
        return m_session.remoteUnavailable(httpOptions.error(), false);
    m_authHttp = std::make_unique<HttpClient>(httpOptions.value());
    AuthSession::Options authOptions = server_options::authSessionOptions(m_config);
    const auto startWith = [this](AuthSession::Options options) {
        // No user agent: a sign-in that needs a person fails with InteractionRequired, never opens a page.
        m_auth = std::make_unique<AuthSession>(std::move(options), *m_authHttp, m_secrets, nullptr);
        m_connection->setAuthorizationHandler(m_auth.get());
        m_auth->load([this](Result<void>) { m_connection->connectToServer(); });
    };
    if (m_config.hasClientSecret && authOptions.preRegisteredClient && m_secrets) {
        m_secrets->readSecret(m_config.clientSecretKey(), this,
                              [startWith, authOptions](Result<QByteArray> secret) mutable {
                                  if (secret.ok())
                                      authOptions.preRegisteredClient->clientSecret = QString::fromUtf8(secret.value());
                                  startWith(std::move(authOptions));
                              });
        return;
    }
    startWith(std::move(authOptions));
}

void Bridge::onConnectionState(ServerConnection::State state)
{
    if (state != ServerConnection::State::Failed && state != ServerConnection::State::NeedsAuthorization)
        return;
    Error error = m_connection->lastError().value_or(
        Error(ErrorCode::NetworkFailure, tr("The connection to the server was lost.")));
    if (m_auth && m_auth->lastError())
        error = *m_auth->lastError();
    const bool needsSignIn = state == ServerConnection::State::NeedsAuthorization;
    if (m_auth && needsSignIn) {
        // Requirements SEC-16: a sign-in the keychain could not give back is not a missing sign-in; "sign in
        // first" would send the person to sign in again for nothing. Say what the keychain said instead (an app
        // that starts the bridge with a short environment, e.g. without DBUS_SESSION_BUS_ADDRESS, gets here).
        const AuthSession::Access access = m_auth->access();
        // (A foreign entry is left out: signing in again in Portico is what replaces it.)
        if (access.keychain == KeychainStatus::Locked || access.keychain == KeychainStatus::Unavailable
            || access.keychain == KeychainStatus::Failed) {
            const ErrorCode code = access.keychain == KeychainStatus::Locked        ? ErrorCode::KeychainAccessDenied
                                   : access.keychain == KeychainStatus::Unavailable ? ErrorCode::KeychainUnavailable
                                                                                    : ErrorCode::KeychainFailed;
            return m_session.remoteUnavailable(
                Error(code, tr("Portico could not read the sign-in for “%1” from the system keychain: %2")
                                .arg(m_config.name, access.keychainProblem)),
                false);
        }
    }
    m_session.remoteUnavailable(error, needsSignIn);
}

} // namespace portico
