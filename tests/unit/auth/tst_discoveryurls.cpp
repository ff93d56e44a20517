// Discovery URL order (requirements AUTH-2, AUTH-8, AUTH-13), including the two
// conformance traps of docs/architecture.md, "The conformance suite": no root PRM after a challenge URL
// (auth/metadata-default), and no root AS metadata for an issuer with a path (auth/metadata-var2/var3).

#include "auth/discoveryurls.h"

#include <QTest>

using namespace portico;
using discovery_urls::AsMetadataKind;
using discovery_urls::PrmUrlKind;

namespace {

QStringList prmStrings(const QList<discovery_urls::PrmUrl> &urls)
{
    QStringList out;
    for (const auto &candidate : urls)
        out.append(candidate.url.toString(QUrl::FullyEncoded));
    return out;
}

QStringList asStrings(const QList<discovery_urls::AsMetadataUrl> &urls)
{
    QStringList out;
    for (const auto &candidate : urls)
        out.append(candidate.url.toString(QUrl::FullyEncoded));
    return out;
}

} // namespace

class TestDiscoveryUrls : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void buildsPrmCandidatesInChecklistOrder_data();
    void buildsPrmCandidatesInChecklistOrder();
    void prmCandidatesCarryTheirStep();
    void challengeUrlIsTheOnlyPrmCandidate_data();
    void challengeUrlIsTheOnlyPrmCandidate();
    void rejectsUnusablePrmInputs_data();
    void rejectsUnusablePrmInputs();
    void buildsAsCandidatesInChecklistOrder_data();
    void buildsAsCandidatesInChecklistOrder();
    void asCandidatesNameTheirDocumentKind();
    void pathIssuerNeverFallsBackToRoot_data();
    void pathIssuerNeverFallsBackToRoot();
    void rejectsUnusableIssuers_data();
    void rejectsUnusableIssuers();
    void legacyAuthorizationServerIsTheOrigin_data();
    void legacyAuthorizationServerIsTheOrigin();
    void legacyMetadataIsOnlyTheRfc8414RootUrl();
    void legacyDefaultEndpointsSitAtTheOrigin();
    void legacyRejectsUnusableServerUrl();
    void movesToNextCandidateOnlyOn4xxAnd502_data();
    void movesToNextCandidateOnlyOn4xxAnd502();
};

void TestDiscoveryUrls::buildsPrmCandidatesInChecklistOrder_data()
{
    QTest::addColumn<QString>("server");
    QTest::addColumn<QStringList>("expected");
    // Requirements AUTH-2 worked example.
    QTest::newRow("A.0 example /public/mcp")
        << QStringLiteral("https://example.com/public/mcp")
        << QStringList{QStringLiteral("https://example.com/.well-known/oauth-protected-resource/public/mcp"),
                       QStringLiteral("https://example.com/.well-known/oauth-protected-resource")};
    // Requirements AUTH-2: If the MCP URL has no path, steps 2 and 3 are the same URL — asked for once.
    QTest::newRow("no path") << QStringLiteral("https://example.com")
                             << QStringList{QStringLiteral("https://example.com/.well-known/oauth-protected-resource")};
    QTest::newRow("path /") << QStringLiteral("https://example.com/")
                            << QStringList{QStringLiteral("https://example.com/.well-known/oauth-protected-resource")};
    // RFC 9728 §3.1 / TS SDK: one terminating slash removed.
    QTest::newRow("trailing slash")
        << QStringLiteral("https://example.com/public/mcp/")
        << QStringList{QStringLiteral("https://example.com/.well-known/oauth-protected-resource/public/mcp"),
                       QStringLiteral("https://example.com/.well-known/oauth-protected-resource")};
    // Requirements AUTH-2: the query is kept on the path-aware URL, not on the root.
    QTest::newRow("query kept on path-inserted")
        << QStringLiteral("https://example.com/mcp?tenant=a")
        << QStringList{QStringLiteral("https://example.com/.well-known/oauth-protected-resource/mcp?tenant=a"),
                       QStringLiteral("https://example.com/.well-known/oauth-protected-resource")};
    QTest::newRow("query without path") << QStringLiteral("https://example.com/?tenant=a")
                                        << QStringList{QStringLiteral(
                                               "https://example.com/.well-known/oauth-protected-resource?tenant=a")};
    QTest::newRow("fragment dropped")
        << QStringLiteral("https://example.com/mcp#x")
        << QStringList{QStringLiteral("https://example.com/.well-known/oauth-protected-resource/mcp"),
                       QStringLiteral("https://example.com/.well-known/oauth-protected-resource")};
    QTest::newRow("port kept")
        << QStringLiteral("https://example.com:8443/mcp")
        << QStringList{QStringLiteral("https://example.com:8443/.well-known/oauth-protected-resource/mcp"),
                       QStringLiteral("https://example.com:8443/.well-known/oauth-protected-resource")};
    // conformance auth/metadata-var1 (no header): the client probes the path-based URL first.
    QTest::newRow("conformance var1, loopback http")
        << QStringLiteral("http://localhost:33933/mcp")
        << QStringList{QStringLiteral("http://localhost:33933/.well-known/oauth-protected-resource/mcp"),
                       QStringLiteral("http://localhost:33933/.well-known/oauth-protected-resource")};
    QTest::newRow("percent-encoding kept")
        << QStringLiteral("https://example.com/a%20b/mcp")
        << QStringList{QStringLiteral("https://example.com/.well-known/oauth-protected-resource/a%20b/mcp"),
                       QStringLiteral("https://example.com/.well-known/oauth-protected-resource")};
}

