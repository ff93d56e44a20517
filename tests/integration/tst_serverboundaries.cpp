// What one server cannot make Portico hand to another: a 307/308 redirect of an MCP request to another origin
// is refused before anything is re-sent (requirements SEC-2), and two configured servers signed in side by side in one
// process each only ever see their own token (requirements SEC-5). Fake servers on loopback: each records every
// request, so a test can assert what did — and did not — arrive.

#include "awaitresult.h"
#include "config/serverregistry.h"
#include "host/connectionmanager.h"
#include "host/serverconnection.h"
#include "loopbackhttpserver.h"
#include "mcp/mcpsession.h"
#include "mcptestclient.h"
#include "secrets/inmemorysecretstore.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>
#include <QUrlQuery>

#include <memory>

using namespace portico;
using TestRequest = portico::testing::HttpRequest;
using TestResponse = portico::testing::HttpResponse;
using portico::testing::await;
using portico::testing::LoopbackHttpServer;
using portico::testing::McpTestClient;

namespace {

TestResponse jsonResponse(const QJsonObject &object, int status = 200)
{
    return {status,
            {{"Content-Type", "application/json"}, {"Cache-Control", "no-store"}},
            QJsonDocument(object).toJson(QJsonDocument::Compact)};
}

// The answer of a 2025 Streamable HTTP server to one JSON-RPC message, as JSON: initialize, a tool call that
// echoes the tool's name, an empty tool list, 202 for notifications.
TestResponse mcpAnswer(const TestRequest &request)
{
    const QJsonObject message = QJsonDocument::fromJson(request.body).object();
    if (!message.contains(QStringLiteral("id")))
        return {202, {}, {}};
    const QString method = message.value(QStringLiteral("method")).toString();
    QJsonObject result;
    if (method == QLatin1StringView("initialize")) {
        result = {{QStringLiteral("protocolVersion"), QStringLiteral("2025-11-25")},
                  {QStringLiteral("capabilities"), QJsonObject{{QStringLiteral("tools"), QJsonObject()}}},
                  {QStringLiteral("serverInfo"), QJsonObject{{QStringLiteral("name"), QStringLiteral("fake")}}}};
    } else if (method == QLatin1StringView("tools/list")) {
        result = {{QStringLiteral("tools"), QJsonArray()}};
    } else if (method == QLatin1StringView("tools/call")) {
        const QString tool =
            message.value(QStringLiteral("params")).toObject().value(QStringLiteral("name")).toString();
        result = {{QStringLiteral("content"), QJsonArray{QJsonObject{{QStringLiteral("type"), QStringLiteral("text")},
                                                                     {QStringLiteral("text"), tool}}}}};
    }
    TestResponse response = jsonResponse({{QStringLiteral("jsonrpc"), QStringLiteral("2.0")},
                                          {QStringLiteral("id"), message.value(QStringLiteral("id"))},
                                          {QStringLiteral("result"), result}});
    if (method == QLatin1StringView("initialize"))
        response.headers.append(qMakePair(QByteArray("Mcp-Session-Id"), QByteArray("fake-session")));
    return response;
}

QString toolName(const TestRequest &request)
{
    return QJsonDocument::fromJson(request.body)
        .object()
        .value(QStringLiteral("params"))
        .toObject()
        .value(QStringLiteral("name"))
        .toString();
}

// An MCP server that is also its own authorization server (RFC 9728 PRM, RFC 8414 metadata, a token endpoint
// for the client_credentials grant of one confidential client). Its MCP endpoint answers 401 to any request
// without its own token, and records the Authorization header of every MCP request.
class ProtectedServer
{
public:
    explicit ProtectedServer(const QString &serverName)
        : name(serverName)
    {
        QVERIFY(http.listen());
        const QString origin = QStringLiteral("http://127.0.0.1:%1").arg(http.port());
        const QUrl mcpUrl = http.url(QStringLiteral("/mcp"));
        const QUrl prmUrl = http.url(QStringLiteral("/.well-known/oauth-protected-resource/mcp"));
        http.route("POST", "/mcp", [this, prmUrl](const TestRequest &request) {
            mcpAuthorizations.append(request.header("Authorization"));
            if (request.header("Authorization") != "Bearer " + accessToken().toLatin1()) {
                return TestResponse{
                    401, {{"WWW-Authenticate", "Bearer resource_metadata=\"" + prmUrl.toEncoded() + "\""}}, {}};
            }
            return mcpAnswer(request);
        });
        http.route("GET", "/mcp", [](const TestRequest &) { return TestResponse{405, {}, {}}; });
        http.route("DELETE", "/mcp", [](const TestRequest &) { return TestResponse{200, {}, {}}; });
        http.route("GET", "/.well-known/oauth-protected-resource/mcp", [mcpUrl, origin](const TestRequest &) {
            return jsonResponse({{QStringLiteral("resource"), mcpUrl.toString()},
                                 {QStringLiteral("authorization_servers"), QJsonArray{origin}}});
        });
        http.route("GET", "/.well-known/oauth-authorization-server", [origin](const TestRequest &) {
            return jsonResponse(
                {{QStringLiteral("issuer"), origin},
                 {QStringLiteral("authorization_endpoint"), QString(origin + QStringLiteral("/authorize"))},
                 {QStringLiteral("token_endpoint"), QString(origin + QStringLiteral("/token"))},
                 {QStringLiteral("response_types_supported"), QJsonArray{QStringLiteral("code")}},
                 {QStringLiteral("grant_types_supported"), QJsonArray{QStringLiteral("client_credentials")}},
                 {QStringLiteral("code_challenge_methods_supported"), QJsonArray{QStringLiteral("S256")}},
                 {QStringLiteral("token_endpoint_auth_methods_supported"),
                  QJsonArray{QStringLiteral("client_secret_post")}}});
        });
        http.route("POST", "/token", [this](const TestRequest &request) {
            QByteArray body = request.body;
            body.replace('+', ' ');
            const QUrlQuery form(QString::fromUtf8(body));
            tokenRequestSecrets.append(form.queryItemValue(QStringLiteral("client_secret"), QUrl::FullyDecoded));
            if (form.queryItemValue(QStringLiteral("client_id"), QUrl::FullyDecoded) != clientId()
                || form.queryItemValue(QStringLiteral("client_secret"), QUrl::FullyDecoded) != clientSecret())
                return jsonResponse({{QStringLiteral("error"), QStringLiteral("invalid_client")}}, 401);
            return jsonResponse({{QStringLiteral("access_token"), accessToken()},
                                 {QStringLiteral("token_type"), QStringLiteral("Bearer")},
                                 {QStringLiteral("expires_in"), 3600}});
        });
    }

