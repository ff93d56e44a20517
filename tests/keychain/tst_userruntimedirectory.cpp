// A bridge started by an app with a stripped environment still reaches the keychain on the person's session
// bus (keychain/userruntimedirectory.h), and only through a runtime directory the XDG Base Directory
// Specification allows: owned by this user, mode 0700, not a symlink.
//
// CTest runs each function in its own process (tests/CMakeLists.txt): libsecret picks its bus once per process.

#include "keychain/keychainsecretstore.h"
#include "keychain/userruntimedirectory.h"
#include "privatesecretservice.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <optional>

#include <unistd.h>

using namespace portico;
using namespace portico::testing;
using namespace std::chrono_literals;

namespace {

// What an app that passes only HOME, LOGNAME, PATH, SHELL, TERM and USER leaves (the MCP SDK's stdio client).
void stripSessionEnvironment()
{
    qunsetenv("DBUS_SESSION_BUS_ADDRESS");
    qunsetenv("XDG_RUNTIME_DIR");
}

std::optional<Result<QByteArray>> writeThenRead(KeychainSecretStore &store)
{
    QObject context;
    std::optional<Result<void>> written;
    store.writeSecret(QStringLiteral("runtime-directory-probe"), "secret-value", &context,
                      [&written](Result<void> result) { written = std::move(result); });
    if (!QTest::qWaitFor([&written]() { return written.has_value(); }, 30000) || !written->ok())
        return written ? std::optional<Result<QByteArray>>(written->error()) : std::nullopt;
    std::optional<Result<QByteArray>> read;
    store.readSecret(QStringLiteral("runtime-directory-probe"), &context,
                     [&read](Result<QByteArray> result) { read = std::move(result); });
    (void)QTest::qWaitFor([&read]() { return read.has_value(); }, 30000);
    return read;
}

// A runtime root holding `<uid>` with `mode`.
QString makeRuntimeDirectory(const QTemporaryDir &root, QFileDevice::Permissions mode)
{
    const QString directory = root.filePath(QString::number(::getuid()));
    QDir().mkpath(directory);
    QFile::setPermissions(directory, mode);
    return directory;
}

constexpr QFileDevice::Permissions kOwnerOnly =
    QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner;

} // namespace

class TestUserRuntimeDirectory : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    // The real gnome-keyring on a bus in `<runtime root>/<uid>/bus`, the environment stripped: adopted, the
    // keychain works. Without the adoption the same store reports the keychain unavailable.
    void strippedEnvironmentReachesTheKeychainOnTheSessionBus()
    {
        PrivateSecretService service;
        const QString started = service.start(PrivateSecretService::Bus::InRuntimeDirectory);
        QVERIFY2(started.isEmpty(), qPrintable(started));
        stripSessionEnvironment();

        const QString adopted = user_runtime_directory::adoptWhenUnset(service.runtimeRoot());
        QCOMPARE(adopted, QDir(service.runtimeRoot()).filePath(QString::number(::getuid())));
        QCOMPARE(qgetenv("XDG_RUNTIME_DIR"), QFile::encodeName(adopted));
        QCOMPARE(qgetenv("DBUS_SESSION_BUS_ADDRESS"), "unix:path=" + QFile::encodeName(adopted) + "/bus");

        KeychainSecretStore store(QStringLiteral("dev.portico.Portico.tests"), 20s);
        const auto read = writeThenRead(store);
        QVERIFY(read.has_value());
        QVERIFY2(read->ok(), read->ok() ? "" : qPrintable(read->error().toString()));
        QCOMPARE(read->value(), QByteArray("secret-value"));
    }

    void withoutAdoptionTheKeychainIsOutOfReach()
    {
        PrivateSecretService service;
        const QString started = service.start(PrivateSecretService::Bus::InRuntimeDirectory);
        QVERIFY2(started.isEmpty(), qPrintable(started));
        stripSessionEnvironment();

        KeychainSecretStore store(QStringLiteral("dev.portico.Portico.tests"), 5s);
        const auto read = writeThenRead(store);
        QVERIFY(read.has_value());
        QVERIFY(!read->ok());
        QCOMPARE(read->error().code(), ErrorCode::KeychainUnavailable);
    }

    // A variable that is set is the app's choice, even when it points elsewhere.
    void aSetVariableIsLeftAlone()
    {
        QTemporaryDir root;
        makeRuntimeDirectory(root, kOwnerOnly);
        qunsetenv("DBUS_SESSION_BUS_ADDRESS");
        qputenv("XDG_RUNTIME_DIR", "/nonexistent-runtime");
        QVERIFY(user_runtime_directory::adoptWhenUnset(root.path()).isEmpty());
        QCOMPARE(qgetenv("XDG_RUNTIME_DIR"), QByteArray("/nonexistent-runtime"));
        QVERIFY(!qEnvironmentVariableIsSet("DBUS_SESSION_BUS_ADDRESS"));
    }

    // Readable or enterable by others, a symlink, or missing: not the person's runtime directory.
    void anUnsafeDirectoryIsNotAdopted()
    {
        stripSessionEnvironment();
        QTemporaryDir open;
        makeRuntimeDirectory(open, kOwnerOnly | QFileDevice::ReadOther | QFileDevice::ExeOther);
        QVERIFY(user_runtime_directory::adoptWhenUnset(open.path()).isEmpty());

        QTemporaryDir linked;
        QTemporaryDir target;
        QFile::setPermissions(target.path(), kOwnerOnly);
        QVERIFY(QFile::link(target.path(), linked.filePath(QString::number(::getuid()))));
        QVERIFY(user_runtime_directory::adoptWhenUnset(linked.path()).isEmpty());

        QTemporaryDir empty;
        QVERIFY(user_runtime_directory::adoptWhenUnset(empty.path()).isEmpty());
        QVERIFY(!qEnvironmentVariableIsSet("XDG_RUNTIME_DIR"));
        QVERIFY(!qEnvironmentVariableIsSet("DBUS_SESSION_BUS_ADDRESS"));
    }
};

QTEST_GUILESS_MAIN(TestUserRuntimeDirectory)
#include "tst_userruntimedirectory.moc"