void TestDiscoveryUrls::buildsPrmCandidatesInChecklistOrder()
{
    QFETCH(QString, server);
    QFETCH(QStringList, expected);
    const auto urls = discovery_urls::protectedResourceMetadataUrls(QUrl(server, QUrl::StrictMode));
    QVERIFY2(urls.ok(), qPrintable(urls.ok() ? QString() : urls.error().toString()));
    QCOMPARE(prmStrings(urls.value()), expected);
}

void TestDiscoveryUrls::prmCandidatesCarryTheirStep()
{
    const auto withPath =
        discovery_urls::protectedResourceMetadataUrls(QUrl(QStringLiteral("https://example.com/public/mcp")));
    QVERIFY(withPath.ok());
    QCOMPARE(withPath.value().size(), 2);
    QCOMPARE(withPath.value().at(0).kind, PrmUrlKind::PathInserted);
    QCOMPARE(withPath.value().at(1).kind, PrmUrlKind::Root);

    const auto withoutPath = discovery_urls::protectedResourceMetadataUrls(QUrl(QStringLiteral("https://example.com")));
    QVERIFY(withoutPath.ok());
    QCOMPARE(withoutPath.value().size(), 1);
    QCOMPARE(withoutPath.value().at(0).kind, PrmUrlKind::Root);
}

void TestDiscoveryUrls::challengeUrlIsTheOnlyPrmCandidate_data()
{
    QTest::addColumn<QString>("server");
    QTest::addColumn<QString>("resourceMetadata");
    // conformance auth/metadata-default: the header names the path-based URL; a root PRM request after it
    // fails prm-priority-order (trap 1).
    QTest::newRow("metadata-default") << QStringLiteral("http://localhost:33933/mcp")
                                      << QStringLiteral(
                                             "http://localhost:33933/.well-known/oauth-protected-resource/mcp");
    // conformance auth/metadata-var3: a custom location reachable only through the header.
    QTest::newRow("metadata-var3 custom location")
        << QStringLiteral("http://localhost:40000/mcp")
        << QStringLiteral("http://localhost:40000/custom/metadata/location.json");
    // Another origin is allowed as a location; the PRM's resource check decides (requirements ATTACK-6 (a)).
    QTest::newRow("other origin") << QStringLiteral("https://mcp.example.com/mcp")
                                  << QStringLiteral("https://meta.example.com/prm?x=1");
}

void TestDiscoveryUrls::challengeUrlIsTheOnlyPrmCandidate()
{
    QFETCH(QString, server);
    QFETCH(QString, resourceMetadata);
    const auto urls = discovery_urls::protectedResourceMetadataUrls(QUrl(server), resourceMetadata);
    QVERIFY2(urls.ok(), qPrintable(urls.ok() ? QString() : urls.error().toString()));
    QCOMPARE(urls.value().size(), 1);
    QCOMPARE(urls.value().at(0).kind, PrmUrlKind::FromChallenge);
    QCOMPARE(urls.value().at(0).url.toString(QUrl::FullyEncoded), resourceMetadata);
    for (const auto &candidate : urls.value())
        QVERIFY(!candidate.url.path().endsWith(QLatin1String("/.well-known/oauth-protected-resource")));
}

