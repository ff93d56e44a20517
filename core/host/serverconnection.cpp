#include "host/serverconnection.h"

#include "host/serveroptions.h"

#include "mcp/authorizationhandler.h"
#include "mcp/destinationcheckingelicitationhandler.h"
#include "mcp/httpssetransport.h"
#include "mcp/mcpsession.h"
#include "mcp/statelesshttptransport.h"
#include "mcp/streamablehttptransport.h"
#include "net/httpclient.h"
#include "net/urlpolicy.h"
#include "secrets/secretstore.h"

#include <QCoreApplication>
#include <QMetaObject>

namespace portico {

namespace {

std::optional<ProtocolEra> forcedEra(ServerConfig::TransportChoice transport)
{
    switch (transport) {
    case ServerConfig::TransportChoice::Automatic:
        return std::nullopt;
    case ServerConfig::TransportChoice::StreamableHttp2025:
        return ProtocolEra::StreamableHttp2025;
    case ServerConfig::TransportChoice::Stateless2026:
        return ProtocolEra::Stateless2026;
    case ServerConfig::TransportChoice::HttpSse2024:
        return ProtocolEra::HttpSse2024;
    }
    return std::nullopt;
}

bool isAuthorizationFailure(const Error &error)
{
    return error.code() == ErrorCode::HttpStatus && (error.httpStatus() == 401 || error.httpStatus() == 403);
}

// Failures that time or the network may heal; anything else needs a person (or a config change).
bool isTransient(const Error &error)
{
    switch (error.code()) {
    case ErrorCode::NetworkFailure:
    case ErrorCode::Timeout:
    case ErrorCode::SessionExpired:
        return true;
    case ErrorCode::HttpStatus:
        return error.httpStatus() >= 500 || error.httpStatus() == 429;
    default:
        return false;
    }
}

} // namespace

// The credentials of every request: the server's static headers (only ever to its own origin: a credential
// goes only to the resource it is for, docs/architecture.md, "Security rules"), then whatever the authorization engine
// adds.
class ServerConnection::CredentialAdapter final : public AuthorizationHandler
{
public:
    explicit CredentialAdapter(ServerConnection *connection)
        : m_connection(connection)
    {}

    HttpHeaders staticHeaders;

    HttpHeaders credentialsFor(const QUrl &url) override
    {
        HttpHeaders headers;
        if (url_policy::isSameOrigin(url, m_connection->m_config.url))
            headers = staticHeaders;
        if (AuthorizationHandler *external = m_connection->m_externalAuthorization)
            headers.append(external->credentialsFor(url));
        return headers;
    }

