#pragma once

#include "common/result.h"

#include <QObject>
#include <QString>
#include <QTimer>

#include <chrono>
#include <functional>
#include <memory>

class QLockFile;

namespace portico {

// The lock around one refresh, across processes (requirements AUTH-41: refreshes are serialized per issuer,
// resource and client; with rotating refresh tokens two processes that both refresh the same token
// would burn the grant — OAuth 2.1 §4.3.1). A QLockFile in the user's runtime folder, named by a hash of
// the key, taken without blocking the event loop (polled), released by release() or on destruction.
// A lock left by a crashed process is taken over once it is older than the stale time.
class RefreshLock : public QObject
{
    Q_OBJECT

public:
    // `key` identifies what is refreshed (issuer, resource, client id); it is hashed, never written out.
    explicit RefreshLock(const QString &key, QObject *parent = nullptr);
    ~RefreshLock() override;

    // Calls `done` once with success when the lock is held, or Timeout after `timeout`. Never synchronous.
    void acquire(std::chrono::milliseconds timeout, std::function<void(Result<void>)> done);
    void release();

    // The folder lock files live in: $XDG_RUNTIME_DIR (or the temp folder)/dev.portico.Portico.
    [[nodiscard]] static QString lockDirectory();

private:
    void attempt();

    std::unique_ptr<QLockFile> m_file;
    QTimer m_poll;
    std::chrono::steady_clock::time_point m_deadline;
    std::function<void(Result<void>)> m_done;
    bool m_held = false;
};

} // namespace portico
