// RFC 8414 / OIDC Discovery authorization server metadata: the checks of requirements AUTH-9–AUTH-12, SEC-1, SEC-3 and
// the adversarial cases requirements ATTACK-1 (issuer mismatch, conformance auth/metadata-issuer-mismatch),
// requirements ATTACK-3 (no S256), requirements ATTACK-7 (dangerous endpoints) and requirements ATTACK-9 (oversize /
// deep JSON); plus the 2025-03-26 fallback of requirements AUTH-13.

#include "auth/authservermetadata.h"
#include "auth/metadatajson.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace portico;
using discovery_urls::AsMetadataKind;
using Provenance = AuthServerMetadata::Provenance;

namespace {

const QString kIssuer = QStringLiteral("https://as.test");

// The shape of the conformance mock's metadata (docs/architecture.md, "The conformance suite"), for `issuer`.
QJsonObject document(const QString &issuer = kIssuer)
{
    return QJsonObject{
        {QStringLiteral("issuer"), issuer},
        {QStringLiteral("authorization_endpoint"), QString(issuer + QStringLiteral("/authorize"))},
        {QStringLiteral("token_endpoint"), QString(issuer + QStringLiteral("/token"))},
        {QStringLiteral("registration_endpoint"), QString(issuer + QStringLiteral("/register"))},
        {QStringLiteral("response_types_supported"), QJsonArray{QStringLiteral("code")}},
        {QStringLiteral("grant_types_supported"),
         QJsonArray{QStringLiteral("authorization_code"), QStringLiteral("refresh_token")}},
        {QStringLiteral("code_challenge_methods_supported"), QJsonArray{QStringLiteral("S256")}},
        {QStringLiteral("token_endpoint_auth_methods_supported"), QJsonArray{QStringLiteral("none")}},
    };
}

QByteArray json(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

QJsonObject with(QJsonObject object, const QString &member, const QJsonValue &value)
{
    if (value.isUndefined())
        object.remove(member);
    else
        object.insert(member, value);
    return object;
}

Result<AuthServerMetadata> parse(const QJsonObject &object, const QString &expectedIssuer = kIssuer,
                                 AsMetadataKind kind = AsMetadataKind::OAuth)
{
    return AuthServerMetadata::fromJson(json(object), expectedIssuer, kind);
}

} // namespace

class TestAuthServerMetadata : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void acceptsConformanceMockMetadata();
    void acceptsPathIssuerOnLoopback();
    void marksOpenIdDocuments();
    void appliesRfc8414Defaults();
    void readsOptionalCapabilities();
    void rejectsIssuerMismatch_data();
    void rejectsIssuerMismatch();
    void issuerCheckComesBeforeEverythingElse();
    void rejectsMissingOrMistypedIssuer_data();
    void rejectsMissingOrMistypedIssuer();
    void rejectsUnusableIssuerEvenWhenEchoed_data();
    void rejectsUnusableIssuerEvenWhenEchoed();
    void refusesWithoutS256_data();
    void refusesWithoutS256();
    void requiresCodeResponseType_data();
    void requiresCodeResponseType();
    void rejectsDangerousEndpoints_data();
    void rejectsDangerousEndpoints();
    void rejectsMissingRequiredEndpoints_data();
    void rejectsMissingRequiredEndpoints();
    void rejectsWrongMemberTypes_data();
    void rejectsWrongMemberTypes();
    void rejectsOversizeDocument();
    void rejectsDeepNestingQuickly();
    void synthesizesLegacyDefaults();
    void legacyDefaultsRejectUnusableServerUrl();
};

void TestAuthServerMetadata::acceptsConformanceMockMetadata()
{
    const auto metadata = parse(document());
    QVERIFY2(metadata.ok(), qPrintable(metadata.ok() ? QString() : metadata.error().toString()));
    const AuthServerMetadata &m = metadata.value();
    QCOMPARE(m.issuer(), kIssuer);
    QCOMPARE(m.provenance(), Provenance::OAuthDiscovery);
    QVERIFY(!m.isSynthesized());
    QCOMPARE(m.authorizationEndpoint(), QUrl(QStringLiteral("https://as.test/authorize")));
    QCOMPARE(m.tokenEndpoint(), QUrl(QStringLiteral("https://as.test/token")));
    QCOMPARE(m.registrationEndpoint(), QUrl(QStringLiteral("https://as.test/register")));
    QVERIFY(m.revocationEndpoint().isEmpty());
    QVERIFY(m.jwksUri().isEmpty());
    QCOMPARE(m.codeChallengeMethodsSupported(), QStringList{QStringLiteral("S256")});
    QCOMPARE(m.responseTypesSupported(), QStringList{QStringLiteral("code")});
    QCOMPARE(m.grantTypesSupported(),
             (QStringList{QStringLiteral("authorization_code"), QStringLiteral("refresh_token")}));
    QCOMPARE(m.tokenEndpointAuthMethodsSupported(), QStringList{QStringLiteral("none")});
}

