#include "scriptedsecretstore.h"

#include <QTimer>

namespace portico::testing {

void ScriptedSecretStore::readSecret(const QString &key, QObject *context, ReadCallback done)
{
    QTimer::singleShot(delay, context, [this, key, done]() {
        if (failure)
            return done(*failure);
        if (!entries.contains(key))
            return done(Error(ErrorCode::SecretNotFound, QStringLiteral("Nothing is stored under this name.")));
        done(entries.value(key));
    });
}

void ScriptedSecretStore::writeSecret(const QString &key, const QByteArray &secret, QObject *context,
                                      WriteCallback done)
{
    QTimer::singleShot(delay, context, [this, key, secret, done]() {
        if (failure)
            return done(*failure);
        ++writes;
        entries.insert(key, secret);
        done(Result<void>::success());
    });
}

void ScriptedSecretStore::deleteSecret(const QString &key, QObject *context, WriteCallback done)
{
    QTimer::singleShot(delay, context, [this, key, done]() {
        if (failure)
            return done(*failure);
        ++deletes;
        entries.remove(key);
        done(Result<void>::success());
    });
}

} // namespace portico::testing
