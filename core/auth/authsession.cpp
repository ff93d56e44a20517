#include "auth/authsession.h"

#include "auth/credentialstore.h"
#include "auth/refreshscheduler.h"
#include "auth/signinprocedure.h"
#include "auth/tokenclient.h"
#include "auth/useragent.h"
#include "auth/wwwauthenticate.h"
#include "net/httpclient.h"
#include "net/urlpolicy.h"

#include <QPointer>
#include <QTimer>

#include <utility>

namespace portico {

namespace {

// A refresh waits this long for another Portico process holding the same grant's lock (requirements AUTH-41).
constexpr std::chrono::milliseconds kRefreshLockTimeout{15'000};
// Interactive sign-ins more than this far apart start a new episode for the loop guard (requirements ATTACK-10 (a)).
constexpr qint64 kEpisodeSeconds = 600;
// A token another process stored is used as is when it lives at least this much longer.
constexpr qint64 kAdoptMinimumLifetimeSeconds = 5;

QByteArray bearerValue(const QString &accessToken)
{
    return "Bearer " + accessToken.toUtf8();
}

} // namespace

AuthSession::AuthSession(Options options, HttpClient &http, SecretStore *secrets, UserAgent *userAgent, QObject *parent)
    : QObject(parent)
    , m_options(std::move(options))
    , m_userAgent(userAgent)
    , m_timeline(std::make_unique<SignInTimeline>(m_options.serverName, [this]() { return now(); }))
    , m_tokens(std::make_unique<TokenClient>(http))
    , m_store(std::make_unique<CredentialStore>(m_options.serverId, secrets, m_options.persistCredentials, *m_timeline))
    , m_signInProcedure(std::make_unique<SignInProcedure>(m_options, http, *m_tokens, *m_store, *m_timeline,
                                                          [this]() { return now(); }))
    , m_refreshScheduler(std::make_unique<RefreshScheduler>([this]() { return now(); }))
{
    m_tokens->setClock([this]() { return now(); });
    connect(m_timeline.get(), &SignInTimeline::stepAdded, this, &AuthSession::stepAdded);
    connect(m_store.get(), &CredentialStore::saved, this, &AuthSession::accessChanged);
    connect(m_store.get(), &CredentialStore::keychainStatusChanged, this, &AuthSession::accessChanged);
    connect(m_store.get(), &CredentialStore::keychainRead, this, [this]() {
        const ServerCredentials::Grant *current = grant();
        setState(current && current->tokens.hasAccessToken() ? State::Authorized : State::SignedOut);
        m_refreshScheduler->restart(current ? &current->tokens : nullptr);
        Q_EMIT accessChanged();
    });
    connect(m_signInProcedure.get(), &SignInProcedure::discovering, this, [this]() { setState(State::Discovering); });
    connect(m_signInProcedure.get(), &SignInProcedure::registering, this, [this]() { setState(State::Registering); });
    connect(m_signInProcedure.get(), &SignInProcedure::waitingForUser, this, [this]() {
        // The loop guard and the breaker count the sign-in pages actually opened.
        ++m_authorizationsThisEpisode;
        m_lastAuthorizationAt = now();
        m_breaker.countSignIn(now());
        setState(State::WaitingForUser);
    });
    connect(m_signInProcedure.get(), &SignInProcedure::exchangingCode, this, [this]() {
        // A code exchange or a client_credentials request is on its way.
        m_breaker.countTokenRequest(now());
        setState(State::ExchangingCode);
    });
    m_refreshScheduler->setEnabled(m_options.proactiveRefresh);
    connect(m_refreshScheduler.get(), &RefreshScheduler::due, this, [this]() {
        const ServerCredentials::Grant *current = grant();
        if (!m_busy && current && current->tokens.hasRefreshToken())
            obtainAccess(Wanted::Refresh, {}, {});
    });
}

AuthSession::~AuthSession() = default;

QDateTime AuthSession::now() const
{
    return m_clock ? m_clock() : QDateTime::currentDateTimeUtc();
}

void AuthSession::setClock(std::function<QDateTime()> clock)
{
    m_clock = std::move(clock);
}

void AuthSession::setInteractionAllowed(bool allowed)
{
    m_interactionAllowed = allowed;
    if (allowed)
        m_breaker.reset(); // the person connected: they act, so Portico may ask again
}

void AuthSession::setPreRegisteredSecret(const QString &secret)
{
    if (m_options.preRegisteredClient)
        m_options.preRegisteredClient->clientSecret = secret;
}

QString AuthSession::stateText(State state)
{
    switch (state) {
    case State::SignedOut:
        return tr("Not signed in");
    case State::Loading:
        return tr("Reading the keychain…");
    case State::Discovering:
        return tr("Finding the authorization server…");
    case State::Registering:
        return tr("Registering Portico with the authorization server…");
    case State::WaitingForUser:
        return tr("Waiting for you to sign in…");
    case State::ExchangingCode:
        return tr("Completing sign-in…");
    case State::Authorized:
        return tr("Signed in");
    case State::Refreshing:
        return tr("Renewing access…");
    case State::Failed:
        return tr("Sign-in failed");
    }
    return {};
}

void AuthSession::setState(State state)
{
    if (m_state == state)
        return;
    m_state = state;
    Q_EMIT stateChanged(state);
}

void AuthSession::fail(const Error &error)
{
    m_lastError = error;
    setState(State::Failed);
}

void AuthSession::record(const QString &what, const QString &detail, bool ok)
{
    m_timeline->record(what, detail, ok);
}

const QList<AuthSession::Step> &AuthSession::timeline() const
{
    return m_timeline->steps();
}

QString AuthSession::timelineText() const
{
    return m_timeline->toText();
}

ServerCredentials &AuthSession::credentials()
{
    return m_store->credentials();
}

const ServerCredentials &AuthSession::credentials() const
{
    return m_store->credentials();
}

const ServerCredentials::Grant *AuthSession::grant() const
{
    return credentials().current();
}

ServerCredentials::Grant *AuthSession::grant()
{
    return credentials().current();
}

AuthSession::Access AuthSession::access() const
{
    Access access;
    access.challengedScopes = m_signInProcedure->challengedScopes();
    access.remembered = m_store->isRemembered();
    access.keychain = m_store->keychainStatus();
    if (const std::optional<Error> &problem = m_store->keychainProblem())
        access.keychainProblem = problem->message();
    if (const auto &discovered = m_signInProcedure->discovered(); discovered && discovered->resourceMetadata)
        access.supportedScopes = discovered->resourceMetadata->scopesSupported();
    const ServerCredentials::Grant *current = grant();
    if (!current)
        return access;
    access.issuer = credentials().currentIssuer;
    access.resource = current->resource;
    access.clientId = current->client.clientId;
    access.registration = current->client.kind;
    access.requestedScopes = current->requestedScopes;
    access.grantedScopes = current->tokens.grantedScopes;
    access.expiresAt = current->tokens.expiresAt;
    access.obtainedAt = current->tokens.obtainedAt;
    access.refreshedAt = current->tokens.refreshedAt;
    access.hasRefreshToken = current->tokens.hasRefreshToken();
    access.account = current->tokens.accountClaims();
    return access;
}

// --- keychain -------------------------------------------------------------------------------------------

void AuthSession::load(std::function<void(Result<void>)> done)
{
    // The state shows the read; what it found sets the next one (CredentialStore::keychainRead).
    if (m_store->willRead())
        setState(State::Loading);
    m_store->load([done = std::move(done)]() {
        if (done)
            done(Result<void>::success());
    });
}

void AuthSession::persist(Done done)
{
    m_store->save(std::move(done)); // CredentialStore::saved() tells the Access panel first
}

// --- the AuthorizationHandler seam ------------------------------------------------------------------------

HttpHeaders AuthSession::credentialsFor(const QUrl &url)
{
    const ServerCredentials::Grant *current = grant();
    if (!current || !current->tokens.hasAccessToken())
        return {};
    // Requirements AUTH-37, SEC-5, SEC-11: the token goes only to the MCP server it was issued for, never to another
    // origin (PRM, AS metadata or anything a server points at).
    if (!url_policy::isSameOrigin(url, m_options.mcpServerUrl))
        return {};
    // The proactive timer only renews a grant in use; when it fired while the grant was idle, the first use
    // after it renews now (in the background: this request still carries the token, valid or not).
    if (m_refreshScheduler->noteUse(current->tokens) && !m_busy) {
        QTimer::singleShot(0, this, [this]() {
            if (!m_busy)
                obtainAccess(Wanted::Refresh, {}, {});
        });
    }
    return {{"Authorization", bearerValue(current->tokens.accessToken)}};
}

void AuthSession::handleChallenge(const QUrl &url, const HttpResponse &challenge, QObject *context,
                                  std::function<void(bool retry)> done)
{
    QPointer<QObject> guard(context);
    if (!m_store->isLoaded()) {
        load([this, url, challenge, guard, done](Result<void>) {
            if (guard)
                handleChallenge(url, challenge, guard, done);
        });
        return;
    }
    const auto answer = [guard, done](bool retry) {
        if (guard)
            done(retry);
    };
    const auto answerLater = [this, answer](bool retry) {
        QTimer::singleShot(0, this, [answer, retry]() { answer(retry); });
    };
    const auto answerWith = [answer](Result<void> outcome) { answer(outcome.ok()); };

    // Requirements AUTH-1: every 401 and 403 is parsed; a header Portico cannot parse still counts as "authorize".
    QString resourceMetadata;
    ScopeSet challenged;
    bool insufficientScope = false;
    const Result<WwwAuthenticate> parsed = WwwAuthenticate::parse(challenge.headerValues("WWW-Authenticate"));
    if (parsed.ok()) {
        resourceMetadata = parsed.value().resourceMetadata();
        if (const Result<ScopeSet> scopes = parsed.value().scopes(); scopes.ok())
            challenged = scopes.value();
        insufficientScope = parsed.value().isInsufficientScope();
    }
    record(tr("Challenge"),
           tr("HTTP %1 from %2%3")
               .arg(challenge.status)
               .arg(url.toString(QUrl::RemoveQuery | QUrl::RemoveUserInfo),
                    challenged.isEmpty() ? QString() : tr(", asking for “%1”").arg(challenged.toString())),
           false);

    const ServerCredentials::Grant *current = grant();
    const QByteArray currentDigest = current && current->tokens.hasAccessToken()
                                         ? HttpResponse::authorizationDigest(bearerValue(current->tokens.accessToken))
                                         : QByteArray();
    // A 401 that refuses the current token may mean the server moved to another AS (RFC 9728 §5.2).
    const bool refusedCurrentToken =
        challenge.status == 401 && !currentDigest.isEmpty() && challenge.sentAuthorizationDigest == currentDigest;
    m_signInProcedure->noteChallenge(resourceMetadata, challenged, refusedCurrentToken, m_busy);
    // Requirements AUTH-38 "refresh once": this answer is about a token that has been replaced since the request left
    // (a refresh or sign-in finished meanwhile, here or in another process); send it again with the new one.
    if (!currentDigest.isEmpty() && challenge.sentAuthorizationDigest != currentDigest && !m_busy) {
        answerLater(true);
        return;
    }

    if (challenge.status == 403) {
        if (!insufficientScope) {
            record(tr("Step-up"), tr("The server refused access without asking for more scope; nothing to do."), false);
            answerLater(false);
            return;
        }
        if (m_options.mode == Mode::ClientCredentials) {
            // Requirements AUTH-40: a client acting for itself does not step up.
            fail(Error(ErrorCode::StepUpLimitReached,
                       tr("The server needs scopes “%1” that this machine client was not given.")
                           .arg(SignInTimeline::scopeText(challenged))));
            answerLater(false);
            return;
        }
        if (current && !challenged.isEmpty() && current->tokens.grantedScopes.containsAll(challenged)) {
            // Requirements SEC-9, ATTACK-10 (a): everything asked for was granted and the server still refuses: asking
            // again loops.
            record(tr("Step-up"),
                   tr("The server still refuses with scopes “%1” that were already granted; not asking again.")
                       .arg(challenged.toString()),
                   false);
            fail(Error(ErrorCode::StepUpLimitReached,
                       tr("The server keeps refusing access even with the scopes it asked for (%1).")
                           .arg(challenged.toString())));
            answerLater(false);
            return;
        }
        record(tr("Step-up"), tr("The server needs more access: “%1”.").arg(SignInTimeline::scopeText(challenged)));
        obtainAccess(Wanted::SignIn, challenged, answerWith);
        return;
    }

    // 401: refresh once when there is a refresh token for the token that was refused (requirements AUTH-38), else sign
    // in.
    const bool canRefresh = m_options.mode == Mode::AuthorizationCode && current && current->tokens.hasRefreshToken()
                            && !currentDigest.isEmpty();
    obtainAccess(canRefresh ? Wanted::Refresh : Wanted::SignIn, {}, answerWith);
}

// --- public actions ---------------------------------------------------------------------------------------

void AuthSession::signIn(const ScopeSet &scopes, std::function<void(Result<void>)> done)
{
    // An explicit request from the person starts a new episode for the loop guard, and closes the breaker.
    m_authorizationsThisEpisode = 0;
    m_breaker.reset();
    m_signInProcedure->setChosenScopes(scopes.isEmpty() ? std::nullopt : std::optional<ScopeSet>(scopes));
    load([this, done = std::move(done)](Result<void>) mutable { obtainAccess(Wanted::SignIn, {}, std::move(done)); });
}

void AuthSession::refreshNow(std::function<void(Result<void>)> done)
{
    load([this, done = std::move(done)](Result<void>) mutable {
        const ServerCredentials::Grant *current = grant();
        if (!current || !current->tokens.hasRefreshToken()) {
            if (done)
                done(Error(ErrorCode::InvalidArgument, tr("There is no refresh token: sign in again instead.")));
            return;
        }
        obtainAccess(Wanted::Refresh, {}, std::move(done));
    });
}

void AuthSession::signOut(std::function<void(Result<void>)> done)
{
    load([this, done = std::move(done)](Result<void>) mutable {
        m_refreshScheduler->stop();
        const ServerCredentials::Grant *current = grant();
        const auto forgetLocally = [this, done](Result<void> revocation) {
            // Requirements AUTH-43 step 3: local copies go whatever the revocation said.
            credentials() = ServerCredentials();
            m_signInProcedure->abandon();
            persist([this, done, revocation](Result<void> stored) {
                setState(State::SignedOut);
                record(tr("Sign-out"),
                       stored.ok() ? tr("The tokens and the client registration were deleted from "
                                        "the keychain.")
                                   : stored.error().message(),
                       stored.ok());
                if (done)
                    done(stored.ok() ? revocation : stored);
            });
        };
        if (!current || !current->revocationEndpoint.isValid()
            || (!current->tokens.hasRefreshToken() && !current->tokens.hasAccessToken())) {
            if (current)
                record(tr("Sign-out"), tr("The authorization server offers no revocation; deleting the tokens here."));
            forgetLocally(Result<void>::success());
            return;
        }
        // Requirements AUTH-43 step 1: revoking the refresh token ends the grant (RFC 7009 §2.1); else the access
        // token.
        const bool refresh = current->tokens.hasRefreshToken();
        const TokenClient::Endpoint endpoint{current->tokenEndpoint, credentials().currentIssuer, current->client,
                                             current->resource};
        m_tokens->revoke(
            current->revocationEndpoint, endpoint, refresh ? current->tokens.refreshToken : current->tokens.accessToken,
            refresh ? QStringLiteral("refresh_token") : QStringLiteral("access_token"), this,
            [this, forgetLocally, url = current->revocationEndpoint](Result<void> outcome) {
                record(tr("Sign-out"),
                       outcome.ok() ? tr("%1 revoked the grant (RFC 7009).").arg(url.host())
                                    : tr("Revocation at %1 failed (%2); the tokens are deleted here anyway.")
                                          .arg(url.host(), outcome.error().message()),
                       outcome.ok());
                forgetLocally(outcome);
            });
    });
}

void AuthSession::forgetClient(std::function<void(Result<void>)> done)
{
    load([this, done = std::move(done)](Result<void>) mutable {
        if (credentials().grants.remove(credentials().currentIssuer) > 0)
            record(tr("Registration"), tr("Forgot the client registration at %1.").arg(credentials().currentIssuer));
        setState(State::SignedOut);
        persist(std::move(done));
    });
}

void AuthSession::retryKeychain(std::function<void(Result<void>)> done)
{
    m_store->retry(std::move(done)); // a read that found the sign-in sets the state (CredentialStore::keychainRead)
}

// --- one attempt at a time ----------------------------------------------------------------------------------

void AuthSession::obtainAccess(Wanted wanted, const ScopeSet &extraScopes, Done done)
{
    if (done)
        m_waiters.append(std::move(done));
    if (m_busy)
        return; // single-flight: join the attempt in progress
    m_busy = true;
    m_lastError.reset();
    if (m_options.mode == Mode::ClientCredentials)
        runClientCredentials();
    else if (wanted == Wanted::Refresh)
        runRefresh();
    else
        runSignIn(extraScopes);
}

void AuthSession::finishAttempt(const Result<void> &outcome)
{
    m_busy = false;
    m_signInProcedure->abandon();
    m_signInProcedure->setChosenScopes(std::nullopt);
    m_store->releaseRefreshLock();
    if (outcome.ok()) {
        m_lastError.reset();
        setState(State::Authorized);
    } else {
        fail(outcome.error());
    }
    Q_EMIT accessChanged();
    for (const Done &waiter : std::exchange(m_waiters, {}))
        waiter(outcome);
}

void AuthSession::adoptTokens(const TokenSet &tokens)
{
    ServerCredentials::Grant *current = grant();
    if (current)
        current->tokens = tokens;
    m_refreshScheduler->restart(current ? &current->tokens : nullptr);
}

// --- the circuit breaker ------------------------------------------------------------------------------------

bool AuthSession::withinBudget(Wanted wanted)
{
    // Requirements SEC-15: a server that refuses every token (401 after each refresh or sign-in) would otherwise get
    // a token request per call.
    const bool signIn = wanted == Wanted::SignIn && m_options.mode == Mode::AuthorizationCode;
    const std::optional<AccessBreaker::Refusal> refusal = m_breaker.check(now(), signIn);
    if (!refusal)
        return true;
    if (refusal->isNews)
        record(tr("Access refused"), refusal->message, false);
    finishAttempt(Error(ErrorCode::AccessRefusedRepeatedly, refusal->message));
    return false;
}

// --- sign-in ------------------------------------------------------------------------------------------------

void AuthSession::runSignIn(const ScopeSet &extraScopes)
{
    if (!m_userAgent || !m_interactionAllowed) {
        finishAttempt(Error(
            ErrorCode::InteractionRequired,
            m_userAgent ? tr("%1 needs you to sign in.").arg(m_options.serverName)
                        : tr("Signing in to %1 needs a person; open Portico to sign in.").arg(m_options.serverName)));
        return;
    }
    if (!withinBudget(Wanted::SignIn))
        return;
    const QDateTime current = now();
    if (!m_lastAuthorizationAt.isValid() || m_lastAuthorizationAt.secsTo(current) > kEpisodeSeconds)
        m_authorizationsThisEpisode = 0;
    if (m_authorizationsThisEpisode >= kMaxAuthorizationsPerEpisode) {
        // Requirements ATTACK-10 (a), AUTH-39: bounded; the person can sign in again from the Access panel.
        record(
            tr("Sign-in"),
            tr("Stopped after %1 sign-ins in a row that did not satisfy the server.").arg(kMaxAuthorizationsPerEpisode),
            false);
        finishAttempt(Error(ErrorCode::StepUpLimitReached,
                            tr("The server kept asking for more access after %1 sign-ins; Portico stopped to avoid "
                               "a loop.")
                                .arg(kMaxAuthorizationsPerEpisode)));
        return;
    }
    m_signInProcedure->signIn(*m_userAgent, extraScopes,
                              [this](Result<ObtainedGrant> obtained) { keepGrant(obtained); });
}

void AuthSession::keepGrant(const Result<ObtainedGrant> &obtained)
{
    if (!obtained.ok())
        return finishAttempt(obtained.error());
    const AuthorizationDiscovery::Outcome &discovered = *m_signInProcedure->discovered();
    const QString &issuer = discovered.authServer.issuer();
    ServerCredentials::Grant &kept = credentials().grants[issuer];
    kept.client = obtained.value().client;
    kept.resource = discovered.resource;
    kept.tokenEndpoint = discovered.authServer.tokenEndpoint();
    kept.revocationEndpoint = discovered.authServer.revocationEndpoint();
    kept.requestedScopes = obtained.value().requestedScopes;
    credentials().currentIssuer = issuer;
    adoptTokens(obtained.value().tokens);
    record(tr("Token"), obtained.value().summary);
    persist([this](Result<void>) { finishAttempt(Result<void>::success()); });
}

// --- refresh --------------------------------------------------------------------------------------------------

void AuthSession::runRefresh()
{
    setState(State::Refreshing);
    m_store->lockForRefresh(kRefreshLockTimeout, [this](Result<std::optional<TokenSet>> theirs) {
        if (!theirs.ok()) {
            record(tr("Refresh"), theirs.error().message(), false);
            return finishAttempt(theirs.error());
        }
        if (const std::optional<TokenSet> &stored = theirs.value()) {
            adoptTokens(*stored);
            if (!stored->expiresWithin(kAdoptMinimumLifetimeSeconds, now())) {
                record(tr("Refresh"), tr("Another Portico process renewed access already; using its tokens."));
                return finishAttempt(Result<void>::success());
            }
        }
        refreshLocked();
    });
}

void AuthSession::refreshLocked()
{
    ServerCredentials::Grant *current = grant();
    if (!current || !current->tokens.hasRefreshToken()) {
        m_store->releaseRefreshLock();
        return runSignIn({});
    }
    if (!withinBudget(Wanted::Refresh))
        return;
    m_breaker.countTokenRequest(now());
    const TokenClient::Endpoint endpoint{current->tokenEndpoint, credentials().currentIssuer, current->client,
                                         m_options.sendResourceParameter ? current->resource : QString()};
    m_tokens->refresh(endpoint, current->tokens, this, [this](Result<TokenSet> tokens) {
        ServerCredentials::Grant *held = grant();
        if (!held)
            return finishAttempt(Error(ErrorCode::Cancelled, tr("Signed out while access was being renewed.")));
        if (!tokens.ok()) {
            if (tokens.error().oauthError() == QLatin1StringView("invalid_grant")) {
                // Requirements AUTH-42: the grant is gone (revoked, expired, rotated elsewhere): drop it and sign in
                // once.
                held->tokens = TokenSet();
                record(tr("Refresh"),
                       tr("The authorization server no longer accepts the refresh token; you need to sign in again."),
                       false);
                persist();
                m_store->releaseRefreshLock();
                return runSignIn({});
            }
            record(tr("Refresh"), tokens.error().message(), false);
            return finishAttempt(tokens.error());
        }
        adoptTokens(tokens.value());
        m_authorizationsThisEpisode = 0;
        record(tr("Refresh"),
               tr("Access renewed%1.")
                   .arg(tokens.value().expiresAt.isValid()
                            ? tr(" until %1").arg(tokens.value().expiresAt.toLocalTime().toString(Qt::ISODate))
                            : QString()));
        // The lock is held until the rotated refresh token is stored (requirements AUTH-41: atomic replacement).
        persist([this](Result<void>) { finishAttempt(Result<void>::success()); });
    });
}

// --- client credentials -----------------------------------------------------------------------------------

void AuthSession::runClientCredentials()
{
    if (!withinBudget(Wanted::SignIn))
        return;
    m_signInProcedure->machineSignIn([this](Result<ObtainedGrant> obtained) { keepGrant(obtained); });
}

} // namespace portico
