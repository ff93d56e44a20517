// The HTTP+SSE (2024-11-05) transport against servers that misbehave on cue (MCP 2024-11-05 transports, "HTTP with
// SSE"; requirements TRANSPORT-28, SEC-1, SEC-2, SEC-15): an `endpoint` event that points elsewhere is refused with
// an error naming the URL and the reason, and nothing is POSTed there; a stream that drops after every exchange is
// reopened on the backoff's schedule, not as fast as the server answers; a redirect of the stream to another origin
// is refused. Fake servers on loopback: no real server does these on cue. Other destinations are named only through
// HttpClientOptions::resolver, so no packet leaves the machine.

#include "awaitresult.h"
#include "crossoriginredirect.h"
#include "loopbackhttpserver.h"
#include "mcp/httpssetransport.h"
#include "mcp/mcpsession.h"
#include "mcp/reconnectbackoff.h"
#include "net/httpclient.h"
#include "testhttpoptions.h"

#include <QJsonDocument>
#include <QPointer>
#include <QTcpSocket>
#include <QTest>

#include <memory>
#include <optional>

using namespace portico;
namespace peer = portico::testing;
using Server = peer::LoopbackHttpServer;
using portico::testing::await;
using portico::testing::describe;
using portico::testing::requestsWith;

namespace {

QByteArray compact(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

// The head of an event stream that stays open (chunked, no end).
void startEventStream(QTcpSocket *socket)
{
    socket->write(Server::responseHead(200, {{"Content-Type", "text/event-stream"}}, std::nullopt));
}

void sendEvent(QTcpSocket *socket, const QByteArray &type, const QByteArray &data)
{
    const QByteArray event = "event: " + type + "\ndata: " + data + "\n\n";
    socket->write(Server::chunk(event));
}

// What an `initialize` request is answered with: a 2024-11-05 server with tools.
QByteArray initializeResult(const QJsonValue &id)
{
    return compact(
        {{QStringLiteral("jsonrpc"), QStringLiteral("2.0")},
         {QStringLiteral("id"), id},
         {QStringLiteral("result"),
          QJsonObject{{QStringLiteral("protocolVersion"), QStringLiteral("2024-11-05")},
                      {QStringLiteral("capabilities"), QJsonObject{{QStringLiteral("tools"), QJsonObject()}}},
                      {QStringLiteral("serverInfo"), QJsonObject{{QStringLiteral("name"), QStringLiteral("sse")}}}}}});
}

// The number of connections a stream reconnected on ReconnectBackoff's schedule may have opened within `window`
// when every connection ends at once: the first, and one more each time the delays so far add up to no more than
// `window` (0.5 s, 1 s, 2 s, ... capped at 30 s). Counts, not clock readings, are compared.
int connectionsAllowedWithin(std::chrono::milliseconds window)
{
    ReconnectBackoff schedule;
    std::chrono::milliseconds elapsed{0};
    int connections = 1;
    for (;;) {
        elapsed += schedule.nextDelay(std::chrono::milliseconds(0));
        if (elapsed > window)
            return connections;
        ++connections;
    }
}

} // namespace

class TestHttpSseTransport : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void endpointElsewhereIsRefused_data();
    void endpointElsewhereIsRefused();
    void sessionOnRefusedEndpointFailsCleanly();
    void transportDeletedByTheRefusalCallback();
    void transportDeletedByAMessageHandler();
    void droppedStreamReconnectsWithBackoff();
    void crossOriginRedirectOfTheStreamIsRefused_data();
    void crossOriginRedirectOfTheStreamIsRefused();
    void sameOriginRedirectOfTheStreamIsFollowed();
};

void TestHttpSseTransport::endpointElsewhereIsRefused_data()
{
    QTest::addColumn<QString>("endpoint"); // the `endpoint` event's data; %1: the stream's port, %2: another port
    QTest::addColumn<QString>("reason");   // what the error says is wrong with it
    QTest::newRow("another port") << QStringLiteral("http://127.0.0.1:%2/messages") << QStringLiteral("port");
    QTest::newRow("another host") << QStringLiteral("http://localhost:%1/messages") << QStringLiteral("host");
    QTest::newRow("private address") << QStringLiteral("http://10.0.0.5/messages") << QStringLiteral("host");
    QTest::newRow("name of a private address")
        << QStringLiteral("http://internal.example:%1/messages") << QStringLiteral("host");
    QTest::newRow("scheme change") << QStringLiteral("https://127.0.0.1:%1/messages") << QStringLiteral("scheme");
    QTest::newRow("scheme relative") << QStringLiteral("//localhost:%1/messages") << QStringLiteral("host");
}

