// SseParser: the text/event-stream parser on the hot path of every MCP response (WHATWG HTML §9.2.5-§9.2.6;
// requirements TRANSPORT-7: comments, event, multi-line data, id, retry, CRLF and LF; requirements SEC-12: one event is
// bounded).
//
// One table of streams is run four ways: fed whole, split in two at every byte, split in three at every
// pair of bytes, and fed one byte at a time. An incremental parser must give the same result every way.

#include "mcp/sseparser.h"

#include <QTest>

#include <climits>

using namespace portico;

namespace {

// A byte string from a literal, embedded NULs included.
template<qsizetype N>
QByteArray raw(const char (&bytes)[N])
{
    return QByteArray(bytes, N - 1);
}

// Printable ASCII for failure messages: line ends, NUL and non-ASCII bytes are escaped.
QString escaped(QByteArrayView bytes)
{
    QByteArray out;
    for (const char c : bytes) {
        const auto u = static_cast<unsigned char>(c);
        if (c == '\n')
            out += "\\n";
        else if (c == '\r')
            out += "\\r";
        else if (c == '\\')
            out += "\\\\";
        else if (u < 0x20 || u >= 0x7f)
            out += "\\x" + QByteArray::number(u, 16).rightJustified(2, '0');
        else
            out += c;
    }
    return QString::fromLatin1(out);
}

// One event as the table spells it: comparing lists of these strings shows which event differs and how.
QString ev(QByteArrayView type, QByteArrayView data, QByteArrayView lastEventId = {})
{
    return QStringLiteral("type=[%1] data=[%2] id=[%3]").arg(escaped(type), escaped(data), escaped(lastEventId));
}

struct Outcome
{
    QStringList events;
    QByteArray lastEventId;
    int retry = -1; // -1: no retry field was accepted
    QString error;  // empty when every feed succeeded

    bool operator==(const Outcome &other) const = default;

    QString describe() const
    {
        return QStringLiteral("events {%1} lastEventId [%2] retry %3 error [%4]")
            .arg(events.join(QStringLiteral("; ")), escaped(lastEventId), QString::number(retry), error);
    }
};

Outcome parseChunks(const QList<QByteArrayView> &chunks, qsizetype maxEventBytes = 8 * 1024 * 1024)
{
    SseParser parser(maxEventBytes);
    Outcome outcome;
    const auto onEvent = [&outcome](SseEvent &&event) {
        outcome.events.append(ev(event.type, event.data, event.lastEventId));
    };
    for (const QByteArrayView chunk : chunks) {
        const Result<void> result = parser.feed(chunk, onEvent);
        if (!result.ok()) {
            outcome.error = result.error().message();
            break;
        }
    }
    outcome.lastEventId = parser.lastEventId();
    outcome.retry = parser.retryMilliseconds().value_or(-1);
    return outcome;
}

} // namespace

class TestSseParser : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parsesStream_data();
    void parsesStream();
    void parsesStreamSplitInTwoAtEveryByte_data() { parsesStream_data(); }
    void parsesStreamSplitInTwoAtEveryByte();
    void parsesStreamSplitInThreeAtEveryPair_data() { parsesStream_data(); }
    void parsesStreamSplitInThreeAtEveryPair();
    void parsesStreamFedOneByteAtATime_data() { parsesStream_data(); }
    void parsesStreamFedOneByteAtATime();

    void failsOnOversizeEventAndStaysFailedUntilReset_data();
    void failsOnOversizeEventAndStaysFailedUntilReset();
    void acceptsEventsUpToTheLimit_data();
    void acceptsEventsUpToTheLimit();
    void deliversEventsCompletedBeforeTheFailure();
    void resetKeepsLastEventIdAndRetry();
    void resetForgetsThePartialEvent();
    void manySmallFeedsOfALargeEventStayLinear();
};

