// MessageReader: JSON-RPC messages out of application/json and text/event-stream bodies (requirements TRANSPORT-5,
// TRANSPORT-7, requirements SEC-12), and the clear errors for what a server should not send.

#include "mcp/messagereader.h"

#include <QTest>

using namespace portico;

class TestMessageReader : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void choosesFormatFromContentType_data();
    void choosesFormatFromContentType();
    void readsJsonBodyAtTheEnd();
    void readsEventStreamAsItArrives();
    void skipsPrimingEventsAndKeepsTheirId();
    void rejectsBadJsonOnOneEvent();
    void rejectsOversizeMessage();
    void readsLegacyBatch();
};

void TestMessageReader::choosesFormatFromContentType_data()
{
    QTest::addColumn<QByteArray>("contentType");
    QTest::addColumn<bool>("ok");
    QTest::addColumn<int>("format");
    QTest::newRow("json") << QByteArray("application/json") << true << int(MessageReader::Format::Json);
    QTest::newRow("json with charset") << QByteArray("application/json; charset=utf-8") << true
                                       << int(MessageReader::Format::Json);
    QTest::newRow("sse, any case") << QByteArray("Text/Event-Stream") << true
                                   << int(MessageReader::Format::EventStream);
    QTest::newRow("html error page") << QByteArray("text/html") << false << 0;
    QTest::newRow("empty") << QByteArray() << false << 0;
}

void TestMessageReader::choosesFormatFromContentType()
{
    QFETCH(QByteArray, contentType);
    QFETCH(bool, ok);
    QFETCH(int, format);
    const Result<MessageReader::Format> result = MessageReader::formatFor(contentType);
    QCOMPARE(result.ok(), ok);
    if (ok)
        QCOMPARE(int(result.value()), format);
    else
        QCOMPARE(result.error().code(), ErrorCode::MalformedResponse);
}

void TestMessageReader::readsJsonBodyAtTheEnd()
{
    MessageReader reader(MessageReader::Format::Json);
    QList<QJsonObject> messages;
    const auto collect = [&](const QJsonObject &m) { messages.append(m); };
    QVERIFY(reader.feed(R"({"jsonrpc":"2.0","id":1,)", collect).ok());
    QVERIFY(reader.feed(R"("result":{}})", collect).ok());
    QCOMPARE(messages.size(), 0);
    QVERIFY(reader.finish(collect).ok());
    QCOMPARE(messages.size(), 1);
    QCOMPARE(messages.constFirst().value(QStringLiteral("id")).toInt(), 1);
}

void TestMessageReader::readsEventStreamAsItArrives()
{
    MessageReader reader(MessageReader::Format::EventStream);
    QList<QJsonObject> messages;
    const auto collect = [&](const QJsonObject &m) { messages.append(m); };
    QVERIFY(
        reader.feed("event: message\ndata: {\"jsonrpc\":\"2.0\",\"method\":\"notifications/progress\"}\n\n", collect)
            .ok());
    QCOMPARE(messages.size(), 1); // before the stream ends
    QVERIFY(reader.feed("data: {\"jsonrpc\":\"2.0\",\"id\":7,\"result\":{}}\n\n", collect).ok());
    QCOMPARE(messages.size(), 2);
    QCOMPARE(messages.at(1).value(QStringLiteral("id")).toInt(), 7);
}

void TestMessageReader::skipsPrimingEventsAndKeepsTheirId()
{
    MessageReader reader(MessageReader::Format::EventStream);
    int messages = 0;
    QVERIFY(reader.feed("id: event-1\nretry: 500\ndata: \n\n", [&](const QJsonObject &) { ++messages; }).ok());
    QCOMPARE(messages, 0);
    QCOMPARE(reader.lastEventId(), QByteArray("event-1"));
    QCOMPARE(reader.retryMilliseconds(), std::optional<int>(500));
}

void TestMessageReader::rejectsBadJsonOnOneEvent()
{
    MessageReader reader(MessageReader::Format::EventStream);
    const Result<void> result = reader.feed("data: {not json\n\n", [](const QJsonObject &) {});
    QVERIFY(!result.ok());
    QCOMPARE(result.error().code(), ErrorCode::MalformedResponse);
}

void TestMessageReader::rejectsOversizeMessage()
{
    MessageReader json(MessageReader::Format::Json, 1024);
    QVERIFY(!json.feed(QByteArray(2048, ' '), [](const QJsonObject &) {}).ok());
    MessageReader sse(MessageReader::Format::EventStream, 1024);
    const QByteArray oversize = QByteArray("data: ") + QByteArray(2048, 'x') + QByteArray("\n\n");
    QVERIFY(!sse.feed(oversize, [](const QJsonObject &) {}).ok());
}

void TestMessageReader::readsLegacyBatch()
{
    QList<QJsonObject> messages;
    QVERIFY(MessageReader::parseMessages(R"([{"jsonrpc":"2.0","method":"a"},{"jsonrpc":"2.0","method":"b"}])",
                                         [&](const QJsonObject &m) { messages.append(m); })
                .ok());
    QCOMPARE(messages.size(), 2);
    QVERIFY(!MessageReader::parseMessages("[1]", [](const QJsonObject &) {}).ok());
}

QTEST_GUILESS_MAIN(TestMessageReader)
#include "tst_messagereader.moc"
