// AuthorizationDiscovery against loopback peers: the exact, ordered list of metadata URLs requested
// (requirements AUTH-2, AUTH-13 and the conformance traps prm-priority-order and
// authorization-server-metadata-wrong-path), that a bad document ends discovery before anything it names
// is contacted (requirements ATTACK-1–ATTACK-3), that redirects are not followed (requirements SEC-2, ATTACK-8), and
// what the outcome holds.

#include "auth/authorizationdiscovery.h"
#include "loopbackhttpserver.h"
#include "net/httpclient.h"
#include "testhttpoptions.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTcpServer>
#include <QTest>

#include <optional>

using namespace portico;
using namespace std::chrono_literals;
namespace peer = portico::testing;
using portico::testing::fastOptions;

namespace {

using Server = peer::LoopbackHttpServer;
using Outcome = AuthorizationDiscovery::Outcome;
using Input = AuthorizationDiscovery::Input;

constexpr int kWaitMs = 10'000;

const QByteArray kPrmRoot = "/.well-known/oauth-protected-resource";
const QByteArray kPrmMcp = "/.well-known/oauth-protected-resource/mcp";
const QByteArray kOAuthRoot = "/.well-known/oauth-authorization-server";
const QByteArray kOidcRoot = "/.well-known/openid-configuration";

QString origin(const Server &server)
{
    return QStringLiteral("http://127.0.0.1:%1").arg(server.port());
}

peer::HttpResponse json(const QJsonObject &object, int status = 200)
{
    return {status, {{"Content-Type", "application/json"}}, QJsonDocument(object).toJson(QJsonDocument::Compact)};
}

QJsonObject prmDocument(const QString &resource, const QString &issuer)
{
    return {{QStringLiteral("resource"), resource}, {QStringLiteral("authorization_servers"), QJsonArray{issuer}}};
}

// A valid RFC 8414 document for `issuer` whose endpoints live under `endpointBase`.
QJsonObject asDocument(const QString &issuer, const QString &endpointBase)
{
    return {
        {QStringLiteral("issuer"), issuer},
        {QStringLiteral("authorization_endpoint"), QString(endpointBase + QStringLiteral("/authorize"))},
        {QStringLiteral("token_endpoint"), QString(endpointBase + QStringLiteral("/token"))},
        {QStringLiteral("registration_endpoint"), QString(endpointBase + QStringLiteral("/register"))},
        {QStringLiteral("response_types_supported"), QJsonArray{QStringLiteral("code")}},
        {QStringLiteral("code_challenge_methods_supported"), QJsonArray{QStringLiteral("S256")}},
    };
}

void serve(Server &server, const QByteArray &path, const QJsonObject &document)
{
    server.route("GET", path, [document](const peer::HttpRequest &) { return json(document); });
}

void serveStatus(Server &server, const QByteArray &path, int status)
{
    server.route("GET", path, [status](const peer::HttpRequest &) {
        // RFC 9110 §15.3.5: a 204 has no content.
        return peer::HttpResponse{status, {{"Content-Type", "text/plain"}}, status == 204 ? QByteArray() : "no"};
    });
}

QList<QByteArray> targets(const Server &server)
{
    QList<QByteArray> list;
    for (const peer::HttpRequest &request : server.requests())
        list.append(request.target);
    return list;
}

struct Run
{
    std::optional<Result<Outcome>> result;
    QStringList log;
};

// discover() and a bounded wait for its one callback.
Run discoverAndWait(HttpClient &http, const Input &input)
{
    Run run;
    AuthorizationDiscovery discovery(http);
    QObject context; // dies on return, so a late callback can never touch `run`
    discovery.discover(
        input, [&run](const QString &line) { run.log.append(line); }, &context,
        [&run](Result<Outcome> result) { run.result.emplace(std::move(result)); });
    const bool called = QTest::qWaitFor([&run]() { return run.result.has_value(); }, kWaitMs);
    Q_UNUSED(called); // describe() reports "no callback"
    return run;
}

QByteArray describe(const Run &run)
{
    if (!run.result)
        return "no callback";
    if (run.result->ok())
        return "ok";
    return "error " + QByteArray::number(int(run.result->error().code())) + ": "
           + run.result->error().toString().toUtf8();
}

Input inputFor(const QUrl &mcpServerUrl, const QString &challengeResourceMetadata = {}, bool legacy = true)
{
    Input input;
    input.mcpServerUrl = mcpServerUrl;
    input.challengeResourceMetadata = challengeResourceMetadata;
    input.allowLegacyFallback = legacy;
    return input;
}

} // namespace

