#pragma once

#include "secrets/secretstore.h"

#include <QHash>
#include <QStringList>

#include <optional>

namespace portico {

// A SecretStore that keeps secrets in this process's memory only: for tests, and for `--no-keychain`
// runs (headless machines and scripts without a Secret Service), where the caller warns that nothing
// survives the process. It honours the SecretStore contract: the operation takes effect at once, its
// callback is queued (never run inside the call) and dropped if `context` is destroyed first.
class InMemorySecretStore final : public SecretStore
{
public:
    InMemorySecretStore() = default;

    void readSecret(const QString &key, QObject *context, ReadCallback done) override;
    void writeSecret(const QString &key, const QByteArray &secret, QObject *context, WriteCallback done) override;
    void deleteSecret(const QString &key, QObject *context, WriteCallback done) override;

    // Synchronous views for tests and diagnostics.
    [[nodiscard]] QStringList keys() const;
    [[nodiscard]] std::optional<QByteArray> secret(const QString &key) const;
    [[nodiscard]] qsizetype size() const { return m_secrets.size(); }

private:
    QHash<QString, QByteArray> m_secrets;
};

} // namespace portico
