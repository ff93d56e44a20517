#pragma once

#include <QHash>
#include <QObject>
#include <QString>

#include <functional>
#include <memory>

namespace portico {

class AuthSession;
class AuthorizationHandler;
class HttpClient;
class ServerConfig;
class UserAgent;
class ElicitationHandler;
class SecretStore;
class ServerConnection;
class ServerRegistry;

// One ServerConnection per configured server, kept in step with the ServerRegistry: a server added gets a
// connection, an edited one gets the new config, a removed one is disconnected and dropped. Connections are
// independent: one failing server never holds up another. Each server whose authorization mode is not None
// also gets its AuthSession (its own HttpClient with the server's proxy and CA settings, the keychain, and a
// UserAgent from the factory), plugged into the connection as its authorization handler.
class ConnectionManager : public QObject
{
    Q_OBJECT

public:
    ConnectionManager(ServerRegistry *registry, SecretStore *secrets, QObject *parent = nullptr);
    ~ConnectionManager() override;

    [[nodiscard]] ServerConnection *connection(const QString &serverId) const;
    [[nodiscard]] QList<ServerConnection *> connections() const;

    // The authorization engine of a server; null for servers with authorization mode None.
    [[nodiscard]] AuthSession *authSession(const QString &serverId) const;

    // Handlers every connection uses (the UI's dialogs, or the authorization engine).
    void setElicitationHandler(ElicitationHandler *handler);
    // How sign-in pages are shown (the desktop's embedded page or system browser), per server. Set it before
    // servers are added; without one, sign-in that needs a person fails with a clear message.
    using UserAgentFactory = std::function<std::shared_ptr<UserAgent>(const ServerConfig &config)>;
    // Re-creates the AuthSession of every server, so call it once, before connecting.
    void setUserAgentFactory(UserAgentFactory factory);
    // The HttpClient of a server's AuthSession (its exchange log shows discovery and token requests).
    [[nodiscard]] HttpClient *authHttpClient(const QString &serverId) const;

    // Connects every server without showing any sign-in page (start-up): servers with a stored sign-in
    // connect, the others end in "Needs sign-in" until the person connects them (connectServer()).
    void connectAll();
    // Connects one server because the person asked: a sign-in page may be shown.
    void connectServer(const QString &serverId);
    void disconnectAll();

Q_SIGNALS:
    void connectionAdded(portico::ServerConnection *connection);
    void connectionRemoved(const QString &serverId);
    // The server's AuthSession was (re)created (a new config) or dropped: views re-read authSession().
    void authSessionChanged(const QString &serverId);

private:
    struct Authorization;
    void addConnection(const QString &serverId);
    void attachAuthorization(ServerConnection *connection, const ServerConfig &config);
    void removeConnection(const QString &serverId);
    void resync();

    ServerRegistry *m_registry;
    SecretStore *m_secrets;
    ElicitationHandler *m_elicitation = nullptr;
    UserAgentFactory m_userAgents;
    QHash<QString, ServerConnection *> m_connections; // children of this object
    QHash<QString, std::shared_ptr<Authorization>> m_authorizations;
};

} // namespace portico