class TestAuthorizationDiscovery : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void usesChallengeUrlAndNothingElse();
    void failsOnChallengeUrlNotFoundWithoutProbingWellKnownUrls();
    void probesPathInsertedThenRoot();
    void stopsAtPathInsertedWhenItAnswers();
    void requestsOnePrmUrlForServerWithoutPath();
    void stopsOnResourceMismatchBeforeAnyAuthServerRequest_data();
    void stopsOnResourceMismatchBeforeAnyAuthServerRequest();
    void triesIssuerWithPathCandidatesInOrderAndNeverRoot_data();
    void triesIssuerWithPathCandidatesInOrderAndNeverRoot();
    void failsWhenNoCandidateOfIssuerWithPathAnswers();
    void triesOAuthThenOidcForIssuerWithoutPath();
    void discardsMetadataWithMismatchedIssuer_data();
    void discardsMetadataWithMismatchedIssuer();
    void refusesAuthServerWithoutS256_data();
    void refusesAuthServerWithoutS256();
    void doesNotFollowRedirectFromMetadataUrl();
    void statusDecidesWhetherToTryNextPrmUrl_data();
    void statusDecidesWhetherToTryNextPrmUrl();
    void endsOnUnusablePrmDocumentWithoutTryingRoot();
    void endsOnNetworkError();
    void usesRootAuthServerMetadataOfMcpOriginWhenNoPrmExists();
    void synthesizesLegacyEndpointsWhenNothingIsPublished();
    void failsWithoutPrmWhenLegacyFallbackIsOff();
    void sendsNoCredentialsAndAsksForJson();
    void logsOneLinePerRequest();
    void reportsUpFrontErrorsAsynchronously();
    void canonicalResourceNormalizesOnlyWhatRfc8707Allows_data();
    void canonicalResourceNormalizesOnlyWhatRfc8707Allows();
};

// Requirements AUTH-2 step 1 (conformance auth/metadata-var3): the challenge's resource_metadata URL, then the AS.
void TestAuthorizationDiscovery::usesChallengeUrlAndNothingElse()
{
    Server mcp;
    Server as;
    QVERIFY(mcp.listen());
    QVERIFY(as.listen());
    const QString resource = origin(mcp) + QStringLiteral("/mcp");
    serve(mcp, "/custom/metadata/location.json", prmDocument(resource, origin(as)));
    // Trap (prm-priority-order): the well-known URLs would answer too, and must not be asked.
    serve(mcp, kPrmMcp, prmDocument(resource, origin(as)));
    serve(mcp, kPrmRoot, prmDocument(origin(mcp), origin(as)));
    serve(as, kOAuthRoot, asDocument(origin(as), origin(as)));

    HttpClient http(fastOptions());
    const QUrl challengeUrl = mcp.url(QStringLiteral("/custom/metadata/location.json"));
    const Run run =
        discoverAndWait(http, inputFor(mcp.url(QStringLiteral("/mcp")), challengeUrl.toString(QUrl::FullyEncoded)));
    QVERIFY2(run.result && run.result->ok(), describe(run).constData());

    QCOMPARE(targets(mcp), QList<QByteArray>{"/custom/metadata/location.json"});
    QCOMPARE(targets(as), QList<QByteArray>{kOAuthRoot});
    const Outcome &outcome = run.result->value();
    QVERIFY(outcome.resourceMetadata.has_value());
    QCOMPARE(outcome.resource, resource);
    QCOMPARE(outcome.resourceMetadataUrl, challengeUrl);
    QCOMPARE(outcome.authServerMetadataUrl, as.url(QString::fromLatin1(kOAuthRoot)));
    QCOMPARE(outcome.authServer.issuer(), origin(as));
    QCOMPARE(outcome.authServer.tokenEndpoint(), as.url(QStringLiteral("/token")));
}

// Requirements AUTH-2 step 1: the TS SDK does not fall back from a header URL; a 404 there is a failure, not "no PRM"
// (no root PRM request — prm-priority-order — and no 2025-03-26 AS metadata request either).
void TestAuthorizationDiscovery::failsOnChallengeUrlNotFoundWithoutProbingWellKnownUrls()
{
    Server mcp;
    QVERIFY(mcp.listen());
    serve(mcp, kPrmRoot, prmDocument(origin(mcp), origin(mcp)));
    serve(mcp, kOAuthRoot, asDocument(origin(mcp), origin(mcp)));

    HttpClient http(fastOptions());
    const Run run = discoverAndWait(
        http, inputFor(mcp.url(QStringLiteral("/mcp")), mcp.url(QStringLiteral("/missing.json")).toString()));
    QVERIFY(run.result.has_value());
    QVERIFY(!run.result->ok());
    QCOMPARE(run.result->error().code(), ErrorCode::DiscoveryFailed);
    QCOMPARE(run.result->error().httpStatus(), 404);
    QCOMPARE(targets(mcp), QList<QByteArray>{"/missing.json"});
}

