// StatelessHttpTransport against a loopback HTTP server: the exact headers of every 2026-07-28 POST
// (requirements TRANSPORT-4, TRANSPORT-6, TRANSPORT-11, TRANSPORT-12), JSON and SSE replies (requirements TRANSPORT-5),
// no sessions, GET, DELETE or Last-Event-ID (requirements TRANSPORT-19), cancellation and timeouts that close the
// stream without notifications/cancelled (requirements TRANSPORT-8, TRANSPORT-18), error bodies that answer the request
// (requirements TRANSPORT-13, TRANSPORT-14, TRANSPORT-17), the 401/403 hand-off, and subscriptions/listen
// (requirements TRANSPORT-20).

#include "awaitresult.h"
#include "loopbackhttpserver.h"
#include "mcp/authorizationhandler.h"
#include "mcp/statelesshttptransport.h"
#include "net/httpclient.h"
#include "testhttpoptions.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QPointer>
#include <QSignalSpy>
#include <QTcpSocket>
#include <QTest>
#include <QTimer>

#include <algorithm>
#include <memory>
#include <optional>

using namespace portico;
using namespace std::chrono_literals;
namespace peer = portico::testing;
using portico::testing::fastOptions;

namespace {

using Server = peer::LoopbackHttpServer;

constexpr int kWaitMs = 10'000;
const QString kVersion = QStringLiteral("2026-07-28");

QJsonObject meta(const QString &version = kVersion)
{
    return {{QStringLiteral("io.modelcontextprotocol/protocolVersion"), version},
            {QStringLiteral("io.modelcontextprotocol/clientCapabilities"), QJsonObject()},
            {QStringLiteral("io.modelcontextprotocol/clientInfo"),
             QJsonObject{{QStringLiteral("name"), QStringLiteral("Portico")},
                         {QStringLiteral("version"), QStringLiteral("0")}}}};
}

QJsonObject withMeta(QJsonObject params, const QString &version = kVersion)
{
    params.insert(QStringLiteral("_meta"), meta(version));
    return params;
}

QJsonObject parse(const QByteArray &body)
{
    return QJsonDocument::fromJson(body).object();
}

QByteArray compact(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

QJsonValue idOf(const peer::HttpRequest &request)
{
    return parse(request.body).value(QStringLiteral("id"));
}

QJsonObject resultMessage(const QJsonValue &id, QJsonObject result = {})
{
    result.insert(QStringLiteral("resultType"), QStringLiteral("complete"));
    return {{QStringLiteral("jsonrpc"), QStringLiteral("2.0")},
            {QStringLiteral("id"), id},
            {QStringLiteral("result"), result}};
}

QJsonObject notificationMessage(const QString &method, const QJsonObject &params)
{
    return {{QStringLiteral("jsonrpc"), QStringLiteral("2.0")},
            {QStringLiteral("method"), method},
            {QStringLiteral("params"), params}};
}

peer::HttpResponse jsonReply(const QJsonObject &message, int status = 200,
                             QList<QPair<QByteArray, QByteArray>> headers = {})
{
    const bool typed = std::any_of(headers.cbegin(), headers.cend(), [](const QPair<QByteArray, QByteArray> &h) {
        return h.first.compare("Content-Type", Qt::CaseInsensitive) == 0;
    });
    if (!typed)
        headers.append(qMakePair(QByteArray("Content-Type"), QByteArray("application/json")));
    return {status, headers, compact(message)};
}

// One SSE event carrying a message, as a chunk of a chunked body.
QByteArray sseChunk(const QJsonObject &message, const QByteArray &extraFields = {})
{
    const QByteArray event = extraFields + "data: " + compact(message) + "\n\n";
    return Server::chunk(event);
}

QByteArray sseHead()
{
    return Server::responseHead(200, {{"Content-Type", "text/event-stream"}}, std::nullopt);
}

int countHeader(const peer::HttpRequest &request, QByteArrayView name)
{
    int count = 0;
    for (const auto &header : request.headers) {
        if (header.first.compare(name, Qt::CaseInsensitive) == 0)
            ++count;
    }
    return count;
}

bool hasHeader(const peer::HttpRequest &request, QByteArrayView name)
{
    return countHeader(request, name) > 0;
}

// Sends a request and waits (bounded) for its one completion.
std::optional<Result<QJsonObject>> call(Transport &transport, const QString &method, const QJsonObject &params,
                                        const Transport::RequestOptions &options = {}, qint64 *idOut = nullptr)
{
    return portico::testing::await<QJsonObject>(
        [&](QObject *context, auto done) {
            const qint64 id = transport.sendRequest(method, params, options, context, done);
            if (idOut)
                *idOut = id;
        },
        kWaitMs);
}

// Credentials that change each time a challenge is handled, and a count of challenges.
class FakeAuthorization : public AuthorizationHandler
{
public:
    int token = 1;
    int challenges = 0;
    bool grant = true;

    HttpHeaders credentialsFor(const QUrl &) override
    {
        return {{"Authorization", "Bearer token-" + QByteArray::number(token)}};
    }
    void handleChallenge(const QUrl &, const HttpResponse &challenge, QObject *context,
                         std::function<void(bool retry)> done) override
    {
        ++challenges;
        ++token;
        lastStatus = challenge.status;
        QTimer::singleShot(0, context, [done, retry = grant]() { done(retry); });
    }
    int lastStatus = 0;
};

} // namespace

class TestStatelessHttpTransport : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void sendsStandardHeaders_data();
    void sendsStandardHeaders();
    void protocolVersionHeaderEqualsMeta();
    void appendsExtraHeadersButNeverOverridesStandardOnes();
    void refusesUnsendableRequestsWithoutSending_data();
    void refusesUnsendableRequestsWithoutSending();
    void readsJsonReplies();
    void readsSseRepliesWithRelatedNotifications();
    void closesAStreamLeftOpenAfterTheResponse();
    void keepsNoSession();
    void errorBodiesAnswerTheRequest_data();
    void errorBodiesAnswerTheRequest();
    void statusWithoutJsonRpcBodyIsAnHttpError();
    void streamEndingWithoutResponseLosesTheRequest();
    void cancellationClosesTheStream();
    void cancelledNotificationIsNeverPosted();
    void timeoutClosesTheStream();
    void progressExtendsTheTimeout();
    void serverRequestsAreReportedNotAnswered();
    void postsNotifications();
    void sendResponseSendsNothing();
    void reauthorizesAtMostTwice();
    void reauthorizesThenSucceeds();
    void closeCancelsEverything();
    void subscriptionDeliversAcknowledgedNotifications();
    void subscriptionReportsRefusedFilterParts();
    void subscriptionReconnectsAfterAbruptDropWithNewId();
    void subscriptionGivesUpAfterRepeatedFailures();
    void subscriptionRefusedByServerIsNotRetried();
    void closingSubscriptionClosesItsStream();
};

