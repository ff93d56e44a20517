// What a misbehaving server can do to Portico: bad JSON, an oversize SSE event, the wrong content type, a
// stream that never ends, a 500. Each ends in a clear error on that request only; the same session and an
// independent one go on working (requirements SEC-12, TRANSPORT-5, TRANSPORT-7, TRANSPORT-8). A fake server:
// no real server produces these on cue.

#include "awaitresult.h"
#include "loopbackhttpserver.h"
#include "mcp/mcpsession.h"
#include "mcptestclient.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QPointer>
#include <QTcpSocket>
#include <QTest>
#include <QTimer>

#include <memory>
#include <optional>

using namespace portico;
using namespace std::chrono_literals;
using TestRequest = portico::testing::HttpRequest;
using TestResponse = portico::testing::HttpResponse;
using portico::testing::await;
using portico::testing::LoopbackHttpServer;
using portico::testing::McpTestClient;

namespace {

QByteArray rpcResult(const QJsonValue &id, const QJsonObject &result)
{
    return QJsonDocument(QJsonObject{{QStringLiteral("jsonrpc"), QStringLiteral("2.0")},
                                     {QStringLiteral("id"), id},
                                     {QStringLiteral("result"), result}})
        .toJson(QJsonDocument::Compact);
}

void reply(QTcpSocket *socket, int status, const QByteArray &contentType, const QByteArray &body,
           QList<QPair<QByteArray, QByteArray>> headers = {})
{
    headers.append({"Content-Type", contentType});
    socket->write(LoopbackHttpServer::responseHead(status, headers, body.size()));
    socket->write(body);
    socket->disconnectFromHost();
}

// A 2025 Streamable HTTP server whose tools misbehave as their names say.
class HostileServer
{
public:
    LoopbackHttpServer http;
    int openEndlessStreams = 0;

    HostileServer()
    {
        http.routeStream("POST", "/mcp",
                         [this](const TestRequest &request, QTcpSocket *socket) { answer(request, socket); });
        http.route("GET", "/mcp", [](const TestRequest &) { return TestResponse{405, {}, {}}; });
        http.route("DELETE", "/mcp", [](const TestRequest &) { return TestResponse{200, {}, {}}; });
    }

private:
    void answer(const TestRequest &request, QTcpSocket *socket)
    {
        const QJsonObject message = QJsonDocument::fromJson(request.body).object();
        const QString method = message.value(QStringLiteral("method")).toString();
        const QJsonValue id = message.value(QStringLiteral("id"));
        if (method == QLatin1StringView("initialize")) {
            return reply(
                socket, 200, "application/json",
                rpcResult(id, {{QStringLiteral("protocolVersion"), QStringLiteral("2025-11-25")},
                               {QStringLiteral("capabilities"), QJsonObject{{QStringLiteral("tools"), QJsonObject()}}},
                               {QStringLiteral("serverInfo"),
                                QJsonObject{{QStringLiteral("name"), QStringLiteral("hostile")}}}}),
                {{"Mcp-Session-Id", "hostile-session"}});
        }
        if (!message.contains(QStringLiteral("id")))
            return reply(socket, 202, "text/plain", {}); // notifications
        const QString tool =
            message.value(QStringLiteral("params")).toObject().value(QStringLiteral("name")).toString();
        if (tool == QLatin1StringView("bad-json"))
            return reply(socket, 200, "text/event-stream", "event: message\ndata: {\"jsonrpc\":\"2.0\",\"id\":\n\n");
        if (tool == QLatin1StringView("oversize")) {
            // One event beyond the 16 MiB message limit.
            return reply(socket, 200, "text/event-stream", "data: \"" + QByteArray(17 * 1024 * 1024, 'x') + "\"\n\n");
        }
        if (tool == QLatin1StringView("wrong-type"))
            return reply(socket, 200, "text/html", "<html><body>Sign in to continue</body></html>");
        if (tool == QLatin1StringView("server-error"))
            return reply(socket, 500, "text/plain", "internal error");
        if (tool == QLatin1StringView("endless")) {
            // Keep-alive comments forever, never an answer: only the request timeout ends it.
            socket->write(LoopbackHttpServer::responseHead(200, {{"Content-Type", "text/event-stream"}}, std::nullopt));
            ++openEndlessStreams;
            auto *ticker = new QTimer(socket);
            QObject::connect(ticker, &QTimer::timeout, socket,
                             [socket]() { socket->write(LoopbackHttpServer::chunk(": still thinking\n\n")); });
            QObject::connect(socket, &QTcpSocket::disconnected, socket, [this]() { --openEndlessStreams; });
            ticker->start(50);
            return;
        }
        // "echo": a well-formed answer as SSE.
        const QByteArray text = tool.toUtf8();
        reply(socket, 200, "text/event-stream",
              "event: message\ndata: "
                  + rpcResult(id, {{QStringLiteral("content"),
                                    QJsonArray{QJsonObject{{QStringLiteral("type"), QStringLiteral("text")},
                                                           {QStringLiteral("text"), QString::fromUtf8(text)}}}}})
                  + "\n\n");
    }
};

} // namespace

