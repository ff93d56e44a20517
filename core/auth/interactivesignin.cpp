#include "auth/interactivesignin.h"

#include "auth/authservermetadata.h"
#include "auth/signintimeline.h"
#include "auth/tokenclient.h"
#include "auth/useragent.h"

#include <utility>

namespace portico {

InteractiveSignIn::InteractiveSignIn(TokenClient &tokens, SignInTimeline &timeline, QObject *parent)
    : QObject(parent)
    , m_tokens(tokens)
    , m_timeline(timeline)
{}

void InteractiveSignIn::start(const AuthServerMetadata &authServer, const Request &request, UserAgent &userAgent,
                              std::function<void(Result<TokenSet>)> done)
{
    AuthorizationFlow::Parameters parameters;
    parameters.clientId = request.client.clientId;
    parameters.redirectUri = request.redirectUri;
    parameters.resource = request.resource;
    parameters.scopes = request.scopes;
    m_flow.emplace(authServer, parameters); // Requirements AUTH-25: the record exists before the page opens
    m_timeline.record(tr("Sign-in"),
                      tr("Opening the sign-in page of %1 for “%2”.")
                          .arg(SignInTimeline::hostOf(authServer.issuer()), SignInTimeline::scopeText(request.scopes)));
    Q_EMIT waitingForUser();
    UserAgent::Prompt prompt;
    prompt.authorizationUrl = m_flow->authorizationUrl();
    prompt.redirectUri = request.redirectUri;
    prompt.serverName = request.serverName;
    prompt.issuer = authServer.issuer();
    prompt.requestedScopes = request.scopes.toList();
    prompt.newScopes = request.newScopes;
    userAgent.authorize(prompt, this, [this, request, done = std::move(done)](Result<QUrl> callback) {
        if (!m_flow)
            return;
        if (!callback.ok()) {
            m_timeline.record(tr("Sign-in"), callback.error().message(), false);
            return done(callback.error());
        }
        // Requirements AUTH-30–AUTH-32: state, then iss, then error/code — before the code goes anywhere.
        Result<QByteArray> code = m_flow->validateCallback(callback.value());
        if (!code.ok()) {
            m_timeline.record(tr("Sign-in"), code.error().message(), false);
            return done(code.error());
        }
        m_timeline.record(tr("Sign-in"),
                          tr("The authorization server sent Portico back with a code (state and issuer checked)."));
        exchangeCode(code.value(), request, done);
    });
}

void InteractiveSignIn::exchangeCode(const QByteArray &code, const Request &request,
                                     std::function<void(Result<TokenSet>)> done)
{
    Q_EMIT exchangingCode();
    // Requirements AUTH-33: only to the token endpoint recorded in the flow, from the issuer's validated metadata.
    const TokenClient::Endpoint endpoint{m_flow->tokenEndpoint(), m_flow->issuer(), request.client,
                                         m_flow->parameters().resource};
    m_tokens.exchangeCode(endpoint, code, request.redirectUri, m_flow->codeVerifier(), request.scopes, this,
                          [this, done = std::move(done)](Result<TokenSet> tokens) {
                              if (!tokens.ok())
                                  m_timeline.record(tr("Token"), tokens.error().message(), false);
                              done(std::move(tokens));
                          });
}

} // namespace portico
