#pragma once

#include "bridge/bridgesession.h"
#include "bridge/stdiochannel.h"
#include "config/serverconfig.h"
#include "host/serverconnection.h"

#include <QObject>

#include <memory>

namespace portico {

class AuthSession;
class HttpClient;
class SecretStore;

// `portico bridge SERVER`: one remote MCP server offered as a stdio MCP server (docs/architecture.md, "The
// stdio bridge"). The remote side is the same ServerConnection, McpSession and AuthSession as the window's,
// with the sign-in stored in the keychain (refreshed under the cross-process lock, requirements AUTH-41); it
// connects when the app initializes, so the server sees the app's capabilities and one session (requirements
// FEATURE-11). A sign-in that needs a person is never started here (no browser): the waiting request gets an
// error saying so, and the bridge keeps running. The end of stdin ends the bridge, after the remote session was
// closed.
class Bridge : public QObject
{
    Q_OBJECT

public:
    // `secrets` holds the stored sign-in and secret header values; not owned, outlives the bridge.
    Bridge(ServerConfig config, SecretStore *secrets, int inputFd, int outputFd, QObject *parent = nullptr);
    ~Bridge() override;

    // Starts reading stdin; finished() follows when it ends.
    void start();
    // Closes the remote session and finishes (stdin ended, or a signal).
    void stop();

Q_SIGNALS:
    void finished(int exitCode);

private:
    void connectRemote();
    void connectWithAuthorization();
    void onConnectionState(ServerConnection::State state);

    ServerConfig m_config;
    SecretStore *m_secrets;
    StdioChannel m_channel;
    BridgeSession m_session;
    std::unique_ptr<HttpClient> m_authHttp;
    std::unique_ptr<AuthSession> m_auth; // outlives the connection, which calls it
    std::unique_ptr<ServerConnection> m_connection;
    bool m_stopping = false;
};

} // namespace portico
