// TokenSet (requirements AUTH-35, AUTH-41, SEC-12, ATTACK-9 token cases) and ClientRegistration (requirements AUTH-17,
// AUTH-18, ATTACK-10 (c)): what a token endpoint answer becomes, what survives a trip through the keychain blob, and
// which registration may be shown to which AS. The token values here are fixed test strings; errors are checked never
// to contain them.

#include "auth/clientregistration.h"
#include "auth/tokenset.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace portico;

Q_DECLARE_METATYPE(portico::ClientRegistration)

namespace {

const QString kAccessToken = QStringLiteral("at-SECRET-4f1c2a");
const QString kRefreshToken = QStringLiteral("rt-SECRET-9b7e11");
const QString kOldRefreshToken = QStringLiteral("rt-SECRET-old-0001");

QDateTime fixedNow()
{
    return QDateTime(QDate(2025, 6, 1), QTime(12, 0, 0), Qt::UTC);
}

ScopeSet scopes(const QString &text)
{
    return ScopeSet::parse(text).value();
}

QByteArray json(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

// A complete RFC 6749 §5.1 answer, as the conformance mock AS sends it.
QJsonObject fullResponse()
{
    return QJsonObject{
        {QStringLiteral("access_token"), kAccessToken},
        {QStringLiteral("token_type"), QStringLiteral("Bearer")},
        {QStringLiteral("expires_in"), 3600},
        {QStringLiteral("refresh_token"), kRefreshToken},
        {QStringLiteral("scope"), QStringLiteral("mcp:read mcp:write")},
    };
}

QJsonObject with(QJsonObject object, const QString &member, const QJsonValue &value)
{
    if (value.isUndefined())
        object.remove(member);
    else
        object.insert(member, value);
    return object;
}

// An unsigned JWT (alg none) with these claims: accountClaims() decodes, never verifies.
QString unsignedJwt(const QJsonObject &claims)
{
    constexpr auto b64 = QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals;
    const QByteArray header = json(QJsonObject{{QStringLiteral("alg"), QStringLiteral("none")}}).toBase64(b64);
    return QString::fromLatin1(header + '.' + json(claims).toBase64(b64) + '.');
}

bool mentionsSecret(const Error &error)
{
    for (const QString &secret : {kAccessToken, kRefreshToken, kOldRefreshToken}) {
        if (error.message().contains(secret) || error.detail().contains(secret) || error.toString().contains(secret))
            return true;
    }
    return false;
}

ClientRegistration fullRegistration()
{
    ClientRegistration client;
    client.kind = ClientRegistration::Kind::Dynamic;
    client.issuer = QStringLiteral("https://as.test/tenant1");
    client.clientId = QStringLiteral("client-42");
    client.clientSecret = QStringLiteral("cs-SECRET+/=%&");
    client.secretExpiresAt = fixedNow().addDays(30);
    client.tokenEndpointAuthMethod = QString(ClientRegistration::kAuthClientSecretPost);
    client.privateKeyPem = "-----BEGIN PRIVATE KEY-----\nMIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg\n"
                           "-----END PRIVATE KEY-----\n";
    client.signingAlgorithm = QStringLiteral("ES256");
    client.redirectUri = QUrl(QStringLiteral("http://127.0.0.1:33418/callback"));
    client.grantTypes = {QStringLiteral("authorization_code"), QStringLiteral("refresh_token")};
    return client;
}

} // namespace

class TestTokenSet : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    // TokenSet::fromTokenResponse (requirements AUTH-35, RFC 6749 §5.1)
    void parsesCompleteResponse();
    void acceptsBearerInAnyCase_data();
    void acceptsBearerInAnyCase();
    void rejectsUnusableResponses_data();
    void rejectsUnusableResponses();
    void rejectsOversizeResponse();
    void acceptsMinimalResponseWithoutRefreshToken();
    void usesRequestedScopeWhenScopeAbsent();
    void recordsNarrowerGrantedScope();
    void clampsAbsurdLifetime();
    void refreshKeepsOldRefreshTokenWhenNoneReturned();
    void refreshReplacesRotatedRefreshToken();
    // Expiry and display
    void reportsExpiryWithinMargin_data();
    void reportsExpiryWithinMargin();
    void readsAccountClaimsFromUnsignedIdToken();
    void ignoresUnreadableIdToken_data();
    void ignoresUnreadableIdToken();
    // Keychain blob
    void roundTripsThroughJson();
    void roundTripsEmptyTokenSet();
    void rejectsDamagedTokenBlob_data();
    void rejectsDamagedTokenBlob();
    // ClientRegistration
    void registrationRoundTripsThroughJson_data();
    void registrationRoundTripsThroughJson();
    void rejectsDamagedRegistrationBlob_data();
    void rejectsDamagedRegistrationBlob();
    void reportsExpiredSecret_data();
    void reportsExpiredSecret();
    void bindsRegistrationToItsIssuer_data();
    void bindsRegistrationToItsIssuer();
    void namesKinds();
};

