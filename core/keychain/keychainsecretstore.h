#pragma once

#include "secrets/secretstore.h"

#include <QString>

#include <chrono>
#include <functional>
#include <memory>

namespace QKeychain {
class Job;
}

namespace portico {

// SecretStore on the operating system's keychain through QtKeychain: the Secret Service (GNOME Keyring,
// KWallet) on Linux, Keychain Services on macOS, the Credential Manager on Windows.
//
// Never falls back to a plaintext file: when no keychain answers, the operation fails with
// ErrorCode::KeychainUnavailable and nothing is written anywhere (docs/architecture.md, "Security rules"). A keychain
// that does not answer within `responseTimeout` (e.g. a D-Bus autolaunch that hangs, a stopped daemon) is reported
// the same way, with its own message, so a caller never waits forever.
//
// A locked keychain whose unlock prompt was dismissed (or could not be shown) is ErrorCode::KeychainAccessDenied,
// also for reads and deletes, which QtKeychain reports as "not found" and "deleted" (SecretServiceProbe checks).
// A call that fails because the Secret Service went away runs once more on a fresh connection, so Portico
// recovers when the daemon is back (requirements SEC-16).
class KeychainSecretStore final : public SecretStore
{
public:
    // `service` names Portico's items in the keychain; the product passes the application id.
    explicit KeychainSecretStore(QString service, std::chrono::milliseconds responseTimeout = std::chrono::seconds(20));

    [[nodiscard]] const QString &service() const { return m_service; }

    void readSecret(const QString &key, QObject *context, ReadCallback done) override;
    void writeSecret(const QString &key, const QByteArray &secret, QObject *context, WriteCallback done) override;
    void deleteSecret(const QString &key, QObject *context, WriteCallback done) override;

private:
    struct JobOutcome; // what a finished QtKeychain job said, copied out before the job deletes itself
    struct Operation;  // one call: answered once, by the keychain or by the timeout
    using FinishedHandler = std::function<void(const JobOutcome &)>;
    using JobFactory = std::function<QKeychain::Job *()>;

    // Starts the timeout of one call: `timedOut` runs unless the call was answered first.
    [[nodiscard]] std::shared_ptr<Operation> start(QObject *context, std::function<void(Error)> timedOut) const;
    // Starts a job from `makeJob` and hands its outcome to `finished`, later, while the operation is unanswered;
    // a job that failed for an unknown reason runs `retries` more times on a fresh Secret Service connection.
    static void runJob(const std::shared_ptr<Operation> &operation, JobFactory makeJob, FinishedHandler finished,
                       int retries = 1);
    // Answers through `locked` when the entry is there in a locked collection, else through `notLocked`.
    static void whenNotLocked(const std::shared_ptr<Operation> &operation, const QString &service, const QString &key,
                              std::chrono::milliseconds timeout, const QString &detail, std::function<void()> notLocked,
                              std::function<void(Error)> locked);

    QString m_service;
    std::chrono::milliseconds m_responseTimeout;
};

} // namespace portico
