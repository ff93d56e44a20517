#pragma once

#include "common/result.h"
#include "config/serverconfig.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QHash>
#include <QObject>
#include <QPointer>
#include <QString>

#include <functional>
#include <memory>
#include <optional>

namespace portico {

class ConnectionManager;
class ImportPreview;
class SecretStore;
class ServerRegistry;

// Every change to the set of configured servers that touches secrets: save (add or edit), duplicate,
// remove and import. The GUI and the command line both go through it, so the rules hold everywhere
// (docs/architecture.md, "Saving a server"):
// - secrets first, then the registry: the registry never claims a secret the keychain does not hold, and a
//   connection (which reacts to the registry's signals) never reads a secret before it is written;
// - a step that fails undoes the steps before it: the keychain and servers.json stay as they were;
// - removal signs out (RFC 7009 revocation, through the server's AuthSession when a ConnectionManager is
//   set), then deletes every secret the server owns (client secret, header secrets, stored credentials),
//   then the config. If a secret cannot be deleted the server is kept, so removing it can be tried again.
// Callbacks run exactly once, never synchronously, never after `context` is destroyed.
class ServerLifecycle : public QObject
{
    Q_OBJECT

public:
    // Secrets that go with a save. Values are held only until they are stored.
    struct SecretEdits
    {
        // nullopt: leave the stored client secret as it is; empty: delete it; else: store this one.
        std::optional<QByteArray> clientSecret;
        // Secret header values by header name (the header must be marked secret in the config).
        QHash<QString, QByteArray> headerValues;
    };
    using Callback = std::function<void(Result<void>)>;

    // `secrets` may be null (no keychain at all): saves that carry a secret then fail, nothing else does.
    ServerLifecycle(ServerRegistry &registry, SecretStore *secrets, QObject *parent = nullptr);
    ~ServerLifecycle() override;

    // Signs servers out before they are removed. Optional; must outlive this object.
    void setConnectionManager(ConnectionManager *connections) { m_connections = connections; }

    // Adds `config` when the registry does not know its id, else replaces the stored one. Secret headers the
    // edit dropped lose their keychain entries too.
    void save(ServerConfig config, SecretEdits secrets, QObject *context, Callback done);
    // A copy under a new id and name, with copies of the original's secrets.
    void duplicate(const QString &serverId, QObject *context, std::function<void(Result<ServerConfig>)> done);
    void remove(const QString &serverId, QObject *context, Callback done);
    // Carries out an import preview's "add" rows: its secrets, then one all-or-nothing registry write.
    void importServers(const ImportPreview &preview, QObject *context, std::function<void(Result<qsizetype>)> done);

private:
    void deleteSecretsAndConfig(const ServerConfig &config, QObject *context, Callback done);
    struct SecretCopy;
    void copySecrets(ServerConfig original, ServerConfig copy, QObject *context,
                     std::function<void(Result<ServerConfig>)> done);
    void copyNextSecret(const std::shared_ptr<SecretCopy> &state);

    ServerRegistry &m_registry;
    SecretStore *m_secrets;
    ConnectionManager *m_connections = nullptr; // must outlive this object (setConnectionManager)
};

} // namespace portico
