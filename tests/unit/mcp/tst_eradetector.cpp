// EraDetector: newest generation first, fall back on the answers older servers give, remember the era and
// probe again when it stops working (requirements TRANSPORT-2). Fake servers answer exactly as each era's servers do.

#include "awaitresult.h"
#include "loopbackhttpserver.h"
#include "mcp/eradetector.h"
#include "mcp/httpssetransport.h"
#include "mcp/mcpsession.h"
#include "mcp/statelesshttptransport.h"
#include "mcp/streamablehttptransport.h"
#include "net/httpclient.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

#include <memory>
#include <optional>

using namespace portico;
using TestRequest = portico::testing::HttpRequest;
using TestResponse = portico::testing::HttpResponse;
using portico::testing::LoopbackHttpServer;

namespace {

TestResponse json(int status, const QJsonObject &body, QList<QPair<QByteArray, QByteArray>> headers = {})
{
    headers.append(qMakePair(QByteArray("Content-Type"), QByteArray("application/json")));
    return {status, headers, QJsonDocument(body).toJson(QJsonDocument::Compact)};
}

QJsonObject result(const QJsonValue &id, const QJsonObject &value)
{
    return {{QStringLiteral("jsonrpc"), QStringLiteral("2.0")},
            {QStringLiteral("id"), id},
            {QStringLiteral("result"), value}};
}

QJsonObject error(const QJsonValue &id, int code, const QJsonObject &data = {})
{
    QJsonObject body{{QStringLiteral("code"), code}, {QStringLiteral("message"), QStringLiteral("no")}};
    if (!data.isEmpty())
        body.insert(QStringLiteral("data"), data);
    return {{QStringLiteral("jsonrpc"), QStringLiteral("2.0")},
            {QStringLiteral("id"), id},
            {QStringLiteral("error"), body}};
}

QJsonObject messageOf(const TestRequest &request)
{
    return QJsonDocument::fromJson(request.body).object();
}

// How each kind of server answers a POST.
enum class Kind {
    Modern,            // 2026-07-28: answers server/discover
    ModernVersionOnly, // 2026-07-28 that rejects the probe with -32022 (and later accepts)
    Legacy2025,        // 2025: 400 to anything before initialize (the reference server's answer)
    Broken,            // 500 to everything
};

void serve(LoopbackHttpServer &server, Kind kind, int *discoverCalls)
{
    server.route("POST", "/mcp", [kind, discoverCalls](const TestRequest &request) {
        const QJsonObject message = messageOf(request);
        const QString method = message.value(QStringLiteral("method")).toString();
        const QJsonValue id = message.value(QStringLiteral("id"));
        switch (kind) {
        case Kind::Modern:
        case Kind::ModernVersionOnly:
            if (method == QLatin1StringView("server/discover")) {
                ++*discoverCalls;
                if (kind == Kind::ModernVersionOnly && *discoverCalls == 1) {
                    return json(400, error(id, -32022,
                                           {{QStringLiteral("supported"), QJsonArray{QStringLiteral("2026-07-28")}}}));
                }
                return json(200, result(id, {{QStringLiteral("serverInfo"),
                                              QJsonObject{{QStringLiteral("name"), QStringLiteral("modern")}}}}));
            }
            return json(200, result(id, {}));
        case Kind::Legacy2025:
            if (method == QLatin1StringView("initialize")) {
                return json(200,
                            result(id, {{QStringLiteral("protocolVersion"), QStringLiteral("2025-11-25")},
                                        {QStringLiteral("capabilities"), QJsonObject()},
                                        {QStringLiteral("serverInfo"),
                                         QJsonObject{{QStringLiteral("name"), QStringLiteral("legacy")}}}}),
                            {{"Mcp-Session-Id", "s-1"}});
            }
            if (request.header("Mcp-Session-Id").isEmpty())
                return json(400, error(QJsonValue::Null, -32000));
            return TestResponse{202, {}, {}};
        case Kind::Broken:
            break;
        }
        return TestResponse{500, {{"Content-Type", "text/plain"}}, "broken"};
    });
    server.route("GET", "/mcp", [](const TestRequest &) { return TestResponse{405, {}, {}}; });
    server.route("DELETE", "/mcp", [](const TestRequest &) { return TestResponse{200, {}, {}}; });
}

} // namespace

class TestEraDetector : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void choosesTheServersEra_data();
    void choosesTheServersEra();
    void reportsServerErrorsWithoutFallingBack();
    void probesAgainWhenTheRememberedEraFails();
    void classifiesFailuresThatSuggestAnotherEra_data();
    void classifiesFailuresThatSuggestAnotherEra();

private:
    std::optional<Result<EraDetector::Connected>> detect(const QUrl &url, std::optional<ProtocolEra> remembered);

    HttpClient m_http;
    QObject m_owner;
};

std::optional<Result<EraDetector::Connected>> TestEraDetector::detect(const QUrl &url,
                                                                      std::optional<ProtocolEra> remembered)
{
    EraDetector detector(
        &m_http,
        [this](ProtocolEra era, const QUrl &endpoint) -> Transport * {
            switch (era) {
            case ProtocolEra::Stateless2026:
                return new StatelessHttpTransport(&m_http, endpoint, &m_owner);
            case ProtocolEra::StreamableHttp2025:
                return new StreamableHttpTransport(&m_http, endpoint, &m_owner);
            case ProtocolEra::HttpSse2024:
                return new HttpSseTransport(&m_http, endpoint, &m_owner);
            }
            return nullptr;
        },
        [this](Transport *transport) { return new McpSession(transport, &m_owner); });
    return portico::testing::await<EraDetector::Connected>(
        [&](QObject *context, auto done) { detector.connectTo(url, remembered, false, context, done); }, 20000);
}

