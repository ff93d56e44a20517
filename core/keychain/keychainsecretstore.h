#pragma once

#include "secrets/secretstore.h"

#include <QString>

#include <chrono>

namespace QKeychain {
class Job;
}

namespace portico {

// SecretStore on the operating system's keychain through QtKeychain: the Secret Service (GNOME Keyring,
// KWallet) on Linux, Keychain Services on macOS, the Credential Manager on Windows.
//
// Never falls back to a plaintext file: when no keychain answers, the operation fails with
// ErrorCode::KeychainUnavailable and nothing is written anywhere (docs/architecture.md, "Security rules"). A keychain
// that does not answer within `responseTimeout` (e.g. a D-Bus autolaunch that hangs) is reported the same way,
// so a caller never waits forever.
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
    using FinishedHandler = std::function<void(const JobOutcome &)>;
    using FailedHandler = std::function<void(Error)>;

    // Starts `job` and calls exactly one of the handlers, later, only while `context` lives.
    void runJob(QKeychain::Job *job, QObject *context, FinishedHandler finished, FailedHandler failed) const;

    QString m_service;
    std::chrono::milliseconds m_responseTimeout;
};

} // namespace portico
