// HttpClient against a real loopback HTTP server: the callback contract (once, never synchronous, never
// after the context died), abort, statuses as responses, transport error mapping, body limits, the three
// time limits, streaming, and an exchange log that never holds a secret (docs/architecture.md, "Async and errors",
// "Security rules").

#include "common/appidentity.h"
#include "loopbackhttpserver.h"
#include "net/httpclient.h"
#include "nettesting.h"

#include <QPointer>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>
#include <QTimer>

using namespace portico;
using namespace std::chrono_literals;
namespace peer = portico::testing;
using portico::testing::fastOptions;

namespace {

using Server = peer::LoopbackHttpServer;

// A route that accepts the request and then never answers.
void stall(Server &server, const QByteArray &path)
{
    server.routeStream("GET", path, [](const peer::HttpRequest &, QTcpSocket *) {});
}

} // namespace

class TestHttpClient : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void returnsHttpErrorStatusesAsResponses_data();
    void returnsHttpErrorStatusesAsResponses();
    void sendsMethodHeadersAndBodyAsGiven();
    void sendsPorticoUserAgentAndNeverAuthorization();
    void keepsCallerUserAgent();
    void refusesUrlsBreakingThePolicyWithoutConnecting_data();
    void refusesUrlsBreakingThePolicyWithoutConnecting();
    void callbackRunsOnceAndNeverSynchronously_data();
    void callbackRunsOnceAndNeverSynchronously();
    void callbackNeverRunsAfterContextIsDestroyed();
    void abortReportsCancelledExactlyOnce();
    void abortOfSentRequestCallsBackCancelledOnce();
    void abortBeforeStartSendsNothing();
    void abortFromSignalHandlersEndsOnce_data();
    void abortFromSignalHandlersEndsOnce();
    void destroyingClientEndsExchangesSilently();
    void neverStoresOrReplaysCookies();
    void mapsRefusedConnectionToNetworkFailure();
    void mapsTruncatedBodyToNetworkFailure();
    void rejectsAnnouncedOversizeBodyBeforeReadingIt();
    void rejectsStreamedBodyBeyondLimit();
    void acceptsBodyExactlyAtLimit();
    void streamingIsNotBoundByBodyLimit();
    void enforcesTimeLimits_data();
    void enforcesTimeLimits();
    void streamingHasNoIdleTimeout();
    void streamingHonoursRequestTotalTimeout();
    void streamingDeliversChunksBeforeResponseEnds();
    void exchangeLogHoldsNoSecret();
};

void TestHttpClient::returnsHttpErrorStatusesAsResponses_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("challenge");
    QTest::newRow("401 Bearer") << 401 << QByteArray(R"(Bearer resource_metadata="https://a.example/prm")");
    QTest::newRow("401 Basic (Qt would ask for credentials)") << 401 << QByteArray(R"(Basic realm="x")");
    QTest::newRow("403") << 403 << QByteArray();
    QTest::newRow("404") << 404 << QByteArray();
    QTest::newRow("500") << 500 << QByteArray();
    QTest::newRow("503") << 503 << QByteArray();
}

void TestHttpClient::returnsHttpErrorStatusesAsResponses()
{
    QFETCH(int, status);
    QFETCH(QByteArray, challenge);
    Server server;
    QVERIFY(server.listen());
    server.route("GET", "/status", [status, challenge](const peer::HttpRequest &) {
        peer::HttpResponse response{status, {{"Content-Type", "application/json"}}, R"({"error":"nope"})"};
        if (!challenge.isEmpty())
            response.headers.append({"WWW-Authenticate", challenge});
        return response;
    });
    HttpClient client(fastOptions());
    const Result<HttpResponse> result =
        nettest::sendAndWait(client, nettest::request(server.url(QStringLiteral("/status"))));
    QVERIFY2(result.ok(), nettest::describe(result).constData());
    QCOMPARE(result.value().status, status);
    QCOMPARE(result.value().body, QByteArray(R"({"error":"nope"})"));
    QCOMPARE(result.value().header("www-authenticate"), challenge);
    QVERIFY(!result.value().isSuccess());
}