void TestTokenSet::parsesCompleteResponse()
{
    QJsonObject response = fullResponse();
    const QString idToken = unsignedJwt(QJsonObject{{QStringLiteral("sub"), QStringLiteral("u1")}});
    response.insert(QStringLiteral("id_token"), idToken);
    const auto tokens = TokenSet::fromTokenResponse(json(response), scopes(QStringLiteral("mcp:read")), fixedNow());
    QVERIFY2(tokens.ok(), qPrintable(tokens.ok() ? QString() : tokens.error().toString()));
    const TokenSet &t = tokens.value();
    QCOMPARE(t.accessToken, kAccessToken);
    QCOMPARE(t.refreshToken, kRefreshToken);
    QCOMPARE(t.idToken, idToken);
    // Requirements AUTH-35: the granted scope is what the AS said, not what was asked for.
    QCOMPARE(t.grantedScopes.toList(), (QStringList{QStringLiteral("mcp:read"), QStringLiteral("mcp:write")}));
    QCOMPARE(t.obtainedAt, fixedNow());
    QCOMPARE(t.expiresAt, fixedNow().addSecs(3600));
    QVERIFY(!t.refreshedAt.isValid()); // not a refresh
    QVERIFY(t.hasAccessToken());
    QVERIFY(t.hasRefreshToken());
}

void TestTokenSet::acceptsBearerInAnyCase_data()
{
    QTest::addColumn<QString>("tokenType");
    // RFC 6749 §5.1 "The value is case insensitive"; requirements AUTH-35.
    QTest::newRow("Bearer") << QStringLiteral("Bearer");
    QTest::newRow("bearer") << QStringLiteral("bearer");
    QTest::newRow("BEARER") << QStringLiteral("BEARER");
    QTest::newRow("bEaReR") << QStringLiteral("bEaReR");
}

void TestTokenSet::acceptsBearerInAnyCase()
{
    QFETCH(QString, tokenType);
    const auto tokens = TokenSet::fromTokenResponse(json(with(fullResponse(), QStringLiteral("token_type"), tokenType)),
                                                    ScopeSet(), fixedNow());
    QVERIFY(tokens.ok());
    QCOMPARE(tokens.value().accessToken, kAccessToken);
}

