#pragma once

#include "auth/authorizationdiscovery.h"
#include "auth/authorizationflow.h"
#include "auth/clientregistration.h"
#include "auth/scopeset.h"
#include "auth/servercredentials.h"
#include "auth/tokenset.h"
#include "common/result.h"
#include "mcp/authorizationhandler.h"
#include "storage/serverconfig.h"

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QTimer>

#include <functional>
#include <memory>
#include <optional>

namespace portico {

class ClientRegistrar;
class HttpClient;
class RefreshLock;
class SecretStore;
class TokenClient;
class UserAgent;

// The authorization engine of one server (checklist section A; architecture.md §3). It plugs into the
// transports as their AuthorizationHandler: credentialsFor() attaches the bearer token (A38, only to the
// server's origin: A39, C5, C12) and handleChallenge() does what a 401 or 403 asks for:
//
//   401 ──> have a refresh token and not just refreshed? ──yes──> refresh (single-flight, cross-process
//    │                                                           lock, rotation stored atomically; A44)
//    └──> otherwise, or invalid_grant (A45) ──> sign in:
//           discovery (PRM -> AS metadata, A.0) -> client (stored for this issuer -> pre-registered ->
//           CIMD -> DCR -> ask, A15) -> redirect URI (UserAgent) -> AuthorizationFlow (PKCE, state,
//           resource, scopes A24–A29) -> UserAgent shows the page -> callback validated (state, iss; A32–A35)
//           -> code exchange (A36, A37) -> tokens into the keychain (A43)
//   403 insufficient_scope ──> step-up: the same sign-in with requested ∪ challenged scopes, bounded
//                              (A41, D10: at most kMaxAuthorizationsPerEpisode, never twice for a scope
//                              set already granted)
//   client-credentials mode ──> discovery, then the client_credentials grant (SEP-1046); 403 aborts (A42)
//
// Everything that runs at once is single-flight: one discovery, one sign-in, one refresh, however many
// requests were challenged; they all wait for it and are retried (or failed) together.
// It also keeps what the Access panel shows (access()) and a readable, redacted timeline of every step.
class AuthSession : public QObject, public AuthorizationHandler
{
    Q_OBJECT

public:
    enum class State {
        SignedOut,      // no usable token (yet)
        Loading,        // reading the keychain
        Discovering,    // fetching PRM / AS metadata
        Registering,    // dynamic client registration
        WaitingForUser, // the sign-in page is shown
        ExchangingCode, // token request after the redirect
        Authorized,     // a token is held
        Refreshing,     // refresh request in flight
        Failed,         // the last attempt failed (lastError())
    };
    Q_ENUM(State)

    enum class Mode {
        AuthorizationCode, // automatic / pre-registered: a person signs in
        ClientCredentials, // machine to machine (RFC 6749 §4.4)
    };

    struct Options
    {
        QString serverId;   // keys the keychain blob (ServerCredentials::secretKey)
        QString serverName; // shown on the sign-in page
        QUrl mcpServerUrl;
        Mode mode = Mode::AuthorizationCode;
        // A pre-registered client (A15 step 1), used for any issuer that has no registration of its own;
        // empty clientId = none. Its secret / key come with it (read from the keychain by the caller).
        std::optional<ClientRegistration> preRegisteredClient;
        // The URL of Portico's Client ID Metadata Document (A16); empty = never use CIMD.
        QUrl clientMetadataDocumentUrl;
        // Fixed scopes (server editor override); empty = choose per A29.
        ScopeSet scopeOverride;
        bool sendResourceParameter = true; // off only for IdPs that reject RFC 8707 (A28 note)
        quint16 fixedRedirectPort = 0;     // 0 = the registered one, else any (A21)
        bool persistCredentials = true;    // false: memory only (conformance mode)
        // Renew a token in use shortly before it expires (off only in tests that need an expired token).
        bool proactiveRefresh = true;
    };

    // What the Access panel shows (issue 5 §4); never a secret.
    struct Access
    {
        QString issuer;
        QString resource;
        QString clientId;
        std::optional<ClientRegistration::Kind> registration;
        ScopeSet requestedScopes;
        ScopeSet grantedScopes;
        ScopeSet challengedScopes;
        std::optional<QStringList> supportedScopes; // PRM scopes_supported
        QDateTime expiresAt;
        QDateTime obtainedAt;
        QDateTime refreshedAt;
        bool hasRefreshToken = false;
        bool remembered = false; // stored in the keychain (false when the keychain failed)
        QJsonObject account;     // id_token claims: display only, never trusted
    };

    // One line of the sign-in timeline (issue 4 §8): what was done, to which URL, and how it ended.
    struct Step
    {
        QDateTime at;
        QString what;   // "Discovery", "Registration", "Sign-in", "Token", "Refresh", "Step-up", "Sign-out", "Keychain"
        QString detail; // URLs, statuses, scope names: never a secret
        bool ok = true;
    };

    // The options for a configured server: mode, pre-registered client id, scope override, resource and
    // redirect-port settings. The client secret is not in the config (it lives in the keychain under
    // config.clientSecretKey()): the caller reads it into preRegisteredClient->clientSecret.
    [[nodiscard]] static Options optionsFor(const ServerConfig &config);

    AuthSession(Options options, HttpClient &http, SecretStore *secrets, UserAgent *userAgent,
                QObject *parent = nullptr);
    ~AuthSession() override;

    // Reads the stored grant from the keychain; `done` after that (also when nothing was stored). Requests
    // challenged before it finished wait for it.
    void load(std::function<void(Result<void>)> done = {});

