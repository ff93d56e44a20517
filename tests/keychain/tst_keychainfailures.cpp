// The keychain failure modes a person meets, against the real gnome-keyring (requirements SEC-16): a locked keychain
// whose unlock prompt cannot be shown, the Secret Service killed mid-session, an entry under Portico's key that is
// not Portico's, a keychain that answers late, and one that never answers. Each case runs in its own process with
// its own D-Bus session and keyring (PrivateSecretService), since it locks, stops or kills the keyring while CTest
// runs other tests against the shared one; no display is set, so no unlock prompt can ever show.

#include "anyfilecontains.h"
#include "auth/credentialstore.h"
#include "auth/signintimeline.h"
#include "awaitresult.h"
#include "common/appidentity.h"
#include "config/serverregistry.h"
#include "keychain/keychainsecretstore.h"
#include "peerprocess.h"
#include "privatesecretservice.h"

#include <qt6keychain/keychain.h>

#include <QElapsedTimer>
#include <QProcess>
#include <QTest>

#include <optional>
#include <tuple>

using namespace portico;
using namespace portico::testing;
using namespace std::chrono_literals;

namespace {

const QString kServerId = QStringLiteral("server-under-test");

QString service()
{
    return QString(app_identity::kApplicationId);
}

// What another program leaves under Portico's service and key, written with QtKeychain itself.
bool writeForeignEntry(const QString &key, const QByteArray &value)
{
    auto *job = new QKeychain::WritePasswordJob(service());
    job->setKey(key);
    job->setBinaryData(value);
    job->setInsecureFallback(false);
    bool finished = false;
    bool ok = false;
    QObject::connect(job, &QKeychain::Job::finished, job, [&](QKeychain::Job *done) {
        finished = true;
        ok = done->error() == QKeychain::NoError;
    });
    job->start();
    return QTest::qWaitFor([&]() { return finished; }, 15000) && ok;
}

ServerCredentials signedIn(const QString &accessToken)
{
    ServerCredentials credentials;
    credentials.currentIssuer = QStringLiteral("https://as.example");
    ServerCredentials::Grant grant;
    grant.client.clientId = QStringLiteral("client-1");
    grant.tokens.accessToken = accessToken;
    grant.resource = QStringLiteral("https://mcp.example/mcp");
    credentials.grants.insert(credentials.currentIssuer, grant);
    return credentials;
}

// One server's CredentialStore on the real keychain.
struct Server
{
    KeychainSecretStore secrets{service()};
    SignInTimeline timeline{QStringLiteral("Test server"), []() { return QDateTime::currentDateTimeUtc(); }};
    CredentialStore store{kServerId, &secrets, true, timeline};

    bool load()
    {
        bool loaded = false;
        store.load([&]() { loaded = true; });
        return QTest::qWaitFor([&]() { return loaded; }, 30000);
    }
    std::optional<Result<void>> save()
    {
        return await<void>([&](QObject *, auto done) { store.save(done); });
    }
    std::optional<Result<void>> retry()
    {
        return await<void>([&](QObject *, auto done) { store.retry(done); });
    }
    std::optional<Result<QByteArray>> readEntry()
    {
        return await<QByteArray>(
            [&](QObject *c, auto done) { secrets.readSecret(ServerCredentials::secretKey(kServerId), c, done); });
    }
};

} // namespace

class TestKeychainFailures : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void lockedKeychainIsReportedAsLocked();
    void lockedKeychainKeepsSignInAndRetryStoresIt();
    void killedKeychainIsReportedAndRecoveredWithoutRestart();
    void foreignEntryIsReportedAndKeptUntilNewSignIn();
    void slowKeychainShowsWaitingThenAnswers();
    void stoppedKeychainTimesOutAndRecovers();
    void commandLineSaysWhichKeychainFailure();

private:
    std::unique_ptr<PrivateSecretService> m_keychain;
};

