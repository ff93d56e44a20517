// ServerConfig: the rules a configured server must follow (https, loopback-only http, no secrets in the
// file), its JSON shape, and the URL normalization that finds the same server twice.

#include "config/serverconfig.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace portico;

class TestServerConfig : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void newConfigHasStableUuidAndSafeDefaults();
    void validates_data();
    void validates();
    void roundTripsThroughJson();
    void readsFilesWrittenBeforePrivateNetworkSetting();
    void jsonNeverHoldsSecretHeaderValues();
    void fromJsonRejectsWrongTypesAndUnknownNames_data();
    void fromJsonRejectsWrongTypesAndUnknownNames();
    void normalizesUrlsForDuplicateDetection_data();
    void normalizesUrlsForDuplicateDetection();
    void treatsAuthorizationLikeHeadersAsSecret_data();
    void treatsAuthorizationLikeHeadersAsSecret();
    void secretKeysAreScopedToTheServer();
};

namespace {

ServerConfig validConfig()
{
    ServerConfig config;
    config.name = QStringLiteral("Example");
    config.url = QUrl(QStringLiteral("https://mcp.example.com/mcp"));
    return config;
}

} // namespace

void TestServerConfig::newConfigHasStableUuidAndSafeDefaults()
{
    const ServerConfig a;
    const ServerConfig b;
    QVERIFY(!QUuid::fromString(a.id()).isNull());
    QVERIFY(a.id() != b.id());
    QVERIFY(!a.id().startsWith(QLatin1Char('{')));
    QCOMPARE(a.transport, ServerConfig::TransportChoice::Automatic);
    QCOMPARE(a.authorizationMode, ServerConfig::AuthorizationMode::Automatic);
    QVERIFY(a.sendResourceParameter);
    QCOMPARE(a.proxyMode, ProxyMode::System);
    QVERIFY(!a.fixedRedirectPort);
    QVERIFY(!a.allowPrivateNetwork); // requirements SEC-1: private network addresses only when asked for
}

