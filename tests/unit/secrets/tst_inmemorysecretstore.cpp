// InMemorySecretStore keeps the SecretStore contract: callbacks are queued (never inside the call), run
// once, and never after their context is gone.

#include "secrets/inmemorysecretstore.h"

#include <QTest>

using namespace portico;

class TestInMemorySecretStore : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void writesReadsAndDeletes();
    void answersLaterNeverInsideTheCall();
    void dropsCallbacksOfDestroyedContexts();
    void rejectsEmptyKeys();
};

void TestInMemorySecretStore::writesReadsAndDeletes()
{
    InMemorySecretStore store;
    QObject context;
    bool written = false;
    store.writeSecret(QStringLiteral("k"), "v1", &context, [&](Result<void> r) { written = r.ok(); });
    QTRY_VERIFY(written);
    QCOMPARE(store.secret(QStringLiteral("k")), std::optional<QByteArray>("v1"));

    std::optional<QByteArray> read;
    store.readSecret(QStringLiteral("k"), &context, [&](Result<QByteArray> r) { read = r.value(); });
    QTRY_VERIFY(read.has_value());
    QCOMPARE(*read, QByteArray("v1"));

    bool deleted = false;
    store.deleteSecret(QStringLiteral("k"), &context, [&](Result<void> r) { deleted = r.ok(); });
    QTRY_VERIFY(deleted);
    QCOMPARE(store.size(), 0);

    std::optional<ErrorCode> missing;
    store.readSecret(QStringLiteral("k"), &context, [&](Result<QByteArray> r) { missing = r.error().code(); });
    QTRY_VERIFY(missing.has_value());
    QCOMPARE(*missing, ErrorCode::SecretNotFound);
    // Deleting what is not there succeeds, as the contract says.
    bool deletedAgain = false;
    store.deleteSecret(QStringLiteral("k"), &context, [&](Result<void> r) { deletedAgain = r.ok(); });
    QTRY_VERIFY(deletedAgain);
}

void TestInMemorySecretStore::answersLaterNeverInsideTheCall()
{
    InMemorySecretStore store;
    QObject context;
    int calls = 0;
    store.writeSecret(QStringLiteral("k"), "v", &context, [&](Result<void>) { ++calls; });
    QCOMPARE(calls, 0);
    QTRY_COMPARE(calls, 1);
    QTest::qWait(20);
    QCOMPARE(calls, 1);
}

void TestInMemorySecretStore::dropsCallbacksOfDestroyedContexts()
{
    InMemorySecretStore store;
    bool called = false;
    {
        QObject context;
        store.writeSecret(QStringLiteral("k"), "v", &context, [&](Result<void>) { called = true; });
    }
    QTest::qWait(50);
    QVERIFY(!called);
    QVERIFY(store.secret(QStringLiteral("k")).has_value()); // the write itself happened
}

void TestInMemorySecretStore::rejectsEmptyKeys()
{
    InMemorySecretStore store;
    QObject context;
    std::optional<ErrorCode> code;
    store.writeSecret(QString(), "v", &context, [&](Result<void> r) { code = r.error().code(); });
    QTRY_VERIFY(code.has_value());
    QCOMPARE(*code, ErrorCode::InvalidArgument);
    QCOMPARE(store.size(), 0);
}

QTEST_GUILESS_MAIN(TestInMemorySecretStore)
#include "tst_inmemorysecretstore.moc"