void TestKeychainFailures::init()
{
    m_keychain = std::make_unique<PrivateSecretService>();
    const QString started = m_keychain->start();
    QVERIFY2(started.isEmpty(), qPrintable(started));
}

void TestKeychainFailures::cleanup()
{
    m_keychain.reset();
}

void TestKeychainFailures::lockedKeychainIsReportedAsLocked()
{
    KeychainSecretStore store(service());
    const QString key = QStringLiteral("locked-entry");
    auto written = await<void>([&](QObject *c, auto done) { store.writeSecret(key, "kept", c, done); });
    QVERIFY2(written && written->ok(), describe(written).constData());

    QVERIFY2(m_keychain->lockLoginCollection().isEmpty(), "could not lock");
    // QtKeychain answers "not found" here: a locked keychain must not pass for a missing sign-in.
    auto read = await<QByteArray>([&](QObject *c, auto done) { store.readSecret(key, c, done); });
    QVERIFY2(read && !read->ok(), describe(read).constData());
    QCOMPARE(read->error().code(), ErrorCode::KeychainAccessDenied);
    QVERIFY2(read->error().message().contains(QStringLiteral("locked")), qPrintable(read->error().message()));

    written = await<void>([&](QObject *c, auto done) { store.writeSecret(key, "replaced", c, done); });
    QVERIFY2(written && !written->ok(), describe(written).constData());
    QCOMPARE(written->error().code(), ErrorCode::KeychainAccessDenied);
    // QtKeychain answers "deleted" here although the entry stays: a sign-out must not claim it removed it.
    auto deleted = await<void>([&](QObject *c, auto done) { store.deleteSecret(key, c, done); });
    QVERIFY2(deleted && !deleted->ok(), describe(deleted).constData());
    QCOMPARE(deleted->error().code(), ErrorCode::KeychainAccessDenied);

    // Unlocked again (here by restarting the daemon with the password), the same process reads what was kept.
    QVERIFY(m_keychain->startUnlockedKeyring().isEmpty());
    read = await<QByteArray>([&](QObject *c, auto done) { store.readSecret(key, c, done); });
    QVERIFY2(read && read->ok(), describe(read).constData());
    QCOMPARE(read->value(), QByteArray("kept"));
}

void TestKeychainFailures::lockedKeychainKeepsSignInAndRetryStoresIt()
{
    {
        Server earlier; // a sign-in stored in an earlier session
        earlier.store.credentials() = signedIn(QStringLiteral("access-stored"));
        const auto saved = earlier.save();
        QVERIFY2(saved && saved->ok(), describe(saved).constData());
    }
    // Portico starts with the keychain locked and the unlock prompt dismissed.
    QVERIFY(m_keychain->lockLoginCollection().isEmpty());
    Server server;
    QVERIFY(server.load());
    QCOMPARE(server.store.keychainStatus(), KeychainStatus::Locked);
    QVERIFY(server.store.keychainProblem()->message().contains(QStringLiteral("Unlock")));
    QVERIFY(server.store.credentials().grants.isEmpty());

    // Unlocked, Retry finds the stored sign-in: nothing was lost, no restart needed.
    QVERIFY(m_keychain->startUnlockedKeyring().isEmpty());
    auto retried = server.retry();
    QVERIFY2(retried && retried->ok(), describe(retried).constData());
    QCOMPARE(server.store.credentials(), signedIn(QStringLiteral("access-stored")));
    QCOMPARE(server.store.keychainStatus(), KeychainStatus::Fine);
    QVERIFY(server.store.isRemembered());

    // Locked again, a refresh cannot be stored: it keeps working in memory and is stored on Retry.
    QVERIFY(m_keychain->lockLoginCollection().isEmpty());
    server.store.credentials().current()->tokens.accessToken = QStringLiteral("access-in-memory");
    const auto saved = server.save();
    QVERIFY2(saved && !saved->ok(), describe(saved).constData());
    QCOMPARE(saved->error().code(), ErrorCode::KeychainAccessDenied);
    QCOMPARE(server.store.keychainStatus(), KeychainStatus::Locked);
    QCOMPARE(server.store.credentials(), signedIn(QStringLiteral("access-in-memory")));
    QVERIFY(server.store.hasUnsavedChanges());
    QVERIFY(!server.store.isRemembered());
    QVERIFY2(!anyFileContains(m_keychain->homePath(), "access-in-memory"), "the token reached a file");

    QVERIFY(m_keychain->startUnlockedKeyring().isEmpty());
    retried = server.retry();
    QVERIFY2(retried && retried->ok(), describe(retried).constData());
    QCOMPARE(server.store.keychainStatus(), KeychainStatus::Fine);
    QVERIFY(server.store.isRemembered());
    const auto stored = server.readEntry();
    QVERIFY2(stored && stored->ok(), describe(stored).constData());
    QCOMPARE(ServerCredentials::fromBlob(stored->value()).value(), signedIn(QStringLiteral("access-in-memory")));
}