// Requirements AUTH-2 steps 2 and 3 (conformance auth/metadata-var2): path-inserted first, then the root.
void TestAuthorizationDiscovery::probesPathInsertedThenRoot()
{
    Server mcp;
    Server as;
    QVERIFY(mcp.listen());
    QVERIFY(as.listen());
    // Requirements AUTH-2: a PRM found at the root names the origin as its resource (requirements AUTH-5 same-origin
    // prefix).
    serve(mcp, kPrmRoot, prmDocument(origin(mcp), origin(as)));
    serve(as, kOAuthRoot, asDocument(origin(as), origin(as)));

    HttpClient http(fastOptions());
    const Run run = discoverAndWait(http, inputFor(mcp.url(QStringLiteral("/mcp"))));
    QVERIFY2(run.result && run.result->ok(), describe(run).constData());
    QCOMPARE(targets(mcp), (QList<QByteArray>{kPrmMcp, kPrmRoot}));
    QCOMPARE(targets(as), QList<QByteArray>{kOAuthRoot});
    // Requirements AUTH-5; RFC 8707 §2: the PRM's resource as written, not the server URL.
    QCOMPARE(run.result->value().resource, origin(mcp));
    QCOMPARE(run.result->value().resourceMetadataUrl, mcp.url(QString::fromLatin1(kPrmRoot)));
}

// Requirements AUTH-2 step 2 (conformance auth/metadata-var1): found at the path-inserted URL, so the root is never
// asked.
void TestAuthorizationDiscovery::stopsAtPathInsertedWhenItAnswers()
{
    Server mcp;
    Server as;
    QVERIFY(mcp.listen());
    QVERIFY(as.listen());
    serve(mcp, kPrmMcp, prmDocument(origin(mcp) + QStringLiteral("/mcp"), origin(as)));
    serve(mcp, kPrmRoot, prmDocument(origin(mcp), origin(as)));
    serve(as, kOAuthRoot, asDocument(origin(as), origin(as)));

    HttpClient http(fastOptions());
    const Run run = discoverAndWait(http, inputFor(mcp.url(QStringLiteral("/mcp"))));
    QVERIFY2(run.result && run.result->ok(), describe(run).constData());
    QCOMPARE(targets(mcp), QList<QByteArray>{kPrmMcp});
    QCOMPARE(run.result->value().resource, origin(mcp) + QStringLiteral("/mcp"));
}

// Requirements AUTH-2: a server URL without a path has one PRM URL (steps 2 and 3 coincide): asked once.
void TestAuthorizationDiscovery::requestsOnePrmUrlForServerWithoutPath()
{
    Server mcp;
    QVERIFY(mcp.listen());
    HttpClient http(fastOptions());
    const Run run = discoverAndWait(http, inputFor(QUrl(origin(mcp)), {}, /*legacy=*/false));
    QVERIFY(run.result.has_value());
    QVERIFY(!run.result->ok());
    QCOMPARE(targets(mcp), QList<QByteArray>{kPrmRoot});
}

void TestAuthorizationDiscovery::stopsOnResourceMismatchBeforeAnyAuthServerRequest_data()
{
    QTest::addColumn<QString>("resourceTemplate"); // %1 = the MCP origin
    QTest::newRow("other origin (auth/resource-mismatch)") << QStringLiteral("https://evil.example.com/mcp");
    QTest::newRow("other port") << QStringLiteral("http://127.0.0.1:1/mcp");
    QTest::newRow("other path") << QStringLiteral("%1/other");
}

// Requirements ATTACK-2, AUTH-5 (conformance auth/resource-mismatch): the document is not used, and nothing it names is
// contacted.
void TestAuthorizationDiscovery::stopsOnResourceMismatchBeforeAnyAuthServerRequest()
{
    QFETCH(QString, resourceTemplate);
    Server mcp;
    Server as;
    QVERIFY(mcp.listen());
    QVERIFY(as.listen());
    const QString resource =
        resourceTemplate.contains(QStringLiteral("%1")) ? resourceTemplate.arg(origin(mcp)) : resourceTemplate;
    serve(mcp, kPrmMcp, prmDocument(resource, origin(as)));
    serve(as, kOAuthRoot, asDocument(origin(as), origin(as)));

    HttpClient http(fastOptions());
    const Run run = discoverAndWait(http, inputFor(mcp.url(QStringLiteral("/mcp"))));
    QVERIFY(run.result.has_value());
    QVERIFY(!run.result->ok());
    QCOMPARE(run.result->error().code(), ErrorCode::ResourceMismatch);
    QCOMPARE(targets(mcp), QList<QByteArray>{kPrmMcp});
    QCOMPARE(as.requests().size(), 0);
}

