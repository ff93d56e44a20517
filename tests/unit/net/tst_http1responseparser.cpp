// Http1ResponseParser (RFC 9112): framing by Content-Length, chunked coding and the end of the connection,
// interim responses, bodiless responses, keep-alive, and the malformed responses it must refuse. Every
// well-formed case is also fed one byte at a time, since a socket may split a response anywhere.

#include "net/http1responseparser.h"

#include <QTest>

using namespace portico;
using Kind = Http1ResponseParser::Event::Kind;

namespace {

struct Parsed
{
    int status = 0;
    HttpHeaders headers;
    QByteArray body;
    bool complete = false;
    bool keepAlive = false;
    QString error; // non-empty when the parser failed
    int heads = 0;
};

// Feeds `wire` in pieces of `step` bytes (0: all at once), then the end of input when `close` is set, and
// collects the events.
Parsed parse(const QByteArray &wire, qsizetype step, bool close = false, bool responseToHead = false)
{
    Http1ResponseParser parser;
    parser.reset(responseToHead);
    Parsed parsed;
    auto drain = [&]() {
        for (;;) {
            Http1ResponseParser::Event event = parser.next();
            switch (event.kind) {
            case Kind::NeedMore:
                return;
            case Kind::Head:
                ++parsed.heads;
                parsed.status = event.status;
                parsed.headers = event.headers;
                break;
            case Kind::Body:
                parsed.body += event.body;
                break;
            case Kind::Complete:
                parsed.complete = true;
                parsed.keepAlive = parser.keepAlive();
                return;
            case Kind::Failed:
                parsed.error = event.error;
                return;
            }
        }
    };
    const qsizetype size = step > 0 ? step : qMax<qsizetype>(wire.size(), 1);
    for (qsizetype at = 0; at < wire.size() && !parsed.complete && parsed.error.isEmpty(); at += size) {
        parser.append(QByteArrayView(wire).sliced(at, qMin(size, wire.size() - at)));
        drain();
    }
    if (close && !parsed.complete && parsed.error.isEmpty()) {
        parser.endOfInput();
        drain();
    }
    return parsed;
}

} // namespace

class TestHttp1ResponseParser : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void framesWellFormedResponses_data();
    void framesWellFormedResponses();
    void refusesMalformedResponses_data();
    void refusesMalformedResponses();
    void truncatedBodyFailsAtEndOfInput();
    void keepsHeaderOrderAndRepeats();
    void boundsTheHeadSize();
    void reusesTheParserForTheNextResponse();
};

