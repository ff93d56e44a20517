// The authorization engine against real peers: oidc-provider as the authorization
// server with its real login and consent pages, an MCP server behind the MCP SDK's bearer middleware, the
// real Secret Service (gnome-keyring from scripts/test-session.sh), and `portico --call` as the second and
// third Portico processes. Requirements AUTH-1–AUTH-43, SEC-4, UI-3 end to end; requirements ATTACK-10 (no loops);
// requirements SEC-4 (no secret in any log).
//
// Every logging category is on for this test (QT_LOGGING_RULES in tests/CMakeLists.txt); every message,
// every exchange log line, every timeline and the output of every subprocess is captured, and the last test
// checks that none of the secrets the authorization server issued or received appears in any of it.

#include "auth/authsession.h"
#include "auth/servercredentials.h"
#include "awaitresult.h"
#include "common/appidentity.h"
#include "config/serverregistry.h"
#include "host/serverconnection.h"
#include "host/serveroptions.h"
#include "keychain/keychainsecretstore.h"
#include "mcp/mcpsession.h"
#include "net/httpclient.h"
#include "oidcloginuseragent.h"
#include "oidcpeers.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonObject>
#include <QMutex>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace portico;
using portico::testing::OidcLoginUserAgent;
using portico::testing::OidcPeers;

namespace {

// Everything that was logged or printed anywhere during the run.
QMutex capturedMutex;
QStringList captured;
QtMessageHandler previousHandler = nullptr;

void captureMessage(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    {
        QMutexLocker lock(&capturedMutex);
        captured.append(message);
    }
    if (previousHandler)
        previousHandler(type, context, message);
}

void capture(const QString &text)
{
    QMutexLocker lock(&capturedMutex);
    captured.append(text);
}

constexpr int kAccessTokenTtlSeconds = 6;
// A slow IdP widens the window in which two processes could refresh the same grant (see the rotation test).
constexpr int kRefreshDelayMs = 400;

// One server, as the window would hold it: connection, its own HTTP client for authorization, the session.
struct Server
{
    ServerConfig config;
    HttpClient authHttp;
    std::unique_ptr<AuthSession> auth;
    std::unique_ptr<ServerConnection> connection;

    Server(const ServerConfig &serverConfig, SecretStore *secrets, UserAgent *userAgent,
           const std::function<void(AuthSession::Options &)> &adjust = {})
        : config(serverConfig)
        , authHttp(noProxy())
    {
        AuthSession::Options options = server_options::authSessionOptions(config);
        if (adjust)
            adjust(options);
        auth = std::make_unique<AuthSession>(options, authHttp, secrets, userAgent);
        connection = std::make_unique<ServerConnection>(config, secrets);
        connection->setAuthorizationHandler(auth.get());
    }

    ~Server()
    {
        capture(authHttp.exchangeLog().toText());
        capture(auth->timelineText());
        if (connection->httpClient())
            capture(connection->httpClient()->exchangeLog().toText());
    }

    static HttpClient::Options noProxy()
    {
        HttpClient::Options options;
        options.proxyMode = ProxyMode::None;
        return options;
    }

    bool connectNow()
    {
        connection->connectToServer();
        QElapsedTimer timer;
        timer.start();
        while (timer.elapsed() < 30'000) {
            if (connection->state() == ServerConnection::State::Connected)
                return true;
            if (connection->state() == ServerConnection::State::Failed
                || connection->state() == ServerConnection::State::NeedsAuthorization)
                return false;
            QTest::qWait(20);
        }
        return false;
    }

    Result<QString> call(const QString &tool, const QString &message)
    {
        McpSession *session = connection->session();
        if (!session)
            return Error(ErrorCode::InvalidArgument, QStringLiteral("not connected"));
        const auto result = portico::testing::await<QJsonObject>([&](QObject *context, auto done) {
            session->callTool(tool, {{QStringLiteral("message"), message}}, context, done);
        });
        if (!result)
            return Error(ErrorCode::Timeout, QStringLiteral("no answer"));
        if (!result->ok())
            return result->error();
        return result->value()
            .value(QStringLiteral("content"))
            .toArray()
            .at(0)
            .toObject()
            .value(QStringLiteral("text"))
            .toString();
    }
};

} // namespace