void TestAuthorizationDiscovery::triesIssuerWithPathCandidatesInOrderAndNeverRoot_data()
{
    QTest::addColumn<int>("answering"); // which candidate serves the document
    QTest::newRow("RFC 8414 path inserted (auth/metadata-var2)") << 0;
    QTest::newRow("OIDC path inserted") << 1;
    QTest::newRow("OIDC path appended (auth/metadata-var3)") << 2;
}

// Requirements AUTH-2, AUTH-8: issuer https://as/tenant1 → three candidates in order, and never the root forms (trap 2,
// authorization-server-metadata-wrong-path), even though the root would answer.
void TestAuthorizationDiscovery::triesIssuerWithPathCandidatesInOrderAndNeverRoot()
{
    QFETCH(int, answering);
    Server mcp;
    Server as;
    QVERIFY(mcp.listen());
    QVERIFY(as.listen());
    const QString issuer = origin(as) + QStringLiteral("/tenant1");
    serve(mcp, kPrmMcp, prmDocument(origin(mcp) + QStringLiteral("/mcp"), issuer));
    const QList<QByteArray> candidates = {
        "/.well-known/oauth-authorization-server/tenant1",
        "/.well-known/openid-configuration/tenant1",
        "/tenant1/.well-known/openid-configuration",
    };
    serve(as, candidates.at(answering), asDocument(issuer, issuer));
    serve(as, kOAuthRoot, asDocument(origin(as), origin(as)));
    serve(as, kOidcRoot, asDocument(origin(as), origin(as)));

    HttpClient http(fastOptions());
    const Run run = discoverAndWait(http, inputFor(mcp.url(QStringLiteral("/mcp"))));
    QVERIFY2(run.result && run.result->ok(), describe(run).constData());
    QCOMPARE(targets(as), candidates.first(answering + 1));
    const Outcome &outcome = run.result->value();
    QCOMPARE(outcome.authServer.issuer(), issuer);
    QCOMPARE(outcome.authServer.authorizationEndpoint(), as.url(QStringLiteral("/tenant1/authorize")));
    QCOMPARE(outcome.authServerMetadataUrl, as.url(QString::fromLatin1(candidates.at(answering))));
    QCOMPARE(outcome.authServer.provenance(), answering == 0 ? AuthServerMetadata::Provenance::OAuthDiscovery
                                                             : AuthServerMetadata::Provenance::OpenIdDiscovery);
}

// Requirements AUTH-2: the three candidates all 404 → DiscoveryFailed naming the issuer; still no root request, and no
// synthesized metadata for an issuer a PRM named (2026-07-28 ASD).
void TestAuthorizationDiscovery::failsWhenNoCandidateOfIssuerWithPathAnswers()
{
    Server mcp;
    Server as;
    QVERIFY(mcp.listen());
    QVERIFY(as.listen());
    const QString issuer = origin(as) + QStringLiteral("/tenant1");
    serve(mcp, kPrmMcp, prmDocument(origin(mcp) + QStringLiteral("/mcp"), issuer));
    serve(as, kOAuthRoot, asDocument(origin(as), origin(as)));

    HttpClient http(fastOptions());
    const Run run = discoverAndWait(http, inputFor(mcp.url(QStringLiteral("/mcp"))));
    QVERIFY(run.result.has_value());
    QVERIFY(!run.result->ok());
    QCOMPARE(run.result->error().code(), ErrorCode::DiscoveryFailed);
    QVERIFY2(run.result->error().message().contains(issuer), qPrintable(run.result->error().message()));
    QCOMPARE(targets(as), (QList<QByteArray>{"/.well-known/oauth-authorization-server/tenant1",
                                             "/.well-known/openid-configuration/tenant1",
                                             "/tenant1/.well-known/openid-configuration"}));
}

// Requirements AUTH-2 issuer without a path (conformance auth/metadata-var1): RFC 8414, then OIDC.
void TestAuthorizationDiscovery::triesOAuthThenOidcForIssuerWithoutPath()
{
    Server mcp;
    Server as;
    QVERIFY(mcp.listen());
    QVERIFY(as.listen());
    serve(mcp, kPrmMcp, prmDocument(origin(mcp) + QStringLiteral("/mcp"), origin(as)));
    serve(as, kOidcRoot, asDocument(origin(as), origin(as)));

    HttpClient http(fastOptions());
    const Run run = discoverAndWait(http, inputFor(mcp.url(QStringLiteral("/mcp"))));
    QVERIFY2(run.result && run.result->ok(), describe(run).constData());
    QCOMPARE(targets(as), (QList<QByteArray>{kOAuthRoot, kOidcRoot}));
    QCOMPARE(run.result->value().authServer.provenance(), AuthServerMetadata::Provenance::OpenIdDiscovery);
}