void TestSseParser::parsesStream_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QStringList>("events");
    QTest::addColumn<QByteArray>("lastEventId");
    QTest::addColumn<int>("retry");

    const QByteArrayView message = "message";
    const QStringList none;

    // --- line ends (§9.2.5: CRLF, LF or CR) ---
    QTest::newRow("empty stream") << QByteArray() << none << QByteArray() << -1;
    QTest::newRow("single event, LF") << raw("data: hello\n\n") << QStringList{ev(message, "hello")} << QByteArray()
                                      << -1;
    QTest::newRow("two events, LF") << raw("data: a\n\ndata: b\n\n") << QStringList{ev(message, "a"), ev(message, "b")}
                                    << QByteArray() << -1;
    QTest::newRow("CRLF line ends") << raw("data: a\r\n\r\ndata: b\r\n\r\n")
                                    << QStringList{ev(message, "a"), ev(message, "b")} << QByteArray() << -1;
    QTest::newRow("CR line ends") << raw("data: a\r\rdata: b\r\r") << QStringList{ev(message, "a"), ev(message, "b")}
                                  << QByteArray() << -1;
    QTest::newRow("mixed line ends in one event")
        << raw("data: a\r\ndata: b\rdata: c\n\n") << QStringList{ev(message, "a\nb\nc")} << QByteArray() << -1;
    QTest::newRow("CR, then CRLF as the empty line")
        << raw("data: a\r\r\ndata: b\n\n") << QStringList{ev(message, "a"), ev(message, "b")} << QByteArray() << -1;
    QTest::newRow("LF, then CRLF as the empty line")
        << raw("data: a\n\r\n") << QStringList{ev(message, "a")} << QByteArray() << -1;
    QTest::newRow("CRLF, then LF as the empty line")
        << raw("data: a\r\n\n") << QStringList{ev(message, "a")} << QByteArray() << -1;
    QTest::newRow("LF then CR are two line ends")
        << raw("data: a\n\rdata: b\n\n") << QStringList{ev(message, "a"), ev(message, "b")} << QByteArray() << -1;
    QTest::newRow("CR CR CR: two dispatches, the second empty")
        << raw("data: a\r\r\rdata: b\r\r") << QStringList{ev(message, "a"), ev(message, "b")} << QByteArray() << -1;

    // --- byte order mark (§9.2.6: one leading BOM is ignored) ---
    QTest::newRow("leading BOM is skipped") << raw("\xEF\xBB\xBF"
                                                   "data: a\n\n")
                                            << QStringList{ev(message, "a")} << QByteArray() << -1;
    QTest::newRow("leading BOM before a comment")
        << raw("\xEF\xBB\xBF: hello\ndata: a\n\n") << QStringList{ev(message, "a")} << QByteArray() << -1;
    QTest::newRow("only one BOM is skipped") << raw("\xEF\xBB\xBF\xEF\xBB\xBF"
                                                    "data: x\n\ndata: y\n\n")
                                             << QStringList{ev(message, "y")} << QByteArray() << -1;
    QTest::newRow("BOM after the stream start is content") << raw("data: a\n\n\xEF\xBB\xBF"
                                                                  "data: b\n\n")
                                                           << QStringList{ev(message, "a")} << QByteArray() << -1;
    QTest::newRow("partial BOM is content") << raw("\xEF\xBB"
                                                   "data: a\n\ndata: b\n\n")
                                            << QStringList{ev(message, "b")} << QByteArray() << -1;
    QTest::newRow("BOM prefix then a line end")
        << raw("\xEF\n\ndata: b\n\n") << QStringList{ev(message, "b")} << QByteArray() << -1;
    QTest::newRow("BOM inside data is kept") << raw("data: \xEF\xBB\xBF"
                                                    "a\n\n")
                                             << QStringList{ev(message, raw("\xEF\xBB\xBF"
                                                                            "a"))}
                                             << QByteArray() << -1;
    QTest::newRow("stream of only a BOM") << raw("\xEF\xBB\xBF") << none << QByteArray() << -1;

    // --- comments (§9.2.6: a line starting with ':' is ignored) ---
    QTest::newRow("comment is ignored") << raw(": this is a comment\ndata: a\n\n") << QStringList{ev(message, "a")}
                                        << QByteArray() << -1;
    QTest::newRow("empty comment") << raw(":\ndata: a\n\n") << QStringList{ev(message, "a")} << QByteArray() << -1;
    QTest::newRow("comment between data lines")
        << raw("data: a\n: note\ndata: b\n\n") << QStringList{ev(message, "a\nb")} << QByteArray() << -1;
    QTest::newRow("comment that looks like a field") << raw(":data: x\n:id: 3\n\n") << none << QByteArray() << -1;
    QTest::newRow("comment ended by CR") << raw(": c\rdata: a\r\r") << QStringList{ev(message, "a")} << QByteArray()
                                         << -1;

    // --- fields and values (§9.2.6: name before the first ':', one leading space of the value removed) ---
    QTest::newRow("no space after the colon")
        << raw("data:a\n\n") << QStringList{ev(message, "a")} << QByteArray() << -1;
    QTest::newRow("only one leading space is removed")
        << raw("data:  a\n\n") << QStringList{ev(message, " a")} << QByteArray() << -1;
    QTest::newRow("trailing space is kept")
        << raw("data: a \n\n") << QStringList{ev(message, "a ")} << QByteArray() << -1;
    QTest::newRow("tab is not the optional space")
        << raw("data:\ta\n\n") << QStringList{ev(message, "\ta")} << QByteArray() << -1;
    QTest::newRow("colons in the value") << raw("data: a:b: c\n\n") << QStringList{ev(message, "a:b: c")}
                                         << QByteArray() << -1;
    QTest::newRow("empty value after the colon")
        << raw("data:\n\n") << QStringList{ev(message, "")} << QByteArray() << -1;
    QTest::newRow("single space value") << raw("data: \n\n") << QStringList{ev(message, "")} << QByteArray() << -1;
    QTest::newRow("field without a colon") << raw("data\n\n") << QStringList{ev(message, "")} << QByteArray() << -1;
    QTest::newRow("two empty data lines")
        << raw("data\ndata\n\n") << QStringList{ev(message, "\n")} << QByteArray() << -1;
    QTest::newRow("only the last LF of the data is removed")
        << raw("data: a\ndata:\n\n") << QStringList{ev(message, "a\n")} << QByteArray() << -1;
    QTest::newRow("multi-line data") << raw("data: {\ndata: \"a\": 1\ndata: }\n\n")
                                     << QStringList{ev(message, "{\n\"a\": 1\n}")} << QByteArray() << -1;
    QTest::newRow("field names are case-sensitive")
        << raw("Data: a\nDATA: b\nID: 1\nRetry: 5\n\n") << none << QByteArray() << -1;
    QTest::newRow("space before the colon makes another field") << raw("data : a\n\n") << none << QByteArray() << -1;
    QTest::newRow("leading space makes another field") << raw(" data: a\n\n") << none << QByteArray() << -1;
    QTest::newRow("unknown fields are ignored")
        << raw("foo: bar\ndata: a\nfoo\nlongfieldname: x\n\n") << QStringList{ev(message, "a")} << QByteArray() << -1;
    QTest::newRow("prefixes and extensions of known names are unknown")
        << raw("dat: a\nda\ndataa: b\nretryx: 5\nidx: 3\nevents: e\n\n") << none << QByteArray() << -1;
    QTest::newRow("NUL and UTF-8 in data are kept")
        << raw("data: a\0b\n\ndata: h\xC3\xA9llo \xE2\x9C\x93\n\n")
        << QStringList{ev(message, raw("a\0b")), ev(message, raw("h\xC3\xA9llo \xE2\x9C\x93"))} << QByteArray() << -1;

    // --- event (§9.2.6: sets the type buffer; reset after each dispatch) ---
    QTest::newRow("event sets the type") << raw("event: add\ndata: 1\n\n") << QStringList{ev("add", "1")}
                                         << QByteArray() << -1;
    QTest::newRow("type resets after dispatch") << raw("event: add\ndata: 1\n\ndata: 2\n\n")
                                                << QStringList{ev("add", "1"), ev(message, "2")} << QByteArray() << -1;
    QTest::newRow("type resets when nothing is dispatched")
        << raw("event: x\n\ndata: 1\n\n") << QStringList{ev(message, "1")} << QByteArray() << -1;
    QTest::newRow("last event field wins")
        << raw("event: a\nevent: b\ndata: 1\n\n") << QStringList{ev("b", "1")} << QByteArray() << -1;
    QTest::newRow("empty type means message") << raw("event: a\nevent\ndata: 1\n\nevent: b\nevent:\ndata: 2\n\n")
                                              << QStringList{ev(message, "1"), ev(message, "2")} << QByteArray() << -1;
    QTest::newRow("type keeps a second space")
        << raw("event:  x\ndata: 1\n\n") << QStringList{ev(" x", "1")} << QByteArray() << -1;
    QTest::newRow("event after the data of its block")
        << raw("data: 1\nevent: late\n\n") << QStringList{ev("late", "1")} << QByteArray() << -1;

    // --- id (§9.2.6: sets the last event ID buffer unless it holds NUL; copied at every empty line) ---
    QTest::newRow("id comes with the event")
        << raw("id: 1\ndata: a\n\n") << QStringList{ev(message, "a", "1")} << QByteArray("1") << -1;
    QTest::newRow("id persists across events")
        << raw("id: 1\ndata: a\n\ndata: b\n\n") << QStringList{ev(message, "a", "1"), ev(message, "b", "1")}
        << QByteArray("1") << -1;
    QTest::newRow("empty id clears the last event ID")
        << raw("id: 1\ndata: a\n\nid\ndata: b\n\nid: 2\n\nid:\ndata: c\n\n")
        << QStringList{ev(message, "a", "1"), ev(message, "b"), ev(message, "c")} << QByteArray() << -1;
    QTest::newRow("id containing NUL is ignored")
        << raw("id: 1\ndata: a\n\nid: 2\0"
               "3\ndata: b\n\n")
        << QStringList{ev(message, "a", "1"), ev(message, "b", "1")} << QByteArray("1") << -1;
    QTest::newRow("id without data updates the last event ID") << raw("id: 7\n\n") << none << QByteArray("7") << -1;
    QTest::newRow("id after the data of its block")
        << raw("data: a\nid: 3\n\n") << QStringList{ev(message, "a", "3")} << QByteArray("3") << -1;
    QTest::newRow("id of an unterminated event is discarded")
        << raw("data: a\n\nid: 9\ndata: b\n") << QStringList{ev(message, "a")} << QByteArray() << -1;
    QTest::newRow("id keeps a second space and trailing spaces")
        << raw("id:  5 \ndata: a\n\n") << QStringList{ev(message, "a", " 5 ")} << QByteArray(" 5 ") << -1;
    QTest::newRow("id with UTF-8") << raw("id: \xC3\xA9\ndata: a\n\n") << QStringList{ev(message, "a", "\xC3\xA9")}
                                   << QByteArray("\xC3\xA9") << -1;

    // --- retry (§9.2.6: ASCII digits only; applies when its line ends) ---
    QTest::newRow("retry sets the reconnection time") << raw("retry: 3000\n\n") << none << QByteArray() << 3000;
    QTest::newRow("retry applies without an empty line") << raw("retry: 5\n") << none << QByteArray() << 5;
    QTest::newRow("unterminated retry line is not processed") << raw("retry: 5") << none << QByteArray() << -1;
    QTest::newRow("invalid retry values are ignored")
        << raw("retry: 1000\nretry: 30s\nretry: -1\nretry: 1.5\nretry: \nretry\nretry:  100\nretry: +5\n"
               "retry: 0x10\nretry: 1 \nretry: \xEF\xBC\x93\n")
        << none << QByteArray() << 1000;
    QTest::newRow("last valid retry wins") << raw("retry: 1\nretry: 2\n") << none << QByteArray() << 2;
    QTest::newRow("retry zero") << raw("retry: 0\n") << none << QByteArray() << 0;
    QTest::newRow("retry with leading zeros") << raw("retry:0042\n") << none << QByteArray() << 42;
    QTest::newRow("retry beyond int saturates")
        << raw("retry: 2147483648\nretry: 99999999999999999999999999999999999999\n") << none << QByteArray() << INT_MAX;
    QTest::newRow("retry inside an event")
        << raw("retry: 100\ndata: a\n\n") << QStringList{ev(message, "a")} << QByteArray() << 100;

    // --- dispatch (§9.2.6: empty line; nothing when the data buffer is empty; end of stream discards) ---
    QTest::newRow("empty lines alone dispatch nothing") << raw("\n\n\r\n\r") << none << QByteArray() << -1;
    QTest::newRow("final event without its empty line is not dispatched")
        << raw("data: a\n\ndata: b\n") << QStringList{ev(message, "a")} << QByteArray() << -1;
    QTest::newRow("final line without its line end") << raw("data: a") << none << QByteArray() << -1;
    QTest::newRow("event with a type but no data") << raw("event: x\n\n") << none << QByteArray() << -1;

    // --- MCP shapes (Streamable HTTP responses and GET streams) ---
    const QByteArray response = R"({"jsonrpc":"2.0","id":1,"result":{"tools":[]}})";
    const QByteArray progress =
        R"({"jsonrpc":"2.0","method":"notifications/progress","params":{"progressToken":"t","progress":1}})";
    QTest::newRow("MCP priming event") << raw("id: x\ndata: \n\n") << QStringList{ev(message, "", "x")}
                                       << QByteArray("x") << -1;
    QTest::newRow("MCP priming event with retry") << raw("id: s1-0\nretry: 1000\ndata: \n\n")
                                                  << QStringList{ev(message, "", "s1-0")} << QByteArray("s1-0") << 1000;
    QTest::newRow("MCP JSON-RPC response") << QByteArray("event: message\nid: 1\ndata: " + response + "\n\n")
                                           << QStringList{ev(message, response, "1")} << QByteArray("1") << -1;
    QTest::newRow("MCP notification then response")
        << QByteArray("id: s-0\ndata: \n\nid: s-1\ndata: " + progress + "\n\nid: s-2\nevent: message\ndata: " + response
                      + "\n\n")
        << QStringList{ev(message, "", "s-0"), ev(message, progress, "s-1"), ev(message, response, "s-2")}
        << QByteArray("s-2") << -1;
    QTest::newRow("MCP keepalive comments")
        << QByteArray(": keepalive\n\n:\n\ndata: " + response + "\n\n: keepalive\n\n")
        << QStringList{ev(message, response)} << QByteArray() << -1;
    QTest::newRow("MCP CRLF stream") << QByteArray("id: 1\r\nevent: message\r\ndata: " + response + "\r\n\r\n")
                                     << QStringList{ev(message, response, "1")} << QByteArray("1") << -1;
    QTest::newRow("MCP CR-only stream") << QByteArray("id: 1\r: ping\revent: message\rdata: " + response
                                                      + "\r\rdata: " + progress + "\r\r")
                                        << QStringList{ev(message, response, "1"), ev(message, progress, "1")}
                                        << QByteArray("1") << -1;
    QTest::newRow("MCP message split over data lines")
        << raw("data: {\"jsonrpc\":\"2.0\",\ndata: \"method\":\"ping\"}\n\n")
        << QStringList{ev(message, "{\"jsonrpc\":\"2.0\",\n\"method\":\"ping\"}")} << QByteArray() << -1;
    QTest::newRow("MCP stream cut mid-message") << QByteArray("id: a\ndata: \n\nid: b\ndata: " + response.left(20))
                                                << QStringList{ev(message, "", "a")} << QByteArray("a") << -1;
}