void TestStatelessHttpTransport::sendsStandardHeaders_data()
{
    QTest::addColumn<QString>("method");
    QTest::addColumn<QJsonObject>("params");
    QTest::addColumn<QByteArray>("expectedName"); // empty: no Mcp-Name header

    QTest::newRow("tools/call") << QStringLiteral("tools/call")
                                << QJsonObject{{QStringLiteral("name"), QStringLiteral("get_weather")},
                                               {QStringLiteral("arguments"), QJsonObject()}}
                                << QByteArray("get_weather");
    QTest::newRow("tools/call, hyphenated")
        << QStringLiteral("tools/call") << QJsonObject{{QStringLiteral("name"), QStringLiteral("my-hyphenated-tool")}}
        << QByteArray("my-hyphenated-tool");
    QTest::newRow("tools/call, non-ascii name")
        << QStringLiteral("tools/call") << QJsonObject{{QStringLiteral("name"), QStringLiteral("météo")}}
        << QByteArray("=?base64?bcOpdMOpbw==?=");
    QTest::newRow("resources/read, percent-encoded uri")
        << QStringLiteral("resources/read")
        << QJsonObject{{QStringLiteral("uri"), QStringLiteral("file:///path/to/file%20name.txt")}}
        << QByteArray("file:///path/to/file%20name.txt");
    QTest::newRow("resources/read, uri with query")
        << QStringLiteral("resources/read")
        << QJsonObject{{QStringLiteral("uri"), QStringLiteral("https://example.com/resource?id=123")}}
        << QByteArray("https://example.com/resource?id=123");
    QTest::newRow("prompts/get") << QStringLiteral("prompts/get")
                                 << QJsonObject{{QStringLiteral("name"), QStringLiteral("test_prompt")}}
                                 << QByteArray("test_prompt");
    QTest::newRow("tools/list") << QStringLiteral("tools/list") << QJsonObject() << QByteArray();
    QTest::newRow("resources/list") << QStringLiteral("resources/list") << QJsonObject() << QByteArray();
    QTest::newRow("prompts/list") << QStringLiteral("prompts/list") << QJsonObject() << QByteArray();
    QTest::newRow("server/discover") << QStringLiteral("server/discover") << QJsonObject() << QByteArray();
    QTest::newRow("a name on another method is not mirrored")
        << QStringLiteral("completion/complete") << QJsonObject{{QStringLiteral("name"), QStringLiteral("x")}}
        << QByteArray();
}

void TestStatelessHttpTransport::sendsStandardHeaders()
{
    QFETCH(QString, method);
    QFETCH(QJsonObject, params);
    QFETCH(QByteArray, expectedName);

    Server server;
    QVERIFY(server.listen());
    server.route("POST", "/mcp",
                 [](const peer::HttpRequest &request) { return jsonReply(resultMessage(idOf(request))); });
    HttpClient http(fastOptions());
    StatelessHttpTransport transport(&http, server.url(QStringLiteral("/mcp")));
    transport.setProtocolVersion(kVersion);

    const auto outcome = call(transport, method, withMeta(params));
    QVERIFY(outcome && outcome->ok());
    QCOMPARE(server.requests().size(), 1);
    const peer::HttpRequest &request = server.requests().constFirst();
    QCOMPARE(request.method, QByteArray("POST"));
    QCOMPARE(request.path(), QByteArray("/mcp"));
    QCOMPARE(request.header("Accept"), QByteArray("application/json, text/event-stream"));
    QCOMPARE(request.header("Content-Type"), QByteArray("application/json"));
    QCOMPARE(request.header("MCP-Protocol-Version"), kVersion.toLatin1());
    QCOMPARE(countHeader(request, "Mcp-Method"), 1);
    QCOMPARE(request.header("Mcp-Method"), method.toLatin1());
    QCOMPARE(countHeader(request, "Mcp-Name"), expectedName.isEmpty() ? 0 : 1);
    QCOMPARE(request.header("Mcp-Name"), expectedName);
    QVERIFY(!hasHeader(request, "Mcp-Session-Id"));
    QVERIFY(!hasHeader(request, "Last-Event-ID"));

    const QJsonObject body = parse(request.body);
    QCOMPARE(body.value(QStringLiteral("jsonrpc")).toString(), QStringLiteral("2.0"));
    QCOMPARE(body.value(QStringLiteral("method")).toString(), method);
    QVERIFY(body.value(QStringLiteral("id")).isDouble());
    QCOMPARE(body.value(QStringLiteral("params")).toObject().value(QStringLiteral("_meta")).toObject(), meta());
}

void TestStatelessHttpTransport::protocolVersionHeaderEqualsMeta()
{
    Server server;
    QVERIFY(server.listen());
    server.route("POST", "/mcp",
                 [](const peer::HttpRequest &request) { return jsonReply(resultMessage(idOf(request))); });
    HttpClient http(fastOptions());
    StatelessHttpTransport transport(&http, server.url(QStringLiteral("/mcp")));
    transport.setProtocolVersion(kVersion);

    // The body names another version (a retry after -32022): the header follows the body (requirements TRANSPORT-6).
    QVERIFY(call(transport, QStringLiteral("tools/list"), withMeta({}, QStringLiteral("2099-01-01")))->ok());
    // Without _meta the transport's version is all there is.
    QVERIFY(call(transport, QStringLiteral("tools/list"), {})->ok());
    QCOMPARE(server.requests().size(), 2);
    QCOMPARE(server.requests().at(0).header("MCP-Protocol-Version"), QByteArray("2099-01-01"));
    QCOMPARE(countHeader(server.requests().at(0), "MCP-Protocol-Version"), 1);
    QCOMPARE(server.requests().at(1).header("MCP-Protocol-Version"), kVersion.toLatin1());
}

void TestStatelessHttpTransport::appendsExtraHeadersButNeverOverridesStandardOnes()
{
    Server server;
    QVERIFY(server.listen());
    server.route("POST", "/mcp",
                 [](const peer::HttpRequest &request) { return jsonReply(resultMessage(idOf(request))); });
    HttpClient http(fastOptions());
    StatelessHttpTransport transport(&http, server.url(QStringLiteral("/mcp")));
    transport.setProtocolVersion(kVersion);

    Transport::RequestOptions options;
    options.extraHeaders = {{"Mcp-Param-Region", "us-west1"},
                            {"Mcp-Param-EmptyVal", QByteArray("")},
                            {"Mcp-Param-Method", "test-method"},
                            {"mcp-method", "forged"},
                            {"Mcp-Name", "forged"}};
    const QJsonObject params{{QStringLiteral("name"), QStringLiteral("execute_sql")}};
    QVERIFY(call(transport, QStringLiteral("tools/call"), withMeta(params), options)->ok());
    const peer::HttpRequest &request = server.requests().constFirst();
    QCOMPARE(request.header("Mcp-Param-Region"), QByteArray("us-west1"));
    QVERIFY(hasHeader(request, "Mcp-Param-EmptyVal")); // an empty value is still sent
    QCOMPARE(request.header("Mcp-Param-EmptyVal"), QByteArray(""));
    QCOMPARE(request.header("Mcp-Param-Method"), QByteArray("test-method"));
    QCOMPARE(countHeader(request, "Mcp-Method"), 1);
    QCOMPARE(request.header("Mcp-Method"), QByteArray("tools/call"));
    QCOMPARE(request.header("Mcp-Name"), QByteArray("execute_sql"));
}