void TestAuthServerMetadata::acceptsPathIssuerOnLoopback()
{
    // conformance auth/metadata-var2: issuer http://localhost:Q/tenant1, endpoints under /tenant1.
    const QString issuer = QStringLiteral("http://localhost:40125/tenant1");
    const auto metadata = parse(document(issuer), issuer);
    QVERIFY2(metadata.ok(), qPrintable(metadata.ok() ? QString() : metadata.error().toString()));
    QCOMPARE(metadata.value().issuer(), issuer);
    QCOMPARE(metadata.value().tokenEndpoint(), QUrl(QStringLiteral("http://localhost:40125/tenant1/token")));
}

void TestAuthServerMetadata::marksOpenIdDocuments()
{
    // conformance auth/metadata-var1: the document came from /.well-known/openid-configuration.
    QJsonObject oidc = document();
    oidc.insert(QStringLiteral("jwks_uri"), QStringLiteral("https://as.test/.well-known/jwks.json"));
    oidc.insert(QStringLiteral("subject_types_supported"), QJsonArray{QStringLiteral("public")});
    const auto metadata = parse(oidc, kIssuer, AsMetadataKind::OpenIdConnect);
    QVERIFY(metadata.ok());
    QCOMPARE(metadata.value().provenance(), Provenance::OpenIdDiscovery);
    QCOMPARE(metadata.value().jwksUri(), QUrl(QStringLiteral("https://as.test/.well-known/jwks.json")));
}

void TestAuthServerMetadata::appliesRfc8414Defaults()
{
    QJsonObject minimal = document();
    minimal.remove(QStringLiteral("grant_types_supported"));
    minimal.remove(QStringLiteral("token_endpoint_auth_methods_supported"));
    minimal.remove(QStringLiteral("registration_endpoint"));
    const auto metadata = parse(minimal);
    QVERIFY(metadata.ok());
    const AuthServerMetadata &m = metadata.value();
    // RFC 8414 §2 defaults.
    QCOMPARE(m.grantTypesSupported(), (QStringList{QStringLiteral("authorization_code"), QStringLiteral("implicit")}));
    QCOMPARE(m.tokenEndpointAuthMethodsSupported(), QStringList{QStringLiteral("client_secret_basic")});
    QVERIFY(m.registrationEndpoint().isEmpty());
    QVERIFY(!m.scopesSupported().has_value());
    QVERIFY(!m.authorizationResponseIssParameterSupported());
    QVERIFY(!m.clientIdMetadataDocumentSupported());
}

void TestAuthServerMetadata::readsOptionalCapabilities()
{
    QJsonObject full = document();
    full.insert(QStringLiteral("authorization_response_iss_parameter_supported"), true);
    full.insert(QStringLiteral("client_id_metadata_document_supported"), true);
    full.insert(QStringLiteral("scopes_supported"),
                QJsonArray{QStringLiteral("mcp:basic"), QStringLiteral("offline_access")});
    full.insert(QStringLiteral("revocation_endpoint"), QStringLiteral("https://as.test/revoke"));
    full.insert(QStringLiteral("x-vendor"), QJsonObject{{QStringLiteral("a"), QJsonArray{1, 2, 3}}});
    const auto metadata = parse(full);
    QVERIFY2(metadata.ok(), qPrintable(metadata.ok() ? QString() : metadata.error().toString()));
    const AuthServerMetadata &m = metadata.value();
    QVERIFY(m.authorizationResponseIssParameterSupported());
    QVERIFY(m.clientIdMetadataDocumentSupported());
    QVERIFY(m.scopesSupported().has_value());
    QCOMPARE(*m.scopesSupported(), (QStringList{QStringLiteral("mcp:basic"), QStringLiteral("offline_access")}));
    QCOMPARE(m.revocationEndpoint(), QUrl(QStringLiteral("https://as.test/revoke")));
}