void TestKeychainFailures::killedKeychainIsReportedAndRecoveredWithoutRestart()
{
    Server server;
    server.store.credentials() = signedIn(QStringLiteral("access-1"));
    auto saved = server.save();
    QVERIFY2(saved && saved->ok(), describe(saved).constData());

    // gnome-keyring-daemon goes away. D-Bus activation starts another at the next call, as on a desktop; its
    // "login" collection is locked and, with no prompt possible, stays so.
    QVERIFY(m_keychain->killKeyring().isEmpty());
    server.store.credentials().current()->tokens.accessToken = QStringLiteral("access-2"); // e.g. a refresh
    QElapsedTimer elapsed;
    elapsed.start();
    saved = server.save();
    QVERIFY2(saved && !saved->ok(), describe(saved).constData());
    QVERIFY2(elapsed.elapsed() < 10000, qPrintable(QStringLiteral("took %1 ms").arg(elapsed.elapsed())));
    QVERIFY2(saved->error().code() == ErrorCode::KeychainAccessDenied
                 || saved->error().code() == ErrorCode::KeychainUnavailable,
             describe(saved).constData());
    QVERIFY(server.store.keychainStatus() == KeychainStatus::Locked
            || server.store.keychainStatus() == KeychainStatus::Unavailable);
    QCOMPARE(server.store.credentials().current()->tokens.accessToken, QStringLiteral("access-2"));
    QVERIFY(server.store.hasUnsavedChanges());

    // The service is back: the same process stores again, without a restart. (libsecret alone keeps its session
    // with the dead daemon and answers "The session does not exist" forever.)
    QVERIFY(m_keychain->startUnlockedKeyring().isEmpty());
    const auto retried = server.retry();
    QVERIFY2(retried && retried->ok(), describe(retried).constData());
    QCOMPARE(server.store.keychainStatus(), KeychainStatus::Fine);
    const auto stored = server.readEntry();
    QVERIFY2(stored && stored->ok(), describe(stored).constData());
    QCOMPARE(ServerCredentials::fromBlob(stored->value()).value(), signedIn(QStringLiteral("access-2")));
}

