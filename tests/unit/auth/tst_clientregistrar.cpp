// ClientRegistrar against a loopback authorization server: the exact RFC 7591 request Portico sends
// (requirements AUTH-16, AUTH-21), that the registration holds what the AS returned (requirements AUTH-17) bound to its
// issuer (requirements AUTH-18), the error paths (RFC 7591 §3.2.2, requirements SEC-2, SEC-12), and the Client ID
// Metadata Document client (requirements AUTH-15).

#include "auth/authservermetadata.h"
#include "auth/clientregistrar.h"
#include "awaitresult.h"
#include "loopbackhttpserver.h"
#include "net/httpclient.h"
#include "testhttpoptions.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>
#include <QTimeZone>

#include <optional>

using namespace portico;
using namespace std::chrono_literals;
namespace peer = portico::testing;
using portico::testing::describe;
using portico::testing::fastOptions;

namespace {

using Server = peer::LoopbackHttpServer;
using ClientMetadata = ClientRegistrar::ClientMetadata;

constexpr int kWaitMs = 10'000;
// A fixed, made-up value: what the AS "issues" in these tests. Never compared with QCOMPARE, so a failure
// does not print it either.
const QString kIssuedSecret = QStringLiteral("issued-secret-value-7f3a");
// The clock of the registrar under test: 2030-01-01T00:00:00Z.
const QDateTime kNow = QDateTime::fromSecsSinceEpoch(1893456000, QTimeZone::utc());

QString origin(const Server &server)
{
    return QStringLiteral("http://127.0.0.1:%1").arg(server.port());
}

peer::HttpResponse json(const QJsonObject &object, int status)
{
    return {status, {{"Content-Type", "application/json"}}, QJsonDocument(object).toJson(QJsonDocument::Compact)};
}

// Validated metadata of the AS at `server` (issuer = its origin), with or without a registration endpoint.
AuthServerMetadata metadataFor(const Server &server, bool withRegistration = true)
{
    const QString base = origin(server);
    QJsonObject document{
        {QStringLiteral("issuer"), base},
        {QStringLiteral("authorization_endpoint"), QString(base + QStringLiteral("/authorize"))},
        {QStringLiteral("token_endpoint"), QString(base + QStringLiteral("/token"))},
        {QStringLiteral("response_types_supported"), QJsonArray{QStringLiteral("code")}},
        {QStringLiteral("code_challenge_methods_supported"), QJsonArray{QStringLiteral("S256")}},
    };
    if (withRegistration)
        document.insert(QStringLiteral("registration_endpoint"), QString(base + QStringLiteral("/register")));
    Result<AuthServerMetadata> metadata =
        AuthServerMetadata::fromJson(QJsonDocument(document).toJson(), base, discovery_urls::AsMetadataKind::OAuth);
    Q_ASSERT(metadata.ok());
    return std::move(metadata).value();
}

ClientMetadata minimalClient()
{
    ClientMetadata client;
    client.clientName = QStringLiteral("Portico");
    client.redirectUri = QUrl(QStringLiteral("http://127.0.0.1:47100/callback"));
    return client;
}

std::optional<Result<ClientRegistration>> registerAndWait(HttpClient &http, const AuthServerMetadata &metadata,
                                                          const ClientMetadata &client)
{
    ClientRegistrar registrar(http);
    registrar.setClock([] { return kNow; });
    return portico::testing::await<ClientRegistration>(
        [&](QObject *context, auto done) { registrar.registerClient(metadata, client, context, done); }, kWaitMs);
}

QJsonObject receivedJson(const peer::HttpRequest &request)
{
    return QJsonDocument::fromJson(request.body).object();
}

} // namespace

class TestClientRegistrar : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void sendsRfc7591RegistrationRequest_data();
    void sendsRfc7591RegistrationRequest();
    void usesTheMetadataTheServerReturned();
    void appliesDefaultsWhenServerOmitsMembers();
    void acceptsCreatedAndOk_data();
    void acceptsCreatedAndOk();
    void reportsRefusals_data();
    void reportsRefusals();
    void doesNotFollowRedirects();
    void rejectsUnusableResponses_data();
    void rejectsUnusableResponses();
    void failsWithoutRegistrationEndpointAndSendsNothing();
    void refusesNonLoopbackHttpRedirectUriAndSendsNothing();
    void metadataDocumentClientNeedsHttpsUrlWithPath_data();
    void metadataDocumentClientNeedsHttpsUrlWithPath();
};