void TestTokenSet::rejectsUnusableResponses_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("detailMentions");

    const QJsonObject full = fullResponse();
    const auto row = [](const char *name, const QJsonObject &object, const char *mentions) {
        QTest::newRow(name) << json(object) << QString::fromLatin1(mentions);
    };
    // Requirements ATTACK-9: a token response without access_token, or not JSON at all.
    row("access_token missing", with(full, QStringLiteral("access_token"), QJsonValue::Undefined), "access_token");
    row("access_token null", with(full, QStringLiteral("access_token"), QJsonValue::Null), "access_token");
    row("access_token number", with(full, QStringLiteral("access_token"), 42), "access_token");
    row("access_token empty", with(full, QStringLiteral("access_token"), QString()), "access_token");
    row("access_token object", with(full, QStringLiteral("access_token"), QJsonObject{{kAccessToken, 1}}),
        "access_token");
    // Requirements AUTH-35: token_type REQUIRED and Bearer.
    row("token_type missing", with(full, QStringLiteral("token_type"), QJsonValue::Undefined), "token_type");
    row("token_type mac", with(full, QStringLiteral("token_type"), QStringLiteral("mac")), "token_type");
    row("token_type DPoP", with(full, QStringLiteral("token_type"), QStringLiteral("DPoP")), "token_type");
    row("token_type Bearer with space", with(full, QStringLiteral("token_type"), QStringLiteral("Bearer ")),
        "token_type");
    row("token_type number", with(full, QStringLiteral("token_type"), 1), "token_type");
    // RFC 6749 §5.1 expires_in: a positive number of seconds.
    row("expires_in string", with(full, QStringLiteral("expires_in"), QStringLiteral("3600")), "expires_in");
    row("expires_in negative", with(full, QStringLiteral("expires_in"), -5), "expires_in");
    row("expires_in zero", with(full, QStringLiteral("expires_in"), 0), "expires_in");
    row("expires_in fraction", with(full, QStringLiteral("expires_in"), 1.5), "expires_in");
    row("expires_in bool", with(full, QStringLiteral("expires_in"), true), "expires_in");
    // RFC 6749 §3.3 scope tokens.
    row("scope number", with(full, QStringLiteral("scope"), 7), "scope");
    row("scope array", with(full, QStringLiteral("scope"), QJsonArray{QStringLiteral("a")}), "scope");
    row("scope with quote", with(full, QStringLiteral("scope"), QStringLiteral("a \"b")), "scope");
    row("refresh_token number", with(full, QStringLiteral("refresh_token"), 1), "refresh_token");
    row("id_token object", with(full, QStringLiteral("id_token"), QJsonObject()), "id_token");
    // Requirements ATTACK-9: not a JSON object at all.
    QTest::newRow("empty body") << QByteArray() << QStringLiteral("JSON");
    QTest::newRow("form-encoded (GitHub without Accept)")
        << QByteArray("access_token=" + kAccessToken.toLatin1() + "&token_type=bearer") << QStringLiteral("JSON");
    QTest::newRow("html") << QByteArray("<html>" + kAccessToken.toLatin1() + "</html>") << QStringLiteral("JSON");
    QTest::newRow("truncated") << json(full).chopped(3) << QStringLiteral("JSON");
    QTest::newRow("array") << QByteArray("[{\"access_token\":\"" + kAccessToken.toLatin1() + "\"}]")
                           << QStringLiteral("object");
    // Qt 6.4 refuses top-level scalars as invalid JSON; either refusal is right.
    QTest::newRow("string") << QByteArray("\"" + kAccessToken.toLatin1() + "\"") << QStringLiteral("JSON");
    QTest::newRow("null") << QByteArray("null") << QStringLiteral("JSON");
    // Requirements ATTACK-9: deep nesting inside an otherwise valid response never reaches a recursive parse unbounded.
    QTest::newRow("deep nesting") << QByteArray("{\"x\":" + QByteArray(5000, '[') + QByteArray(5000, ']') + "}")
                                  << QStringLiteral("JSON");
}

void TestTokenSet::rejectsUnusableResponses()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, detailMentions);
    const auto tokens = TokenSet::fromTokenResponse(body, ScopeSet(), fixedNow());
    QVERIFY(!tokens.ok());
    QCOMPARE(tokens.error().code(), ErrorCode::TokenResponseInvalid);
    QCOMPARE(tokens.error().area(), ErrorArea::Auth);
    QVERIFY2(tokens.error().detail().contains(detailMentions), qPrintable(tokens.error().detail()));
    QVERIFY(!tokens.error().message().isEmpty());
    // Requirements SEC-4: the problem is named, the value never.
    QVERIFY(!mentionsSecret(tokens.error()));
}

