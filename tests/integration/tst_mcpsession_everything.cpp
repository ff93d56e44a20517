// McpSession against the MCP reference server (server-everything, pinned in tests/peers), in both of its
// HTTP modes: Streamable HTTP (2025, sessions) and HTTP+SSE (2024). Connect, list every catalog, call
// tools, read a resource, get a prompt with arguments, receive progress, cancel, and recover when the
// server restarts mid-session (requirements TRANSPORT-3–TRANSPORT-8, TRANSPORT-18, TRANSPORT-21–TRANSPORT-28,
// FEATURE-2–FEATURE-6).

#include "awaitresult.h"
#include "everythingserver.h"
#include "host/serverconnection.h"
#include "mcp/httpssetransport.h"
#include "mcp/mcpsession.h"
#include "mcp/streamablehttptransport.h"
#include "mcptestclient.h"

#include <QJsonArray>
#include <QTest>

#include <memory>
#include <optional>

using namespace portico;
using namespace std::chrono_literals;
using portico::testing::await;
using portico::testing::describe;
using portico::testing::EverythingServer;
using portico::testing::McpTestClient;

namespace {

QString firstText(const QJsonObject &result)
{
    return result.value(QStringLiteral("content")).toArray().at(0).toObject().value(QStringLiteral("text")).toString();
}

} // namespace

class TestMcpSessionEverything : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void connectsAndNegotiates_data() { modes(); }
    void connectsAndNegotiates();
    void listsEveryCatalog_data() { modes(); }
    void listsEveryCatalog();
    void callsTools_data() { modes(); }
    void callsTools();
    void readsResourceAndGetsPrompt_data() { modes(); }
    void readsResourceAndGetsPrompt();
    void reportsProgress_data() { modes(); }
    void reportsProgress();
    void cancelsLongRunningCall_data() { modes(); }
    void cancelsLongRunningCall();
    void recoversWhenServerRestarts_data() { modes(); }
    void recoversWhenServerRestarts();
    void detectsEraThroughServerConnection_data() { modes(); }
    void detectsEraThroughServerConnection();

private:
    static void modes();
    // The shared server of `mode` ("streamableHttp" or "sse", server-everything's names for its modes).
    const EverythingServer &serverFor(const QString &mode) const;
    // A started session with `server`; null (and a warning) otherwise.
    static std::unique_ptr<McpTestClient> connectClient(const EverythingServer &server);

    EverythingServer m_streamable;
    EverythingServer m_sse;
};

void TestMcpSessionEverything::modes()
{
    QTest::addColumn<QString>("mode");
    QTest::newRow("streamable-http-2025") << QStringLiteral("streamableHttp");
    QTest::newRow("http-sse-2024") << QStringLiteral("sse");
}

void TestMcpSessionEverything::initTestCase()
{
    QString error = m_streamable.start(ProtocolEra::StreamableHttp2025);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    error = m_sse.start(ProtocolEra::HttpSse2024);
    QVERIFY2(error.isEmpty(), qPrintable(error));
}

const EverythingServer &TestMcpSessionEverything::serverFor(const QString &mode) const
{
    return mode == QLatin1StringView("sse") ? m_sse : m_streamable;
}

std::unique_ptr<McpTestClient> TestMcpSessionEverything::connectClient(const EverythingServer &server)
{
    return McpTestClient::connect(server.endpoint(), server.era());
}

void TestMcpSessionEverything::connectsAndNegotiates()
{
    QFETCH(QString, mode);
    const auto client = connectClient(serverFor(mode));
    QVERIFY(client);
    QCOMPARE(client->session->state(), McpSession::State::Ready);
    QCOMPARE(client->session->protocolVersion(), QStringLiteral("2025-11-25"));
    QVERIFY(
        client->session->serverInfo().value(QStringLiteral("name")).toString().contains(QStringLiteral("everything")));
    QVERIFY(client->session->serverCapabilities().contains(QStringLiteral("tools")));
    if (mode == QLatin1StringView("streamableHttp"))
        QVERIFY(!static_cast<StreamableHttpTransport *>(client->transport.get())->sessionId().isEmpty());
    else
        QVERIFY(static_cast<HttpSseTransport *>(client->transport.get())->messageEndpoint().isValid());
}

