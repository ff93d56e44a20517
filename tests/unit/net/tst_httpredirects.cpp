// Redirects followed by hand, hop by hop (docs/architecture.md, "Security rules"): the method rules of RFC 9110 §15.4,
// the URL policy on every hop, credentials that never cross origins, a hop limit, relative locations, and one
// exchange-log record per hop. Every assertion is on what the loopback servers actually received.

#include "loopbackhttpserver.h"
#include "net/httpclient.h"
#include "nettesting.h"

#include <QTest>

using namespace portico;
using namespace std::chrono_literals;
namespace peer = portico::testing;
using portico::testing::fastOptions;

namespace {

using Server = peer::LoopbackHttpServer;

peer::HttpResponse ok(const peer::HttpRequest &)
{
    return peer::HttpResponse{200, {{"Content-Type", "text/plain"}}, "landed"};
}

const HttpHeaders kCredentialHeaders = {
    {"Authorization", "Bearer at-123"},
    {"Proxy-Authorization", "Basic cHJveHk6cHc="},
    {"Cookie", "sid=abc"},
    {"Mcp-Session-Id", "session-1"},
    {"X-Api-Key", "key-1"},
    {"DPoP", "proof"},
};

} // namespace

class TestHttpRedirects : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void rewritesMethodPerStatus_data();
    void rewritesMethodPerStatus();
    void dropsCredentialsOnCrossOriginRedirect();
    void keepsCredentialsOnSameOriginRedirect();
    void keepsCredentialsDroppedWhenChainReturns();
    void refusesRedirectBreakingThePolicy_data();
    void refusesRedirectBreakingThePolicy();
    void limitsNumberOfRedirects_data();
    void limitsNumberOfRedirects();
    void resolvesRelativeLocation_data();
    void resolvesRelativeLocation();
    void returnsRedirectWhenNotFollowing();
    void returnsRedirectWithoutLocationAsResponse_data();
    void returnsRedirectWithoutLocationAsResponse();
    void logsOneRecordPerHop();
};

void TestHttpRedirects::rewritesMethodPerStatus_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QByteArray>("expectedMethod");
    QTest::addColumn<bool>("bodyKept");
    // RFC 9110 §15.4.4: 303 -> GET, always.
    QTest::newRow("303 POST -> GET") << 303 << QByteArray("POST") << QByteArray("GET") << false;
    QTest::newRow("303 PUT -> GET") << 303 << QByteArray("PUT") << QByteArray("GET") << false;
    QTest::newRow("303 GET stays GET") << 303 << QByteArray("GET") << QByteArray("GET") << false;
    // §15.4.2/§15.4.3: 301/302 turn non-GET/HEAD requests into GET.
    QTest::newRow("301 POST -> GET") << 301 << QByteArray("POST") << QByteArray("GET") << false;
    QTest::newRow("302 POST -> GET") << 302 << QByteArray("POST") << QByteArray("GET") << false;
    QTest::newRow("302 DELETE -> GET") << 302 << QByteArray("DELETE") << QByteArray("GET") << false;
    QTest::newRow("301 GET stays GET") << 301 << QByteArray("GET") << QByteArray("GET") << false;
    // §15.4.8/§15.4.9: 307/308 keep method and body.
    QTest::newRow("307 POST keeps body") << 307 << QByteArray("POST") << QByteArray("POST") << true;
    QTest::newRow("308 PUT keeps body") << 308 << QByteArray("PUT") << QByteArray("PUT") << true;
    QTest::newRow("307 PATCH keeps body") << 307 << QByteArray("PATCH") << QByteArray("PATCH") << true;
}

