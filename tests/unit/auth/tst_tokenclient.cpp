// TokenClient against a loopback token endpoint (requirements AUTH-22, AUTH-34, AUTH-35, AUTH-41–AUTH-43, SEC-2,
// SEC-12; conformance auth/token-endpoint-auth-{basic,post,none}, auth/client-credentials-basic,
// auth/client-credentials-jwt). Every test asserts what the endpoint *received* (LoopbackHttpServer::requests()),
// decoded the way an AS decodes a form (RFC 6749 Appendix B: '+' is a space), so a wrongly encoded value fails here.

#include "auth/clientassertion.h"
#include "auth/tokenclient.h"
#include "awaitresult.h"
#include "loopbackhttpserver.h"
#include "net/httpclient.h"
#include "testhttpoptions.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QMap>
#include <QTest>

#include <openssl/evp.h>
#include <openssl/pem.h>

#include <memory>
#include <optional>

using namespace portico;
using namespace std::chrono_literals;
namespace peer = portico::testing;
using portico::testing::await;
using portico::testing::describe;
using portico::testing::fastOptions;

namespace {

using Server = peer::LoopbackHttpServer;
using Form = QMap<QString, QString>;

constexpr int kWaitMs = 10'000;
const QString kResource = QStringLiteral("https://mcp.test/mcp");
const QByteArray kCode = "code-SECRET-5fa1";
const QByteArray kVerifier = "verifier-SECRET-0123456789-0123456789-0123456789";
const QString kAccessToken = QStringLiteral("at-SECRET-new");
const QString kRefreshToken = QStringLiteral("rt-SECRET-new");
const QString kOldRefreshToken = QStringLiteral("rt-SECRET-old");
const QString kClientSecret = QStringLiteral("cs-SECRET+/=");

QDateTime fixedNow()
{
    return QDateTime(QDate(2025, 6, 1), QTime(12, 0, 0), Qt::UTC);
}

peer::HttpResponse jsonResponse(int status, const QJsonObject &object)
{
    return peer::HttpResponse{status,
                              {{"Content-Type", "application/json"}, {"Cache-Control", "no-store"}},
                              QJsonDocument(object).toJson(QJsonDocument::Compact)};
}

QJsonObject tokenBody(bool withRefreshToken = true)
{
    QJsonObject body{{QStringLiteral("access_token"), kAccessToken},
                     {QStringLiteral("token_type"), QStringLiteral("Bearer")},
                     {QStringLiteral("expires_in"), 3600}};
    if (withRefreshToken)
        body.insert(QStringLiteral("refresh_token"), kRefreshToken);
    return body;
}

// How an AS reads application/x-www-form-urlencoded: split on '&' and '=', '+' is a space, then
// percent-decoding. Repeated names are counted as an error (RFC 6749 §3.2: "MUST NOT be included more than once").
std::optional<Form> decodeForm(const QByteArray &body)
{
    Form form;
    for (const QByteArray &pair : body.split('&')) {
        if (pair.isEmpty())
            continue;
        const qsizetype equals = pair.indexOf('=');
        if (equals <= 0)
            return std::nullopt;
        const auto decode = [](QByteArray part) {
            part.replace('+', ' ');
            return QUrl::fromPercentEncoding(part);
        };
        const QString name = decode(pair.left(equals));
        if (form.contains(name))
            return std::nullopt;
        form.insert(name, decode(pair.mid(equals + 1)));
    }
    return form;
}

QStringList sorted(QStringList names)
{
    names.sort();
    return names;
}

ClientRegistration publicClient()
{
    ClientRegistration client;
    client.kind = ClientRegistration::Kind::Dynamic;
    client.clientId = QStringLiteral("client-1");
    client.tokenEndpointAuthMethod = QString(ClientRegistration::kAuthNone);
    return client;
}

struct PkeyFree
{
    void operator()(EVP_PKEY *key) const { EVP_PKEY_free(key); }
};

// A fresh EC P-256 key as PKCS#8 PEM (private_key_jwt clients).
QByteArray generatedEcPem()
{
    std::unique_ptr<EVP_PKEY, PkeyFree> key(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256"));
    std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new(BIO_s_mem()), &BIO_free);
    if (!key || PEM_write_bio_PKCS8PrivateKey(bio.get(), key.get(), nullptr, nullptr, 0, nullptr, nullptr) != 1)
        return {};
    char *data = nullptr;
    const long size = BIO_get_mem_data(bio.get(), &data);
    return QByteArray(data, size);
}

// The server, an HttpClient, a TokenClient with a fixed clock, and an endpoint description pointing at it.
struct Fixture
{
    Server server;
    HttpClient http{fastOptions()};
    TokenClient tokens{http};
    TokenClient::Endpoint endpoint;

