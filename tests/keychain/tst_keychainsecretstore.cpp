// KeychainSecretStore against the real Secret Service (gnome-keyring inside dbus-run-session, started by
// scripts/run-tests.sh), and its behaviour when no keychain is reachable: a typed error, quickly, and no
// plaintext anywhere (docs/architecture.md, "Security rules"; requirements SEC-4).
//
// CTest runs each function in its own process (tests/CMakeLists.txt): QtKeychain and libsecret choose
// their D-Bus connection once per process, and two of the cases point it at a broken bus on purpose.

#include "anyfilecontains.h"
#include "keychain/keychainsecretstore.h"

#include <QElapsedTimer>
#include <QLocalServer>
#include <QLocalSocket>
#include <QProcess>
#include <QRandomGenerator>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <optional>

using namespace portico;
using namespace portico::testing;
using namespace std::chrono_literals;

namespace {

// Runs one store operation and waits for its callback (tests only: product code never blocks).
template<typename T, typename Start>
std::optional<Result<T>> waitFor(Start start, std::chrono::milliseconds limit = 30s)
{
    QObject context;
    std::optional<Result<T>> outcome;
    int calls = 0;
    start(&context, [&](Result<T> result) {
        ++calls;
        outcome.emplace(std::move(result));
    });
    // The callback must never run synchronously inside the call.
    if (calls != 0)
        qFatal("SecretStore callback ran synchronously");
    if (!QTest::qWaitFor([&]() { return calls > 0; }, static_cast<int>(limit.count())))
        return std::nullopt; // never answered
    QTest::qWait(50);
    if (calls > 1)
        qFatal("SecretStore callback ran %d times", calls);
    return outcome;
}

// QVERIFY2 evaluates its message even when the check passes, so only ask a failed result for its error.
template<typename T>
QByteArray whyFailed(const Result<T> &result)
{
    return result.ok() ? QByteArray() : result.error().toString().toUtf8();
}

QString uniqueName(const char *prefix)
{
    return QString::fromLatin1(prefix) + QString::number(QRandomGenerator::global()->generate64(), 16);
}

// What the Secret Service itself holds, read with secret-tool (libsecret-tools), independent of QtKeychain.
// QtKeychain's libsecret schema stores the service as `server`, the key as `user`, binary data as base64.
std::optional<QByteArray> lookUpWithSecretTool(const QString &service, const QString &key)
{
    QProcess secretTool;
    secretTool.start(QStringLiteral("secret-tool"),
                     {QStringLiteral("lookup"), QStringLiteral("server"), service, QStringLiteral("user"), key});
    if (!secretTool.waitForFinished(15000) || secretTool.exitStatus() != QProcess::NormalExit)
        qFatal("secret-tool did not finish: %s", qPrintable(secretTool.errorString()));
    if (secretTool.exitCode() != 0)
        return std::nullopt;
    return QByteArray::fromBase64(secretTool.readAllStandardOutput().trimmed());
}

} // namespace

class TestKeychainSecretStore : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void roundTripsThroughSecretService();
    void reportsUnavailableWithoutSessionBus();
    void reportsUnavailableWhenKeychainNeverAnswers();
    void rejectsEmptyKeyWithoutTouchingTheKeychain();

private:
    // Points HOME and the XDG folders at `home`, so a plaintext fallback could only land there.
    static void isolateHome(const QTemporaryDir &home);
    // Writes, reads and deletes with a store that cannot reach a keychain; checks the typed error,
    // the time it took, and that the secret is nowhere on disk.
    static void expectUnavailable(KeychainSecretStore &store, const QTemporaryDir &home,
                                  std::chrono::milliseconds limit);
};

void TestKeychainSecretStore::isolateHome(const QTemporaryDir &home)
{
    qputenv("HOME", home.path().toLocal8Bit());
    qputenv("XDG_CONFIG_HOME", (home.path() + QStringLiteral("/config")).toLocal8Bit());
    qputenv("XDG_DATA_HOME", (home.path() + QStringLiteral("/data")).toLocal8Bit());
}