void TestServerConfig::validates_data()
{
    QTest::addColumn<ServerConfig>("config");
    QTest::addColumn<QString>("complaint"); // empty: valid

    QTest::newRow("https") << validConfig() << QString();
    const auto withUrl = [](const char *url) {
        ServerConfig config = validConfig();
        config.url = QUrl(QString::fromLatin1(url));
        return config;
    };
    QTest::newRow("http to 127.0.0.1") << withUrl("http://127.0.0.1:3001/mcp") << QString();
    QTest::newRow("http to 127.5.6.7") << withUrl("http://127.5.6.7/mcp") << QString();
    QTest::newRow("http to [::1]") << withUrl("http://[::1]:8080/mcp") << QString();
    QTest::newRow("http to ::ffff:127.0.0.1") << withUrl("http://[::ffff:127.0.0.1]/mcp") << QString();
    QTest::newRow("http to localhost") << withUrl("http://LocalHost:8080/mcp") << QString();
    QTest::newRow("http to remote") << withUrl("http://mcp.example.com/mcp") << QStringLiteral("must use https");
    QTest::newRow("http to localhost.evil")
        << withUrl("http://localhost.evil.example/mcp") << QStringLiteral("must use https");
    QTest::newRow("ftp") << withUrl("ftp://mcp.example.com/") << QStringLiteral("only connects to https://");
    QTest::newRow("relative") << withUrl("/mcp") << QStringLiteral("not an absolute URL");
    QTest::newRow("userinfo") << withUrl("https://user:pw@mcp.example.com/") << QStringLiteral("user name or password");
    QTest::newRow("token in query") << withUrl("https://mcp.example.com/sse?api_key=abc")
                                    << QStringLiteral("credential in its query");

    ServerConfig noName = validConfig();
    noName.name = QStringLiteral("  ");
    QTest::newRow("no name") << noName << QStringLiteral("needs a name");
    ServerConfig twoLines = validConfig();
    twoLines.name = QStringLiteral("a\nb");
    QTest::newRow("name with a line break") << twoLines << QStringLiteral("control characters");

    ServerConfig preRegistered = validConfig();
    preRegistered.authorizationMode = ServerConfig::AuthorizationMode::PreRegisteredClient;
    QTest::newRow("pre-registered without client id") << preRegistered << QStringLiteral("client id");
    ServerConfig credentials = validConfig();
    credentials.authorizationMode = ServerConfig::AuthorizationMode::ClientCredentials;
    credentials.clientId = QStringLiteral("machine");
    QTest::newRow("client credentials without secret") << credentials << QStringLiteral("client secret");

    ServerConfig badScope = validConfig();
    badScope.scopes = {QStringLiteral("read write")};
    QTest::newRow("scope with a space") << badScope << QStringLiteral("single scope");
    ServerConfig port = validConfig();
    port.fixedRedirectPort = 0;
    QTest::newRow("port 0") << port << QStringLiteral("redirect port");

    ServerConfig proxy = validConfig();
    proxy.proxyMode = ProxyMode::Manual;
    QTest::newRow("manual proxy without url") << proxy << QStringLiteral("proxy needs a URL");
    proxy.proxyUrl = QUrl(QStringLiteral("http://user:secret@proxy.example:3128"));
    QTest::newRow("proxy with password") << proxy << QStringLiteral("password");
    proxy.proxyUrl = QUrl(QStringLiteral("http://proxy.example:3128"));
    QTest::newRow("manual proxy") << proxy << QString();

    const auto withHeader = [](ServerConfig::Header header) {
        ServerConfig config = validConfig();
        config.headers = {std::move(header)};
        return config;
    };
    QTest::newRow("plain header") << withHeader({QStringLiteral("X-Tenant"), QStringLiteral("acme"), false})
                                  << QString();
    QTest::newRow("secret header") << withHeader({QStringLiteral("Authorization"), QString(), true}) << QString();
    QTest::newRow("plain Authorization") << withHeader(
        {QStringLiteral("Authorization"), QStringLiteral("Bearer x"), false})
                                         << QStringLiteral("keychain");
    QTest::newRow("plain X-Api-Key") << withHeader({QStringLiteral("X-Api-Key"), QStringLiteral("k"), false})
                                     << QStringLiteral("keychain");
    QTest::newRow("secret with value") << withHeader({QStringLiteral("X-Tenant"), QStringLiteral("acme"), true})
                                       << QStringLiteral("belongs in the keychain");
    QTest::newRow("bad header name") << withHeader({QStringLiteral("X Tenant"), QStringLiteral("acme"), false})
                                     << QStringLiteral("not a valid HTTP header name");
    QTest::newRow("header injection") << withHeader(
        {QStringLiteral("X-Tenant"), QStringLiteral("a\r\nHost: evil"), false})
                                      << QStringLiteral("line break");
    QTest::newRow("reserved header") << withHeader({QStringLiteral("Mcp-Session-Id"), QString(), true})
                                     << QStringLiteral("set by Portico");
    ServerConfig twice = validConfig();
    twice.headers = {{QStringLiteral("X-Tenant"), QStringLiteral("a"), false},
                     {QStringLiteral("x-tenant"), QStringLiteral("b"), false}};
    QTest::newRow("header twice") << twice << QStringLiteral("twice");
}

void TestServerConfig::validates()
{
    QFETCH(ServerConfig, config);
    QFETCH(QString, complaint);
    const Result<void> result = config.validate();
    if (complaint.isEmpty()) {
        QVERIFY2(result.ok(), result.ok() ? "" : qPrintable(result.error().message()));
        return;
    }
    QVERIFY(!result.ok());
    QCOMPARE(result.error().code(), ErrorCode::ConfigInvalid);
    QVERIFY2(result.error().message().contains(complaint), qPrintable(result.error().message()));
}

