// RFC 9728 Protected Resource Metadata: parsing with limits, and the checks of requirements AUTH-4, AUTH-5, SEC-1
// (conformance auth/resource-mismatch, adversarial cases requirements ATTACK-2, ATTACK-6 (a), ATTACK-8, ATTACK-9).

#include "auth/metadatajson.h"
#include "auth/protectedresourcemetadata.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace portico;
using Match = ProtectedResourceMetadata::ResourceMatch;

namespace {

QByteArray prm(const QString &resource, const QJsonArray &servers = {QStringLiteral("https://as.example.com")},
               const QJsonObject &extra = {})
{
    QJsonObject object = extra;
    object.insert(QStringLiteral("resource"), resource);
    object.insert(QStringLiteral("authorization_servers"), servers);
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

QUrl url(const QString &text)
{
    return QUrl(text, QUrl::StrictMode);
}

} // namespace

class TestProtectedResourceMetadata : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void acceptsMatchingResource_data();
    void acceptsMatchingResource();
    void rejectsResourceOfAnotherServer_data();
    void rejectsResourceOfAnotherServer();
    void rejectsUnusableResource_data();
    void rejectsUnusableResource();
    void rejectsBadAuthorizationServers_data();
    void rejectsBadAuthorizationServers();
    void keepsAuthorizationServersRawInOrder();
    void readsOptionalMembers();
    void distinguishesAbsentFromEmptyScopes();
    void rejectsInvalidScopeTokens_data();
    void rejectsInvalidScopeTokens();
    void rejectsWrongMemberTypes_data();
    void rejectsWrongMemberTypes();
    void dropsUnusableDocumentationLink();
    void rejectsMalformedDocuments_data();
    void rejectsMalformedDocuments();
    void rejectsOversizeDocument();
    void rejectsDeepNestingQuickly();
    void bracketsInsideStringsDoNotCountAsNesting();
    void mismatchMessageIsForAPerson();
};

void TestProtectedResourceMetadata::acceptsMatchingResource_data()
{
    QTest::addColumn<QString>("server");
    QTest::addColumn<QString>("resource");
    QTest::addColumn<Match>("match");
    // Requirements AUTH-2 "expected resource": steps 1 and 2 give the server URL itself ...
    QTest::newRow("A.0 exact") << QStringLiteral("https://example.com/public/mcp")
                               << QStringLiteral("https://example.com/public/mcp") << Match::Exact;
    // ... step 3 (root PRM) gives the origin.
    QTest::newRow("A.0 step 3 origin") << QStringLiteral("https://example.com/public/mcp")
                                       << QStringLiteral("https://example.com") << Match::SameOriginPrefix;
    QTest::newRow("origin with slash") << QStringLiteral("https://example.com/public/mcp")
                                       << QStringLiteral("https://example.com/") << Match::SameOriginPrefix;
    // Requirements AUTH-5: same origin, whole-segment prefix (TS SDK).
    QTest::newRow("A5a path prefix") << QStringLiteral("https://example.com/public/mcp")
                                     << QStringLiteral("https://example.com/public") << Match::SameOriginPrefix;
    QTest::newRow("resource with trailing slash")
        << QStringLiteral("https://example.com/public/mcp") << QStringLiteral("https://example.com/public/mcp/")
        << Match::SameOriginPrefix;
    QTest::newRow("server with trailing slash")
        << QStringLiteral("https://example.com/public/mcp/") << QStringLiteral("https://example.com/public/mcp")
        << Match::SameOriginPrefix;
    QTest::newRow("explicit default port") << QStringLiteral("https://example.com/mcp")
                                           << QStringLiteral("https://example.com:443/mcp") << Match::SameOriginPrefix;
    // conformance auth/metadata-default: the mock's resource is the MCP URL on loopback http.
    QTest::newRow("conformance loopback")
        << QStringLiteral("http://localhost:33933/mcp") << QStringLiteral("http://localhost:33933/mcp") << Match::Exact;
    QTest::newRow("exact with query") << QStringLiteral("https://example.com/mcp?tenant=a")
                                      << QStringLiteral("https://example.com/mcp?tenant=a") << Match::Exact;
    QTest::newRow("server query ignored for prefix")
        << QStringLiteral("https://example.com/mcp?tenant=a") << QStringLiteral("https://example.com/mcp")
        << Match::SameOriginPrefix;
}

