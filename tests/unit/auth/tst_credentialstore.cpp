// CredentialStore when the keychain misbehaves (requirements SEC-16): a locked or missing keychain keeps the sign-in
// in memory and catches up on retry(); an entry that is not in Portico's format is reported and left untouched until
// a new sign-in; a slow keychain shows as Waiting. The real keychain's side is in tests/keychain.

#include "auth/credentialstore.h"
#include "auth/signintimeline.h"
#include "scriptedsecretstore.h"

#include <QSignalSpy>
#include <QTest>
#include <QTimer>

#include <optional>

using namespace portico;
using namespace portico::testing;
using namespace std::chrono_literals;

namespace {

const QString kServerId = QStringLiteral("srv");

QString entryKey()
{
    return ServerCredentials::secretKey(kServerId);
}

Error locked()
{
    return Error(ErrorCode::KeychainAccessDenied, QStringLiteral("The system keychain is locked. Unlock it."));
}

Error unavailable()
{
    return Error(ErrorCode::KeychainUnavailable, QStringLiteral("The system keychain is not available."));
}

// What a finished sign-in leaves in memory (`withTokens` false: only a client registration).
ServerCredentials signedIn(bool withTokens = true)
{
    ServerCredentials credentials;
    credentials.currentIssuer = QStringLiteral("https://as.example");
    ServerCredentials::Grant grant;
    grant.client.clientId = QStringLiteral("client-1");
    if (withTokens) {
        grant.tokens.accessToken = QStringLiteral("access-1");
        grant.tokens.refreshToken = QStringLiteral("refresh-1");
    }
    grant.resource = QStringLiteral("https://mcp.example/mcp");
    credentials.grants.insert(credentials.currentIssuer, grant);
    return credentials;
}

struct Fixture
{
    ScriptedSecretStore secrets;
    SignInTimeline timeline{QStringLiteral("Test server"), []() { return QDateTime::currentDateTimeUtc(); }};
    CredentialStore store{kServerId, &secrets, true, timeline};

    void load()
    {
        bool loaded = false;
        store.load([&]() { loaded = true; });
        QVERIFY(QTest::qWaitFor([&]() { return loaded; }, 10000));
    }
    Result<void> save()
    {
        std::optional<Result<void>> outcome;
        store.save([&](Result<void> result) { outcome.emplace(std::move(result)); });
        if (!QTest::qWaitFor([&]() { return outcome.has_value(); }, 10000))
            return Error(ErrorCode::Timeout, QStringLiteral("save never answered"));
        return *outcome;
    }
    Result<void> retry()
    {
        std::optional<Result<void>> outcome;
        store.retry([&](Result<void> result) { outcome.emplace(std::move(result)); });
        if (!QTest::qWaitFor([&]() { return outcome.has_value(); }, 10000))
            return Error(ErrorCode::Timeout, QStringLiteral("retry never answered"));
        return *outcome;
    }
    [[nodiscard]] bool timelineSays(const QString &text) const
    {
        for (const SignInTimeline::Step &step : timeline.steps()) {
            if (step.detail.contains(text))
                return true;
        }
        return false;
    }
};

} // namespace

class TestCredentialStore : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void lockedKeychainKeepsSignInInMemoryAndRetryStoresIt();
    void readAgainWhenKeychainComesBack();
    void foreignEntryIsNeverReplacedWithoutNewSignIn_data();
    void foreignEntryIsNeverReplacedWithoutNewSignIn();
    void saveAfterFailedReadChecksForForeignEntry();
    void slowKeychainShowsWaiting();
    void nextSaveClearsTheProblem();
};

void TestCredentialStore::lockedKeychainKeepsSignInInMemoryAndRetryStoresIt()
{
    Fixture f;
    f.secrets.failure = locked();
    f.load();
    QCOMPARE(f.store.keychainStatus(), KeychainStatus::Locked);
    QVERIFY(f.store.keychainProblem().has_value());
    QCOMPARE(f.store.keychainProblem()->code(), ErrorCode::KeychainAccessDenied);

    f.store.credentials() = signedIn();
    const Result<void> saved = f.save();
    QVERIFY(!saved.ok());
    QCOMPARE(saved.error().code(), ErrorCode::KeychainAccessDenied);
    // Nothing lost: the sign-in works from memory, and the store knows it still has to be written.
    QCOMPARE(f.store.credentials(), signedIn());
    QVERIFY(!f.store.isRemembered());
    QVERIFY(f.store.hasUnsavedChanges());
    QCOMPARE(f.store.keychainStatus(), KeychainStatus::Locked);

    f.secrets.failure.reset(); // the person unlocked the keychain
    const Result<void> retried = f.retry();
    QVERIFY2(retried.ok(), qPrintable(retried.ok() ? QString() : retried.error().toString()));
    QCOMPARE(f.store.keychainStatus(), KeychainStatus::Fine);
    QVERIFY(!f.store.keychainProblem());
    QVERIFY(f.store.isRemembered());
    QVERIFY(!f.store.hasUnsavedChanges());
    QCOMPARE(ServerCredentials::fromBlob(f.secrets.entries.value(entryKey())).value(), signedIn());
}

