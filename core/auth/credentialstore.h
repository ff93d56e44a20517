#pragma once

#include "auth/keychainstatus.h"
#include "auth/servercredentials.h"
#include "auth/tokenset.h"
#include "common/result.h"

#include <QObject>
#include <QString>
#include <QTimer>

#include <chrono>
#include <functional>
#include <memory>
#include <optional>

namespace portico {

class RefreshLock;
class SecretStore;
class SignInTimeline;

// What one server's sign-in leaves in the OS keychain (one ServerCredentials blob per server, never a file and
// never a plaintext fallback), and the copy AuthSession works with. It reads the blob once, writes it back
// after every change (deleting the entry when no grant is left), and keeps the "remembered" flag the Access
// panel shows: false while the keychain refuses, so sign-in still works but only in memory.
//
// A refresh runs under a cross-process lock (RefreshLock; OAuth 2.1 §4.3.1 refresh token rotation):
// lockForRefresh() takes it and reads the blob again, so a
// refresh token that another Portico process rotated meanwhile is used instead of the burnt one (compare and
// swap: their tokens win when their refresh token differs from ours).
// Keychain trouble is written to the sign-in timeline as "Keychain" steps, and kept as keychainStatus() with the
// keychain's own words (requirements SEC-16): the credentials stay in memory, a save that failed is kept for retry()
// (or the next save), and an entry that is not in Portico's format is never overwritten or deleted except by a
// sign-in that produced tokens (a new sign-in; nothing else can, since such an entry yields none).
class CredentialStore : public QObject
{
    Q_OBJECT

public:
    // `persist` false (conformance mode) or no `secrets`: memory only, nothing is read or written.
    CredentialStore(QString serverId, SecretStore *secrets, bool persist, SignInTimeline &timeline,
                    QObject *parent = nullptr);
    ~CredentialStore() override;

    [[nodiscard]] ServerCredentials &credentials() { return m_credentials; }
    [[nodiscard]] const ServerCredentials &credentials() const { return m_credentials; }
    // Stored in the keychain (false when the keychain failed, or when nothing is persisted).
    [[nodiscard]] bool isRemembered() const { return m_remembered; }
    [[nodiscard]] bool isLoaded() const { return m_loaded; }
    // Whether the next load() reads the keychain (nothing read yet, no read in progress, persistence on).
    [[nodiscard]] bool willRead() const;
    // Where the keychain stands; keychainProblem() says why in a sentence for a person when it is not Fine.
    [[nodiscard]] KeychainStatus keychainStatus() const;
    [[nodiscard]] const std::optional<Error> &keychainProblem() const { return m_problem; }
    // Credentials changed in memory that the keychain does not hold yet (the last save failed or was held back).
    [[nodiscard]] bool hasUnsavedChanges() const { return m_unsaved; }

    // A keychain call pending longer than this shows KeychainStatus::Waiting.
    static constexpr std::chrono::milliseconds kWaitingAfter{1000};

    // Reads the stored blob once. `done` runs after that for every caller, also when there was nothing to read
    // (then queued); a real read emits keychainRead() first.
    void load(std::function<void()> done);
    // Writes the credentials (or deletes the entry when no grant is left) and reports the outcome. A failure
    // is recorded once per streak and clears the remembered flag; nothing is ever stored anywhere else.
    void save(std::function<void(Result<void>)> done);
    // After keychain trouble (the Access panel's Retry): saves what is unsaved, or reads again what could not be
    // read (emitting keychainRead() when it read); succeeds at once when there is nothing to catch up on.
    void retry(std::function<void(Result<void>)> done);

    // Takes the cross-process lock of the current grant (RefreshLock) and reads the keychain again under it. `done`
    // gets the tokens another Portico process stored for the same grant meanwhile, when it rotated the refresh
    // token (those win), or nullopt; Timeout when the lock stays taken. The lock is held until
    // releaseRefreshLock(), so the rotated token is stored before another refresh may start.
    void lockForRefresh(std::chrono::milliseconds timeout, std::function<void(Result<std::optional<TokenSet>>)> done);
    void releaseRefreshLock();

Q_SIGNALS:
    // The keychain was read (whatever it held): emitted before the callers of load() hear it.
    void keychainRead();
    // A save() ended (stored, or not: see isRemembered()): emitted before its caller hears it.
    void saved();
    // keychainStatus() or keychainProblem() changed.
    void keychainStatusChanged();

private:
    [[nodiscard]] bool persists() const { return m_persist && m_secrets; }
    void onBlobRead(const Result<QByteArray> &blob);
    // Takes what a read of the entry found: the stored credentials (when `takeCredentials` and memory holds none),
    // nothing, an entry in another format, or a keychain failure.
    void adoptRead(const Result<QByteArray> &blob, bool takeCredentials);
    // Writes the credentials (or deletes the entry) once the entry is known not to be someone else's.
    void writeOrDelete(std::function<void(Result<void>)> finish);
    void setStatus(KeychainStatus status, std::optional<Error> problem);
    // Wraps every keychain call, so that one pending longer than kWaitingAfter shows as Waiting.
    void beginCall();
    void endCall();
    // What the lock is about: issuer, resource and client of the current grant.
    [[nodiscard]] QString lockKey() const;

    QString m_serverId;
    SecretStore *m_secrets = nullptr;
    bool m_persist = true;
    SignInTimeline &m_timeline;

    ServerCredentials m_credentials;
    bool m_loaded = false;
    bool m_loading = false;
    QList<std::function<void()>> m_afterLoad;
    bool m_remembered = false;
    std::unique_ptr<RefreshLock> m_refreshLock;

    KeychainStatus m_status = KeychainStatus::Fine;
    std::optional<Error> m_problem;
    bool m_entryKnown = false; // a read told what the entry holds (Portico's, nothing, or foreign)
    bool m_foreignEntry = false;
    bool m_unsaved = false;
    int m_pendingCalls = 0;
    bool m_waiting = false;
    QTimer m_waitingTimer;
};

} // namespace portico