void TestAuthorizationDiscovery::discardsMetadataWithMismatchedIssuer_data()
{
    QTest::addColumn<QString>("suffix"); // appended to the AS origin to make the document's issuer
    QTest::addColumn<bool>("otherHost");
    QTest::newRow("trailing slash") << QStringLiteral("/") << false;
    QTest::newRow("attacker issuer") << QString() << true;
}

// Requirements ATTACK-1; RFC 8414 §3.3: the document is discarded whole — no request reaches any endpoint it lists
// (they are routed on the AS itself here, so a request would be recorded) — and the error names the issuer mismatch.
void TestAuthorizationDiscovery::discardsMetadataWithMismatchedIssuer()
{
    QFETCH(QString, suffix);
    QFETCH(bool, otherHost);
    Server mcp;
    Server as;
    QVERIFY(mcp.listen());
    QVERIFY(as.listen());
    serve(mcp, kPrmMcp, prmDocument(origin(mcp) + QStringLiteral("/mcp"), origin(as)));
    const QString documentIssuer = otherHost ? QStringLiteral("https://attacker.example.com") : origin(as) + suffix;
    serve(as, kOAuthRoot, asDocument(documentIssuer, origin(as) + QStringLiteral("/attacker")));
    serve(as, kOidcRoot, asDocument(origin(as), origin(as)));

    HttpClient http(fastOptions());
    const Run run = discoverAndWait(http, inputFor(mcp.url(QStringLiteral("/mcp"))));
    QVERIFY(run.result.has_value());
    QVERIFY(!run.result->ok());
    QCOMPARE(run.result->error().code(), ErrorCode::MetadataIssuerMismatch);
    // A bad document ends discovery: not even the next candidate (which would be valid) is asked.
    QCOMPARE(targets(as), QList<QByteArray>{kOAuthRoot});
}

void TestAuthorizationDiscovery::refusesAuthServerWithoutS256_data()
{
    QTest::addColumn<QJsonValue>("methods"); // undefined = member absent
    QTest::newRow("absent") << QJsonValue(QJsonValue::Undefined);
    QTest::newRow("empty") << QJsonValue(QJsonArray{});
    QTest::newRow("plain only") << QJsonValue(QJsonArray{QStringLiteral("plain")});
}

// Requirements ATTACK-3, AUTH-11 (auth/pkce-no-s256-support): PkceUnsupported, and nothing after discovery.
void TestAuthorizationDiscovery::refusesAuthServerWithoutS256()
{
    QFETCH(QJsonValue, methods);
    Server mcp;
    Server as;
    QVERIFY(mcp.listen());
    QVERIFY(as.listen());
    serve(mcp, kPrmMcp, prmDocument(origin(mcp) + QStringLiteral("/mcp"), origin(as)));
    QJsonObject document = asDocument(origin(as), origin(as));
    document.remove(QStringLiteral("code_challenge_methods_supported"));
    if (!methods.isUndefined())
        document.insert(QStringLiteral("code_challenge_methods_supported"), methods);
    serve(as, kOAuthRoot, document);

    HttpClient http(fastOptions());
    const Run run = discoverAndWait(http, inputFor(mcp.url(QStringLiteral("/mcp"))));
    QVERIFY(run.result.has_value());
    QVERIFY(!run.result->ok());
    QCOMPARE(run.result->error().code(), ErrorCode::PkceUnsupported);
    QCOMPARE(targets(as), QList<QByteArray>{kOAuthRoot});
}

// Requirements SEC-2, ATTACK-8: a 302 from a metadata URL is not followed (the target records nothing); it counts as
// "not here", so the next candidate is asked.
void TestAuthorizationDiscovery::doesNotFollowRedirectFromMetadataUrl()
{
    Server mcp;
    Server as;
    Server target;
    QVERIFY(mcp.listen());
    QVERIFY(as.listen());
    QVERIFY(target.listen());
    const QUrl elsewhere = target.url(QStringLiteral("/latest/meta-data/"));
    mcp.route("GET", kPrmMcp,
              [elsewhere](const peer::HttpRequest &) { return peer::HttpResponse::redirect(elsewhere); });
    serve(mcp, kPrmRoot, prmDocument(origin(mcp), origin(as)));
    as.route("GET", kOAuthRoot,
             [elsewhere](const peer::HttpRequest &) { return peer::HttpResponse::redirect(elsewhere, 307); });
    serve(as, kOidcRoot, asDocument(origin(as), origin(as)));
    serve(target, "/latest/meta-data/", prmDocument(origin(mcp), origin(as)));

    HttpClient http(fastOptions());
    const Run run = discoverAndWait(http, inputFor(mcp.url(QStringLiteral("/mcp"))));
    QVERIFY2(run.result && run.result->ok(), describe(run).constData());
    QCOMPARE(target.requests().size(), 0);
    QCOMPARE(targets(mcp), (QList<QByteArray>{kPrmMcp, kPrmRoot}));
    QCOMPARE(targets(as), (QList<QByteArray>{kOAuthRoot, kOidcRoot}));
}