    bool start()
    {
        if (!server.listen())
            return false;
        tokens.setClock([] { return fixedNow(); });
        endpoint.tokenEndpoint = server.url(QStringLiteral("/token"));
        endpoint.issuer = server.url(QString()).toString();
        endpoint.client = publicClient();
        endpoint.client.issuer = endpoint.issuer;
        endpoint.resource = kResource;
        return true;
    }

    void answer(peer::HttpResponse response)
    {
        server.route("POST", "/token", [response](const peer::HttpRequest &) { return response; });
    }

    [[nodiscard]] std::optional<Form> lastForm() const
    {
        if (server.requests().isEmpty())
            return std::nullopt;
        return decodeForm(server.requests().constLast().body);
    }
};

std::optional<Result<TokenSet>> exchange(Fixture &f, const QByteArray &code = kCode)
{
    return await<TokenSet>([&f, code](QObject *context, TokenClient::TokenCallback done) {
        f.tokens.exchangeCode(f.endpoint, code, QUrl(QStringLiteral("http://127.0.0.1:4711/callback")), kVerifier,
                              ScopeSet::parse(QStringLiteral("mcp:read")).value(), context, std::move(done));
    });
}

bool mentionsSecret(const Error &error)
{
    const QString text = error.toString() + error.oauthError();
    for (const QString &secret : {QString::fromLatin1(kCode), QString::fromLatin1(kVerifier), kAccessToken,
                                  kRefreshToken, kOldRefreshToken, kClientSecret}) {
        if (text.contains(secret))
            return true;
    }
    return false;
}

} // namespace

class TestTokenClient : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void exchangeCodeSendsExactlyTheA36Fields();
    void exchangeCodeOmitsResourceWhenEmpty();
    void encodesReservedCharactersInFormValues();
    void exchangeCodeAuthenticatesWithBasic();
    void exchangeCodeAuthenticatesWithPost();
    void refreshSendsA44FieldsAndKeepsOldRefreshToken();
    void refreshAdoptsRotatedRefreshToken();
    void refreshWithoutRefreshTokenSendsNothing();
    void clientCredentialsWithPrivateKeyJwtSendsAssertionForIssuer();
    void clientCredentialsWithBasicSendsScopeAndResource();
    void clientCredentialsRefusesPublicClient();
    void reportsOAuthErrorOfRefusal_data();
    void reportsOAuthErrorOfRefusal();
    void acceptsOnly200AsTokenResponse_data();
    void acceptsOnly200AsTokenResponse();
    void neverFollowsRedirect_data();
    void neverFollowsRedirect();
    void refusesPlainHttpTokenEndpoint();
    void callbackNeverRunsAfterContextDies();
    void revokeSendsTokenAndHintAndTreats200AsOk();
    void revokeReportsServerError();
    void logsPurposesWithoutSecrets();
};

