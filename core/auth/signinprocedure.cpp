#include "auth/signinprocedure.h"

#include "auth/credentialstore.h"
#include "auth/interactivesignin.h"
#include "auth/signintimeline.h"
#include "auth/tokenclient.h"
#include "net/httpclient.h"

#include <utility>

namespace portico {

SignInProcedure::SignInProcedure(const AuthSession::Options &options, HttpClient &http, TokenClient &tokens,
                                 CredentialStore &store, SignInTimeline &timeline, std::function<QDateTime()> clock,
                                 QObject *parent)
    : QObject(parent)
    , m_options(options)
    , m_tokens(tokens)
    , m_store(store)
    , m_timeline(timeline)
    , m_discovery(std::make_unique<AuthorizationDiscovery>(http))
    , m_clientSelector(std::make_unique<ClientSelector>(http, timeline, std::move(clock)))
    , m_interactiveSignIn(std::make_unique<InteractiveSignIn>(
          tokens, timeline, DestinationResolver(http.options().destinations, http.options().resolver)))
{
    connect(m_clientSelector.get(), &ClientSelector::registering, this, &SignInProcedure::registering);
    connect(m_interactiveSignIn.get(), &InteractiveSignIn::waitingForUser, this, &SignInProcedure::waitingForUser);
    connect(m_interactiveSignIn.get(), &InteractiveSignIn::exchangingCode, this, &SignInProcedure::exchangingCode);
}

SignInProcedure::~SignInProcedure() = default;

void SignInProcedure::noteChallenge(const QString &resourceMetadata, const ScopeSet &scopes, bool refusedCurrentToken,
                                    bool attemptRunning)
{
    if (!scopes.isEmpty())
        m_challengedScopes = scopes;
    if (resourceMetadata.isEmpty())
        return;
    // Requirements AUTH-6, RFC 9728 §5.2: a 401 that refuses the current token and names resource metadata may mean the
    // server moved to another AS (SEP-2352, requirements ATTACK-10 (c)): the PRM is fetched and validated again before
    // the next sign-in. So is metadata at another URL than the one used last.
    if (m_discovered && !attemptRunning
        && (refusedCurrentToken || resourceMetadata != m_discoveredFromResourceMetadata))
        m_discovered.reset();
    m_challengeResourceMetadata = resourceMetadata;
}

void SignInProcedure::abandon()
{
    m_interactiveSignIn->abandon();
}

const ServerCredentials::Grant *SignInProcedure::previousGrant() const
{
    const ServerCredentials &credentials = m_store.credentials();
    const auto stored = credentials.grants.constFind(m_discovered->authServer.issuer());
    return stored != credentials.grants.cend() ? &*stored : nullptr;
}

// --- discovery and client ---------------------------------------------------------------------------------

void SignInProcedure::discover(std::function<void(Result<void>)> next)
{
    if (m_discovered) {
        next(Result<void>::success());
        return;
    }
    Q_EMIT discovering();
    m_timeline.record(tr("Discovery"),
                      tr("Looking for the authorization server of %1.")
                          .arg(m_options.mcpServerUrl.toString(QUrl::RemoveQuery | QUrl::RemoveUserInfo)));
    AuthorizationDiscovery::Input input;
    input.mcpServerUrl = m_options.mcpServerUrl;
    input.challengeResourceMetadata = m_challengeResourceMetadata;
    input.allowLegacyFallback = true;
    m_discovery->discover(
        input, [this](const QString &line) { m_timeline.record(tr("Discovery"), line); }, this,
        [this, next = std::move(next)](Result<AuthorizationDiscovery::Outcome> outcome) {
            if (!outcome.ok()) {
                m_timeline.record(tr("Discovery"), outcome.error().message(), false);
                next(outcome.error());
                return;
            }
            m_discovered = std::move(outcome).value();
            m_discoveredFromResourceMetadata = m_challengeResourceMetadata;
            const QString &issuer = m_discovered->authServer.issuer();
            const QString &previousIssuer = m_store.credentials().currentIssuer;
            if (!previousIssuer.isEmpty() && previousIssuer != issuer) {
                // Requirements AUTH-18, SEP-2352: the server moved to another AS; the old client and tokens stay with
                // the old one.
                m_timeline.record(
                    tr("Discovery"),
                    tr("The server now uses %1 instead of %2; signing in there.").arg(issuer, previousIssuer));
            }
            m_timeline.record(tr("Discovery"),
                              tr("Authorization server %1, resource “%2”.").arg(issuer, m_discovered->resource));
            next(Result<void>::success());
        });
}

ClientSelector::Candidates SignInProcedure::clientCandidates() const
{
    ClientSelector::Candidates candidates;
    if (const ServerCredentials::Grant *previous = previousGrant())
        candidates.stored = previous->client;
    candidates.preRegistered = m_options.preRegisteredClient;
    candidates.metadataDocumentUrl = m_options.clientMetadataDocumentUrl;
    candidates.fixedRedirectPort = m_options.fixedRedirectPort;
    return candidates;
}

ScopeSet SignInProcedure::selectScopes(const ClientRegistration &client, const ScopeSet &extraScopes) const
{
    if (m_chosenScopes)
        return *m_chosenScopes;
    if (!m_options.scopeOverride.isEmpty())
        return m_options.scopeOverride;
    ScopeSet::SelectionInputs inputs;
    inputs.challenged = m_challengedScopes;
    if (m_discovered->resourceMetadata && m_discovered->resourceMetadata->scopesSupported()) {
        if (Result<ScopeSet> supported = ScopeSet::fromList(*m_discovered->resourceMetadata->scopesSupported());
            supported.ok())
            inputs.resourceScopesSupported = supported.value();
    }
    if (const auto &asScopes = m_discovered->authServer.scopesSupported()) {
        if (Result<ScopeSet> supported = ScopeSet::fromList(*asScopes); supported.ok())
            inputs.authServerScopesSupported = supported.value();
    }
    // Requirements AUTH-21, SEP-2207: offline_access only for a client that may use a refresh token.
    inputs.refreshTokenGrantRequested =
        client.kind == ClientRegistration::Kind::MetadataDocument
        || client.grantTypes.contains(QStringLiteral("refresh_token"))
        || (client.kind == ClientRegistration::Kind::PreRegistered
            && m_discovered->authServer.grantTypesSupported().contains(QStringLiteral("refresh_token")));
    ScopeSet selected = ScopeSet::selectForAuthorization(inputs);
    if (!extraScopes.isEmpty()) {
        // Requirements AUTH-39 step 1: the union of what was requested before and what the server now asks for.
        if (const ServerCredentials::Grant *previous = previousGrant())
            selected = previous->requestedScopes.united(selected);
        selected = selected.united(extraScopes);
    }
    return selected;
}

// --- a person -----------------------------------------------------------------------------------------------

void SignInProcedure::signIn(UserAgent &userAgent, const ScopeSet &extraScopes, Done done)
{
    discover([this, &userAgent, extraScopes, done = std::move(done)](Result<void> discovered) mutable {
        if (!discovered.ok())
            return done(discovered.error());
        m_clientSelector->choose(
            m_discovered->authServer, clientCandidates(), userAgent,
            [this, &userAgent, extraScopes, done = std::move(done)](Result<ClientSelector::Choice> choice) mutable {
                if (!choice.ok())
                    return done(choice.error());
                if (choice.value().newlyRegistered) {
                    // Kept even before sign-in completes, so a cancelled sign-in does not register again.
                    m_store.credentials().grants[m_discovered->authServer.issuer()].client = choice.value().client;
                    m_store.save({});
                }
                authorizeWith(userAgent, choice.value(), extraScopes, std::move(done));
            });
    });
}

void SignInProcedure::authorizeWith(UserAgent &userAgent, const ClientSelector::Choice &choice,
                                    const ScopeSet &extraScopes, Done done)
{
    InteractiveSignIn::Request request;
    request.serverName = m_options.serverName;
    request.client = choice.client;
    request.redirectUri = choice.redirectUri;
    request.resource = m_options.sendResourceParameter ? m_discovered->resource : QString();
    request.scopes = selectScopes(choice.client, extraScopes);
    if (!extraScopes.isEmpty()) {
        // New = neither granted nor asked for before (an AS may leave offline_access out of `scope` although
        // the person consented to it): exactly what the person has not seen yet.
        if (const ServerCredentials::Grant *previous = previousGrant())
            request.newScopes = request.scopes.subtracted(previous->tokens.grantedScopes)
                                    .subtracted(previous->requestedScopes)
                                    .toList();
        else
            request.newScopes = request.scopes.toList();
    }
    m_interactiveSignIn->start(
        m_discovered->authServer, request, userAgent, [request, done = std::move(done)](Result<TokenSet> tokens) {
            if (!tokens.ok())
                return done(tokens.error());
            const TokenSet &held = tokens.value();
            QString summary =
                tr("Signed in. Granted “%1”%2%3.")
                    .arg(SignInTimeline::scopeText(held.grantedScopes),
                         held.expiresAt.isValid()
                             ? tr(", valid until %1").arg(held.expiresAt.toLocalTime().toString(Qt::ISODate))
                             : QString(),
                         held.hasRefreshToken() ? tr(", with a refresh token") : tr(", without a refresh token"));
            done(ObtainedGrant{request.client, request.scopes, held, std::move(summary)});
        });
}

// --- a machine ----------------------------------------------------------------------------------------------

void SignInProcedure::machineSignIn(Done done)
{
    discover([this, done = std::move(done)](Result<void> discovered) mutable {
        if (!discovered.ok())
            return done(discovered.error());
        const AuthServerMetadata &metadata = m_discovered->authServer;
        Result<ClientRegistration> machine = ClientSelector::machineClient(m_options.preRegisteredClient, metadata);
        if (!machine.ok())
            return done(machine.error());
        const ClientRegistration client = std::move(machine).value();
        ScopeSet scopes = m_options.scopeOverride;
        if (scopes.isEmpty())
            scopes = m_challengedScopes.subtracted(ScopeSet::fromList({QString(ScopeSet::kOfflineAccess)}).value());
        const QString resource = m_options.sendResourceParameter ? m_discovered->resource : QString();
        const TokenClient::Endpoint endpoint{metadata.tokenEndpoint(), metadata.issuer(), client, resource};
        Q_EMIT exchangingCode();
        m_timeline.record(tr("Token"),
                          tr("Requesting a machine token from %1 (client credentials, %2).")
                              .arg(SignInTimeline::hostOf(metadata.issuer()), client.tokenEndpointAuthMethod));
        m_tokens.clientCredentials(
            endpoint, scopes, this, [this, client, scopes, done = std::move(done)](Result<TokenSet> tokens) {
                if (!tokens.ok()) {
                    m_timeline.record(tr("Token"), tokens.error().message(), false);
                    return done(tokens.error());
                }
                done(ObtainedGrant{client, scopes, tokens.value(),
                                   tr("Machine token granted for “%1”.")
                                       .arg(SignInTimeline::scopeText(tokens.value().grantedScopes))});
            });
    });
}

} // namespace portico