void TestHttpClient::sendsMethodHeadersAndBodyAsGiven()
{
    Server server;
    QVERIFY(server.listen());
    server.route("PUT", "/items/7", [](const peer::HttpRequest &) {
        return peer::HttpResponse{201, {{"Content-Type", "text/plain"}, {"X-Reply", "yes"}}, "created"};
    });
    HttpClient client(fastOptions());
    HttpRequest request = nettest::request(server.url(QStringLiteral("/items/7?x=1")), "PUT");
    request.headers = {{"Content-Type", "application/json"}, {"X-Trace", "t-1"}};
    request.body = R"({"name":"seven"})";
    const Result<HttpResponse> result = nettest::sendAndWait(client, request);
    QVERIFY2(result.ok(), nettest::describe(result).constData());
    QCOMPARE(result.value().status, 201);
    QCOMPARE(result.value().body, QByteArray("created"));
    QCOMPARE(result.value().header("x-reply"), QByteArray("yes"));
    QCOMPARE(result.value().url, server.url(QStringLiteral("/items/7?x=1")));

    QCOMPARE(server.requests().size(), 1);
    const peer::HttpRequest &received = server.requests().constFirst();
    QCOMPARE(received.method, QByteArray("PUT"));
    QCOMPARE(received.target, QByteArray("/items/7?x=1"));
    QCOMPARE(received.body, QByteArray(R"({"name":"seven"})"));
    QCOMPARE(received.header("Content-Type"), QByteArray("application/json"));
    QCOMPARE(received.header("X-Trace"), QByteArray("t-1"));
}

void TestHttpClient::sendsPorticoUserAgentAndNeverAuthorization()
{
    Server server;
    QVERIFY(server.listen());
    server.route("GET", "/", [](const peer::HttpRequest &) { return peer::HttpResponse::html("ok"); });
    HttpClient client(fastOptions());
    const Result<HttpResponse> result = nettest::sendAndWait(client, nettest::request(server.url(QStringLiteral("/"))));
    QVERIFY2(result.ok(), nettest::describe(result).constData());
    QCOMPARE(server.requests().size(), 1);
    const QByteArray expected = QByteArray("Portico/") + app_identity::kVersion.latin1();
    QCOMPARE(server.requests().constFirst().header("User-Agent"), expected);
    QVERIFY(server.requests().constFirst().header("Authorization").isEmpty());
    QVERIFY(server.requests().constFirst().header("Cookie").isEmpty());
}

void TestHttpClient::keepsCallerUserAgent()
{
    Server server;
    QVERIFY(server.listen());
    server.route("GET", "/", [](const peer::HttpRequest &) { return peer::HttpResponse::html("ok"); });
    HttpClient::Options options = fastOptions();
    options.userAgent = "Configured/1";
    HttpClient client(options);

    QVERIFY(nettest::sendAndWait(client, nettest::request(server.url(QStringLiteral("/")))).ok());
    HttpRequest request = nettest::request(server.url(QStringLiteral("/")));
    request.headers = {{"user-agent", "Caller/2"}};
    QVERIFY(nettest::sendAndWait(client, request).ok());

    QCOMPARE(server.requests().size(), 2);
    QCOMPARE(server.requests().at(0).header("User-Agent"), QByteArray("Configured/1"));
    QCOMPARE(server.requests().at(1).header("User-Agent"), QByteArray("Caller/2"));
}

void TestHttpClient::refusesUrlsBreakingThePolicyWithoutConnecting_data()
{
    QTest::addColumn<QString>("url");
    QTest::newRow("http to a remote host") << QStringLiteral("http://mcp.example.com/mcp");
    QTest::newRow("ftp") << QStringLiteral("ftp://127.0.0.1/");
    QTest::newRow("userinfo") << QStringLiteral("http://user:pw@127.0.0.1/");
    QTest::newRow("relative") << QStringLiteral("/mcp");
    QTest::newRow("empty") << QString();
}

void TestHttpClient::refusesUrlsBreakingThePolicyWithoutConnecting()
{
    QFETCH(QString, url);
    HttpClient client(fastOptions());
    const Result<HttpResponse> result = nettest::sendAndWait(client, nettest::request(QUrl(url)));
    QVERIFY(!result.ok());
    QCOMPARE(result.error().code(), ErrorCode::UrlRejected);
    QVERIFY(!result.error().message().isEmpty());
    QVERIFY(!result.error().toString().contains(QStringLiteral(":pw@")));
}