void TestSseParser::parsesStream()
{
    QFETCH(QByteArray, input);
    QFETCH(QStringList, events);
    QFETCH(QByteArray, lastEventId);
    QFETCH(int, retry);

    const Outcome outcome = parseChunks({input});
    QCOMPARE(outcome.error, QString());
    QCOMPARE(outcome.events, events);
    QCOMPARE(outcome.lastEventId, lastEventId);
    QCOMPARE(outcome.retry, retry);
}

void TestSseParser::parsesStreamSplitInTwoAtEveryByte()
{
    QFETCH(QByteArray, input);
    QFETCH(QStringList, events);
    QFETCH(QByteArray, lastEventId);
    QFETCH(int, retry);
    const Outcome expected{events, lastEventId, retry, {}};

    const QByteArrayView view(input);
    for (qsizetype at = 0; at <= view.size(); ++at) {
        const Outcome outcome = parseChunks({view.first(at), view.sliced(at)});
        QVERIFY2(outcome == expected,
                 qPrintable(QStringLiteral("split at %1: got %2; expected %3")
                                .arg(QString::number(at), outcome.describe(), expected.describe())));
    }
}

void TestSseParser::parsesStreamSplitInThreeAtEveryPair()
{
    QFETCH(QByteArray, input);
    QFETCH(QStringList, events);
    QFETCH(QByteArray, lastEventId);
    QFETCH(int, retry);
    const Outcome expected{events, lastEventId, retry, {}};

    const QByteArrayView view(input);
    for (qsizetype first = 0; first <= view.size(); ++first) {
        for (qsizetype second = first; second <= view.size(); ++second) {
            const Outcome outcome =
                parseChunks({view.first(first), view.sliced(first, second - first), view.sliced(second)});
            QVERIFY2(outcome == expected, qPrintable(QStringLiteral("split at %1 and %2: got %3; expected %4")
                                                         .arg(QString::number(first), QString::number(second),
                                                              outcome.describe(), expected.describe())));
        }
    }
}

