// BridgeSession over a real McpSession on an in-memory transport: what the app sends and hears on stdio, and
// what the server sees (MCP 2025-11-25 basic/lifecycle, basic/utilities/progress, basic/utilities/cancellation;
// client/sampling for server-to-client requests).
#include "bridge/bridgesession.h"
#include "mcp/jsonrpc.h"
#include "mcp/mcpsession.h"
#include "mcp/transport.h"

#include <QJsonArray>
#include <QSignalSpy>
#include <QTest>
#include <QTimer>

#include <memory>

using namespace portico;

namespace {

// A transport that records what the session sends and lets the test answer.
class FakeTransport final : public Transport
{
public:
    struct Sent
    {
        qint64 id;
        QString method;
        QJsonObject params;
        Completion completion;
    };

    explicit FakeTransport(ProtocolEra era = ProtocolEra::StreamableHttp2025)
        : Transport(nullptr, QUrl(QStringLiteral("http://127.0.0.1:1/mcp")))
        , m_era(era)
    {}

    ProtocolEra era() const override { return m_era; }
    qint64 sendRequest(const QString &method, const QJsonObject &params, const RequestOptions &options, QObject *,
                       Completion completion) override
    {
        const qint64 id = m_nextId++;
        requests.append(Sent{id, method, withProgressToken(params, id, options), std::move(completion)});
        return id;
    }
    void sendNotification(const QString &method, const QJsonObject &params, std::function<void(Result<void>)>) override
    {
        notifications.append(jsonrpc::notification(method, params));
    }
    void sendResponse(const QJsonObject &response) override { responses.append(response); }
    void cancelRequest(qint64 id, const QString &) override
    {
        cancelled.append(id);
        for (const Sent &sent : std::as_const(requests)) {
            if (sent.id == id)
                QTimer::singleShot(0, [completion = sent.completion]() {
                    completion(Error(ErrorCode::Cancelled, QStringLiteral("cancelled")));
                });
        }
    }
    void close() override {}

    // Answers request `index` with a whole response message (result or error).
    void answer(int index, const QJsonObject &member)
    {
        QJsonObject message = member;
        message.insert(QStringLiteral("jsonrpc"), QStringLiteral("2.0"));
        message.insert(QStringLiteral("id"), requests[index].id);
        QTimer::singleShot(0, [completion = requests[index].completion, message]() { completion(message); });
    }

    QList<Sent> requests;
    QList<QJsonObject> notifications;
    QList<QJsonObject> responses;
    QList<qint64> cancelled;

private:
    ProtocolEra m_era;
    qint64 m_nextId = 100;
};

const QJsonObject kAppCapabilities{{QStringLiteral("sampling"), QJsonObject()}};
const QJsonObject kAppInfo{{QStringLiteral("name"), QStringLiteral("the-app")},
                           {QStringLiteral("version"), QStringLiteral("9")}};

} // namespace

class TestBridgeSession : public QObject
{
    Q_OBJECT

private:
    FakeTransport *m_transport = nullptr;
    McpSession *m_session = nullptr;
    BridgeSession *m_bridge = nullptr;
    QList<QJsonObject> m_toApp;

    // The app initializes; the fake server answers the session's own initialize.
    void initialize()
    {
        m_bridge->handleAppMessage(jsonrpc::request(1, QStringLiteral("initialize"),
                                                    {{QStringLiteral("protocolVersion"), QStringLiteral("2025-06-18")},
                                                     {QStringLiteral("capabilities"), kAppCapabilities},
                                                     {QStringLiteral("clientInfo"), kAppInfo}}));
        QTRY_COMPARE(m_transport->requests.size(), 1);
        m_transport->answer(
            0, {{QStringLiteral("result"),
                 QJsonObject{
                     {QStringLiteral("protocolVersion"), QStringLiteral("2025-11-25")},
                     {QStringLiteral("capabilities"), QJsonObject{{QStringLiteral("tools"), QJsonObject()}}},
                     {QStringLiteral("serverInfo"), QJsonObject{{QStringLiteral("name"), QStringLiteral("fake")},
                                                                {QStringLiteral("version"), QStringLiteral("1")}}}}}});
        QTRY_COMPARE(m_toApp.size(), 1);
    }

private Q_SLOTS:
    void init()
    {
        m_toApp.clear();
        // The 2026-07-28 tests say so in their name.
        const bool stateless = QByteArray(QTest::currentTestFunction()).contains("2026");
        m_transport = new FakeTransport(stateless ? ProtocolEra::Stateless2026 : ProtocolEra::StreamableHttp2025);
        m_session = new McpSession(m_transport);
        m_bridge = new BridgeSession(
            QStringLiteral("Fake server"), [this](const QJsonObject &message) { m_toApp.append(message); },
            [this]() {
                m_bridge->prepareSession(*m_session);
                m_session->start(m_bridge, [this](Result<void> started) {
                    if (started.ok())
                        m_bridge->remoteReady(m_session);
                    else
                        m_bridge->remoteUnavailable(started.error(), false);
                });
            });
    }