void TestHttpClient::callbackRunsOnceAndNeverSynchronously_data()
{
    QTest::addColumn<bool>("refusedUpFront");
    QTest::newRow("answered request") << false;
    QTest::newRow("request refused by the URL policy") << true;
}

void TestHttpClient::callbackRunsOnceAndNeverSynchronously()
{
    QFETCH(bool, refusedUpFront);
    Server server;
    QVERIFY(server.listen());
    server.route("GET", "/", [](const peer::HttpRequest &) { return peer::HttpResponse::html("ok"); });
    HttpClient client(fastOptions());
    const QUrl url = refusedUpFront ? QUrl(QStringLiteral("http://mcp.example.com/")) : server.url(QStringLiteral("/"));

    int calls = 0;
    QObject context;
    QPointer<HttpExchange> exchange =
        client.send(nettest::request(url), &context, [&calls](const Result<HttpResponse> &) { ++calls; });
    QVERIFY(exchange);
    QCOMPARE(calls, 0); // not inside send()
    QTRY_COMPARE_WITH_TIMEOUT(calls, 1, nettest::kWaitMs);
    // The exchange deletes itself after finishing; by then no second call may have happened.
    QTRY_VERIFY_WITH_TIMEOUT(exchange.isNull(), nettest::kWaitMs);
    QCOMPARE(calls, 1);
}

void TestHttpClient::callbackNeverRunsAfterContextIsDestroyed()
{
    Server server;
    QVERIFY(server.listen());
    server.route("GET", "/", [](const peer::HttpRequest &) { return peer::HttpResponse::html("ok"); });
    HttpClient client(fastOptions());
    int calls = 0;
    auto *context = new QObject;
    QPointer<HttpExchange> exchange = client.send(nettest::request(server.url(QStringLiteral("/"))), context,
                                                  [&calls](const Result<HttpResponse> &) { ++calls; });
    bool finished = false;
    connect(exchange, &HttpExchange::finished, this, [&finished]() { finished = true; });
    delete context;
    QTRY_VERIFY_WITH_TIMEOUT(finished, nettest::kWaitMs);
    QTRY_VERIFY_WITH_TIMEOUT(exchange.isNull(), nettest::kWaitMs);
    QCOMPARE(server.requests().size(), 1); // the exchange did run to its end
    QCOMPARE(calls, 0);
}

void TestHttpClient::abortReportsCancelledExactlyOnce()
{
    Server server;
    QVERIFY(server.listen());
    stall(server, "/stall");
    HttpClient client(fastOptions());
    QPointer<HttpExchange> exchange = client.open(nettest::request(server.url(QStringLiteral("/stall"))));
    int finishedCount = 0;
    std::optional<Error> error;
    connect(exchange, &HttpExchange::finished, this, [&finishedCount, &error, exchange]() {
        ++finishedCount;
        error = exchange->error();
    });
    QTRY_COMPARE_WITH_TIMEOUT(server.requests().size(), 1, nettest::kWaitMs);
    exchange->abort();
    QCOMPARE(finishedCount, 1);
    QVERIFY(exchange->isFinished());
    exchange->abort(); // a second abort changes nothing
    QTRY_VERIFY_WITH_TIMEOUT(exchange.isNull(), nettest::kWaitMs);
    QCOMPARE(finishedCount, 1);
    QVERIFY(error.has_value());
    QCOMPARE(error->code(), ErrorCode::Cancelled);
}

void TestHttpClient::abortOfSentRequestCallsBackCancelledOnce()
{
    Server server;
    QVERIFY(server.listen());
    stall(server, "/stall");
    HttpClient client(fastOptions());
    int calls = 0;
    std::optional<ErrorCode> code;
    QObject context;
    QPointer<HttpExchange> exchange = client.send(nettest::request(server.url(QStringLiteral("/stall"))), &context,
                                                  [&calls, &code](const Result<HttpResponse> &result) {
                                                      ++calls;
                                                      if (!result.ok())
                                                          code = result.error().code();
                                                  });
    QTRY_COMPARE_WITH_TIMEOUT(server.requests().size(), 1, nettest::kWaitMs);
    exchange->abort();
    QTRY_VERIFY_WITH_TIMEOUT(exchange.isNull(), nettest::kWaitMs);
    QCOMPARE(calls, 1);
    QCOMPARE(code, std::optional<ErrorCode>(ErrorCode::Cancelled));
}

