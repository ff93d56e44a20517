// How the 2025 Streamable HTTP transport reconnects its SSE streams (MCP 2025-11-25 transports, "Resumability and
// Redelivery"; requirements TRANSPORT-25, TRANSPORT-27, SEC-12): a server's `retry: 0` is a floor, not permission to
// spin, even when every connection delivers a message; a response stream is still resumed with Last-Event-ID. A fake
// server on loopback: no real server closes its streams on cue.

#include "crossoriginredirect.h"
#include "loopbackhttpserver.h"
#include "mcp/reconnectbackoff.h"
#include "mcp/streamablehttptransport.h"
#include "net/httpclient.h"
#include "testhttpoptions.h"

#include <QElapsedTimer>
#include <QJsonDocument>
#include <QTcpSocket>
#include <QTest>

#include <optional>

using namespace portico;
namespace peer = portico::testing;
using Server = peer::LoopbackHttpServer;
using portico::testing::requestsWith;

namespace {

QByteArray compact(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

QByteArray logEvent(const QByteArray &id)
{
    const QJsonObject notification{
        {QStringLiteral("jsonrpc"), QStringLiteral("2.0")},
        {QStringLiteral("method"), QStringLiteral("notifications/message")},
        {QStringLiteral("params"), QJsonObject{{QStringLiteral("level"), QStringLiteral("info")},
                                               {QStringLiteral("data"), QStringLiteral("hi")}}}};
    return "id: " + id + "\nretry: 0\nevent: message\ndata: " + compact(notification) + "\n\n";
}

// One SSE response of `events`, then the connection closes.
void streamAndClose(QTcpSocket *socket, const QByteArray &events)
{
    socket->write(Server::responseHead(200, {{"Content-Type", "text/event-stream"}}, std::nullopt));
    socket->write(Server::chunk(events));
    socket->write(Server::chunk({}));
    socket->disconnectFromHost();
}

} // namespace

class TestStreamableHttpTransport : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    // The standalone GET stream of a server that sends `retry: 0`, one event, and closes: a handful of reconnections
    // in 3 s, not thousands (each connection delivered a message, which used to reset the backoff).
    void standaloneStreamBacksOffDespiteRetryZero()
    {
        Server server;
        QVERIFY(server.listen());
        int served = 0;
        server.routeStream("GET", "/mcp", [&served](const peer::HttpRequest &, QTcpSocket *socket) {
            streamAndClose(socket, logEvent("e" + QByteArray::number(++served)));
        });
        HttpClient http(peer::fastOptions());
        StreamableHttpTransport transport(&http, server.url(QStringLiteral("/mcp")));
        transport.openEventStream();
        QTest::qWait(3000);
        const qsizetype connections = requestsWith(server, "GET").size();
        transport.close();
        qInfo("%lld GET connections in 3 s", static_cast<long long>(connections));
        QVERIFY2(connections >= 2, "the stream was not reconnected at all");
        QVERIFY2(connections <= 6, qPrintable(QStringLiteral("%1 connections in 3 s").arg(connections)));
    }