void TestServerConfig::roundTripsThroughJson()
{
    ServerConfig config = validConfig();
    config.transport = ServerConfig::TransportChoice::HttpSse2024;
    config.authorizationMode = ServerConfig::AuthorizationMode::PreRegisteredClient;
    config.clientId = QStringLiteral("client-1");
    config.hasClientSecret = true;
    config.scopes = {QStringLiteral("mcp:read"), QStringLiteral("offline_access")};
    config.sendResourceParameter = false;
    config.fixedRedirectPort = 3118;
    config.caCertificatesFile = QStringLiteral("/etc/ssl/corp.pem");
    config.proxyMode = ProxyMode::Manual;
    config.proxyUrl = QUrl(QStringLiteral("http://proxy.example:3128"));
    config.useSystemBrowser = true;
    config.allowPrivateNetwork = true;
    config.headers = {{QStringLiteral("X-Tenant"), QStringLiteral("acme"), false},
                      {QStringLiteral("Authorization"), QString(), true}};
    QVERIFY(config.validate().ok());

    const QJsonObject json = config.toJson();
    QCOMPARE(json.value(QLatin1StringView("transport")).toString(), QStringLiteral("legacy-sse"));
    QCOMPARE(json.value(QLatin1StringView("authorization")).toObject().value(QLatin1StringView("mode")).toString(),
             QStringLiteral("pre-registered-client"));
    const Result<ServerConfig> back = ServerConfig::fromJson(json);
    QVERIFY2(back.ok(), back.ok() ? "" : qPrintable(back.error().message()));
    QCOMPARE(back.value(), config);
    QVERIFY(back.value().allowPrivateNetwork);
}

void TestServerConfig::readsFilesWrittenBeforePrivateNetworkSetting()
{
    // A servers.json of the same schema version written before the setting existed: off.
    const QByteArray json = R"({"id":"0b8e8f9e-3c1e-4c59-9a43-0d0b9c9e1a11","name":"A","url":"https://a.example/mcp",)"
                            R"("network":{"caCertificatesFile":"","proxy":{"mode":"system"}}})";
    const Result<ServerConfig> old = ServerConfig::fromJson(QJsonDocument::fromJson(json).object());
    QVERIFY2(old.ok(), old.ok() ? "" : qPrintable(old.error().message()));
    QVERIFY(!old.value().allowPrivateNetwork);
    QCOMPARE(ServerConfig::kSchemaVersion, 1);
    // And what is written now says so explicitly.
    QCOMPARE(old.value()
                 .toJson()
                 .value(QLatin1StringView("network"))
                 .toObject()
                 .value(QLatin1StringView("allowPrivateNetwork")),
             QJsonValue(false));
}

void TestServerConfig::jsonNeverHoldsSecretHeaderValues()
{
    ServerConfig config = validConfig();
    config.headers = {{QStringLiteral("Authorization"), QString(), true}};
    const QByteArray text = QJsonDocument(config.toJson()).toJson();
    QVERIFY(text.contains("\"secret\": true"));
    QVERIFY(!text.contains("\"value\""));
}

void TestServerConfig::fromJsonRejectsWrongTypesAndUnknownNames_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("complaint");
    const QByteArray base = R"("id":"0b8e8f9e-3c1e-4c59-9a43-0d0b9c9e1a11","name":"A","url":"https://a.example/mcp")";
    QTest::newRow("missing url") << QByteArray(R"({"id":"0b8e8f9e-3c1e-4c59-9a43-0d0b9c9e1a11","name":"A"})")
                                 << QStringLiteral("\"url\"");
    QTest::newRow("unknown transport") << "{" + base + R"(,"transport":"websocket"})"
                                       << QStringLiteral("Unknown transport");
    QTest::newRow("unknown mode") << "{" + base + R"(,"authorization":{"mode":"magic"}})"
                                  << QStringLiteral("Unknown authorization mode");
    QTest::newRow("bool as string") << "{" + base + R"(,"authorization":{"sendResourceParameter":"no"}})"
                                    << QStringLiteral("true or false");
    QTest::newRow("private network as string")
        << "{" + base + R"(,"network":{"allowPrivateNetwork":"yes"}})" << QStringLiteral("true or false");
    QTest::newRow("port out of range") << "{" + base + R"(,"authorization":{"fixedRedirectPort":70000}})"
                                       << QStringLiteral("redirect port");
    QTest::newRow("header without name") << "{" + base + R"(,"headers":[{"value":"x"}]})"
                                         << QStringLiteral("Each header");
    QTest::newRow("secret value in file")
        << "{" + base + R"(,"headers":[{"name":"Authorization","value":"Bearer t"}]})" << QStringLiteral("keychain");
    QTest::newRow("bad id") << QByteArray(R"({"id":"nope","name":"A","url":"https://a.example/mcp"})")
                            << QStringLiteral("UUID");
}

