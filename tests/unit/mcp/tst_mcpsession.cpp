// McpSession details a real server does not exercise on cue: pagination (an empty string is a valid
// cursor, a repeated cursor stops the listing: requirements FEATURE-3, SEC-12), and ConnectionManager following the
// registry (one connection per configured server).

#include "awaitresult.h"
#include "loopbackhttpserver.h"
#include "secrets/inmemorysecretstore.h"

#include "config/serverregistry.h"
#include "host/connectionmanager.h"
#include "host/serverconnection.h"
#include "mcp/mcpsession.h"
#include "mcp/streamablehttptransport.h"
#include "net/httpclient.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>

#include <optional>

using namespace portico;
using TestRequest = portico::testing::HttpRequest;
using TestResponse = portico::testing::HttpResponse;
using portico::testing::await;
using portico::testing::LoopbackHttpServer;

namespace {

TestResponse json(const QJsonObject &body, QList<QPair<QByteArray, QByteArray>> headers = {})
{
    headers.append(qMakePair(QByteArray("Content-Type"), QByteArray("application/json")));
    return {200, headers, QJsonDocument(body).toJson(QJsonDocument::Compact)};
}

QJsonObject result(const QJsonValue &id, const QJsonObject &value)
{
    return {{QStringLiteral("jsonrpc"), QStringLiteral("2.0")},
            {QStringLiteral("id"), id},
            {QStringLiteral("result"), value}};
}

QJsonObject toolsPage(int first, int count)
{
    QJsonArray tools;
    for (int i = first; i < first + count; ++i) {
        tools.append(QJsonObject{
            {QStringLiteral("name"), QStringLiteral("tool-%1").arg(i)},
            {QStringLiteral("inputSchema"), QJsonObject{{QStringLiteral("type"), QStringLiteral("object")}}}});
    }
    return {{QStringLiteral("tools"), tools}};
}

// A 2025 server whose tools/list pages are chosen by `pages`: cursor (absent = "<none>") -> page.
void serve(LoopbackHttpServer &server, std::function<QJsonObject(const QString &cursor)> pages, QStringList *cursors)
{
    server.route("POST", "/mcp", [pages, cursors](const TestRequest &request) {
        const QJsonObject message = QJsonDocument::fromJson(request.body).object();
        const QString method = message.value(QStringLiteral("method")).toString();
        const QJsonValue id = message.value(QStringLiteral("id"));
        if (method == QLatin1StringView("initialize")) {
            return json(
                result(id, {{QStringLiteral("protocolVersion"), QStringLiteral("2025-11-25")},
                            {QStringLiteral("capabilities"), QJsonObject{{QStringLiteral("tools"), QJsonObject()}}},
                            {QStringLiteral("serverInfo"),
                             QJsonObject{{QStringLiteral("name"), QStringLiteral("paged")}}}}),
                {{"Mcp-Session-Id", "p-1"}});
        }
        if (method == QLatin1StringView("tools/list")) {
            const QJsonObject params = message.value(QStringLiteral("params")).toObject();
            const QString cursor = params.contains(QStringLiteral("cursor"))
                                       ? params.value(QStringLiteral("cursor")).toString()
                                       : QStringLiteral("<none>");
            cursors->append(cursor);
            return json(result(id, pages(cursor)));
        }
        return TestResponse{202, {}, {}};
    });
    server.route("GET", "/mcp", [](const TestRequest &) { return TestResponse{405, {}, {}}; });
    server.route("DELETE", "/mcp", [](const TestRequest &) { return TestResponse{200, {}, {}}; });
}

} // namespace

class TestMcpSession : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void followsCursorsIncludingTheEmptyOne();
    void stopsWhenTheServerRepeatsACursor();
    void connectionManagerFollowsTheRegistry();

private:
    std::optional<Result<QList<Tool>>> listFrom(LoopbackHttpServer &server);
};

std::optional<Result<QList<Tool>>> TestMcpSession::listFrom(LoopbackHttpServer &server)
{
    HttpClient http;
    StreamableHttpTransport transport(&http, server.url(QStringLiteral("/mcp")));
    McpSession session(&transport);
    const auto started = await<void>([&](QObject *c, auto done) { session.start(c, done); });
    if (!started || !started->ok())
        return std::nullopt;
    return await<QList<Tool>>([&](QObject *c, auto done) { session.listTools(c, done); });
}

void TestMcpSession::followsCursorsIncludingTheEmptyOne()
{
    LoopbackHttpServer server;
    QStringList cursors;
    // Three pages; the second cursor is "" — opaque, and valid (requirements FEATURE-3).
    serve(
        server,
        [](const QString &cursor) {
            if (cursor == QLatin1StringView("<none>")) {
                QJsonObject page = toolsPage(0, 100);
                page.insert(QStringLiteral("nextCursor"), QString(QLatin1String("")));
                return page;
            }
            if (cursor.isEmpty()) {
                QJsonObject page = toolsPage(100, 100);
                page.insert(QStringLiteral("nextCursor"), QStringLiteral("page=3"));
                return page;
            }
            return toolsPage(200, 50);
        },
        &cursors);
    QVERIFY(server.listen());
    const auto tools = listFrom(server);
    QVERIFY(tools && tools->ok());
    QCOMPARE(tools->value().size(), 250);
    QCOMPARE(tools->value().constLast().name, QStringLiteral("tool-249"));
    QCOMPARE(cursors, (QStringList{QStringLiteral("<none>"), QString(), QStringLiteral("page=3")}));
}

void TestMcpSession::stopsWhenTheServerRepeatsACursor()
{
    LoopbackHttpServer server;
    QStringList cursors;
    serve(
        server,
        [](const QString &) {
            QJsonObject page = toolsPage(0, 1);
            page.insert(QStringLiteral("nextCursor"), QStringLiteral("again"));
            return page;
        },
        &cursors);
    QVERIFY(server.listen());
    const auto tools = listFrom(server);
    QVERIFY(tools.has_value());
    QVERIFY(!tools->ok());
    QCOMPARE(tools->error().code(), ErrorCode::MalformedResponse);
    QCOMPARE(cursors.size(), 2); // the first page, then the cursor once: the repeat ends it
}

void TestMcpSession::connectionManagerFollowsTheRegistry()
{
    QTemporaryDir directory;
    QVERIFY(directory.isValid());
    ServerRegistry registry(directory.filePath(QStringLiteral("servers.json")));
    QVERIFY(registry.load().ok());
    InMemorySecretStore secrets;
    ConnectionManager manager(&registry, &secrets);
    QCOMPARE(manager.connections().size(), 0);

    ServerConfig config;
    config.name = QStringLiteral("one");
    config.url = QUrl(QStringLiteral("https://mcp.example/one"));
    QVERIFY(registry.add(config).ok());
    QCOMPARE(manager.connections().size(), 1);
    ServerConnection *connection = manager.connection(config.id());
    QVERIFY(connection);
    QCOMPARE(connection->state(), ServerConnection::State::Disconnected);

    config.name = QStringLiteral("renamed");
    QVERIFY(registry.update(config).ok());
    QCOMPARE(manager.connection(config.id())->config().name, QStringLiteral("renamed"));

    QVERIFY(registry.remove(config.id()).ok());
    QCOMPARE(manager.connections().size(), 0);
    QVERIFY(!manager.connection(config.id()));
}

QTEST_GUILESS_MAIN(TestMcpSession)
#include "tst_mcpsession.moc"
