#pragma once

#include "auth/accessbreaker.h"
#include "auth/clientregistration.h"
#include "auth/keychainstatus.h"
#include "auth/scopeset.h"
#include "auth/servercredentials.h"
#include "auth/signintimeline.h"
#include "auth/tokenset.h"
#include "common/result.h"
#include "mcp/authorizationhandler.h"

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QUrl>

#include <functional>
#include <memory>
#include <optional>

namespace portico {

class CredentialStore;
class HttpClient;
struct ObtainedGrant;
class RefreshScheduler;
class SecretStore;
class SignInProcedure;
class TokenClient;
class UserAgent;

// The authorization engine of one server (docs/requirements.md, "Authorization"; docs/architecture.md,
// "One connection, one sign-in"). It plugs into the transports as their AuthorizationHandler:
// credentialsFor() attaches the bearer token (requirements AUTH-36; only to the server's origin: AUTH-37,
// SEC-5, SEC-11) and handleChallenge() does what a 401 or 403 asks for:
//
//   401 ──> have a refresh token and not just refreshed? ──yes──> refresh (single-flight, cross-process
//    │                                                           lock, rotation stored atomically; AUTH-41)
//    └──> otherwise, or invalid_grant (AUTH-42) ──> sign in:
//           discovery (PRM -> AS metadata, AUTH-2) -> client (stored for this issuer -> pre-registered ->
//           CIMD -> DCR -> ask, AUTH-14) -> redirect URI (UserAgent) -> AuthorizationFlow (PKCE, state,
//           resource, scopes; AUTH-23–AUTH-28) -> UserAgent shows the page -> callback validated (state,
//           iss; AUTH-30–AUTH-33) -> code exchange (AUTH-35; RFC 6749 §4.1.3) -> tokens into the keychain
//           (SEC-4)
//   403 insufficient_scope ──> step-up: the same sign-in with requested ∪ challenged scopes, bounded
//                              (AUTH-39, ATTACK-10: at most kMaxAuthorizationsPerEpisode, never twice for a scope
//                              set already granted)
//   client-credentials mode ──> discovery, then the client_credentials grant (SEP-1046); 403 aborts (AUTH-40)
//
// Everything that runs at once is single-flight: one discovery, one sign-in, one refresh, however many
// requests were challenged; they all wait for it and are retried (or failed) together.
// It also keeps what the Access panel shows (access()) and a readable, redacted timeline of every step.
// Its helpers: SignInProcedure (how a new grant is obtained: discovery, ClientSelector for the client,
// InteractiveSignIn for the page and the code), CredentialStore (the keychain blob, the refresh lock),
// RefreshScheduler (when to renew a token in use) and SignInTimeline (the steps the Activity panel shows).
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
        // A pre-registered client (requirements AUTH-14 step 1), used for any issuer that has no registration of its
        // own; empty clientId = none. Its secret / key come with it (read from the keychain by the caller).
        std::optional<ClientRegistration> preRegisteredClient;
        // The URL of Portico's Client ID Metadata Document (requirements AUTH-15); empty = never use CIMD.
        QUrl clientMetadataDocumentUrl;
        // Fixed scopes (server editor override); empty = choose per requirements AUTH-28.
        ScopeSet scopeOverride;
        bool sendResourceParameter = true; // off only for IdPs that reject RFC 8707 (requirements AUTH-27 note)
        quint16 fixedRedirectPort = 0;     // 0 = the registered one, else any (requirements AUTH-20)
        bool persistCredentials = true;    // false: memory only (conformance mode)
        // Renew a token in use shortly before it expires (off only in tests that need an expired token).
        bool proactiveRefresh = true;
    };

    // What the Access panel shows (requirements UI-4); never a secret.
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
        KeychainStatus keychain = KeychainStatus::Fine;
        QString keychainProblem; // what went wrong with the keychain and what to do, for a person
        QJsonObject account;     // id_token claims: display only, never trusted
    };

    // One line of the sign-in timeline (requirements UI-5): what was done, to which URL, and how it ended.
    using Step = SignInTimeline::Step;

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
    // whatever the outcome (requirements AUTH-43); the keychain entry is removed.
    void signOut(std::function<void(Result<void>)> done);
    // Drops the client registration of the current issuer (and its tokens): the next sign-in registers anew.
    void forgetClient(std::function<void(Result<void>)> done);
    // After keychain trouble (the Access panel's Retry): stores what is unsaved or reads again what could not be
    // read (CredentialStore::retry).
    void retryKeychain(std::function<void(Result<void>)> done);

    [[nodiscard]] State state() const { return m_state; }
    [[nodiscard]] static QString stateText(State state);
    [[nodiscard]] const std::optional<Error> &lastError() const { return m_lastError; }
    [[nodiscard]] Access access() const;
    [[nodiscard]] const QList<Step> &timeline() const;
    // The timeline as plain text for a support request (redacted: it never holds secrets).
    [[nodiscard]] QString timelineText() const;

    void setClock(std::function<QDateTime()> clock);

    // Whether a sign-in page may be shown now. Off for connections Portico starts on its own (at start-up):
    // a server that needs a person then shows "Needs sign-in" instead of opening a page nobody asked for
    // (requirements UI-9). The window turns it on when the person connects.
    // Allowing it means the person connected: the circuit breaker below closes again.
    void setInteractionAllowed(bool allowed);
    // The pre-registered client's secret, read from the keychain after construction.
    void setPreRegisteredSecret(const QString &secret);

    // At most this many interactive authorizations in a row without a token that the server accepted for
    // the scopes it asked (conformance auth/scope-retry-limit expects ≤ 3; requirements ATTACK-10 (a)).
    static constexpr int kMaxAuthorizationsPerEpisode = 3;

    // The circuit breaker (requirements SEC-15): however many requests a server refuses, at most this many token
    // requests (refresh, code exchange, client credentials) per minute and interactive sign-ins per ten minutes;
    // then Portico stops asking until the person re-authorizes or connects again, or the window passes. A person
    // never comes near: a sign-in is one code exchange, a step-up one more, and a token lives minutes to hours, so
    // its refreshes are far apart (a token that lives under ~10 s would be renewed faster than this allows).
    static constexpr int kMaxTokenRequestsPerMinute = 10;
    static constexpr int kMaxSignInsPerTenMinutes = 5;