void TestTokenSet::rejectsOversizeResponse()
{
    // Requirements SEC-12, ATTACK-9: at most 64 KiB. Just under the limit passes, just over it fails, whatever the
    // content.
    const QByteArray prefix = json(fullResponse()).chopped(1) + ",\"pad\":\"";
    const QByteArray suffix = "\"}";
    const qsizetype limit = 64 * 1024;
    const QByteArray atLimit = prefix + QByteArray(limit - prefix.size() - suffix.size(), 'x') + suffix;
    QCOMPARE(atLimit.size(), limit);
    QVERIFY(TokenSet::fromTokenResponse(atLimit, ScopeSet(), fixedNow()).ok());

    const QByteArray overLimit = prefix + QByteArray(limit - prefix.size() - suffix.size() + 1, 'x') + suffix;
    const auto tokens = TokenSet::fromTokenResponse(overLimit, ScopeSet(), fixedNow());
    QVERIFY(!tokens.ok());
    QCOMPARE(tokens.error().code(), ErrorCode::TokenResponseInvalid);
    QVERIFY(!mentionsSecret(tokens.error()));
}

void TestTokenSet::acceptsMinimalResponseWithoutRefreshToken()
{
    // Requirements AUTH-35: Don't assume a refresh token is issued; expires_in is only RECOMMENDED (then expiry
    // unknown).
    const QJsonObject minimal{{QStringLiteral("access_token"), kAccessToken},
                              {QStringLiteral("token_type"), QStringLiteral("bearer")},
                              {QStringLiteral("expires_in"), QJsonValue::Null}};
    const auto tokens = TokenSet::fromTokenResponse(json(minimal), ScopeSet(), fixedNow());
    QVERIFY(tokens.ok());
    QVERIFY(!tokens.value().hasRefreshToken());
    QVERIFY(tokens.value().idToken.isEmpty());
    QVERIFY(!tokens.value().expiresAt.isValid());
    QVERIFY(!tokens.value().expiresWithin(1'000'000, fixedNow()));
}

void TestTokenSet::usesRequestedScopeWhenScopeAbsent()
{
    // RFC 6749 §5.1: scope is OPTIONAL "if identical to the scope requested by the client".
    const ScopeSet requested = scopes(QStringLiteral("files:read offline_access"));
    const auto tokens = TokenSet::fromTokenResponse(
        json(with(fullResponse(), QStringLiteral("scope"), QJsonValue::Undefined)), requested, fixedNow());
    QVERIFY(tokens.ok());
    QCOMPARE(tokens.value().grantedScopes, requested);
}

void TestTokenSet::recordsNarrowerGrantedScope()
{
    // Requirements AUTH-35: the granted scope (it may differ from the request) — the AccessPanel shows what was
    // granted.
    const auto tokens =
        TokenSet::fromTokenResponse(json(with(fullResponse(), QStringLiteral("scope"), QStringLiteral("  a  "))),
                                    scopes(QStringLiteral("a b c")), fixedNow());
    QVERIFY(tokens.ok());
    QCOMPARE(tokens.value().grantedScopes.toList(), QStringList{QStringLiteral("a")});
}

void TestTokenSet::clampsAbsurdLifetime()
{
    // Requirements SEC-12: a lifetime of 10^15 seconds must neither overflow nor be refused; it means "practically
    // never".
    const auto tokens = TokenSet::fromTokenResponse(json(with(fullResponse(), QStringLiteral("expires_in"), 1e15)),
                                                    ScopeSet(), fixedNow());
    QVERIFY(tokens.ok());
    QVERIFY(tokens.value().expiresAt.isValid());
    QVERIFY(tokens.value().expiresAt > fixedNow().addYears(5));
    QVERIFY(!tokens.value().expiresWithin(3600, fixedNow()));
}

