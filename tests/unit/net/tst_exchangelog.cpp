// The exchange log: a bounded ring of redacted records for the Activity view, and the header lookups of
// HttpResponse.

#include "net/exchangelog.h"
#include "net/httpmessage.h"

#include <QSignalSpy>
#include <QTest>

using namespace portico;

namespace {

ExchangeRecord record(const QString &url, int status = 200)
{
    ExchangeRecord r;
    r.started = QDateTime(QDate(2026, 11, 22), QTime(1, 2, 3, 456), Qt::UTC);
    r.purpose = QStringLiteral("mcp");
    r.method = "POST";
    r.url = url;
    r.status = status;
    r.durationMs = 41;
    r.requestBytes = 120;
    r.responseBytes = 3200;
    return r;
}

} // namespace

class TestExchangeLog : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void dropsOldestRecordsBeyondCapacity();
    void emitsRecordAddedForEveryRecord();
    void formatsOneLinePerExchange();
    void formatsFailuresAndSizes_data();
    void formatsFailuresAndSizes();
    void clearEmptiesTheLog();
    void findsHeadersCaseInsensitively();
};

void TestExchangeLog::dropsOldestRecordsBeyondCapacity()
{
    ExchangeLog log(3);
    for (int i = 0; i < 5; ++i)
        log.append(record(QStringLiteral("https://a.example/%1").arg(i)));
    QCOMPARE(log.records().size(), 3);
    QCOMPARE(log.records().at(0).url, QStringLiteral("https://a.example/2"));
    QCOMPARE(log.records().at(2).url, QStringLiteral("https://a.example/4"));
}

void TestExchangeLog::emitsRecordAddedForEveryRecord()
{
    ExchangeLog log(2);
    QSignalSpy added(&log, &ExchangeLog::recordAdded);
    log.append(record(QStringLiteral("https://a.example/1")));
    log.append(record(QStringLiteral("https://a.example/2")));
    log.append(record(QStringLiteral("https://a.example/3")));
    QCOMPARE(added.size(), 3);
    QCOMPARE(added.at(2).at(0).value<ExchangeRecord>().url, QStringLiteral("https://a.example/3"));
}

void TestExchangeLog::formatsOneLinePerExchange()
{
    ExchangeLog log;
    log.append(record(QStringLiteral("https://mcp.example/mcp")));
    QCOMPARE(
        log.toText(),
        QStringLiteral("2026-11-22T01:02:03.456Z mcp POST https://mcp.example/mcp -> 200 in 41 ms (120 B / 3.2 kB)\n"));
}

void TestExchangeLog::formatsFailuresAndSizes_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<qint64>("responseBytes");
    QTest::addColumn<QString>("error");
    QTest::addColumn<QString>("expectedTail");
    QTest::newRow("no response") << 0 << qint64(0) << QStringLiteral("Connection refused.")
                                 << QStringLiteral("-> no response in 41 ms (120 B / 0 B): Connection refused.\n");
    QTest::newRow("megabytes") << 200 << qint64(1'500'000) << QString()
                               << QStringLiteral("-> 200 in 41 ms (120 B / 1.5 MB)\n");
    QTest::newRow("redirect refused") << 302 << qint64(0) << QStringLiteral("Redirect refused.")
                                      << QStringLiteral("-> 302 in 41 ms (120 B / 0 B): Redirect refused.\n");
}

void TestExchangeLog::formatsFailuresAndSizes()
{
    QFETCH(int, status);
    QFETCH(qint64, responseBytes);
    QFETCH(QString, error);
    QFETCH(QString, expectedTail);
    ExchangeLog log;
    ExchangeRecord r = record(QStringLiteral("https://mcp.example/mcp"), status);
    r.responseBytes = responseBytes;
    r.error = error;
    log.append(r);
    const QString text = log.toText();
    QVERIFY2(text.endsWith(expectedTail), qPrintable(text));
    QCOMPARE(text.count(QLatin1Char('\n')), 1);
}

void TestExchangeLog::clearEmptiesTheLog()
{
    ExchangeLog log;
    log.append(record(QStringLiteral("https://a.example/")));
    log.clear();
    QVERIFY(log.records().isEmpty());
    QVERIFY(log.toText().isEmpty());
}

void TestExchangeLog::findsHeadersCaseInsensitively()
{
    HttpResponse response;
    response.headers = {{"Content-Type", "text/event-stream"},
                        {"WWW-Authenticate", "Bearer realm=\"a\""},
                        {"www-authenticate", "DPoP algs=\"ES256\""}};
    QCOMPARE(response.header("content-type"), QByteArray("text/event-stream"));
    QCOMPARE(response.header("Www-Authenticate"), QByteArray("Bearer realm=\"a\""));
    QCOMPARE(response.headerValues("WWW-AUTHENTICATE"),
             QList<QByteArray>({QByteArray("Bearer realm=\"a\""), QByteArray("DPoP algs=\"ES256\"")}));
    QVERIFY(response.header("Location").isEmpty());
    QVERIFY(response.headerValues("Location").isEmpty());
}

QTEST_GUILESS_MAIN(TestExchangeLog)
#include "tst_exchangelog.moc"