void TestAuthServerMetadata::rejectsIssuerMismatch_data()
{
    QTest::addColumn<QString>("expected");
    QTest::addColumn<QString>("published");
    // Requirements ATTACK-1 / conformance auth/metadata-issuer-mismatch.
    QTest::newRow("D1 attacker issuer") << QStringLiteral("https://as.test")
                                        << QStringLiteral("https://attacker.example.com");
    QTest::newRow("conformance evil") << QStringLiteral("http://localhost:40125")
                                      << QStringLiteral("https://evil.example.com");
    // Requirements ATTACK-1 variant: differs only by a trailing slash — no tolerance (RFC 8414 §3.3 simple string
    // compare).
    QTest::newRow("D1 trailing slash added") << QStringLiteral("https://as.test") << QStringLiteral("https://as.test/");
    QTest::newRow("trailing slash removed") << QStringLiteral("https://as.test/") << QStringLiteral("https://as.test");
    QTest::newRow("path trailing slash") << QStringLiteral("https://as.test/tenant1")
                                         << QStringLiteral("https://as.test/tenant1/");
    // No normalization of any kind (requirements AUTH-44: QUrl would call these equal).
    QTest::newRow("host case") << QStringLiteral("https://as.test") << QStringLiteral("https://AS.test");
    QTest::newRow("explicit default port")
        << QStringLiteral("https://as.test") << QStringLiteral("https://as.test:443");
    QTest::newRow("scheme") << QStringLiteral("http://localhost:1") << QStringLiteral("https://localhost:1");
    QTest::newRow("other tenant") << QStringLiteral("https://as.test/tenant1")
                                  << QStringLiteral("https://as.test/tenant2");
    QTest::newRow("root for path issuer")
        << QStringLiteral("https://as.test/tenant1") << QStringLiteral("https://as.test");
    QTest::newRow("percent-encoding") << QStringLiteral("https://as.test/t%41") << QStringLiteral("https://as.test/tA");
    QTest::newRow("empty") << QStringLiteral("https://as.test") << QString();
}

void TestAuthServerMetadata::rejectsIssuerMismatch()
{
    QFETCH(QString, expected);
    QFETCH(QString, published);
    // Everything else in the document is valid for `published`, so only the echo check can refuse it.
    const auto metadata = parse(with(document(expected), QStringLiteral("issuer"), published), expected);
    QVERIFY(!metadata.ok());
    QCOMPARE(metadata.error().code(), ErrorCode::MetadataIssuerMismatch);
    QCOMPARE(metadata.error().area(), ErrorArea::Auth);
    // Requirements ATTACK-1: the person sees an error naming the issuer mismatch.
    QVERIFY(metadata.error().message().contains(QLatin1String("issuer mismatch")));
    // And the same document is accepted when the issuer echoes exactly: the test can fail.
    QVERIFY(parse(document(expected), expected).ok());
}

void TestAuthServerMetadata::issuerCheckComesBeforeEverythingElse()
{
    // Requirements AUTH-9 MUST NOT use any value: a mismatched document full of other defects still reports the
    // mismatch.
    QJsonObject hostile{
        {QStringLiteral("issuer"), QStringLiteral("https://attacker.example.com")},
        {QStringLiteral("authorization_endpoint"), QStringLiteral("javascript:alert(1)")},
        {QStringLiteral("token_endpoint"), QStringLiteral("http://attacker.example.com/token")},
    };
    const auto metadata = parse(hostile);
    QVERIFY(!metadata.ok());
    QCOMPARE(metadata.error().code(), ErrorCode::MetadataIssuerMismatch);
}

void TestAuthServerMetadata::rejectsMissingOrMistypedIssuer_data()
{
    QTest::addColumn<QJsonValue>("issuer");
    QTest::newRow("missing") << QJsonValue(QJsonValue::Undefined);
    QTest::newRow("null") << QJsonValue(QJsonValue::Null);
    QTest::newRow("number") << QJsonValue(1);
    QTest::newRow("array") << QJsonValue(QJsonArray{kIssuer});
}

void TestAuthServerMetadata::rejectsMissingOrMistypedIssuer()
{
    QFETCH(QJsonValue, issuer);
    const auto metadata = parse(with(document(), QStringLiteral("issuer"), issuer));
    QVERIFY(!metadata.ok());
    QCOMPARE(metadata.error().code(), ErrorCode::MetadataInvalid);
}