void TestTokenSet::refreshKeepsOldRefreshTokenWhenNoneReturned()
{
    // RFC 6749 §6 / requirements AUTH-41: a refresh response without refresh_token leaves the old one in force.
    TokenSet previous;
    previous.accessToken = QStringLiteral("old-access");
    previous.refreshToken = kOldRefreshToken;
    previous.idToken = unsignedJwt(QJsonObject{{QStringLiteral("email"), QStringLiteral("a@b.test")}});
    previous.grantedScopes = scopes(QStringLiteral("a b"));
    const QDateTime later = fixedNow().addSecs(7200);
    const auto tokens =
        TokenSet::fromTokenResponse(json(with(fullResponse(), QStringLiteral("refresh_token"), QJsonValue::Undefined)),
                                    previous.grantedScopes, later, &previous);
    QVERIFY(tokens.ok());
    QCOMPARE(tokens.value().accessToken, kAccessToken);
    QCOMPARE(tokens.value().refreshToken, kOldRefreshToken);
    QCOMPARE(tokens.value().idToken, previous.idToken); // OIDC Core §12.2: id_token may be omitted
    QCOMPARE(tokens.value().refreshedAt, later);
    QCOMPARE(tokens.value().obtainedAt, later);
    QCOMPARE(tokens.value().expiresAt, later.addSecs(3600));
}

void TestTokenSet::refreshReplacesRotatedRefreshToken()
{
    // Requirements AUTH-41: If a new refresh_token comes back, replace the old one.
    TokenSet previous;
    previous.refreshToken = kOldRefreshToken;
    const auto tokens = TokenSet::fromTokenResponse(json(fullResponse()), ScopeSet(), fixedNow(), &previous);
    QVERIFY(tokens.ok());
    QCOMPARE(tokens.value().refreshToken, kRefreshToken);
    QCOMPARE(tokens.value().refreshedAt, fixedNow());
}

void TestTokenSet::reportsExpiryWithinMargin_data()
{
    QTest::addColumn<int>("expiresInSeconds"); // 0: no expiry known
    QTest::addColumn<int>("elapsedSeconds");
    QTest::addColumn<int>("marginSeconds");
    QTest::addColumn<bool>("expiring");
    QTest::newRow("fresh, no margin") << 3600 << 0 << 0 << false;
    QTest::newRow("fresh, inside 60 s margin") << 3600 << 3550 << 60 << true;
    QTest::newRow("just outside margin") << 3600 << 3539 << 60 << false;
    QTest::newRow("exactly at margin") << 3600 << 3540 << 60 << true;
    QTest::newRow("expired") << 3600 << 4000 << 0 << true;
    QTest::newRow("unknown expiry counts as valid") << 0 << 1'000'000 << 60 << false;
}

void TestTokenSet::reportsExpiryWithinMargin()
{
    QFETCH(int, expiresInSeconds);
    QFETCH(int, elapsedSeconds);
    QFETCH(int, marginSeconds);
    QFETCH(bool, expiring);
    TokenSet tokens;
    tokens.accessToken = kAccessToken;
    tokens.obtainedAt = fixedNow();
    if (expiresInSeconds > 0)
        tokens.expiresAt = fixedNow().addSecs(expiresInSeconds);
    QCOMPARE(tokens.expiresWithin(marginSeconds, fixedNow().addSecs(elapsedSeconds)), expiring);
}

