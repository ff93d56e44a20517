#include "privatesecretservice.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QRegularExpression>
#include <QThread>

#include <csignal>
#include <optional>
#include <utility>

#include <unistd.h>

namespace portico::testing {

namespace {

constexpr const char *kKeyringPassword = "portico-private-keyring";

// dbus-send on this process's (private) session bus; the reply as text, or nullopt when the call failed.
std::optional<QString> busCall(const QStringList &arguments)
{
    QProcess send;
    send.start(QStringLiteral("dbus-send"), QStringList{QStringLiteral("--session"), QStringLiteral("--print-reply"),
                                                        QStringLiteral("--reply-timeout=5000")}
                                                + arguments);
    if (!send.waitForFinished(10000) || send.exitStatus() != QProcess::NormalExit || send.exitCode() != 0)
        return std::nullopt;
    return QString::fromUtf8(send.readAllStandardOutput());
}

std::optional<QString> askBus(const QString &method, const QString &argument)
{
    return busCall({QStringLiteral("--dest=org.freedesktop.DBus"), QStringLiteral("/org/freedesktop/DBus"),
                    QStringLiteral("org.freedesktop.DBus.") + method, QStringLiteral("string:") + argument});
}

} // namespace

PrivateSecretService::~PrivateSecretService()
{
    stop();
}

QString PrivateSecretService::start(Bus bus)
{
    if (!m_home.isValid())
        return QStringLiteral("no temporary folder");
    const QString runtime = bus == Bus::InRuntimeDirectory ? QDir(runtimeRoot()).filePath(QString::number(::getuid()))
                                                           : m_home.filePath(QStringLiteral("runtime"));
    for (const QString &folder :
         {runtime, m_home.filePath(QStringLiteral("data")), m_home.filePath(QStringLiteral("config"))})
        QDir().mkpath(folder);
    QFile::setPermissions(runtime, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    qputenv("HOME", m_home.path().toLocal8Bit());
    qputenv("XDG_RUNTIME_DIR", runtime.toLocal8Bit());
    qputenv("XDG_DATA_HOME", m_home.filePath(QStringLiteral("data")).toLocal8Bit());
    qputenv("XDG_CONFIG_HOME", m_home.filePath(QStringLiteral("config")).toLocal8Bit());
    qunsetenv("DISPLAY");
    qunsetenv("WAYLAND_DISPLAY");
    qunsetenv("DBUS_SESSION_BUS_ADDRESS");

    // The bus inherits this environment and hands it to the services it activates.
    m_bus.setProcessChannelMode(QProcess::SeparateChannels);
    QStringList busArguments{QStringLiteral("--session"), QStringLiteral("--print-address=1"),
                             QStringLiteral("--nofork")};
    if (bus == Bus::InRuntimeDirectory)
        busArguments.append(QStringLiteral("--address=unix:path=") + QDir(runtime).filePath(QStringLiteral("bus")));
    m_bus.start(QStringLiteral("dbus-daemon"), busArguments);
    if (!m_bus.waitForStarted(10000))
        return QStringLiteral("dbus-daemon did not start: ") + m_bus.errorString();
    QDeadlineTimer deadline(10000);
    while (!m_bus.canReadLine() && !deadline.hasExpired())
        m_bus.waitForReadyRead(100);
    const QByteArray address = m_bus.readLine().trimmed();
    if (address.isEmpty())
        return QStringLiteral("dbus-daemon printed no address");
    qputenv("DBUS_SESSION_BUS_ADDRESS", address);
    return startUnlockedKeyring();
}

QString PrivateSecretService::startUnlockedKeyring()
{
    if (secretServiceOnBus()) {
        if (QString failed = killKeyring(); !failed.isEmpty())
            return failed;
    }
    if (m_keyring.state() != QProcess::NotRunning) {
        m_keyring.kill();
        m_keyring.waitForFinished(5000);
    }
    // --unlock reads the password from stdin and creates, or unlocks, the "login" collection.
    m_keyring.setProcessChannelMode(QProcess::MergedChannels);
    m_keyring.start(QStringLiteral("gnome-keyring-daemon"), {QStringLiteral("--foreground"), QStringLiteral("--unlock"),
                                                             QStringLiteral("--components=secrets")});
    if (!m_keyring.waitForStarted(10000))
        return QStringLiteral("gnome-keyring-daemon did not start: ") + m_keyring.errorString();
    m_keyring.write(kKeyringPassword);
    m_keyring.waitForBytesWritten(5000); // nothing runs an event loop here to write it later
    m_keyring.closeWriteChannel();
    if (QString failed = waitForSecretService(true); !failed.isEmpty())
        return failed + QStringLiteral(": ") + QString::fromLocal8Bit(m_keyring.readAll());
    return {};
}

QString PrivateSecretService::lockLoginCollection()
{
    const auto reply =
        busCall({QStringLiteral("--dest=org.freedesktop.secrets"), QStringLiteral("/org/freedesktop/secrets"),
                 QStringLiteral("org.freedesktop.Secret.Service.Lock"),
                 QStringLiteral("array:objpath:/org/freedesktop/secrets/collection/login")});
    if (!reply || !reply->contains(QStringLiteral("/org/freedesktop/secrets/collection/login")))
        return QStringLiteral("the login collection was not locked: ") + reply.value_or(QStringLiteral("no reply"));
    return {};
}

QString PrivateSecretService::killKeyring()
{
    const qint64 pid = keyringPid();
    if (pid == 0)
        return QStringLiteral("no Secret Service runs");
    ::kill(pid_t(pid), SIGCONT); // a stopped process cannot act on SIGTERM
    ::kill(pid_t(pid), SIGTERM);
    if (pid == m_keyring.processId())
        m_keyring.waitForFinished(5000);
    return waitForSecretService(false);
}

QString PrivateSecretService::pauseKeyring()
{
    m_pausedPid = keyringPid();
    if (m_pausedPid == 0)
        return QStringLiteral("no Secret Service runs");
    ::kill(pid_t(m_pausedPid), SIGSTOP);
    return {};
}

QString PrivateSecretService::resumeKeyring()
{
    if (m_pausedPid == 0)
        return QStringLiteral("nothing was paused");
    ::kill(pid_t(std::exchange(m_pausedPid, 0)), SIGCONT);
    return {};
}

qint64 PrivateSecretService::keyringPid() const
{
    const auto reply = askBus(QStringLiteral("GetConnectionUnixProcessID"), QStringLiteral("org.freedesktop.secrets"));
    if (!reply)
        return 0;
    const QRegularExpressionMatch match = QRegularExpression(QStringLiteral("uint32 (\\d+)")).match(*reply);
    return match.hasMatch() ? match.captured(1).toLongLong() : 0;
}

bool PrivateSecretService::secretServiceOnBus() const
{
    const auto reply = askBus(QStringLiteral("NameHasOwner"), QStringLiteral("org.freedesktop.secrets"));
    return reply && reply->contains(QStringLiteral("boolean true"));
}

QString PrivateSecretService::waitForSecretService(bool present)
{
    QDeadlineTimer deadline(15000);
    while (secretServiceOnBus() != present) {
        if (deadline.hasExpired())
            return present ? QStringLiteral("the Secret Service never appeared on the bus")
                           : QStringLiteral("the Secret Service never left the bus");
        QThread::msleep(50);
    }
    return {};
}

void PrivateSecretService::stop()
{
    if (m_pausedPid != 0)
        resumeKeyring();
    // A daemon the bus activated is not our child: ask the bus who it is before the bus goes.
    if (m_bus.state() == QProcess::Running) {
        if (const qint64 pid = keyringPid(); pid != 0 && pid != m_keyring.processId()) {
            ::kill(pid_t(pid), SIGCONT);
            ::kill(pid_t(pid), SIGTERM);
        }
    }
    for (QProcess *process : {&m_keyring, &m_bus}) {
        if (process->state() == QProcess::NotRunning)
            continue;
        ::kill(pid_t(process->processId()), SIGCONT);
        process->terminate();
        if (!process->waitForFinished(5000)) {
            process->kill();
            process->waitForFinished(5000);
        }
    }
}

} // namespace portico::testing
