#pragma once

#include "auth/authorizationflow.h"
#include "auth/clientregistration.h"
#include "auth/scopeset.h"
#include "auth/tokenset.h"
#include "common/result.h"
#include "net/destinationresolver.h"

#include <QObject>
#include <QStringList>
#include <QUrl>

#include <functional>
#include <optional>

namespace portico {

class AuthServerMetadata;
class SignInTimeline;
class TokenClient;
class UserAgent;

// One interactive authorization-code sign-in (RFC 6749 §4.1 with PKCE, RFC 7636): the AuthorizationFlow
// record exists before the page opens, the UserAgent shows the page, the redirect that comes back is
// validated — state (RFC 6749 §10.12), then iss (RFC 9207 §2.4), then error/code — before the code goes
// anywhere, and the code goes only to the token endpoint recorded in the flow. AuthSession decides when to
// sign in, with which client and scopes, and keeps what comes out.
//
// The authorization endpoint comes from the authorization server's metadata, not from the person, so before
// any user agent shows it the server's destination rule applies to it as to Portico's own requests
// (requirements SEC-1, SEC-3): an address literal in any spelling, and the addresses its host name resolves
// to, must be allowed — a public server cannot send the person's browser to https://10.0.0.5/ or to the
// cloud metadata service. Checked here, so the embedded page, the system browser and the headless agent
// are all covered.
class InteractiveSignIn : public QObject
{
    Q_OBJECT

public:
    struct Request
    {
        QString serverName; // shown around the page
        ClientRegistration client;
        QUrl redirectUri; // bound by the user agent (UserAgent::prepareRedirect)
        QString resource; // the RFC 8707 value to send; empty = omit it
        ScopeSet scopes;
        // Step-up (RFC 6750 §3.1 insufficient_scope): the scopes the person has not seen yet, so the page can
        // say what more is asked.
        QStringList newScopes;
    };

    // `destinations` is the server's destination rule (HttpClient::Options::destinations and its test lookup).
    InteractiveSignIn(TokenClient &tokens, SignInTimeline &timeline, DestinationResolver destinations,
                      QObject *parent = nullptr);
    ~InteractiveSignIn() override;

    // Opens the sign-in page of `authServer` through `userAgent` and exchanges the code that comes back; `done`
    // once with the tokens or the error (never synchronously).
    void start(const AuthServerMetadata &authServer, const Request &request, UserAgent &userAgent,
               std::function<void(Result<TokenSet>)> done);
    // Forgets the flow in progress: a redirect that arrives later is ignored, a page not shown yet never is.
    void abandon();

Q_SIGNALS:
    void waitingForUser(); // the page is shown
    void exchangingCode(); // the redirect was valid; the token request is on its way

private:
    // Shows the page once its address passed the destination rule.
    void openPage(const Request &request, UserAgent &userAgent, std::function<void(Result<TokenSet>)> done);
    void exchangeCode(const QByteArray &code, const Request &request, std::function<void(Result<TokenSet>)> done);
    // UserAgent::Prompt::answersFlow: the callback validation of the flow in progress, run on a copy so that
    // nothing is spent. Refusals go to the timeline (redacted, as validateCallback words them).
    [[nodiscard]] Result<void> answersFlow(const QUrl &callbackUrl);

    TokenClient &m_tokens;
    SignInTimeline &m_timeline;
    DestinationResolver m_destinations;
    std::optional<AuthorizationFlow> m_flow;
    quint64 m_attempt = 0; // bumped by start() and abandon(): a late destination check of an old flow is ignored
    int m_lookupId = -1;   // the DNS lookup of the check in progress (DestinationResolver::cancel)
};

} // namespace portico