    [[nodiscard]] QString clientId() const { return QStringLiteral("machine-") + name; }
    [[nodiscard]] QString clientSecret() const { return QStringLiteral("secret-of-") + name; }
    [[nodiscard]] QString accessToken() const { return QStringLiteral("at-") + name; }

    QString name;
    LoopbackHttpServer http;
    QList<QByteArray> mcpAuthorizations;
    QStringList tokenRequestSecrets;
};

} // namespace

class TestServerBoundaries : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void refusesRepeatingRedirectToAnotherOrigin_data();
    void refusesRepeatingRedirectToAnotherOrigin();
    void followsRepeatingRedirectOnTheSameOrigin();
    void twoSignedInServersNeverSeeEachOthersToken();
};

void TestServerBoundaries::refusesRepeatingRedirectToAnotherOrigin_data()
{
    QTest::addColumn<int>("status");
    QTest::newRow("307") << 307;
    QTest::newRow("308") << 308;
}

void TestServerBoundaries::refusesRepeatingRedirectToAnotherOrigin()
{
    QFETCH(int, status);
    LoopbackHttpServer server;
    LoopbackHttpServer elsewhere; // same host, another port: another origin (RFC 6454 §4)
    QVERIFY(server.listen());
    QVERIFY(elsewhere.listen());
    server.route("POST", "/mcp", [&elsewhere, status](const TestRequest &request) {
        if (toolName(request) == QLatin1StringView("moved-away"))
            return TestResponse::redirect(elsewhere.url(QStringLiteral("/mcp")), status);
        return mcpAnswer(request);
    });
    server.route("GET", "/mcp", [](const TestRequest &) { return TestResponse{405, {}, {}}; });
    server.route("DELETE", "/mcp", [](const TestRequest &) { return TestResponse{200, {}, {}}; });
    elsewhere.route("POST", "/mcp", mcpAnswer);

    const auto client = McpTestClient::connect(server.url(QStringLiteral("/mcp")), ProtocolEra::StreamableHttp2025);
    QVERIFY(client);
    const auto moved = await<QJsonObject>([&](QObject *context, auto done) {
        client->session->callTool(QStringLiteral("moved-away"), {}, context, done);
    });
    QVERIFY(moved);
    QVERIFY(!moved->ok());
    QCOMPARE(moved->error().code(), ErrorCode::RedirectRejected);
    QVERIFY2(moved->error().message().contains(QStringLiteral("another server")), qPrintable(moved->error().message()));
    // Nothing of the JSON-RPC message went to the other origin, not even a connection's worth.
    QCOMPARE(elsewhere.requests().size(), 0);
    QCOMPARE(elsewhere.connectionCount(), 0);
}