void TestMcpSessionEverything::listsEveryCatalog()
{
    QFETCH(QString, mode);
    const auto client = connectClient(serverFor(mode));
    QVERIFY(client);
    const auto tools = await<QList<Tool>>([&](QObject *c, auto done) { client->session->listTools(c, done); });
    QVERIFY2(tools && tools->ok(), describe(tools).constData());
    QVERIFY(tools->value().size() >= 10);
    QStringList names;
    for (const Tool &tool : tools->value())
        names.append(tool.name);
    QVERIFY(names.contains(QStringLiteral("echo")));
    QVERIFY(names.contains(QStringLiteral("get-sum")));
    QCOMPARE(client->session->tools().size(), tools->value().size());

    const auto resources =
        await<QList<Resource>>([&](QObject *c, auto done) { client->session->listResources(c, done); });
    QVERIFY2(resources && resources->ok(), describe(resources).constData());
    QVERIFY(!resources->value().isEmpty());
    QVERIFY(resources->value().constFirst().uri.startsWith(QStringLiteral("demo://")));

    const auto templates =
        await<QList<ResourceTemplate>>([&](QObject *c, auto done) { client->session->listResourceTemplates(c, done); });
    QVERIFY2(templates && templates->ok(), describe(templates).constData());
    QVERIFY(!templates->value().isEmpty());

    const auto prompts = await<QList<Prompt>>([&](QObject *c, auto done) { client->session->listPrompts(c, done); });
    QVERIFY2(prompts && prompts->ok(), describe(prompts).constData());
    const auto argsPrompt = std::find_if(prompts->value().cbegin(), prompts->value().cend(),
                                         [](const Prompt &p) { return p.name == QLatin1StringView("args-prompt"); });
    QVERIFY(argsPrompt != prompts->value().cend());
    QVERIFY(!argsPrompt->arguments.isEmpty());
    QVERIFY(argsPrompt->arguments.constFirst().required);
}

void TestMcpSessionEverything::callsTools()
{
    QFETCH(QString, mode);
    const auto client = connectClient(serverFor(mode));
    QVERIFY(client);
    const auto echo = await<QJsonObject>([&](QObject *c, auto done) {
        client->session->callTool(QStringLiteral("echo"), {{QStringLiteral("message"), QStringLiteral("hello")}}, c,
                                  done);
    });
    QVERIFY2(echo && echo->ok(), describe(echo).constData());
    QCOMPARE(firstText(echo->value()), QStringLiteral("Echo: hello"));

    const auto sum = await<QJsonObject>([&](QObject *c, auto done) {
        client->session->callTool(QStringLiteral("get-sum"), {{QStringLiteral("a"), 2}, {QStringLiteral("b"), 3}}, c,
                                  done);
    });
    QVERIFY2(sum && sum->ok(), describe(sum).constData());
    QVERIFY2(firstText(sum->value()).contains(QLatin1Char('5')), qPrintable(firstText(sum->value())));

    // An unknown tool is an answer (a tool error or a JSON-RPC error), never a hang or a crash
    // (requirements FEATURE-2).
    const auto unknown = await<QJsonObject>(
        [&](QObject *c, auto done) { client->session->callTool(QStringLiteral("no-such-tool"), {}, c, done); });
    QVERIFY(unknown.has_value());
    QVERIFY(!unknown->ok() || unknown->value().value(QStringLiteral("isError")).toBool());
}

void TestMcpSessionEverything::readsResourceAndGetsPrompt()
{
    QFETCH(QString, mode);
    const auto client = connectClient(serverFor(mode));
    QVERIFY(client);
    const auto read = await<QJsonObject>([&](QObject *c, auto done) {
        client->session->readResource(QStringLiteral("demo://resource/static/document/features.md"), c, done);
    });
    QVERIFY2(read && read->ok(), describe(read).constData());
    const QJsonObject content = read->value().value(QStringLiteral("contents")).toArray().at(0).toObject();
    QVERIFY(!content.value(QStringLiteral("text")).toString().isEmpty());

    const auto prompt = await<QJsonObject>([&](QObject *c, auto done) {
        client->session->getPrompt(
            QStringLiteral("args-prompt"),
            {{QStringLiteral("city"), QStringLiteral("Lisbon")}, {QStringLiteral("state"), QStringLiteral("Lisboa")}},
            c, done);
    });
    QVERIFY2(prompt && prompt->ok(), describe(prompt).constData());
    const QString text = prompt->value()
                             .value(QStringLiteral("messages"))
                             .toArray()
                             .at(0)
                             .toObject()
                             .value(QStringLiteral("content"))
                             .toObject()
                             .value(QStringLiteral("text"))
                             .toString();
    QVERIFY2(text.contains(QStringLiteral("Lisbon")), qPrintable(text));
}

void TestMcpSessionEverything::reportsProgress()
{
    QFETCH(QString, mode);
    const auto client = connectClient(serverFor(mode));
    QVERIFY(client);
    QList<double> progress;
    const auto result = await<QJsonObject>([&](QObject *c, auto done) {
        client->session->callTool(
            QStringLiteral("trigger-long-running-operation"),
            {{QStringLiteral("duration"), 1}, {QStringLiteral("steps"), 4}}, c, done,
            [&progress](const McpSession::ProgressUpdate &update) { progress.append(update.progress); });
    });
    QVERIFY2(result && result->ok(), describe(result).constData());
    QVERIFY2(progress.size() >= 2, qPrintable(QString::number(progress.size())));
    QVERIFY(std::is_sorted(progress.cbegin(), progress.cend())); // progress only increases (requirements FEATURE-6)
}

