#pragma once

#include "secrets/secretstore.h"

#include <QHash>

#include <chrono>
#include <optional>

namespace portico::testing {

// A SecretStore that can be told to fail (a locked, missing or broken keychain) or to answer late, with its entries
// open to inspection. Honours the SecretStore contract: callbacks are queued on the context, never synchronous.
class ScriptedSecretStore final : public SecretStore
{
public:
    QHash<QString, QByteArray> entries;
    std::optional<Error> failure; // every call fails with this while set
    std::chrono::milliseconds delay{0};
    int writes = 0;
    int deletes = 0;

    void readSecret(const QString &key, QObject *context, ReadCallback done) override;
    void writeSecret(const QString &key, const QByteArray &secret, QObject *context, WriteCallback done) override;
    void deleteSecret(const QString &key, QObject *context, WriteCallback done) override;
};

} // namespace portico::testing