void TestStatelessHttpTransport::refusesUnsendableRequestsWithoutSending_data()
{
    QTest::addColumn<QString>("method");
    QTest::addColumn<QJsonObject>("params");
    QTest::addColumn<QByteArray>("extraName");
    QTest::addColumn<QByteArray>("extraValue");
    QTest::newRow("header injection in an extra value")
        << QStringLiteral("tools/list") << QJsonObject() << QByteArray("Mcp-Param-A") << QByteArray("x\r\nX-Evil: 1");
    QTest::newRow("extra name not a token")
        << QStringLiteral("tools/list") << QJsonObject() << QByteArray("Bad Name") << QByteArray("x");
    QTest::newRow("method not a safe header value")
        << QStringLiteral("tools/ca\nll") << QJsonObject() << QByteArray() << QByteArray();
    QTest::newRow("tools/call without a name")
        << QStringLiteral("tools/call") << QJsonObject() << QByteArray() << QByteArray();
    QTest::newRow("resources/read without a uri")
        << QStringLiteral("resources/read") << QJsonObject{{QStringLiteral("name"), QStringLiteral("x")}}
        << QByteArray() << QByteArray();
}

void TestStatelessHttpTransport::refusesUnsendableRequestsWithoutSending()
{
    QFETCH(QString, method);
    QFETCH(QJsonObject, params);
    QFETCH(QByteArray, extraName);
    QFETCH(QByteArray, extraValue);

    Server server;
    QVERIFY(server.listen());
    HttpClient http(fastOptions());
    StatelessHttpTransport transport(&http, server.url(QStringLiteral("/mcp")));
    Transport::RequestOptions options;
    if (!extraName.isEmpty())
        options.extraHeaders = {{extraName, extraValue}};
    const auto outcome = call(transport, method, withMeta(params), options);
    QVERIFY(outcome && !outcome->ok());
    QCOMPARE(outcome->error().code(), ErrorCode::InvalidArgument);
    QTest::qWait(50);
    QCOMPARE(server.connectionCount(), 0);
}

void TestStatelessHttpTransport::readsJsonReplies()
{
    Server server;
    QVERIFY(server.listen());
    server.route("POST", "/mcp", [](const peer::HttpRequest &request) {
        return jsonReply(resultMessage(idOf(request), {{QStringLiteral("tools"), QJsonArray()}}), 200,
                         {{"Content-Type", "application/json; charset=utf-8"}});
    });
    HttpClient http(fastOptions());
    StatelessHttpTransport transport(&http, server.url(QStringLiteral("/mcp")));
    qint64 id = 0;
    const auto outcome = call(transport, QStringLiteral("tools/list"), withMeta({}), {}, &id);
    QVERIFY(outcome && outcome->ok());
    QCOMPARE(outcome->value().value(QStringLiteral("id")).toInteger(), id);
    QVERIFY(outcome->value().value(QStringLiteral("result")).toObject().contains(QStringLiteral("tools")));
}

void TestStatelessHttpTransport::readsSseRepliesWithRelatedNotifications()
{
    Server server;
    QVERIFY(server.listen());
    server.routeStream("POST", "/mcp", [](const peer::HttpRequest &request, QTcpSocket *socket) {
        const QJsonValue id = idOf(request);
        socket->write(sseHead());
        socket->write(Server::chunk(": keep-alive\n\n"));
        socket->write(sseChunk(notificationMessage(
            QStringLiteral("notifications/message"),
            {{QStringLiteral("level"), QStringLiteral("info")}, {QStringLiteral("data"), QStringLiteral("working")}})));
        socket->write(sseChunk(resultMessage(id, {{QStringLiteral("content"), QJsonArray()}}), "event: message\r\n"));
        socket->write(Server::chunk({}));
        socket->disconnectFromHost();
    });
    HttpClient http(fastOptions());
    StatelessHttpTransport transport(&http, server.url(QStringLiteral("/mcp")));
    QSignalSpy notifications(&transport, &Transport::notificationReceived);
    QSignalSpy errors(&transport, &Transport::transportError);
    const auto outcome = call(transport, QStringLiteral("tools/call"),
                              withMeta({{QStringLiteral("name"), QStringLiteral("add_numbers")}}));
    QVERIFY(outcome && outcome->ok());
    QVERIFY(outcome->value().value(QStringLiteral("result")).toObject().contains(QStringLiteral("content")));
    QCOMPARE(notifications.size(), 1);
    QCOMPARE(notifications.at(0).at(0).toString(), QStringLiteral("notifications/message"));
    QCOMPARE(errors.size(), 0);
}

void TestStatelessHttpTransport::closesAStreamLeftOpenAfterTheResponse()
{
    Server server;
    QVERIFY(server.listen());
    bool streamClosed = false;
    server.routeStream("POST", "/mcp", [&streamClosed](const peer::HttpRequest &request, QTcpSocket *socket) {
        QObject::connect(socket, &QTcpSocket::disconnected, socket, [&streamClosed]() { streamClosed = true; });
        socket->write(sseHead());
        socket->write(sseChunk(resultMessage(idOf(request)))); // and the stream stays open
    });
    HttpClient http(fastOptions());
    StatelessHttpTransport transport(&http, server.url(QStringLiteral("/mcp")));
    QElapsedTimer clock;
    clock.start();
    const auto outcome = call(transport, QStringLiteral("tools/list"), withMeta({}));
    QVERIFY(outcome && outcome->ok());
    QVERIFY(clock.elapsed() < StatelessHttpTransport::kResponseLingerMilliseconds); // answered at once
    QTRY_VERIFY_WITH_TIMEOUT(streamClosed, kWaitMs);
    QVERIFY(clock.elapsed() >= StatelessHttpTransport::kResponseLingerMilliseconds - 50);
}

void TestStatelessHttpTransport::keepsNoSession()
{
    Server server;
    QVERIFY(server.listen());
    // The conformance mocks hand out a session id even on the 2026 wire: it must not be echoed
    // (requirements TRANSPORT-19).
    server.route("POST", "/mcp", [](const peer::HttpRequest &request) {
        return jsonReply(resultMessage(idOf(request)), 200, {{"Mcp-Session-Id", "session-123"}});
    });
    HttpClient http(fastOptions());
    StatelessHttpTransport transport(&http, server.url(QStringLiteral("/mcp")));
    QVERIFY(call(transport, QStringLiteral("tools/list"), withMeta({}))->ok());
    QVERIFY(call(transport, QStringLiteral("tools/list"), withMeta({}))->ok());
    transport.close();
    QTest::qWait(100);
    QCOMPARE(server.requests().size(), 2); // no GET stream, no DELETE at close
    for (const peer::HttpRequest &request : server.requests()) {
        QCOMPARE(request.method, QByteArray("POST"));
        QVERIFY(!hasHeader(request, "Mcp-Session-Id"));
    }
}