    void cleanup()
    {
        delete m_bridge;
        delete m_session;
        delete m_transport;
    }

    // The server sees the app's capabilities and clientInfo; the app gets its own version and the server's
    // capabilities and serverInfo.
    void initializeSpeaksForTheApp()
    {
        initialize();
        const QJsonObject sent = m_transport->requests[0].params;
        QCOMPARE(sent.value(QStringLiteral("capabilities")).toObject(), kAppCapabilities);
        QCOMPARE(sent.value(QStringLiteral("clientInfo")).toObject(), kAppInfo);
        const QJsonObject result = m_toApp[0].value(QStringLiteral("result")).toObject();
        QCOMPARE(m_toApp[0].value(QStringLiteral("id")).toInt(), 1);
        QCOMPARE(result.value(QStringLiteral("protocolVersion")).toString(), QStringLiteral("2025-06-18"));
        QVERIFY(result.value(QStringLiteral("capabilities")).toObject().contains(QStringLiteral("tools")));
        QCOMPARE(result.value(QStringLiteral("serverInfo")).toObject().value(QStringLiteral("name")).toString(),
                 QStringLiteral("fake"));
        // The app's notifications/initialized is not sent twice: the session sent its own.
        m_bridge->handleAppMessage(jsonrpc::notification(QStringLiteral("notifications/initialized")));
        QCOMPARE(m_transport->notifications.size(), 1);
    }

    // The app's id and progress token come back as the app sent them; the server's error is passed on whole.
    void idsAndProgressTokensAreTheApps()
    {
        initialize();
        m_bridge->handleAppMessage(jsonrpc::request(
            QStringLiteral("app-7"), QStringLiteral("tools/call"),
            {{QStringLiteral("name"), QStringLiteral("slow")},
             {QStringLiteral("_meta"), QJsonObject{{QStringLiteral("progressToken"), QStringLiteral("tok")}}}}));
        QCOMPARE(m_transport->requests.size(), 2);
        const FakeTransport::Sent call = m_transport->requests[1];
        const QJsonValue wireToken =
            call.params.value(QStringLiteral("_meta")).toObject().value(QStringLiteral("progressToken"));
        QCOMPARE(wireToken.toInteger(), call.id);
        Q_EMIT m_transport->notificationReceived(QStringLiteral("notifications/progress"),
                                                 {{QStringLiteral("progressToken"), wireToken},
                                                  {QStringLiteral("progress"), 1},
                                                  {QStringLiteral("message"), QStringLiteral("half")}});
        QCOMPARE(m_toApp.size(), 2);
        const QJsonObject progress = m_toApp[1].value(QStringLiteral("params")).toObject();
        QCOMPARE(progress.value(QStringLiteral("progressToken")).toString(), QStringLiteral("tok"));
        QCOMPARE(progress.value(QStringLiteral("message")).toString(), QStringLiteral("half"));
        const QJsonObject error{{QStringLiteral("code"), -32042},
                                {QStringLiteral("message"), QStringLiteral("open this")},
                                {QStringLiteral("data"), QJsonObject{{QStringLiteral("x"), 1}}}};
        m_transport->answer(1, {{QStringLiteral("error"), error}});
        QTRY_COMPARE(m_toApp.size(), 3);
        QCOMPARE(m_toApp[2].value(QStringLiteral("id")).toString(), QStringLiteral("app-7"));
        QCOMPARE(m_toApp[2].value(QStringLiteral("error")).toObject(), error);
    }