void TestAuthorizationDiscovery::statusDecidesWhetherToTryNextPrmUrl_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<bool>("triesNext");
    QTest::newRow("404 moves on") << 404 << true;
    QTest::newRow("401 moves on") << 401 << true;
    QTest::newRow("502 moves on") << 502 << true;
    QTest::newRow("500 stops") << 500 << false;
    QTest::newRow("503 stops") << 503 << false;
    QTest::newRow("204 stops") << 204 << false;
}

// Requirements AUTH-2 "when to move to the next URL": 4xx or 502 → next; other failures stop (DiscoveryFailed +
// status).
void TestAuthorizationDiscovery::statusDecidesWhetherToTryNextPrmUrl()
{
    QFETCH(int, status);
    QFETCH(bool, triesNext);
    Server mcp;
    Server as;
    QVERIFY(mcp.listen());
    QVERIFY(as.listen());
    serveStatus(mcp, kPrmMcp, status);
    serve(mcp, kPrmRoot, prmDocument(origin(mcp), origin(as)));
    serve(as, kOAuthRoot, asDocument(origin(as), origin(as)));

    HttpClient http(fastOptions());
    const Run run = discoverAndWait(http, inputFor(mcp.url(QStringLiteral("/mcp"))));
    QVERIFY(run.result.has_value());
    if (triesNext) {
        QVERIFY2(run.result->ok(), describe(run).constData());
        QCOMPARE(targets(mcp), (QList<QByteArray>{kPrmMcp, kPrmRoot}));
    } else {
        QVERIFY(!run.result->ok());
        QCOMPARE(run.result->error().code(), ErrorCode::DiscoveryFailed);
        QCOMPARE(run.result->error().httpStatus(), status);
        QCOMPARE(targets(mcp), QList<QByteArray>{kPrmMcp});
        QCOMPARE(as.requests().size(), 0);
    }
}

// Requirements AUTH-2; RFC 9728 §3.2: a 200 that is not a usable PRM ends discovery; it is not a reason to try the
// root.
void TestAuthorizationDiscovery::endsOnUnusablePrmDocumentWithoutTryingRoot()
{
    Server mcp;
    QVERIFY(mcp.listen());
    mcp.route("GET", kPrmMcp, [](const peer::HttpRequest &) { return peer::HttpResponse::html("<html></html>"); });
    serve(mcp, kPrmRoot, prmDocument(origin(mcp), origin(mcp)));

    HttpClient http(fastOptions());
    const Run run = discoverAndWait(http, inputFor(mcp.url(QStringLiteral("/mcp"))));
    QVERIFY(run.result.has_value());
    QVERIFY(!run.result->ok());
    QCOMPARE(run.result->error().code(), ErrorCode::MetadataInvalid);
    QCOMPARE(targets(mcp), QList<QByteArray>{kPrmMcp});
}

// Requirements AUTH-2: a network error ends discovery with the transport error, and the timeline says so.
void TestAuthorizationDiscovery::endsOnNetworkError()
{
    QTcpServer closed;
    QVERIFY(closed.listen(QHostAddress::LocalHost));
    const quint16 port = closed.serverPort();
    closed.close();
    const QString deadUrl = QStringLiteral("http://127.0.0.1:%1/prm").arg(port);

    HttpClient http(fastOptions());
    const Run run = discoverAndWait(http, inputFor(QUrl(QStringLiteral("http://127.0.0.1:%1/mcp").arg(port)), deadUrl));
    QVERIFY(run.result.has_value());
    QVERIFY(!run.result->ok());
    QCOMPARE(run.result->error().code(), ErrorCode::NetworkFailure);
    QCOMPARE(run.log.size(), 1);
    QVERIFY2(run.log.constFirst().startsWith(QStringLiteral("GET %1 → network error: ").arg(deadUrl)),
             qPrintable(run.log.constFirst()));
}