void TestTokenSet::readsAccountClaimsFromUnsignedIdToken()
{
    TokenSet tokens;
    tokens.idToken = unsignedJwt(QJsonObject{
        {QStringLiteral("iss"), QStringLiteral("https://as.test")},
        {QStringLiteral("sub"), QStringLiteral("248289761001")},
        {QStringLiteral("name"), QStringLiteral("Jane Doe")},
        {QStringLiteral("email"), QStringLiteral("jane@example.test")},
        {QStringLiteral("preferred_username"), QStringLiteral("j.doe")},
        {QStringLiteral("nonce"), QStringLiteral("n-0S6_WzA2Mj")},
        {QStringLiteral("aud"), QStringLiteral("client-42")},
        {QStringLiteral("picture"), 5},
    });
    const QJsonObject claims = tokens.accountClaims();
    QCOMPARE(claims.value(QStringLiteral("iss")).toString(), QStringLiteral("https://as.test"));
    QCOMPARE(claims.value(QStringLiteral("sub")).toString(), QStringLiteral("248289761001"));
    QCOMPARE(claims.value(QStringLiteral("name")).toString(), QStringLiteral("Jane Doe"));
    QCOMPARE(claims.value(QStringLiteral("email")).toString(), QStringLiteral("jane@example.test"));
    QCOMPARE(claims.value(QStringLiteral("preferred_username")).toString(), QStringLiteral("j.doe"));
    // Only the display claims: nonce, aud and the rest are not copied out.
    QCOMPARE(claims.size(), 5);
}

void TestTokenSet::ignoresUnreadableIdToken_data()
{
    QTest::addColumn<QString>("idToken");
    QTest::newRow("none") << QString();
    QTest::newRow("opaque") << QStringLiteral("not-a-jwt");
    QTest::newRow("two parts") << QStringLiteral("eyJhbGciOiJub25lIn0.eyJzdWIiOiJ1In0");
    QTest::newRow("bad base64") << QStringLiteral("eyJhbGciOiJub25lIn0.!!!.");
    QTest::newRow("payload not JSON") << QStringLiteral("eyJhbGciOiJub25lIn0.bm90IGpzb24.");
    QTest::newRow("payload an array") << QStringLiteral("eyJhbGciOiJub25lIn0.WzFd.");
}

void TestTokenSet::ignoresUnreadableIdToken()
{
    QFETCH(QString, idToken);
    TokenSet tokens;
    tokens.idToken = idToken;
    QVERIFY(tokens.accountClaims().isEmpty());
}

void TestTokenSet::roundTripsThroughJson()
{
    TokenSet tokens = TokenSet::fromTokenResponse(json(fullResponse()), ScopeSet(), fixedNow().addMSecs(123)).value();
    tokens.idToken = unsignedJwt(QJsonObject{{QStringLiteral("sub"), QStringLiteral("u")}});
    tokens.refreshedAt = fixedNow().addSecs(10);
    const QJsonObject blob = tokens.toJson();
    // Through the bytes the keychain holds, not just the object.
    const QJsonObject reread = QJsonDocument::fromJson(QJsonDocument(blob).toJson()).object();
    const auto back = TokenSet::fromJson(reread);
    QVERIFY(back.ok());
    QVERIFY(back.value() == tokens);
    QCOMPARE(back.value().obtainedAt, fixedNow().addMSecs(123)); // milliseconds survive
    QCOMPARE(back.value().grantedScopes.toList(), tokens.grantedScopes.toList());
    QCOMPARE(back.value().expiresAt.timeSpec(), Qt::UTC);
}

void TestTokenSet::roundTripsEmptyTokenSet()
{
    const TokenSet empty;
    const auto back = TokenSet::fromJson(empty.toJson());
    QVERIFY(back.ok());
    QVERIFY(back.value() == empty);
    QVERIFY(!back.value().expiresAt.isValid());
}

void TestTokenSet::rejectsDamagedTokenBlob_data()
{
    QTest::addColumn<QJsonObject>("blob");
    const QJsonObject good = TokenSet::fromTokenResponse(json(fullResponse()), ScopeSet(), fixedNow()).value().toJson();
    QTest::newRow("access_token number") << with(good, QStringLiteral("access_token"), 5);
    QTest::newRow("refresh_token array") << with(good, QStringLiteral("refresh_token"), QJsonArray());
    QTest::newRow("expires_at not a time") << with(good, QStringLiteral("expires_at"), QStringLiteral("soon"));
    QTest::newRow("obtained_at number") << with(good, QStringLiteral("obtained_at"), 1700000000);
    QTest::newRow("scope invalid") << with(good, QStringLiteral("scope"), QStringLiteral("a\\b"));
}

