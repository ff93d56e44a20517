#include "keychain/keychainsecretstore.h"

#include <qt6keychain/keychain.h>

#include <QCoreApplication>
#include <QMetaObject>
#include <QPointer>
#include <QTimer>

#include <memory>
#include <utility>

namespace portico {

struct KeychainSecretStore::JobOutcome
{
    QKeychain::Error error = QKeychain::NoError;
    QString errorString;
    QByteArray data; // only for reads
};

namespace {

QString unavailableMessage()
{
    return QCoreApplication::translate("KeychainSecretStore",
                                       "The system keychain is not available, so Portico cannot keep sign-in "
                                       "secrets. Start a keychain service (GNOME Keyring, KWallet or another "
                                       "Secret Service provider) and try again.");
}

// QtKeychain 0.13 reports "no Secret Service on the bus" and "no D-Bus session at all" as OtherError,
// never as NoBackendAvailable, so both mean "unavailable" here (see docs/architecture.md, "Test environment").
Error errorFromJob(QKeychain::Error code, const QString &detail)
{
    switch (code) {
    case QKeychain::NoBackendAvailable:
    case QKeychain::OtherError:
    case QKeychain::NotImplemented:
        return Error(ErrorCode::KeychainUnavailable, unavailableMessage(), detail);
    case QKeychain::AccessDenied:
    case QKeychain::AccessDeniedByUser:
        return Error(ErrorCode::KeychainAccessDenied,
                     QCoreApplication::translate("KeychainSecretStore",
                                                 "The system keychain refused access. Unlock it and try again."),
                     detail);
    case QKeychain::EntryNotFound:
        return Error(ErrorCode::SecretNotFound,
                     QCoreApplication::translate("KeychainSecretStore", "No secret is stored under this name."),
                     detail);
    case QKeychain::CouldNotDeleteEntry:
    case QKeychain::NoError:
        break;
    }
    return Error(ErrorCode::KeychainFailed,
                 QCoreApplication::translate("KeychainSecretStore", "The system keychain reported an error."), detail);
}

// Delivers `error` later (never synchronously inside the call), only while `context` lives.
template<typename Callback>
void failLater(QObject *context, Callback done, Error error)
{
    QMetaObject::invokeMethod(
        context, [done = std::move(done), error = std::move(error)]() { done(error); }, Qt::QueuedConnection);
}

Error emptyKeyError()
{
    return Error(ErrorCode::InvalidArgument,
                 QCoreApplication::translate("KeychainSecretStore", "A keychain entry needs a name."));
}

} // namespace

KeychainSecretStore::KeychainSecretStore(QString service, std::chrono::milliseconds responseTimeout)
    : m_service(std::move(service))
    , m_responseTimeout(responseTimeout)
{}

void KeychainSecretStore::readSecret(const QString &key, QObject *context, ReadCallback done)
{
    if (key.isEmpty())
        return failLater(context, std::move(done), emptyKeyError());
    auto *job = new QKeychain::ReadPasswordJob(m_service);
    job->setKey(key);
    runJob(
        job, context,
        [done](const JobOutcome &finished) {
            if (finished.error != QKeychain::NoError)
                return done(errorFromJob(finished.error, finished.errorString));
            done(finished.data);
        },
        [done](Error error) { done(std::move(error)); });
}

void KeychainSecretStore::writeSecret(const QString &key, const QByteArray &secret, QObject *context,
                                      WriteCallback done)
{
    if (key.isEmpty())
        return failLater(context, std::move(done), emptyKeyError());
    auto *job = new QKeychain::WritePasswordJob(m_service);
    job->setKey(key);
    job->setBinaryData(secret);
    runJob(
        job, context,
        [done](const JobOutcome &finished) {
            if (finished.error != QKeychain::NoError)
                return done(errorFromJob(finished.error, finished.errorString));
            done(Result<void>::success());
        },
        [done](Error error) { done(std::move(error)); });
}

void KeychainSecretStore::deleteSecret(const QString &key, QObject *context, WriteCallback done)
{
    if (key.isEmpty())
        return failLater(context, std::move(done), emptyKeyError());
    auto *job = new QKeychain::DeletePasswordJob(m_service);
    job->setKey(key);
    runJob(
        job, context,
        [done](const JobOutcome &finished) {
            // Deleting what is not there leaves the keychain as the caller wants it.
            if (finished.error != QKeychain::NoError && finished.error != QKeychain::EntryNotFound)
                return done(errorFromJob(finished.error, finished.errorString));
            done(Result<void>::success());
        },
        [done](Error error) { done(std::move(error)); });
}

void KeychainSecretStore::runJob(QKeychain::Job *job, QObject *context, FinishedHandler finished,
                                 FailedHandler failed) const
{
    // Plaintext fallback stays off: a secret that cannot go into the keychain goes nowhere.
    job->setInsecureFallback(false);
    job->setAutoDelete(true);

    auto answered = std::make_shared<bool>(false);
    const QPointer<QObject> guardedContext(context);
    // The outcome is copied out at once (an auto-deleting job is gone soon after `finished`), then
    // delivered queued, so the callback never runs inside start() even if a backend fails synchronously,
    // and bound to `context`, so it never runs after the caller is gone.
    QObject::connect(job, &QKeychain::Job::finished, job,
                     [answered, finished, guardedContext](QKeychain::Job *finishedJob) {
                         JobOutcome outcome{finishedJob->error(), finishedJob->errorString(), {}};
                         if (const auto *read = qobject_cast<QKeychain::ReadPasswordJob *>(finishedJob))
                             outcome.data = read->binaryData();
                         if (guardedContext.isNull())
                             return;
                         QMetaObject::invokeMethod(
                             guardedContext.data(),
                             [answered, finished, outcome = std::move(outcome)]() {
                                 if (std::exchange(*answered, true))
                                     return; // the timeout already answered
                                 finished(outcome);
                             },
                             Qt::QueuedConnection);
                     });
    const auto timeoutSeconds = std::chrono::duration_cast<std::chrono::seconds>(m_responseTimeout).count();
    QTimer::singleShot(m_responseTimeout, context, [answered, failed, timeoutSeconds]() {
        if (std::exchange(*answered, true))
            return;
        failed(Error(ErrorCode::KeychainUnavailable, unavailableMessage(),
                     QStringLiteral("the keychain did not answer within %1 s").arg(timeoutSeconds)));
    });
    job->start();
}

} // namespace portico