    // notifications/cancelled from the app cancels the wire request; the app hears nothing more of it.
    void cancellationReachesTheServerAndEndsTheRequest()
    {
        initialize();
        m_bridge->handleAppMessage(jsonrpc::request(7, QStringLiteral("tools/call"), {}));
        const qint64 wireId = m_transport->requests[1].id;
        m_bridge->handleAppMessage(
            jsonrpc::notification(QStringLiteral("notifications/cancelled"), {{QStringLiteral("requestId"), 7}}));
        QCOMPARE(m_transport->cancelled, QList<qint64>{wireId});
        QTest::qWait(50);
        QCOMPARE(m_toApp.size(), 1);
        // The id is free again, and a new request under it works.
        m_bridge->handleAppMessage(jsonrpc::request(7, QStringLiteral("tools/list"), {}));
        m_transport->answer(2, {{QStringLiteral("result"), QJsonObject{{QStringLiteral("tools"), QJsonArray()}}}});
        QTRY_COMPARE(m_toApp.size(), 2);
        QCOMPARE(m_toApp[1].value(QStringLiteral("id")).toInt(), 7);
    }

    // A server request reaches the app under the bridge's own id; the answer goes back under the server's id.
    // The server's cancellation of another one is passed on under the bridge's id.
    void serverRequestsGoToTheAppAndBack()
    {
        initialize();
        const QJsonObject params{{QStringLiteral("maxTokens"), 5}};
        Q_EMIT m_transport->requestReceived(QStringLiteral("srv-1"), QStringLiteral("sampling/createMessage"), params);
        Q_EMIT m_transport->requestReceived(QStringLiteral("srv-2"), QStringLiteral("roots/list"), {});
        QCOMPARE(m_toApp.size(), 3);
        QCOMPARE(m_toApp[1].value(QStringLiteral("method")).toString(), QStringLiteral("sampling/createMessage"));
        QCOMPARE(m_toApp[1].value(QStringLiteral("params")).toObject(), params);
        const QJsonValue bridgeId = m_toApp[1].value(QStringLiteral("id"));
        const QJsonObject sampled{{QStringLiteral("model"), QStringLiteral("m")}};
        m_bridge->handleAppMessage(jsonrpc::resultResponse(bridgeId, sampled));
        QCOMPARE(m_transport->responses.size(), 1);
        QCOMPARE(m_transport->responses[0].value(QStringLiteral("id")).toString(), QStringLiteral("srv-1"));
        QCOMPARE(m_transport->responses[0].value(QStringLiteral("result")).toObject(), sampled);

        Q_EMIT m_transport->notificationReceived(QStringLiteral("notifications/cancelled"),
                                                 {{QStringLiteral("requestId"), QStringLiteral("srv-2")}});
        QCOMPARE(m_toApp.size(), 4);
        QCOMPARE(m_toApp[3].value(QStringLiteral("params")).toObject().value(QStringLiteral("requestId")),
                 m_toApp[2].value(QStringLiteral("id")));
        // A late answer to the withdrawn request goes nowhere.
        m_bridge->handleAppMessage(jsonrpc::resultResponse(m_toApp[2].value(QStringLiteral("id")), {}));
        QCOMPARE(m_transport->responses.size(), 1);
    }