void TestClientRegistrar::sendsRfc7591RegistrationRequest_data()
{
    QTest::addColumn<bool>("withOptional");
    QTest::newRow("required members only") << false;
    QTest::newRow("with the optional members") << true;
}

// Requirements AUTH-16, AUTH-21 (conformance client-registration, sep-2207-client-metadata-grant-types, sep-837):
// exactly this JSON body, posted as application/json, with no credentials.
void TestClientRegistrar::sendsRfc7591RegistrationRequest()
{
    QFETCH(bool, withOptional);
    Server as;
    QVERIFY(as.listen());
    as.route("POST", "/register", [](const peer::HttpRequest &) {
        return json({{QStringLiteral("client_id"), QStringLiteral("client-1")}}, 201);
    });
    ClientMetadata client = minimalClient();
    QJsonObject expected{
        {QStringLiteral("redirect_uris"), QJsonArray{QStringLiteral("http://127.0.0.1:47100/callback")}},
        {QStringLiteral("client_name"), QStringLiteral("Portico")},
        {QStringLiteral("grant_types"),
         QJsonArray{QStringLiteral("authorization_code"), QStringLiteral("refresh_token")}},
        {QStringLiteral("response_types"), QJsonArray{QStringLiteral("code")}},
        {QStringLiteral("token_endpoint_auth_method"), QStringLiteral("none")},
        {QStringLiteral("application_type"), QStringLiteral("native")},
    };
    if (withOptional) {
        client.clientUri = QUrl(QStringLiteral("https://portico.example/"));
        client.scope = QStringLiteral("mcp:basic offline_access");
        client.softwareId = QStringLiteral("io.portico.Portico");
        client.softwareVersion = QStringLiteral("1.2.3");
        expected.insert(QStringLiteral("client_uri"), QStringLiteral("https://portico.example/"));
        expected.insert(QStringLiteral("scope"), QStringLiteral("mcp:basic offline_access"));
        expected.insert(QStringLiteral("software_id"), QStringLiteral("io.portico.Portico"));
        expected.insert(QStringLiteral("software_version"), QStringLiteral("1.2.3"));
    }

    HttpClient http(fastOptions());
    const auto outcome = registerAndWait(http, metadataFor(as), client);
    QVERIFY2(outcome && outcome->ok(), describe(outcome).constData());
    QCOMPARE(as.requests().size(), 1);
    const peer::HttpRequest &request = as.requests().constFirst();
    QCOMPARE(request.method, QByteArray("POST"));
    QCOMPARE(request.target, QByteArray("/register"));
    QVERIFY(request.header("Content-Type").startsWith("application/json"));
    QCOMPARE(request.header("Accept"), QByteArray("application/json"));
    QVERIFY(request.header("Authorization").isEmpty());
    QCOMPARE(receivedJson(request), expected);
}

// Requirements AUTH-17: the AS may change what was asked for; its answer is what Portico uses. Requirements AUTH-18:
// bound to the issuer.
void TestClientRegistrar::usesTheMetadataTheServerReturned()
{
    Server as;
    QVERIFY(as.listen());
    const qint64 expiresAt = kNow.toSecsSinceEpoch() + 3600;
    as.route("POST", "/register", [expiresAt](const peer::HttpRequest &) {
        return json({{QStringLiteral("client_id"), QStringLiteral("client-2")},
                     {QStringLiteral("client_secret"), kIssuedSecret},
                     {QStringLiteral("client_secret_expires_at"), expiresAt},
                     {QStringLiteral("client_id_issued_at"), 1893455000},
                     {QStringLiteral("token_endpoint_auth_method"), QStringLiteral("client_secret_basic")},
                     {QStringLiteral("redirect_uris"), QJsonArray{QStringLiteral("http://127.0.0.1:47101/callback")}},
                     {QStringLiteral("grant_types"), QJsonArray{QStringLiteral("authorization_code")}}},
                    201);
    });
    HttpClient http(fastOptions());
    const AuthServerMetadata metadata = metadataFor(as);
    const auto outcome = registerAndWait(http, metadata, minimalClient());
    QVERIFY2(outcome && outcome->ok(), describe(outcome).constData());
    const ClientRegistration &registration = outcome->value();
    QCOMPARE(registration.kind, ClientRegistration::Kind::Dynamic);
    QCOMPARE(registration.issuer, metadata.issuer());
    QCOMPARE(registration.clientId, QStringLiteral("client-2"));
    QVERIFY(registration.clientSecret == kIssuedSecret);
    QCOMPARE(registration.tokenEndpointAuthMethod, QStringLiteral("client_secret_basic"));
    QCOMPARE(registration.secretExpiresAt, QDateTime::fromSecsSinceEpoch(expiresAt, QTimeZone::utc()));
    QCOMPARE(registration.redirectUri, QUrl(QStringLiteral("http://127.0.0.1:47101/callback")));
    QCOMPARE(registration.grantTypes, QStringList{QStringLiteral("authorization_code")});
    QVERIFY(registration.isUsableWith(metadata.issuer()));
}