void TestSseParser::parsesStreamFedOneByteAtATime()
{
    QFETCH(QByteArray, input);
    QFETCH(QStringList, events);
    QFETCH(QByteArray, lastEventId);
    QFETCH(int, retry);

    // Empty feeds between the bytes must change nothing either.
    QList<QByteArrayView> chunks;
    for (qsizetype i = 0; i < input.size(); ++i) {
        chunks.append(QByteArrayView(input).sliced(i, 1));
        chunks.append(QByteArrayView());
    }
    const Outcome outcome = parseChunks(chunks);
    QCOMPARE(outcome.error, QString());
    QCOMPARE(outcome.events, events);
    QCOMPARE(outcome.lastEventId, lastEventId);
    QCOMPARE(outcome.retry, retry);
}

void TestSseParser::failsOnOversizeEventAndStaysFailedUntilReset_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<bool>("byteByByte");

    // The limit in these rows is 32 bytes.
    const QList<std::pair<const char *, QByteArray>> rows = {
        {"one data line of 33 bytes", "data: " + QByteArray(33, 'a') + "\n\n"},
        {"17 short data lines (33 bytes joined)", QByteArray("data: a\n").repeated(17) + "\n"},
        {"empty data lines add their LF", QByteArray("data\n").repeated(34) + "\n"},
        {"a line that never ends", "data: " + QByteArray(40, 'a')},
        {"an event type of 33 bytes", "event: " + QByteArray(33, 'e') + "\n"},
        {"an id of 33 bytes", "id: " + QByteArray(33, '1') + "\n\n"},
        {"a retry value of 33 bytes", "retry: " + QByteArray(33, '1') + "\n"},
        {"data and type together", "data: " + QByteArray(20, 'a') + "\nevent: " + QByteArray(13, 'e') + "\n\n"},
    };
    for (const auto &[name, input] : rows) {
        QTest::addRow("%s, whole", name) << input << false;
        QTest::addRow("%s, byte by byte", name) << input << true;
    }
}