    // 2026-07-28 (MRTR, basic/patterns/mrtr): an input request of an input_required result goes to the app as a
    // request of its own; its answer goes back as the input response, with requestState as received.
    void inputRequestsOf2026GoToTheApp()
    {
        m_bridge->handleAppMessage(jsonrpc::request(1, QStringLiteral("initialize"),
                                                    {{QStringLiteral("protocolVersion"), QStringLiteral("2025-06-18")},
                                                     {QStringLiteral("capabilities"), kAppCapabilities},
                                                     {QStringLiteral("clientInfo"), kAppInfo}}));
        QTRY_COMPARE(m_transport->requests.size(), 1); // server/discover
        QCOMPARE(m_transport->requests[0].method, QStringLiteral("server/discover"));
        const QJsonObject meta = m_transport->requests[0].params.value(QStringLiteral("_meta")).toObject();
        QCOMPARE(meta.value(QStringLiteral("io.modelcontextprotocol/clientCapabilities")).toObject(), kAppCapabilities);
        QCOMPARE(meta.value(QStringLiteral("io.modelcontextprotocol/clientInfo")).toObject(), kAppInfo);
        m_transport->answer(
            0, {{QStringLiteral("error"),
                 QJsonObject{{QStringLiteral("code"), -32601}, {QStringLiteral("message"), QStringLiteral("no")}}}});
        QTRY_COMPARE(m_toApp.size(), 1);

        m_bridge->handleAppMessage(
            jsonrpc::request(2, QStringLiteral("tools/call"), {{QStringLiteral("name"), QStringLiteral("ask")}}));
        QCOMPARE(m_transport->requests.size(), 2);
        const QJsonObject question{
            {QStringLiteral("method"), QStringLiteral("elicitation/create")},
            {QStringLiteral("params"), QJsonObject{{QStringLiteral("message"), QStringLiteral("Name?")}}}};
        m_transport->answer(
            1, {{QStringLiteral("result"),
                 QJsonObject{{QStringLiteral("resultType"), QStringLiteral("input_required")},
                             {QStringLiteral("inputRequests"), QJsonObject{{QStringLiteral("q1"), question}}},
                             {QStringLiteral("requestState"), QStringLiteral("state-1")}}}});
        QTRY_COMPARE(m_toApp.size(), 2);
        QCOMPARE(m_toApp[1].value(QStringLiteral("method")).toString(), QStringLiteral("elicitation/create"));
        const QJsonObject reply{
            {QStringLiteral("action"), QStringLiteral("accept")},
            {QStringLiteral("content"), QJsonObject{{QStringLiteral("name"), QStringLiteral("Ada")}}}};
        m_bridge->handleAppMessage(jsonrpc::resultResponse(m_toApp[1].value(QStringLiteral("id")), reply));
        QTRY_COMPARE(m_transport->requests.size(), 3);
        const QJsonObject retry = m_transport->requests[2].params;
        QCOMPARE(retry.value(QStringLiteral("inputResponses")).toObject(),
                 QJsonObject({{QStringLiteral("q1"), reply}}));
        QCOMPARE(retry.value(QStringLiteral("requestState")).toString(), QStringLiteral("state-1"));
        m_transport->answer(2, {{QStringLiteral("result"), QJsonObject{{QStringLiteral("content"), QJsonArray()}}}});
        QTRY_COMPARE(m_toApp.size(), 3);
        QCOMPARE(m_toApp[2].value(QStringLiteral("id")).toInt(), 2);
        QVERIFY(m_toApp[2].value(QStringLiteral("result")).toObject().contains(QStringLiteral("content")));
    }

    // A server that needs a person to sign in: a clear error, and the bridge keeps answering.
    void signInNeededIsAClearError()
    {
        m_bridge->handleAppMessage(jsonrpc::request(
            1, QStringLiteral("initialize"), {{QStringLiteral("protocolVersion"), QStringLiteral("2025-06-18")}}));
        m_bridge->remoteUnavailable(Error(ErrorCode::HttpStatus, QStringLiteral("401")).withHttpStatus(401), true);
        QTRY_COMPARE(m_toApp.size(), 1);
        const QJsonObject error = m_toApp[0].value(QStringLiteral("error")).toObject();
        QVERIFY2(error.value(QStringLiteral("message")).toString().contains(QStringLiteral("Sign in to “Fake server”")),
                 qPrintable(error.value(QStringLiteral("message")).toString()));
        m_bridge->handleAppMessage(jsonrpc::request(2, QStringLiteral("ping"), {}));
        QCOMPARE(m_toApp.size(), 2);
        QVERIFY(m_toApp[1].contains(QStringLiteral("result")));
    }
};

QTEST_GUILESS_MAIN(TestBridgeSession)
#include "tst_bridgesession.moc"