void TestTokenSet::rejectsDamagedTokenBlob()
{
    QFETCH(QJsonObject, blob);
    const auto tokens = TokenSet::fromJson(blob);
    QVERIFY(!tokens.ok());
    QCOMPARE(tokens.error().code(), ErrorCode::ConfigInvalid);
    QVERIFY(!mentionsSecret(tokens.error()));
}

void TestTokenSet::registrationRoundTripsThroughJson_data()
{
    QTest::addColumn<ClientRegistration>("client");
    QTest::newRow("dynamic, everything set") << fullRegistration();

    ClientRegistration cimd;
    cimd.kind = ClientRegistration::Kind::MetadataDocument;
    cimd.clientId = QStringLiteral("https://portico.dev/.well-known/oauth-client.json");
    cimd.redirectUri = QUrl(QStringLiteral("http://127.0.0.1:1/callback"));
    QTest::newRow("metadata document, public") << cimd;

    ClientRegistration jwt;
    jwt.kind = ClientRegistration::Kind::PreRegistered;
    jwt.issuer = QStringLiteral("http://localhost:40125");
    jwt.clientId = QStringLiteral("svc:robot");
    jwt.tokenEndpointAuthMethod = QString(ClientRegistration::kAuthPrivateKeyJwt);
    jwt.privateKeyPem = "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n";
    jwt.signingAlgorithm = QStringLiteral("RS256");
    QTest::newRow("pre-registered private_key_jwt") << jwt;
}

void TestTokenSet::registrationRoundTripsThroughJson()
{
    QFETCH(ClientRegistration, client);
    const QJsonObject reread = QJsonDocument::fromJson(QJsonDocument(client.toJson()).toJson()).object();
    const auto back = ClientRegistration::fromJson(reread);
    QVERIFY2(back.ok(), qPrintable(back.ok() ? QString() : back.error().toString()));
    QVERIFY(back.value() == client);
    QCOMPARE(back.value().kind, client.kind);
    QCOMPARE(back.value().secretExpiresAt, client.secretExpiresAt);
    QCOMPARE(back.value().grantTypes, client.grantTypes);
    QCOMPARE(back.value().privateKeyPem, client.privateKeyPem);
}

void TestTokenSet::rejectsDamagedRegistrationBlob_data()
{
    QTest::addColumn<QJsonObject>("blob");
    const QJsonObject good = fullRegistration().toJson();
    QTest::newRow("kind missing") << with(good, QStringLiteral("kind"), QJsonValue::Undefined);
    QTest::newRow("kind unknown") << with(good, QStringLiteral("kind"), QStringLiteral("stolen"));
    QTest::newRow("client_id missing") << with(good, QStringLiteral("client_id"), QJsonValue::Undefined);
    QTest::newRow("client_id empty") << with(good, QStringLiteral("client_id"), QString());
    QTest::newRow("client_secret number") << with(good, QStringLiteral("client_secret"), 1);
    QTest::newRow("expiry not a time") << with(good, QStringLiteral("client_secret_expires_at"), QStringLiteral("x"));
    QTest::newRow("grant_types string") << with(good, QStringLiteral("grant_types"), QStringLiteral("refresh_token"));
    QTest::newRow("grant_types entry number") << with(good, QStringLiteral("grant_types"), QJsonArray{1});
    QTest::newRow("redirect_uri invalid") << with(good, QStringLiteral("redirect_uri"), QStringLiteral("http://[::1"));
}

void TestTokenSet::rejectsDamagedRegistrationBlob()
{
    QFETCH(QJsonObject, blob);
    const auto client = ClientRegistration::fromJson(blob);
    QVERIFY(!client.ok());
    QCOMPARE(client.error().code(), ErrorCode::ConfigInvalid);
    QVERIFY(!client.error().toString().contains(QStringLiteral("cs-SECRET")));
}