void TestHttp1ResponseParser::framesWellFormedResponses_data()
{
    QTest::addColumn<QByteArray>("wire");
    QTest::addColumn<bool>("close");
    QTest::addColumn<bool>("responseToHead");
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<bool>("keepAlive");

    QTest::newRow("content-length") << QByteArray("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello") << false << false
                                    << 200 << QByteArray("hello") << true;
    QTest::newRow("empty reason phrase") << QByteArray("HTTP/1.1 200 \r\nContent-Length: 2\r\n\r\nok") << false << false
                                         << 200 << QByteArray("ok") << true;
    QTest::newRow("no reason phrase") << QByteArray("HTTP/1.1 202\r\nContent-Length: 0\r\n\r\n") << false << false
                                      << 202 << QByteArray() << true;
    // RFC 9112 §7.1: sizes in hex, extensions ignored, trailers read and dropped.
    QTest::newRow("chunked") << QByteArray("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                                           "5;ext=1\r\nhello\r\nA\r\n, world!!!\r\n0\r\nX-Trailer: t\r\n\r\n")
                             << false << false << 200 << QByteArray("hello, world!!!") << true;
    // §6.3 rule 8: no length and not chunked: the body runs to the end of the connection.
    QTest::newRow("until close") << QByteArray("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nstream") << true
                                 << false << 200 << QByteArray("stream") << false;
    // RFC 9110 §15.2: interim responses are skipped; the final one counts.
    QTest::newRow("100 and 103 first") << QByteArray(
        "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\n"
        "HTTP/1.1 201 Created\r\nContent-Length: 1\r\n\r\nx")
                                       << false << false << 201 << QByteArray("x") << true;
    QTest::newRow("204 ignores length") << QByteArray("HTTP/1.1 204 No Content\r\nContent-Length: 10\r\n\r\n") << false
                                        << false << 204 << QByteArray() << true;
    QTest::newRow("304") << QByteArray("HTTP/1.1 304 Not Modified\r\n\r\n") << false << false << 304 << QByteArray()
                         << true;
    // RFC 9110 §9.3.2: a HEAD response announces a length it does not send.
    QTest::newRow("HEAD") << QByteArray("HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n") << false << true << 200
                          << QByteArray() << true;
    QTest::newRow("Connection: close") << QByteArray(
        "HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\nok")
                                       << false << false << 200 << QByteArray("ok") << false;
    QTest::newRow("HTTP/1.0 closes") << QByteArray("HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nok") << false << false
                                     << 200 << QByteArray("ok") << false;
    QTest::newRow("HTTP/1.0 keep-alive") << QByteArray(
        "HTTP/1.0 200 OK\r\nConnection: Keep-Alive\r\nContent-Length: 2\r\n\r\nok")
                                         << false << false << 200 << QByteArray("ok") << true;
    // §6.3 rule 3: Transfer-Encoding wins over Content-Length, and the connection is not reused (§6.1).
    QTest::newRow("chunked and length") << QByteArray(
        "HTTP/1.1 200 OK\r\nContent-Length: 100\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\n\r\n")
                                        << false << false << 200 << QByteArray("ok") << false;
    QTest::newRow("identical lengths") << QByteArray("HTTP/1.1 200 OK\r\nContent-Length: 2, 2\r\n\r\nok") << false
                                       << false << 200 << QByteArray("ok") << true;
    // §2.2: a bare LF is accepted as a line ending.
    QTest::newRow("bare LF") << QByteArray("HTTP/1.1 200 OK\nContent-Length: 2\n\nok") << false << false << 200
                             << QByteArray("ok") << true;
    QTest::newRow("401 with body") << QByteArray("HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Bearer\r\n"
                                                 "Content-Length: 4\r\n\r\nnope")
                                   << false << false << 401 << QByteArray("nope") << true;
}

void TestHttp1ResponseParser::framesWellFormedResponses()
{
    QFETCH(QByteArray, wire);
    QFETCH(bool, close);
    QFETCH(bool, responseToHead);
    QFETCH(int, status);
    QFETCH(QByteArray, body);
    QFETCH(bool, keepAlive);

    for (const qsizetype step : {qsizetype(0), qsizetype(1), qsizetype(7)}) {
        const Parsed parsed = parse(wire, step, close, responseToHead);
        const QByteArray context = "step " + QByteArray::number(step) + ": " + parsed.error.toUtf8();
        QVERIFY2(parsed.error.isEmpty(), context.constData());
        QVERIFY2(parsed.complete, context.constData());
        QCOMPARE(parsed.heads, 1);
        QCOMPARE(parsed.status, status);
        QCOMPARE(parsed.body, body);
        QCOMPARE(parsed.keepAlive, keepAlive);
    }
}

void TestHttp1ResponseParser::refusesMalformedResponses_data()
{
    QTest::addColumn<QByteArray>("wire");
    QTest::newRow("not HTTP") << QByteArray("SSH-2.0-OpenSSH_9.2\r\n\r\n");
    QTest::newRow("HTTP/2 preface answer") << QByteArray("HTTP/2 200\r\n\r\n");
    QTest::newRow("status not digits") << QByteArray("HTTP/1.1 2x0 OK\r\n\r\n");
    QTest::newRow("status below 100") << QByteArray("HTTP/1.1 099 Odd\r\n\r\n");
    QTest::newRow("unasked 101") << QByteArray("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n");
    // RFC 9112 §6.3 rule 5.
    QTest::newRow("conflicting lengths") << QByteArray(
        "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\nok");
    QTest::newRow("length not a number") << QByteArray("HTTP/1.1 200 OK\r\nContent-Length: +2\r\n\r\nok");
    // §5.1: no whitespace between the field name and the colon.
    QTest::newRow("space before colon") << QByteArray("HTTP/1.1 200 OK\r\nContent-Length : 2\r\n\r\nok");
    QTest::newRow("header without colon") << QByteArray("HTTP/1.1 200 OK\r\nnonsense\r\n\r\n");
    QTest::newRow("chunk size not hex") << QByteArray("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n");
    QTest::newRow("chunk longer than size")
        << QByteArray("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nokay\r\n0\r\n\r\n");
}

void TestHttp1ResponseParser::refusesMalformedResponses()
{
    QFETCH(QByteArray, wire);
    for (const qsizetype step : {qsizetype(0), qsizetype(1)}) {
        const Parsed parsed = parse(wire, step);
        QVERIFY2(!parsed.error.isEmpty(), QByteArray("step " + QByteArray::number(step)).constData());
        QVERIFY(!parsed.complete);
    }
}

void TestHttp1ResponseParser::truncatedBodyFailsAtEndOfInput()
{
    // A body shorter than its Content-Length, or a chunked body without its last chunk, is not a response.
    Parsed parsed = parse("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nhalf", 0, true);
    QVERIFY(!parsed.complete);
    QVERIFY2(parsed.error.contains(QStringLiteral("6 bytes")), qPrintable(parsed.error));
    parsed = parse("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4\r\nhalf\r\n", 0, true);
    QVERIFY(!parsed.complete);
    QVERIFY(!parsed.error.isEmpty());
    parsed = parse("HTTP/1.1 200 OK\r\nContent-Le", 0, true);
    QVERIFY(parsed.error.contains(QStringLiteral("head")));
}

void TestHttp1ResponseParser::keepsHeaderOrderAndRepeats()
{
    const Parsed parsed = parse("HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Bearer realm=\"a\"\r\n"
                                "X-Folded: one\r\n two\r\nWWW-Authenticate:  DPoP algs=\"ES256\" \r\n"
                                "Content-Length: 0\r\n\r\n",
                                1);
    QVERIFY(parsed.complete);
    QCOMPARE(parsed.headers.size(), 4);
    // Repeated fields stay separate lines (not joined as QNetworkReply does), values trimmed (§5.5).
    QCOMPARE(parsed.headers.at(0), qMakePair(QByteArray("WWW-Authenticate"), QByteArray("Bearer realm=\"a\"")));
    QCOMPARE(parsed.headers.at(1), qMakePair(QByteArray("X-Folded"), QByteArray("one two")));
    QCOMPARE(parsed.headers.at(2), qMakePair(QByteArray("WWW-Authenticate"), QByteArray("DPoP algs=\"ES256\"")));
}

void TestHttp1ResponseParser::boundsTheHeadSize()
{
    QByteArray wire = "HTTP/1.1 200 OK\r\nX-Big: ";
    wire += QByteArray(Http1ResponseParser::kMaxHeadBytes, 'a');
    const Parsed parsed = parse(wire, 4096);
    QVERIFY(!parsed.complete);
    QVERIFY2(parsed.error.contains(QStringLiteral("larger than")), qPrintable(parsed.error));
}

void TestHttp1ResponseParser::reusesTheParserForTheNextResponse()
{
    // A persistent connection (§9.3) parses one response after another with the same parser.
    Http1ResponseParser parser;
    for (int round = 0; round < 3; ++round) {
        parser.reset(false);
        QVERIFY(parser.nothingReceived());
        parser.append("HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nab");
        QCOMPARE(parser.next().kind, Kind::Head);
        QCOMPARE(parser.next().body, QByteArray("ab"));
        QCOMPARE(parser.next().kind, Kind::NeedMore);
        parser.append("c");
        QCOMPARE(parser.next().body, QByteArray("c"));
        QCOMPARE(parser.next().kind, Kind::Complete);
        QVERIFY(parser.keepAlive());
        QVERIFY(!parser.nothingReceived());
    }
    // Bytes after the end of a response nobody asked for: the connection must not be reused.
    parser.reset(false);
    parser.append("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\nHTTP/1.1 200 OK\r\n");
    QCOMPARE(parser.next().kind, Kind::Head);
    QCOMPARE(parser.next().kind, Kind::Complete);
    QVERIFY(!parser.keepAlive());
}

QTEST_GUILESS_MAIN(TestHttp1ResponseParser)
#include "tst_http1responseparser.moc"
