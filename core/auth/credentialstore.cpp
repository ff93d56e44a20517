#include "auth/credentialstore.h"

#include "auth/refreshlock.h"
#include "auth/signintimeline.h"
#include "secrets/secretstore.h"

#include <QTimer>

#include <utility>

namespace portico {

CredentialStore::CredentialStore(QString serverId, SecretStore *secrets, bool persist, SignInTimeline &timeline,
                                 QObject *parent)
    : QObject(parent)
    , m_serverId(std::move(serverId))
    , m_secrets(secrets)
    , m_persist(persist)
    , m_timeline(timeline)
{}

CredentialStore::~CredentialStore() = default;

bool CredentialStore::willRead() const
{
    return !m_loaded && !m_loading && persists();
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
    m_secrets->readSecret(ServerCredentials::secretKey(m_serverId), this,
                          [this](Result<QByteArray> blob) { onBlobRead(blob); });
}

void CredentialStore::onBlobRead(const Result<QByteArray> &blob)
{
    m_loading = false;
    m_loaded = true;
    if (blob.ok()) {
        Result<ServerCredentials> stored = ServerCredentials::fromBlob(blob.value());
        if (stored.ok()) {
            m_credentials = std::move(stored).value();
            m_remembered = true;
            if (const ServerCredentials::Grant *current = m_credentials.current();
                current && current->tokens.hasAccessToken())
                m_timeline.record(tr("Keychain"),
                                  tr("Found the sign-in stored for %1.").arg(m_credentials.currentIssuer));
        } else {
            m_timeline.record(tr("Keychain"), stored.error().message(), false);
        }
    } else if (blob.error().code() != ErrorCode::SecretNotFound) {
        // Typed keychain failure (requirements SEC-4: no plaintext fallback): sign-in still works, in memory only.
        m_timeline.record(tr("Keychain"),
                          tr("%1 Sign-in will work but will not be remembered.").arg(blob.error().message()), false);
    }
    Q_EMIT keychainRead();
    for (const auto &waiter : std::exchange(m_afterLoad, {}))
        waiter();
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
        } else {
            m_remembered = persists();
        }
        Q_EMIT saved();
        if (done)
            done(outcome);
    };
    if (!persists()) {
        QTimer::singleShot(0, this, [finish]() { finish(Result<void>::success()); });
        return;
    }
    const QString key = ServerCredentials::secretKey(m_serverId);
    if (m_credentials.grants.isEmpty())
        m_secrets->deleteSecret(key, this, finish);
    else
        m_secrets->writeSecret(key, m_credentials.toBlob(), this, finish);
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
        m_secrets->readSecret(ServerCredentials::secretKey(m_serverId), this, [this, done](Result<QByteArray> blob) {
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