void TestTokenClient::exchangeCodeSendsExactlyTheA36Fields()
{
    Fixture f;
    QVERIFY(f.start());
    f.answer(jsonResponse(200, tokenBody()));
    bool synchronous = true;
    const auto result = await<TokenSet>(
        [&f](QObject *context, TokenClient::TokenCallback done) {
            f.tokens.exchangeCode(f.endpoint, kCode, QUrl(QStringLiteral("http://127.0.0.1:4711/callback")), kVerifier,
                                  ScopeSet::parse(QStringLiteral("mcp:read")).value(), context, std::move(done));
        },
        kWaitMs, &synchronous);
    QVERIFY(!synchronous);
    QVERIFY2(result && result->ok(), describe(result).constData());

    QCOMPARE(f.server.requests().size(), 1);
    const peer::HttpRequest &request = f.server.requests().constFirst();
    QCOMPARE(request.method, QByteArray("POST"));
    QCOMPARE(request.path(), QByteArray("/token"));
    QVERIFY(!request.target.contains('?')); // nothing secret in the URL (requirements SEC-4)
    QVERIFY(request.header("content-type").startsWith("application/x-www-form-urlencoded"));
    QCOMPARE(request.header("accept"), QByteArray("application/json"));
    QVERIFY(request.header("authorization").isEmpty());

    // RFC 6749 §4.1.3 / OAuth 2.1 §4.1.3: exactly these fields, each once.
    const auto form = f.lastForm();
    QVERIFY(form.has_value());
    QCOMPARE(sorted(form->keys()),
             sorted({QStringLiteral("grant_type"), QStringLiteral("code"), QStringLiteral("redirect_uri"),
                     QStringLiteral("code_verifier"), QStringLiteral("client_id"), QStringLiteral("resource")}));
    QCOMPARE(form->value(QStringLiteral("grant_type")), QStringLiteral("authorization_code"));
    QVERIFY(form->value(QStringLiteral("code")) == QString::fromLatin1(kCode));
    QVERIFY(form->value(QStringLiteral("code_verifier")) == QString::fromLatin1(kVerifier));
    QCOMPARE(form->value(QStringLiteral("redirect_uri")), QStringLiteral("http://127.0.0.1:4711/callback"));
    QCOMPARE(form->value(QStringLiteral("client_id")), QStringLiteral("client-1"));
    QCOMPARE(form->value(QStringLiteral("resource")), kResource); // Requirements AUTH-27 / RFC 8707

    // Requirements AUTH-35: the response became a TokenSet, its expiry counted from the (injected) clock.
    const TokenSet &tokens = result->value();
    QVERIFY(tokens.accessToken == kAccessToken);
    QVERIFY(tokens.refreshToken == kRefreshToken);
    QCOMPARE(tokens.expiresAt, fixedNow().addSecs(3600));
    QCOMPARE(tokens.grantedScopes.toList(), QStringList{QStringLiteral("mcp:read")}); // absent scope = requested
}

void TestTokenClient::exchangeCodeOmitsResourceWhenEmpty()
{
    // RFC 8707 §2: omitted only when the person chose "omit resource" (empty).
    Fixture f;
    QVERIFY(f.start());
    f.endpoint.resource.clear();
    f.answer(jsonResponse(200, tokenBody()));
    const auto result = exchange(f);
    QVERIFY2(result && result->ok(), describe(result).constData());
    const auto form = f.lastForm();
    QVERIFY(form.has_value());
    QVERIFY(!form->contains(QStringLiteral("resource")));
    QCOMPARE(form->size(), 5);
}

void TestTokenClient::encodesReservedCharactersInFormValues()
{
    // A code, resource or secret with '+', '&', '=', ' ' or '%' must arrive unchanged: QUrlQuery alone would
    // send '+' bare, which the AS reads as a space.
    Fixture f;
    QVERIFY(f.start());
    f.endpoint.resource = QStringLiteral("https://mcp.test/mcp?tenant=a&b=c d");
    f.endpoint.client.tokenEndpointAuthMethod = QString(ClientRegistration::kAuthClientSecretPost);
    f.endpoint.client.clientSecret = QStringLiteral("p+q&r=s t%41%");
    f.answer(jsonResponse(200, tokenBody()));
    const QByteArray code = "a+b&c=d e%41/?#";
    const auto result = exchange(f, code);
    QVERIFY2(result && result->ok(), describe(result).constData());
    const QByteArray body = f.server.requests().constLast().body;
    QVERIFY(!body.contains('+'));
    QVERIFY(!body.contains(' '));
    const auto form = f.lastForm();
    QVERIFY(form.has_value());
    QVERIFY(form->value(QStringLiteral("code")) == QString::fromLatin1(code));
    QVERIFY(form->value(QStringLiteral("client_secret")) == f.endpoint.client.clientSecret);
    QCOMPARE(form->value(QStringLiteral("resource")), f.endpoint.resource);
    QCOMPARE(form->size(), 7);
}