void TestProtectedResourceMetadata::acceptsMatchingResource()
{
    QFETCH(QString, server);
    QFETCH(QString, resource);
    QFETCH(Match, match);
    const auto metadata = ProtectedResourceMetadata::fromJson(prm(resource), url(server));
    QVERIFY2(metadata.ok(), qPrintable(metadata.ok() ? QString() : metadata.error().toString()));
    QCOMPARE(metadata.value().resourceMatch(), match);
    // Raw: exactly as the document spelled it, for RFC 8707 and display (requirements AUTH-44).
    QCOMPARE(metadata.value().resource(), resource);
}

void TestProtectedResourceMetadata::rejectsResourceOfAnotherServer_data()
{
    QTest::addColumn<QString>("server");
    QTest::addColumn<QString>("resource");
    // conformance auth/resource-mismatch; requirements ATTACK-2.
    QTest::newRow("D2 other host (conformance)")
        << QStringLiteral("http://localhost:33933/mcp") << QStringLiteral("https://evil.example.com/mcp");
    QTest::newRow("D2 other host") << QStringLiteral("https://mcp.test/mcp")
                                   << QStringLiteral("https://evil.example.com/mcp");
    QTest::newRow("D2 other port") << QStringLiteral("https://mcp.test/mcp")
                                   << QStringLiteral("https://mcp.test:8443/mcp");
    QTest::newRow("D2 other path") << QStringLiteral("https://mcp.test/mcp")
                                   << QStringLiteral("https://mcp.test/other");
    // Requirements ATTACK-6 (a): a challenge pointing at server A's PRM while talking to server B.
    QTest::newRow("D6a other server") << QStringLiteral("https://b.example.com/mcp")
                                      << QStringLiteral("https://a.example.com/mcp");
    QTest::newRow("other scheme") << QStringLiteral("https://localhost/mcp") << QStringLiteral("http://localhost/mcp");
    QTest::newRow("subdomain") << QStringLiteral("https://mcp.test/mcp") << QStringLiteral("https://x.mcp.test/mcp");
    // Whole segments only: /mcp is not a prefix of /mcp2.
    QTest::newRow("partial segment") << QStringLiteral("https://mcp.test/mcp2")
                                     << QStringLiteral("https://mcp.test/mcp");
    QTest::newRow("longer than server") << QStringLiteral("https://mcp.test/mcp")
                                        << QStringLiteral("https://mcp.test/mcp/admin");
    QTest::newRow("prefix with query") << QStringLiteral("https://mcp.test/mcp")
                                       << QStringLiteral("https://mcp.test/?tenant=a");
    QTest::newRow("dot segments") << QStringLiteral("https://mcp.test/a/../b/mcp")
                                  << QStringLiteral("https://mcp.test/a/..");
    QTest::newRow("case of path") << QStringLiteral("https://mcp.test/MCP") << QStringLiteral("https://mcp.test/mcp");
}

void TestProtectedResourceMetadata::rejectsResourceOfAnotherServer()
{
    QFETCH(QString, server);
    QFETCH(QString, resource);
    const auto metadata = ProtectedResourceMetadata::fromJson(prm(resource), url(server));
    QVERIFY(!metadata.ok());
    QCOMPARE(metadata.error().code(), ErrorCode::ResourceMismatch);
    QCOMPARE(metadata.error().area(), ErrorArea::Auth);
}