void TestHttpRedirects::rewritesMethodPerStatus()
{
    QFETCH(int, status);
    QFETCH(QByteArray, method);
    QFETCH(QByteArray, expectedMethod);
    QFETCH(bool, bodyKept);
    Server server;
    QVERIFY(server.listen());
    server.route(method, "/submit", [&server, status](const peer::HttpRequest &) {
        return peer::HttpResponse::redirect(server.url(QStringLiteral("/result")), status);
    });
    server.route(expectedMethod, "/result", ok);
    HttpClient client(fastOptions());
    HttpRequest request = nettest::request(server.url(QStringLiteral("/submit")), method);
    const QByteArray body = R"({"jsonrpc":"2.0","id":1,"method":"ping"})";
    if (method != "GET") {
        request.body = body;
        request.headers = {{"Content-Type", "application/json"}};
    }
    const Result<HttpResponse> result = nettest::sendAndWait(client, request);
    QVERIFY2(result.ok(), nettest::describe(result).constData());
    QCOMPARE(result.value().status, 200);
    QCOMPARE(result.value().url, server.url(QStringLiteral("/result")));

    QCOMPARE(server.requests().size(), 2);
    const peer::HttpRequest &second = server.requests().at(1);
    QCOMPARE(second.method, expectedMethod);
    QCOMPARE(second.path(), QByteArray("/result"));
    if (bodyKept) {
        QCOMPARE(second.body, body);
        QCOMPARE(second.header("Content-Type"), QByteArray("application/json"));
    } else {
        QVERIFY(second.body.isEmpty());
        QVERIFY(second.header("Content-Type").isEmpty()); // body headers go with the body
    }
}

void TestHttpRedirects::dropsCredentialsOnCrossOriginRedirect()
{
    Server origin;
    Server other; // same host, other port: another origin (RFC 6454 §4)
    QVERIFY(origin.listen());
    QVERIFY(other.listen());
    origin.route("GET", "/start", [&other](const peer::HttpRequest &) {
        return peer::HttpResponse::redirect(other.url(QStringLiteral("/landing")), 302);
    });
    other.route("GET", "/landing", ok);
    HttpClient client(fastOptions());
    HttpRequest request = nettest::request(origin.url(QStringLiteral("/start")));
    request.headers = kCredentialHeaders;
    request.headers.append(qMakePair(QByteArray("X-Trace"), QByteArray("trace-1")));
    request.headers.append(qMakePair(QByteArray("Accept"), QByteArray("application/json")));
    const Result<HttpResponse> result = nettest::sendAndWait(client, request);
    QVERIFY2(result.ok(), nettest::describe(result).constData());

    QCOMPARE(origin.requests().size(), 1);
    QCOMPARE(origin.requests().constFirst().header("Authorization"), QByteArray("Bearer at-123"));
    QCOMPARE(other.requests().size(), 1);
    const peer::HttpRequest &landed = other.requests().constFirst();
    for (const auto &[name, value] : kCredentialHeaders)
        QVERIFY2(landed.header(name).isEmpty(), name.constData());
    QCOMPARE(landed.header("X-Trace"), QByteArray("trace-1"));
    QCOMPARE(landed.header("Accept"), QByteArray("application/json"));
}

void TestHttpRedirects::keepsCredentialsOnSameOriginRedirect()
{
    Server server;
    QVERIFY(server.listen());
    server.route("GET", "/start", [&server](const peer::HttpRequest &) {
        return peer::HttpResponse::redirect(server.url(QStringLiteral("/landing")), 307);
    });
    server.route("GET", "/landing", ok);
    HttpClient client(fastOptions());
    HttpRequest request = nettest::request(server.url(QStringLiteral("/start")));
    request.headers = kCredentialHeaders;
    const Result<HttpResponse> result = nettest::sendAndWait(client, request);
    QVERIFY2(result.ok(), nettest::describe(result).constData());
    QCOMPARE(server.requests().size(), 2);
    const peer::HttpRequest &landed = server.requests().at(1);
    QCOMPARE(landed.path(), QByteArray("/landing"));
    for (const auto &[name, value] : kCredentialHeaders)
        QCOMPARE(landed.header(name), value);
}

void TestHttpRedirects::keepsCredentialsDroppedWhenChainReturns()
{
    Server origin;
    Server other;
    QVERIFY(origin.listen());
    QVERIFY(other.listen());
    origin.route("GET", "/start", [&other](const peer::HttpRequest &) {
        return peer::HttpResponse::redirect(other.url(QStringLiteral("/bounce")), 302);
    });
    other.route("GET", "/bounce", [&origin](const peer::HttpRequest &) {
        return peer::HttpResponse::redirect(origin.url(QStringLiteral("/landing")), 302);
    });
    origin.route("GET", "/landing", ok);
    HttpClient client(fastOptions());
    HttpRequest request = nettest::request(origin.url(QStringLiteral("/start")));
    request.headers = {{"Authorization", "Bearer at-123"}};
    const Result<HttpResponse> result = nettest::sendAndWait(client, request);
    QVERIFY2(result.ok(), nettest::describe(result).constData());
    QCOMPARE(origin.requests().size(), 2);
    QCOMPARE(origin.requests().at(1).path(), QByteArray("/landing"));
    QVERIFY(origin.requests().at(1).header("Authorization").isEmpty());
}