void TestTokenClient::exchangeCodeAuthenticatesWithBasic()
{
    // Requirements AUTH-22 / conformance auth/token-endpoint-auth-basic: credentials in the header, nothing in the
    // body.
    Fixture f;
    QVERIFY(f.start());
    f.endpoint.client.tokenEndpointAuthMethod = QString(ClientRegistration::kAuthClientSecretBasic);
    f.endpoint.client.clientId = QStringLiteral("id:with:colons");
    f.endpoint.client.clientSecret = kClientSecret;
    f.answer(jsonResponse(200, tokenBody()));
    const auto result = exchange(f);
    QVERIFY2(result && result->ok(), describe(result).constData());
    const QByteArray authorization = f.server.requests().constLast().header("authorization");
    QVERIFY(authorization.startsWith("Basic "));
    const QByteArray credentials = QByteArray::fromBase64(authorization.mid(6));
    // RFC 6749 §2.3.1: each part form-urlencoded before joining, so the AS splits at the one real ':'.
    const qsizetype colon = credentials.indexOf(':');
    QCOMPARE(QUrl::fromPercentEncoding(credentials.left(colon)), QStringLiteral("id:with:colons"));
    QVERIFY(QUrl::fromPercentEncoding(credentials.mid(colon + 1)) == kClientSecret);
    const auto form = f.lastForm();
    QVERIFY(form.has_value());
    QVERIFY(!form->contains(QStringLiteral("client_id")));
    QVERIFY(!form->contains(QStringLiteral("client_secret")));
}

void TestTokenClient::exchangeCodeAuthenticatesWithPost()
{
    // Requirements AUTH-22 / conformance auth/token-endpoint-auth-post.
    Fixture f;
    QVERIFY(f.start());
    f.endpoint.client.tokenEndpointAuthMethod = QString(ClientRegistration::kAuthClientSecretPost);
    f.endpoint.client.clientSecret = kClientSecret;
    f.answer(jsonResponse(200, tokenBody()));
    const auto result = exchange(f);
    QVERIFY2(result && result->ok(), describe(result).constData());
    QVERIFY(f.server.requests().constLast().header("authorization").isEmpty());
    const auto form = f.lastForm();
    QVERIFY(form.has_value());
    QCOMPARE(form->value(QStringLiteral("client_id")), QStringLiteral("client-1"));
    QVERIFY(form->value(QStringLiteral("client_secret")) == kClientSecret);
}

void TestTokenClient::refreshSendsA44FieldsAndKeepsOldRefreshToken()
{
    Fixture f;
    QVERIFY(f.start());
    f.answer(jsonResponse(200, tokenBody(false))); // RFC 6749 §6: no new refresh token issued
    TokenSet current;
    current.accessToken = QStringLiteral("at-old");
    current.refreshToken = kOldRefreshToken;
    current.grantedScopes = ScopeSet::parse(QStringLiteral("mcp:read mcp:write")).value();
    const auto result = await<TokenSet>([&f, &current](QObject *context, TokenClient::TokenCallback done) {
        f.tokens.refresh(f.endpoint, current, context, std::move(done));
    });
    QVERIFY2(result && result->ok(), describe(result).constData());

    // Requirements AUTH-41 / OAuth 2.1 §4.3.1: grant_type, refresh_token, client_id, resource — and nothing else.
    const auto form = f.lastForm();
    QVERIFY(form.has_value());
    QCOMPARE(sorted(form->keys()), sorted({QStringLiteral("grant_type"), QStringLiteral("refresh_token"),
                                           QStringLiteral("client_id"), QStringLiteral("resource")}));
    QCOMPARE(form->value(QStringLiteral("grant_type")), QStringLiteral("refresh_token"));
    QVERIFY(form->value(QStringLiteral("refresh_token")) == kOldRefreshToken);
    QCOMPARE(form->value(QStringLiteral("resource")), kResource);

    const TokenSet &tokens = result->value();
    QVERIFY(tokens.accessToken == kAccessToken);
    QVERIFY(tokens.refreshToken == kOldRefreshToken); // kept
    QCOMPARE(tokens.refreshedAt, fixedNow());
    QCOMPARE(tokens.grantedScopes, current.grantedScopes); // RFC 6749 §6: absent scope = as granted before
}

void TestTokenClient::refreshAdoptsRotatedRefreshToken()
{
    // Requirements AUTH-41: a rotated refresh token replaces the old one.
    Fixture f;
    QVERIFY(f.start());
    f.answer(jsonResponse(200, tokenBody(true)));
    TokenSet current;
    current.refreshToken = kOldRefreshToken;
    const auto result = await<TokenSet>([&f, &current](QObject *context, TokenClient::TokenCallback done) {
        f.tokens.refresh(f.endpoint, current, context, std::move(done));
    });
    QVERIFY2(result && result->ok(), describe(result).constData());
    QVERIFY(result->value().refreshToken == kRefreshToken);
}