void TestHttpClient::abortBeforeStartSendsNothing()
{
    Server server;
    QVERIFY(server.listen());
    server.route("GET", "/", [](const peer::HttpRequest &) { return peer::HttpResponse::html("ok"); });
    HttpClient client(fastOptions());
    QPointer<HttpExchange> exchange = client.open(nettest::request(server.url(QStringLiteral("/"))));
    int finishedCount = 0;
    connect(exchange, &HttpExchange::finished, this, [&finishedCount]() { ++finishedCount; });
    exchange->abort();
    QCOMPARE(finishedCount, 1);
    QCOMPARE(exchange->error()->code(), ErrorCode::Cancelled);
    QTRY_VERIFY_WITH_TIMEOUT(exchange.isNull(), nettest::kWaitMs);
    QCOMPARE(finishedCount, 1);
    QCOMPARE(server.connectionCount(), 0);
}

void TestHttpClient::abortFromSignalHandlersEndsOnce_data()
{
    QTest::addColumn<bool>("inHeadersReceived"); // else in the first dataReceived
    QTest::newRow("abort in headersReceived") << true;
    QTest::newRow("abort in dataReceived") << false;
}

void TestHttpClient::abortFromSignalHandlersEndsOnce()
{
    // Stream readers abort from inside these signals when the content is unusable (wrong type, bad SSE).
    QFETCH(bool, inHeadersReceived);
    Server server;
    QVERIFY(server.listen());
    server.routeStream("GET", "/events", [](const peer::HttpRequest &, QTcpSocket *socket) {
        socket->write(Server::responseHead(200, {{"Content-Type", "text/event-stream"}}, std::nullopt));
        socket->write(Server::chunk("data: 1\n\n"));
        QTimer::singleShot(50, socket, [socket]() { socket->write(Server::chunk("data: 2\n\n")); });
    });
    HttpClient client(fastOptions());
    HttpRequest request = nettest::request(server.url(QStringLiteral("/events")));
    request.streaming = true;
    QPointer<HttpExchange> exchange = client.open(request);
    int chunks = 0;
    int finishedCount = 0;
    std::optional<Error> error;
    connect(exchange, &HttpExchange::headersReceived, this, [exchange, inHeadersReceived]() {
        if (inHeadersReceived)
            exchange->abort();
    });
    connect(exchange, &HttpExchange::dataReceived, this, [exchange, &chunks](const QByteArray &) {
        ++chunks;
        exchange->abort();
    });
    connect(exchange, &HttpExchange::finished, this, [exchange, &finishedCount, &error]() {
        ++finishedCount;
        error = exchange->error();
    });
    QTRY_VERIFY_WITH_TIMEOUT(exchange.isNull(), nettest::kWaitMs);
    QCOMPARE(finishedCount, 1);
    QCOMPARE(chunks, inHeadersReceived ? 0 : 1);
    QVERIFY(error.has_value());
    QCOMPARE(error->code(), ErrorCode::Cancelled);
}

void TestHttpClient::destroyingClientEndsExchangesSilently()
{
    Server server;
    QVERIFY(server.listen());
    QPointer<QTcpSocket> peerSocket;
    server.routeStream("GET", "/stall",
                       [&peerSocket](const peer::HttpRequest &, QTcpSocket *socket) { peerSocket = socket; });
    auto *client = new HttpClient(fastOptions());
    int calls = 0;
    QObject context;
    QPointer<HttpExchange> exchange = client->send(nettest::request(server.url(QStringLiteral("/stall"))), &context,
                                                   [&calls](const Result<HttpResponse> &) { ++calls; });
    QTRY_VERIFY_WITH_TIMEOUT(peerSocket, nettest::kWaitMs);
    delete client;
    QVERIFY(exchange.isNull());
    // The connection is closed rather than leaked, and nobody is called back.
    QTRY_VERIFY_WITH_TIMEOUT(peerSocket.isNull() || peerSocket->state() == QAbstractSocket::UnconnectedState,
                             nettest::kWaitMs);
    QCOMPARE(calls, 0);
}

