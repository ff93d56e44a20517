// PendingRequests: ids, per-request timeouts that progress extends up to a hard maximum, cancellation,
// and late or unknown responses (requirements TRANSPORT-8, TRANSPORT-9, TRANSPORT-18, FEATURE-6).

#include "mcp/jsonrpc.h"
#include "mcp/pendingrequests.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QSignalSpy>
#include <QTest>
#include <QTimer>

#include <optional>

using namespace portico;
using namespace std::chrono_literals;

class TestPendingRequests : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void allocatesUniqueIds();
    void resolvesWithTheResponseLater();
    void ignoresLateAndUnknownResponses();
    void timesOutAndAsksToCancelOnTheWire();
    void progressExtendsTimeoutButNotPastMaximum();
    void failingCompletesOnceWithTheError();
    void doesNotCallBackAfterContextIsGone();

private:
    struct Outcome
    {
        int calls = 0;
        std::optional<Result<QJsonObject>> result;
    };
    static PendingRequests::Completion recorder(Outcome &outcome)
    {
        return [&outcome](Result<QJsonObject> result) {
            ++outcome.calls;
            outcome.result.emplace(std::move(result));
        };
    }
};

void TestPendingRequests::allocatesUniqueIds()
{
    PendingRequests pending;
    QSet<qint64> ids;
    for (int i = 0; i < 1000; ++i)
        ids.insert(pending.allocateId());
    QCOMPARE(ids.size(), 1000);
}

void TestPendingRequests::resolvesWithTheResponseLater()
{
    PendingRequests pending;
    Outcome outcome;
    const qint64 id = pending.allocateId();
    pending.add(id, QStringLiteral("tools/list"), {}, this, recorder(outcome));
    QVERIFY(pending.resolve(jsonrpc::resultResponse(id, {{QStringLiteral("tools"), QJsonArray()}})));
    QCOMPARE(outcome.calls, 0); // never synchronously
    QTRY_COMPARE(outcome.calls, 1);
    QVERIFY(outcome.result->ok());
    QVERIFY(outcome.result->value().contains(QStringLiteral("result")));
    QVERIFY(!pending.contains(id));
}

void TestPendingRequests::ignoresLateAndUnknownResponses()
{
    PendingRequests pending;
    Outcome outcome;
    const qint64 id = pending.allocateId();
    pending.add(id, QStringLiteral("ping"), {}, this, recorder(outcome));
    QVERIFY(pending.resolve(jsonrpc::resultResponse(id, {})));
    QVERIFY(!pending.resolve(jsonrpc::resultResponse(id, {}))); // a second answer to the same id
    QVERIFY(!pending.resolve(jsonrpc::resultResponse(id + 100, {})));
    QVERIFY(!pending.resolve(jsonrpc::resultResponse(QStringLiteral("1"), {}))); // not our id type
    QTest::qWait(20);
    QCOMPARE(outcome.calls, 1);
}

void TestPendingRequests::timesOutAndAsksToCancelOnTheWire()
{
    PendingRequests pending;
    QSignalSpy timedOut(&pending, &PendingRequests::timedOut);
    Outcome outcome;
    const qint64 id = pending.allocateId();
    pending.add(id, QStringLiteral("tools/call"), {50ms, 1s}, this, recorder(outcome));
    QTRY_COMPARE(outcome.calls, 1);
    QVERIFY(!outcome.result->ok());
    QCOMPARE(outcome.result->error().code(), ErrorCode::Timeout);
    QCOMPARE(timedOut.size(), 1);
    QCOMPARE(timedOut.constFirst().constFirst().toLongLong(), id);
    // The answer that comes after the timeout is ignored.
    QVERIFY(!pending.resolve(jsonrpc::resultResponse(id, {})));
}

void TestPendingRequests::progressExtendsTimeoutButNotPastMaximum()
{
    PendingRequests pending;
    Outcome outcome;
    const qint64 id = pending.allocateId();
    QElapsedTimer age;
    age.start();
    pending.add(id, QStringLiteral("tools/call"), {100ms, 400ms}, this, recorder(outcome));
    // Keep reporting progress every 50 ms: the 100 ms timeout never hits, the 400 ms maximum does.
    QTimer ticker;
    connect(&ticker, &QTimer::timeout, this, [&]() { pending.noteProgress(id); });
    ticker.start(50);
    QTRY_COMPARE_WITH_TIMEOUT(outcome.calls, 1, 5000);
    ticker.stop();
    QCOMPARE(outcome.result->error().code(), ErrorCode::Timeout);
    QVERIFY2(age.elapsed() >= 350, qPrintable(QString::number(age.elapsed())));
}

void TestPendingRequests::failingCompletesOnceWithTheError()
{
    PendingRequests pending;
    Outcome first;
    Outcome second;
    const qint64 a = pending.allocateId();
    const qint64 b = pending.allocateId();
    pending.add(a, QStringLiteral("x"), {}, this, recorder(first));
    pending.add(b, QStringLiteral("y"), {}, this, recorder(second));
    pending.fail(a, Error(ErrorCode::Cancelled, QStringLiteral("cancelled")));
    pending.failAll(Error(ErrorCode::NetworkFailure, QStringLiteral("gone")));
    QTRY_COMPARE(first.calls, 1);
    QTRY_COMPARE(second.calls, 1);
    QCOMPARE(first.result->error().code(), ErrorCode::Cancelled);
    QCOMPARE(second.result->error().code(), ErrorCode::NetworkFailure);
    QCOMPARE(pending.size(), 0);
}

void TestPendingRequests::doesNotCallBackAfterContextIsGone()
{
    PendingRequests pending;
    Outcome outcome;
    auto *context = new QObject;
    const qint64 id = pending.allocateId();
    pending.add(id, QStringLiteral("x"), {}, context, recorder(outcome));
    QVERIFY(pending.resolve(jsonrpc::resultResponse(id, {})));
    delete context; // before the queued completion runs
    QTest::qWait(50);
    QCOMPARE(outcome.calls, 0);
}

QTEST_GUILESS_MAIN(TestPendingRequests)
#include "tst_pendingrequests.moc"