void TestServerConfig::fromJsonRejectsWrongTypesAndUnknownNames()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, complaint);
    const Result<ServerConfig> result = ServerConfig::fromJson(QJsonDocument::fromJson(json).object());
    QVERIFY(!result.ok());
    QVERIFY2(result.error().message().contains(complaint), qPrintable(result.error().message()));
}

void TestServerConfig::normalizesUrlsForDuplicateDetection_data()
{
    QTest::addColumn<QString>("a");
    QTest::addColumn<QString>("b");
    QTest::addColumn<bool>("same");
    QTest::newRow("case of scheme and host") << "HTTPS://MCP.Example.com/mcp"
                                             << "https://mcp.example.com/mcp" << true;
    QTest::newRow("default port") << "https://mcp.example.com:443/mcp"
                                  << "https://mcp.example.com/mcp" << true;
    QTest::newRow("trailing slash") << "https://mcp.example.com/mcp/"
                                    << "https://mcp.example.com/mcp" << true;
    QTest::newRow("root") << "https://mcp.example.com/"
                          << "https://mcp.example.com" << true;
    QTest::newRow("dot segments") << "https://mcp.example.com/a/../mcp"
                                  << "https://mcp.example.com/mcp" << true;
    QTest::newRow("fragment") << "https://mcp.example.com/mcp#x"
                              << "https://mcp.example.com/mcp" << true;
    QTest::newRow("path case") << "https://mcp.example.com/MCP"
                               << "https://mcp.example.com/mcp" << false;
    QTest::newRow("other port") << "https://mcp.example.com:8443/mcp"
                                << "https://mcp.example.com/mcp" << false;
    QTest::newRow("query") << "https://mcp.example.com/mcp?tenant=a"
                           << "https://mcp.example.com/mcp?tenant=b" << false;
}

void TestServerConfig::normalizesUrlsForDuplicateDetection()
{
    QFETCH(QString, a);
    QFETCH(QString, b);
    QFETCH(bool, same);
    const QString na = ServerConfig::normalizedUrl(QUrl(a));
    const QString nb = ServerConfig::normalizedUrl(QUrl(b));
    QVERIFY(!na.isEmpty());
    QCOMPARE(na == nb, same);
}

void TestServerConfig::treatsAuthorizationLikeHeadersAsSecret_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<bool>("secret");
    for (const char *name : {"Authorization", "Proxy-Authorization", "X-Api-Key", "API_KEY", "X-Auth-Token",
                             "X-Authentication", "Cookie", "X-Session", "CONTEXT7_API_KEY", "X-Client-Secret"})
        QTest::newRow(name) << QString::fromLatin1(name) << true;
    for (const char *name : {"X-Tenant", "Accept-Language", "X-Client", "User-Agent"})
        QTest::newRow(name) << QString::fromLatin1(name) << false;
}

void TestServerConfig::treatsAuthorizationLikeHeadersAsSecret()
{
    QFETCH(QString, name);
    QFETCH(bool, secret);
    QCOMPARE(ServerConfig::isSecretHeaderName(name), secret);
}

void TestServerConfig::secretKeysAreScopedToTheServer()
{
    const ServerConfig a;
    const ServerConfig b;
    QVERIFY(a.clientSecretKey().contains(a.id()));
    QVERIFY(a.clientSecretKey() != b.clientSecretKey());
    QCOMPARE(a.headerSecretKey(QStringLiteral("Authorization")), a.headerSecretKey(QStringLiteral("authorization")));
    QVERIFY(a.headerSecretKey(QStringLiteral("Authorization")) != a.clientSecretKey());
}

QTEST_GUILESS_MAIN(TestServerConfig)
#include "tst_serverconfig.moc"
