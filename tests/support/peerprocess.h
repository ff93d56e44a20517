#pragma once

#include <QProcess>
#include <QString>
#include <QStringList>

namespace portico::testing {

// A Node test peer from tests/peers (server-everything, an authorization server, ...) run on a free
// loopback port for the length of a test. Stopped (SIGTERM, then SIGKILL) when destroyed; the test
// command also kills stragglers if a test crashes (scripts/test-session.sh).
class PeerProcess
{
public:
    PeerProcess() = default;
    PeerProcess(const PeerProcess &) = delete;
    PeerProcess &operator=(const PeerProcess &) = delete;
    ~PeerProcess();

    // The tests/peers folder (PORTICO_PEERS_DIR, set by CTest).
    [[nodiscard]] static QString peersDirectory();
    [[nodiscard]] static quint16 freeLoopbackPort();

    // Starts `node <script relative to peersDirectory()> arguments...` with PORT=<port> in its environment
    // and waits until the port accepts connections. Returns an error text, empty on success.
    QString start(const QString &script, const QStringList &arguments, quint16 port, int readyTimeoutMs = 30000);
    void stop();
    [[nodiscard]] quint16 port() const { return m_port; }
    [[nodiscard]] bool isRunning() const { return m_process.state() == QProcess::Running; }

private:
    QProcess m_process;
    quint16 m_port = 0;
};

} // namespace portico::testing
