// JsonLineReader and StdioChannel: the stdio side of `portico bridge` (MCP 2025-11-25 basic/transports, "stdio";
// JSON-RPC 2.0 §5.1 error codes).
#include "bridge/jsonlinereader.h"
#include "bridge/stdiochannel.h"
#include "mcp/jsonrpc.h"

#include <QJsonDocument>
#include <QSignalSpy>
#include <QTest>

#include <unistd.h>

using portico::JsonLineReader;

class TestJsonLineReader : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void readsOneMessagePerLine()
    {
        JsonLineReader reader;
        const auto lines = reader.append(
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}\n{\"jsonrpc\":\"2.0\",\"method\":\"n\"}\r\n\n  \n");
        QCOMPARE(lines.size(), 2);
        QCOMPARE(lines[0].errorCode, 0);
        QCOMPARE(lines[0].message.value(QStringLiteral("method")).toString(), QStringLiteral("ping"));
        QCOMPARE(lines[1].message.value(QStringLiteral("method")).toString(), QStringLiteral("n"));
    }

    void joinsALineSplitAcrossReads()
    {
        JsonLineReader reader;
        QVERIFY(reader.append("{\"jsonrpc\":\"2.0\",\"id\":\"a").isEmpty());
        QVERIFY(reader.append("bc\",\"method\":\"tools/list\"").isEmpty());
        const auto lines = reader.append("}\n");
        QCOMPARE(lines.size(), 1);
        QCOMPARE(lines[0].message.value(QStringLiteral("id")).toString(), QStringLiteral("abc"));
    }

    // A malformed line is a parse error (-32700, id null) and the next line is read as usual.
    void malformedLineIsAParseError()
    {
        JsonLineReader reader;
        const auto lines = reader.append("{bad json\n{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"ping\"}\n");
        QCOMPARE(lines.size(), 2);
        QCOMPARE(lines[0].errorCode, int(portico::jsonrpc::ParseError));
        QVERIFY(lines[0].id.isNull());
        QCOMPARE(lines[1].errorCode, 0);
    }

    // Not an object (a batch, a number) or not JSON-RPC: invalid request (-32600), with the id when readable.
    void nonMessagesAreInvalidRequests()
    {
        JsonLineReader reader;
        const auto lines = reader.append("[1,2]\n42\n{\"jsonrpc\":\"2.0\",\"id\":5}\n");
        QCOMPARE(lines.size(), 3);
        for (const auto &line : lines)
            QCOMPARE(line.errorCode, int(portico::jsonrpc::InvalidRequest));
        QCOMPARE(lines[2].id.toInteger(), 5);
    }

    // requirements SEC-12: a line longer than the limit costs one error and no memory beyond the limit.
    void overLongLineIsDroppedWithOneError()
    {
        JsonLineReader reader(64);
        QList<JsonLineReader::Line> lines;
        for (int i = 0; i < 100; ++i)
            lines += reader.append(QByteArray(50, 'x'));
        lines += reader.append("tail\n{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"ping\"}\n");
        QCOMPARE(lines.size(), 2);
        QCOMPARE(lines[0].errorCode, int(portico::jsonrpc::ParseError));
        QVERIFY(lines[0].errorMessage.contains(QStringLiteral("longer than 64")));
        QCOMPARE(lines[1].message.value(QStringLiteral("id")).toInt(), 3);
    }

    // The channel answers a malformed line itself, passes good ones on, and reports the end of its input.
    void channelAnswersParseErrorsAndReportsEnd()
    {
        int input[2];
        int output[2];
        QVERIFY(::pipe(input) == 0);
        QVERIFY(::pipe(output) == 0);
        portico::StdioChannel channel(input[0], output[1]);
        QSignalSpy messages(&channel, &portico::StdioChannel::messageReceived);
        QSignalSpy closed(&channel, &portico::StdioChannel::inputClosed);
        channel.start();
        const QByteArray written = "not json\n{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}\n";
        QCOMPARE(::write(input[1], written.constData(), size_t(written.size())), ssize_t(written.size()));
        QTRY_COMPARE(messages.size(), 1);
        char buffer[4096];
        const ssize_t count = ::read(output[0], buffer, sizeof buffer);
        QVERIFY(count > 0);
        const QByteArray reply(buffer, count);
        QVERIFY(reply.endsWith('\n'));
        QCOMPARE(reply.count('\n'), 1);
        const QJsonObject error = QJsonDocument::fromJson(reply).object();
        QCOMPARE(error.value(QStringLiteral("error")).toObject().value(QStringLiteral("code")).toInt(), -32700);
        QVERIFY(error.value(QStringLiteral("id")).isNull());
        ::close(input[1]);
        QTRY_COMPARE(closed.size(), 1);
        QCOMPARE(messages.size(), 1);
        ::close(input[0]);
        ::close(output[0]);
        ::close(output[1]);
    }
};

QTEST_GUILESS_MAIN(TestJsonLineReader)
#include "tst_jsonlinereader.moc"
