#include "keychain/keychainsecretstore.h"

#ifdef PORTICO_SECRET_SERVICE
#include "keychain/secretserviceprobe.h"
#endif

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

// One read, write or delete: answered exactly once, by the keychain or by the timeout, whichever comes first.
struct KeychainSecretStore::Operation
{
    QPointer<QObject> context;
    bool answered = false;

    // True for the one caller that may answer now.
    bool claim()
    {
        if (answered || context.isNull())
            return false;
        answered = true;
        return true;
    }
};

namespace {

QString unavailableMessage()
{
    return QCoreApplication::translate("KeychainSecretStore",
                                       "The system keychain is not available, so Portico cannot keep sign-in "
                                       "secrets. Start a keychain service (GNOME Keyring, KWallet or another "
                                       "Secret Service provider) and try again.");
}

Error lockedError(const QString &detail)
{
    return Error(ErrorCode::KeychainAccessDenied,
                 QCoreApplication::translate("KeychainSecretStore",
                                             "The system keychain is locked and was not unlocked (the unlock prompt "
                                             "was dismissed or could not be shown). Unlock the keychain and try "
                                             "again."),
                 detail);
}

// QtKeychain 0.13 reports "no Secret Service on the bus" and "no D-Bus session at all" as OtherError,
// never as NoBackendAvailable, so both mean "unavailable" here (see docs/architecture.md, "Test environment").
// It reports a write into a locked collection as AccessDenied.
Error errorFromJob(QKeychain::Error code, const QString &detail)
{
    switch (code) {
    case QKeychain::NoBackendAvailable:
    case QKeychain::OtherError:
    case QKeychain::NotImplemented:
        return Error(ErrorCode::KeychainUnavailable, unavailableMessage(), detail);
    case QKeychain::AccessDenied:
    case QKeychain::AccessDeniedByUser:
        return lockedError(detail);
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
    const auto operation = start(context, [done](Error error) { done(std::move(error)); });
    const auto makeJob = [service = m_service, key]() {
        auto *job = new QKeychain::ReadPasswordJob(service);
        job->setKey(key);
        return job;
    };
    runJob(operation, makeJob,
           [service = m_service, timeout = m_responseTimeout, operation, key, done](const JobOutcome &finished) {
               if (finished.error == QKeychain::EntryNotFound) {
                   // libsecret answers "not found" for an entry it could not unlock: ask whether it is there, locked.
                   return whenNotLocked(
                       operation, service, key, timeout, finished.errorString,
                       [done, finished]() { done(errorFromJob(finished.error, finished.errorString)); },
                       [done](Error locked) { done(std::move(locked)); });
               }
               if (!operation->claim())
                   return;
               if (finished.error != QKeychain::NoError)
                   return done(errorFromJob(finished.error, finished.errorString));
               done(finished.data);
           });
}

void KeychainSecretStore::writeSecret(const QString &key, const QByteArray &secret, QObject *context,
                                      WriteCallback done)
{
    if (key.isEmpty())
        return failLater(context, std::move(done), emptyKeyError());
    const auto operation = start(context, [done](Error error) { done(std::move(error)); });
    const auto makeJob = [service = m_service, key, secret]() {
        auto *job = new QKeychain::WritePasswordJob(service);
        job->setKey(key);
        job->setBinaryData(secret);
        return job;
    };
    runJob(operation, makeJob, [operation, done](const JobOutcome &finished) {
        if (!operation->claim())
            return;
        if (finished.error != QKeychain::NoError)
            return done(errorFromJob(finished.error, finished.errorString));
        done(Result<void>::success());
    });
}

void KeychainSecretStore::deleteSecret(const QString &key, QObject *context, WriteCallback done)
{
    if (key.isEmpty())
        return failLater(context, std::move(done), emptyKeyError());
    const auto operation = start(context, [done](Error error) { done(std::move(error)); });
    const auto makeJob = [service = m_service, key]() {
        auto *job = new QKeychain::DeletePasswordJob(service);
        job->setKey(key);
        return job;
    };
    runJob(operation, makeJob,
           [service = m_service, timeout = m_responseTimeout, operation, key, done](const JobOutcome &finished) {
               // Deleting what is not there leaves the keychain as the caller wants it.
               if (finished.error == QKeychain::NoError || finished.error == QKeychain::EntryNotFound) {
                   // libsecret also says "deleted" for an entry it could not unlock: check that it is gone.
                   return whenNotLocked(
                       operation, service, key, timeout, finished.errorString,
                       [done]() { done(Result<void>::success()); }, [done](Error locked) { done(std::move(locked)); });
               }
               if (!operation->claim())
                   return;
               done(errorFromJob(finished.error, finished.errorString));
           });
}

std::shared_ptr<KeychainSecretStore::Operation> KeychainSecretStore::start(QObject *context,
                                                                           std::function<void(Error)> timedOut) const
{
    auto operation = std::make_shared<Operation>();
    operation->context = context;
    const auto timeoutSeconds = std::chrono::duration_cast<std::chrono::seconds>(m_responseTimeout).count();
    QTimer::singleShot(m_responseTimeout, context, [operation, timedOut = std::move(timedOut), timeoutSeconds]() {
        if (!operation->claim())
            return;
#ifdef PORTICO_SECRET_SERVICE
        SecretServiceProbe::forgetConnection(); // the next call talks to whatever answers by then
#endif
        timedOut(Error(ErrorCode::KeychainUnavailable,
                       QCoreApplication::translate("KeychainSecretStore",
                                                   "The system keychain did not answer within %1 s, so nothing was "
                                                   "read or stored. Check that the keychain service is running and "
                                                   "not waiting for you, then try again.")
                           .arg(timeoutSeconds),
                       QStringLiteral("the keychain did not answer within %1 s").arg(timeoutSeconds)));
    });
    return operation;
}

void KeychainSecretStore::runJob(const std::shared_ptr<Operation> &operation, JobFactory makeJob,
                                 FinishedHandler finished, int retries)
{
    QKeychain::Job *job = makeJob();
    // Plaintext fallback stays off: a secret that cannot go into the keychain goes nowhere.
    job->setInsecureFallback(false);
    job->setAutoDelete(true);

    // The outcome is copied out at once (an auto-deleting job is gone soon after `finished`), then
    // delivered queued, so the handler never runs inside start() even if a backend fails synchronously,
    // and bound to the caller's context, so it never runs after the caller is gone.
    QObject::connect(job, &QKeychain::Job::finished, job,
                     [operation, makeJob = std::move(makeJob), finished = std::move(finished),
                      retries](QKeychain::Job *finishedJob) {
                         JobOutcome outcome{finishedJob->error(), finishedJob->errorString(), {}};
                         if (const auto *read = qobject_cast<QKeychain::ReadPasswordJob *>(finishedJob))
                             outcome.data = read->binaryData();
                         if (operation->answered || operation->context.isNull())
                             return;
#ifdef PORTICO_SECRET_SERVICE
                         if (outcome.error == QKeychain::OtherError) {
                             // Typically the daemon was restarted and libsecret's session with the old one is gone:
                             // once more on a fresh connection (within the same timeout).
                             SecretServiceProbe::forgetConnection();
                             if (retries > 0) {
                                 QMetaObject::invokeMethod(
                                     operation->context.data(),
                                     [operation, makeJob, finished, retries]() {
                                         runJob(operation, makeJob, finished, retries - 1);
                                     },
                                     Qt::QueuedConnection);
                                 return;
                             }
                         }
#endif
                         QMetaObject::invokeMethod(
                             operation->context.data(),
                             [operation, finished, outcome = std::move(outcome)]() {
                                 if (!operation->answered)
                                     finished(outcome);
                             },
                             Qt::QueuedConnection);
                     });
    job->start();
}

void KeychainSecretStore::whenNotLocked(const std::shared_ptr<Operation> &operation, const QString &service,
                                        const QString &key, std::chrono::milliseconds timeout, const QString &detail,
                                        std::function<void()> notLocked, std::function<void(Error)> locked)
{
#ifdef PORTICO_SECRET_SERVICE
    SecretServiceProbe::findItem(
        service, key, int(timeout.count()), operation->context.data(),
        [operation, detail, notLocked = std::move(notLocked),
         locked = std::move(locked)](SecretServiceProbe::ItemState state) {
            if (!operation->claim())
                return;
            if (state == SecretServiceProbe::ItemState::Locked)
                return locked(
                    lockedError(detail.isEmpty() ? QStringLiteral("the entry is in a locked collection") : detail));
            notLocked();
        });
#else
    Q_UNUSED(service)
    Q_UNUSED(key)
    Q_UNUSED(timeout)
    Q_UNUSED(detail)
    Q_UNUSED(locked)
    if (operation->claim())
        notLocked();
#endif
}

} // namespace portico
