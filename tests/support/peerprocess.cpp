#include "peerprocess.h"

#include <QDir>
#include <QHostAddress>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

namespace portico::testing {

PeerProcess::~PeerProcess()
{
    stop();
}

QString PeerProcess::peersDirectory()
{
    return qEnvironmentVariable("PORTICO_PEERS_DIR");
}

quint16 PeerProcess::freeLoopbackPort()
{
    QTcpServer probe;
    return probe.listen(QHostAddress::LocalHost, 0) ? probe.serverPort() : 0;
}

QString PeerProcess::start(const QString &script, const QStringList &arguments, quint16 port, int readyTimeoutMs)
{
    const QDir peers(peersDirectory());
    const QString node = peers.filePath(QStringLiteral("node_modules/.bin/node"));
    const QString scriptPath = peers.filePath(script);
    if (!QFile::exists(node) || !QFile::exists(scriptPath))
        return QStringLiteral("test peers missing in '%1': run `npm ci` there (scripts/run-tests.sh does)")
            .arg(peers.path());
    m_port = port;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("PORT"), QString::number(port));
    m_process.setProcessEnvironment(environment);
    m_process.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    m_process.setStandardOutputFile(QProcess::nullDevice());
    m_process.start(node, QStringList{scriptPath} + arguments);
    if (!m_process.waitForStarted(10000))
        return m_process.errorString();
    QElapsedTimer waited;
    waited.start();
    while (waited.elapsed() < readyTimeoutMs && m_process.state() == QProcess::Running) {
        QTcpSocket socket;
        socket.connectToHost(QHostAddress::LocalHost, port);
        if (socket.waitForConnected(100))
            return {};
        QTest::qWait(50);
    }
    if (m_process.state() != QProcess::Running) {
        // Node's own message (EADDRINUSE, a crash) is in the test log: stderr is forwarded.
        return QStringLiteral("%1 exited (exit code %2) before it listened on port %3")
            .arg(script)
            .arg(m_process.exitCode())
            .arg(port);
    }
    return QStringLiteral("%1 did not listen on port %2 within %3 ms").arg(script).arg(port).arg(readyTimeoutMs);
}

void PeerProcess::stop()
{
    if (m_process.state() == QProcess::NotRunning)
        return;
    m_process.terminate();
    if (!m_process.waitForFinished(5000)) {
        m_process.kill();
        m_process.waitForFinished(5000);
    }
}

} // namespace portico::testing