void TestDiscoveryUrls::rejectsUnusablePrmInputs_data()
{
    QTest::addColumn<QString>("server");
    QTest::addColumn<QString>("resourceMetadata");
    // Requirements SEC-1: a server-supplied resource_metadata must pass url_policy; no fallback to the well-known URLs.
    QTest::newRow("header http to a remote host")
        << QStringLiteral("https://mcp.example.com/mcp") << QStringLiteral("http://mcp.example.com/prm");
    QTest::newRow("header javascript:") << QStringLiteral("https://mcp.example.com/mcp")
                                        << QStringLiteral("javascript:alert(1)");
    QTest::newRow("header file:") << QStringLiteral("https://mcp.example.com/mcp")
                                  << QStringLiteral("file:///etc/passwd");
    QTest::newRow("header userinfo") << QStringLiteral("https://mcp.example.com/mcp")
                                     << QStringLiteral("https://user:pw@mcp.example.com/prm");
    QTest::newRow("header relative") << QStringLiteral("https://mcp.example.com/mcp")
                                     << QStringLiteral("/.well-known/oauth-protected-resource");
    QTest::newRow("server http remote") << QStringLiteral("http://mcp.example.com/mcp") << QString();
    QTest::newRow("server ftp") << QStringLiteral("ftp://mcp.example.com/mcp") << QString();
}

void TestDiscoveryUrls::rejectsUnusablePrmInputs()
{
    QFETCH(QString, server);
    QFETCH(QString, resourceMetadata);
    const auto urls = discovery_urls::protectedResourceMetadataUrls(QUrl(server), resourceMetadata);
    QVERIFY(!urls.ok());
    QCOMPARE(urls.error().code(), ErrorCode::DiscoveryFailed);
    QCOMPARE(urls.error().area(), ErrorArea::Auth);
}

void TestDiscoveryUrls::buildsAsCandidatesInChecklistOrder_data()
{
    QTest::addColumn<QString>("issuer");
    QTest::addColumn<QStringList>("expected");
    // Requirements AUTH-2 worked example: issuer with a path.
    QTest::newRow("A.0 example tenant1")
        << QStringLiteral("https://auth.example.com/tenant1")
        << QStringList{QStringLiteral("https://auth.example.com/.well-known/oauth-authorization-server/tenant1"),
                       QStringLiteral("https://auth.example.com/.well-known/openid-configuration/tenant1"),
                       QStringLiteral("https://auth.example.com/tenant1/.well-known/openid-configuration")};
    // Requirements AUTH-2 worked example: issuer without a path.
    QTest::newRow("A.0 example no path")
        << QStringLiteral("https://auth.example.com")
        << QStringList{QStringLiteral("https://auth.example.com/.well-known/oauth-authorization-server"),
                       QStringLiteral("https://auth.example.com/.well-known/openid-configuration")};
    // RFC 8414 §3.1: one trailing '/' removed before inserting.
    QTest::newRow("A9 trailing slash on path")
        << QStringLiteral("https://auth.example.com/tenant1/")
        << QStringList{QStringLiteral("https://auth.example.com/.well-known/oauth-authorization-server/tenant1"),
                       QStringLiteral("https://auth.example.com/.well-known/openid-configuration/tenant1"),
                       QStringLiteral("https://auth.example.com/tenant1/.well-known/openid-configuration")};
    QTest::newRow("A9 root with slash")
        << QStringLiteral("https://auth.example.com/")
        << QStringList{QStringLiteral("https://auth.example.com/.well-known/oauth-authorization-server"),
                       QStringLiteral("https://auth.example.com/.well-known/openid-configuration")};
    // Keycloak-style deep path (requirements AUTH-2, "issuer with a path").
    QTest::newRow("keycloak realm")
        << QStringLiteral("https://sso.example.com/realms/x")
        << QStringList{QStringLiteral("https://sso.example.com/.well-known/oauth-authorization-server/realms/x"),
                       QStringLiteral("https://sso.example.com/.well-known/openid-configuration/realms/x"),
                       QStringLiteral("https://sso.example.com/realms/x/.well-known/openid-configuration")};
    // conformance auth/metadata-default and var1: root issuer on loopback.
    QTest::newRow("conformance root issuer")
        << QStringLiteral("http://localhost:40125")
        << QStringList{QStringLiteral("http://localhost:40125/.well-known/oauth-authorization-server"),
                       QStringLiteral("http://localhost:40125/.well-known/openid-configuration")};
    // conformance auth/metadata-var3 observed order: 404, 404, 200 at the path-appended OIDC URL.
    QTest::newRow("conformance var3 tenant1")
        << QStringLiteral("http://localhost:40125/tenant1")
        << QStringList{QStringLiteral("http://localhost:40125/.well-known/oauth-authorization-server/tenant1"),
                       QStringLiteral("http://localhost:40125/.well-known/openid-configuration/tenant1"),
                       QStringLiteral("http://localhost:40125/tenant1/.well-known/openid-configuration")};
}