void TestHttpClient::neverStoresOrReplaysCookies()
{
    Server server;
    QVERIFY(server.listen());
    server.route("GET", "/login", [](const peer::HttpRequest &) {
        return peer::HttpResponse{200, {{"Set-Cookie", "sid=abc; Path=/"}}, "hi"};
    });
    server.route("GET", "/next", [](const peer::HttpRequest &) { return peer::HttpResponse::html("ok"); });
    HttpClient client(fastOptions());
    const Result<HttpResponse> login =
        nettest::sendAndWait(client, nettest::request(server.url(QStringLiteral("/login"))));
    QVERIFY2(login.ok(), nettest::describe(login).constData());
    QCOMPARE(login.value().header("Set-Cookie"), QByteArray("sid=abc; Path=/")); // the caller still sees it
    QVERIFY(nettest::sendAndWait(client, nettest::request(server.url(QStringLiteral("/next")))).ok());
    QCOMPARE(server.requests().size(), 2);
    // No hidden cookie jar: only cookies the caller puts in a request are sent (and stripped across origins).
    QVERIFY(server.requests().at(1).header("Cookie").isEmpty());
}

void TestHttpClient::mapsRefusedConnectionToNetworkFailure()
{
    quint16 closedPort = 0;
    {
        QTcpServer probe; // a port that was free a moment ago and now has no listener
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        closedPort = probe.serverPort();
    }
    HttpClient client(fastOptions());
    const QUrl url(QStringLiteral("http://127.0.0.1:%1/cb?code=SECRETCODE").arg(closedPort));
    const Result<HttpResponse> result = nettest::sendAndWait(client, nettest::request(url));
    QVERIFY(!result.ok());
    QCOMPARE(result.error().code(), ErrorCode::NetworkFailure);
    QVERIFY(result.error().message().contains(QStringLiteral("127.0.0.1")));
    QVERIFY(!result.error().detail().isEmpty());
    QVERIFY(!result.error().toString().contains(QStringLiteral("SECRETCODE")));
}

void TestHttpClient::mapsTruncatedBodyToNetworkFailure()
{
    Server server;
    QVERIFY(server.listen());
    server.routeStream("GET", "/short", [](const peer::HttpRequest &, QTcpSocket *socket) {
        socket->write(Server::responseHead(200, {}, 100));
        socket->write("only ten b");
        socket->disconnectFromHost();
    });
    HttpClient client(fastOptions());
    const Result<HttpResponse> result =
        nettest::sendAndWait(client, nettest::request(server.url(QStringLiteral("/short"))));
    QVERIFY2(!result.ok(), nettest::describe(result).constData());
    QCOMPARE(result.error().code(), ErrorCode::NetworkFailure);
}

void TestHttpClient::rejectsAnnouncedOversizeBodyBeforeReadingIt()
{
    Server server;
    QVERIFY(server.listen());
    // Announces 1000 bytes and sends none: only the announcement can end this exchange early.
    server.routeStream("GET", "/big", [](const peer::HttpRequest &, QTcpSocket *socket) {
        socket->write(Server::responseHead(200, {}, 1000));
    });
    HttpClient::Options options = fastOptions();
    options.maxBodyBytes = 100;
    HttpClient client(options);
    const Result<HttpResponse> result =
        nettest::sendAndWait(client, nettest::request(server.url(QStringLiteral("/big"))),
                             5000); // well below the 10 s idle timeout
    QVERIFY2(!result.ok(), nettest::describe(result).constData());
    QCOMPARE(result.error().code(), ErrorCode::ResponseTooLarge);
    QVERIFY(result.error().detail().contains(QStringLiteral("Content-Length 1000")));
}