void TestAuthServerMetadata::rejectsUnusableIssuerEvenWhenEchoed_data()
{
    QTest::addColumn<QString>("issuer");
    // Requirements AUTH-10, ATTACK-7: an issuer over http to a remote host, with a query or fragment, or of another
    // scheme.
    QTest::newRow("D7 http issuer") << QStringLiteral("http://as.test");
    QTest::newRow("query") << QStringLiteral("https://as.test/t?x=1");
    QTest::newRow("fragment") << QStringLiteral("https://as.test/t#x");
    QTest::newRow("javascript:") << QStringLiteral("javascript:alert(1)");
    QTest::newRow("empty") << QString();
}

void TestAuthServerMetadata::rejectsUnusableIssuerEvenWhenEchoed()
{
    QFETCH(QString, issuer);
    QJsonObject object = document();
    object.insert(QStringLiteral("issuer"), issuer);
    const auto metadata = parse(object, issuer);
    QVERIFY(!metadata.ok());
    QVERIFY(metadata.error().code() == ErrorCode::MetadataInvalid
            || metadata.error().code() == ErrorCode::MetadataIssuerMismatch);
}

void TestAuthServerMetadata::refusesWithoutS256_data()
{
    QTest::addColumn<QJsonValue>("methods");
    // Requirements ATTACK-3, AUTH-11 (conformance auth/pkce-no-s256-support): absent, [] or ["plain"] all refuse.
    QTest::newRow("D3 absent") << QJsonValue(QJsonValue::Undefined);
    QTest::newRow("D3 empty") << QJsonValue(QJsonArray());
    QTest::newRow("D3 plain") << QJsonValue(QJsonArray{QStringLiteral("plain")});
    QTest::newRow("lower-case s256") << QJsonValue(QJsonArray{QStringLiteral("s256")});
    QTest::newRow("null") << QJsonValue(QJsonValue::Null);
}

void TestAuthServerMetadata::refusesWithoutS256()
{
    QFETCH(QJsonValue, methods);
    const auto metadata = parse(with(document(), QStringLiteral("code_challenge_methods_supported"), methods));
    QVERIFY(!metadata.ok());
    QCOMPARE(metadata.error().code(), ErrorCode::PkceUnsupported);
    // Also for an OIDC document (requirements AUTH-11).
    const auto oidc = parse(with(document(), QStringLiteral("code_challenge_methods_supported"), methods), kIssuer,
                            AsMetadataKind::OpenIdConnect);
    QVERIFY(!oidc.ok());
    QCOMPARE(oidc.error().code(), ErrorCode::PkceUnsupported);
}

void TestAuthServerMetadata::requiresCodeResponseType_data()
{
    QTest::addColumn<QJsonValue>("types");
    // Requirements AUTH-12 / RFC 8414 §2: response_types_supported is REQUIRED and must list "code".
    QTest::newRow("absent") << QJsonValue(QJsonValue::Undefined);
    QTest::newRow("token only") << QJsonValue(QJsonArray{QStringLiteral("token")});
    QTest::newRow("empty") << QJsonValue(QJsonArray());
    QTest::newRow("string") << QJsonValue(QStringLiteral("code"));
}

void TestAuthServerMetadata::requiresCodeResponseType()
{
    QFETCH(QJsonValue, types);
    const auto metadata = parse(with(document(), QStringLiteral("response_types_supported"), types));
    QVERIFY(!metadata.ok());
    QCOMPARE(metadata.error().code(), ErrorCode::MetadataInvalid);
}

void TestAuthServerMetadata::rejectsDangerousEndpoints_data()
{
    QTest::addColumn<QString>("member");
    QTest::addColumn<QString>("value");
    // Requirements ATTACK-7, AUTH-10, SEC-3.
    QTest::newRow("D7 authorize http remote")
        << QStringLiteral("authorization_endpoint") << QStringLiteral("http://as.test/authorize");
    QTest::newRow("D7 javascript:") << QStringLiteral("authorization_endpoint")
                                    << QStringLiteral("javascript:alert(1)");
    QTest::newRow("D7 file:") << QStringLiteral("authorization_endpoint") << QStringLiteral("file:///etc/passwd");
    QTest::newRow("D7 data:") << QStringLiteral("authorization_endpoint")
                              << QStringLiteral("data:text/html,<script>alert(1)</script>");
    QTest::newRow("vbscript:") << QStringLiteral("authorization_endpoint") << QStringLiteral("vbscript:msgbox(1)");
    QTest::newRow("D7 shell metacharacters")
        << QStringLiteral("authorization_endpoint") << QStringLiteral("https://as.test/authorize`id` ;rm -rf ~");
    QTest::newRow("D7 token http remote") << QStringLiteral("token_endpoint") << QStringLiteral("http://as.test/token");
    QTest::newRow("D7 registration http remote")
        << QStringLiteral("registration_endpoint") << QStringLiteral("http://as.test/register");
    QTest::newRow("revocation http remote")
        << QStringLiteral("revocation_endpoint") << QStringLiteral("http://as.test/revoke");
    QTest::newRow("jwks http remote") << QStringLiteral("jwks_uri") << QStringLiteral("http://as.test/jwks");
    QTest::newRow("D8 private address over http")
        << QStringLiteral("token_endpoint") << QStringLiteral("http://10.0.0.5/token");
    QTest::newRow("userinfo") << QStringLiteral("token_endpoint") << QStringLiteral("https://u:p@as.test/token");
    QTest::newRow("fragment (RFC 6749 §3.1)")
        << QStringLiteral("authorization_endpoint") << QStringLiteral("https://as.test/authorize#x");
    QTest::newRow("relative") << QStringLiteral("token_endpoint") << QStringLiteral("/token");
    QTest::newRow("empty") << QStringLiteral("token_endpoint") << QString();
}