void TestHttpRedirects::refusesRedirectBreakingThePolicy_data()
{
    QTest::addColumn<QByteArray>("location");
    QTest::newRow("http to a remote host") << QByteArray("http://mcp.example.com/mcp");
    QTest::newRow("http to a private address") << QByteArray("http://192.168.1.10/");
    QTest::newRow("ftp") << QByteArray("ftp://127.0.0.1/file");
    QTest::newRow("file") << QByteArray("file:///etc/passwd");
    QTest::newRow("userinfo") << QByteArray("https://user:pw@mcp.example.com/");
}

void TestHttpRedirects::refusesRedirectBreakingThePolicy()
{
    QFETCH(QByteArray, location);
    Server server;
    QVERIFY(server.listen());
    server.route("GET", "/start", [location](const peer::HttpRequest &) {
        return peer::HttpResponse{302, {{"Location", location}}, {}};
    });
    HttpClient client(fastOptions());
    const Result<HttpResponse> result =
        nettest::sendAndWait(client, nettest::request(server.url(QStringLiteral("/start"))));
    QVERIFY2(!result.ok(), nettest::describe(result).constData());
    QCOMPARE(result.error().code(), ErrorCode::RedirectRejected);
    QVERIFY(!result.error().message().isEmpty());
    QVERIFY(!result.error().toString().contains(QStringLiteral(":pw@")));
    // The refused hop is in the log, with its 302 and the reason.
    QCOMPARE(client.exchangeLog().records().size(), 1);
    QCOMPARE(client.exchangeLog().records().constFirst().status, 302);
    QVERIFY(!client.exchangeLog().records().constFirst().error.isEmpty());
}

void TestHttpRedirects::limitsNumberOfRedirects_data()
{
    QTest::addColumn<int>("chainLength");
    QTest::addColumn<bool>("succeeds");
    QTest::newRow("as many as allowed") << 3 << true;
    QTest::newRow("one more than allowed") << 4 << false;
    QTest::newRow("endless loop") << 1000 << false;
}

void TestHttpRedirects::limitsNumberOfRedirects()
{
    QFETCH(int, chainLength);
    QFETCH(bool, succeeds);
    Server server;
    QVERIFY(server.listen());
    // /hop?n=k redirects to /hop?n=k+1 until n reaches chainLength, which answers 200.
    server.route("GET", "/hop", [&server, chainLength](const peer::HttpRequest &request) {
        const int n = request.target.mid(request.target.indexOf("n=") + 2).toInt();
        if (n >= chainLength)
            return ok(request);
        return peer::HttpResponse::redirect(server.url(QStringLiteral("/hop?n=%1").arg(n + 1)), 302);
    });
    HttpClient::Options options = fastOptions();
    options.maxRedirects = 3;
    HttpClient client(options);
    const Result<HttpResponse> result =
        nettest::sendAndWait(client, nettest::request(server.url(QStringLiteral("/hop?n=0"))));
    QCOMPARE(result.ok(), succeeds);
    if (succeeds) {
        QCOMPARE(result.value().status, 200);
        QCOMPARE(server.requests().size(), 4); // the request and its three redirects
    } else {
        QCOMPARE(result.error().code(), ErrorCode::RedirectRejected);
        QCOMPARE(server.requests().size(), 4); // the fourth redirect is never followed
    }
}

void TestHttpRedirects::resolvesRelativeLocation_data()
{
    QTest::addColumn<QByteArray>("location");
    QTest::addColumn<QByteArray>("expectedTarget");
    QTest::newRow("absolute path") << QByteArray("/landing?x=1") << QByteArray("/landing?x=1");
    QTest::newRow("relative path") << QByteArray("landing") << QByteArray("/a/landing");
    QTest::newRow("dot segments") << QByteArray("../b/./landing") << QByteArray("/b/landing");
    QTest::newRow("query only") << QByteArray("?page=2") << QByteArray("/a/start?page=2");
}