class TestAuthSessionOidc : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_config;
    std::unique_ptr<OidcPeers> m_peers;
    std::unique_ptr<KeychainSecretStore> m_keychain;
    ServerConfig m_serverConfig;
    OidcLoginUserAgent m_browser;

    std::optional<QByteArray> keychainBlob()
    {
        const auto read = portico::testing::await<QByteArray>(
            [this](QObject *context, auto done) {
                m_keychain->readSecret(ServerCredentials::secretKey(m_serverConfig.id()), context, done);
            },
            20'000);
        if (!read || !read->ok())
            return std::nullopt;
        return read->value();
    }

    // `portico --call <server> echo`, a separate process sharing the keychain and servers.json.
    struct CallResult
    {
        int exitCode = -1;
        QString out;
        QString err;
    };
    CallResult runPorticoCall(const QString &message)
    {
        QProcess process;
        process.setProgram(qEnvironmentVariable("PORTICO_EXECUTABLE"));
        process.setArguments({QStringLiteral("--call"), m_serverConfig.name, QStringLiteral("echo"),
                              QStringLiteral("--arguments"), QStringLiteral("{\"message\":\"%1\"}").arg(message)});
        process.start();
        process.waitForFinished(60'000);
        CallResult result{process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1,
                          QString::fromUtf8(process.readAllStandardOutput()),
                          QString::fromUtf8(process.readAllStandardError())};
        capture(result.out);
        capture(result.err);
        return result;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_config.isValid());
        // servers.json of this test, also read by the `portico --call` processes it starts.
        qputenv("XDG_CONFIG_HOME", m_config.path().toUtf8());
        previousHandler = qInstallMessageHandler(captureMessage);
        m_peers = std::make_unique<OidcPeers>(OidcPeers::Options{kAccessTokenTtlSeconds, kRefreshDelayMs, 30'000});
        const QString started = m_peers->start();
        QVERIFY2(started.isEmpty(), qPrintable(started));
        qInfo("peers started in %lld ms", m_peers->startupMs());
        m_keychain = std::make_unique<KeychainSecretStore>(QString(app_identity::kApplicationId));

        m_serverConfig.name = QStringLiteral("Protected test server");
        m_serverConfig.url = m_peers->mcpUrl();
        m_serverConfig.transport = ServerConfig::TransportChoice::StreamableHttp2025;
        m_serverConfig.proxyMode = ProxyMode::None;
        ServerRegistry registry;
        QVERIFY(registry.load().ok());
        QVERIFY(registry.add(m_serverConfig).ok());
    }

    // A full sign-in through the real login and consent pages; tokens in the keychain.
    void signsInThroughTheRealLoginAndConsentPages()
    {
        const QJsonObject before = m_peers->asStats();
        Server server(m_serverConfig, m_keychain.get(), &m_browser);
        QVERIFY2(server.connectNow(), qPrintable(server.auth->timelineText()));
        const Result<QString> echoed = server.call(QStringLiteral("echo"), QStringLiteral("hello"));
        QVERIFY2(echoed.ok(), qPrintable(echoed.ok() ? QString() : echoed.error().message()));
        QCOMPARE(echoed.value(), QStringLiteral("Echo: hello"));
        QCOMPARE(m_browser.loginPagesSeen(), 1);
        QCOMPARE(m_browser.consentPagesSeen(), 1);

        const AuthSession::Access access = server.auth->access();
        QCOMPARE(access.issuer, m_peers->asIssuer().toString());
        QCOMPARE(access.resource, m_peers->mcpUrl().toString());
        QCOMPARE(access.registration, ClientRegistration::Kind::Dynamic);
        QVERIFY(access.grantedScopes.contains(u"mcp:tools"));
        QVERIFY(access.hasRefreshToken); // offline_access: the AS lists it (SEP-2207)
        QVERIFY(access.remembered);
        const QJsonObject after = m_peers->asStats();
        QCOMPARE(OidcPeers::count(after, QStringLiteral("registrations"))
                     - OidcPeers::count(before, QStringLiteral("registrations")),
                 1);

        const std::optional<QByteArray> blob = keychainBlob();
        QVERIFY(blob.has_value());
        const Result<ServerCredentials> stored = ServerCredentials::fromBlob(*blob);
        QVERIFY(stored.ok());
        QVERIFY(stored.value().current()->tokens.hasRefreshToken());
    }

    // A new process with the same keychain connects without signing in again.
    void newProcessConnectsWithoutSigningIn()
    {
        const int codesBefore =
            OidcPeers::count(m_peers->asStats(), QStringLiteral("tokenRequests"), QStringLiteral("authorization_code"));
        const CallResult result = runPorticoCall(QStringLiteral("from another process"));
        QVERIFY2(result.exitCode == 0, qPrintable(result.err));
        QCOMPARE(result.out.trimmed(), QStringLiteral("Echo: from another process"));
        QCOMPARE(
            OidcPeers::count(m_peers->asStats(), QStringLiteral("tokenRequests"), QStringLiteral("authorization_code")),
            codesBefore);
    }

    // A token that lives a few seconds is renewed before it expires: no request is
    // ever refused while the session is in use.
    void refreshesBeforeExpiry()
    {
        Server server(m_serverConfig, m_keychain.get(), &m_browser);
        bool loaded = false;
        server.auth->load([&loaded](Result<void>) { loaded = true; });
        QTRY_VERIFY(loaded);
        QVERIFY(server.connectNow());
        const QJsonObject before = m_peers->asStats();
        const int rejectedBefore = OidcPeers::count(m_peers->rsStats(), QStringLiteral("rejected401"));
        QElapsedTimer timer;
        timer.start();
        int calls = 0;
        while (timer.elapsed() < (kAccessTokenTtlSeconds * 2 + 1) * 1000) {
            const Result<QString> echoed = server.call(QStringLiteral("echo"), QStringLiteral("tick"));
            QVERIFY2(echoed.ok(), qPrintable(echoed.ok() ? QString() : echoed.error().message()));
            ++calls;
            QTest::qWait(250);
        }
        const QJsonObject after = m_peers->asStats();
        QVERIFY2(OidcPeers::count(after, QStringLiteral("refreshSuccess"))
                         - OidcPeers::count(before, QStringLiteral("refreshSuccess"))
                     >= 2,
                 qPrintable(server.auth->timelineText()));
        QCOMPARE(OidcPeers::count(m_peers->rsStats(), QStringLiteral("rejected401")), rejectedBefore);
        QCOMPARE(m_browser.authorizeCalls(), 1);
        qInfo("%d calls over %lld ms, %d refreshes, none refused", calls, timer.elapsed(),
              OidcPeers::count(after, QStringLiteral("refreshSuccess"))
                  - OidcPeers::count(before, QStringLiteral("refreshSuccess")));
    }

    // Twenty requests refused at once for an expired token cause exactly one refresh,
    // counted by the authorization server itself.
    void twentyConcurrentRequestsCauseOneRefresh()
    {
        Server server(m_serverConfig, m_keychain.get(), &m_browser,
                      [](AuthSession::Options &options) { options.proactiveRefresh = false; });
        bool loaded = false;
        server.auth->load([&loaded](Result<void>) { loaded = true; });
        QTRY_VERIFY(loaded);
        QVERIFY(server.connectNow());
        // Let the access token expire while nothing renews it.
        const QDateTime expiry = server.auth->access().expiresAt;
        QVERIFY(expiry.isValid());
        QTest::qWait(int(std::max<qint64>(0, QDateTime::currentDateTimeUtc().msecsTo(expiry))) + 1500);

        const QJsonObject before = m_peers->asStats();
        int answered = 0;
        int succeeded = 0;
        for (int i = 0; i < 20; ++i) {
            server.connection->session()->callTool(QStringLiteral("echo"),
                                                   {{QStringLiteral("message"), QStringLiteral("n%1").arg(i)}}, this,
                                                   [&answered, &succeeded](Result<QJsonObject> outcome) {
                                                       ++answered;
                                                       succeeded += outcome.ok() ? 1 : 0;
                                                   });
        }
        QTRY_COMPARE_WITH_TIMEOUT(answered, 20, 30'000);
        QCOMPARE(succeeded, 20);
        const QJsonObject after = m_peers->asStats();
        QCOMPARE(OidcPeers::count(after, QStringLiteral("tokenRequests"), QStringLiteral("refresh_token"))
                     - OidcPeers::count(before, QStringLiteral("tokenRequests"), QStringLiteral("refresh_token")),
                 1);
    }

    // Portico processes sharing the keychain keep working through rotations. Each round
    // waits until the stored access token has expired, then starts four `portico --call` processes at once:
    // each finds the expired token, is refused, and wants to refresh. With the cross-process lock exactly one
    // refreshes and the others adopt what it stored; without it several would present the same rotated
    // refresh token and oidc-provider would revoke the whole grant (requirements AUTH-41; OAuth 2.1 §4.3.1).
    void processesSharingTheKeychainKeepWorkingThroughRotation()
    {
        constexpr int kRounds = 3;
        constexpr int kProcesses = 4;
        for (int round = 0; round < kRounds; ++round) {
            const std::optional<QByteArray> blob = keychainBlob();
            QVERIFY(blob.has_value());
            const Result<ServerCredentials> stored = ServerCredentials::fromBlob(*blob);
            QVERIFY(stored.ok() && stored.value().current());
            const QDateTime expiry = stored.value().current()->tokens.expiresAt;
            QTest::qWait(int(std::max<qint64>(0, QDateTime::currentDateTimeUtc().msecsTo(expiry))) + 500);

            const QJsonObject before = m_peers->asStats();
            QList<QProcess *> processes;
            for (int i = 0; i < kProcesses; ++i) {
                auto *process = new QProcess(this);
                process->setProgram(qEnvironmentVariable("PORTICO_EXECUTABLE"));
                process->setArguments({QStringLiteral("--call"), m_serverConfig.name, QStringLiteral("echo"),
                                       QStringLiteral("--arguments"), QStringLiteral("{\"message\":\"p%1\"}").arg(i)});
                processes.append(process);
            }
            for (QProcess *process : std::as_const(processes))
                process->start();
            int failures = 0;
            for (int i = 0; i < kProcesses; ++i) {
                QProcess *process = processes.at(i);
                QVERIFY(process->waitForFinished(60'000));
                const QString out = QString::fromUtf8(process->readAllStandardOutput());
                const QString err = QString::fromUtf8(process->readAllStandardError());
                capture(out);
                capture(err);
                if (process->exitCode() != 0 || out.trimmed() != QStringLiteral("Echo: p%1").arg(i)) {
                    ++failures;
                    qWarning("process %d of round %d failed: %s", i, round, qPrintable(err));
                }
                process->deleteLater();
            }
            const QJsonObject after = m_peers->asStats();
            const int refreshes =
                OidcPeers::count(after, QStringLiteral("tokenRequests"), QStringLiteral("refresh_token"))
                - OidcPeers::count(before, QStringLiteral("tokenRequests"), QStringLiteral("refresh_token"));
            qInfo("round %d: %d processes at once, %d refresh request(s), %d failure(s)", round, kProcesses, refreshes,
                  failures);
            QCOMPARE(failures, 0);
            QCOMPARE(refreshes, 1);
            QCOMPARE(OidcPeers::count(after, QStringLiteral("refreshFailed")),
                     OidcPeers::count(before, QStringLiteral("refreshFailed")));
        }
    }

    // A refresh token revoked at the AS leads to exactly one interactive sign-in.
    void revokedRefreshTokenLeadsToOneSignIn()
    {
        Server server(m_serverConfig, m_keychain.get(), &m_browser);
        bool loaded = false;
        server.auth->load([&loaded](Result<void>) { loaded = true; });
        QTRY_VERIFY(loaded);
        QVERIFY(!m_peers->revokeAllGrants().isEmpty());
        const int pagesBefore = m_browser.authorizeCalls();
        std::optional<Result<void>> refreshed;
        server.auth->refreshNow([&refreshed](Result<void> outcome) { refreshed = outcome; });
        QTRY_VERIFY_WITH_TIMEOUT(refreshed.has_value(), 30'000);
        QVERIFY2(refreshed->ok(), qPrintable(server.auth->timelineText()));
        QCOMPARE(m_browser.authorizeCalls() - pagesBefore, 1);
        QVERIFY(server.connectNow());
        QCOMPARE(server.call(QStringLiteral("echo"), QStringLiteral("back")).value(), QStringLiteral("Echo: back"));
        QCOMPARE(m_browser.authorizeCalls() - pagesBefore, 1);
    }

    // Requirements AUTH-39: admin-echo needs mcp:admin: one step-up, the second grant holds the union.
    void stepUpGrantsTheUnion()
    {
        Server server(m_serverConfig, m_keychain.get(), &m_browser);
        QVERIFY(server.connectNow());
        const int pagesBefore = m_browser.authorizeCalls();
        const Result<QString> echoed = server.call(QStringLiteral("admin-echo"), QStringLiteral("root"));
        QVERIFY2(echoed.ok(), qPrintable(server.auth->timelineText()));
        QCOMPARE(m_browser.authorizeCalls() - pagesBefore, 1);
        const ScopeSet granted = server.auth->access().grantedScopes;
        QVERIFY(granted.contains(u"mcp:tools"));
        QVERIFY(granted.contains(u"mcp:admin"));
    }

    // SEP-1046: the machine client gets a token with the client-credentials grant, no page.
    void clientCredentialsForMachineUse()
    {
        ServerConfig machine = m_serverConfig;
        machine.setId(QStringLiteral("machine-client-test"));
        machine.authorizationMode = ServerConfig::AuthorizationMode::ClientCredentials;
        machine.clientId = QString(OidcPeers::kMachineClientId);
        const int pagesBefore = m_browser.authorizeCalls();
        const int before =
            OidcPeers::count(m_peers->asStats(), QStringLiteral("tokenRequests"), QStringLiteral("client_credentials"));
        Server server(machine, m_keychain.get(), nullptr, [](AuthSession::Options &options) {
            options.preRegisteredClient->clientSecret = QString(OidcPeers::kMachineClientSecret);
            options.persistCredentials = false;
        });
        QVERIFY2(server.connectNow(), qPrintable(server.auth->timelineText()));
        QCOMPARE(server.call(QStringLiteral("echo"), QStringLiteral("machine")).value(),
                 QStringLiteral("Echo: machine"));
        QCOMPARE(
            OidcPeers::count(m_peers->asStats(), QStringLiteral("tokenRequests"), QStringLiteral("client_credentials"))
                - before,
            1);
        QCOMPARE(m_browser.authorizeCalls(), pagesBefore);
    }

    // Sign-out sends a revocation the AS records; the keychain entry is gone.
    void signOutRevokesAndRemovesTheKeychainEntry()
    {
        Server server(m_serverConfig, m_keychain.get(), &m_browser);
        bool loaded = false;
        server.auth->load([&loaded](Result<void>) { loaded = true; });
        QTRY_VERIFY(loaded);
        QVERIFY(keychainBlob().has_value());
        const int before = OidcPeers::count(m_peers->asStats(), QStringLiteral("revocations"));
        std::optional<Result<void>> signedOut;
        server.auth->signOut([&signedOut](Result<void> outcome) { signedOut = outcome; });
        QTRY_VERIFY_WITH_TIMEOUT(signedOut.has_value(), 30'000);
        QVERIFY(signedOut->ok());
        QCOMPARE(OidcPeers::count(m_peers->asStats(), QStringLiteral("revocations")) - before, 1);
        QVERIFY(!keychainBlob().has_value());
        QVERIFY(server.auth->credentialsFor(m_peers->mcpUrl()).isEmpty());
        // And a process started now has to ask for a sign-in instead of finding anything.
        const CallResult result = runPorticoCall(QStringLiteral("after sign-out"));
        QCOMPARE(result.exitCode, 1);
    }

    // Requirements SEC-4: no secret the AS issued or received appears in anything logged or printed above.
    void noSecretInAnyLog()
    {
        const QJsonObject secrets = m_peers->asSecrets();
        QStringList values;
        for (const QString &kind : secrets.keys()) {
            for (const QJsonValue &value : secrets.value(kind).toArray())
                values.append(value.toString());
        }
        QVERIFY2(values.size() >= 10,
                 "the authorization server reported too few secrets to make this check mean anything");
        QMutexLocker lock(&capturedMutex);
        const QString everything = captured.join(QLatin1Char('\n'));
        QVERIFY(everything.size() > 10'000); // the categories were on: there is a lot to look through
        for (const QString &secret : std::as_const(values)) {
            if (secret.size() < 8)
                continue;
            QVERIFY2(!everything.contains(secret), "a secret issued by the authorization server was logged");
        }
    }
};

QTEST_GUILESS_MAIN(TestAuthSessionOidc)
#include "tst_authsession_oidc.moc"