void TestEraDetector::choosesTheServersEra_data()
{
    QTest::addColumn<int>("kind");
    QTest::addColumn<int>("era");
    QTest::newRow("2026-07-28 answers server/discover") << int(Kind::Modern) << int(ProtocolEra::Stateless2026);
    QTest::newRow("2026-07-28 error -32022 is modern")
        << int(Kind::ModernVersionOnly) << int(ProtocolEra::Stateless2026);
    QTest::newRow("2025 refuses without a session") << int(Kind::Legacy2025) << int(ProtocolEra::StreamableHttp2025);
}

void TestEraDetector::choosesTheServersEra()
{
    QFETCH(int, kind);
    QFETCH(int, era);
    LoopbackHttpServer server;
    int discoverCalls = 0;
    serve(server, Kind(kind), &discoverCalls);
    QVERIFY(server.listen());
    const auto outcome = detect(server.url(QStringLiteral("/mcp")), std::nullopt);
    QVERIFY(outcome.has_value());
    QVERIFY2(outcome->ok(), outcome->ok() ? "" : qPrintable(outcome->error().toString()));
    QCOMPARE(int(outcome->value().era), era);
    QVERIFY(outcome->value().session);
    QCOMPARE(outcome->value().session->state(), McpSession::State::Ready);
    // The probe went first, and a modern server was never sent initialize.
    const QJsonObject first = messageOf(server.requests().constFirst());
    QCOMPARE(first.value(QStringLiteral("method")).toString(), QStringLiteral("server/discover"));
    QCOMPARE(server.requests().constFirst().header("MCP-Protocol-Version"), QByteArray("2026-07-28"));
    for (const TestRequest &request : server.requests()) {
        if (era == int(ProtocolEra::Stateless2026))
            QVERIFY(messageOf(request).value(QStringLiteral("method")).toString() != QLatin1StringView("initialize"));
    }
}

void TestEraDetector::reportsServerErrorsWithoutFallingBack()
{
    LoopbackHttpServer server;
    int discoverCalls = 0;
    serve(server, Kind::Broken, &discoverCalls);
    QVERIFY(server.listen());
    const auto outcome = detect(server.url(QStringLiteral("/mcp")), std::nullopt);
    QVERIFY(outcome.has_value() && !outcome->ok());
    QCOMPARE(outcome->error().code(), ErrorCode::HttpStatus);
    QCOMPARE(outcome->error().httpStatus(), 500);
    QCOMPARE(server.requests().size(), 1); // no initialize, no GET: a 500 says nothing about the era
}

void TestEraDetector::probesAgainWhenTheRememberedEraFails()
{
    // Remembered as 2026-07-28, but the server is now a 2025 one: the remembered attempt fails with a 400,
    // and the full probe finds the new era.
    LoopbackHttpServer server;
    int discoverCalls = 0;
    serve(server, Kind::Legacy2025, &discoverCalls);
    QVERIFY(server.listen());
    const auto outcome = detect(server.url(QStringLiteral("/mcp")), ProtocolEra::Stateless2026);
    QVERIFY(outcome.has_value());
    QVERIFY2(outcome->ok(), outcome->ok() ? "" : qPrintable(outcome->error().toString()));
    QCOMPARE(outcome->value().era, ProtocolEra::StreamableHttp2025);
}

void TestEraDetector::classifiesFailuresThatSuggestAnotherEra_data()
{
    QTest::addColumn<int>("code");
    QTest::addColumn<int>("status");
    QTest::addColumn<bool>("suggests");
    QTest::newRow("400") << int(ErrorCode::HttpStatus) << 400 << true;
    QTest::newRow("404") << int(ErrorCode::HttpStatus) << 404 << true;
    QTest::newRow("405") << int(ErrorCode::HttpStatus) << 405 << true;
    QTest::newRow("401 is for sign-in") << int(ErrorCode::HttpStatus) << 401 << false;
    QTest::newRow("500") << int(ErrorCode::HttpStatus) << 500 << false;
    QTest::newRow("unreadable answer") << int(ErrorCode::MalformedResponse) << 0 << true;
    QTest::newRow("version") << int(ErrorCode::UnsupportedVersion) << 0 << true;
    QTest::newRow("network") << int(ErrorCode::NetworkFailure) << 0 << false;
    QTest::newRow("TLS") << int(ErrorCode::TlsFailure) << 0 << false;
    QTest::newRow("timeout") << int(ErrorCode::Timeout) << 0 << false;
}

void TestEraDetector::classifiesFailuresThatSuggestAnotherEra()
{
    QFETCH(int, code);
    QFETCH(int, status);
    QFETCH(bool, suggests);
    Error failure(ErrorCode(code), QStringLiteral("x"));
    failure.withHttpStatus(status);
    QCOMPARE(EraDetector::suggestsOtherEra(failure), suggests);
}

QTEST_GUILESS_MAIN(TestEraDetector)
#include "tst_eradetector.moc"
