#pragma once

#include <QProcess>
#include <QString>
#include <QTemporaryDir>

namespace portico::testing {

// A D-Bus session and a gnome-keyring Secret Service of this test process's own, so a test can lock, stop or
// kill the keychain while CTest runs other tests in parallel against the shared one (scripts/test-session.sh).
// start() points this process's environment at them (DBUS_SESSION_BUS_ADDRESS, XDG_RUNTIME_DIR, XDG_DATA_HOME,
// XDG_CONFIG_HOME, HOME; DISPLAY and WAYLAND_DISPLAY removed, so no unlock prompt can show): call it before
// anything in the process touches D-Bus (QtKeychain and libsecret pick their bus once). D-Bus activation stays
// on, as on a desktop: a call after killKeyring() starts a new daemon whose "login" collection is locked.
// Everything started is stopped when this object is destroyed.
class PrivateSecretService
{
public:
    PrivateSecretService() = default;
    PrivateSecretService(const PrivateSecretService &) = delete;
    PrivateSecretService &operator=(const PrivateSecretService &) = delete;
    ~PrivateSecretService();

    // Where the bus listens: on an address of dbus-daemon's choice, or on the socket `bus` in the runtime
    // directory `runtimeRoot()/<uid>`, as pam_systemd places a desktop session's bus.
    enum class Bus {
        AnyAddress,
        InRuntimeDirectory
    };

    // Each returns an error text, empty on success.
    QString start(Bus bus = Bus::AnyAddress);
    // org.freedesktop.Secret.Service.Lock on the "login" collection (gnome-keyring locks without a prompt).
    QString lockLoginCollection();
    // Stops the Secret Service daemon (SIGTERM) and waits until it left the bus.
    QString killKeyring();
    // Replaces whatever Secret Service runs (or none) by one that unlocks "login" with the password: what a
    // person unlocking the keychain, or starting the service again, achieves.
    QString startUnlockedKeyring();
    // SIGSTOP / SIGCONT to the daemon: a keychain that answers late, or never.
    QString pauseKeyring();
    QString resumeKeyring();

    [[nodiscard]] QString homePath() const { return m_home.path(); }
    [[nodiscard]] QString runtimeRoot() const { return m_home.filePath(QStringLiteral("run")); }

private:
    // The pid of whoever owns org.freedesktop.secrets now (0: nobody), asked from the bus.
    [[nodiscard]] qint64 keyringPid() const;
    [[nodiscard]] bool secretServiceOnBus() const;
    QString waitForSecretService(bool present);
    void stop();

    QTemporaryDir m_home;
    QProcess m_bus;
    QProcess m_keyring;
    qint64 m_pausedPid = 0;
};

} // namespace portico::testing