    // AuthorizationHandler
    [[nodiscard]] HttpHeaders credentialsFor(const QUrl &url) override;
    void handleChallenge(const QUrl &url, const HttpResponse &challenge, QObject *context,
                         std::function<void(bool retry)> done) override;

    // Interactive sign-in now (the Access panel's "re-authorize", optionally with a chosen scope set).
    void signIn(const ScopeSet &scopes, std::function<void(Result<void>)> done);
    // Refresh now (the Access panel's "refresh now").
    void refreshNow(std::function<void(Result<void>)> done);
    // RFC 7009 revocation of the refresh (or access) token when the AS offers it, then local deletion
    // whatever the outcome (A46); the keychain entry is removed.
    void signOut(std::function<void(Result<void>)> done);
    // Drops the client registration of the current issuer (and its tokens): the next sign-in registers anew.
    void forgetClient(std::function<void(Result<void>)> done);

    [[nodiscard]] State state() const { return m_state; }
    [[nodiscard]] static QString stateText(State state);
    [[nodiscard]] const std::optional<Error> &lastError() const { return m_lastError; }
    [[nodiscard]] Access access() const;
    [[nodiscard]] const QList<Step> &timeline() const { return m_timeline; }
    // The timeline as plain text for a support request (redacted: it never holds secrets).
    [[nodiscard]] QString timelineText() const;

    void setClock(std::function<QDateTime()> clock);

    // Whether a sign-in page may be shown now. Off for connections Portico starts on its own (at start-up):
    // a server that needs a person then shows "Needs sign-in" instead of opening a page nobody asked for
    // (users-and-peers.md: no surprise browser tabs). The window turns it on when the person connects.
    void setInteractionAllowed(bool allowed) { m_interactionAllowed = allowed; }
    [[nodiscard]] bool isInteractionAllowed() const { return m_interactionAllowed; }
    // The pre-registered client's secret, read from the keychain after construction.
    void setPreRegisteredSecret(const QString &secret);

    // At most this many interactive authorizations in a row without a token that the server accepted for
    // the scopes it asked (conformance auth/scope-retry-limit expects ≤ 3; D10a).
    static constexpr int kMaxAuthorizationsPerEpisode = 3;

Q_SIGNALS:
    void stateChanged(portico::AuthSession::State state);
    void accessChanged();
    void stepAdded(const portico::AuthSession::Step &step);

private:
    using Done = std::function<void(Result<void>)>;
    enum class Wanted {
        Refresh,
        SignIn
    };

    [[nodiscard]] QDateTime now() const;
    void setState(State state);
    void fail(const Error &error);
    void record(const QString &what, const QString &detail, bool ok = true);

    // Single-flight: the first caller starts the work, later callers join; all hear the outcome.
    void obtainAccess(Wanted wanted, const ScopeSet &extraScopes, Done done);
    void finishAttempt(const Result<void> &outcome);

    void runSignIn(const ScopeSet &extraScopes);
    void discover(std::function<void(Result<void>)> next);
    void chooseClient(std::function<void(Result<ClientRegistration>)> next);
    void authorizeWith(const ClientRegistration &client, const ScopeSet &extraScopes);
    void exchangeCode(const QByteArray &code);
    void runClientCredentials();
    void runRefresh();
    void refreshLocked(); // runs with the cross-process lock held
    void adoptTokens(const TokenSet &tokens, const QString &how);

    [[nodiscard]] ScopeSet selectScopes(const ClientRegistration &client, const ScopeSet &extraScopes) const;
    [[nodiscard]] ServerCredentials::Grant *grant();
    [[nodiscard]] const ServerCredentials::Grant *grant() const;
    [[nodiscard]] QString lockKey() const;
    [[nodiscard]] qint64 refreshMarginMs() const;
    void persist(Done done = {});
    void scheduleProactiveRefresh();

    Options m_options;
    HttpClient &m_http;
    SecretStore *m_secrets = nullptr;
    UserAgent *m_userAgent = nullptr;
    std::function<QDateTime()> m_clock;

    std::unique_ptr<AuthorizationDiscovery> m_discovery;
    std::unique_ptr<ClientRegistrar> m_registrar;
    std::unique_ptr<TokenClient> m_tokens;
    std::unique_ptr<RefreshLock> m_refreshLock;

    State m_state = State::SignedOut;
    std::optional<Error> m_lastError;
    QList<Step> m_timeline;

    // What the keychain holds (and what was obtained since).
    ServerCredentials m_credentials;
    bool m_loaded = false;
    bool m_loading = false;
    QList<std::function<void()>> m_afterLoad;
    bool m_remembered = false;

    // Discovery results, cached until a challenge names another resource_metadata (A6).
    std::optional<AuthorizationDiscovery::Outcome> m_discovered;
    QString m_discoveredFromResourceMetadata;
    QString m_challengeResourceMetadata; // of the challenge being handled
    ScopeSet m_challengedScopes;

    // The attempt in flight and who waits for it.
    bool m_busy = false;
    QList<Done> m_waiters;
    std::optional<AuthorizationFlow> m_flow;
    ClientRegistration m_flowClient;
    QUrl m_flowRedirectUri;
    ScopeSet m_flowScopes;

    std::optional<ScopeSet> m_explicitScopes; // signIn() with a chosen scope set

    // Loop guards (A40, A41, A45, D10).
    int m_authorizationsThisEpisode = 0;
    QDateTime m_lastAuthorizationAt;
    QDateTime m_lastTokenAt;

    bool m_interactionAllowed = true;
    QTimer m_refreshTimer;
    bool m_usedSinceTokenChange = false;
};

} // namespace portico