    void handleChallenge(const QUrl &url, const HttpResponse &challenge, QObject *context,
                         std::function<void(bool retry)> done) override
    {
        AuthorizationHandler *external = m_connection->m_externalAuthorization;
        if (!external) {
            QMetaObject::invokeMethod(
                context, [done]() { done(false); }, Qt::QueuedConnection);
            return;
        }
        QPointer<ServerConnection> connection(m_connection);
        const State before = m_connection->m_state;
        m_connection->setState(State::Authorizing);
        external->handleChallenge(url, challenge, context, [connection, before, done](bool retry) {
            if (connection && connection->m_state == State::Authorizing)
                connection->setState(before);
            done(retry);
        });
    }

private:
    ServerConnection *m_connection;
};

ServerConnection::ServerConnection(ServerConfig config, SecretStore *secrets, QObject *parent)
    : QObject(parent)
    , m_config(std::move(config))
    , m_secrets(secrets)
    , m_credentials(std::make_unique<CredentialAdapter>(this))
{
    m_reconnectTimer.setSingleShot(true);
    connect(&m_reconnectTimer, &QTimer::timeout, this, &ServerConnection::connectToServer);
}

ServerConnection::~ServerConnection()
{
    teardown();
}

QString ServerConnection::stateText(State state)
{
    switch (state) {
    case State::Disconnected:
        return tr("Disconnected");
    case State::Connecting:
        return tr("Connecting…");
    case State::NeedsAuthorization:
        return tr("Needs sign-in");
    case State::Authorizing:
        return tr("Signing in…");
    case State::Connected:
        return tr("Connected");
    case State::Failed:
        return tr("Failed");
    }
    return {};
}

void ServerConnection::setState(State state, std::optional<Error> error)
{
    m_lastError = std::move(error);
    if (m_state == state)
        return;
    m_state = state;
    Q_EMIT stateChanged(state);
}

void ServerConnection::setConfig(ServerConfig config)
{
    const bool reconnect =
        m_state != State::Disconnected
        && (config.url != m_config.url || config.transport != m_config.transport
            || config.proxyMode != m_config.proxyMode || config.proxyUrl != m_config.proxyUrl
            || config.caCertificatesFile != m_config.caCertificatesFile || config.headers != m_config.headers
            || config.allowPrivateNetwork != m_config.allowPrivateNetwork);
    if (config.url != m_config.url || config.transport != m_config.transport)
        m_era.reset();
    m_config = std::move(config);
    if (reconnect) {
        disconnectFromServer();
        connectToServer();
    }
}

Result<std::unique_ptr<HttpClient>> ServerConnection::makeHttpClient() const
{
    Result<HttpClientOptions> options = server_options::httpClientOptions(m_config);
    if (!options.ok())
        return options.error();
    // MCP traffic is many small requests on one origin: Portico's own HTTP/1.1 connections carry it at a
    // fraction of QNetworkAccessManager's cost per request (docs/architecture.md, "Performance"). Authorization keeps
    // QtNetwork.
    HttpClientOptions mcpOptions = std::move(options).value();
    mcpOptions.engine = HttpClientOptions::Engine::Http1;
    return std::make_unique<HttpClient>(std::move(mcpOptions));
}

Transport *ServerConnection::makeTransport(ProtocolEra era, const QUrl &url)
{
    switch (era) {
    case ProtocolEra::Stateless2026:
        return new StatelessHttpTransport(m_http.get(), url, this);
    case ProtocolEra::StreamableHttp2025:
        return new StreamableHttpTransport(m_http.get(), url, this);
    case ProtocolEra::HttpSse2024:
        return new HttpSseTransport(m_http.get(), url, this);
    }
    return nullptr;
}

void ServerConnection::connectToServer()
{
    if (m_state == State::Connecting || m_state == State::Connected || m_state == State::Authorizing)
        return;
    teardown();
    ++m_attempt;
    // The URL is the person's own choice, but the same rules hold: https, or http to this machine only.
    if (Result<void> allowed = url_policy::check(m_config.url); !allowed.ok())
        return setState(State::Failed, allowed.error());
    Result<std::unique_ptr<HttpClient>> http = makeHttpClient();
    if (!http.ok())
        return setState(State::Failed, http.error());
    m_http = std::move(http).value();
    setState(State::Connecting);
    const quint64 attempt = m_attempt;
    loadSecretHeaders([this, attempt](Result<void> loaded) {
        if (attempt != m_attempt)
            return;
        if (!loaded.ok())
            return setState(State::Failed, loaded.error());
        startDetection();
    });
}

void ServerConnection::loadSecretHeaders(std::function<void(Result<void>)> done)
{
    m_credentials->staticHeaders.clear();
    QStringList secretNames;
    for (const ServerConfig::Header &header : std::as_const(m_config.headers)) {
        if (header.secret)
            secretNames.append(header.name);
        else
            m_credentials->staticHeaders.append({header.name.toLatin1(), header.value.toUtf8()});
    }
    if (secretNames.isEmpty() || !m_secrets) {
        QMetaObject::invokeMethod(
            this, [done]() { done(Result<void>::success()); }, Qt::QueuedConnection);
        return;
    }
    // Read the secret values one after another; a missing one is a clear error, not a silent omission.
    auto remaining = std::make_shared<QStringList>(secretNames);
    auto next = std::make_shared<std::function<void()>>();
    *next = [this, remaining, next, done]() {
        if (remaining->isEmpty()) {
            *next = nullptr; // break the self-reference
            return done(Result<void>::success());
        }
        const QString name = remaining->takeFirst();
        m_secrets->readSecret(m_config.headerSecretKey(name), this, [this, name, next, done](Result<QByteArray> value) {
            if (!value.ok()) {
                *next = nullptr;
                return done(Error(value.error().code(),
                                  tr("The value of the header “%1” is not in the keychain.").arg(name),
                                  value.error().message()));
            }
            m_credentials->staticHeaders.append({name.toLatin1(), value.value()});
            (*next)();
        });
    };
    (*next)();
}

void ServerConnection::startDetection()
{
    m_detector = std::make_unique<EraDetector>(
        m_http.get(), [this](ProtocolEra era, const QUrl &url) { return makeTransport(era, url); },
        [this](Transport *transport) {
            auto *session = new McpSession(transport, this);
            // Requirements SEC-1: a URL-mode elicitation's page passes the server's destination rule first.
            if (m_elicitation) {
                const DestinationResolver destinations(m_http->options().destinations, m_http->options().resolver);
                session->setElicitationHandler(
                    new DestinationCheckingElicitationHandler(*m_elicitation, destinations, session));
            }
            if (m_sessionSetup)
                m_sessionSetup(*session);
            return session;
        });
    m_detector->setAuthorizationHandler(m_credentials.get());
    const std::optional<ProtocolEra> forced = forcedEra(m_config.transport);
    const quint64 attempt = m_attempt;
    m_detector->connectTo(
        m_config.url, forced ? forced : m_era, forced.has_value(), this,
        [this, attempt](Result<EraDetector::Connected> result) {
            if (attempt != m_attempt)
                return;
            if (!result.ok())
                return onConnectFailed(result.error());
            const EraDetector::Connected &connected = result.value();
            m_transport = connected.transport;
            m_session = connected.session;
            m_era = connected.era;
            m_reconnects = 0;
            connect(m_session, &McpSession::stateChanged, this, [this, attempt](McpSession::State state) {
                if (attempt == m_attempt && m_state == State::Connected
                    && (state == McpSession::State::Failed || state == McpSession::State::Closed)) {
                    onConnectFailed(Error(ErrorCode::NetworkFailure, tr("The connection to the server was lost.")));
                }
            });
            Q_EMIT eraDetected(connected.era);
            setState(State::Connected);
            Q_EMIT sessionReady(m_session);
        });
}

void ServerConnection::onConnectFailed(const Error &error)
{
    teardown();
    if (isAuthorizationFailure(error))
        return setState(State::NeedsAuthorization, error);
    setState(State::Failed, error);
    if (isTransient(error))
        scheduleReconnect();
}

void ServerConnection::scheduleReconnect()
{
    if (m_reconnects >= kMaxReconnects)
        return;
    const std::chrono::milliseconds delay =
        std::min<std::chrono::milliseconds>(kMaxBackoff, kFirstBackoff * (1LL << std::min(m_reconnects, 16)));
    ++m_reconnects;
    m_reconnectTimer.start(delay);
}

void ServerConnection::disconnectFromServer()
{
    m_reconnectTimer.stop();
    m_reconnects = 0;
    ++m_attempt;
    teardown();
    setState(State::Disconnected);
}

void ServerConnection::teardown()
{
    if (m_session) {
        m_session->disconnect(this);
        m_session->close();
        m_session->deleteLater();
    }
    if (m_transport)
        m_transport->deleteLater();
    m_session.clear();
    m_transport.clear();
    m_detector.reset();
}

} // namespace portico