class TestHostileServers : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void failsOnlyThatRequest_data();
    void failsOnlyThatRequest();

private:
    static std::unique_ptr<McpTestClient> connectClient(const LoopbackHttpServer &server);
    static std::optional<Result<QJsonObject>> call(McpTestClient &client, const QString &tool);

    HostileServer m_hostile;
    HostileServer m_other;
};

void TestHostileServers::initTestCase()
{
    QVERIFY(m_hostile.http.listen());
    QVERIFY(m_other.http.listen());
}

std::unique_ptr<McpTestClient> TestHostileServers::connectClient(const LoopbackHttpServer &server)
{
    return McpTestClient::connect(server.url(QStringLiteral("/mcp")), ProtocolEra::StreamableHttp2025,
                                  [](McpSession &session) {
                                      // The endless stream must end in a timeout soon.
                                      session.setRequestLimits({1500ms, 3000ms});
                                  });
}

std::optional<Result<QJsonObject>> TestHostileServers::call(McpTestClient &client, const QString &tool)
{
    return await<QJsonObject>([&](QObject *c, auto done) { client.session->callTool(tool, {}, c, done); });
}

void TestHostileServers::failsOnlyThatRequest_data()
{
    QTest::addColumn<QString>("tool");
    QTest::addColumn<int>("expected");
    QTest::newRow("bad JSON") << QStringLiteral("bad-json") << int(ErrorCode::MalformedResponse);
    QTest::newRow("oversize event") << QStringLiteral("oversize") << int(ErrorCode::MalformedResponse);
    QTest::newRow("wrong content type") << QStringLiteral("wrong-type") << int(ErrorCode::MalformedResponse);
    QTest::newRow("endless stream") << QStringLiteral("endless") << int(ErrorCode::Timeout);
    QTest::newRow("server error") << QStringLiteral("server-error") << int(ErrorCode::HttpStatus);
}

void TestHostileServers::failsOnlyThatRequest()
{
    QFETCH(QString, tool);
    QFETCH(int, expected);
    const auto hostile = connectClient(m_hostile.http);
    const auto other = connectClient(m_other.http);
    QVERIFY(hostile);
    QVERIFY(other);

    // The hostile call and a call on an independent connection run at the same time.
    QObject context;
    std::optional<Result<QJsonObject>> failed;
    hostile->session->callTool(tool, {}, &context, [&failed](Result<QJsonObject> r) { failed.emplace(std::move(r)); });
    const auto meanwhile = call(*other, QStringLiteral("meanwhile"));
    QVERIFY(meanwhile && meanwhile->ok());

    QTRY_VERIFY_WITH_TIMEOUT(failed.has_value(), 20000);
    QVERIFY(!failed->ok());
    QCOMPARE(int(failed->error().code()), expected);
    QVERIFY(!failed->error().message().isEmpty());
    qInfo("%s -> %s", qPrintable(tool), qPrintable(failed->error().toString().left(200)));

    // The same session goes on, and an endless stream was closed by Portico, not left running.
    const auto after = call(*hostile, QStringLiteral("after"));
    QVERIFY2(after && after->ok(), after && !after->ok() ? qPrintable(after->error().toString()) : "no answer");
    QCOMPARE(hostile->session->state(), McpSession::State::Ready);
    QTRY_COMPARE_WITH_TIMEOUT(m_hostile.openEndlessStreams, 0, 5000);
}

QTEST_GUILESS_MAIN(TestHostileServers)
#include "tst_hostileservers.moc"
