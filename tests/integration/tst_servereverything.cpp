// The Node test peers are installed and usable: server-everything (the MCP reference server, pinned in
// tests/peers/package-lock.json) starts on a free loopback port and answers `initialize` over
// Streamable HTTP (requirements TRANSPORT-21, TRANSPORT-22, TRANSPORT-4: initialize, Mcp-Session-Id, the dual Accept
// header).

#include "everythingserver.h"

#include <QEventLoop>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QTest>

#include <memory>

using portico::testing::EverythingServer;

class TestServerEverything : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void answersInitialize();
    void refusesPostWithoutEventStreamAccept();

private:
    QNetworkReply *post(const QByteArray &body, const QByteArray &accept);
    QUrl m_endpoint;
    EverythingServer m_server;
    QNetworkAccessManager m_network;
};

namespace {

// The first JSON-RPC message of a response that may come as JSON or as SSE. An SSE stream may open with a
// priming event whose data is empty (2025-11-25 resumability), which carries no message.
QJsonObject firstMessage(const QByteArray &contentType, const QByteArray &body)
{
    if (!contentType.startsWith("text/event-stream"))
        return QJsonDocument::fromJson(body).object();
    for (const QByteArray &line : body.split('\n')) {
        const QByteArray data = line.startsWith("data:") ? line.sliced(5).trimmed() : QByteArray();
        if (!data.isEmpty())
            return QJsonDocument::fromJson(data).object();
    }
    return {};
}

} // namespace

void TestServerEverything::initTestCase()
{
    const QString error = m_server.start();
    QVERIFY2(error.isEmpty(), qPrintable(error));
    m_endpoint = m_server.endpoint();
}

QNetworkReply *TestServerEverything::post(const QByteArray &body, const QByteArray &accept)
{
    QNetworkRequest request(m_endpoint);
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    request.setRawHeader("Accept", accept);
    request.setTransferTimeout(20000);
    QNetworkReply *reply = m_network.post(request, body);
    QEventLoop loop;
    connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    loop.exec();
    return reply;
}

void TestServerEverything::answersInitialize()
{
    const QByteArray initialize = R"({"jsonrpc":"2.0","id":1,"method":"initialize","params":{)"
                                  R"("protocolVersion":"2025-11-25","capabilities":{},)"
                                  R"("clientInfo":{"name":"portico-tests","version":"0"}}})";
    std::unique_ptr<QNetworkReply> reply(post(initialize, "application/json, text/event-stream"));
    QCOMPARE(reply->error(), QNetworkReply::NoError);
    QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
    QVERIFY2(!reply->rawHeader("Mcp-Session-Id").isEmpty(), "a stateful server must hand out a session id");

    const QJsonObject message =
        firstMessage(reply->header(QNetworkRequest::ContentTypeHeader).toByteArray(), reply->readAll());
    QCOMPARE(message.value(QStringLiteral("id")).toInt(), 1);
    const QJsonObject result = message.value(QStringLiteral("result")).toObject();
    QCOMPARE(result.value(QStringLiteral("protocolVersion")).toString(), QStringLiteral("2025-11-25"));
    QVERIFY(!result.value(QStringLiteral("serverInfo")).toObject().value(QStringLiteral("name")).toString().isEmpty());
    QVERIFY(result.value(QStringLiteral("capabilities")).toObject().contains(QStringLiteral("tools")));
}

void TestServerEverything::refusesPostWithoutEventStreamAccept()
{
    // The real server enforces the transport's Accept rule (requirements TRANSPORT-4), which is why it is a real peer.
    const QByteArray ping = R"({"jsonrpc":"2.0","id":2,"method":"ping"})";
    std::unique_ptr<QNetworkReply> reply(post(ping, "application/json"));
    QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 406);
}

QTEST_GUILESS_MAIN(TestServerEverything)
#include "tst_servereverything.moc"