void TestDiscoveryUrls::buildsAsCandidatesInChecklistOrder()
{
    QFETCH(QString, issuer);
    QFETCH(QStringList, expected);
    const auto urls = discovery_urls::authorizationServerMetadataUrls(issuer);
    QVERIFY2(urls.ok(), qPrintable(urls.ok() ? QString() : urls.error().toString()));
    QCOMPARE(asStrings(urls.value()), expected);
}

void TestDiscoveryUrls::asCandidatesNameTheirDocumentKind()
{
    const auto withPath = discovery_urls::authorizationServerMetadataUrls(QStringLiteral("https://as.example/t"));
    QVERIFY(withPath.ok());
    QCOMPARE(withPath.value().size(), 3);
    QCOMPARE(withPath.value().at(0).kind, AsMetadataKind::OAuth);
    QCOMPARE(withPath.value().at(1).kind, AsMetadataKind::OpenIdConnect);
    QCOMPARE(withPath.value().at(2).kind, AsMetadataKind::OpenIdConnect);
    const auto root = discovery_urls::authorizationServerMetadataUrls(QStringLiteral("https://as.example"));
    QVERIFY(root.ok());
    QCOMPARE(root.value().size(), 2);
    QCOMPARE(root.value().at(0).kind, AsMetadataKind::OAuth);
    QCOMPARE(root.value().at(1).kind, AsMetadataKind::OpenIdConnect);
}

void TestDiscoveryUrls::pathIssuerNeverFallsBackToRoot_data()
{
    QTest::addColumn<QString>("issuer");
    QTest::newRow("tenant1") << QStringLiteral("http://localhost:40125/tenant1");
    QTest::newRow("tenant1/") << QStringLiteral("https://auth.example.com/tenant1/");
    QTest::newRow("deep") << QStringLiteral("https://auth.example.com/a/b/c");
}

void TestDiscoveryUrls::pathIssuerNeverFallsBackToRoot()
{
    // Trap 2 (conformance authorization-server-metadata-wrong-path).
    QFETCH(QString, issuer);
    const auto urls = discovery_urls::authorizationServerMetadataUrls(issuer);
    QVERIFY(urls.ok());
    for (const auto &candidate : urls.value()) {
        QVERIFY2(candidate.url.path() != QLatin1String("/.well-known/oauth-authorization-server"),
                 qPrintable(candidate.url.toString()));
        QVERIFY2(candidate.url.path() != QLatin1String("/.well-known/openid-configuration"),
                 qPrintable(candidate.url.toString()));
    }
}

void TestDiscoveryUrls::rejectsUnusableIssuers_data()
{
    QTest::addColumn<QString>("issuer");
    // Requirements AUTH-10, SEC-1, ATTACK-7: http to a remote host, other schemes, query, fragment, userinfo, garbage.
    QTest::newRow("http remote") << QStringLiteral("http://auth.example.com");
    QTest::newRow("javascript:") << QStringLiteral("javascript:alert(1)");
    QTest::newRow("data:") << QStringLiteral("data:text/html,hi");
    QTest::newRow("query") << QStringLiteral("https://auth.example.com/t?x=1");
    QTest::newRow("empty query") << QStringLiteral("https://auth.example.com/t?");
    QTest::newRow("fragment") << QStringLiteral("https://auth.example.com/t#f");
    QTest::newRow("userinfo") << QStringLiteral("https://u:p@auth.example.com");
    QTest::newRow("relative") << QStringLiteral("/tenant1");
    QTest::newRow("empty") << QString();
}

void TestDiscoveryUrls::rejectsUnusableIssuers()
{
    QFETCH(QString, issuer);
    const auto urls = discovery_urls::authorizationServerMetadataUrls(issuer);
    QVERIFY(!urls.ok());
    QCOMPARE(urls.error().code(), ErrorCode::DiscoveryFailed);
}