void TestSseParser::failsOnOversizeEventAndStaysFailedUntilReset()
{
    QFETCH(QByteArray, input);
    QFETCH(bool, byteByByte);

    SseParser parser(32);
    QStringList events;
    const auto onEvent = [&events](SseEvent &&event) { events.append(ev(event.type, event.data, event.lastEventId)); };

    std::optional<Error> error;
    const qsizetype step = byteByByte ? 1 : input.size();
    for (qsizetype i = 0; i < input.size() && !error; i += step) {
        const Result<void> result =
            parser.feed(QByteArrayView(input).sliced(i, std::min(step, input.size() - i)), onEvent);
        if (!result.ok())
            error = result.error();
    }
    QVERIFY2(error.has_value(), "an event beyond maxEventBytes must fail");
    QCOMPARE(error->code(), ErrorCode::MalformedResponse);
    QCOMPARE(error->area(), ErrorArea::Protocol);
    QVERIFY2(error->message().contains(QStringLiteral("32")), qPrintable(error->message()));
    QVERIFY(parser.hasFailed());
    QCOMPARE(events, QStringList());

    // Failed stays failed: a valid event afterwards is neither parsed nor delivered.
    const Result<void> again = parser.feed("\n\ndata: ok\n\n", onEvent);
    QVERIFY(!again.ok());
    QCOMPARE(again.error().code(), ErrorCode::MalformedResponse);
    QVERIFY(parser.hasFailed());
    QCOMPARE(events, QStringList());

    // reset() is a new connection: parsing works again and nothing of the oversize event remains.
    parser.reset();
    QVERIFY(!parser.hasFailed());
    const Result<void> fresh = parser.feed("data: ok\n\n", onEvent);
    QVERIFY(fresh.ok());
    QCOMPARE(events, QStringList{ev("message", "ok")});
}