void TestHttpClient::rejectsStreamedBodyBeyondLimit()
{
    Server server;
    QVERIFY(server.listen());
    // No length announced; 180 bytes arrive and the connection stays open: only the count can end it.
    server.routeStream("GET", "/chunks", [](const peer::HttpRequest &, QTcpSocket *socket) {
        socket->write(Server::responseHead(200, {}, std::nullopt));
        for (int i = 0; i < 3; ++i)
            socket->write(Server::chunk(QByteArray(60, 'x')));
    });
    HttpClient::Options options = fastOptions();
    options.maxBodyBytes = 100;
    HttpClient client(options);
    const Result<HttpResponse> result =
        nettest::sendAndWait(client, nettest::request(server.url(QStringLiteral("/chunks"))), 5000);
    QVERIFY2(!result.ok(), nettest::describe(result).constData());
    QCOMPARE(result.error().code(), ErrorCode::ResponseTooLarge);
}

void TestHttpClient::acceptsBodyExactlyAtLimit()
{
    Server server;
    QVERIFY(server.listen());
    server.route("GET", "/exact", [](const peer::HttpRequest &) {
        return peer::HttpResponse{200, {}, QByteArray(100, 'y')};
    });
    HttpClient::Options options = fastOptions();
    options.maxBodyBytes = 100;
    HttpClient client(options);
    const Result<HttpResponse> result =
        nettest::sendAndWait(client, nettest::request(server.url(QStringLiteral("/exact"))));
    QVERIFY2(result.ok(), nettest::describe(result).constData());
    QCOMPARE(result.value().body, QByteArray(100, 'y'));
}

void TestHttpClient::streamingIsNotBoundByBodyLimit()
{
    Server server;
    QVERIFY(server.listen());
    server.route("GET", "/stream", [](const peer::HttpRequest &) {
        return peer::HttpResponse{200, {{"Content-Type", "text/event-stream"}}, QByteArray(1000, 'z')};
    });
    HttpClient::Options options = fastOptions();
    options.maxBodyBytes = 100;
    HttpClient client(options);
    HttpRequest request = nettest::request(server.url(QStringLiteral("/stream")));
    request.streaming = true;
    QPointer<HttpExchange> exchange = client.open(request);
    QByteArray received;
    bool finished = false;
    std::optional<Error> error;
    connect(exchange, &HttpExchange::dataReceived, this, [&received](const QByteArray &chunk) { received += chunk; });
    connect(exchange, &HttpExchange::finished, this, [&finished, &error, exchange]() {
        finished = true;
        error = exchange->error();
    });
    QTRY_VERIFY_WITH_TIMEOUT(finished, nettest::kWaitMs);
    QVERIFY2(!error, error ? qPrintable(error->toString()) : "");
    QCOMPARE(received, QByteArray(1000, 'z'));
}

void TestHttpClient::enforcesTimeLimits_data()
{
    QTest::addColumn<QByteArray>("path");
    QTest::addColumn<int>("responseMs");
    QTest::addColumn<int>("idleMs");
    QTest::addColumn<int>("totalMs");
    QTest::addColumn<QString>("limit");
    QTest::newRow("response: no headers")
        << QByteArray("/silent") << 150 << 10'000 << 20'000 << QStringLiteral("response timeout");
    QTest::newRow("idle: the body stalls")
        << QByteArray("/stalls") << 10'000 << 150 << 20'000 << QStringLiteral("idle timeout");
    QTest::newRow("total: the body trickles")
        << QByteArray("/trickles") << 10'000 << 5'000 << 300 << QStringLiteral("total timeout");
}

