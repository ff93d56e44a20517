#include "secrets/inmemorysecretstore.h"

#include <QCoreApplication>
#include <QMetaObject>

#include <algorithm>

namespace portico {

namespace {

// Queued on `context`: Qt drops the call if `context` is destroyed before the event loop delivers it.
template<typename Callback, typename Value>
void answerLater(QObject *context, Callback done, Value value)
{
    QMetaObject::invokeMethod(
        context, [done = std::move(done), value = std::move(value)]() mutable { done(std::move(value)); },
        Qt::QueuedConnection);
}

Error emptyKeyError()
{
    return Error(ErrorCode::InvalidArgument,
                 QCoreApplication::translate("InMemorySecretStore", "A secret needs a name."));
}

} // namespace

void InMemorySecretStore::readSecret(const QString &key, QObject *context, ReadCallback done)
{
    if (key.isEmpty())
        return answerLater(context, std::move(done), Result<QByteArray>(emptyKeyError()));
    const auto found = m_secrets.constFind(key);
    if (found == m_secrets.constEnd()) {
        return answerLater(
            context, std::move(done),
            Result<QByteArray>(
                Error(ErrorCode::SecretNotFound,
                      QCoreApplication::translate("InMemorySecretStore", "No secret is stored under this name."))));
    }
    answerLater(context, std::move(done), Result<QByteArray>(*found));
}

void InMemorySecretStore::writeSecret(const QString &key, const QByteArray &secret, QObject *context,
                                      WriteCallback done)
{
    if (key.isEmpty())
        return answerLater(context, std::move(done), Result<void>(emptyKeyError()));
    m_secrets.insert(key, secret);
    answerLater(context, std::move(done), Result<void>::success());
}

void InMemorySecretStore::deleteSecret(const QString &key, QObject *context, WriteCallback done)
{
    if (key.isEmpty())
        return answerLater(context, std::move(done), Result<void>(emptyKeyError()));
    m_secrets.remove(key);
    answerLater(context, std::move(done), Result<void>::success());
}

QStringList InMemorySecretStore::keys() const
{
    QStringList list = m_secrets.keys();
    std::sort(list.begin(), list.end());
    return list;
}

std::optional<QByteArray> InMemorySecretStore::secret(const QString &key) const
{
    const auto found = m_secrets.constFind(key);
    if (found == m_secrets.constEnd())
        return std::nullopt;
    return *found;
}

} // namespace portico