void TestStatelessHttpTransport::errorBodiesAnswerTheRequest_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<int>("code");
    QTest::addColumn<QJsonValue>("data");
    QTest::addColumn<bool>("nullId");

    QTest::newRow("400 HeaderMismatch") << 400 << -32020 << QJsonValue() << false;
    QTest::newRow("400 MissingRequiredClientCapability")
        << 400 << -32021
        << QJsonValue(QJsonObject{
               {QStringLiteral("requiredCapabilities"), QJsonObject{{QStringLiteral("elicitation"), QJsonObject()}}}})
        << false;
    QTest::newRow("400 UnsupportedProtocolVersion")
        << 400 << -32022
        << QJsonValue(QJsonObject{{QStringLiteral("supported"), QJsonArray{QStringLiteral("2026-07-28")}},
                                  {QStringLiteral("requested"), QStringLiteral("1900-01-01")}})
        << false;
    QTest::newRow("400 UnsupportedProtocolVersion, null id")
        << 400 << -32022
        << QJsonValue(QJsonObject{{QStringLiteral("supported"), QJsonArray{QStringLiteral("2026-07-28")}}}) << true;
    QTest::newRow("400 invalid params") << 400 << -32602 << QJsonValue() << false;
    QTest::newRow("404 method not found") << 404 << -32601 << QJsonValue() << false;
}

void TestStatelessHttpTransport::errorBodiesAnswerTheRequest()
{
    QFETCH(int, status);
    QFETCH(int, code);
    QFETCH(QJsonValue, data);
    QFETCH(bool, nullId);

    Server server;
    QVERIFY(server.listen());
    server.route("POST", "/mcp", [&](const peer::HttpRequest &request) {
        QJsonObject error{{QStringLiteral("code"), code}, {QStringLiteral("message"), QStringLiteral("refused")}};
        if (!data.isNull())
            error.insert(QStringLiteral("data"), data);
        return jsonReply({{QStringLiteral("jsonrpc"), QStringLiteral("2.0")},
                          {QStringLiteral("id"), nullId ? QJsonValue() : idOf(request)},
                          {QStringLiteral("error"), error}},
                         status);
    });
    HttpClient http(fastOptions());
    StatelessHttpTransport transport(&http, server.url(QStringLiteral("/mcp")));
    qint64 id = 0;
    const auto outcome = call(transport, QStringLiteral("tools/call"),
                              withMeta({{QStringLiteral("name"), QStringLiteral("t")}}), {}, &id);
    QVERIFY(outcome);
    QVERIFY2(outcome->ok(), outcome->ok() ? "" : qPrintable(outcome->error().toString()));
    const QJsonObject message = outcome->value();
    QCOMPARE(message.value(QStringLiteral("id")).toInteger(), id);
    const QJsonObject error = message.value(QStringLiteral("error")).toObject();
    QCOMPARE(error.value(QStringLiteral("code")).toInt(), code);
    if (!data.isNull())
        QCOMPARE(error.value(QStringLiteral("data")), data);
}

void TestStatelessHttpTransport::statusWithoutJsonRpcBodyIsAnHttpError()
{
    Server server;
    QVERIFY(server.listen());
    server.route("POST", "/mcp", [](const peer::HttpRequest &) {
        return peer::HttpResponse{405, {{"Content-Type", "text/html"}}, "<h1>Method Not Allowed</h1>"};
    });
    server.route("POST", "/other", [](const peer::HttpRequest &) {
        // A JSON-RPC error for some other id does not answer this request.
        return jsonReply({{QStringLiteral("jsonrpc"), QStringLiteral("2.0")},
                          {QStringLiteral("id"), 999},
                          {QStringLiteral("error"), QJsonObject{{QStringLiteral("code"), -32600}}}},
                         400);
    });
    HttpClient http(fastOptions());
    StatelessHttpTransport transport(&http, server.url(QStringLiteral("/mcp")));
    const auto outcome = call(transport, QStringLiteral("tools/list"), withMeta({}));
    QVERIFY(outcome && !outcome->ok());
    QCOMPARE(outcome->error().code(), ErrorCode::HttpStatus);
    QCOMPARE(outcome->error().httpStatus(), 405);

    StatelessHttpTransport other(&http, server.url(QStringLiteral("/other")));
    const auto otherOutcome = call(other, QStringLiteral("tools/list"), withMeta({}));
    QVERIFY(otherOutcome && !otherOutcome->ok());
    QCOMPARE(otherOutcome->error().httpStatus(), 400);
}

void TestStatelessHttpTransport::streamEndingWithoutResponseLosesTheRequest()
{
    Server server;
    QVERIFY(server.listen());
    server.routeStream("POST", "/mcp", [](const peer::HttpRequest &, QTcpSocket *socket) {
        // A 2025-style priming event with id and retry: tempting, but there is no resumption in 2026
        // (requirements TRANSPORT-19).
        socket->write(sseHead());
        socket->write(Server::chunk("id: event-1\nretry: 50\ndata: \n\n"));
        socket->write(Server::chunk({}));
        socket->disconnectFromHost();
    });
    HttpClient http(fastOptions());
    StatelessHttpTransport transport(&http, server.url(QStringLiteral("/mcp")));
    const auto outcome =
        call(transport, QStringLiteral("tools/call"), withMeta({{QStringLiteral("name"), QStringLiteral("t")}}));
    QVERIFY(outcome && !outcome->ok());
    QCOMPARE(outcome->error().code(), ErrorCode::MalformedResponse);
    QTest::qWait(300);
    QCOMPARE(server.requests().size(), 1); // no GET + Last-Event-ID, no silent re-POST
}