void TestKeychainFailures::foreignEntryIsReportedAndKeptUntilNewSignIn()
{
    const QString key = ServerCredentials::secretKey(kServerId);
    const QByteArray foreign = R"({"username":"alice","token":"another-apps-secret"})";
    QVERIFY(writeForeignEntry(key, foreign));

    Server server;
    QVERIFY(server.load());
    QCOMPARE(server.store.keychainStatus(), KeychainStatus::ForeignEntry);
    const QString message = server.store.keychainProblem()->message();
    QVERIFY2(message.contains(QStringLiteral("not in Portico's format")), qPrintable(message));
    QVERIFY(!message.contains(QStringLiteral("another-apps-secret")));
    QVERIFY(server.store.credentials().grants.isEmpty());

    // A client registration alone, then a sign-out: neither replaces nor deletes it.
    ServerCredentials registrationOnly = signedIn(QString());
    server.store.credentials() = registrationOnly;
    auto saved = server.save();
    QVERIFY2(saved && !saved->ok(), describe(saved).constData());
    server.store.credentials() = ServerCredentials();
    saved = server.save();
    QVERIFY2(saved && !saved->ok(), describe(saved).constData());
    auto stored = server.readEntry();
    QVERIFY2(stored && stored->ok(), describe(stored).constData());
    QCOMPARE(stored->value(), foreign);

    // A new sign-in replaces it.
    server.store.credentials() = signedIn(QStringLiteral("access-new"));
    saved = server.save();
    QVERIFY2(saved && saved->ok(), describe(saved).constData());
    QCOMPARE(server.store.keychainStatus(), KeychainStatus::Fine);
    stored = server.readEntry();
    QVERIFY2(stored && stored->ok(), describe(stored).constData());
    QCOMPARE(ServerCredentials::fromBlob(stored->value()).value(), signedIn(QStringLiteral("access-new")));
}

void TestKeychainFailures::slowKeychainShowsWaitingThenAnswers()
{
    {
        Server writer;
        writer.store.credentials() = signedIn(QStringLiteral("access-stored"));
        const auto saved = writer.save();
        QVERIFY2(saved && saved->ok(), describe(saved).constData());
    }
    Server server;
    QVERIFY(m_keychain->pauseKeyring().isEmpty());
    bool loaded = false;
    server.store.load([&]() { loaded = true; });
    QVERIFY(QTest::qWaitFor([&]() { return server.store.keychainStatus() == KeychainStatus::Waiting; }, 1800));
    QTest::qWait(1000); // about two seconds in all: a keychain that answers late
    QVERIFY(!loaded);
    QVERIFY(m_keychain->resumeKeyring().isEmpty());
    QVERIFY(QTest::qWaitFor([&]() { return loaded; }, 15000));
    QCOMPARE(server.store.keychainStatus(), KeychainStatus::Fine);
    QCOMPARE(server.store.credentials(), signedIn(QStringLiteral("access-stored")));
}

void TestKeychainFailures::stoppedKeychainTimesOutAndRecovers()
{
    KeychainSecretStore store(service(), 1500ms);
    const QString key = QStringLiteral("stopped-entry");
    auto written = await<void>([&](QObject *c, auto done) { store.writeSecret(key, "before", c, done); });
    QVERIFY2(written && written->ok(), describe(written).constData());

    QVERIFY(m_keychain->pauseKeyring().isEmpty());
    QElapsedTimer elapsed;
    elapsed.start();
    auto read = await<QByteArray>([&](QObject *c, auto done) { store.readSecret(key, c, done); });
    QVERIFY2(read && !read->ok(), describe(read).constData());
    QVERIFY2(elapsed.elapsed() < 4000, qPrintable(QStringLiteral("took %1 ms").arg(elapsed.elapsed())));
    QCOMPARE(read->error().code(), ErrorCode::KeychainUnavailable);
    QVERIFY2(read->error().message().contains(QStringLiteral("did not answer")), qPrintable(read->error().message()));

    QVERIFY(m_keychain->resumeKeyring().isEmpty());
    read = await<QByteArray>([&](QObject *c, auto done) { store.readSecret(key, c, done); });
    QVERIFY2(read && read->ok(), describe(read).constData());
    QCOMPARE(read->value(), QByteArray("before"));
}