void TestKeychainSecretStore::roundTripsThroughSecretService()
{
    if (qEnvironmentVariableIsEmpty("DBUS_SESSION_BUS_ADDRESS"))
        QFAIL("No D-Bus session: run the tests through scripts/run-tests.sh, which starts gnome-keyring.");

    KeychainSecretStore store(uniqueName("dev.portico.Portico.test-"));
    const QString key = uniqueName("server/");
    const QByteArray first = "first-" + QByteArray::number(QRandomGenerator::global()->generate());
    QByteArray second("second\0with-nul-and-\xff", 22);

    auto written = waitFor<void>([&](QObject *c, auto done) { store.writeSecret(key, first, c, done); });
    QVERIFY(written.has_value());
    QVERIFY2(written->ok(), whyFailed(*written).constData());
    QCOMPARE(lookUpWithSecretTool(store.service(), key), std::optional<QByteArray>(first));

    auto read = waitFor<QByteArray>([&](QObject *c, auto done) { store.readSecret(key, c, done); });
    QVERIFY(read.has_value());
    QVERIFY2(read->ok(), whyFailed(*read).constData());
    QCOMPARE(read->value(), first);

    written = waitFor<void>([&](QObject *c, auto done) { store.writeSecret(key, second, c, done); });
    QVERIFY(written && written->ok());
    read = waitFor<QByteArray>([&](QObject *c, auto done) { store.readSecret(key, c, done); });
    QVERIFY(read && read->ok());
    QCOMPARE(read->value(), second);
    QCOMPARE(lookUpWithSecretTool(store.service(), key), std::optional<QByteArray>(second));

    auto deleted = waitFor<void>([&](QObject *c, auto done) { store.deleteSecret(key, c, done); });
    QVERIFY(deleted.has_value());
    QVERIFY2(deleted->ok(), whyFailed(*deleted).constData());
    QCOMPARE(lookUpWithSecretTool(store.service(), key), std::nullopt);

    read = waitFor<QByteArray>([&](QObject *c, auto done) { store.readSecret(key, c, done); });
    QVERIFY(read && !read->ok());
    QCOMPARE(read->error().code(), ErrorCode::SecretNotFound);

    // Deleting what is already gone leaves the keychain as wanted.
    deleted = waitFor<void>([&](QObject *c, auto done) { store.deleteSecret(key, c, done); });
    QVERIFY(deleted && deleted->ok());
}

void TestKeychainSecretStore::expectUnavailable(KeychainSecretStore &store, const QTemporaryDir &home,
                                                std::chrono::milliseconds limit)
{
    const QByteArray secret = "must-never-touch-disk-" + QByteArray::number(QRandomGenerator::global()->generate64());
    QElapsedTimer elapsed;
    elapsed.start();
    auto written = waitFor<void>(
        [&](QObject *c, auto done) { store.writeSecret(QStringLiteral("k"), secret, c, done); }, limit + 5s);
    QVERIFY2(written.has_value(), "the write never answered");
    QVERIFY(!written->ok());
    QCOMPARE(written->error().code(), ErrorCode::KeychainUnavailable);
    QCOMPARE(written->error().area(), ErrorArea::Storage);
    QVERIFY(!written->error().message().isEmpty());
    QVERIFY2(elapsed.elapsed() < limit.count(), qPrintable(QStringLiteral("took %1 ms").arg(elapsed.elapsed())));

    auto read =
        waitFor<QByteArray>([&](QObject *c, auto done) { store.readSecret(QStringLiteral("k"), c, done); }, limit + 5s);
    QVERIFY(read.has_value() && !read->ok());
    // Not "not found": a caller must not mistake a missing keychain for a missing token.
    QCOMPARE(read->error().code(), ErrorCode::KeychainUnavailable);

    QVERIFY2(!anyFileContains(home.path(), secret), "the secret was written to a file");
}

void TestKeychainSecretStore::reportsUnavailableWithoutSessionBus()
{
    const QTemporaryDir home;
    QVERIFY(home.isValid());
    isolateHome(home);
    qputenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/portico-test-bus");
    qunsetenv("DISPLAY"); // no X11 autolaunch either

    KeychainSecretStore store(QStringLiteral("dev.portico.Portico.test-unavailable"));
    expectUnavailable(store, home, 5s);
}

void TestKeychainSecretStore::reportsUnavailableWhenKeychainNeverAnswers()
{
    // A "bus" that accepts connections and never says a word: the shape of a hung D-Bus autolaunch.
    const QTemporaryDir home;
    QVERIFY(home.isValid());
    isolateHome(home);
    QLocalServer silentBus;
    const QString socketPath = home.filePath(QStringLiteral("silent-bus"));
    QVERIFY(silentBus.listen(socketPath));
    QList<QLocalSocket *> held;
    connect(&silentBus, &QLocalServer::newConnection, this, [&]() {
        while (QLocalSocket *socket = silentBus.nextPendingConnection())
            held.append(socket); // kept open, never answered
    });
    qputenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=" + socketPath.toLocal8Bit());
    qunsetenv("DISPLAY");

    KeychainSecretStore store(QStringLiteral("dev.portico.Portico.test-silent"), 1500ms);
    expectUnavailable(store, home, 4s);
}

void TestKeychainSecretStore::rejectsEmptyKeyWithoutTouchingTheKeychain()
{
    KeychainSecretStore store(QStringLiteral("dev.portico.Portico.test-empty"));
    auto written = waitFor<void>([&](QObject *c, auto done) { store.writeSecret(QString(), "x", c, done); });
    QVERIFY(written.has_value() && !written->ok());
    QCOMPARE(written->error().code(), ErrorCode::InvalidArgument);
}

QTEST_GUILESS_MAIN(TestKeychainSecretStore)
#include "tst_keychainsecretstore.moc"
