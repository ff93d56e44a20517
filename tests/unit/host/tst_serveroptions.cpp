// server_options: what a configured server's settings make of its HTTP clients. Here the destinations its
// requests may reach (requirements SEC-1, net/destinationpolicy.h), and that a public server's sign-in is
// refused, with the reason in its timeline, when discovery leads to a name that resolves into a private
// network. The test resolver answers the lookup: no packet leaves the machine, and none is sent at all.

#include "auth/authsession.h"
#include "config/serverconfig.h"
#include "host/serveroptions.h"
#include "net/httpclient.h"
#include "secrets/inmemorysecretstore.h"

#include <QTest>

using namespace portico;

class TestServerOptions : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void destinationsFollowTheConfiguredServer_data();
    void destinationsFollowTheConfiguredServer();
    void publicServerDiscoveryIntoPrivateNetworkIsRefused_data();
    void publicServerDiscoveryIntoPrivateNetworkIsRefused();
};

void TestServerOptions::destinationsFollowTheConfiguredServer_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<bool>("allowPrivateNetwork");
    QTest::addColumn<bool>("loopback");
    QTest::addColumn<bool>("privateNetwork");
    QTest::newRow("public") << "https://mcp.example.com/mcp" << false << false << false;
    QTest::newRow("loopback") << "http://127.0.0.1:8080/mcp" << false << true << false;
    QTest::newRow("localhost") << "http://localhost:8080/mcp" << false << true << false;
    QTest::newRow("private") << "https://10.1.2.3/mcp" << false << false << true;
    QTest::newRow("public, allowed by the setting") << "https://mcp.example.com/mcp" << true << true << true;
}

void TestServerOptions::destinationsFollowTheConfiguredServer()
{
    QFETCH(QString, url);
    QFETCH(bool, allowPrivateNetwork);
    QFETCH(bool, loopback);
    QFETCH(bool, privateNetwork);
    ServerConfig config;
    config.name = QStringLiteral("Server");
    config.url = QUrl(url);
    config.allowPrivateNetwork = allowPrivateNetwork;
    // One builder for the MCP client (ServerConnection) and the sign-in client (ConnectionManager).
    const Result<HttpClientOptions> options = server_options::httpClientOptions(config);
    QVERIFY(options.ok());
    QCOMPARE(options.value().destinations.allowLoopback, loopback);
    QCOMPARE(options.value().destinations.allowPrivate, privateNetwork);
}

void TestServerOptions::publicServerDiscoveryIntoPrivateNetworkIsRefused_data()
{
    QTest::addColumn<QString>("address"); // what the server's name resolves to
    QTest::addColumn<QString>("kind");    // how the refusal names it
    QTest::newRow("private network") << "10.0.0.5"
                                     << "private";
    // This computer: a connection would stay on loopback, but a public server may not lead there either.
    QTest::newRow("loopback") << "127.0.0.1"
                              << "this computer";
}

void TestServerOptions::publicServerDiscoveryIntoPrivateNetworkIsRefused()
{
    QFETCH(QString, address);
    QFETCH(QString, kind);
    ServerConfig config;
    config.name = QStringLiteral("Public");
    config.url = QUrl(QStringLiteral("https://mcp.example.com/mcp"));
    // A machine client: its sign-in runs discovery without a person (and without a browser).
    config.authorizationMode = ServerConfig::AuthorizationMode::ClientCredentials;
    config.clientId = QStringLiteral("machine");
    config.hasClientSecret = true;
    const Result<HttpClientOptions> built = server_options::httpClientOptions(config);
    QVERIFY(built.ok());
    HttpClientOptions options = built.value();
    QStringList looked;
    // The name the server's challenge leads to is not public; every other name does not exist.
    options.resolver = [&looked, address](const QString &hostName) {
        looked.append(hostName);
        return hostName == QLatin1StringView("mcp.example.com") ? QList<QHostAddress>{QHostAddress(address)}
                                                                : QList<QHostAddress>{};
    };
    HttpClient http(options);
    InMemorySecretStore secrets;
    AuthSession session(server_options::authSessionOptions(config), http, &secrets, nullptr);
    session.setPreRegisteredSecret(QStringLiteral("machine-secret"));

    // The MCP server's 401 (RFC 9728 §5.1): discovery starts at its protected resource metadata.
    HttpResponse challenge;
    challenge.status = 401;
    challenge.url = config.url;
    challenge.headers = {
        {"WWW-Authenticate",
         "Bearer resource_metadata=\"https://mcp.example.com/.well-known/oauth-protected-resource/mcp\""}};
    std::optional<bool> retry;
    QObject context;
    session.handleChallenge(config.url, challenge, &context, [&retry](bool again) { retry = again; });
    QTRY_VERIFY_WITH_TIMEOUT(retry.has_value(), 10000);
    QVERIFY(!*retry);
    QVERIFY(looked.contains(QStringLiteral("mcp.example.com")));

    // The refusal names its reason in the sign-in timeline, as the person sees it (requirements UI-5).
    const QString timeline = session.timelineText();
    QVERIFY2(timeline.contains(address), qPrintable(timeline));
    QVERIFY2(timeline.contains(kind), qPrintable(timeline));
    QVERIFY(session.lastError());
    QCOMPARE(session.lastError()->code(), ErrorCode::UrlRejected);
    qInfo("%s", qPrintable(timeline));
}

QTEST_GUILESS_MAIN(TestServerOptions)
#include "tst_serveroptions.moc"