void TestTokenClient::refreshWithoutRefreshTokenSendsNothing()
{
    // Requirements AUTH-35: no refresh token was issued, so there is nothing to refresh with; the error comes
    // asynchronously.
    Fixture f;
    QVERIFY(f.start());
    f.answer(jsonResponse(200, tokenBody()));
    TokenSet current;
    current.accessToken = QStringLiteral("at-old");
    bool synchronous = true;
    const auto result = await<TokenSet>(
        [&f, &current](QObject *context, TokenClient::TokenCallback done) {
            f.tokens.refresh(f.endpoint, current, context, std::move(done));
        },
        kWaitMs, &synchronous);
    QVERIFY(!synchronous);
    QVERIFY(result.has_value());
    QVERIFY(!result->ok());
    QCOMPARE(result->error().code(), ErrorCode::InvalidArgument);
    QCOMPARE(f.server.requests().size(), 0);
}

void TestTokenClient::clientCredentialsWithPrivateKeyJwtSendsAssertionForIssuer()
{
    // RFC 7523 §2.2 / conformance auth/client-credentials-jwt: the assertion's aud is the AS issuer.
    Fixture f;
    QVERIFY(f.start());
    f.endpoint.client.kind = ClientRegistration::Kind::PreRegistered;
    f.endpoint.client.tokenEndpointAuthMethod = QString(ClientRegistration::kAuthPrivateKeyJwt);
    f.endpoint.client.privateKeyPem = generatedEcPem();
    f.endpoint.client.signingAlgorithm = QStringLiteral("ES256");
    QVERIFY(!f.endpoint.client.privateKeyPem.isEmpty());
    f.answer(jsonResponse(200, tokenBody(false)));
    const auto result = await<TokenSet>([&f](QObject *context, TokenClient::TokenCallback done) {
        f.tokens.clientCredentials(f.endpoint, ScopeSet::parse(QStringLiteral("svc:a svc:b")).value(), context,
                                   std::move(done));
    });
    QVERIFY2(result && result->ok(), describe(result).constData());

    QVERIFY(f.server.requests().constLast().header("authorization").isEmpty());
    const auto form = f.lastForm();
    QVERIFY(form.has_value());
    QCOMPARE(sorted(form->keys()),
             sorted({QStringLiteral("grant_type"), QStringLiteral("scope"), QStringLiteral("resource"),
                     QStringLiteral("client_id"), QStringLiteral("client_assertion_type"),
                     QStringLiteral("client_assertion")}));
    QCOMPARE(form->value(QStringLiteral("grant_type")), QStringLiteral("client_credentials"));
    QCOMPARE(form->value(QStringLiteral("scope")), QStringLiteral("svc:a svc:b"));
    QCOMPARE(form->value(QStringLiteral("resource")), kResource);
    QCOMPARE(form->value(QStringLiteral("client_assertion_type")), QString(client_assertion::kAssertionType));
    const QList<QString> parts = form->value(QStringLiteral("client_assertion")).split(u'.');
    QCOMPARE(parts.size(), 3);
    const QJsonObject payload =
        QJsonDocument::fromJson(QByteArray::fromBase64(parts.at(1).toLatin1(), QByteArray::Base64UrlEncoding)).object();
    QCOMPARE(payload.value(QStringLiteral("aud")).toString(), f.endpoint.issuer);
    QCOMPARE(payload.value(QStringLiteral("iss")).toString(), QStringLiteral("client-1"));
    QCOMPARE(payload.value(QStringLiteral("iat")).toInteger(), fixedNow().toSecsSinceEpoch());
    // No refresh token in a client-credentials response is normal (RFC 6749 §4.4.3).
    QVERIFY(!result->value().hasRefreshToken());
    QCOMPARE(result->value().grantedScopes.toString(), QStringLiteral("svc:a svc:b"));
}

void TestTokenClient::clientCredentialsWithBasicSendsScopeAndResource()
{
    // Conformance auth/client-credentials-basic.
    Fixture f;
    QVERIFY(f.start());
    f.endpoint.client.tokenEndpointAuthMethod = QString(ClientRegistration::kAuthClientSecretBasic);
    f.endpoint.client.clientSecret = kClientSecret;
    f.answer(jsonResponse(200, tokenBody(false)));
    const auto result = await<TokenSet>([&f](QObject *context, TokenClient::TokenCallback done) {
        f.tokens.clientCredentials(f.endpoint, ScopeSet(), context, std::move(done));
    });
    QVERIFY2(result && result->ok(), describe(result).constData());
    QVERIFY(f.server.requests().constLast().header("authorization").startsWith("Basic "));
    const auto form = f.lastForm();
    QVERIFY(form.has_value());
    // An empty scope is omitted (RFC 6749 §4.4.2: OPTIONAL).
    QCOMPARE(sorted(form->keys()), sorted({QStringLiteral("grant_type"), QStringLiteral("resource")}));
}