void TestStatelessHttpTransport::cancellationClosesTheStream()
{
    Server server;
    QVERIFY(server.listen());
    bool streamClosed = false;
    server.routeStream("POST", "/mcp", [&streamClosed](const peer::HttpRequest &, QTcpSocket *socket) {
        QObject::connect(socket, &QTcpSocket::disconnected, socket, [&streamClosed]() { streamClosed = true; });
        socket->write(sseHead());
        socket->write(sseChunk(notificationMessage(QStringLiteral("notifications/message"),
                                                   {{QStringLiteral("level"), QStringLiteral("info")}})));
    });
    HttpClient http(fastOptions());
    StatelessHttpTransport transport(&http, server.url(QStringLiteral("/mcp")));
    QSignalSpy notifications(&transport, &Transport::notificationReceived);

    std::optional<Result<QJsonObject>> outcome;
    QObject context;
    const qint64 id = transport.sendRequest(
        QStringLiteral("tools/call"), withMeta({{QStringLiteral("name"), QStringLiteral("slow")}}), {}, &context,
        [&outcome](Result<QJsonObject> result) { outcome.emplace(std::move(result)); });
    QTRY_COMPARE_WITH_TIMEOUT(notifications.size(), 1, kWaitMs); // the stream is open
    QVERIFY(!streamClosed);

    transport.cancelRequest(id, QStringLiteral("user"));
    QTRY_VERIFY_WITH_TIMEOUT(outcome.has_value(), kWaitMs);
    QVERIFY(!outcome->ok());
    QCOMPARE(outcome->error().code(), ErrorCode::Cancelled);
    QTRY_VERIFY_WITH_TIMEOUT(streamClosed, kWaitMs); // closing the stream is the cancellation (TRANSPORT-18)
    QTest::qWait(200);
    QCOMPARE(server.requests().size(), 1); // and no notifications/cancelled POST
}

void TestStatelessHttpTransport::cancelledNotificationIsNeverPosted()
{
    Server server;
    QVERIFY(server.listen());
    bool streamClosed = false;
    server.routeStream("POST", "/mcp", [&streamClosed](const peer::HttpRequest &, QTcpSocket *socket) {
        QObject::connect(socket, &QTcpSocket::disconnected, socket, [&streamClosed]() { streamClosed = true; });
        socket->write(sseHead());
        socket->write(Server::chunk(": open\n\n"));
    });
    HttpClient http(fastOptions());
    StatelessHttpTransport transport(&http, server.url(QStringLiteral("/mcp")));
    std::optional<Result<QJsonObject>> outcome;
    QObject context;
    const qint64 id =
        transport.sendRequest(QStringLiteral("tools/list"), withMeta({}), {}, &context,
                              [&outcome](Result<QJsonObject> result) { outcome.emplace(std::move(result)); });
    QTRY_COMPARE_WITH_TIMEOUT(server.requests().size(), 1, kWaitMs);

    // A caller written for stdio semantics: the notification becomes the HTTP cancellation.
    std::optional<Result<void>> sent;
    transport.sendNotification(QStringLiteral("notifications/cancelled"),
                               {{QStringLiteral("requestId"), id}, {QStringLiteral("reason"), QStringLiteral("x")}},
                               [&sent](Result<void> result) { sent.emplace(std::move(result)); });
    QTRY_VERIFY_WITH_TIMEOUT(sent.has_value() && outcome.has_value(), kWaitMs);
    QVERIFY(sent->ok());
    QCOMPARE(outcome->error().code(), ErrorCode::Cancelled);
    QTRY_VERIFY_WITH_TIMEOUT(streamClosed, kWaitMs);
    QTest::qWait(200);
    QCOMPARE(server.requests().size(), 1);
}

void TestStatelessHttpTransport::timeoutClosesTheStream()
{
    Server server;
    QVERIFY(server.listen());
    bool streamClosed = false;
    server.routeStream("POST", "/mcp", [&streamClosed](const peer::HttpRequest &, QTcpSocket *socket) {
        QObject::connect(socket, &QTcpSocket::disconnected, socket, [&streamClosed]() { streamClosed = true; });
        socket->write(sseHead());
    });
    HttpClient http(fastOptions());
    StatelessHttpTransport transport(&http, server.url(QStringLiteral("/mcp")));
    Transport::RequestOptions options;
    options.limits.timeout = 300ms;
    const auto outcome = call(transport, QStringLiteral("tools/list"), withMeta({}), options);
    QVERIFY(outcome && !outcome->ok());
    QCOMPARE(outcome->error().code(), ErrorCode::Timeout);
    QTRY_VERIFY_WITH_TIMEOUT(streamClosed, kWaitMs);
    QTest::qWait(200);
    QCOMPARE(server.requests().size(), 1);
}

void TestStatelessHttpTransport::progressExtendsTheTimeout()
{
    Server server;
    QVERIFY(server.listen());
    server.routeStream("POST", "/mcp", [](const peer::HttpRequest &request, QTcpSocket *socket) {
        const QJsonValue id = idOf(request);
        const QJsonValue token = parse(request.body)
                                     .value(QStringLiteral("params"))
                                     .toObject()
                                     .value(QStringLiteral("_meta"))
                                     .toObject()
                                     .value(QStringLiteral("progressToken"));
        socket->write(sseHead());
        // Six progress notifications 150 ms apart, then the response: 1050 ms, well past the 600 ms timeout.
        auto *timer = new QTimer(socket);
        auto ticks = std::make_shared<int>(0);
        QObject::connect(timer, &QTimer::timeout, socket, [socket, timer, ticks, id, token]() {
            if (++*ticks <= 6) {
                socket->write(sseChunk(notificationMessage(
                    QStringLiteral("notifications/progress"),
                    {{QStringLiteral("progressToken"), token}, {QStringLiteral("progress"), *ticks}})));
                return;
            }
            timer->stop();
            socket->write(sseChunk(resultMessage(id)));
            socket->write(Server::chunk({}));
            socket->disconnectFromHost();
        });
        timer->start(150);
    });
    HttpClient http(fastOptions());
    StatelessHttpTransport transport(&http, server.url(QStringLiteral("/mcp")));
    QSignalSpy notifications(&transport, &Transport::notificationReceived);
    Transport::RequestOptions options;
    options.limits.timeout = 600ms;
    options.limits.maxTotal = 10s;
    options.wantsProgress = true;
    qint64 id = 0;
    const auto outcome = call(transport, QStringLiteral("tools/call"),
                              withMeta({{QStringLiteral("name"), QStringLiteral("long")}}), options, &id);
    QVERIFY(outcome);
    QVERIFY2(outcome->ok(), outcome->ok() ? "" : qPrintable(outcome->error().toString()));
    QCOMPARE(notifications.size(), 6);
    const QJsonObject sent = parse(server.requests().constFirst().body);
    QCOMPARE(sent.value(QStringLiteral("params"))
                 .toObject()
                 .value(QStringLiteral("_meta"))
                 .toObject()
                 .value(QStringLiteral("progressToken"))
                 .toInteger(),
             id);
}

