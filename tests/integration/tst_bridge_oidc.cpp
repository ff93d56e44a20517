// `portico bridge` end to end with a stored sign-in (docs/architecture.md, "The stdio bridge"): oidc-provider
// and the SDK-protected MCP server (tests/peers/as.mjs, rs.mjs), the real Secret Service (ctest runs in a private
// D-Bus session with gnome-keyring), and apps that are the MCP SDK's own StdioClientTransport
// (tests/peers/bridge-oidc-check.mjs) spawning `portico bridge SERVER`.
//
// The sign-in is stored the way the window stores it: AuthSession (with the test "browser" on the real login and
// consent pages) writing through its CredentialStore into the keychain. Then:
//   - one bridge lists and calls tools with that sign-in, and opens no browser (a fake xdg-open records calls);
//   - three bridges started at once on an expired access token refresh it exactly once (the cross-process
//     refresh lock, requirements AUTH-41): refresh tokens rotate, so a second refresh with the burnt one would
//     be refused (invalid_grant) and oidc-provider would revoke the whole grant (OAuth 2.1 §4.3.1);
//   - a bridge started without the D-Bus session address says the keychain is unreachable, not "sign in first";
//   - nothing the bridges printed holds a secret the authorization server issued (requirements SEC-4).

#include "auth/authsession.h"
#include "auth/servercredentials.h"
#include "awaitresult.h"
#include "common/appidentity.h"
#include "config/serverregistry.h"
#include "host/serverconnection.h"
#include "host/serveroptions.h"
#include "keychain/keychainsecretstore.h"
#include "net/httpclient.h"
#include "oidcloginuseragent.h"
#include "oidcpeers.h"
#include "peerprocess.h"

#include <QDir>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace portico;
using portico::testing::OidcLoginUserAgent;
using portico::testing::OidcPeers;
using portico::testing::PeerProcess;

namespace {

// Long enough that a token refreshed during the three-bridge run is not renewed again before they finish (the
// renewal is due a quarter of the lifetime before expiry), short enough to wait for it to expire.
constexpr int kAccessTokenTtlSeconds = 15;
// A slow IdP widens the window in which two bridges could refresh the same grant.
constexpr int kRefreshDelayMs = 400;
constexpr int kCheckTimeoutMs = 120'000;

} // namespace