void TestAuthServerMetadata::rejectsDangerousEndpoints()
{
    QFETCH(QString, member);
    QFETCH(QString, value);
    const auto metadata = parse(with(document(), member, value));
    QVERIFY(!metadata.ok());
    QCOMPARE(metadata.error().code(), ErrorCode::MetadataInvalid);
    QVERIFY(metadata.error().detail().contains(member));
}

void TestAuthServerMetadata::rejectsMissingRequiredEndpoints_data()
{
    QTest::addColumn<QString>("member");
    QTest::newRow("authorization_endpoint") << QStringLiteral("authorization_endpoint");
    QTest::newRow("token_endpoint") << QStringLiteral("token_endpoint");
}

void TestAuthServerMetadata::rejectsMissingRequiredEndpoints()
{
    QFETCH(QString, member);
    const auto metadata = parse(with(document(), member, QJsonValue(QJsonValue::Undefined)));
    QVERIFY(!metadata.ok());
    QCOMPARE(metadata.error().code(), ErrorCode::MetadataInvalid);
}

void TestAuthServerMetadata::rejectsWrongMemberTypes_data()
{
    QTest::addColumn<QString>("member");
    QTest::addColumn<QJsonValue>("value");
    QTest::newRow("token_endpoint number") << QStringLiteral("token_endpoint") << QJsonValue(443);
    QTest::newRow("code_challenge_methods string")
        << QStringLiteral("code_challenge_methods_supported") << QJsonValue(QStringLiteral("S256"));
    QTest::newRow("grant_types object") << QStringLiteral("grant_types_supported") << QJsonValue(QJsonObject());
    QTest::newRow("auth methods numbers")
        << QStringLiteral("token_endpoint_auth_methods_supported") << QJsonValue(QJsonArray{1});
    QTest::newRow("iss supported string")
        << QStringLiteral("authorization_response_iss_parameter_supported") << QJsonValue(QStringLiteral("true"));
    QTest::newRow("cimd number") << QStringLiteral("client_id_metadata_document_supported") << QJsonValue(1);
    QTest::newRow("scope with space") << QStringLiteral("scopes_supported")
                                      << QJsonValue(QJsonArray{QStringLiteral("mcp:basic admin")});
}

void TestAuthServerMetadata::rejectsWrongMemberTypes()
{
    QFETCH(QString, member);
    QFETCH(QJsonValue, value);
    const auto metadata = parse(with(document(), member, value));
    QVERIFY(!metadata.ok());
    QCOMPARE(metadata.error().code(), ErrorCode::MetadataInvalid);
}

void TestAuthServerMetadata::rejectsOversizeDocument()
{
    // Requirements ATTACK-9, SEC-12: a huge document (padding in an unknown member) is refused before parsing.
    QJsonObject huge = document();
    huge.insert(QStringLiteral("x-padding"), QString(metadata_json::kMaxDocumentBytes, u'a'));
    const auto metadata = parse(huge);
    QVERIFY(!metadata.ok());
    QCOMPARE(metadata.error().code(), ErrorCode::MetadataInvalid);
    // A long array past the entry limit, inside the size limit.
    QJsonArray many;
    for (int i = 0; i <= metadata_json::kMaxArrayEntries; ++i)
        many.append(QStringLiteral("s%1").arg(i));
    const auto tooMany = parse(with(document(), QStringLiteral("scopes_supported"), many));
    QVERIFY(!tooMany.ok());
    QCOMPARE(tooMany.error().code(), ErrorCode::MetadataInvalid);
    many.removeLast();
    QVERIFY(parse(with(document(), QStringLiteral("scopes_supported"), many)).ok());
}

