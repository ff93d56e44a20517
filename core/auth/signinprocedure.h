#pragma once

#include "auth/authorizationdiscovery.h"
#include "auth/authsession.h"
#include "auth/clientregistration.h"
#include "auth/clientselector.h"
#include "auth/scopeset.h"
#include "auth/tokenset.h"
#include "common/result.h"

#include <QDateTime>
#include <QObject>
#include <QString>

#include <functional>
#include <memory>
#include <optional>

namespace portico {

class CredentialStore;
class HttpClient;
class InteractiveSignIn;
class SignInTimeline;
class TokenClient;
class UserAgent;

// What a sign-in obtained, for AuthSession to keep as the grant of the discovered issuer.
struct ObtainedGrant
{
    ClientRegistration client;
    ScopeSet requestedScopes;
    TokenSet tokens;
    QString summary; // the "Token" step that says what was granted, recorded once the grant is kept
};

// How Portico obtains a new grant for one server; AuthSession decides when, and keeps what comes out.
//   a person:  discovery (PRM -> AS metadata: RFC 9728, RFC 8414) -> client (ClientSelector) -> scopes
//              (MCP 2025-11-25 authorization, "Scope Selection Strategy") -> the sign-in page and the code
//              exchange (InteractiveSignIn)
//   a machine: discovery -> the pre-registered client -> the client_credentials grant (RFC 6749 §4.4, SEP-1046)
// The discovery outcome is kept until a challenge says the authorization server may have changed
// (RFC 9728 §5.2).
class SignInProcedure : public QObject
{
    Q_OBJECT

public:
    using Done = std::function<void(Result<ObtainedGrant>)>;

    // `options` is AuthSession's (read at each sign-in, so a secret set later is used).
    SignInProcedure(const AuthSession::Options &options, HttpClient &http, TokenClient &tokens, CredentialStore &store,
                    SignInTimeline &timeline, std::function<QDateTime()> clock, QObject *parent = nullptr);
    ~SignInProcedure() override;

    // The discovery outcome in use (the Access panel shows its scopes_supported); nullopt before discovery.
    [[nodiscard]] const std::optional<AuthorizationDiscovery::Outcome> &discovered() const { return m_discovered; }
    // A 401 or 403 arrived. Its scopes (when it names any) steer the next sign-in's scopes; a resource_metadata
    // URL is where the next discovery starts, and the outcome in use is dropped when the AS may have changed
    // (RFC 9728 §5.2) — unless an attempt that relies on it is running.
    void noteChallenge(const QString &resourceMetadata, const ScopeSet &scopes, bool refusedCurrentToken,
                       bool attemptRunning);
    // The scopes of the latest challenge that named any (the Access panel shows them).
    [[nodiscard]] const ScopeSet &challengedScopes() const { return m_challengedScopes; }
    // The person chose the scopes (AuthSession::signIn with a scope set): exactly those are asked for until
    // this is reset; nullopt = choose from the challenge and the metadata.
    void setChosenScopes(std::optional<ScopeSet> scopes) { m_chosenScopes = std::move(scopes); }

    // A person signs in through `userAgent` (which must outlive the attempt). `extraScopes`, for a step-up
    // (RFC 6750 §3.1 insufficient_scope), are asked for on top of what was requested before.
    void signIn(UserAgent &userAgent, const ScopeSet &extraScopes, Done done);
    // The client_credentials grant for the pre-registered client (scopes: the server's settings, else the
    // challenged ones).
    void machineSignIn(Done done);
    // Forgets the sign-in page in progress: a redirect that arrives later is ignored.
    void abandon();

Q_SIGNALS:
    void discovering();
    void registering();
    void waitingForUser(); // the sign-in page is open
    void exchangingCode(); // a token request for a new grant is on its way

private:
    void discover(std::function<void(Result<void>)> next);
    [[nodiscard]] ClientSelector::Candidates clientCandidates() const;
    void authorizeWith(UserAgent &userAgent, const ClientSelector::Choice &choice, const ScopeSet &extraScopes,
                       Done done);
    [[nodiscard]] ScopeSet selectScopes(const ClientRegistration &client, const ScopeSet &extraScopes) const;
    // This issuer's grant from an earlier sign-in, or nullptr.
    [[nodiscard]] const ServerCredentials::Grant *previousGrant() const;

    const AuthSession::Options &m_options;
    TokenClient &m_tokens;
    CredentialStore &m_store;
    SignInTimeline &m_timeline;
    std::unique_ptr<AuthorizationDiscovery> m_discovery;
    std::unique_ptr<ClientSelector> m_clientSelector;
    std::unique_ptr<InteractiveSignIn> m_interactiveSignIn;

    // Discovery results, cached until a challenge names another resource_metadata (RFC 9728 §5.2).
    std::optional<AuthorizationDiscovery::Outcome> m_discovered;
    QString m_discoveredFromResourceMetadata;
    QString m_challengeResourceMetadata; // of the challenge being handled
    ScopeSet m_challengedScopes;
    std::optional<ScopeSet> m_chosenScopes;
};

} // namespace portico