Q_SIGNALS:
    void stateChanged(portico::AuthSession::State state);
    void accessChanged();
    void stepAdded(const portico::SignInTimeline::Step &step);

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

    // False (and the attempt ends with the breaker's error) when `wanted` would exceed a budget (requirements SEC-15).
    [[nodiscard]] bool withinBudget(Wanted wanted);

    void runSignIn(const ScopeSet &extraScopes);
    void runClientCredentials();
    void runRefresh();
    void refreshLocked(); // runs with the cross-process lock held
    // Keeps what a sign-in obtained as the grant of the discovered issuer (which becomes the current one),
    // stores it and ends the attempt; or ends it with the sign-in's error.
    void keepGrant(const Result<ObtainedGrant> &obtained);
    void adoptTokens(const TokenSet &tokens);

    [[nodiscard]] ServerCredentials &credentials();
    [[nodiscard]] const ServerCredentials &credentials() const;
    [[nodiscard]] ServerCredentials::Grant *grant();
    [[nodiscard]] const ServerCredentials::Grant *grant() const;
    void persist(Done done = {});

    Options m_options;
    UserAgent *m_userAgent = nullptr;
    std::function<QDateTime()> m_clock;

    // Declared first: the helpers below write to it.
    std::unique_ptr<SignInTimeline> m_timeline;
    std::unique_ptr<TokenClient> m_tokens;
    // What the keychain holds (and what was obtained since).
    std::unique_ptr<CredentialStore> m_store;
    std::unique_ptr<SignInProcedure> m_signInProcedure;
    std::unique_ptr<RefreshScheduler> m_refreshScheduler;

    State m_state = State::SignedOut;
    std::optional<Error> m_lastError;

    // The attempt in flight and who waits for it.
    bool m_busy = false;
    QList<Done> m_waiters;

    // Loop guards (requirements AUTH-38, AUTH-39, AUTH-42, ATTACK-10).
    int m_authorizationsThisEpisode = 0;
    QDateTime m_lastAuthorizationAt;

    AccessBreaker m_breaker{kMaxTokenRequestsPerMinute, kMaxSignInsPerTenMinutes}; // requirements SEC-15

    bool m_interactionAllowed = true;
};

} // namespace portico