void TestMcpSessionEverything::cancelsLongRunningCall()
{
    QFETCH(QString, mode);
    const auto client = connectClient(serverFor(mode));
    QVERIFY(client);
    QObject context;
    std::optional<Result<QJsonObject>> outcome;
    int updates = 0;
    qint64 id = 0;
    id = client->session->callTool(
        QStringLiteral("trigger-long-running-operation"),
        {{QStringLiteral("duration"), 20}, {QStringLiteral("steps"), 20}}, &context,
        [&outcome](Result<QJsonObject> result) { outcome.emplace(std::move(result)); },
        [&updates](const McpSession::ProgressUpdate &) { ++updates; });
    QTRY_VERIFY_WITH_TIMEOUT(updates >= 1, 10000);
    client->session->cancel(id, QStringLiteral("test"));
    QTRY_VERIFY_WITH_TIMEOUT(outcome.has_value(), 5000);
    QVERIFY(!outcome->ok());
    QCOMPARE(outcome->error().code(), ErrorCode::Cancelled);

    // The session goes on after a cancel.
    const auto echo = await<QJsonObject>([&](QObject *c, auto done) {
        client->session->callTool(QStringLiteral("echo"), {{QStringLiteral("message"), QStringLiteral("after")}}, c,
                                  done);
    });
    QVERIFY2(echo && echo->ok(), describe(echo).constData());
    QCOMPARE(firstText(echo->value()), QStringLiteral("Echo: after"));
}

void TestMcpSessionEverything::recoversWhenServerRestarts()
{
    QFETCH(QString, mode);
    EverythingServer server;
    QString error = server.start(serverFor(mode).era());
    QVERIFY2(error.isEmpty(), qPrintable(error));
    const auto client = connectClient(server);
    QVERIFY(client);

    QStringList errors;
    connect(client->session.get(), &McpSession::errorOccurred, this,
            [&errors](const Error &failure) { errors.append(failure.toString()); });
    server.stop();
    error = server.start(server.era(), server.port()); // the same port: the same server, restarted
    QVERIFY2(error.isEmpty(), qPrintable(error));

    // The restarted server knows nothing of the old session. The first request may fail (the 2024
    // transport loses what was in flight), but the session starts again by itself and the next works
    // (requirements TRANSPORT-23).
    std::optional<Result<QList<Tool>>> tools;
    for (int attempt = 0; attempt < 5; ++attempt) {
        tools = await<QList<Tool>>([&](QObject *c, auto done) { client->session->listTools(c, done); });
        if (tools && tools->ok())
            break;
        QTest::qWait(500);
    }
    QVERIFY2(tools && tools->ok(), describe(tools).constData());
    QVERIFY(tools->value().size() >= 10);
    QTRY_COMPARE_WITH_TIMEOUT(client->session->state(), McpSession::State::Ready, 20000);
    qInfo("errors seen while the server restarted: %s", qPrintable(errors.join(QStringLiteral(" | "))));
}

void TestMcpSessionEverything::detectsEraThroughServerConnection()
{
    // Automatic transport: the probe goes newest first and falls back (requirements TRANSPORT-2): server-everything's
    // Streamable HTTP endpoint refuses the 2026-07-28 request and takes initialize; its SSE endpoint refuses
    // both POSTs and opens an event stream.
    QFETCH(QString, mode);
    const bool sse = mode == QLatin1StringView("sse");
    ServerConfig config;
    config.name = QStringLiteral("everything");
    config.url = serverFor(mode).endpoint();
    ServerConnection connection(config, nullptr);
    std::optional<ProtocolEra> detected;
    connect(&connection, &ServerConnection::eraDetected, this, [&detected](ProtocolEra era) { detected = era; });
    connection.connectToServer();
    QTRY_COMPARE_WITH_TIMEOUT(connection.state(), ServerConnection::State::Connected, 30000);
    QVERIFY(detected.has_value());
    QCOMPARE(*detected, sse ? ProtocolEra::HttpSse2024 : ProtocolEra::StreamableHttp2025);
    QVERIFY(connection.session());
    const auto echo = await<QJsonObject>([&](QObject *c, auto done) {
        connection.session()->callTool(QStringLiteral("echo"), {{QStringLiteral("message"), QStringLiteral("era")}}, c,
                                       done);
    });
    QVERIFY2(echo && echo->ok(), describe(echo).constData());
    QCOMPARE(firstText(echo->value()), QStringLiteral("Echo: era"));

    // The era is remembered: a reconnection goes straight to it.
    connection.disconnectFromServer();
    QCOMPARE(connection.state(), ServerConnection::State::Disconnected);
    QCOMPARE(connection.era(), detected);
    connection.connectToServer();
    QTRY_COMPARE_WITH_TIMEOUT(connection.state(), ServerConnection::State::Connected, 30000);
}

QTEST_GUILESS_MAIN(TestMcpSessionEverything)
#include "tst_mcpsession_everything.moc"