    // A response stream that ends before the response is resumed with Last-Event-ID; resumed streams that close
    // with `retry: 0` after one event back off too, and the response still arrives.
    void responseStreamResumesWithBackoff()
    {
        Server server;
        QVERIFY(server.listen());
        QElapsedTimer clock;
        QList<qint64> resumedAt;
        server.routeStream("POST", "/mcp", [&clock](const peer::HttpRequest &, QTcpSocket *socket) {
            clock.start();
            streamAndClose(socket, "id: p0\nretry: 0\ndata: \n\n"); // the 2025-11-25 priming event only
        });
        server.routeStream("GET", "/mcp", [&clock, &resumedAt](const peer::HttpRequest &request, QTcpSocket *socket) {
            resumedAt.append(clock.elapsed());
            const QByteArray id = "r" + QByteArray::number(resumedAt.size());
            if (resumedAt.size() < 3)
                return streamAndClose(socket, logEvent(id));
            const QJsonObject response{{QStringLiteral("jsonrpc"), QStringLiteral("2.0")},
                                       {QStringLiteral("id"), 1},
                                       {QStringLiteral("result"), QJsonObject()}};
            Q_UNUSED(request);
            streamAndClose(socket, "id: " + id + "\nevent: message\ndata: " + compact(response) + "\n\n");
        });
        HttpClient http(peer::fastOptions());
        StreamableHttpTransport transport(&http, server.url(QStringLiteral("/mcp")));
        QObject context;
        std::optional<Result<QJsonObject>> answer;
        transport.sendRequest(QStringLiteral("tools/call"), {}, {}, &context,
                              [&answer](Result<QJsonObject> result) { answer = std::move(result); });
        QTRY_VERIFY_WITH_TIMEOUT(answer.has_value(), 10'000);
        QVERIFY2(answer->ok(), answer->ok() ? "" : qPrintable(answer->error().toString()));

        const QList<peer::HttpRequest> resumes = requestsWith(server, "GET");
        QCOMPARE(resumes.size(), 3);
        QCOMPARE(resumes.at(0).header("Last-Event-ID"), QByteArray("p0"));
        QCOMPARE(resumes.at(1).header("Last-Event-ID"), QByteArray("r1"));
        QCOMPARE(resumes.at(2).header("Last-Event-ID"), QByteArray("r2"));
        // 500 ms, then 1 s, then 2 s (ReconnectBackoff), though the server said 0 each time; a coarse timer may fire
        // up to 5 % early.
        const qint64 first = ReconnectBackoff::kFirstDelay.count();
        QVERIFY2(resumedAt.at(0) >= first * 9 / 10, qPrintable(QString::number(resumedAt.at(0))));
        QVERIFY2(resumedAt.at(1) - resumedAt.at(0) >= 2 * first * 9 / 10, qPrintable(QString::number(resumedAt.at(1))));
        QVERIFY2(resumedAt.at(2) - resumedAt.at(1) >= 4 * first * 9 / 10, qPrintable(QString::number(resumedAt.at(2))));
        transport.close();
    }

    void listenStreamRedirectToAnotherOriginIsRefused_data()
    {
        QTest::addColumn<int>("status");
        QTest::newRow("301") << 301;
        QTest::newRow("302") << 302;
        QTest::newRow("303") << 303;
        QTest::newRow("307") << 307;
        QTest::newRow("308") << 308;
    }

    // The standalone GET stream answered with a redirect to another origin: refused, not followed (requirements SEC-2),
    // with an error naming the Location and why; the other origin gets no request and the stream is not retried.
    void listenStreamRedirectToAnotherOriginIsRefused()
    {
        QFETCH(int, status);
        peer::CrossOriginRedirect redirect;
        QVERIFY(redirect.listen("/mcp", status));
        redirect.elsewhere.routeStream("GET", "/mcp", [](const peer::HttpRequest &, QTcpSocket *socket) {
            streamAndClose(socket, logEvent("foreign"));
        });
        HttpClient http(peer::fastOptions());
        StreamableHttpTransport transport(&http, redirect.origin.url(QStringLiteral("/mcp")));
        std::optional<Error> reported;
        int foreignMessages = 0;
        connect(&transport, &Transport::transportError, this, [&reported](const Error &error) { reported = error; });
        connect(&transport, &Transport::notificationReceived, this, [&foreignMessages]() { ++foreignMessages; });
        transport.openEventStream();
        QTRY_VERIFY_WITH_TIMEOUT(reported.has_value(), 10'000);
        qInfo("%s", qPrintable(reported->toString()));
        QCOMPARE(reported->code(), ErrorCode::RedirectRejected);
        QVERIFY2(redirect.isNamedIn(*reported, status), qPrintable(reported->toString()));
        QTest::qWait(1500); // longer than the first reconnection delay
        QVERIFY(redirect.elsewhere.requests().isEmpty());
        QCOMPARE(foreignMessages, 0);
        QCOMPARE(requestsWith(redirect.origin, "GET").size(), 1);
        transport.close();
    }

    // A redirect within the server's origin is still followed, as for its POSTs (requirements SEC-2).
    void listenStreamRedirectWithinTheOriginIsFollowed()
    {
        Server server;
        QVERIFY(server.listen());
        server.route("GET", "/mcp", [&server](const peer::HttpRequest &) {
            return peer::HttpResponse::redirect(server.url(QStringLiteral("/events")), 307);
        });
        server.routeStream("GET", "/events", [](const peer::HttpRequest &, QTcpSocket *socket) {
            streamAndClose(socket, logEvent("e1"));
        });
        HttpClient http(peer::fastOptions());
        StreamableHttpTransport transport(&http, server.url(QStringLiteral("/mcp")));
        int messages = 0;
        connect(&transport, &Transport::notificationReceived, this, [&messages]() { ++messages; });
        transport.openEventStream();
        QTRY_VERIFY_WITH_TIMEOUT(messages >= 1, 10'000);
        transport.close();
    }
};

QTEST_GUILESS_MAIN(TestStreamableHttpTransport)
#include "tst_streamablehttptransport.moc"
