#include "auth/authsession.h"

#include "auth/clientregistrar.h"
#include "auth/refreshlock.h"
#include "auth/tokenclient.h"
#include "auth/useragent.h"
#include "auth/wwwauthenticate.h"
#include "common/appidentity.h"
#include "common/logging.h"
#include "net/httpclient.h"
#include "net/urlpolicy.h"
#include "storage/secretstore.h"

#include <QCoreApplication>

#include <algorithm>
#include <limits>

namespace portico {

namespace {

// A refresh waits this long for another Portico process holding the same grant's lock (A44).
constexpr std::chrono::milliseconds kRefreshLockTimeout{15'000};
// Interactive sign-ins more than this far apart start a new episode for the loop guard (D10a).
constexpr qint64 kEpisodeSeconds = 600;
// Proactive refresh happens a share of the token's lifetime before expiry, within these bounds.
constexpr qint64 kMinRefreshMarginMs = 2'000;
constexpr qint64 kMaxRefreshMarginMs = 60'000;
// A token another process stored is used as is when it lives at least this much longer.
constexpr qint64 kAdoptMinimumLifetimeSeconds = 5;

QString hostOf(const QString &url)
{
    const QUrl parsed(url);
    return parsed.host().isEmpty() ? url : parsed.host();
}

QString scopeText(const ScopeSet &scopes)
{
    return scopes.isEmpty() ? QCoreApplication::translate("AuthSession", "(none named)") : scopes.toString();
}

QByteArray bearerValue(const QString &accessToken)
{
    return "Bearer " + accessToken.toUtf8();
}

} // namespace

AuthSession::AuthSession(Options options, HttpClient &http, SecretStore *secrets, UserAgent *userAgent, QObject *parent)
    : QObject(parent)
    , m_options(std::move(options))
    , m_http(http)
    , m_secrets(secrets)
    , m_userAgent(userAgent)
    , m_discovery(std::make_unique<AuthorizationDiscovery>(http))
    , m_registrar(std::make_unique<ClientRegistrar>(http))
    , m_tokens(std::make_unique<TokenClient>(http))
{
    m_registrar->setClock([this]() { return now(); });
    m_tokens->setClock([this]() { return now(); });
    m_refreshTimer.setSingleShot(true);
    connect(&m_refreshTimer, &QTimer::timeout, this, [this]() {
        // Proactive refresh only for a grant in use: an idle server refreshes when it is next used.
        const ServerCredentials::Grant *current = grant();
        if (!m_busy && m_usedSinceTokenChange && current && current->tokens.hasRefreshToken())
            obtainAccess(Wanted::Refresh, {}, {});
    });
}

AuthSession::~AuthSession() = default;

AuthSession::Options AuthSession::optionsFor(const ServerConfig &config)
{
    Options options;
    options.serverId = config.id();
    options.serverName = config.name.isEmpty() ? config.url.host() : config.name;
    options.mcpServerUrl = config.url;
    options.mode = config.authorizationMode == ServerConfig::AuthorizationMode::ClientCredentials
                       ? Mode::ClientCredentials
                       : Mode::AuthorizationCode;
    if (!config.clientId.isEmpty() && config.authorizationMode != ServerConfig::AuthorizationMode::None) {
        ClientRegistration client;
        client.kind = ClientRegistration::Kind::PreRegistered;
        client.clientId = config.clientId;
        client.tokenEndpointAuthMethod.clear(); // chosen from the AS metadata (A23)
        client.grantTypes = {QStringLiteral("authorization_code"), QStringLiteral("refresh_token")};
        options.preRegisteredClient = client;
    }
    if (Result<ScopeSet> scopes = ScopeSet::fromList(config.scopes); scopes.ok())
        options.scopeOverride = scopes.value();
    options.sendResourceParameter = config.sendResourceParameter;
    options.fixedRedirectPort = config.fixedRedirectPort.value_or(0);
    return options;
}

QDateTime AuthSession::now() const
{
    return m_clock ? m_clock() : QDateTime::currentDateTimeUtc();
}

void AuthSession::setClock(std::function<QDateTime()> clock)
{
    m_clock = std::move(clock);
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
    Step step{now(), what, detail, ok};
    qCDebug(logging::auth).noquote() << m_options.serverName << (ok ? "" : "✗") << what << detail;
    m_timeline.append(step);
    Q_EMIT stepAdded(step);
}

QString AuthSession::timelineText() const
{
    QStringList lines;
    lines.reserve(m_timeline.size());
    for (const Step &step : m_timeline) {
        lines.append(QStringLiteral("%1  %2%3: %4")
                         .arg(step.at.toString(Qt::ISODateWithMs), step.ok ? QString() : QStringLiteral("✗ "),
                              step.what, step.detail));
    }
    return lines.join(QLatin1Char('\n'));
}

const ServerCredentials::Grant *AuthSession::grant() const
{
    return m_credentials.current();
}

ServerCredentials::Grant *AuthSession::grant()
{
    return m_credentials.current();
}

AuthSession::Access AuthSession::access() const
{
    Access access;
    access.challengedScopes = m_challengedScopes;
    access.remembered = m_remembered;
    if (m_discovered && m_discovered->resourceMetadata)
        access.supportedScopes = m_discovered->resourceMetadata->scopesSupported();
    const ServerCredentials::Grant *current = grant();
    if (!current)
        return access;
    access.issuer = m_credentials.currentIssuer;
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
    m_afterLoad.append([done = std::move(done)]() {
        if (done)
            done(Result<void>::success());
    });
    if (m_loading)
        return;
    if (m_loaded || !m_secrets || !m_options.persistCredentials) {
        m_loaded = true;
        QTimer::singleShot(0, this, [this]() {
            for (const auto &waiter : std::exchange(m_afterLoad, {}))
                waiter();
        });
        return;
    }
    m_loading = true;
    setState(State::Loading);
    m_secrets->readSecret(ServerCredentials::secretKey(m_options.serverId), this, [this](Result<QByteArray> blob) {
        m_loading = false;
        m_loaded = true;
        if (blob.ok()) {
            Result<ServerCredentials> stored = ServerCredentials::fromBlob(blob.value());
            if (stored.ok()) {
                m_credentials = std::move(stored).value();
                m_remembered = true;
                if (const ServerCredentials::Grant *current = grant(); current && current->tokens.hasAccessToken())
                    record(tr("Keychain"), tr("Found the sign-in stored for %1.").arg(m_credentials.currentIssuer));
            } else {
                record(tr("Keychain"), stored.error().message(), false);
            }
        } else if (blob.error().code() != ErrorCode::SecretNotFound) {
            // Typed keychain failure (A43: no plaintext fallback): sign-in still works, in memory only.
            record(tr("Keychain"), tr("%1 Sign-in will work but will not be remembered.").arg(blob.error().message()),
                   false);
        }
        const ServerCredentials::Grant *current = grant();
        setState(current && current->tokens.hasAccessToken() ? State::Authorized : State::SignedOut);
        m_lastTokenAt = now();
        scheduleProactiveRefresh();
        Q_EMIT accessChanged();
        for (const auto &waiter : std::exchange(m_afterLoad, {}))
            waiter();
    });
}

void AuthSession::persist(Done done)
{
    const auto finish = [this, done](Result<void> outcome) {
        if (!outcome.ok()) {
            if (m_remembered || m_timeline.isEmpty() || m_timeline.constLast().what != tr("Keychain")) {
                record(
                    tr("Keychain"),
                    tr("%1 This sign-in will not be remembered after Portico closes.").arg(outcome.error().message()),
                    false);
            }
            m_remembered = false;
        } else {
            m_remembered = m_options.persistCredentials && m_secrets;
        }
        Q_EMIT accessChanged();
        if (done)
            done(outcome);
    };
    if (!m_options.persistCredentials || !m_secrets) {
        QTimer::singleShot(0, this, [finish]() { finish(Result<void>::success()); });
        return;
    }
    const QString key = ServerCredentials::secretKey(m_options.serverId);
    if (m_credentials.grants.isEmpty())
        m_secrets->deleteSecret(key, this, finish);
    else
        m_secrets->writeSecret(key, m_credentials.toBlob(), this, finish);
}

// --- the AuthorizationHandler seam ------------------------------------------------------------------------

HttpHeaders AuthSession::credentialsFor(const QUrl &url)
{
    const ServerCredentials::Grant *current = grant();
    if (!current || !current->tokens.hasAccessToken())
        return {};
    // A39, C5, C12: the token goes only to the MCP server it was issued for, never to another origin (PRM,
    // AS metadata or anything a server points at).
    if (!url_policy::isSameOrigin(url, m_options.mcpServerUrl))
        return {};
    m_usedSinceTokenChange = true;
    // The proactive timer only renews a grant in use; when it fired while the grant was idle, the first use
    // after it renews now (in the background: this request still carries the token, valid or not).
    if (m_options.proactiveRefresh && !m_busy && !m_refreshTimer.isActive() && current->tokens.hasRefreshToken()
        && current->tokens.expiresAt.isValid() && now().msecsTo(current->tokens.expiresAt) <= refreshMarginMs()) {
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
    if (!m_loaded) {
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

    // A1: every 401 and 403 is parsed; a header Portico cannot parse still counts as "authorize".
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
    if (!challenged.isEmpty())
        m_challengedScopes = challenged;

    const ServerCredentials::Grant *current = grant();
    const QByteArray currentDigest = current && current->tokens.hasAccessToken()
                                         ? HttpResponse::authorizationDigest(bearerValue(current->tokens.accessToken))
                                         : QByteArray();
    if (!resourceMetadata.isEmpty()) {
        // A6, RFC 9728 §5.2: a 401 that refuses the current token and names resource metadata may mean the
        // server moved to another AS (SEP-2352, D10c): the PRM is fetched and validated again before the next
        // sign-in. So is metadata at another URL than the one used last.
        const bool refusedCurrentToken =
            challenge.status == 401 && !currentDigest.isEmpty() && challenge.sentAuthorizationDigest == currentDigest;
        if (m_discovered && !m_busy && (refusedCurrentToken || resourceMetadata != m_discoveredFromResourceMetadata))
            m_discovered.reset();
        m_challengeResourceMetadata = resourceMetadata;
    }
    // A40 "refresh once": this answer is about a token that has been replaced since the request left (a
    // refresh or sign-in finished meanwhile, here or in another process); send it again with the new one.
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
            // A42: a client acting for itself does not step up.
            fail(Error(
                ErrorCode::StepUpLimitReached,
                tr("The server needs scopes “%1” that this machine client was not given.").arg(scopeText(challenged))));
            answerLater(false);
            return;
        }
        if (current && !challenged.isEmpty() && current->tokens.grantedScopes.containsAll(challenged)) {
            // C9, D10a: everything asked for was granted and the server still refuses: asking again loops.
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
        record(tr("Step-up"), tr("The server needs more access: “%1”.").arg(scopeText(challenged)));
        obtainAccess(Wanted::SignIn, challenged, answerWith);
        return;
    }

    // 401: refresh once when there is a refresh token for the token that was refused (A40), else sign in.
    const bool canRefresh = m_options.mode == Mode::AuthorizationCode && current && current->tokens.hasRefreshToken()
                            && !currentDigest.isEmpty();
    obtainAccess(canRefresh ? Wanted::Refresh : Wanted::SignIn, {}, answerWith);
}

// --- public actions ---------------------------------------------------------------------------------------

void AuthSession::signIn(const ScopeSet &scopes, std::function<void(Result<void>)> done)
{
    // An explicit request from the person starts a new episode for the loop guard.
    m_authorizationsThisEpisode = 0;
    m_explicitScopes = scopes.isEmpty() ? std::nullopt : std::optional<ScopeSet>(scopes);
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
        m_refreshTimer.stop();
        const ServerCredentials::Grant *current = grant();
        const auto forgetLocally = [this, done](Result<void> revocation) {
            // A46 step 3: local copies go whatever the revocation said.
            m_credentials = ServerCredentials();
            m_flow.reset();
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
        // A46 step 1: revoking the refresh token ends the grant (RFC 7009 §2.1); else the access token.
        const bool refresh = current->tokens.hasRefreshToken();
        const TokenClient::Endpoint endpoint{current->tokenEndpoint, m_credentials.currentIssuer, current->client,
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
        if (m_credentials.grants.remove(m_credentials.currentIssuer) > 0)
            record(tr("Registration"), tr("Forgot the client registration at %1.").arg(m_credentials.currentIssuer));
        setState(State::SignedOut);
        persist(std::move(done));
    });
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
    m_flow.reset();
    m_explicitScopes.reset();
    if (m_refreshLock)
        m_refreshLock->release();
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

void AuthSession::adoptTokens(const TokenSet &tokens, const QString &how)
{
    Q_UNUSED(how)
    if (ServerCredentials::Grant *current = grant())
        current->tokens = tokens;
    m_lastTokenAt = now();
    m_usedSinceTokenChange = false;
    scheduleProactiveRefresh();
}

void AuthSession::scheduleProactiveRefresh()
{
    m_refreshTimer.stop();
    const ServerCredentials::Grant *current = grant();
    if (!m_options.proactiveRefresh || !current || !current->tokens.hasRefreshToken()
        || !current->tokens.expiresAt.isValid())
        return;
    const qint64 due = std::clamp<qint64>(now().msecsTo(current->tokens.expiresAt) - refreshMarginMs(), 0,
                                          std::numeric_limits<int>::max());
    m_refreshTimer.start(static_cast<int>(due));
}

qint64 AuthSession::refreshMarginMs() const
{
    // A quarter of the token's lifetime before expiry, at least 2 s (JWT `exp` is in whole seconds and the
    // refresh itself takes a round trip), at most a minute, and never more than half the lifetime.
    const ServerCredentials::Grant *current = grant();
    if (!current)
        return kMinRefreshMarginMs;
    const QDateTime issued =
        current->tokens.refreshedAt.isValid() ? current->tokens.refreshedAt : current->tokens.obtainedAt;
    const qint64 lifetimeMs = issued.isValid() ? issued.msecsTo(current->tokens.expiresAt) : kMaxRefreshMarginMs * 4;
    return std::min(std::clamp(lifetimeMs / 4, kMinRefreshMarginMs, kMaxRefreshMarginMs), lifetimeMs / 2);
}

QString AuthSession::lockKey() const
{
    const ServerCredentials::Grant *current = grant();
    return m_credentials.currentIssuer + QLatin1Char('\n') + (current ? current->resource : QString())
           + QLatin1Char('\n') + (current ? current->client.clientId : QString());
}

// --- discovery and client ---------------------------------------------------------------------------------

void AuthSession::discover(std::function<void(Result<void>)> next)
{
    if (m_discovered) {
        next(Result<void>::success());
        return;
    }
    setState(State::Discovering);
    record(tr("Discovery"), tr("Looking for the authorization server of %1.")
                                .arg(m_options.mcpServerUrl.toString(QUrl::RemoveQuery | QUrl::RemoveUserInfo)));
    AuthorizationDiscovery::Input input;
    input.mcpServerUrl = m_options.mcpServerUrl;
    input.challengeResourceMetadata = m_challengeResourceMetadata;
    input.allowLegacyFallback = true;
    m_discovery->discover(
        input, [this](const QString &line) { record(tr("Discovery"), line); }, this,
        [this, next = std::move(next)](Result<AuthorizationDiscovery::Outcome> outcome) {
            if (!outcome.ok()) {
                record(tr("Discovery"), outcome.error().message(), false);
                next(outcome.error());
                return;
            }
            m_discovered = std::move(outcome).value();
            m_discoveredFromResourceMetadata = m_challengeResourceMetadata;
            const QString &issuer = m_discovered->authServer.issuer();
            if (!m_credentials.currentIssuer.isEmpty() && m_credentials.currentIssuer != issuer) {
                // A19, SEP-2352: the server moved to another AS; the old client and tokens stay with the old one.
                record(tr("Discovery"), tr("The server now uses %1 instead of %2; signing in there.")
                                            .arg(issuer, m_credentials.currentIssuer));
            }
            record(tr("Discovery"), tr("Authorization server %1, resource “%2”.").arg(issuer, m_discovered->resource));
            next(Result<void>::success());
        });
}

void AuthSession::chooseClient(std::function<void(Result<ClientRegistration>)> next)
{
    const AuthServerMetadata &metadata = m_discovered->authServer;
    const QString &issuer = metadata.issuer();
    const auto redirectFor = [this](quint16 registeredPort) -> Result<QUrl> {
        const quint16 preferred = m_options.fixedRedirectPort != 0 ? m_options.fixedRedirectPort : registeredPort;
        return m_userAgent->prepareRedirect(preferred);
    };

    // 1. A registration this issuer gave Portico before (A19: only ever presented to that issuer).
    const auto stored = m_credentials.grants.constFind(issuer);
    if (stored != m_credentials.grants.cend() && stored->client.isUsableWith(issuer)
        && !stored->client.secretExpired(now()) && !stored->client.clientId.isEmpty()) {
        Result<QUrl> redirect = redirectFor(static_cast<quint16>(std::max(0, stored->client.redirectUri.port())));
        if (!redirect.ok())
            return next(redirect.error());
        m_flowRedirectUri = redirect.value();
        record(tr("Registration"),
               tr("Using the client “%1” registered earlier (%2).")
                   .arg(stored->client.clientId, ClientRegistration::kindName(stored->client.kind)));
        return next(stored->client);
    }
    if (stored != m_credentials.grants.cend() && stored->client.secretExpired(now()))
        record(tr("Registration"), tr("The client secret has expired; registering again (RFC 7591 §3.2.1)."));

    // 2. Pre-registered by the person (A15 step 1).
    if (m_options.preRegisteredClient && !m_options.preRegisteredClient->clientId.isEmpty()) {
        ClientRegistration client = *m_options.preRegisteredClient;
        if (!client.issuer.isEmpty() && client.issuer != issuer) {
            // A19: pre-registered credentials are bound to their AS; show an error instead of presenting them.
            return next(Error(ErrorCode::ClientIdRequired,
                              tr("The server now uses the authorization server %1, but the client id configured for "
                                 "it belongs to %2. Update the server's settings.")
                                  .arg(issuer, client.issuer)));
        }
        client.issuer = issuer;
        if (client.tokenEndpointAuthMethod.isEmpty()
            || client.tokenEndpointAuthMethod == ClientRegistration::kAuthNone) {
            // A23: a secret is sent the way the AS supports (RFC 8414 default: client_secret_basic).
            const QStringList &methods = metadata.tokenEndpointAuthMethodsSupported();
            if (!client.privateKeyPem.isEmpty())
                client.tokenEndpointAuthMethod = QString(ClientRegistration::kAuthPrivateKeyJwt);
            else if (client.clientSecret.isEmpty())
                client.tokenEndpointAuthMethod = QString(ClientRegistration::kAuthNone);
            else if (!methods.contains(ClientRegistration::kAuthClientSecretBasic)
                     && methods.contains(ClientRegistration::kAuthClientSecretPost))
                client.tokenEndpointAuthMethod = QString(ClientRegistration::kAuthClientSecretPost);
            else
                client.tokenEndpointAuthMethod = QString(ClientRegistration::kAuthClientSecretBasic);
        }
        Result<QUrl> redirect = redirectFor(static_cast<quint16>(std::max(0, client.redirectUri.port())));
        if (!redirect.ok())
            return next(redirect.error());
        m_flowRedirectUri = redirect.value();
        if (!client.redirectUri.isValid())
            client.redirectUri = m_flowRedirectUri;
        record(tr("Registration"), tr("Using the pre-registered client “%1”.").arg(client.clientId));
        return next(client);
    }

    Result<QUrl> redirect = redirectFor(0);
    if (!redirect.ok())
        return next(redirect.error());
    m_flowRedirectUri = redirect.value();

    // 3. Client ID Metadata Document (A15 step 2, A16), when the AS supports it and Portico has a URL.
    if (metadata.clientIdMetadataDocumentSupported() && m_options.clientMetadataDocumentUrl.isValid()) {
        Result<ClientRegistration> client =
            ClientRegistrar::metadataDocumentClient(m_options.clientMetadataDocumentUrl, m_flowRedirectUri);
        if (client.ok()) {
            record(tr("Registration"), tr("Using Portico's client metadata document %1 as the client id.")
                                           .arg(m_options.clientMetadataDocumentUrl.toString()));
            return next(std::move(client).value());
        }
        record(tr("Registration"), client.error().message(), false);
    }

    // 4. Dynamic client registration (A15 step 3, A17).
    if (metadata.registrationEndpoint().isValid()) {
        setState(State::Registering);
        ClientRegistrar::ClientMetadata about;
        about.clientName = QStringLiteral("Portico");
        about.redirectUri = m_flowRedirectUri;
        about.softwareId = QString(app_identity::kApplicationId);
        about.softwareVersion = QString(app_identity::kVersion);
        m_registrar->registerClient(
            metadata, about, this, [this, issuer, next = std::move(next)](Result<ClientRegistration> registered) {
                if (!registered.ok()) {
                    record(tr("Registration"), registered.error().message(), false);
                    return next(registered.error());
                }
                record(
                    tr("Registration"),
                    tr("Registered as client “%1” at %2 (RFC 7591).").arg(registered.value().clientId, hostOf(issuer)));
                // Kept even before sign-in completes, so a cancelled sign-in does not register again.
                ServerCredentials::Grant &kept = m_credentials.grants[issuer];
                kept.client = registered.value();
                persist();
                next(std::move(registered).value());
            });
        return;
    }

    // 5. Nothing left but the person (A15 step 4).
    next(Error(ErrorCode::ClientIdRequired,
               tr("%1 does not let Portico register itself. Enter a client id for this server in its settings.")
                   .arg(hostOf(issuer))));
}

ScopeSet AuthSession::selectScopes(const ClientRegistration &client, const ScopeSet &extraScopes) const
{
    if (m_explicitScopes)
        return *m_explicitScopes;
    if (!m_options.scopeOverride.isEmpty())
        return m_options.scopeOverride;
    ScopeSet::SelectionInputs inputs;
    inputs.challenged = m_challengedScopes;
    if (m_discovered->resourceMetadata && m_discovered->resourceMetadata->scopesSupported()) {
        if (Result<ScopeSet> scopes = ScopeSet::fromList(*m_discovered->resourceMetadata->scopesSupported());
            scopes.ok())
            inputs.resourceScopesSupported = scopes.value();
    }
    if (const auto &asScopes = m_discovered->authServer.scopesSupported()) {
        if (Result<ScopeSet> scopes = ScopeSet::fromList(*asScopes); scopes.ok())
            inputs.authServerScopesSupported = scopes.value();
    }
    // A22, SEP-2207: offline_access only for a client that may use a refresh token.
    inputs.refreshTokenGrantRequested =
        client.kind == ClientRegistration::Kind::MetadataDocument
        || client.grantTypes.contains(QStringLiteral("refresh_token"))
        || (client.kind == ClientRegistration::Kind::PreRegistered
            && m_discovered->authServer.grantTypesSupported().contains(QStringLiteral("refresh_token")));
    ScopeSet selected = ScopeSet::selectForAuthorization(inputs);
    if (!extraScopes.isEmpty()) {
        // A41 step 1: the union of what was requested before and what the server now asks for.
        const auto stored = m_credentials.grants.constFind(m_discovered->authServer.issuer());
        if (stored != m_credentials.grants.cend())
            selected = stored->requestedScopes.united(selected);
        selected = selected.united(extraScopes);
    }
    return selected;
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
    const QDateTime current = now();
    if (!m_lastAuthorizationAt.isValid() || m_lastAuthorizationAt.secsTo(current) > kEpisodeSeconds)
        m_authorizationsThisEpisode = 0;
    if (m_authorizationsThisEpisode >= kMaxAuthorizationsPerEpisode) {
        // D10a, A41: bounded; the person can sign in again from the Access panel.
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
    discover([this, extraScopes](Result<void> discovered) {
        if (!discovered.ok())
            return finishAttempt(discovered.error());
        chooseClient([this, extraScopes](Result<ClientRegistration> client) {
            if (!client.ok())
                return finishAttempt(client.error());
            authorizeWith(client.value(), extraScopes);
        });
    });
}

void AuthSession::authorizeWith(const ClientRegistration &client, const ScopeSet &extraScopes)
{
    ++m_authorizationsThisEpisode;
    m_lastAuthorizationAt = now();
    m_flowClient = client;
    m_flowScopes = selectScopes(client, extraScopes);
    AuthorizationFlow::Parameters parameters;
    parameters.clientId = client.clientId;
    parameters.redirectUri = m_flowRedirectUri;
    parameters.resource = m_options.sendResourceParameter ? m_discovered->resource : QString();
    parameters.scopes = m_flowScopes;
    m_flow.emplace(m_discovered->authServer, parameters); // A26: the record exists before the page opens
    record(tr("Sign-in"), tr("Opening the sign-in page of %1 for “%2”.")
                              .arg(hostOf(m_discovered->authServer.issuer()), scopeText(m_flowScopes)));
    setState(State::WaitingForUser);
    UserAgent::Prompt prompt;
    prompt.authorizationUrl = m_flow->authorizationUrl();
    prompt.redirectUri = m_flowRedirectUri;
    prompt.serverName = m_options.serverName;
    prompt.issuer = m_discovered->authServer.issuer();
    prompt.requestedScopes = m_flowScopes.toList();
    if (!extraScopes.isEmpty()) {
        // New = neither granted nor asked for before (an AS may leave offline_access out of `scope` although
        // the person consented to it): exactly what the person has not seen yet.
        const auto previous = m_credentials.grants.constFind(m_discovered->authServer.issuer());
        if (previous != m_credentials.grants.cend())
            prompt.newScopes =
                m_flowScopes.subtracted(previous->tokens.grantedScopes).subtracted(previous->requestedScopes).toList();
        else
            prompt.newScopes = m_flowScopes.toList();
    }
    m_userAgent->authorize(prompt, this, [this](Result<QUrl> callback) {
        if (!m_flow)
            return;
        if (!callback.ok()) {
            record(tr("Sign-in"), callback.error().message(), false);
            return finishAttempt(callback.error());
        }
        // A32–A34: state, then iss, then error/code — before the code goes anywhere.
        Result<QByteArray> code = m_flow->validateCallback(callback.value());
        if (!code.ok()) {
            record(tr("Sign-in"), code.error().message(), false);
            return finishAttempt(code.error());
        }
        record(tr("Sign-in"), tr("The authorization server sent Portico back with a code (state and issuer checked)."));
        exchangeCode(code.value());
    });
}

void AuthSession::exchangeCode(const QByteArray &code)
{
    setState(State::ExchangingCode);
    const QString issuer = m_flow->issuer();
    const QString resource = m_flow->parameters().resource;
    // A35: only to the token endpoint recorded in the flow, from the issuer's validated metadata.
    const TokenClient::Endpoint endpoint{m_flow->tokenEndpoint(), issuer, m_flowClient, resource};
    m_tokens->exchangeCode(
        endpoint, code, m_flowRedirectUri, m_flow->codeVerifier(), m_flowScopes, this,
        [this, issuer, resource](Result<TokenSet> tokens) {
            if (!tokens.ok()) {
                record(tr("Token"), tokens.error().message(), false);
                return finishAttempt(tokens.error());
            }
            ServerCredentials::Grant &kept = m_credentials.grants[issuer];
            kept.client = m_flowClient;
            kept.resource = m_discovered->resource;
            kept.tokenEndpoint = m_discovered->authServer.tokenEndpoint();
            kept.revocationEndpoint = m_discovered->authServer.revocationEndpoint();
            kept.requestedScopes = m_flowScopes;
            m_credentials.currentIssuer = issuer;
            adoptTokens(tokens.value(), QStringLiteral("code"));
            const TokenSet &held = tokens.value();
            record(tr("Token"),
                   tr("Signed in. Granted “%1”%2%3.")
                       .arg(scopeText(held.grantedScopes),
                            held.expiresAt.isValid()
                                ? tr(", valid until %1").arg(held.expiresAt.toLocalTime().toString(Qt::ISODate))
                                : QString(),
                            held.hasRefreshToken() ? tr(", with a refresh token") : tr(", without a refresh token")));
            persist([this](Result<void>) { finishAttempt(Result<void>::success()); });
        });
}

// --- refresh --------------------------------------------------------------------------------------------------

void AuthSession::runRefresh()
{
    setState(State::Refreshing);
    m_refreshLock = std::make_unique<RefreshLock>(lockKey());
    m_refreshLock->acquire(kRefreshLockTimeout, [this](Result<void> locked) {
        if (!locked.ok()) {
            record(tr("Refresh"), locked.error().message(), false);
            return finishAttempt(locked.error());
        }
        if (!m_options.persistCredentials || !m_secrets)
            return refreshLocked();
        // Another Portico process may have refreshed (and rotated) meanwhile: what the keychain holds wins.
        m_secrets->readSecret(ServerCredentials::secretKey(m_options.serverId), this, [this](Result<QByteArray> blob) {
            if (blob.ok()) {
                Result<ServerCredentials> stored = ServerCredentials::fromBlob(blob.value());
                ServerCredentials::Grant *mine = grant();
                const ServerCredentials::Grant *theirs = stored.ok() ? stored.value().current() : nullptr;
                if (mine && theirs && stored.value().currentIssuer == m_credentials.currentIssuer
                    && theirs->tokens.refreshToken != mine->tokens.refreshToken && theirs->tokens.hasAccessToken()) {
                    adoptTokens(theirs->tokens, QStringLiteral("keychain"));
                    if (!theirs->tokens.expiresWithin(kAdoptMinimumLifetimeSeconds, now())) {
                        record(tr("Refresh"), tr("Another Portico process renewed access already; using its tokens."));
                        return finishAttempt(Result<void>::success());
                    }
                }
            }
            refreshLocked();
        });
    });
}

void AuthSession::refreshLocked()
{
    ServerCredentials::Grant *current = grant();
    if (!current || !current->tokens.hasRefreshToken()) {
        m_refreshLock->release();
        return runSignIn({});
    }
    const TokenClient::Endpoint endpoint{current->tokenEndpoint, m_credentials.currentIssuer, current->client,
                                         m_options.sendResourceParameter ? current->resource : QString()};
    m_tokens->refresh(endpoint, current->tokens, this, [this](Result<TokenSet> tokens) {
        ServerCredentials::Grant *held = grant();
        if (!held)
            return finishAttempt(Error(ErrorCode::Cancelled, tr("Signed out while access was being renewed.")));
        if (!tokens.ok()) {
            if (tokens.error().oauthError() == QLatin1StringView("invalid_grant")) {
                // A45: the grant is gone (revoked, expired, rotated elsewhere): drop it and sign in once.
                held->tokens = TokenSet();
                record(tr("Refresh"),
                       tr("The authorization server no longer accepts the refresh token; you need to sign in again."),
                       false);
                persist();
                m_refreshLock->release();
                return runSignIn({});
            }
            record(tr("Refresh"), tokens.error().message(), false);
            return finishAttempt(tokens.error());
        }
        adoptTokens(tokens.value(), QStringLiteral("refresh"));
        m_authorizationsThisEpisode = 0;
        record(tr("Refresh"),
               tr("Access renewed%1.")
                   .arg(tokens.value().expiresAt.isValid()
                            ? tr(" until %1").arg(tokens.value().expiresAt.toLocalTime().toString(Qt::ISODate))
                            : QString()));
        // The lock is held until the rotated refresh token is stored (A44: atomic replacement).
        persist([this](Result<void>) { finishAttempt(Result<void>::success()); });
    });
}

// --- client credentials -----------------------------------------------------------------------------------

void AuthSession::runClientCredentials()
{
    discover([this](Result<void> discovered) {
        if (!discovered.ok())
            return finishAttempt(discovered.error());
        if (!m_options.preRegisteredClient || m_options.preRegisteredClient->clientId.isEmpty()) {
            return finishAttempt(Error(ErrorCode::ClientIdRequired,
                                       tr("Machine sign-in needs a client id and a secret or key in the server's "
                                          "settings.")));
        }
        const AuthServerMetadata &metadata = m_discovered->authServer;
        ClientRegistration client = *m_options.preRegisteredClient;
        client.issuer = metadata.issuer();
        if (!client.privateKeyPem.isEmpty()) {
            client.tokenEndpointAuthMethod = QString(ClientRegistration::kAuthPrivateKeyJwt);
        } else if (client.tokenEndpointAuthMethod.isEmpty()
                   || client.tokenEndpointAuthMethod == ClientRegistration::kAuthNone) {
            const QStringList &methods = metadata.tokenEndpointAuthMethodsSupported();
            client.tokenEndpointAuthMethod = !methods.contains(ClientRegistration::kAuthClientSecretBasic)
                                                     && methods.contains(ClientRegistration::kAuthClientSecretPost)
                                                 ? QString(ClientRegistration::kAuthClientSecretPost)
                                                 : QString(ClientRegistration::kAuthClientSecretBasic);
        }
        ScopeSet scopes = m_options.scopeOverride;
        if (scopes.isEmpty())
            scopes = m_challengedScopes.subtracted(ScopeSet::fromList({QString(ScopeSet::kOfflineAccess)}).value());
        const QString resource = m_options.sendResourceParameter ? m_discovered->resource : QString();
        const TokenClient::Endpoint endpoint{metadata.tokenEndpoint(), metadata.issuer(), client, resource};
        setState(State::ExchangingCode);
        record(tr("Token"), tr("Requesting a machine token from %1 (client credentials, %2).")
                                .arg(hostOf(metadata.issuer()), client.tokenEndpointAuthMethod));
        m_tokens->clientCredentials(endpoint, scopes, this, [this, client, scopes](Result<TokenSet> tokens) {
            if (!tokens.ok()) {
                record(tr("Token"), tokens.error().message(), false);
                return finishAttempt(tokens.error());
            }
            const QString &issuer = m_discovered->authServer.issuer();
            ServerCredentials::Grant &kept = m_credentials.grants[issuer];
            kept.client = client;
            kept.resource = m_discovered->resource;
            kept.tokenEndpoint = m_discovered->authServer.tokenEndpoint();
            kept.revocationEndpoint = m_discovered->authServer.revocationEndpoint();
            kept.requestedScopes = scopes;
            m_credentials.currentIssuer = issuer;
            adoptTokens(tokens.value(), QStringLiteral("client-credentials"));
            record(tr("Token"), tr("Machine token granted for “%1”.").arg(scopeText(tokens.value().grantedScopes)));
            persist([this](Result<void>) { finishAttempt(Result<void>::success()); });
        });
    });
}

} // namespace portico