void TestCredentialStore::readAgainWhenKeychainComesBack()
{
    Fixture f;
    f.secrets.entries.insert(entryKey(), signedIn().toBlob());
    f.secrets.failure = unavailable();
    f.load();
    QCOMPARE(f.store.keychainStatus(), KeychainStatus::Unavailable);
    QVERIFY(f.store.credentials().grants.isEmpty());

    f.secrets.failure.reset(); // the Secret Service is back
    QSignalSpy read(&f.store, &CredentialStore::keychainRead);
    QVERIFY(f.retry().ok());
    QCOMPARE(read.count(), 1);
    QCOMPARE(f.store.credentials(), signedIn());
    QVERIFY(f.store.isRemembered());
    QCOMPARE(f.store.keychainStatus(), KeychainStatus::Fine);
}

void TestCredentialStore::foreignEntryIsNeverReplacedWithoutNewSignIn_data()
{
    QTest::addColumn<QByteArray>("foreign");
    QTest::newRow("garbage") << QByteArray("\x00\xff garbage \x01", 13);
    QTest::newRow("another app's JSON") << QByteArray(R"({"user":"alice","password":"hunter2"})");
    QTest::newRow("truncated blob") << signedIn().toBlob().left(40);
    QTest::newRow("newer format") << QByteArray(R"({"version":99,"grants":{}})");
}

void TestCredentialStore::foreignEntryIsNeverReplacedWithoutNewSignIn()
{
    QFETCH(QByteArray, foreign);
    Fixture f;
    f.secrets.entries.insert(entryKey(), foreign);
    f.load();
    QCOMPARE(f.store.keychainStatus(), KeychainStatus::ForeignEntry);
    QVERIFY(f.store.keychainProblem()->message().contains(QStringLiteral("not in Portico's format")));
    QVERIFY(f.timelineSays(QStringLiteral("not in Portico's format")));
    // Never shown: nothing of the entry reaches the message.
    QVERIFY(!f.store.keychainProblem()->message().contains(QStringLiteral("hunter2")));

    // A client registration alone (saved before the sign-in page opens) does not replace it...
    f.store.credentials() = signedIn(false);
    QVERIFY(!f.save().ok());
    QCOMPARE(f.secrets.entries.value(entryKey()), foreign);
    // ...nor does a sign-out or a forgotten client, which would delete the entry.
    f.store.credentials() = ServerCredentials();
    QVERIFY(!f.save().ok());
    QCOMPARE(f.secrets.entries.value(entryKey()), foreign);
    QCOMPARE(f.secrets.writes + f.secrets.deletes, 0);
    QCOMPARE(f.store.keychainStatus(), KeychainStatus::ForeignEntry);

    // A new sign-in replaces it, and says so.
    f.store.credentials() = signedIn();
    QVERIFY(f.save().ok());
    QCOMPARE(ServerCredentials::fromBlob(f.secrets.entries.value(entryKey())).value(), signedIn());
    QCOMPARE(f.store.keychainStatus(), KeychainStatus::Fine);
    QVERIFY(f.timelineSays(QStringLiteral("replaced the entry")));
}

void TestCredentialStore::saveAfterFailedReadChecksForForeignEntry()
{
    Fixture f;
    f.secrets.entries.insert(entryKey(), QByteArray(R"({"someone":"else"})"));
    f.secrets.failure = locked();
    f.load();
    f.secrets.failure.reset();
    // The registration is saved once the keychain is unlocked: the entry it could not read first is checked.
    f.store.credentials() = signedIn(false);
    QVERIFY(!f.save().ok());
    QCOMPARE(f.secrets.entries.value(entryKey()), QByteArray(R"({"someone":"else"})"));
    QCOMPARE(f.store.keychainStatus(), KeychainStatus::ForeignEntry);
}

void TestCredentialStore::slowKeychainShowsWaiting()
{
    Fixture f;
    f.secrets.entries.insert(entryKey(), signedIn().toBlob());
    f.secrets.delay = 1800ms;
    QSignalSpy changed(&f.store, &CredentialStore::keychainStatusChanged);
    bool loaded = false;
    f.store.load([&]() { loaded = true; });
    QTest::qWait(500);
    QCOMPARE(f.store.keychainStatus(), KeychainStatus::Fine); // not yet: under a second is not "waiting"
    QVERIFY(QTest::qWaitFor([&]() { return f.store.keychainStatus() == KeychainStatus::Waiting; }, 1500));
    QVERIFY(!loaded);
    QVERIFY(QTest::qWaitFor([&]() { return loaded; }, 5000));
    QCOMPARE(f.store.keychainStatus(), KeychainStatus::Fine);
    QCOMPARE(f.store.credentials(), signedIn());
    QVERIFY(changed.count() >= 2); // Waiting, then no longer
}

void TestCredentialStore::nextSaveClearsTheProblem()
{
    Fixture f;
    f.load();
    f.store.credentials() = signedIn();
    f.secrets.failure = unavailable();
    QVERIFY(!f.save().ok());
    QCOMPARE(f.store.keychainStatus(), KeychainStatus::Unavailable);
    QVERIFY(f.store.hasUnsavedChanges());
    f.secrets.failure.reset();
    // e.g. the next refresh stores its tokens: everything in memory goes with it.
    f.store.credentials().current()->tokens.accessToken = QStringLiteral("access-2");
    QVERIFY(f.save().ok());
    QCOMPARE(f.store.keychainStatus(), KeychainStatus::Fine);
    QVERIFY(!f.store.hasUnsavedChanges());
    QVERIFY(f.store.isRemembered());
}

QTEST_GUILESS_MAIN(TestCredentialStore)
#include "tst_credentialstore.moc"
