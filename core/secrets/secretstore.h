#pragma once

#include "common/result.h"

#include <QByteArray>
#include <QString>

#include <functional>

class QObject;

namespace portico {

// Where Portico keeps secrets at rest: tokens, refresh tokens, client secrets, private keys.
// The product implementation is KeychainSecretStore (OS keychain, never a plaintext file); tests use
// fakes. Every operation is asynchronous: `done` runs exactly once, never synchronously inside the
// call, and never after `context` is destroyed (docs/architecture.md, "Async and errors").
class SecretStore
{
public:
    using ReadCallback = std::function<void(Result<QByteArray>)>;
    using WriteCallback = std::function<void(Result<void>)>;

    SecretStore() = default;
    SecretStore(const SecretStore &) = delete;
    SecretStore &operator=(const SecretStore &) = delete;
    virtual ~SecretStore();

    // Reads the secret stored under `key`; ErrorCode::SecretNotFound when there is none.
    virtual void readSecret(const QString &key, QObject *context, ReadCallback done) = 0;
    // Stores `secret` under `key`, replacing what was there. On failure nothing is stored anywhere else.
    virtual void writeSecret(const QString &key, const QByteArray &secret, QObject *context, WriteCallback done) = 0;
    // Removes the secret under `key`; removing a key that holds nothing succeeds.
    virtual void deleteSecret(const QString &key, QObject *context, WriteCallback done) = 0;
};

} // namespace portico