void TestSseParser::acceptsEventsUpToTheLimit_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QByteArray>("data");

    // The limit in these rows is 32 bytes.
    QTest::newRow("data of exactly 32 bytes")
        << QByteArray("data: " + QByteArray(32, 'a') + "\n\n") << QByteArray(32, 'a');
    QTest::newRow("two lines joining to 32 bytes")
        << QByteArray("data: " + QByteArray(15, 'a') + "\ndata: " + QByteArray(16, 'b') + "\n\n")
        << QByteArray(QByteArray(15, 'a') + '\n' + QByteArray(16, 'b'));
    QTest::newRow("comments and unknown fields are not held") << QByteArray(
        ": " + QByteArray(100, 'c') + "\nfoo: " + QByteArray(100, 'f') + "\n" + QByteArray(100, 'x') + "\ndata: a\n\n")
                                                              << QByteArray("a");
    QTest::newRow("the limit is per event")
        << QByteArray(QByteArray("data: " + QByteArray(30, 'a') + "\n\n").repeated(5) + "data: b\n\n")
        << QByteArray("b");
}

void TestSseParser::acceptsEventsUpToTheLimit()
{
    QFETCH(QByteArray, input);
    QFETCH(QByteArray, data);

    for (const qsizetype step : {input.size(), qsizetype(1), qsizetype(7)}) {
        SseParser parser(32);
        QByteArray last;
        for (qsizetype i = 0; i < input.size(); i += step) {
            const Result<void> result = parser.feed(QByteArrayView(input).sliced(i, std::min(step, input.size() - i)),
                                                    [&last](SseEvent &&event) { last = std::move(event.data); });
            QVERIFY2(result.ok(), qPrintable(QStringLiteral("step %1 at %2: %3")
                                                 .arg(QString::number(step), QString::number(i),
                                                      result.ok() ? QString() : result.error().toString())));
        }
        QCOMPARE(last, data);
    }
}