void TestAuthServerMetadata::rejectsDeepNestingQuickly()
{
    // Requirements ATTACK-9: deep nesting in an unknown member; nothing crashes, the answer is quick and clean.
    const int depth = 120'000;
    QByteArray body = json(document());
    body.chop(1); // the closing '}'
    body += ",\"x-deep\":" + QByteArray(depth, '[') + QByteArray(depth, ']') + "}";
    QVERIFY(body.size() <= metadata_json::kMaxDocumentBytes);
    QElapsedTimer timer;
    timer.start();
    const auto metadata = AuthServerMetadata::fromJson(body, kIssuer, AsMetadataKind::OAuth);
    QVERIFY(!metadata.ok());
    QCOMPARE(metadata.error().code(), ErrorCode::MetadataInvalid);
    QVERIFY(timer.elapsed() < 2000);
    // Within the depth limit the same kind of member is ignored (RFC 8414 §3.2).
    QByteArray shallow = json(document());
    shallow.chop(1);
    const int allowed = metadata_json::kMaxDepth - 1; // the document object is the first level
    shallow += ",\"x-deep\":" + QByteArray(allowed, '[') + QByteArray(allowed, ']') + "}";
    const auto fine = AuthServerMetadata::fromJson(shallow, kIssuer, AsMetadataKind::OAuth);
    QVERIFY2(fine.ok(), qPrintable(fine.ok() ? QString() : fine.error().toString()));
    // One level more is Portico's limit (requirements SEC-12), far below the JSON parser's own.
    QByteArray oneTooDeep = json(document());
    oneTooDeep.chop(1);
    oneTooDeep += ",\"x-deep\":" + QByteArray(allowed + 1, '[') + QByteArray(allowed + 1, ']') + "}";
    const auto refused = AuthServerMetadata::fromJson(oneTooDeep, kIssuer, AsMetadataKind::OAuth);
    QVERIFY(!refused.ok());
    QVERIFY(refused.error().detail().contains(QLatin1String("nests deeper")));
}

void TestAuthServerMetadata::synthesizesLegacyDefaults()
{
    // Requirements AUTH-13 step 2 (conformance auth/2025-03-26-oauth-endpoint-fallback).
    const auto metadata = AuthServerMetadata::legacyDefaults(QUrl(QStringLiteral("http://localhost:33933/mcp")));
    QVERIFY(metadata.ok());
    const AuthServerMetadata &m = metadata.value();
    QVERIFY(m.isSynthesized());
    QCOMPARE(m.provenance(), Provenance::Legacy20250326Defaults);
    QCOMPARE(m.issuer(), QStringLiteral("http://localhost:33933"));
    QCOMPARE(m.authorizationEndpoint(), QUrl(QStringLiteral("http://localhost:33933/authorize")));
    QCOMPARE(m.tokenEndpoint(), QUrl(QStringLiteral("http://localhost:33933/token")));
    QCOMPARE(m.registrationEndpoint(), QUrl(QStringLiteral("http://localhost:33933/register")));
    QCOMPARE(m.codeChallengeMethodsSupported(), QStringList{QStringLiteral("S256")});
    QCOMPARE(m.responseTypesSupported(), QStringList{QStringLiteral("code")});
    QVERIFY(!m.authorizationResponseIssParameterSupported());
    QVERIFY(!m.clientIdMetadataDocumentSupported());
    QVERIFY(m.revocationEndpoint().isEmpty());

    // Requirements AUTH-13 step 1: metadata fetched from the origin echoes that same issuer string (the mock's base
    // URL).
    const auto fetched = parse(document(m.issuer()), m.issuer());
    QVERIFY(fetched.ok());
    QVERIFY(!fetched.value().isSynthesized());
}

void TestAuthServerMetadata::legacyDefaultsRejectUnusableServerUrl()
{
    const auto metadata = AuthServerMetadata::legacyDefaults(QUrl(QStringLiteral("http://example.com/mcp")));
    QVERIFY(!metadata.ok());
    QCOMPARE(metadata.error().code(), ErrorCode::DiscoveryFailed);
}

QTEST_GUILESS_MAIN(TestAuthServerMetadata)
#include "tst_authservermetadata.moc"
