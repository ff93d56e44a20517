#include "oidcpeers.h"

#include "peerprocess.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QJsonDocument>
#include <QNetworkReply>
#include <QNetworkRequest>

#include <memory>

namespace portico::testing {

namespace {

constexpr int kStartAttempts = 3;
constexpr int kStatsTimeoutMs = 10000;

QUrl loopbackUrl(quint16 port, const QString &path)
{
    QUrl url;
    url.setScheme(QStringLiteral("http"));
    url.setHost(QStringLiteral("127.0.0.1"));
    url.setPort(port);
    url.setPath(path);
    return url;
}

} // namespace

OidcPeers::OidcPeers()
    : OidcPeers(Options{})
{}

OidcPeers::OidcPeers(Options options)
    : m_options(options)
{}

OidcPeers::~OidcPeers()
{
    stop();
}

QString OidcPeers::start()
{
    stop(); // a second start() begins afresh
    QElapsedTimer elapsed;
    elapsed.start();
    QString error;
    for (int attempt = 0; attempt < kStartAttempts; ++attempt) {
        error = startOnce();
        if (error.isEmpty()) {
            m_startupMs = elapsed.elapsed();
            return {};
        }
        stop();
    }
    return error;
}

QString OidcPeers::startOnce()
{
    const QDir peers(PeerProcess::peersDirectory());
    const QString node = peers.filePath(QStringLiteral("node_modules/.bin/node"));
    if (!QFile::exists(node) || !QFile::exists(peers.filePath(QStringLiteral("as.mjs"))))
        return QStringLiteral("test peers missing in '%1': run `npm ci` there (scripts/run-tests.sh does)")
            .arg(peers.path());

    // The RS port is chosen here, before the AS starts: the AS needs the resource URL (RFC 8707) up front.
    const quint16 rsPort = PeerProcess::freeLoopbackPort();
    if (rsPort == 0)
        return QStringLiteral("no free loopback port for rs.mjs");
    const QUrl resource = loopbackUrl(rsPort, QStringLiteral("/mcp"));

    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    // The peers exit when their stdin closes, i.e. when this process dies without stopping them.
    environment.insert(QStringLiteral("PORTICO_PEER_EXIT_WITH_STDIN"), QStringLiteral("1"));
    environment.remove(QStringLiteral("PORT"));

    QProcessEnvironment asEnvironment = environment;
    asEnvironment.insert(QStringLiteral("RESOURCE_URL"), resource.toString());
    asEnvironment.insert(QStringLiteral("ACCESS_TOKEN_TTL"), QString::number(m_options.accessTokenTtlSeconds));
    asEnvironment.insert(QStringLiteral("REFRESH_DELAY_MS"), QString::number(m_options.refreshDelayMs));
    asEnvironment.insert(QStringLiteral("PORT"), QStringLiteral("0"));
    quint16 asPort = 0;
    if (QString error = startPeer(m_as, QStringLiteral("as.mjs"), asEnvironment, &asPort); !error.isEmpty())
        return error;
    m_asPort = asPort;

    QProcessEnvironment rsEnvironment = environment;
    rsEnvironment.insert(QStringLiteral("AS_ISSUER"), asIssuer().toString());
    rsEnvironment.insert(QStringLiteral("PORT"), QString::number(rsPort));
    quint16 boundRsPort = 0;
    if (QString error = startPeer(m_rs, QStringLiteral("rs.mjs"), rsEnvironment, &boundRsPort); !error.isEmpty())
        return error;
    if (boundRsPort != rsPort)
        return QStringLiteral("rs.mjs bound port %1 instead of %2").arg(boundRsPort).arg(rsPort);
    m_rsPort = rsPort;
    return {};
}

QString OidcPeers::startPeer(QProcess &process, const QString &script, const QProcessEnvironment &environment,
                             quint16 *port)
{
    const QDir peers(PeerProcess::peersDirectory());
    process.setProcessEnvironment(environment);
    process.setWorkingDirectory(peers.path());
    // Node's own errors (a crash, EADDRINUSE) go to the test log; the peers print no secrets.
    process.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    process.start(peers.filePath(QStringLiteral("node_modules/.bin/node")), {peers.filePath(script)});
    if (!process.waitForStarted(10000))
        return QStringLiteral("%1 did not start: %2").arg(script, process.errorString());

    // Wait for the one line "READY <port>".
    QByteArray output;
    QDeadlineTimer deadline(m_options.readyTimeoutMs);
    while (!deadline.hasExpired()) {
        if (process.state() != QProcess::Running)
            return QStringLiteral("%1 exited before it was ready (exit code %2)").arg(script).arg(process.exitCode());
        process.waitForReadyRead(100);
        output += process.readAllStandardOutput();
        for (const QByteArray &line : output.split('\n')) {
            if (!line.startsWith("READY "))
                continue;
            bool ok = false;
            const uint value = line.sliced(6).trimmed().toUInt(&ok);
            if (!ok || value == 0 || value > 65535)
                return QStringLiteral("%1 reported an unusable port").arg(script);
            *port = static_cast<quint16>(value);
            // Nothing else is expected on stdout; drain it anyway so a chatty peer never blocks on a full pipe.
            QObject::connect(&process, &QProcess::readyReadStandardOutput, &process,
                             [&process] { process.readAllStandardOutput(); });
            return {};
        }
    }
    return QStringLiteral("%1 did not print READY within %2 ms").arg(script).arg(m_options.readyTimeoutMs);
}

void OidcPeers::stopPeer(QProcess &process)
{
    QObject::disconnect(&process, &QProcess::readyReadStandardOutput, &process, nullptr);
    if (process.state() == QProcess::NotRunning)
        return;
    process.terminate();
    if (!process.waitForFinished(5000)) {
        process.kill();
        process.waitForFinished(5000);
    }
}

void OidcPeers::stop()
{
    // The RS first: it depends on the AS (JWKS), not the other way round.
    stopPeer(m_rs);
    stopPeer(m_as);
}

bool OidcPeers::isRunning() const
{
    return m_as.state() == QProcess::Running && m_rs.state() == QProcess::Running;
}

QUrl OidcPeers::asIssuer() const
{
    return loopbackUrl(m_asPort, {});
}

QUrl OidcPeers::mcpUrl() const
{
    return loopbackUrl(m_rsPort, QStringLiteral("/mcp"));
}

QUrl OidcPeers::protectedResourceMetadataUrl() const
{
    return loopbackUrl(m_rsPort, QStringLiteral("/.well-known/oauth-protected-resource/mcp"));
}

QUrl OidcPeers::authServerMetadataUrl() const
{
    return loopbackUrl(m_asPort, QStringLiteral("/.well-known/oauth-authorization-server"));
}

QJsonObject OidcPeers::asStats()
{
    return exchangeJson("GET", loopbackUrl(m_asPort, QStringLiteral("/test/stats")));
}

QJsonObject OidcPeers::rsStats()
{
    return exchangeJson("GET", loopbackUrl(m_rsPort, QStringLiteral("/test/stats")));
}

QJsonObject OidcPeers::revokeAllGrants()
{
    return exchangeJson("POST", loopbackUrl(m_asPort, QStringLiteral("/test/revoke-all-grants")));
}

QJsonObject OidcPeers::asSecrets()
{
    return exchangeJson("GET", loopbackUrl(m_asPort, QStringLiteral("/test/secrets")));
}

QJsonObject OidcPeers::exchangeJson(const QByteArray &verb, const QUrl &url)
{
    QNetworkRequest request(url);
    request.setTransferTimeout(kStatsTimeoutMs);
    std::unique_ptr<QNetworkReply> reply(verb == "POST" ? m_network.post(request, QByteArray())
                                                        : m_network.get(request));
    QEventLoop loop;
    QObject::connect(reply.get(), &QNetworkReply::finished, &loop, &QEventLoop::quit);
    if (!reply->isFinished())
        loop.exec();
    if (reply->error() != QNetworkReply::NoError)
        return {};
    return QJsonDocument::fromJson(reply->readAll()).object();
}

} // namespace portico::testing