void TestSseParser::deliversEventsCompletedBeforeTheFailure()
{
    SseParser parser(32);
    QStringList events;
    const Result<void> result =
        parser.feed(QByteArray("id: 1\ndata: a\n\ndata: " + QByteArray(40, 'z') + "\n\n"),
                    [&events](SseEvent &&event) { events.append(ev(event.type, event.data, event.lastEventId)); });
    QVERIFY(!result.ok());
    QCOMPARE(events, QStringList{ev("message", "a", "1")});
    QCOMPARE(parser.lastEventId(), QByteArray("1"));
}

void TestSseParser::resetKeepsLastEventIdAndRetry()
{
    SseParser parser;
    QStringList events;
    const auto onEvent = [&events](SseEvent &&event) { events.append(ev(event.type, event.data, event.lastEventId)); };

    QVERIFY(parser.feed("id: 5\nretry: 100\ndata: a\n\nevent: half\nid: 6\ndata: partial", onEvent).ok());
    QCOMPARE(events, QStringList{ev("message", "a", "5")});
    parser.reset();
    QCOMPARE(parser.lastEventId(), QByteArray("5"));
    QCOMPARE(parser.retryMilliseconds(), std::optional<int>(100));

    // The resumed stream: the half event (its type, id and data) is gone; an event without an id carries
    // the ID the connection resumed from.
    QVERIFY(parser.feed("data: b\n\n", onEvent).ok());
    QCOMPARE(events, (QStringList{ev("message", "a", "5"), ev("message", "b", "5")}));
    QCOMPARE(parser.lastEventId(), QByteArray("5"));
    QCOMPARE(parser.retryMilliseconds(), std::optional<int>(100));

    // A failure does not lose them either.
    SseParser small(8);
    QVERIFY(small.feed("id: 9\nretry: 7\n\n", onEvent).ok());
    QVERIFY(!small.feed("data: 123456789\n", onEvent).ok());
    small.reset();
    QCOMPARE(small.lastEventId(), QByteArray("9"));
    QCOMPARE(small.retryMilliseconds(), std::optional<int>(7));
}

