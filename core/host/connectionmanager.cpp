#include "host/connectionmanager.h"

#include "auth/authsession.h"
#include "auth/useragent.h"
#include "config/serverregistry.h"
#include "host/serverconnection.h"
#include "host/serveroptions.h"
#include "net/httpclient.h"
#include "secrets/secretstore.h"

#include <QPointer>

namespace portico {

// A server's authorization engine and what it needs, kept together so they go away together.
struct ConnectionManager::Authorization
{
    std::unique_ptr<HttpClient> http;
    std::shared_ptr<UserAgent> userAgent;
    std::unique_ptr<AuthSession> session;
};

ConnectionManager::ConnectionManager(ServerRegistry *registry, SecretStore *secrets, QObject *parent)
    : QObject(parent)
    , m_registry(registry)
    , m_secrets(secrets)
{
    connect(m_registry, &ServerRegistry::serverAdded, this, &ConnectionManager::addConnection);
    connect(m_registry, &ServerRegistry::serverRemoved, this, &ConnectionManager::removeConnection);
    connect(m_registry, &ServerRegistry::serverUpdated, this, [this](const QString &id) {
        ServerConnection *existing = connection(id);
        const std::optional<ServerConfig> config = m_registry->find(id);
        if (existing && config) {
            attachAuthorization(existing, *config);
            existing->setConfig(*config);
        }
    });
    connect(m_registry, &ServerRegistry::serversReset, this, &ConnectionManager::resync);
    resync();
}

ConnectionManager::~ConnectionManager()
{
    disconnectAll();
}

ServerConnection *ConnectionManager::connection(const QString &serverId) const
{
    return m_connections.value(serverId);
}

QList<ServerConnection *> ConnectionManager::connections() const
{
    QList<ServerConnection *> ordered;
    for (const ServerConfig &config : m_registry->servers()) {
        if (ServerConnection *existing = connection(config.id()))
            ordered.append(existing);
    }
    return ordered;
}

AuthSession *ConnectionManager::authSession(const QString &serverId) const
{
    const auto found = m_authorizations.constFind(serverId);
    return found == m_authorizations.cend() ? nullptr : (*found)->session.get();
}

void ConnectionManager::setUserAgentFactory(UserAgentFactory factory)
{
    m_userAgents = std::move(factory);
    for (ServerConnection *existing : std::as_const(m_connections))
        attachAuthorization(existing, existing->config());
}

HttpClient *ConnectionManager::authHttpClient(const QString &serverId) const
{
    const auto found = m_authorizations.constFind(serverId);
    return found == m_authorizations.cend() ? nullptr : (*found)->http.get();
}

void ConnectionManager::attachAuthorization(ServerConnection *connection, const ServerConfig &config)
{
    // A new config (scopes, client, proxy) means a new engine; the keychain keeps the sign-in across it.
    connection->setAuthorizationHandler(nullptr);
    const bool hadOne = m_authorizations.remove(config.id()) > 0;
    if (config.authorizationMode == ServerConfig::AuthorizationMode::None) {
        if (hadOne)
            Q_EMIT authSessionChanged(config.id());
        return;
    }
    Result<HttpClientOptions> options = server_options::httpClientOptions(config);
    if (!options.ok())
        return; // the connection reports the same unreadable CA file when it connects
    auto authorization = std::make_shared<Authorization>();
    authorization->http = std::make_unique<HttpClient>(options.value());
    if (m_userAgents)
        authorization->userAgent = m_userAgents(config);
    authorization->session = std::make_unique<AuthSession>(
        server_options::authSessionOptions(config), *authorization->http, m_secrets, authorization->userAgent.get());
    authorization->session->setInteractionAllowed(false);
    if (config.hasClientSecret && m_secrets) {
        QPointer<AuthSession> session(authorization->session.get());
        m_secrets->readSecret(config.clientSecretKey(), authorization->session.get(),
                              [session](Result<QByteArray> secret) {
                                  if (session && secret.ok())
                                      session->setPreRegisteredSecret(QString::fromUtf8(secret.value()));
                              });
    }
    authorization->session->load();
    connection->setAuthorizationHandler(authorization->session.get());
    m_authorizations.insert(config.id(), authorization);
    Q_EMIT authSessionChanged(config.id());
}

void ConnectionManager::connectServer(const QString &serverId)
{
    ServerConnection *existing = connection(serverId);
    if (!existing)
        return;
    if (AuthSession *session = authSession(serverId))
        session->setInteractionAllowed(true);
    existing->connectToServer();
}

void ConnectionManager::setElicitationHandler(ElicitationHandler *handler)
{
    m_elicitation = handler;
    for (ServerConnection *existing : std::as_const(m_connections))
        existing->setElicitationHandler(handler);
}

void ConnectionManager::connectAll()
{
    for (auto it = m_connections.cbegin(); it != m_connections.cend(); ++it) {
        if (AuthSession *session = authSession(it.key()))
            session->setInteractionAllowed(false);
        it.value()->connectToServer();
    }
}

void ConnectionManager::disconnectAll()
{
    for (ServerConnection *existing : std::as_const(m_connections))
        existing->disconnectFromServer();
}

void ConnectionManager::addConnection(const QString &serverId)
{
    const std::optional<ServerConfig> config = m_registry->find(serverId);
    if (!config || m_connections.contains(serverId))
        return;
    auto *created = new ServerConnection(*config, m_secrets, this);
    created->setElicitationHandler(m_elicitation);
    attachAuthorization(created, *config);
    m_connections.insert(serverId, created);
    Q_EMIT connectionAdded(created);
}

void ConnectionManager::removeConnection(const QString &serverId)
{
    ServerConnection *removed = m_connections.take(serverId);
    if (!removed)
        return;
    removed->disconnectFromServer();
    removed->setAuthorizationHandler(nullptr);
    m_authorizations.remove(serverId);
    removed->deleteLater();
    Q_EMIT connectionRemoved(serverId);
}

void ConnectionManager::resync()
{
    QSet<QString> configured;
    for (const ServerConfig &config : m_registry->servers()) {
        configured.insert(config.id());
        if (ServerConnection *existing = connection(config.id())) {
            attachAuthorization(existing, config);
            existing->setConfig(config);
        } else
            addConnection(config.id());
    }
    const QList<QString> known = m_connections.keys();
    for (const QString &id : known) {
        if (!configured.contains(id))
            removeConnection(id);
    }
}

} // namespace portico