void TestServerBoundaries::followsRepeatingRedirectOnTheSameOrigin()
{
    LoopbackHttpServer server;
    QVERIFY(server.listen());
    server.route("POST", "/mcp", [&server](const TestRequest &request) {
        if (toolName(request) == QLatin1StringView("moved-here"))
            return TestResponse::redirect(server.url(QStringLiteral("/mcp-moved")), 307);
        return mcpAnswer(request);
    });
    server.route("POST", "/mcp-moved", mcpAnswer);
    server.route("GET", "/mcp", [](const TestRequest &) { return TestResponse{405, {}, {}}; });
    server.route("DELETE", "/mcp", [](const TestRequest &) { return TestResponse{200, {}, {}}; });

    const auto client = McpTestClient::connect(server.url(QStringLiteral("/mcp")), ProtocolEra::StreamableHttp2025);
    QVERIFY(client);
    const auto moved = await<QJsonObject>([&](QObject *context, auto done) {
        client->session->callTool(QStringLiteral("moved-here"), {}, context, done);
    });
    QVERIFY2(moved && moved->ok(), portico::testing::describe(moved).constData());
    bool arrived = false;
    for (const TestRequest &request : server.requests())
        arrived = arrived || (request.path() == "/mcp-moved" && toolName(request) == QLatin1StringView("moved-here"));
    QVERIFY(arrived); // RFC 9110 §15.4.8: the same method and body, on the same origin
}

void TestServerBoundaries::twoSignedInServersNeverSeeEachOthersToken()
{
    ProtectedServer alpha(QStringLiteral("alpha"));
    ProtectedServer beta(QStringLiteral("beta"));
    InMemorySecretStore secrets;
    ServerRegistry registry;
    ConnectionManager manager(&registry, &secrets);

    QList<ServerConfig> configs;
    for (ProtectedServer *server : {&alpha, &beta}) {
        ServerConfig config;
        config.name = server->name;
        config.url = server->http.url(QStringLiteral("/mcp"));
        config.transport = ServerConfig::TransportChoice::StreamableHttp2025;
        config.authorizationMode = ServerConfig::AuthorizationMode::ClientCredentials;
        config.clientId = server->clientId();
        config.hasClientSecret = true;
        config.proxyMode = ProxyMode::None;
        const auto written = await<void>([&](QObject *context, auto done) {
            secrets.writeSecret(config.clientSecretKey(), server->clientSecret().toUtf8(), context, done);
        });
        QVERIFY(written && written->ok());
        QVERIFY(registry.add(config).ok());
        configs.append(config);
    }
    QTest::qWait(50); // the client secrets are read from the store when the AuthSessions are made

    for (const ServerConfig &config : std::as_const(configs))
        manager.connectServer(config.id());
    for (const ServerConfig &config : std::as_const(configs)) {
        ServerConnection *connection = manager.connection(config.id());
        QVERIFY(connection);
        QTRY_VERIFY2_WITH_TIMEOUT(connection->state() == ServerConnection::State::Connected,
                                  qPrintable(connection->lastError()
                                                 ? connection->lastError()->toString()
                                                 : ServerConnection::stateText(connection->state())),
                                  20000);
        const auto called = await<QJsonObject>([&](QObject *context, auto done) {
            connection->session()->callTool(QStringLiteral("echo"), {}, context, done);
        });
        QVERIFY2(called && called->ok(), portico::testing::describe(called).constData());
    }

    // Each MCP server saw its own token (after the first, unauthenticated request) and never the other's; each
    // token endpoint saw only its own client's secret.
    for (const ProtectedServer *server : {&alpha, &beta}) {
        const QByteArray own = "Bearer " + server->accessToken().toLatin1();
        QVERIFY(server->mcpAuthorizations.contains(own));
        for (const QByteArray &authorization : server->mcpAuthorizations)
            QVERIFY2(authorization.isEmpty() || authorization == own, authorization.constData());
        QVERIFY(!server->tokenRequestSecrets.isEmpty());
        for (const QString &secret : server->tokenRequestSecrets)
            QCOMPARE(secret, server->clientSecret());
    }
    manager.disconnectAll();
}

QTEST_GUILESS_MAIN(TestServerBoundaries)
#include "tst_serverboundaries.moc"