void TestSseParser::resetForgetsThePartialEvent()
{
    SseParser parser;
    QStringList events;
    const auto onEvent = [&events](SseEvent &&event) { events.append(ev(event.type, event.data, event.lastEventId)); };

    // The half line of the old connection does not continue on the new one: "yz" is a line of its own
    // (an unknown field), so no "xyz" event appears.
    QVERIFY(parser.feed("data: x", onEvent).ok());
    parser.reset();
    QVERIFY(parser.feed("yz\n\n", onEvent).ok());
    QCOMPARE(events, QStringList());

    // The type and data of a half event are gone: the next event has the default type and only its own data.
    QVERIFY(parser.feed("event: old\ndata: x\n", onEvent).ok());
    parser.reset();
    QVERIFY(parser.feed("data: y\n\n", onEvent).ok());
    QCOMPARE(events, QStringList{ev("message", "y")});

    // The new stream may start with a BOM again: it is decoded afresh.
    parser.reset();
    QVERIFY(parser.feed("\xEF\xBB", onEvent).ok());
    QVERIFY(parser
                .feed("\xBF"
                      "data: z\n\n",
                      onEvent)
                .ok());
    QCOMPARE(events, (QStringList{ev("message", "y"), ev("message", "z")}));

    // The half value of an id line is gone too: only the new stream's id counts.
    SseParser idParser;
    QVERIFY(idParser.feed("id: 12", onEvent).ok());
    idParser.reset();
    QVERIFY(idParser.feed("id: 3", onEvent).ok());
    QVERIFY(idParser.feed("4\n\n", onEvent).ok());
    QCOMPARE(idParser.lastEventId(), QByteArray("34"));
    idParser.reset();
    QVERIFY(idParser.feed("id: 56", onEvent).ok());
    idParser.reset();
    QVERIFY(idParser.feed("id: 7\n\n", onEvent).ok());
    QCOMPARE(idParser.lastEventId(), QByteArray("7"));
}

void TestSseParser::manySmallFeedsOfALargeEventStayLinear()
{
    // A parser that re-scanned or re-copied its buffered line on every feed would need ~10^12 steps here
    // and hit the test timeout; a linear one needs a few million. The assertions check the result.
    QByteArray payload(2 * 1024 * 1024, 'x');
    for (qsizetype i = 0; i < payload.size(); i += 4096)
        payload[i] = static_cast<char>('a' + (i / 4096) % 26);
    const QByteArray oneLine = "id: big\ndata: " + payload + "\n\n";

    SseParser parser;
    QList<SseEvent> events;
    const auto onEvent = [&events](SseEvent &&event) { events.append(std::move(event)); };
    for (qsizetype i = 0; i < oneLine.size(); ++i)
        QVERIFY(parser.feed(QByteArrayView(oneLine).sliced(i, 1), onEvent).ok());
    QCOMPARE(events.size(), 1);
    QCOMPARE(events.first().data.size(), payload.size());
    QVERIFY(events.first().data == payload);
    QCOMPARE(events.first().lastEventId, QByteArray("big"));

    // Many lines of one event, CRLF-terminated, in 7-byte chunks; and a long comment before it.
    QByteArray manyLines = ": " + QByteArray(1024 * 1024, 'c') + "\r\n";
    QByteArray expected;
    for (int line = 0; line < 20000; ++line) {
        const QByteArray text = "line " + QByteArray::number(line) + ' ' + QByteArray(40, 'y');
        manyLines += "data: " + text + "\r\n";
        expected += text + '\n';
    }
    manyLines += "\r\n";
    expected.chop(1);
    events.clear();
    for (qsizetype i = 0; i < manyLines.size(); i += 7)
        QVERIFY(parser.feed(QByteArrayView(manyLines).sliced(i, std::min<qsizetype>(7, manyLines.size() - i)), onEvent)
                    .ok());
    QCOMPARE(events.size(), 1);
    QVERIFY(events.first().data == expected);
}

QTEST_GUILESS_MAIN(TestSseParser)
#include "tst_sseparser.moc"
