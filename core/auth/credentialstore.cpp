#include "auth/credentialstore.h"

#include "auth/refreshlock.h"
#include "auth/signintimeline.h"
#include "secrets/secretstore.h"

#include <utility>

namespace portico {

namespace {

KeychainStatus statusOf(const Error &error)
{
    switch (error.code()) {
    case ErrorCode::KeychainAccessDenied:
        return KeychainStatus::Locked;
    case ErrorCode::KeychainUnavailable:
        return KeychainStatus::Unavailable;
    default:
        return KeychainStatus::Failed;
    }
}

bool holdsTokens(const ServerCredentials &credentials)
{
    for (const ServerCredentials::Grant &grant : credentials.grants) {
        if (grant.tokens.hasAccessToken() || grant.tokens.hasRefreshToken())
            return true;
    }
    return false;
}

} // namespace

CredentialStore::CredentialStore(QString serverId, SecretStore *secrets, bool persist, SignInTimeline &timeline,
                                 QObject *parent)
    : QObject(parent)
    , m_serverId(std::move(serverId))
    , m_secrets(secrets)
    , m_persist(persist)
    , m_timeline(timeline)
{
    if (!persists())
        m_status = KeychainStatus::NotUsed;
    m_waitingTimer.setSingleShot(true);
    m_waitingTimer.setInterval(kWaitingAfter);
    connect(&m_waitingTimer, &QTimer::timeout, this, [this]() {
        if (m_pendingCalls == 0)
            return;
        m_waiting = true;
        Q_EMIT keychainStatusChanged();
    });
}

CredentialStore::~CredentialStore() = default;

bool CredentialStore::willRead() const
{
    return !m_loaded && !m_loading && persists();
}

KeychainStatus CredentialStore::keychainStatus() const
{
    return m_waiting ? KeychainStatus::Waiting : m_status;
}

void CredentialStore::setStatus(KeychainStatus status, std::optional<Error> problem)
{
    m_status = status;
    m_problem = std::move(problem);
    Q_EMIT keychainStatusChanged();
}

void CredentialStore::beginCall()
{
    if (m_pendingCalls++ == 0)
        m_waitingTimer.start();
}

void CredentialStore::endCall()
{
    if (--m_pendingCalls > 0)
        return;
    m_waitingTimer.stop();
    if (std::exchange(m_waiting, false))
        Q_EMIT keychainStatusChanged();
}

void CredentialStore::load(std::function<void()> done)
{
    m_afterLoad.append(std::move(done));
    if (m_loading)
        return;
    if (m_loaded || !persists()) {
        m_loaded = true;
        QTimer::singleShot(0, this, [this]() {
            for (const auto &waiter : std::exchange(m_afterLoad, {}))
                waiter();
        });
        return;
    }
    m_loading = true;
    beginCall();
    m_secrets->readSecret(ServerCredentials::secretKey(m_serverId), this,
                          [this](Result<QByteArray> blob) { onBlobRead(blob); });
}

void CredentialStore::onBlobRead(const Result<QByteArray> &blob)
{
    endCall();
    m_loading = false;
    m_loaded = true;
    adoptRead(blob, true);
    Q_EMIT keychainRead();
    for (const auto &waiter : std::exchange(m_afterLoad, {}))
        waiter();
}

void CredentialStore::adoptRead(const Result<QByteArray> &blob, bool takeCredentials)
{
    if (!blob.ok() && blob.error().code() != ErrorCode::SecretNotFound) {
        // Typed keychain failure (requirements SEC-4: no plaintext fallback): sign-in still works, in memory only.
        m_entryKnown = false;
        m_timeline.record(tr("Keychain"),
                          tr("%1 Sign-in will work but will not be remembered.").arg(blob.error().message()), false);
        return setStatus(statusOf(blob.error()), blob.error());
    }
    m_entryKnown = true;
    m_foreignEntry = false;
    if (!blob.ok()) // nothing stored
        return setStatus(KeychainStatus::Fine, std::nullopt);
    Result<ServerCredentials> stored = ServerCredentials::fromBlob(blob.value());
    if (!stored.ok()) {
        // Another program's entry, a newer Portico's, or a damaged one: it stays as it is until a new sign-in.
        m_foreignEntry = true;
        const Error foreign(stored.error().code(),
                            tr("The sign-in stored in the system keychain for this server is not in Portico's "
                               "format (another program or another Portico version may have written it). Portico "
                               "leaves it untouched; signing in again replaces it."),
                            stored.error().detail());
        m_timeline.record(tr("Keychain"), foreign.message(), false);
        return setStatus(KeychainStatus::ForeignEntry, foreign);
    }
    if (takeCredentials && m_credentials.grants.isEmpty()) {
        m_credentials = std::move(stored).value();
        m_remembered = true;
        if (const ServerCredentials::Grant *current = m_credentials.current();
            current && current->tokens.hasAccessToken())
            m_timeline.record(tr("Keychain"), tr("Found the sign-in stored for %1.").arg(m_credentials.currentIssuer));
    }
    setStatus(KeychainStatus::Fine, std::nullopt);
}

void CredentialStore::save(std::function<void(Result<void>)> done)
{
    const auto finish = [this, done](Result<void> outcome) {
        if (!outcome.ok()) {
            if (m_remembered || !m_timeline.lastStepIs(tr("Keychain"))) {
                m_timeline.record(
                    tr("Keychain"),
                    tr("%1 This sign-in will not be remembered after Portico closes.").arg(outcome.error().message()),
                    false);
            }
            m_remembered = false;
            m_unsaved = persists();
            setStatus(m_foreignEntry ? KeychainStatus::ForeignEntry : statusOf(outcome.error()), outcome.error());
        } else {
            m_remembered = persists();
            m_unsaved = false;
            if (persists())
                setStatus(KeychainStatus::Fine, std::nullopt);
        }
        Q_EMIT saved();
        if (done)
            done(outcome);
    };
    if (!persists()) {
        QTimer::singleShot(0, this, [finish]() { finish(Result<void>::success()); });
        return;
    }
    if (m_entryKnown)
        return writeOrDelete(finish);
    // The entry could not be read before: find out whether it is someone else's before replacing it.
    beginCall();
    m_secrets->readSecret(ServerCredentials::secretKey(m_serverId), this, [this, finish](Result<QByteArray> blob) {
        endCall();
        if (!blob.ok() && blob.error().code() != ErrorCode::SecretNotFound)
            return finish(blob.error());
        adoptRead(blob, false); // what is in memory now is what to store
        writeOrDelete(finish);
    });
}

void CredentialStore::writeOrDelete(std::function<void(Result<void>)> finish)
{
    const QString key = ServerCredentials::secretKey(m_serverId);
    const bool replacesForeign = m_foreignEntry;
    if (replacesForeign && !holdsTokens(m_credentials)) {
        // Only a new sign-in replaces an entry Portico cannot read; a registration, a sign-out or a forgotten
        // client never touches it.
        QTimer::singleShot(0, this, [this, finish]() { finish(*m_problem); });
        return;
    }
    const auto stored = [this, finish, replacesForeign](const Result<void> &outcome) {
        endCall();
        if (outcome.ok() && replacesForeign) {
            m_foreignEntry = false;
            m_timeline.record(tr("Keychain"), tr("This sign-in replaced the entry that was not in Portico's format."));
        }
        finish(outcome);
    };
    beginCall();
    if (m_credentials.grants.isEmpty())
        m_secrets->deleteSecret(key, this, stored);
    else
        m_secrets->writeSecret(key, m_credentials.toBlob(), this, stored);
}

void CredentialStore::retry(std::function<void(Result<void>)> done)
{
    if (!persists() || m_loading) {
        QTimer::singleShot(0, this, [done]() {
            if (done)
                done(Result<void>::success());
        });
        return;
    }
    if (m_unsaved || (!m_entryKnown && !m_credentials.grants.isEmpty()))
        return save(std::move(done));
    if (m_entryKnown) {
        QTimer::singleShot(0, this, [done]() {
            if (done)
                done(Result<void>::success());
        });
        return;
    }
    // The first read failed and nothing was signed in since: read again, the stored sign-in may be reachable now.
    beginCall();
    m_secrets->readSecret(ServerCredentials::secretKey(m_serverId), this, [this, done](Result<QByteArray> blob) {
        endCall();
        adoptRead(blob, true);
        Q_EMIT keychainRead();
        if (done)
            done(m_problem ? Result<void>(*m_problem) : Result<void>::success());
    });
}

void CredentialStore::lockForRefresh(std::chrono::milliseconds timeout,
                                     std::function<void(Result<std::optional<TokenSet>>)> done)
{
    m_refreshLock = std::make_unique<RefreshLock>(lockKey());
    m_refreshLock->acquire(timeout, [this, done = std::move(done)](Result<void> locked) {
        if (!locked.ok())
            return done(locked.error());
        if (!persists())
            return done(std::optional<TokenSet>());
        // Another Portico process may have refreshed (and rotated) meanwhile: what the keychain holds wins.
        beginCall();
        m_secrets->readSecret(ServerCredentials::secretKey(m_serverId), this, [this, done](Result<QByteArray> blob) {
            endCall();
            if (blob.ok()) {
                Result<ServerCredentials> stored = ServerCredentials::fromBlob(blob.value());
                const ServerCredentials::Grant *mine = m_credentials.current();
                const ServerCredentials::Grant *theirs = stored.ok() ? stored.value().current() : nullptr;
                if (mine && theirs && stored.value().currentIssuer == m_credentials.currentIssuer
                    && theirs->tokens.refreshToken != mine->tokens.refreshToken && theirs->tokens.hasAccessToken())
                    return done(std::optional<TokenSet>(theirs->tokens));
            }
            done(std::optional<TokenSet>());
        });
    });
}

void CredentialStore::releaseRefreshLock()
{
    if (m_refreshLock)
        m_refreshLock->release();
}

QString CredentialStore::lockKey() const
{
    const ServerCredentials::Grant *current = m_credentials.current();
    return m_credentials.currentIssuer + QLatin1Char('\n') + (current ? current->resource : QString())
           + QLatin1Char('\n') + (current ? current->client.clientId : QString());
}

} // namespace portico