class TestBridgeOidc : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_config;
    std::unique_ptr<OidcPeers> m_peers;
    std::unique_ptr<KeychainSecretStore> m_keychain;
    ServerConfig m_serverConfig;
    QString m_printed; // everything bridge-oidc-check.mjs printed, the bridges' stderr included

    std::optional<ServerCredentials> storedCredentials()
    {
        const auto read = portico::testing::await<QByteArray>(
            [this](QObject *context, auto done) {
                m_keychain->readSecret(ServerCredentials::secretKey(m_serverConfig.id()), context, done);
            },
            20'000);
        if (!read || !read->ok())
            return std::nullopt;
        Result<ServerCredentials> credentials = ServerCredentials::fromBlob(read->value());
        if (!credentials.ok() || !credentials.value().current())
            return std::nullopt;
        return credentials.value();
    }

    // node bridge-oidc-check.mjs PORTICO SERVER COUNT [VARIANT]: its PASS/FAIL lines, and whether it exited 0.
    bool runBridges(int bridges, QString *output, const QString &variant = QStringLiteral("keychain"))
    {
        QProcess node;
        node.setWorkingDirectory(PeerProcess::peersDirectory());
        node.setProcessChannelMode(QProcess::MergedChannels);
        node.start(QDir(PeerProcess::peersDirectory()).filePath(QStringLiteral("node_modules/.bin/node")),
                   {QStringLiteral("bridge-oidc-check.mjs"), qEnvironmentVariable("PORTICO_EXECUTABLE"),
                    m_serverConfig.name, QString::number(bridges), variant});
        const bool finished = node.waitForFinished(kCheckTimeoutMs);
        if (!finished)
            node.kill();
        node.waitForFinished(5000);
        *output = QString::fromUtf8(node.readAll());
        m_printed += *output;
        return finished && node.exitStatus() == QProcess::NormalExit && node.exitCode() == 0;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(!qEnvironmentVariable("PORTICO_EXECUTABLE").isEmpty());
        QVERIFY(m_config.isValid());
        // servers.json of this test, also read by the bridges (they inherit the environment).
        qputenv("XDG_CONFIG_HOME", m_config.path().toUtf8());
        m_peers = std::make_unique<OidcPeers>(OidcPeers::Options{kAccessTokenTtlSeconds, kRefreshDelayMs, 30'000});
        const QString started = m_peers->start();
        QVERIFY2(started.isEmpty(), qPrintable(started));
        m_keychain = std::make_unique<KeychainSecretStore>(QString(app_identity::kApplicationId));

        m_serverConfig.name = QStringLiteral("Protected bridge server");
        m_serverConfig.url = m_peers->mcpUrl();
        m_serverConfig.transport = ServerConfig::TransportChoice::StreamableHttp2025;
        m_serverConfig.proxyMode = ProxyMode::None;
        ServerRegistry registry;
        QVERIFY(registry.load().ok());
        QVERIFY(registry.add(m_serverConfig).ok());
    }

    // The sign-in as the window makes it: real login and consent pages, tokens stored in the keychain.
    void signInIsStoredInTheKeychain()
    {
        OidcLoginUserAgent browser;
        HttpClient::Options httpOptions;
        httpOptions.proxyMode = ProxyMode::None;
        HttpClient authHttp(httpOptions);
        AuthSession auth(server_options::authSessionOptions(m_serverConfig), authHttp, m_keychain.get(), &browser);
        ServerConnection connection(m_serverConfig, m_keychain.get());
        connection.setAuthorizationHandler(&auth);
        connection.connectToServer();
        QTRY_VERIFY2_WITH_TIMEOUT(connection.state() == ServerConnection::State::Connected,
                                  qPrintable(auth.timelineText()), 30'000);
        QCOMPARE(browser.loginPagesSeen(), 1);
        QVERIFY(auth.access().remembered);
        connection.disconnectFromServer();

        const std::optional<ServerCredentials> stored = storedCredentials();
        QVERIFY(stored.has_value());
        QVERIFY(stored->current()->tokens.hasRefreshToken());
    }

    // An app spawns the bridge: tools listed and called with the stored sign-in; no browser, no new sign-in.
    void bridgeUsesTheStoredSignInWithoutABrowser()
    {
        const QJsonObject before = m_peers->asStats();
        QString output;
        QVERIFY2(runBridges(1, &output), qPrintable(output));
        const QJsonObject after = m_peers->asStats();
        QCOMPARE(OidcPeers::count(after, QStringLiteral("tokenRequests"), QStringLiteral("authorization_code")),
                 OidcPeers::count(before, QStringLiteral("tokenRequests"), QStringLiteral("authorization_code")));
        QCOMPARE(OidcPeers::count(after, QStringLiteral("registrations")),
                 OidcPeers::count(before, QStringLiteral("registrations")));
        QCOMPARE(OidcPeers::count(after, QStringLiteral("refreshFailed")),
                 OidcPeers::count(before, QStringLiteral("refreshFailed")));
    }

    // Three bridges start at once after the stored access token expired: exactly one refresh, all three work.
    // Twice: the second round refreshes with the rotated token the first round's refreshing bridge stored.
    void threeBridgesOnAnExpiredTokenRefreshOnce()
    {
        for (int round = 0; round < 2; ++round) {
            const std::optional<ServerCredentials> stored = storedCredentials();
            QVERIFY(stored.has_value());
            const QDateTime expiry = stored->current()->tokens.expiresAt;
            QVERIFY(expiry.isValid());
            QTest::qWait(int(std::max<qint64>(0, QDateTime::currentDateTimeUtc().msecsTo(expiry))) + 1000);

            const QJsonObject before = m_peers->asStats();
            QString output;
            const bool passed = runBridges(3, &output);
            const QJsonObject after = m_peers->asStats();
            const int refreshes =
                OidcPeers::count(after, QStringLiteral("tokenRequests"), QStringLiteral("refresh_token"))
                - OidcPeers::count(before, QStringLiteral("tokenRequests"), QStringLiteral("refresh_token"));
            const int refused = OidcPeers::count(after, QStringLiteral("refreshFailed"))
                                - OidcPeers::count(before, QStringLiteral("refreshFailed"));
            qInfo("round %d, 3 bridges on an expired token: %d refresh request(s), %d refused", round, refreshes,
                  refused);
            QVERIFY2(passed, qPrintable(output));
            QCOMPARE(refreshes, 1);
            QCOMPARE(refused, 0);
            QCOMPARE(OidcPeers::count(after, QStringLiteral("tokenRequests"), QStringLiteral("authorization_code")),
                     OidcPeers::count(before, QStringLiteral("tokenRequests"), QStringLiteral("authorization_code")));
        }
    }

    // Requirements SEC-16: an app that starts the bridge without the D-Bus session address (the MCP SDK's stdio
    // client passes only a few variables unless told otherwise) gets an error that names the keychain, not one
    // that asks for a sign-in Portico has stored. Nothing is sent to the authorization server.
    void unreachableKeychainIsNotCalledAMissingSignIn()
    {
        const QJsonObject before = m_peers->asStats();
        QString output;
        const bool passed = runBridges(1, &output, QStringLiteral("no-session-bus"));
        qInfo("%s", qPrintable(output)); // no token can be in it: the keychain was never read
        QVERIFY2(passed, qPrintable(output));
        QCOMPARE(m_peers->asStats(), before);
    }

    // Requirements SEC-4: nothing the bridges printed (their stderr, relayed by bridge-oidc-check.mjs) holds a
    // secret the authorization server issued or received.
    void noSecretInWhatTheBridgesPrinted()
    {
        const QJsonObject secrets = m_peers->asSecrets();
        int checked = 0;
        for (const QString &kind : secrets.keys()) {
            for (const QJsonValue &value : secrets.value(kind).toArray()) {
                const QString secret = value.toString();
                if (secret.size() < 8)
                    continue;
                ++checked;
                // Never print the secret itself: only its kind.
                QVERIFY2(!m_printed.contains(secret),
                         qPrintable(QStringLiteral("a secret (%1) was printed").arg(kind)));
            }
        }
        QVERIFY2(checked >= 5, "the authorization server reported too few secrets to make this check mean anything");
    }

    void cleanupTestCase() { m_peers.reset(); }
};

QTEST_GUILESS_MAIN(TestBridgeOidc)
#include "tst_bridge_oidc.moc"