// Requirements AUTH-13 step 1 (conformance auth/2025-03-26-oauth-metadata-backcompat): no PRM at all → the AS metadata
// at the MCP server's origin root; the resource is the server URL's canonical form.
void TestAuthorizationDiscovery::usesRootAuthServerMetadataOfMcpOriginWhenNoPrmExists()
{
    Server mcp;
    QVERIFY(mcp.listen());
    serve(mcp, kOAuthRoot, asDocument(origin(mcp), origin(mcp) + QStringLiteral("/oauth")));

    HttpClient http(fastOptions());
    const Run run = discoverAndWait(http, inputFor(mcp.url(QStringLiteral("/mcp"))));
    QVERIFY2(run.result && run.result->ok(), describe(run).constData());
    QCOMPARE(targets(mcp), (QList<QByteArray>{kPrmMcp, kPrmRoot, kOAuthRoot}));
    const Outcome &outcome = run.result->value();
    QVERIFY(!outcome.resourceMetadata.has_value());
    QVERIFY(!outcome.resourceMetadataUrl.isValid());
    QCOMPARE(outcome.resource, origin(mcp) + QStringLiteral("/mcp"));
    QCOMPARE(outcome.authServer.issuer(), origin(mcp));
    QCOMPARE(outcome.authServer.tokenEndpoint(), mcp.url(QStringLiteral("/oauth/token")));
    QCOMPARE(outcome.authServerMetadataUrl, mcp.url(QString::fromLatin1(kOAuthRoot)));
    QVERIFY(!outcome.authServer.isSynthesized());
}

// Requirements AUTH-13 step 2 (conformance auth/2025-03-26-oauth-endpoint-fallback): nothing published → /authorize,
// /token and /register on the MCP origin. Only the RFC 8414 root URL is asked (no OIDC probing on this path).
void TestAuthorizationDiscovery::synthesizesLegacyEndpointsWhenNothingIsPublished()
{
    Server mcp;
    QVERIFY(mcp.listen());
    HttpClient http(fastOptions());
    const Run run = discoverAndWait(http, inputFor(mcp.url(QStringLiteral("/public/mcp"))));
    QVERIFY2(run.result && run.result->ok(), describe(run).constData());
    QCOMPARE(targets(mcp),
             (QList<QByteArray>{"/.well-known/oauth-protected-resource/public/mcp", kPrmRoot, kOAuthRoot}));
    const Outcome &outcome = run.result->value();
    QVERIFY(outcome.authServer.isSynthesized());
    QVERIFY(!outcome.authServerMetadataUrl.isValid());
    QCOMPARE(outcome.authServer.issuer(), origin(mcp));
    QCOMPARE(outcome.authServer.authorizationEndpoint(), mcp.url(QStringLiteral("/authorize")));
    QCOMPARE(outcome.authServer.tokenEndpoint(), mcp.url(QStringLiteral("/token")));
    QCOMPARE(outcome.authServer.registrationEndpoint(), mcp.url(QStringLiteral("/register")));
    QCOMPARE(outcome.resource, origin(mcp) + QStringLiteral("/public/mcp"));
}

// Requirements AUTH-13 is a MAY: with the fallback off, no PRM is the end (2026-07-28: "abort or use pre-configured
// values").
void TestAuthorizationDiscovery::failsWithoutPrmWhenLegacyFallbackIsOff()
{
    Server mcp;
    QVERIFY(mcp.listen());
    serve(mcp, kOAuthRoot, asDocument(origin(mcp), origin(mcp)));
    HttpClient http(fastOptions());
    const Run run = discoverAndWait(http, inputFor(mcp.url(QStringLiteral("/mcp")), {}, /*legacy=*/false));
    QVERIFY(run.result.has_value());
    QVERIFY(!run.result->ok());
    QCOMPARE(run.result->error().code(), ErrorCode::DiscoveryFailed);
    QCOMPARE(targets(mcp), (QList<QByteArray>{kPrmMcp, kPrmRoot}));
}

// Requirements SEC-11, SEC-2: every discovery request is a plain GET without Authorization or cookies, asking for JSON.
void TestAuthorizationDiscovery::sendsNoCredentialsAndAsksForJson()
{
    Server mcp;
    Server as;
    QVERIFY(mcp.listen());
    QVERIFY(as.listen());
    serve(mcp, kPrmRoot, prmDocument(origin(mcp), origin(as)));
    serve(as, kOidcRoot, asDocument(origin(as), origin(as)));

    HttpClient http(fastOptions());
    const Run run = discoverAndWait(http, inputFor(mcp.url(QStringLiteral("/mcp"))));
    QVERIFY2(run.result && run.result->ok(), describe(run).constData());
    QList<peer::HttpRequest> all = mcp.requests();
    all.append(as.requests());
    QCOMPARE(all.size(), 4);
    for (const peer::HttpRequest &request : std::as_const(all)) {
        QCOMPARE(request.method, QByteArray("GET"));
        QCOMPARE(request.header("Accept"), QByteArray("application/json"));
        QVERIFY(request.header("Authorization").isEmpty());
        QVERIFY(request.header("Cookie").isEmpty());
        QVERIFY(request.body.isEmpty());
    }
}