void TestTokenClient::clientCredentialsRefusesPublicClient()
{
    // RFC 6749 §4.4: only confidential clients; nothing is sent.
    Fixture f;
    QVERIFY(f.start());
    f.answer(jsonResponse(200, tokenBody()));
    const auto result = await<TokenSet>([&f](QObject *context, TokenClient::TokenCallback done) {
        f.tokens.clientCredentials(f.endpoint, ScopeSet(), context, std::move(done));
    });
    QVERIFY(result.has_value() && !result->ok());
    QCOMPARE(result->error().code(), ErrorCode::InvalidArgument);
    QCOMPARE(f.server.requests().size(), 0);
}

void TestTokenClient::reportsOAuthErrorOfRefusal_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("oauthError");
    // Requirements AUTH-42: invalid_grant tells the caller to drop the refresh token and sign in again.
    QTest::newRow("400 invalid_grant") << 400
                                       << QByteArray(R"({"error":"invalid_grant","error_description":"expired"})")
                                       << QStringLiteral("invalid_grant");
    QTest::newRow("401 invalid_client") << 401 << QByteArray(R"({"error":"invalid_client"})")
                                        << QStringLiteral("invalid_client");
    QTest::newRow("400 invalid_scope") << 400 << QByteArray(R"({"error":"invalid_scope"})")
                                       << QStringLiteral("invalid_scope");
    // The description is untrusted text: it may even echo a credential; it never reaches the error unredacted.
    QTest::newRow("description echoing the code")
        << 400 << QByteArray(R"({"error":"invalid_request","error_description":"bad code=)" + kCode + R"("})")
        << QStringLiteral("invalid_request");
    QTest::newRow("500 html") << 500 << QByteArray("<html>oops</html>") << QString();
    QTest::newRow("error not a string") << 400 << QByteArray(R"({"error":42})") << QString();
    QTest::newRow("error with a quote") << 400 << QByteArray(R"({"error":"bad\"code"})") << QString();
    QTest::newRow("empty body") << 503 << QByteArray() << QString();
}

void TestTokenClient::reportsOAuthErrorOfRefusal()
{
    QFETCH(int, status);
    QFETCH(QByteArray, body);
    QFETCH(QString, oauthError);
    Fixture f;
    QVERIFY(f.start());
    f.answer(peer::HttpResponse{status, {{"Content-Type", "application/json"}}, body});
    const auto result = exchange(f);
    QVERIFY(result.has_value() && !result->ok());
    QCOMPARE(result->error().code(), ErrorCode::TokenRequestFailed);
    QCOMPARE(result->error().httpStatus(), status);
    QCOMPARE(result->error().oauthError(), oauthError);
    QVERIFY(!result->error().message().isEmpty());
    QVERIFY(!mentionsSecret(result->error()));
    QCOMPARE(f.server.requests().size(), 1); // no retry
}