// RFC 7591 §3.2.1 with only client_id and client_secret (conformance auth/2025-03-26-oauth-endpoint-fallback):
// the method requested ("none") stands, the secret never expires, the request's redirect URI and grants stand.
void TestClientRegistrar::appliesDefaultsWhenServerOmitsMembers()
{
    Server as;
    QVERIFY(as.listen());
    as.route("POST", "/register", [](const peer::HttpRequest &) {
        return json({{QStringLiteral("client_id"), QStringLiteral("test-client-id")},
                     {QStringLiteral("client_secret"), kIssuedSecret},
                     {QStringLiteral("client_secret_expires_at"), 0}},
                    201);
    });
    HttpClient http(fastOptions());
    const auto outcome = registerAndWait(http, metadataFor(as), minimalClient());
    QVERIFY2(outcome && outcome->ok(), describe(outcome).constData());
    const ClientRegistration &registration = outcome->value();
    QCOMPARE(registration.clientId, QStringLiteral("test-client-id"));
    QCOMPARE(registration.tokenEndpointAuthMethod, QStringLiteral("none"));
    QVERIFY(!registration.secretExpiresAt.isValid());
    QVERIFY(!registration.secretExpired(kNow.addYears(50)));
    QCOMPARE(registration.redirectUri, minimalClient().redirectUri);
    QCOMPARE(registration.grantTypes,
             (QStringList{QStringLiteral("authorization_code"), QStringLiteral("refresh_token")}));
}

void TestClientRegistrar::acceptsCreatedAndOk_data()
{
    QTest::addColumn<int>("status");
    QTest::newRow("201 Created (RFC 7591 §3.2.1)") << 201;
    QTest::newRow("200 OK (common in practice)") << 200;
}

void TestClientRegistrar::acceptsCreatedAndOk()
{
    QFETCH(int, status);
    Server as;
    QVERIFY(as.listen());
    as.route("POST", "/register", [status](const peer::HttpRequest &) {
        return json({{QStringLiteral("client_id"), QStringLiteral("client-3")}}, status);
    });
    HttpClient http(fastOptions());
    const auto outcome = registerAndWait(http, metadataFor(as), minimalClient());
    QVERIFY2(outcome && outcome->ok(), describe(outcome).constData());
    QCOMPARE(outcome->value().clientId, QStringLiteral("client-3"));
}

void TestClientRegistrar::reportsRefusals_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("oauthError");
    QTest::newRow("400 invalid_redirect_uri")
        << 400 << QByteArray(R"({"error":"invalid_redirect_uri","error_description":"loopback not allowed"})")
        << QStringLiteral("invalid_redirect_uri");
    QTest::newRow("400 invalid_client_metadata")
        << 400 << QByteArray(R"({"error":"invalid_client_metadata"})") << QStringLiteral("invalid_client_metadata");
    QTest::newRow("403 without body") << 403 << QByteArray() << QString();
    QTest::newRow("500 html") << 500 << QByteArray("<html>oops</html>") << QString();
}