void TestHttpRedirects::resolvesRelativeLocation()
{
    QFETCH(QByteArray, location);
    QFETCH(QByteArray, expectedTarget);
    Server server;
    QVERIFY(server.listen());
    server.route("GET", "/a/start", [location](const peer::HttpRequest &request) {
        if (request.target != "/a/start")
            return ok(request); // the "?page=2" row lands on the same path
        return peer::HttpResponse{302, {{"Location", location}}, {}};
    });
    const QByteArray landingPath =
        expectedTarget.left(expectedTarget.indexOf('?') < 0 ? expectedTarget.size() : expectedTarget.indexOf('?'));
    if (landingPath != "/a/start")
        server.route("GET", landingPath, ok);
    HttpClient client(fastOptions());
    const Result<HttpResponse> result =
        nettest::sendAndWait(client, nettest::request(server.url(QStringLiteral("/a/start"))));
    QVERIFY2(result.ok(), nettest::describe(result).constData());
    QCOMPARE(result.value().status, 200);
    QCOMPARE(server.requests().size(), 2);
    QCOMPARE(server.requests().at(1).target, expectedTarget);
    QCOMPARE(result.value().url, server.url(QString::fromLatin1(expectedTarget)));
}

void TestHttpRedirects::returnsRedirectWhenNotFollowing()
{
    Server server;
    QVERIFY(server.listen());
    server.route("GET", "/start", [&server](const peer::HttpRequest &) {
        return peer::HttpResponse::redirect(server.url(QStringLiteral("/landing")), 302);
    });
    server.route("GET", "/landing", ok);
    HttpClient client(fastOptions());
    HttpRequest request = nettest::request(server.url(QStringLiteral("/start")));
    request.followRedirects = false;
    const Result<HttpResponse> result = nettest::sendAndWait(client, request);
    QVERIFY2(result.ok(), nettest::describe(result).constData());
    QCOMPARE(result.value().status, 302);
    QCOMPARE(result.value().header("Location"), server.url(QStringLiteral("/landing")).toEncoded());
    QCOMPARE(server.requests().size(), 1);
}

void TestHttpRedirects::returnsRedirectWithoutLocationAsResponse_data()
{
    QTest::addColumn<int>("status");
    QTest::newRow("302 without Location") << 302;
    QTest::newRow("300 Multiple Choices") << 300;
}

void TestHttpRedirects::returnsRedirectWithoutLocationAsResponse()
{
    QFETCH(int, status);
    Server server;
    QVERIFY(server.listen());
    server.route("GET", "/start", [status](const peer::HttpRequest &) {
        return peer::HttpResponse{status, {{"Content-Type", "text/plain"}}, "choose"};
    });
    HttpClient client(fastOptions());
    const Result<HttpResponse> result =
        nettest::sendAndWait(client, nettest::request(server.url(QStringLiteral("/start"))));
    QVERIFY2(result.ok(), nettest::describe(result).constData());
    QCOMPARE(result.value().status, status);
    QCOMPARE(result.value().body, QByteArray("choose"));
}

void TestHttpRedirects::logsOneRecordPerHop()
{
    Server server;
    QVERIFY(server.listen());
    server.route("POST", "/submit", [&server](const peer::HttpRequest &) {
        return peer::HttpResponse::redirect(server.url(QStringLiteral("/result")), 303);
    });
    server.route("GET", "/result", ok);
    HttpClient client(fastOptions());
    HttpRequest request = nettest::request(server.url(QStringLiteral("/submit")), "POST");
    request.purpose = QStringLiteral("registration");
    request.body = "a=1";
    request.headers = {{"Content-Type", "application/x-www-form-urlencoded"}};
    QVERIFY(nettest::sendAndWait(client, request).ok());

    const QList<ExchangeRecord> &records = client.exchangeLog().records();
    QCOMPARE(records.size(), 2);
    QCOMPARE(records.at(0).method, QByteArray("POST"));
    QCOMPARE(records.at(0).status, 303);
    QCOMPARE(records.at(0).requestBytes, 3);
    QCOMPARE(records.at(1).method, QByteArray("GET"));
    QCOMPARE(records.at(1).status, 200);
    QCOMPARE(records.at(1).requestBytes, 0);
    QCOMPARE(records.at(1).responseBytes, 6);
    QCOMPARE(records.at(1).url, server.url(QStringLiteral("/result")).toString());
    for (const ExchangeRecord &record : records) {
        QCOMPARE(record.purpose, QStringLiteral("registration"));
        QVERIFY(record.error.isEmpty());
        QVERIFY(record.started.isValid());
    }
}

QTEST_GUILESS_MAIN(TestHttpRedirects)
#include "tst_httpredirects.moc"
