#pragma once

#include <QHash>
#include <QObject>
#include <QString>

#include <memory>

namespace portico {

class AuthorizationHandler;
class ElicitationHandler;
class SecretStore;
class ServerConnection;
class ServerRegistry;

// One ServerConnection per configured server, kept in step with the ServerRegistry: a server added gets a
// connection, an edited one gets the new config, a removed one is disconnected and dropped. Connections are
// independent: one failing server never holds up another.
class ConnectionManager : public QObject
{
    Q_OBJECT

public:
    ConnectionManager(ServerRegistry *registry, SecretStore *secrets, QObject *parent = nullptr);
    ~ConnectionManager() override;

    [[nodiscard]] ServerConnection *connection(const QString &serverId) const;
    [[nodiscard]] QList<ServerConnection *> connections() const;

    // Handlers every connection uses (the UI's dialogs, or the authorization engine).
    void setElicitationHandler(ElicitationHandler *handler);

    void connectAll();
    void disconnectAll();

Q_SIGNALS:
    void connectionAdded(portico::ServerConnection *connection);
    void connectionRemoved(const QString &serverId);

private:
    void addConnection(const QString &serverId);
    void removeConnection(const QString &serverId);
    void resync();

    ServerRegistry *m_registry;
    SecretStore *m_secrets;
    ElicitationHandler *m_elicitation = nullptr;
    QHash<QString, ServerConnection *> m_connections; // children of this object
};

} // namespace portico