void TestTokenClient::acceptsOnly200AsTokenResponse_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<int>("code");
    const QByteArray good = QJsonDocument(tokenBody()).toJson(QJsonDocument::Compact);
    // Requirements AUTH-35: only 200 with access_token and token_type Bearer.
    QTest::newRow("201 with tokens") << 201 << good << int(ErrorCode::TokenRequestFailed);
    QTest::newRow("200 without access_token")
        << 200 << QByteArray(R"({"token_type":"Bearer"})") << int(ErrorCode::TokenResponseInvalid);
    QTest::newRow("200 not JSON") << 200 << QByteArray("access_token=x&token_type=bearer")
                                  << int(ErrorCode::TokenResponseInvalid);
    QTest::newRow("200 mac token") << 200 << QByteArray(R"({"access_token":"x","token_type":"mac"})")
                                   << int(ErrorCode::TokenResponseInvalid);
    // Requirements SEC-12, ATTACK-9: an oversize answer (70 KiB) is refused.
    QTest::newRow("200 oversize") << 200
                                  << QByteArray(good.chopped(1) + ",\"pad\":\"" + QByteArray(70'000, 'x') + "\"}")
                                  << int(ErrorCode::TokenResponseInvalid);
}

void TestTokenClient::acceptsOnly200AsTokenResponse()
{
    QFETCH(int, status);
    QFETCH(QByteArray, body);
    QFETCH(int, code);
    Fixture f;
    QVERIFY(f.start());
    f.answer(peer::HttpResponse{status, {{"Content-Type", "application/json"}}, body});
    const auto result = exchange(f);
    QVERIFY(result.has_value() && !result->ok());
    QCOMPARE(int(result->error().code()), code);
    QCOMPARE(result->error().httpStatus(), status);
    QVERIFY(!mentionsSecret(result->error()));
}

void TestTokenClient::neverFollowsRedirect_data()
{
    QTest::addColumn<int>("status");
    // Requirements SEC-2: never re-POST a code, verifier, refresh token or secret to another address; 307/308 would
    // keep the body, 301-303 would turn it into a GET.
    QTest::newRow("307") << 307;
    QTest::newRow("308") << 308;
    QTest::newRow("302") << 302;
    QTest::newRow("303") << 303;
}

void TestTokenClient::neverFollowsRedirect()
{
    QFETCH(int, status);
    Fixture f;
    QVERIFY(f.start());
    Server elsewhere; // another origin (another port)
    QVERIFY(elsewhere.listen());
    elsewhere.route("POST", "/steal", [](const peer::HttpRequest &) { return jsonResponse(200, tokenBody()); });
    elsewhere.route("GET", "/steal", [](const peer::HttpRequest &) { return jsonResponse(200, tokenBody()); });
    f.answer(peer::HttpResponse::redirect(elsewhere.url(QStringLiteral("/steal")), status));
    f.endpoint.client.tokenEndpointAuthMethod = QString(ClientRegistration::kAuthClientSecretBasic);
    f.endpoint.client.clientSecret = kClientSecret;

    const auto result = exchange(f);
    QVERIFY(result.has_value() && !result->ok());
    QCOMPARE(result->error().code(), ErrorCode::TokenRequestFailed);
    QCOMPARE(result->error().httpStatus(), status);
    QCOMPARE(f.server.requests().size(), 1);
    // Give a wrongly followed redirect time to arrive, then check it did not.
    QTest::qWait(200);
    QCOMPARE(elsewhere.requests().size(), 0);
    QCOMPARE(elsewhere.connectionCount(), 0);
}

void TestTokenClient::refusesPlainHttpTokenEndpoint()
{
    // url_policy through HttpClient: https only, http only for loopback; nothing leaves.
    Fixture f;
    QVERIFY(f.start());
    f.endpoint.tokenEndpoint = QUrl(QStringLiteral("http://as.example/token"));
    const auto result = exchange(f);
    QVERIFY(result.has_value() && !result->ok());
    QCOMPARE(result->error().code(), ErrorCode::UrlRejected);
}

void TestTokenClient::callbackNeverRunsAfterContextDies()
{
    Fixture f;
    QVERIFY(f.start());
    f.answer(jsonResponse(200, tokenBody()));
    bool called = false;
    {
        QObject context;
        f.tokens.exchangeCode(f.endpoint, kCode, QUrl(QStringLiteral("http://127.0.0.1:4711/callback")), kVerifier,
                              ScopeSet(), &context, [&called](Result<TokenSet>) { called = true; });
        // A refusal before sending (queued) must not outlive the context either.
        TokenSet none;
        f.tokens.refresh(f.endpoint, none, &context, [&called](Result<TokenSet>) { called = true; });
    }
    QTRY_VERIFY_WITH_TIMEOUT(f.server.requests().size() == 1, kWaitMs);
    QTest::qWait(200);
    QVERIFY(!called);
}

void TestTokenClient::revokeSendsTokenAndHintAndTreats200AsOk()
{
    // Requirements AUTH-43 / RFC 7009 §2.1–2.2.
    Fixture f;
    QVERIFY(f.start());
    f.endpoint.client.tokenEndpointAuthMethod = QString(ClientRegistration::kAuthClientSecretPost);
    f.endpoint.client.clientSecret = kClientSecret;
    f.server.route("POST", "/revoke", [](const peer::HttpRequest &) { return peer::HttpResponse{200, {}, {}}; });
    const auto result = await<void>([&f](QObject *context, std::function<void(Result<void>)> done) {
        f.tokens.revoke(f.server.url(QStringLiteral("/revoke")), f.endpoint, kOldRefreshToken,
                        QStringLiteral("refresh_token"), context, std::move(done));
    });
    QVERIFY(result.has_value());
    QVERIFY(result->ok());
    QCOMPARE(f.server.requests().size(), 1);
    const peer::HttpRequest &request = f.server.requests().constFirst();
    QCOMPARE(request.path(), QByteArray("/revoke"));
    QVERIFY(request.header("content-type").startsWith("application/x-www-form-urlencoded"));
    const auto form = decodeForm(request.body);
    QVERIFY(form.has_value());
    QCOMPARE(sorted(form->keys()), sorted({QStringLiteral("token"), QStringLiteral("token_type_hint"),
                                           QStringLiteral("client_id"), QStringLiteral("client_secret")}));
    QVERIFY(form->value(QStringLiteral("token")) == kOldRefreshToken);
    QCOMPARE(form->value(QStringLiteral("token_type_hint")), QStringLiteral("refresh_token"));
}

void TestTokenClient::revokeReportsServerError()
{
    // RFC 7009 §2.2.1: an error is reported (the caller deletes its copies anyway, requirements AUTH-43).
    Fixture f;
    QVERIFY(f.start());
    f.server.route("POST", "/revoke", [](const peer::HttpRequest &) {
        return jsonResponse(503, QJsonObject{{QStringLiteral("error"), QStringLiteral("temporarily_unavailable")}});
    });
    const auto result = await<void>([&f](QObject *context, std::function<void(Result<void>)> done) {
        f.tokens.revoke(f.server.url(QStringLiteral("/revoke")), f.endpoint, kOldRefreshToken,
                        QStringLiteral("refresh_token"), context, std::move(done));
    });
    QVERIFY(result.has_value() && !result->ok());
    QCOMPARE(result->error().code(), ErrorCode::TokenRequestFailed);
    QCOMPARE(result->error().httpStatus(), 503);
    QCOMPARE(result->error().oauthError(), QStringLiteral("temporarily_unavailable"));
    QVERIFY(!mentionsSecret(result->error()));
    QCOMPARE(f.server.requests().size(), 1);
}

void TestTokenClient::logsPurposesWithoutSecrets()
{
    // Requirements SEC-4: the exchange log (Activity view) names each call and holds no credential.
    Fixture f;
    QVERIFY(f.start());
    f.endpoint.client.tokenEndpointAuthMethod = QString(ClientRegistration::kAuthClientSecretBasic);
    f.endpoint.client.clientSecret = kClientSecret;
    f.answer(jsonResponse(200, tokenBody()));
    f.server.route("POST", "/revoke", [](const peer::HttpRequest &) { return peer::HttpResponse{200, {}, {}}; });
    QVERIFY(exchange(f).value().ok());
    TokenSet current;
    current.refreshToken = kOldRefreshToken;
    QVERIFY(await<TokenSet>([&f, &current](QObject *context, TokenClient::TokenCallback done) {
                f.tokens.refresh(f.endpoint, current, context, std::move(done));
            })
                .value()
                .ok());
    QVERIFY(await<void>([&f](QObject *context, std::function<void(Result<void>)> done) {
                f.tokens.revoke(f.server.url(QStringLiteral("/revoke")), f.endpoint, kOldRefreshToken, QString(),
                                context, std::move(done));
            })
                .value()
                .ok());
    const QList<ExchangeRecord> &records = f.http.exchangeLog().records();
    QCOMPARE(records.size(), 3);
    QCOMPARE(records.at(0).purpose, QStringLiteral("token request"));
    QCOMPARE(records.at(1).purpose, QStringLiteral("token refresh"));
    QCOMPARE(records.at(2).purpose, QStringLiteral("token revocation"));
    const QString text = f.http.exchangeLog().toText();
    for (const QString &secret : {QString::fromLatin1(kCode), QString::fromLatin1(kVerifier), kAccessToken,
                                  kRefreshToken, kOldRefreshToken, kClientSecret})
        QVERIFY(!text.contains(secret));
}

QTEST_GUILESS_MAIN(TestTokenClient)
#include "tst_tokenclient.moc"