void TestStatelessHttpTransport::serverRequestsAreReportedNotAnswered()
{
    Server server;
    QVERIFY(server.listen());
    server.routeStream("POST", "/mcp", [](const peer::HttpRequest &request, QTcpSocket *socket) {
        socket->write(sseHead());
        socket->write(sseChunk({{QStringLiteral("jsonrpc"), QStringLiteral("2.0")},
                                {QStringLiteral("id"), QStringLiteral("srv-1")},
                                {QStringLiteral("method"), QStringLiteral("elicitation/create")},
                                {QStringLiteral("params"), QJsonObject()}}));
        socket->write(sseChunk(resultMessage(idOf(request))));
        socket->write(Server::chunk({}));
        socket->disconnectFromHost();
    });
    HttpClient http(fastOptions());
    StatelessHttpTransport transport(&http, server.url(QStringLiteral("/mcp")));
    QSignalSpy requests(&transport, &Transport::requestReceived);
    QSignalSpy errors(&transport, &Transport::transportError);
    QVERIFY(
        call(transport, QStringLiteral("tools/call"), withMeta({{QStringLiteral("name"), QStringLiteral("t")}}))->ok());
    QCOMPARE(requests.size(), 0);
    QCOMPARE(errors.size(), 1);
    QTest::qWait(100);
    QCOMPARE(server.requests().size(), 1); // no response POSTed
}

void TestStatelessHttpTransport::postsNotifications()
{
    Server server;
    QVERIFY(server.listen());
    server.route("POST", "/mcp", [](const peer::HttpRequest &request) {
        if (parse(request.body).value(QStringLiteral("method")).toString() == QLatin1StringView("notifications/ok"))
            return peer::HttpResponse{202, {}, {}};
        return jsonReply({{QStringLiteral("jsonrpc"), QStringLiteral("2.0")},
                          {QStringLiteral("error"), QJsonObject{{QStringLiteral("code"), -32601},
                                                                {QStringLiteral("message"), QStringLiteral("nope")}}}},
                         400);
    });
    HttpClient http(fastOptions());
    StatelessHttpTransport transport(&http, server.url(QStringLiteral("/mcp")));
    transport.setProtocolVersion(kVersion);

    std::optional<Result<void>> accepted;
    std::optional<Result<void>> refused;
    transport.sendNotification(QStringLiteral("notifications/ok"), {},
                               [&accepted](Result<void> result) { accepted.emplace(std::move(result)); });
    transport.sendNotification(QStringLiteral("notifications/bad"), {},
                               [&refused](Result<void> result) { refused.emplace(std::move(result)); });
    QTRY_VERIFY_WITH_TIMEOUT(accepted.has_value() && refused.has_value(), kWaitMs);
    QVERIFY(accepted->ok());
    QVERIFY(!refused->ok());
    QCOMPARE(refused->error().code(), ErrorCode::RpcError);
    QCOMPARE(refused->error().httpStatus(), 400);
    for (const peer::HttpRequest &request : server.requests()) {
        QVERIFY(request.header("Mcp-Method").startsWith("notifications/"));
        QCOMPARE(request.header("MCP-Protocol-Version"), kVersion.toLatin1());
        QVERIFY(!parse(request.body).contains(QStringLiteral("id")));
    }
}

void TestStatelessHttpTransport::sendResponseSendsNothing()
{
    Server server;
    QVERIFY(server.listen());
    HttpClient http(fastOptions());
    StatelessHttpTransport transport(&http, server.url(QStringLiteral("/mcp")));
    QSignalSpy errors(&transport, &Transport::transportError);
    transport.sendResponse(resultMessage(QStringLiteral("srv-1")));
    QCOMPARE(errors.size(), 0); // never synchronously
    QTRY_COMPARE_WITH_TIMEOUT(errors.size(), 1, kWaitMs);
    QTest::qWait(50);
    QCOMPARE(server.connectionCount(), 0);
}

void TestStatelessHttpTransport::reauthorizesAtMostTwice()
{
    Server server;
    QVERIFY(server.listen());
    server.route("POST", "/mcp", [](const peer::HttpRequest &) {
        return peer::HttpResponse{401, {{"WWW-Authenticate", "Bearer error=\"invalid_token\""}}, {}};
    });
    HttpClient http(fastOptions());
    StatelessHttpTransport transport(&http, server.url(QStringLiteral("/mcp")));
    FakeAuthorization authorization;
    transport.setAuthorizationHandler(&authorization);
    const auto outcome = call(transport, QStringLiteral("tools/list"), withMeta({}));
    QVERIFY(outcome && !outcome->ok());
    QCOMPARE(outcome->error().code(), ErrorCode::HttpStatus);
    QCOMPARE(outcome->error().httpStatus(), 401);
    QCOMPARE(authorization.challenges, 2);
    QCOMPARE(server.requests().size(), 3);
    QCOMPARE(server.requests().at(0).header("Authorization"), QByteArray("Bearer token-1"));
    QCOMPARE(server.requests().at(2).header("Authorization"), QByteArray("Bearer token-3"));
}

void TestStatelessHttpTransport::reauthorizesThenSucceeds()
{
    Server server;
    QVERIFY(server.listen());
    server.route("POST", "/mcp", [](const peer::HttpRequest &request) {
        if (request.header("Authorization") != "Bearer token-2")
            return peer::HttpResponse{403, {{"WWW-Authenticate", "Bearer error=\"insufficient_scope\""}}, {}};
        return jsonReply(resultMessage(idOf(request)));
    });
    HttpClient http(fastOptions());
    StatelessHttpTransport transport(&http, server.url(QStringLiteral("/mcp")));
    FakeAuthorization authorization;
    transport.setAuthorizationHandler(&authorization);
    qint64 id = 0;
    const auto outcome = call(transport, QStringLiteral("tools/call"),
                              withMeta({{QStringLiteral("name"), QStringLiteral("write")}}), {}, &id);
    QVERIFY(outcome && outcome->ok());
    QCOMPARE(authorization.lastStatus, 403);
    QCOMPARE(server.requests().size(), 2);
    // The very same message again: the server never processed the first one.
    QCOMPARE(server.requests().at(0).body, server.requests().at(1).body);
    QCOMPARE(server.requests().at(1).header("Mcp-Name"), QByteArray("write"));
}

void TestStatelessHttpTransport::closeCancelsEverything()
{
    Server server;
    QVERIFY(server.listen());
    int closedStreams = 0;
    server.routeStream("POST", "/mcp", [&closedStreams](const peer::HttpRequest &, QTcpSocket *socket) {
        QObject::connect(socket, &QTcpSocket::disconnected, socket, [&closedStreams]() { ++closedStreams; });
        socket->write(sseHead());
        socket->write(Server::chunk(": open\n\n"));
    });
    HttpClient http(fastOptions());
    StatelessHttpTransport transport(&http, server.url(QStringLiteral("/mcp")));
    std::optional<Result<QJsonObject>> outcome;
    QObject context;
    transport.sendRequest(QStringLiteral("tools/list"), withMeta({}), {}, &context,
                          [&outcome](Result<QJsonObject> result) { outcome.emplace(std::move(result)); });
    QTRY_COMPARE_WITH_TIMEOUT(server.requests().size(), 1, kWaitMs);
    transport.close();
    QTRY_VERIFY_WITH_TIMEOUT(outcome.has_value(), kWaitMs);
    QCOMPARE(outcome->error().code(), ErrorCode::Cancelled);
    QTRY_COMPARE_WITH_TIMEOUT(closedStreams, 1, kWaitMs);
    // After close nothing is sent.
    const auto late = call(transport, QStringLiteral("tools/list"), withMeta({}));
    QVERIFY(late && !late->ok());
    QCOMPARE(late->error().code(), ErrorCode::Cancelled);
    QCOMPARE(server.requests().size(), 1);
}

