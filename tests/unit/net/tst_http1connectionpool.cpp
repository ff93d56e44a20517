// The Http1 engine's persistent connections (HttpClientOptions::Engine::Http1, RFC 9112 §9): reuse, the
// keep-alive race, the per-origin limit, and request heads that could split a request. The peer is a raw
// QTcpServer that answers on persistent connections and misbehaves on cue, which the shared loopback test
// server (one request per connection) does not.

#include "net/http1connectionpool.h"
#include "net/httpclient.h"
#include "nettesting.h"

#include <QPointer>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

using namespace portico;
using namespace std::chrono_literals;

namespace {

// Answers every complete request head (requests here have no body) with a small 200 on the same
// connection. dropSecondRequest: the second request of a connection gets no answer, only the close, as
// when a server's keep-alive timeout runs out just as the request travels (RFC 9112 §9.3.1). stall: never
// answers. dropAfterFirstRequest: only the very first request is answered.
class KeepAliveServer : public QObject
{
public:
    bool dropSecondRequest = false;
    bool dropAfterFirstRequest = false; // every request after the very first one gets only the close
    bool stall = false;
    int connections = 0;
    int requests = 0;

    KeepAliveServer()
    {
        QObject::connect(&m_server, &QTcpServer::newConnection, this, [this]() {
            while (QTcpSocket *socket = m_server.nextPendingConnection()) {
                ++connections;
                auto *buffer = new QByteArray;
                auto *served = new int(0);
                QObject::connect(socket, &QObject::destroyed, this, [buffer, served]() {
                    delete buffer;
                    delete served;
                });
                QObject::connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
                QObject::connect(socket, &QTcpSocket::readyRead, this, [this, socket, buffer, served]() {
                    *buffer += socket->readAll();
                    qsizetype end;
                    while ((end = buffer->indexOf("\r\n\r\n")) >= 0) {
                        buffer->remove(0, end + 4);
                        ++requests;
                        if (stall)
                            continue;
                        if ((dropSecondRequest && ++*served == 2) || (dropAfterFirstRequest && requests > 1)) {
                            socket->disconnectFromHost();
                            return;
                        }
                        socket->write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
                    }
                });
            }
        });
        m_server.listen(QHostAddress::LocalHost);
    }

    [[nodiscard]] QUrl url() const
    {
        return QUrl(QStringLiteral("http://127.0.0.1:%1/mcp").arg(m_server.serverPort()));
    }

private:
    QTcpServer m_server;
};

HttpClient::Options http1Options()
{
    HttpClient::Options options;
    options.engine = HttpClient::Options::Engine::Http1;
    options.responseTimeout = 10s;
    return options;
}

} // namespace

class TestHttp1ConnectionPool : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void reusesOneConnectionForSequentialRequests();
    void retriesOnceWhenAnIdleConnectionWasClosed();
    void retriesOnlyOnce();
    void opensAtMostEightConnectionsPerOrigin();
    void refusesHeadersThatCouldSplitTheRequest();
};

void TestHttp1ConnectionPool::reusesOneConnectionForSequentialRequests()
{
    KeepAliveServer server;
    HttpClient client(http1Options());
    for (int i = 0; i < 5; ++i) {
        const Result<HttpResponse> result = nettest::sendAndWait(client, nettest::request(server.url()));
        QVERIFY2(result.ok(), nettest::describe(result).constData());
        QCOMPARE(result.value().body, QByteArray("ok"));
    }
    QCOMPARE(server.requests, 5);
    QCOMPARE(server.connections, 1); // RFC 9112 §9.3: one persistent connection
}

void TestHttp1ConnectionPool::retriesOnceWhenAnIdleConnectionWasClosed()
{
    KeepAliveServer server;
    server.dropSecondRequest = true;
    HttpClient client(http1Options());
    QVERIFY(nettest::sendAndWait(client, nettest::request(server.url())).ok());
    // Sent on the reused connection, answered by its close alone: sent once more, on a fresh connection.
    const Result<HttpResponse> second = nettest::sendAndWait(client, nettest::request(server.url()));
    QVERIFY2(second.ok(), nettest::describe(second).constData());
    QCOMPARE(second.value().body, QByteArray("ok"));
    QCOMPARE(server.connections, 2);
    QCOMPARE(server.requests, 3);
}

void TestHttp1ConnectionPool::retriesOnlyOnce()
{
    KeepAliveServer server;
    server.dropAfterFirstRequest = true;
    HttpClient client(http1Options());
    QVERIFY(nettest::sendAndWait(client, nettest::request(server.url())).ok());
    // Dropped on the reused connection, then dropped again on the fresh one: a failure, not a third try.
    const Result<HttpResponse> second = nettest::sendAndWait(client, nettest::request(server.url()));
    QVERIFY(!second.ok());
    QCOMPARE(second.error().code(), ErrorCode::NetworkFailure);
    QCOMPARE(server.connections, 2);
    QCOMPARE(server.requests, 3);
}

void TestHttp1ConnectionPool::opensAtMostEightConnectionsPerOrigin()
{
    KeepAliveServer server;
    server.stall = true;
    HttpClient client(http1Options());
    QObject context;
    int finished = 0;
    const int sent = Http1ConnectionPool::kMaxConnectionsPerOrigin + 4;
    for (int i = 0; i < sent; ++i)
        client.send(nettest::request(server.url()), &context,
                    [&finished](const Result<HttpResponse> &) { ++finished; });
    QTRY_COMPARE_WITH_TIMEOUT(server.requests, Http1ConnectionPool::kMaxConnectionsPerOrigin, nettest::kWaitMs);
    QTest::qWait(200); // the others must keep waiting for a free connection
    QCOMPARE(server.connections, Http1ConnectionPool::kMaxConnectionsPerOrigin);
    QCOMPARE(server.requests, Http1ConnectionPool::kMaxConnectionsPerOrigin);
    QCOMPARE(finished, 0);
}

void TestHttp1ConnectionPool::refusesHeadersThatCouldSplitTheRequest()
{
    KeepAliveServer server;
    HttpClient client(http1Options());
    HttpRequest request = nettest::request(server.url(), "POST");
    request.headers.append(
        qMakePair(QByteArray("X-Note"), QByteArray("a\r\nContent-Length: 0\r\n\r\nGET /admin HTTP/1.1")));
    const Result<HttpResponse> result = nettest::sendAndWait(client, request);
    QVERIFY(!result.ok());
    QCOMPARE(result.error().code(), ErrorCode::InvalidArgument);
    QTest::qWait(50);
    QCOMPARE(server.connections, 0); // nothing was sent
}

QTEST_GUILESS_MAIN(TestHttp1ConnectionPool)
#include "tst_http1connectionpool.moc"