// An `endpoint` event naming another origin ends the connection attempt: open() fails with an error naming the URL
// and what differs, nothing is POSTed (nor even looked up), and nothing crashes though more events follow in the
// same chunk (the refusal runs while the stream's bytes are being parsed).
void TestHttpSseTransport::endpointElsewhereIsRefused()
{
    QFETCH(QString, endpoint);
    QFETCH(QString, reason);
    Server server;
    Server elsewhere;
    QVERIFY(server.listen());
    QVERIFY(elsewhere.listen());
    const QString target = QString(endpoint)
                               .replace(QLatin1String("%1"), QString::number(server.port()))
                               .replace(QLatin1String("%2"), QString::number(elsewhere.port()));
    server.routeStream("GET", "/sse", [target](const peer::HttpRequest &, QTcpSocket *socket) {
        startEventStream(socket);
        const QByteArray events = "event: endpoint\ndata: " + target.toUtf8()
                                  + "\n\nevent: message\ndata: {\"jsonrpc\":\"2.0\",\"method\":\"notifications/"
                                    "message\",\"params\":{}}\n\n";
        socket->write(Server::chunk(events));
    });
    QStringList lookedUp;
    HttpClient::Options options = peer::fastOptions();
    options.resolver = [&lookedUp](const QString &host) {
        lookedUp.append(host);
        return QList<QHostAddress>{QHostAddress(QStringLiteral("10.0.0.5"))};
    };
    HttpClient http(options);
    HttpSseTransport transport(&http, server.url(QStringLiteral("/sse")));

    const auto opened =
        await<void>([&transport](QObject *context, auto done) { transport.open(context, std::move(done)); }, 10'000);
    QVERIFY2(opened && !opened->ok(), describe(opened).constData());
    const Error &error = opened->error();
    qInfo("%s", qPrintable(error.toString()));
    QCOMPARE(error.code(), ErrorCode::UrlRejected);
    const QString text = error.message() + QLatin1Char(' ') + error.detail();
    const QString shownUrl = QUrl(target, QUrl::StrictMode).host();
    QVERIFY2(text.contains(shownUrl), qPrintable(text));
    QVERIFY2(text.contains(reason), qPrintable(text));
    QVERIFY(!transport.messageEndpoint().isValid());

    // Nothing went anywhere else, and the transport still works: the next open() tries again and fails the same.
    QTest::qWait(100);
    QVERIFY(requestsWith(elsewhere, "POST").isEmpty());
    QVERIFY(requestsWith(server, "POST").isEmpty());
    QVERIFY2(lookedUp.isEmpty(), qPrintable(lookedUp.join(QLatin1Char(','))));
    const auto again =
        await<void>([&transport](QObject *context, auto done) { transport.open(context, std::move(done)); }, 10'000);
    QVERIFY2(again && !again->ok(), describe(again).constData());
    QCOMPARE(again->error().code(), ErrorCode::UrlRejected);
    transport.close();
}

// The same through McpSession::start(): it fails (no crash, no hang), and no POST is sent.
void TestHttpSseTransport::sessionOnRefusedEndpointFailsCleanly()
{
    Server server;
    Server elsewhere;
    QVERIFY(server.listen());
    QVERIFY(elsewhere.listen());
    const QByteArray target = elsewhere.url(QStringLiteral("/messages")).toEncoded();
    server.routeStream("GET", "/sse", [target](const peer::HttpRequest &, QTcpSocket *socket) {
        startEventStream(socket);
        sendEvent(socket, "endpoint", target);
    });
    auto http = std::make_unique<HttpClient>(peer::fastOptions());
    auto transport = std::make_unique<HttpSseTransport>(http.get(), server.url(QStringLiteral("/sse")));
    auto session = std::make_unique<McpSession>(transport.get());
    const auto started =
        await<void>([&session](QObject *context, auto done) { session->start(context, std::move(done)); }, 10'000);
    QVERIFY2(started && !started->ok(), describe(started).constData());
    QCOMPARE(started->error().code(), ErrorCode::UrlRejected);
    QCOMPARE(session->state(), McpSession::State::Failed);
    QTest::qWait(100);
    QVERIFY(requestsWith(elsewhere, "POST").isEmpty());
    session.reset();
    transport.reset();
    http.reset();
}

// Whoever waits for open() may delete the transport in its callback (a connection that gives up): the refusal, which
// runs while the stream's bytes are being parsed, must touch nothing of it afterwards.
void TestHttpSseTransport::transportDeletedByTheRefusalCallback()
{
    Server server;
    QVERIFY(server.listen());
    server.routeStream("GET", "/sse", [](const peer::HttpRequest &, QTcpSocket *socket) {
        startEventStream(socket);
        socket->write(Server::chunk("event: endpoint\ndata: http://localhost:1/messages\n\n"
                                    "event: endpoint\ndata: /messages\n\nevent: message\ndata: {}\n\n"));
    });
    HttpClient http(peer::fastOptions());
    auto *transport = new HttpSseTransport(&http, server.url(QStringLiteral("/sse")));
    QPointer<HttpSseTransport> watch(transport);
    std::optional<Result<void>> outcome;
    QObject context;
    transport->open(&context, [&outcome, &transport](Result<void> result) {
        outcome.emplace(std::move(result));
        delete std::exchange(transport, nullptr);
    });
    QTRY_VERIFY_WITH_TIMEOUT(outcome.has_value(), 10'000);
    QVERIFY2(!outcome->ok(), describe(outcome).constData());
    QCOMPARE(outcome->error().code(), ErrorCode::UrlRejected);
    QVERIFY(watch.isNull());
    QTest::qWait(100); // whatever was queued runs now, against a deleted transport
}

// The same from a signal: a notification's handler deletes the transport while more events of the same chunk wait.
void TestHttpSseTransport::transportDeletedByAMessageHandler()
{
    Server server;
    QVERIFY(server.listen());
    server.routeStream("GET", "/sse", [](const peer::HttpRequest &, QTcpSocket *socket) {
        startEventStream(socket);
        const QByteArray note = R"({"jsonrpc":"2.0","method":"notifications/message","params":{}})";
        const QByteArray events = "event: endpoint\ndata: /messages\n\nevent: message\ndata: " + note
                                  + "\n\nevent: message\ndata: [" + note + "," + note + "]\n\n";
        socket->write(Server::chunk(events));
    });
    HttpClient http(peer::fastOptions());
    auto *transport = new HttpSseTransport(&http, server.url(QStringLiteral("/sse")));
    QPointer<HttpSseTransport> watch(transport);
    int notifications = 0;
    connect(transport, &Transport::notificationReceived, this, [&notifications, &transport]() {
        ++notifications;
        delete std::exchange(transport, nullptr);
    });
    QObject context;
    transport->open(&context, [](Result<void>) {});
    QTRY_VERIFY_WITH_TIMEOUT(watch.isNull(), 10'000);
    QTest::qWait(100);
    QCOMPARE(notifications, 1);
}

// A server whose every stream sends the `endpoint` event and closes right after the first message it carries (here
// the answer to `initialize`): each connection delivers, so only the time-based backoff slows the reconnections.
void TestHttpSseTransport::droppedStreamReconnectsWithBackoff()
{
    Server server;
    QVERIFY(server.listen());
    QPointer<QTcpSocket> stream;
    int streams = 0;
    server.routeStream("GET", "/sse", [&stream, &streams](const peer::HttpRequest &, QTcpSocket *socket) {
        stream = socket;
        startEventStream(socket);
        sendEvent(socket, "endpoint", "/messages?session=" + QByteArray::number(++streams));
    });
    server.route("POST", "/messages", [&stream](const peer::HttpRequest &request) {
        const QJsonObject message = QJsonDocument::fromJson(request.body).object();
        if (stream) {
            if (message.value(QStringLiteral("method")).toString() == QLatin1StringView("initialize"))
                sendEvent(stream, "message", initializeResult(message.value(QStringLiteral("id"))));
            stream->write(Server::chunk({}));
            stream->disconnectFromHost();
        }
        return peer::HttpResponse{202, {}, {}};
    });
    auto http = std::make_unique<HttpClient>(peer::fastOptions());
    auto transport = std::make_unique<HttpSseTransport>(http.get(), server.url(QStringLiteral("/sse")));
    auto session = std::make_unique<McpSession>(transport.get());
    const auto started =
        await<void>([&session](QObject *context, auto done) { session->start(context, std::move(done)); }, 10'000);
    QVERIFY2(started && started->ok(), describe(started).constData());

    const std::chrono::milliseconds window{3000};
    QTest::qWait(int(window.count()));
    const qsizetype connections = requestsWith(server, "GET").size();
    session.reset();
    transport.reset();
    http.reset();
    // The first connection opened before the window started: one more than the schedule allows within it.
    const int allowed = connectionsAllowedWithin(window) + 1;
    qInfo("%lld stream connections in %lld ms (the backoff allows %d)", static_cast<long long>(connections),
          static_cast<long long>(window.count()), allowed);
    QVERIFY2(connections >= 2, "the stream was not reopened at all");
    QVERIFY2(connections <= allowed,
             qPrintable(QStringLiteral("%1 connections, at most %2 allowed").arg(connections).arg(allowed)));
}

void TestHttpSseTransport::crossOriginRedirectOfTheStreamIsRefused_data()
{
    QTest::addColumn<int>("status");
    QTest::newRow("301") << 301;
    QTest::newRow("302") << 302;
    QTest::newRow("303") << 303;
    QTest::newRow("307") << 307;
    QTest::newRow("308") << 308;
}

// The event stream's GET answered with a redirect to another origin: refused, with an error naming the Location and the
// reason (requirements SEC-2); the other origin gets no request.
void TestHttpSseTransport::crossOriginRedirectOfTheStreamIsRefused()
{
    QFETCH(int, status);
    peer::CrossOriginRedirect redirect;
    QVERIFY(redirect.listen("/sse", status));
    redirect.elsewhere.routeStream("GET", "/sse", [](const peer::HttpRequest &, QTcpSocket *socket) {
        startEventStream(socket);
        sendEvent(socket, "endpoint", "/messages");
    });
    HttpClient http(peer::fastOptions());
    HttpSseTransport transport(&http, redirect.origin.url(QStringLiteral("/sse")));
    const auto opened =
        await<void>([&transport](QObject *context, auto done) { transport.open(context, std::move(done)); }, 10'000);
    QVERIFY2(opened && !opened->ok(), describe(opened).constData());
    qInfo("%s", qPrintable(opened->error().toString()));
    QCOMPARE(opened->error().code(), ErrorCode::RedirectRejected);
    QVERIFY2(redirect.isNamedIn(opened->error(), status), qPrintable(opened->error().toString()));
    QVERIFY(redirect.elsewhere.requests().isEmpty());
}

// A redirect within the stream's origin is still followed, as for every other request (requirements SEC-2).
void TestHttpSseTransport::sameOriginRedirectOfTheStreamIsFollowed()
{
    Server server;
    QVERIFY(server.listen());
    server.route("GET", "/old-sse", [&server](const peer::HttpRequest &) {
        return peer::HttpResponse::redirect(server.url(QStringLiteral("/sse")), 307);
    });
    server.routeStream("GET", "/sse", [](const peer::HttpRequest &, QTcpSocket *socket) {
        startEventStream(socket);
        sendEvent(socket, "endpoint", "/messages");
    });
    HttpClient http(peer::fastOptions());
    HttpSseTransport transport(&http, server.url(QStringLiteral("/old-sse")));
    const auto opened =
        await<void>([&transport](QObject *context, auto done) { transport.open(context, std::move(done)); }, 10'000);
    QVERIFY2(opened && opened->ok(), describe(opened).constData());
    QCOMPARE(transport.messageEndpoint(), server.url(QStringLiteral("/messages")));
    transport.close();
}

QTEST_GUILESS_MAIN(TestHttpSseTransport)
#include "tst_httpssetransport.moc"