namespace {

// A subscriptions/listen peer: answers each connection through `onListen` and keeps the sockets.
struct ListenPeer
{
    Server server;
    QList<QPointer<QTcpSocket>> sockets;
    QList<qint64> listenIds;
    int disconnects = 0;
    std::function<void(qint64 id, QTcpSocket *socket)> onListen;

    bool start()
    {
        if (!server.listen())
            return false;
        server.routeStream("POST", "/mcp", [this](const peer::HttpRequest &request, QTcpSocket *socket) {
            sockets.append(socket);
            const qint64 id = idOf(request).toInteger();
            listenIds.append(id);
            QObject::connect(socket, &QTcpSocket::disconnected, socket, [this]() { ++disconnects; });
            onListen(id, socket);
        });
        return true;
    }
};

QJsonObject subscriptionMeta(qint64 id)
{
    return {{QStringLiteral("io.modelcontextprotocol/subscriptionId"), id}};
}

QJsonObject acknowledgement(qint64 id, const QJsonObject &filter)
{
    return notificationMessage(
        QStringLiteral("notifications/subscriptions/acknowledged"),
        {{QStringLiteral("_meta"), subscriptionMeta(id)}, {QStringLiteral("notifications"), filter}});
}

QJsonObject listChanged(qint64 subscriptionId)
{
    return notificationMessage(QStringLiteral("notifications/tools/list_changed"),
                               {{QStringLiteral("_meta"), subscriptionMeta(subscriptionId)}});
}

struct SubscriptionEnd
{
    qint64 handle = 0;
    bool graceful = false;
    std::optional<Error> error;
};

} // namespace

void TestStatelessHttpTransport::subscriptionDeliversAcknowledgedNotifications()
{
    ListenPeer peer;
    const QJsonObject filter{{QStringLiteral("toolsListChanged"), true}};
    peer.onListen = [&filter](qint64 id, QTcpSocket *socket) {
        socket->write(sseHead());
        socket->write(sseChunk(listChanged(id))); // before the acknowledgement: ignored
        socket->write(sseChunk(acknowledgement(id, filter)));
        socket->write(sseChunk(listChanged(id)));
        socket->write(sseChunk(listChanged(id + 1000))); // another subscription's: ignored
        socket->write(sseChunk(resultMessage(id, {{QStringLiteral("_meta"), subscriptionMeta(id)}})));
        socket->write(Server::chunk({}));
        socket->disconnectFromHost();
    };
    QVERIFY(peer.start());
    HttpClient http(fastOptions());
    StatelessHttpTransport transport(&http, peer.server.url(QStringLiteral("/mcp")));
    transport.setProtocolVersion(kVersion);
    QSignalSpy notifications(&transport, &Transport::notificationReceived);
    QSignalSpy acknowledged(&transport, &StatelessHttpTransport::subscriptionAcknowledged);
    QSignalSpy errors(&transport, &Transport::transportError);
    std::optional<SubscriptionEnd> end;
    QObject context;
    connect(&transport, &StatelessHttpTransport::subscriptionEnded, &context,
            [&end](qint64 handle, bool graceful, const std::optional<Error> &error) {
                end = SubscriptionEnd{handle, graceful, error};
            });

    const qint64 handle = transport.openSubscription(filter, meta());
    QVERIFY(transport.hasSubscription(handle));
    QTRY_VERIFY_WITH_TIMEOUT(end.has_value(), kWaitMs);
    QCOMPARE(end->handle, handle);
    QVERIFY(end->graceful); // the listen result is the graceful end
    QVERIFY(!end->error);
    QVERIFY(!transport.hasSubscription(handle));
    QCOMPARE(acknowledged.size(), 1);
    QCOMPARE(acknowledged.at(0).at(0).toLongLong(), handle);
    QCOMPARE(acknowledged.at(0).at(2).toStringList(), QStringList());
    QCOMPARE(notifications.size(), 1);
    QCOMPARE(notifications.at(0).at(0).toString(), QStringLiteral("notifications/tools/list_changed"));
    QCOMPARE(errors.size(), 2); // the early one and the foreign one

    // The listen request: its own headers and body (requirements TRANSPORT-10, TRANSPORT-11).
    const peer::HttpRequest &request = peer.server.requests().constFirst();
    QCOMPARE(request.header("Mcp-Method"), QByteArray("subscriptions/listen"));
    QCOMPARE(request.header("MCP-Protocol-Version"), kVersion.toLatin1());
    QCOMPARE(request.header("Accept"), QByteArray("application/json, text/event-stream"));
    const QJsonObject params = parse(request.body).value(QStringLiteral("params")).toObject();
    QCOMPARE(params.value(QStringLiteral("notifications")).toObject(), filter);
    QCOMPARE(params.value(QStringLiteral("_meta")).toObject(), meta());
    QTest::qWait(200);
    QCOMPARE(peer.server.requests().size(), 1); // a graceful end is not reconnected
}

void TestStatelessHttpTransport::subscriptionReportsRefusedFilterParts()
{
    ListenPeer peer;
    peer.onListen = [](qint64 id, QTcpSocket *socket) {
        socket->write(sseHead());
        socket->write(sseChunk(
            acknowledgement(id, {{QStringLiteral("toolsListChanged"), true},
                                 {QStringLiteral("resourceSubscriptions"), QJsonArray{QStringLiteral("file:///a")}}})));
    };
    QVERIFY(peer.start());
    HttpClient http(fastOptions());
    StatelessHttpTransport transport(&http, peer.server.url(QStringLiteral("/mcp")));
    transport.setProtocolVersion(kVersion);
    QSignalSpy acknowledged(&transport, &StatelessHttpTransport::subscriptionAcknowledged);
    // No meta given: the transport fills protocolVersion and clientCapabilities itself.
    const qint64 handle =
        transport.openSubscription({{QStringLiteral("toolsListChanged"), true},
                                    {QStringLiteral("promptsListChanged"), true},
                                    {QStringLiteral("resourcesListChanged"), false},
                                    {QStringLiteral("resourceSubscriptions"),
                                     QJsonArray{QStringLiteral("file:///a"), QStringLiteral("file:///b")}}});
    QTRY_COMPARE_WITH_TIMEOUT(acknowledged.size(), 1, kWaitMs);
    QCOMPARE(acknowledged.at(0).at(2).toStringList(),
             (QStringList{QStringLiteral("promptsListChanged"), QStringLiteral("file:///b")}));
    const QJsonObject sentMeta = parse(peer.server.requests().constFirst().body)
                                     .value(QStringLiteral("params"))
                                     .toObject()
                                     .value(QStringLiteral("_meta"))
                                     .toObject();
    QCOMPARE(sentMeta.value(QStringLiteral("io.modelcontextprotocol/protocolVersion")).toString(), kVersion);
    QVERIFY(sentMeta.value(QStringLiteral("io.modelcontextprotocol/clientCapabilities")).isObject());
    transport.closeSubscription(handle);
}