// Requirements AUTH-17 / RFC 7591 §3.2.2: RegistrationFailed with the status and the OAuth error (shown to the person).
void TestClientRegistrar::reportsRefusals()
{
    QFETCH(int, status);
    QFETCH(QByteArray, body);
    QFETCH(QString, oauthError);
    Server as;
    QVERIFY(as.listen());
    as.route("POST", "/register", [status, body](const peer::HttpRequest &) {
        return peer::HttpResponse{status, {{"Content-Type", "application/json"}}, body};
    });
    HttpClient http(fastOptions());
    const auto outcome = registerAndWait(http, metadataFor(as), minimalClient());
    QVERIFY(outcome.has_value());
    QVERIFY(!outcome->ok());
    QCOMPARE(outcome->error().code(), ErrorCode::RegistrationFailed);
    QCOMPARE(outcome->error().httpStatus(), status);
    QCOMPARE(outcome->error().oauthError(), oauthError);
    QCOMPARE(as.requests().size(), 1);
}

// Requirements SEC-2: the registration POST is not re-sent to wherever a redirect points.
void TestClientRegistrar::doesNotFollowRedirects()
{
    Server as;
    Server target;
    QVERIFY(as.listen());
    QVERIFY(target.listen());
    const QUrl elsewhere = target.url(QStringLiteral("/register"));
    as.route("POST", "/register",
             [elsewhere](const peer::HttpRequest &) { return peer::HttpResponse::redirect(elsewhere, 307); });
    target.route("POST", "/register", [](const peer::HttpRequest &) {
        return json({{QStringLiteral("client_id"), QStringLiteral("stolen")}}, 201);
    });
    HttpClient http(fastOptions());
    const auto outcome = registerAndWait(http, metadataFor(as), minimalClient());
    QVERIFY(outcome.has_value());
    QVERIFY(!outcome->ok());
    QCOMPARE(outcome->error().code(), ErrorCode::RegistrationFailed);
    QCOMPARE(outcome->error().httpStatus(), 307);
    QCOMPARE(target.requests().size(), 0);
}

void TestClientRegistrar::rejectsUnusableResponses_data()
{
    const QString secret = kIssuedSecret;
    QTest::addColumn<QByteArray>("body");
    QTest::newRow("no client_id") << QByteArray(R"({"client_name":"Portico"})");
    QTest::newRow("empty client_id") << QByteArray(R"({"client_id":""})");
    QTest::newRow("client_id not a string") << QByteArray(R"({"client_id":42})");
    QTest::newRow("not JSON") << QByteArray("client_id=abc");
    QTest::newRow("JSON array") << QByteArray(R"(["client_id"])");
    QTest::newRow("secret method without secret")
        << QByteArray(R"({"client_id":"c","token_endpoint_auth_method":"client_secret_post"})");
    QTest::newRow("private_key_jwt never registered")
        << QByteArray(R"({"client_id":"c","token_endpoint_auth_method":"private_key_jwt"})");
    QTest::newRow("unknown auth method") << QByteArray(
        R"({"client_id":"c","token_endpoint_auth_method":"tls_client_auth"})");
    QTest::newRow("negative expiry") << (R"({"client_id":"c","client_secret":")" + secret.toUtf8()
                                         + R"(","client_secret_expires_at":-5})");
    QTest::newRow("expiry as string") << (R"({"client_id":"c","client_secret":")" + secret.toUtf8()
                                          + R"(","client_secret_expires_at":"0"})");
    QTest::newRow("secret already expired")
        << (R"({"client_id":"c","client_secret":")" + secret.toUtf8() + R"(","client_secret_expires_at":1000})");
    QTest::newRow("remote http redirect uri")
        << QByteArray(R"({"client_id":"c","redirect_uris":["http://attacker.example.com/cb"]})");
    QTest::newRow("larger than 64 KiB (C13)") << (R"({"client_id":"c","pad":")" + QByteArray(70 * 1024, 'x') + R"("})");
}

// Requirements AUTH-17, SEC-12: a success status with a body Portico cannot use is RegistrationFailed, and the error
// never carries the issued secret.
void TestClientRegistrar::rejectsUnusableResponses()
{
    QFETCH(QByteArray, body);
    Server as;
    QVERIFY(as.listen());
    as.route("POST", "/register", [body](const peer::HttpRequest &) {
        return peer::HttpResponse{201, {{"Content-Type", "application/json"}}, body};
    });
    HttpClient http(fastOptions());
    const auto outcome = registerAndWait(http, metadataFor(as), minimalClient());
    QVERIFY(outcome.has_value());
    QVERIFY(!outcome->ok());
    QCOMPARE(outcome->error().code(), ErrorCode::RegistrationFailed);
    QVERIFY(!outcome->error().toString().contains(kIssuedSecret));
}