void TestTokenSet::reportsExpiredSecret_data()
{
    QTest::addColumn<QString>("secret");
    QTest::addColumn<int>("expiresInSeconds"); // 0: never (RFC 7591 client_secret_expires_at = 0)
    QTest::addColumn<bool>("expired");
    // Requirements AUTH-17: an expired secret means registering again.
    QTest::newRow("never expires") << QStringLiteral("s") << 0 << false;
    QTest::newRow("in the future") << QStringLiteral("s") << 60 << false;
    QTest::newRow("in the past") << QStringLiteral("s") << -1 << true;
    QTest::newRow("public client, stale date") << QString() << -100 << false;
}

void TestTokenSet::reportsExpiredSecret()
{
    QFETCH(QString, secret);
    QFETCH(int, expiresInSeconds);
    QFETCH(bool, expired);
    ClientRegistration client = fullRegistration();
    client.clientSecret = secret;
    client.secretExpiresAt = expiresInSeconds == 0 ? QDateTime() : fixedNow().addSecs(expiresInSeconds);
    QCOMPARE(client.secretExpired(fixedNow()), expired);
}

void TestTokenSet::bindsRegistrationToItsIssuer_data()
{
    QTest::addColumn<int>("kind");
    QTest::addColumn<QString>("registeredAt");
    QTest::addColumn<QString>("presentedTo");
    QTest::addColumn<bool>("usable");
    const int dynamic = int(ClientRegistration::Kind::Dynamic);
    const int pre = int(ClientRegistration::Kind::PreRegistered);
    const int cimd = int(ClientRegistration::Kind::MetadataDocument);
    QTest::newRow("same issuer") << dynamic << QStringLiteral("https://as1.test") << QStringLiteral("https://as1.test")
                                 << true;
    // Requirements ATTACK-10 (c): AS1's client is never presented at AS2.
    QTest::newRow("other issuer") << dynamic << QStringLiteral("https://as1.test") << QStringLiteral("https://as2.test")
                                  << false;
    // Requirements AUTH-18 raw string compare, like RFC 8414 §3.3: no normalization.
    QTest::newRow("trailing slash") << dynamic << QStringLiteral("https://as1.test")
                                    << QStringLiteral("https://as1.test/") << false;
    QTest::newRow("pre-registered other issuer")
        << pre << QStringLiteral("https://as1.test") << QStringLiteral("https://as2.test") << false;
    QTest::newRow("unknown issuer is not a wildcard")
        << dynamic << QString() << QStringLiteral("https://as1.test") << false;
    // Requirements AUTH-15: a CIMD client id is a URL valid at any AS that supports CIMD.
    QTest::newRow("metadata document anywhere") << cimd << QString() << QStringLiteral("https://as2.test") << true;
}

void TestTokenSet::bindsRegistrationToItsIssuer()
{
    QFETCH(int, kind);
    QFETCH(QString, registeredAt);
    QFETCH(QString, presentedTo);
    QFETCH(bool, usable);
    ClientRegistration client = fullRegistration();
    client.kind = static_cast<ClientRegistration::Kind>(kind);
    client.issuer = registeredAt;
    QCOMPARE(client.isUsableWith(presentedTo), usable);
}

void TestTokenSet::namesKinds()
{
    QCOMPARE(ClientRegistration::kindName(ClientRegistration::Kind::PreRegistered), QStringLiteral("pre-registered"));
    QCOMPARE(ClientRegistration::kindName(ClientRegistration::Kind::MetadataDocument),
             QStringLiteral("metadata-document"));
    QCOMPARE(ClientRegistration::kindName(ClientRegistration::Kind::Dynamic), QStringLiteral("dynamic"));
}

QTEST_GUILESS_MAIN(TestTokenSet)
#include "tst_tokenset.moc"