void TestHttpClient::enforcesTimeLimits()
{
    QFETCH(QByteArray, path);
    QFETCH(int, responseMs);
    QFETCH(int, idleMs);
    QFETCH(int, totalMs);
    QFETCH(QString, limit);
    Server server;
    QVERIFY(server.listen());
    stall(server, "/silent");
    server.routeStream("GET", "/stalls", [](const peer::HttpRequest &, QTcpSocket *socket) {
        socket->write(Server::responseHead(200, {}, 10));
        socket->write("abc");
    });
    server.routeStream("GET", "/trickles", [](const peer::HttpRequest &, QTcpSocket *socket) {
        socket->write(Server::responseHead(200, {}, 100'000));
        auto *trickle = new QTimer(socket); // a byte every 30 ms: never idle for long, never done
        QObject::connect(trickle, &QTimer::timeout, socket, [socket]() { socket->write("x"); });
        trickle->start(30);
    });
    HttpClient::Options options = nettest::engineOptions();
    options.responseTimeout = std::chrono::milliseconds(responseMs);
    options.idleTimeout = std::chrono::milliseconds(idleMs);
    options.totalTimeout = std::chrono::milliseconds(totalMs);
    HttpClient client(options);
    const Result<HttpResponse> result =
        nettest::sendAndWait(client, nettest::request(server.url(QString::fromLatin1(path))), 5000);
    QVERIFY2(!result.ok(), nettest::describe(result).constData());
    QCOMPARE(result.error().code(), ErrorCode::Timeout);
    QVERIFY2(result.error().detail().contains(limit), qPrintable(result.error().detail()));
    QVERIFY(!result.error().message().isEmpty());
}

void TestHttpClient::streamingHasNoIdleTimeout()
{
    Server server;
    QVERIFY(server.listen());
    // Silent for four idle timeouts between two events: fine for a stream (SSE keeps quiet between events).
    server.routeStream("GET", "/events", [](const peer::HttpRequest &, QTcpSocket *socket) {
        socket->write(Server::responseHead(200, {{"Content-Type", "text/event-stream"}}, std::nullopt));
        socket->write(Server::chunk("data: 1\n\n"));
        QTimer::singleShot(400, socket, [socket]() {
            socket->write(Server::chunk("data: 2\n\n"));
            socket->write(Server::chunk({}));
            socket->disconnectFromHost();
        });
    });
    HttpClient::Options options = fastOptions();
    options.idleTimeout = 100ms;
    HttpClient client(options);
    HttpRequest request = nettest::request(server.url(QStringLiteral("/events")));
    request.streaming = true;
    QPointer<HttpExchange> exchange = client.open(request);
    QByteArray received;
    bool finished = false;
    std::optional<Error> error;
    connect(exchange, &HttpExchange::dataReceived, this, [&received](const QByteArray &chunk) { received += chunk; });
    connect(exchange, &HttpExchange::finished, this, [&finished, &error, exchange]() {
        finished = true;
        error = exchange->error();
    });
    QTRY_VERIFY_WITH_TIMEOUT(finished, nettest::kWaitMs);
    QVERIFY2(!error, error ? qPrintable(error->toString()) : "");
    QCOMPARE(received, QByteArray("data: 1\n\ndata: 2\n\n"));
}

void TestHttpClient::streamingHonoursRequestTotalTimeout()
{
    Server server;
    QVERIFY(server.listen());
    server.routeStream("GET", "/events", [](const peer::HttpRequest &, QTcpSocket *socket) {
        socket->write(Server::responseHead(200, {{"Content-Type", "text/event-stream"}}, std::nullopt));
    });
    HttpClient client(fastOptions());
    HttpRequest request = nettest::request(server.url(QStringLiteral("/events")));
    request.streaming = true;
    request.totalTimeout = 200ms;
    QPointer<HttpExchange> exchange = client.open(request);
    bool finished = false;
    std::optional<Error> error;
    connect(exchange, &HttpExchange::finished, this, [&finished, &error, exchange]() {
        finished = true;
        error = exchange->error();
    });
    QTRY_VERIFY_WITH_TIMEOUT(finished, 5000);
    QVERIFY(error.has_value());
    QCOMPARE(error->code(), ErrorCode::Timeout);
    QVERIFY2(error->detail().contains(QStringLiteral("total timeout (200 ms)")), qPrintable(error->detail()));
}

void TestHttpClient::streamingDeliversChunksBeforeResponseEnds()
{
    Server server;
    QVERIFY(server.listen());
    QPointer<QTcpSocket> peerSocket;
    server.routeStream("GET", "/events", [&peerSocket](const peer::HttpRequest &, QTcpSocket *socket) {
        peerSocket = socket;
        socket->write(Server::responseHead(200, {{"Content-Type", "text/event-stream"}}, std::nullopt));
        socket->write(Server::chunk("data: one\n\n"));
    });
    HttpClient client(fastOptions());
    HttpRequest request = nettest::request(server.url(QStringLiteral("/events")));
    request.streaming = true;
    QPointer<HttpExchange> exchange = client.open(request);
    QStringList events;
    QByteArray received;
    std::optional<Error> error;
    connect(exchange, &HttpExchange::headersReceived, this,
            [&events, exchange]() { events << QStringLiteral("headers %1").arg(exchange->response().status); });
    connect(exchange, &HttpExchange::dataReceived, this, [&events, &received](const QByteArray &chunk) {
        events << QStringLiteral("data");
        received += chunk;
    });
    connect(exchange, &HttpExchange::finished, this, [&events, &error, exchange]() {
        events << QStringLiteral("finished");
        error = exchange->error();
    });

    // The first event arrives while the server still holds the response open.
    QTRY_COMPARE_WITH_TIMEOUT(received, QByteArray("data: one\n\n"), nettest::kWaitMs);
    QVERIFY(!events.contains(QStringLiteral("finished")));
    QVERIFY(exchange->response().body.isEmpty()); // streamed bytes are not collected
    QVERIFY(peerSocket);

    peerSocket->write(Server::chunk("data: two\n\n"));
    peerSocket->write(Server::chunk({}));
    peerSocket->disconnectFromHost();
    QTRY_VERIFY_WITH_TIMEOUT(events.contains(QStringLiteral("finished")), nettest::kWaitMs);
    QVERIFY2(!error, error ? qPrintable(error->toString()) : "");
    QCOMPARE(received, QByteArray("data: one\n\ndata: two\n\n"));
    QCOMPARE(events.constFirst(), QStringLiteral("headers 200"));
    QCOMPARE(events.count(QStringLiteral("finished")), 1);
    QCOMPARE(events.constLast(), QStringLiteral("finished"));
}

void TestHttpClient::exchangeLogHoldsNoSecret()
{
    Server server;
    QVERIFY(server.listen());
    server.route("GET", "/start", [&server](const peer::HttpRequest &) {
        return peer::HttpResponse::redirect(server.url(QStringLiteral("/landing?access_token=SECRET2&state=ok")), 302);
    });
    server.route("GET", "/landing", [](const peer::HttpRequest &) {
        return peer::HttpResponse{200, {{"Set-Cookie", "sid=SECRET3"}}, R"({"access_token":"SECRET4"})"};
    });
    HttpClient client(fastOptions());

    HttpRequest request = nettest::request(server.url(QStringLiteral("/start?code=SECRET1&state=abc")));
    request.headers = {{"Authorization", "Bearer SECRET5"}, {"Cookie", "sid=SECRET6"}};
    const Result<HttpResponse> redirected = nettest::sendAndWait(client, request);
    QVERIFY2(redirected.ok(), nettest::describe(redirected).constData());
    QCOMPARE(server.requests().constFirst().header("Authorization"), QByteArray("Bearer SECRET5")); // really sent

    QVERIFY(
        !nettest::sendAndWait(client, nettest::request(QUrl(QStringLiteral("http://mcp.example.com/cb?code=SECRET7"))))
             .ok());
    quint16 closedPort = 0;
    {
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        closedPort = probe.serverPort();
    }
    QVERIFY(!nettest::sendAndWait(
                 client, nettest::request(QUrl(QStringLiteral("http://127.0.0.1:%1/x?code=SECRET8").arg(closedPort))))
                 .ok());

    const QString text = client.exchangeLog().toText();
    QCOMPARE(client.exchangeLog().records().size(), 4); // two hops, one refusal, one failure
    QVERIFY2(!text.contains(QStringLiteral("SECRET")), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("code=[REDACTED]&state=abc")), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("access_token=[REDACTED]&state=ok")), qPrintable(text));
    QCOMPARE(client.exchangeLog().records().at(0).status, 302);
    QCOMPARE(client.exchangeLog().records().at(1).status, 200);
    QCOMPARE(client.exchangeLog().records().at(2).status, 0);
    QVERIFY(!client.exchangeLog().records().at(3).error.isEmpty());
}

QTEST_GUILESS_MAIN(TestHttpClient)
#include "tst_httpclient.moc"