void TestKeychainFailures::commandLineSaysWhichKeychainFailure()
{
    // A server that needs a sign-in, at a loopback port where nothing listens, in this test's own servers.json.
    ServerConfig config;
    config.name = QStringLiteral("Keychain test server");
    config.url = QUrl(QStringLiteral("http://127.0.0.1:%1/mcp").arg(PeerProcess::freeLoopbackPort()));
    ServerRegistry registry;
    QVERIFY(registry.load().ok());
    QVERIFY(registry.add(config).ok());
    const QString serverId = registry.servers().constFirst().id();
    KeychainSecretStore store(service());
    const QString key = ServerCredentials::secretKey(serverId);
    const auto call = [&]() {
        QProcess portico;
        portico.start(qEnvironmentVariable("PORTICO_EXECUTABLE"),
                      {QStringLiteral("--call"), config.name, QStringLiteral("echo")});
        const bool finished = portico.waitForFinished(60000);
        const QByteArray errors = portico.readAllStandardError();
        qInfo("portico --call said on stderr: %s", errors.constData());
        return std::make_tuple(finished, portico.exitCode(), QString::fromUtf8(errors),
                               QString::fromUtf8(portico.readAllStandardOutput()));
    };

    // A stored sign-in behind a locked keychain.
    auto written = await<void>([&](QObject *c, auto done) {
        store.writeSecret(key, signedIn(QStringLiteral("cli-secret-token")).toBlob(), c, done);
    });
    QVERIFY2(written && written->ok(), describe(written).constData());
    QVERIFY(m_keychain->lockLoginCollection().isEmpty());
    auto [finished, exitCode, errors, output] = call();
    QVERIFY(finished);
    QCOMPARE(exitCode, 1);
    QVERIFY2(errors.contains(QStringLiteral("Keychain: The system keychain is locked")), qPrintable(errors));
    QVERIFY(!errors.contains(QStringLiteral("cli-secret-token"))
            && !output.contains(QStringLiteral("cli-secret-token")));

    // An entry under Portico's key that is not Portico's.
    QVERIFY(m_keychain->startUnlockedKeyring().isEmpty());
    // (Through the store: a bare QtKeychain job in this process would still talk to the daemon just replaced.)
    written = await<void>([&](QObject *c, auto done) {
        store.writeSecret(key, R"({"someone":"else","token":"cli-foreign-secret"})", c, done);
    });
    QVERIFY2(written && written->ok(), describe(written).constData());
    std::tie(finished, exitCode, errors, output) = call();
    QVERIFY(finished);
    QCOMPARE(exitCode, 1);
    QVERIFY2(errors.contains(QStringLiteral("not in Portico's format")), qPrintable(errors));
    QVERIFY(!errors.contains(QStringLiteral("cli-foreign-secret")));
    const auto kept = await<QByteArray>([&](QObject *c, auto done) { store.readSecret(key, c, done); });
    QVERIFY2(kept && kept->ok(), describe(kept).constData());
    QVERIFY(kept->value().contains("cli-foreign-secret")); // left untouched

    // A keychain that answers late: said while waiting, then the call goes on.
    {
        QProcess portico;
        QVERIFY(m_keychain->pauseKeyring().isEmpty());
        portico.start(qEnvironmentVariable("PORTICO_EXECUTABLE"),
                      {QStringLiteral("--call"), config.name, QStringLiteral("echo")});
        QTest::qWait(2500);
        QVERIFY(m_keychain->resumeKeyring().isEmpty());
        QVERIFY(portico.waitForFinished(60000));
        const QString waited = QString::fromUtf8(portico.readAllStandardError());
        qInfo("portico --call said on stderr: %s", qPrintable(waited));
        QVERIFY2(waited.contains(QStringLiteral("Waiting for the system keychain…")), qPrintable(waited));
        QVERIFY2(waited.contains(QStringLiteral("not in Portico's format")), qPrintable(waited)); // then it answered
    }

    // No D-Bus session to reach a Secret Service through.
    QVERIFY(m_keychain->killKeyring().isEmpty());
    qputenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/portico-test-bus");
    std::tie(finished, exitCode, errors, output) = call();
    QVERIFY(finished);
    QCOMPARE(exitCode, 1);
    QVERIFY2(errors.contains(QStringLiteral("Keychain: The system keychain is not available")), qPrintable(errors));
}

QTEST_GUILESS_MAIN(TestKeychainFailures)
#include "tst_keychainfailures.moc"