// The sign-in timeline: one line per request, URL and status, in order.
void TestAuthorizationDiscovery::logsOneLinePerRequest()
{
    Server mcp;
    Server as;
    QVERIFY(mcp.listen());
    QVERIFY(as.listen());
    serve(mcp, kPrmRoot, prmDocument(origin(mcp), origin(as)));
    serve(as, kOAuthRoot, asDocument(origin(as), origin(as)));

    HttpClient http(fastOptions());
    const Run run = discoverAndWait(http, inputFor(mcp.url(QStringLiteral("/mcp"))));
    QVERIFY2(run.result && run.result->ok(), describe(run).constData());
    const QStringList expected = {
        QStringLiteral("GET %1%2 → 404").arg(origin(mcp), QString::fromLatin1(kPrmMcp)),
        QStringLiteral("GET %1%2 → 200").arg(origin(mcp), QString::fromLatin1(kPrmRoot)),
        QStringLiteral("GET %1%2 → 200").arg(origin(as), QString::fromLatin1(kOAuthRoot)),
    };
    QCOMPARE(run.log, expected);
}

// docs/architecture.md, "Async and errors": the callback never runs synchronously, not even for an error found before
// any request (requirements SEC-1: an http resource_metadata URL to a remote host is refused without contacting
// anything).
void TestAuthorizationDiscovery::reportsUpFrontErrorsAsynchronously()
{
    HttpClient http(fastOptions());
    AuthorizationDiscovery discovery(http);
    QObject context;
    std::optional<Result<Outcome>> result;
    bool returned = false;
    bool calledBeforeReturn = false;
    discovery.discover(inputFor(QUrl(QStringLiteral("https://mcp.example.com/mcp")),
                                QStringLiteral("http://attacker.example.com/prm")),
                       {}, &context, [&](Result<Outcome> r) {
                           calledBeforeReturn = !returned;
                           result.emplace(std::move(r));
                       });
    returned = true;
    QVERIFY(!result.has_value());
    QTRY_VERIFY(result.has_value());
    QVERIFY(!calledBeforeReturn);
    QVERIFY(!result->ok());
    QCOMPARE(result->error().code(), ErrorCode::DiscoveryFailed);
}

void TestAuthorizationDiscovery::canonicalResourceNormalizesOnlyWhatRfc8707Allows_data()
{
    QTest::addColumn<QString>("serverUrl");
    QTest::addColumn<QString>("expected");
    QTest::newRow("upper-case scheme and host lowered")
        << QStringLiteral("HTTPS://MCP.Example.COM/Path/MCP") << QStringLiteral("https://mcp.example.com/Path/MCP");
    QTest::newRow("default https port dropped")
        << QStringLiteral("https://mcp.example.com:443/mcp") << QStringLiteral("https://mcp.example.com/mcp");
    QTest::newRow("default http port dropped")
        << QStringLiteral("http://127.0.0.1:80/mcp") << QStringLiteral("http://127.0.0.1/mcp");
    QTest::newRow("other port kept") << QStringLiteral("https://mcp.example.com:8443/mcp")
                                     << QStringLiteral("https://mcp.example.com:8443/mcp");
    QTest::newRow("fragment dropped") << QStringLiteral("https://mcp.example.com/mcp#top")
                                      << QStringLiteral("https://mcp.example.com/mcp");
    QTest::newRow("no path: no slash added")
        << QStringLiteral("https://mcp.example.com") << QStringLiteral("https://mcp.example.com");
    QTest::newRow("trailing slash kept") << QStringLiteral("https://mcp.example.com/mcp/")
                                         << QStringLiteral("https://mcp.example.com/mcp/");
    QTest::newRow("query kept") << QStringLiteral("https://mcp.example.com/mcp?tenant=a")
                                << QStringLiteral("https://mcp.example.com/mcp?tenant=a");
}

// Requirements AUTH-27 / RFC 8707 §2: the legacy-path `resource`.
void TestAuthorizationDiscovery::canonicalResourceNormalizesOnlyWhatRfc8707Allows()
{
    QFETCH(QString, serverUrl);
    QFETCH(QString, expected);
    QCOMPARE(AuthorizationDiscovery::canonicalResource(QUrl(serverUrl, QUrl::StrictMode)), expected);
}

QTEST_GUILESS_MAIN(TestAuthorizationDiscovery)
#include "tst_authorizationdiscovery.moc"