void TestProtectedResourceMetadata::rejectsUnusableResource_data()
{
    QTest::addColumn<QByteArray>("json");
    const QByteArray servers = R"("authorization_servers":["https://as.example.com"])";
    QTest::newRow("missing") << QByteArray("{" + servers + "}");
    QTest::newRow("empty") << QByteArray(R"({"resource":"",)" + servers + "}");
    QTest::newRow("number") << QByteArray(R"({"resource":42,)" + servers + "}");
    QTest::newRow("array") << QByteArray(R"({"resource":["https://mcp.test/mcp"],)" + servers + "}");
    QTest::newRow("javascript:") << QByteArray(R"j({"resource":"javascript:alert(1)",)j" + servers + "}");
    QTest::newRow("fragment (RFC 9728 §1.2)") << QByteArray(R"({"resource":"https://mcp.test/mcp#x",)" + servers + "}");
    QTest::newRow("http remote") << QByteArray(R"({"resource":"http://mcp.test/mcp",)" + servers + "}");
}

void TestProtectedResourceMetadata::rejectsUnusableResource()
{
    QFETCH(QByteArray, json);
    const auto metadata = ProtectedResourceMetadata::fromJson(json, url(QStringLiteral("https://mcp.test/mcp")));
    QVERIFY(!metadata.ok());
    QCOMPARE(metadata.error().code(), ErrorCode::MetadataInvalid);
}

void TestProtectedResourceMetadata::rejectsBadAuthorizationServers_data()
{
    QTest::addColumn<QByteArray>("json");
    const QByteArray resource = R"("resource":"https://mcp.test/mcp")";
    // RFC 9728 §3.2: missing or empty aborts.
    QTest::newRow("missing") << QByteArray("{" + resource + "}");
    QTest::newRow("empty") << QByteArray("{" + resource + R"(,"authorization_servers":[]})");
    QTest::newRow("null") << QByteArray("{" + resource + R"(,"authorization_servers":null})");
    QTest::newRow("string") << QByteArray("{" + resource + R"(,"authorization_servers":"https://as.example.com"})");
    QTest::newRow("entry number") << QByteArray("{" + resource + R"(,"authorization_servers":[1]})");
    // Requirements SEC-1, ATTACK-8, AUTH-10.
    QTest::newRow("http remote") << QByteArray("{" + resource
                                               + R"(,"authorization_servers":["http://as.example.com"]})");
    QTest::newRow("javascript:") << QByteArray("{" + resource
                                               + R"j(,"authorization_servers":["javascript:alert(1)"]})j");
    QTest::newRow("file:") << QByteArray("{" + resource + R"(,"authorization_servers":["file:///etc/passwd"]})");
    QTest::newRow("userinfo") << QByteArray("{" + resource + R"(,"authorization_servers":["https://a:b@as.test"]})");
    // RFC 8414 §2: an issuer has no query or fragment.
    QTest::newRow("query") << QByteArray("{" + resource + R"(,"authorization_servers":["https://as.test/?x=1"]})");
    QTest::newRow("fragment") << QByteArray("{" + resource + R"(,"authorization_servers":["https://as.test/#x"]})");
    // One bad entry rejects the document.
    QTest::newRow("one good one bad") << QByteArray(
        "{" + resource + R"(,"authorization_servers":["https://as.test","http://10.0.0.5"]})");
}

void TestProtectedResourceMetadata::rejectsBadAuthorizationServers()
{
    QFETCH(QByteArray, json);
    const auto metadata = ProtectedResourceMetadata::fromJson(json, url(QStringLiteral("https://mcp.test/mcp")));
    QVERIFY(!metadata.ok());
    QCOMPARE(metadata.error().code(), ErrorCode::MetadataInvalid);
}

void TestProtectedResourceMetadata::keepsAuthorizationServersRawInOrder()
{
    // Raw strings (QUrl would lowercase the host and could touch the slash); exact duplicates dropped.
    const QJsonArray servers{QStringLiteral("https://AS.example.com/Tenant/"), QStringLiteral("https://b.example"),
                             QStringLiteral("https://AS.example.com/Tenant/"), QStringLiteral("http://localhost:9000")};
    const auto metadata = ProtectedResourceMetadata::fromJson(prm(QStringLiteral("https://mcp.test/mcp"), servers),
                                                              url(QStringLiteral("https://mcp.test/mcp")));
    QVERIFY2(metadata.ok(), qPrintable(metadata.ok() ? QString() : metadata.error().toString()));
    QCOMPARE(metadata.value().authorizationServers(),
             (QStringList{QStringLiteral("https://AS.example.com/Tenant/"), QStringLiteral("https://b.example"),
                          QStringLiteral("http://localhost:9000")}));
}

void TestProtectedResourceMetadata::readsOptionalMembers()
{
    const QJsonObject extra{
        {QStringLiteral("scopes_supported"), QJsonArray{QStringLiteral("mcp:basic"), QStringLiteral("mcp:read")}},
        {QStringLiteral("bearer_methods_supported"), QJsonArray{QStringLiteral("header")}},
        {QStringLiteral("resource_name"), QStringLiteral("Example MCP")},
        {QStringLiteral("resource_documentation"), QStringLiteral("https://docs.example.com/mcp")},
        {QStringLiteral("dpop_bound_access_tokens_required"), true},
        // RFC 9728 §3.2: unknown members are ignored, whatever their type.
        {QStringLiteral("x-unknown"), QJsonObject{{QStringLiteral("nested"), QJsonArray{1, 2}}}},
        {QStringLiteral("signed_metadata"), QStringLiteral("eyJhbGciOiJub25lIn0.e30.")},
    };
    const auto metadata = ProtectedResourceMetadata::fromJson(
        prm(QStringLiteral("https://mcp.test/mcp"), {QStringLiteral("https://as.test")}, extra),
        url(QStringLiteral("https://mcp.test/mcp")));
    QVERIFY2(metadata.ok(), qPrintable(metadata.ok() ? QString() : metadata.error().toString()));
    const ProtectedResourceMetadata &m = metadata.value();
    QVERIFY(m.scopesSupported().has_value());
    QCOMPARE(*m.scopesSupported(), (QStringList{QStringLiteral("mcp:basic"), QStringLiteral("mcp:read")}));
    QCOMPARE(m.bearerMethodsSupported(), QStringList{QStringLiteral("header")});
    QCOMPARE(m.resourceName(), QStringLiteral("Example MCP"));
    QCOMPARE(m.resourceDocumentation(), QUrl(QStringLiteral("https://docs.example.com/mcp")));
    QVERIFY(m.dpopBoundAccessTokensRequired());
    QCOMPARE(m.authorizationServers(), QStringList{QStringLiteral("https://as.test")});
}

void TestProtectedResourceMetadata::distinguishesAbsentFromEmptyScopes()
{
    const QUrl server = url(QStringLiteral("https://mcp.test/mcp"));
    const auto absent = ProtectedResourceMetadata::fromJson(prm(QStringLiteral("https://mcp.test/mcp")), server);
    QVERIFY(absent.ok());
    QVERIFY(!absent.value().scopesSupported().has_value());
    QVERIFY(absent.value().bearerMethodsSupported().isEmpty());
    QVERIFY(!absent.value().dpopBoundAccessTokensRequired());

    const auto empty = ProtectedResourceMetadata::fromJson(
        prm(QStringLiteral("https://mcp.test/mcp"), {QStringLiteral("https://as.test")},
            QJsonObject{{QStringLiteral("scopes_supported"), QJsonArray()}}),
        server);
    QVERIFY(empty.ok());
    QVERIFY(empty.value().scopesSupported().has_value());
    QVERIFY(empty.value().scopesSupported()->isEmpty());
}

void TestProtectedResourceMetadata::rejectsInvalidScopeTokens_data()
{
    QTest::addColumn<QString>("scope");
    // RFC 6749 §3.3 NQCHAR.
    QTest::newRow("space smuggles a second scope") << QStringLiteral("mcp:read admin");
    QTest::newRow("empty") << QString();
    QTest::newRow("quote") << QStringLiteral("a\"b");
    QTest::newRow("backslash") << QStringLiteral("a\\b");
    QTest::newRow("newline") << QStringLiteral("a\nb");
    QTest::newRow("non-ASCII") << QStringLiteral("sc\u00f6pe");
}

void TestProtectedResourceMetadata::rejectsInvalidScopeTokens()
{
    QFETCH(QString, scope);
    const auto metadata = ProtectedResourceMetadata::fromJson(
        prm(QStringLiteral("https://mcp.test/mcp"), {QStringLiteral("https://as.test")},
            QJsonObject{{QStringLiteral("scopes_supported"), QJsonArray{QStringLiteral("ok"), scope}}}),
        url(QStringLiteral("https://mcp.test/mcp")));
    QVERIFY(!metadata.ok());
    QCOMPARE(metadata.error().code(), ErrorCode::MetadataInvalid);
}

void TestProtectedResourceMetadata::rejectsWrongMemberTypes_data()
{
    QTest::addColumn<QString>("member");
    QTest::addColumn<QJsonValue>("value");
    QTest::newRow("scopes_supported string") << QStringLiteral("scopes_supported") << QJsonValue(QStringLiteral("a b"));
    QTest::newRow("scopes_supported numbers") << QStringLiteral("scopes_supported") << QJsonValue(QJsonArray{1});
    QTest::newRow("bearer_methods_supported object")
        << QStringLiteral("bearer_methods_supported") << QJsonValue(QJsonObject());
    QTest::newRow("resource_name number") << QStringLiteral("resource_name") << QJsonValue(7);
    QTest::newRow("dpop string") << QStringLiteral("dpop_bound_access_tokens_required")
                                 << QJsonValue(QStringLiteral("true"));
}

void TestProtectedResourceMetadata::rejectsWrongMemberTypes()
{
    QFETCH(QString, member);
    QFETCH(QJsonValue, value);
    const auto metadata = ProtectedResourceMetadata::fromJson(
        prm(QStringLiteral("https://mcp.test/mcp"), {QStringLiteral("https://as.test")}, QJsonObject{{member, value}}),
        url(QStringLiteral("https://mcp.test/mcp")));
    QVERIFY(!metadata.ok());
    QCOMPARE(metadata.error().code(), ErrorCode::MetadataInvalid);
}

void TestProtectedResourceMetadata::dropsUnusableDocumentationLink()
{
    const auto metadata = ProtectedResourceMetadata::fromJson(
        prm(QStringLiteral("https://mcp.test/mcp"), {QStringLiteral("https://as.test")},
            QJsonObject{{QStringLiteral("resource_documentation"), QStringLiteral("javascript:alert(1)")}}),
        url(QStringLiteral("https://mcp.test/mcp")));
    QVERIFY(metadata.ok());
    QVERIFY(metadata.value().resourceDocumentation().isEmpty());
}

void TestProtectedResourceMetadata::rejectsMalformedDocuments_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::newRow("empty body") << QByteArray();
    QTest::newRow("not JSON") << QByteArray("<html>404</html>");
    QTest::newRow("array (A4)") << QByteArray(R"([{"resource":"https://mcp.test/mcp"}])");
    QTest::newRow("string") << QByteArray(R"("https://mcp.test/mcp")");
    QTest::newRow("truncated") << QByteArray(R"({"resource":"https://mcp.test/mcp","authorization_servers":[)");
    QTest::newRow("invalid UTF-8") << QByteArray("{\"resource\":\"https://mcp.test/\xff\"}");
    QTest::newRow("33 levels") << QByteArray(QByteArray(33, '[') + QByteArray(33, ']'));
}

void TestProtectedResourceMetadata::rejectsMalformedDocuments()
{
    QFETCH(QByteArray, json);
    const auto metadata = ProtectedResourceMetadata::fromJson(json, url(QStringLiteral("https://mcp.test/mcp")));
    QVERIFY(!metadata.ok());
    QCOMPARE(metadata.error().code(), ErrorCode::MetadataInvalid);
}

void TestProtectedResourceMetadata::rejectsOversizeDocument()
{
    // Requirements SEC-12, ATTACK-9: a document past the limit is refused, even when it is otherwise valid.
    const QByteArray padding(metadata_json::kMaxDocumentBytes, ' ');
    const QByteArray json = prm(QStringLiteral("https://mcp.test/mcp")) + padding;
    const auto metadata = ProtectedResourceMetadata::fromJson(json, url(QStringLiteral("https://mcp.test/mcp")));
    QVERIFY(!metadata.ok());
    QCOMPARE(metadata.error().code(), ErrorCode::MetadataInvalid);
    // The same document just within the limit is fine: the limit, not the padding, decided.
    const QByteArray fits = prm(QStringLiteral("https://mcp.test/mcp"));
    const QByteArray padded = fits + QByteArray(metadata_json::kMaxDocumentBytes - fits.size(), ' ');
    QCOMPARE(padded.size(), metadata_json::kMaxDocumentBytes);
    QVERIFY(ProtectedResourceMetadata::fromJson(padded, url(QStringLiteral("https://mcp.test/mcp"))).ok());
}

void TestProtectedResourceMetadata::rejectsDeepNestingQuickly()
{
    // Requirements ATTACK-9: 10^5 levels (within the size limit) must neither crash nor take long.
    const int depth = 100'000;
    const QByteArray json = "{\"resource\":" + QByteArray(depth, '[') + QByteArray(depth, ']') + "}";
    QVERIFY(json.size() <= metadata_json::kMaxDocumentBytes);
    QElapsedTimer timer;
    timer.start();
    const auto metadata = ProtectedResourceMetadata::fromJson(json, url(QStringLiteral("https://mcp.test/mcp")));
    QVERIFY(!metadata.ok());
    QCOMPARE(metadata.error().code(), ErrorCode::MetadataInvalid);
    QVERIFY(metadata.error().detail().contains(QLatin1String("nests deeper")));
    QVERIFY(timer.elapsed() < 2000);
}

void TestProtectedResourceMetadata::bracketsInsideStringsDoNotCountAsNesting()
{
    const QString name = QString(100, u'[') + QStringLiteral("\\\"{") + QString(100, u'{');
    const auto metadata = ProtectedResourceMetadata::fromJson(prm(QStringLiteral("https://mcp.test/mcp"),
                                                                  {QStringLiteral("https://as.test")},
                                                                  QJsonObject{{QStringLiteral("resource_name"), name}}),
                                                              url(QStringLiteral("https://mcp.test/mcp")));
    QVERIFY2(metadata.ok(), qPrintable(metadata.ok() ? QString() : metadata.error().toString()));
    QCOMPARE(metadata.value().resourceName(), name);
}

void TestProtectedResourceMetadata::mismatchMessageIsForAPerson()
{
    const auto metadata = ProtectedResourceMetadata::fromJson(prm(QStringLiteral("https://evil.example.com/mcp")),
                                                              url(QStringLiteral("https://mcp.test/mcp")));
    QVERIFY(!metadata.ok());
    QVERIFY(!metadata.error().message().isEmpty());
    // The detail names both sides so the Activity view can show what was refused.
    QVERIFY(metadata.error().detail().contains(QLatin1String("evil.example.com")));
    QVERIFY(metadata.error().detail().contains(QLatin1String("mcp.test")));
}

QTEST_GUILESS_MAIN(TestProtectedResourceMetadata)
#include "tst_protectedresourcemetadata.moc"