void TestDiscoveryUrls::legacyAuthorizationServerIsTheOrigin_data()
{
    QTest::addColumn<QString>("server");
    QTest::addColumn<QString>("issuer");
    // Requirements AUTH-13: the MCP server URL with its path discarded; no trailing slash so the echo check
    // (RFC 8414 §3.3) can match the conformance mock's issuer (the base URL).
    QTest::newRow("A14 example") << QStringLiteral("https://example.com/public/mcp")
                                 << QStringLiteral("https://example.com");
    QTest::newRow("conformance backcompat")
        << QStringLiteral("http://localhost:33933/mcp") << QStringLiteral("http://localhost:33933");
    QTest::newRow("default port left out")
        << QStringLiteral("https://example.com:443/mcp?x=1#f") << QStringLiteral("https://example.com");
    QTest::newRow("other port kept") << QStringLiteral("https://example.com:8443/mcp")
                                     << QStringLiteral("https://example.com:8443");
}

void TestDiscoveryUrls::legacyAuthorizationServerIsTheOrigin()
{
    QFETCH(QString, server);
    QFETCH(QString, issuer);
    const auto result = discovery_urls::legacyAuthorizationServerIssuer(QUrl(server));
    QVERIFY(result.ok());
    QCOMPARE(result.value(), issuer);
}

void TestDiscoveryUrls::legacyMetadataIsOnlyTheRfc8414RootUrl()
{
    // Requirements AUTH-13 step 1 (conformance auth/2025-03-26-oauth-metadata-backcompat).
    const auto urls =
        discovery_urls::legacyAuthorizationServerMetadataUrls(QUrl(QStringLiteral("http://localhost:33933/mcp")));
    QVERIFY(urls.ok());
    QCOMPARE(asStrings(urls.value()),
             QStringList{QStringLiteral("http://localhost:33933/.well-known/oauth-authorization-server")});
    QCOMPARE(urls.value().at(0).kind, AsMetadataKind::OAuth);
}

void TestDiscoveryUrls::legacyDefaultEndpointsSitAtTheOrigin()
{
    // Requirements AUTH-13 step 2 (conformance auth/2025-03-26-oauth-endpoint-fallback).
    const auto endpoints =
        discovery_urls::legacyDefaultEndpoints(QUrl(QStringLiteral("https://example.com/public/mcp?x=1")));
    QVERIFY(endpoints.ok());
    QCOMPARE(endpoints.value().authorization.toString(), QStringLiteral("https://example.com/authorize"));
    QCOMPARE(endpoints.value().token.toString(), QStringLiteral("https://example.com/token"));
    QCOMPARE(endpoints.value().registration.toString(), QStringLiteral("https://example.com/register"));
}

void TestDiscoveryUrls::legacyRejectsUnusableServerUrl()
{
    const QUrl remoteHttp(QStringLiteral("http://example.com/mcp"));
    const auto issuer = discovery_urls::legacyAuthorizationServerIssuer(remoteHttp);
    QVERIFY(!issuer.ok());
    QCOMPARE(issuer.error().code(), ErrorCode::DiscoveryFailed);
    QVERIFY(!discovery_urls::legacyDefaultEndpoints(remoteHttp).ok());
    QVERIFY(!discovery_urls::legacyAuthorizationServerMetadataUrls(remoteHttp).ok());
}

void TestDiscoveryUrls::movesToNextCandidateOnlyOn4xxAnd502_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<bool>("next");
    QTest::newRow("404") << 404 << true;
    QTest::newRow("400") << 400 << true;
    QTest::newRow("401") << 401 << true;
    QTest::newRow("499") << 499 << true;
    QTest::newRow("502") << 502 << true;
    QTest::newRow("500") << 500 << false;
    QTest::newRow("503") << 503 << false;
    QTest::newRow("301") << 301 << false;
    QTest::newRow("200") << 200 << false;
    QTest::newRow("0 (network error)") << 0 << false;
}

void TestDiscoveryUrls::movesToNextCandidateOnlyOn4xxAnd502()
{
    QFETCH(int, status);
    QFETCH(bool, next);
    QCOMPARE(discovery_urls::shouldTryNextCandidate(status), next);
}

QTEST_GUILESS_MAIN(TestDiscoveryUrls)
#include "tst_discoveryurls.moc"