// Requirements AUTH-14 step 3: no registration_endpoint, no DCR — DiscoveryFailed, asynchronously, and nothing is sent.
void TestClientRegistrar::failsWithoutRegistrationEndpointAndSendsNothing()
{
    Server as;
    QVERIFY(as.listen());
    HttpClient http(fastOptions());
    ClientRegistrar registrar(http);
    QObject context;
    std::optional<Result<ClientRegistration>> outcome;
    registrar.registerClient(metadataFor(as, /*withRegistration=*/false), minimalClient(), &context,
                             [&outcome](Result<ClientRegistration> result) { outcome.emplace(std::move(result)); });
    QVERIFY(!outcome.has_value()); // docs/architecture.md, "Async and errors": never synchronous
    QTRY_VERIFY(outcome.has_value());
    QVERIFY(!outcome->ok());
    QCOMPARE(outcome->error().code(), ErrorCode::DiscoveryFailed);
    QCOMPARE(as.connectionCount(), 0);
}

// Requirements AUTH-19: the redirect URI registered is https or loopback http; anything else is refused before sending.
void TestClientRegistrar::refusesNonLoopbackHttpRedirectUriAndSendsNothing()
{
    Server as;
    QVERIFY(as.listen());
    ClientMetadata client = minimalClient();
    client.redirectUri = QUrl(QStringLiteral("http://portico.example/callback"));
    HttpClient http(fastOptions());
    const auto outcome = registerAndWait(http, metadataFor(as), client);
    QVERIFY(outcome.has_value());
    QVERIFY(!outcome->ok());
    QCOMPARE(outcome->error().code(), ErrorCode::InvalidArgument);
    QCOMPARE(as.connectionCount(), 0);
}

void TestClientRegistrar::metadataDocumentClientNeedsHttpsUrlWithPath_data()
{
    QTest::addColumn<QString>("documentUrl");
    QTest::addColumn<bool>("accepted");
    QTest::newRow("https with path (conformance auth/basic-cimd)")
        << QStringLiteral("https://conformance-test.local/client-metadata.json") << true;
    QTest::newRow("Portico's placeholder")
        << QStringLiteral("https://portico.example/oauth/client-metadata.json") << true;
    QTest::newRow("http remote") << QStringLiteral("http://portico.example/client-metadata.json") << false;
    QTest::newRow("http loopback") << QStringLiteral("http://127.0.0.1/client-metadata.json") << false;
    QTest::newRow("no path") << QStringLiteral("https://portico.example") << false;
    QTest::newRow("root path") << QStringLiteral("https://portico.example/") << false;
    QTest::newRow("fragment") << QStringLiteral("https://portico.example/client.json#x") << false;
    QTest::newRow("userinfo") << QStringLiteral("https://user@portico.example/client.json") << false;
    QTest::newRow("not a URL") << QString() << false;
}

// Requirements AUTH-15 / CIMD draft §3: the client id is the document's https URL, which must contain a path; no issuer
// (requirements AUTH-18).
void TestClientRegistrar::metadataDocumentClientNeedsHttpsUrlWithPath()
{
    QFETCH(QString, documentUrl);
    QFETCH(bool, accepted);
    const QUrl redirect(QStringLiteral("http://127.0.0.1:47100/callback"));
    const Result<ClientRegistration> result =
        ClientRegistrar::metadataDocumentClient(QUrl(documentUrl, QUrl::StrictMode), redirect);
    QCOMPARE(result.ok(), accepted);
    if (!accepted) {
        QCOMPARE(result.error().code(), ErrorCode::InvalidArgument);
        return;
    }
    const ClientRegistration &registration = result.value();
    QCOMPARE(registration.kind, ClientRegistration::Kind::MetadataDocument);
    QCOMPARE(registration.clientId, documentUrl);
    QVERIFY(registration.issuer.isEmpty());
    QVERIFY(registration.clientSecret.isEmpty());
    QCOMPARE(registration.tokenEndpointAuthMethod, QStringLiteral("none"));
    QCOMPARE(registration.redirectUri, redirect);
    QVERIFY(registration.isUsableWith(QStringLiteral("https://any-as.example")));
}

QTEST_GUILESS_MAIN(TestClientRegistrar)
#include "tst_clientregistrar.moc"
