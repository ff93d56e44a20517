#include "mcp/connectionmanager.h"

#include "mcp/serverconnection.h"
#include "storage/serverregistry.h"

namespace portico {

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
        if (existing && config)
            existing->setConfig(*config);
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

void ConnectionManager::setElicitationHandler(ElicitationHandler *handler)
{
    m_elicitation = handler;
    for (ServerConnection *existing : std::as_const(m_connections))
        existing->setElicitationHandler(handler);
}

void ConnectionManager::connectAll()
{
    for (ServerConnection *existing : std::as_const(m_connections))
        existing->connectToServer();
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
    m_connections.insert(serverId, created);
    Q_EMIT connectionAdded(created);
}

void ConnectionManager::removeConnection(const QString &serverId)
{
    ServerConnection *removed = m_connections.take(serverId);
    if (!removed)
        return;
    removed->disconnectFromServer();
    removed->deleteLater();
    Q_EMIT connectionRemoved(serverId);
}

void ConnectionManager::resync()
{
    QSet<QString> configured;
    for (const ServerConfig &config : m_registry->servers()) {
        configured.insert(config.id());
        if (ServerConnection *existing = connection(config.id()))
            existing->setConfig(config);
        else
            addConnection(config.id());
    }
    const QList<QString> known = m_connections.keys();
    for (const QString &id : known) {
        if (!configured.contains(id))
            removeConnection(id);
    }
}

} // namespace portico
