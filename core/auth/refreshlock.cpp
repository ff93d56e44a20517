#include "auth/refreshlock.h"

#include "common/appidentity.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QDir>
#include <QLockFile>
#include <QStandardPaths>

namespace portico {

namespace {

// A refresh is one HTTPS round trip; a lock older than this belongs to a process that died mid-refresh.
constexpr int kStaleLockMilliseconds = 30'000;
constexpr std::chrono::milliseconds kPollInterval{25};

} // namespace

RefreshLock::RefreshLock(const QString &key, QObject *parent)
    : QObject(parent)
{
    const QByteArray digest = QCryptographicHash::hash(key.toUtf8(), QCryptographicHash::Sha256).toHex().left(32);
    const QString directory = lockDirectory();
    QDir().mkpath(directory);
    m_file = std::make_unique<QLockFile>(directory + QStringLiteral("/refresh-") + QString::fromLatin1(digest)
                                         + QStringLiteral(".lock"));
    m_file->setStaleLockTime(kStaleLockMilliseconds);
    m_poll.setInterval(kPollInterval);
    connect(&m_poll, &QTimer::timeout, this, &RefreshLock::attempt);
}

RefreshLock::~RefreshLock()
{
    release();
}

QString RefreshLock::lockDirectory()
{
    QString base = QStandardPaths::writableLocation(QStandardPaths::RuntimeLocation);
    if (base.isEmpty())
        base = QDir::tempPath();
    return base + QLatin1Char('/') + QLatin1StringView(app_identity::kApplicationId);
}

void RefreshLock::acquire(std::chrono::milliseconds timeout, std::function<void(Result<void>)> done)
{
    m_done = std::move(done);
    m_deadline = std::chrono::steady_clock::now() + timeout;
    // First attempt from the event loop: `done` never runs inside acquire().
    QTimer::singleShot(0, this, &RefreshLock::attempt);
}

void RefreshLock::attempt()
{
    if (!m_done)
        return;
    if (m_file->tryLock(0)) {
        m_poll.stop();
        m_held = true;
        std::exchange(m_done, nullptr)(Result<void>::success());
        return;
    }
    if (std::chrono::steady_clock::now() >= m_deadline) {
        m_poll.stop();
        std::exchange(m_done, nullptr)(Error(
            ErrorCode::Timeout, QCoreApplication::translate(
                                    "RefreshLock", "Another Portico process kept the sign-in of this server busy.")));
        return;
    }
    if (!m_poll.isActive())
        m_poll.start();
}

void RefreshLock::release()
{
    m_poll.stop();
    m_done = nullptr;
    if (m_held) {
        m_file->unlock();
        m_held = false;
    }
}

} // namespace portico