void TestStatelessHttpTransport::subscriptionReconnectsAfterAbruptDropWithNewId()
{
    ListenPeer peer;
    const QJsonObject filter{{QStringLiteral("toolsListChanged"), true}};
    peer.onListen = [&peer, &filter](qint64 id, QTcpSocket *socket) {
        socket->write(sseHead());
        socket->write(sseChunk(acknowledgement(id, filter)));
        socket->write(sseChunk(listChanged(id)));
        if (peer.listenIds.size() == 1) {
            socket->disconnectFromHost(); // abrupt: no result, not even the last chunk
        }
    };
    QVERIFY(peer.start());
    HttpClient http(fastOptions());
    StatelessHttpTransport transport(&http, peer.server.url(QStringLiteral("/mcp")));
    transport.setProtocolVersion(kVersion);
    transport.setReconnectDelayForTesting(50);
    QSignalSpy notifications(&transport, &Transport::notificationReceived);
    QSignalSpy ended(&transport, &StatelessHttpTransport::subscriptionEnded);
    const qint64 handle = transport.openSubscription(filter, meta());
    QTRY_COMPARE_WITH_TIMEOUT(notifications.size(), 2, kWaitMs);
    QCOMPARE(peer.listenIds.size(), 2);
    QVERIFY(peer.listenIds.at(1) != peer.listenIds.at(0)); // a new request, a new id (requirements TRANSPORT-19)
    for (const peer::HttpRequest &request : peer.server.requests()) {
        QCOMPARE(request.method, QByteArray("POST"));
        QVERIFY(!hasHeader(request, "Last-Event-ID"));
    }
    QVERIFY(transport.hasSubscription(handle));
    QCOMPARE(ended.size(), 0);
    transport.closeSubscription(handle);
}

void TestStatelessHttpTransport::subscriptionGivesUpAfterRepeatedFailures()
{
    ListenPeer peer;
    peer.onListen = [](qint64, QTcpSocket *socket) {
        socket->write(sseHead());
        socket->disconnectFromHost(); // never acknowledged
    };
    QVERIFY(peer.start());
    HttpClient http(fastOptions());
    StatelessHttpTransport transport(&http, peer.server.url(QStringLiteral("/mcp")));
    transport.setReconnectDelayForTesting(10);
    std::optional<SubscriptionEnd> end;
    QObject context;
    connect(&transport, &StatelessHttpTransport::subscriptionEnded, &context,
            [&end](qint64 handle, bool graceful, const std::optional<Error> &error) {
                end = SubscriptionEnd{handle, graceful, error};
            });
    transport.openSubscription({{QStringLiteral("toolsListChanged"), true}}, meta());
    QTRY_VERIFY_WITH_TIMEOUT(end.has_value(), kWaitMs);
    QVERIFY(!end->graceful);
    QVERIFY(end->error);
    QCOMPARE(end->error->code(), ErrorCode::NetworkFailure);
    QCOMPARE(peer.listenIds.size(), StatelessHttpTransport::kMaxSubscriptionReconnects + 1);
    QTest::qWait(200);
    QCOMPARE(peer.listenIds.size(), StatelessHttpTransport::kMaxSubscriptionReconnects + 1);
}

void TestStatelessHttpTransport::subscriptionRefusedByServerIsNotRetried()
{
    Server server;
    QVERIFY(server.listen());
    server.route("POST", "/mcp", [](const peer::HttpRequest &request) {
        return jsonReply({{QStringLiteral("jsonrpc"), QStringLiteral("2.0")},
                          {QStringLiteral("id"), idOf(request)},
                          {QStringLiteral("error"), QJsonObject{{QStringLiteral("code"), -32601},
                                                                {QStringLiteral("message"), QStringLiteral("no")}}}},
                         404);
    });
    HttpClient http(fastOptions());
    StatelessHttpTransport transport(&http, server.url(QStringLiteral("/mcp")));
    transport.setReconnectDelayForTesting(10);
    std::optional<SubscriptionEnd> end;
    QObject context;
    connect(&transport, &StatelessHttpTransport::subscriptionEnded, &context,
            [&end](qint64 handle, bool graceful, const std::optional<Error> &error) {
                end = SubscriptionEnd{handle, graceful, error};
            });
    transport.openSubscription({{QStringLiteral("toolsListChanged"), true}}, meta());
    QTRY_VERIFY_WITH_TIMEOUT(end.has_value(), kWaitMs);
    QVERIFY(!end->graceful);
    QCOMPARE(end->error->code(), ErrorCode::RpcError);
    QVERIFY2(end->error->detail().contains(QStringLiteral("-32601")), qPrintable(end->error->detail()));
    QTest::qWait(200);
    QCOMPARE(server.requests().size(), 1);
}

void TestStatelessHttpTransport::closingSubscriptionClosesItsStream()
{
    ListenPeer peer;
    peer.onListen = [](qint64 id, QTcpSocket *socket) {
        socket->write(sseHead());
        socket->write(sseChunk(acknowledgement(id, {{QStringLiteral("toolsListChanged"), true}})));
    };
    QVERIFY(peer.start());
    HttpClient http(fastOptions());
    StatelessHttpTransport transport(&http, peer.server.url(QStringLiteral("/mcp")));
    QSignalSpy acknowledged(&transport, &StatelessHttpTransport::subscriptionAcknowledged);
    std::optional<SubscriptionEnd> end;
    QObject context;
    connect(&transport, &StatelessHttpTransport::subscriptionEnded, &context,
            [&end](qint64 handle, bool graceful, const std::optional<Error> &error) {
                end = SubscriptionEnd{handle, graceful, error};
            });
    const qint64 handle = transport.openSubscription({{QStringLiteral("toolsListChanged"), true}}, meta());
    QTRY_COMPARE_WITH_TIMEOUT(acknowledged.size(), 1, kWaitMs);
    QCOMPARE(peer.disconnects, 0);
    transport.closeSubscription(handle);
    QVERIFY(end.has_value());
    QCOMPARE(end->error->code(), ErrorCode::Cancelled);
    QTRY_COMPARE_WITH_TIMEOUT(peer.disconnects, 1, kWaitMs); // closing the stream is the cancellation
    QTest::qWait(200);
    QCOMPARE(peer.server.requests().size(), 1); // not reconnected, no notifications/cancelled
}

QTEST_GUILESS_MAIN(TestStatelessHttpTransport)
#include "tst_statelesshttptransport.moc"
