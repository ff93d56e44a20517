#pragma once

#include <QObject>
#include <QString>

#include <memory>

namespace portico {

class Bridge;
class SecretStore;
class ServerRegistry;

// `portico bridge SERVER`: finds the server (a configured one by id or name, or any MCP server URL) and runs a
// Bridge on this process's stdin and stdout. An unconfigured URL gets an id derived from the URL itself, so
// its sign-in is stored and found again like a configured server's. Diagnostics go to stderr only: stdout
// carries JSON-RPC and nothing else.
class BridgeCommand : public QObject
{
    Q_OBJECT

public:
    struct Options
    {
        bool noKeychain = false;
    };

    explicit BridgeCommand(Options options, QObject *parent = nullptr);
    ~BridgeCommand() override;

    void start(const QString &server);
    // Ends the bridge cleanly (SIGTERM, SIGINT): the remote session is closed first.
    void stop();

Q_SIGNALS:
    void finished(int exitCode);

private:
    void fail(const QString &message);

    Options m_options;
    std::unique_ptr<ServerRegistry> m_registry;
    std::unique_ptr<SecretStore> m_secrets;
    std::unique_ptr<Bridge> m_bridge;
};

} // namespace portico
