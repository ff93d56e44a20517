#include "auth/interactivesignin.h"

#include "auth/authservermetadata.h"
#include "auth/signintimeline.h"
#include "auth/tokenclient.h"
#include "auth/useragent.h"

#include <QPointer>

#include <utility>

namespace portico {

InteractiveSignIn::InteractiveSignIn(TokenClient &tokens, SignInTimeline &timeline, DestinationResolver destinations,
                                     QObject *parent)
    : QObject(parent)
    , m_tokens(tokens)
    , m_timeline(timeline)
    , m_destinations(std::move(destinations))
{}

InteractiveSignIn::~InteractiveSignIn()
{
    DestinationResolver::cancel(m_lookupId);
}

void InteractiveSignIn::abandon()
{
    m_flow.reset();
    ++m_attempt;
    DestinationResolver::cancel(m_lookupId);
    m_lookupId = -1;
}

void InteractiveSignIn::start(const AuthServerMetadata &authServer, const Request &request, UserAgent &userAgent,
                              std::function<void(Result<TokenSet>)> done)
{
    AuthorizationFlow::Parameters parameters;
    parameters.clientId = request.client.clientId;
    parameters.redirectUri = request.redirectUri;
    parameters.resource = request.resource;
    parameters.scopes = request.scopes;
    m_flow.emplace(authServer, parameters); // Requirements AUTH-25: the record exists before the page opens
    DestinationResolver::cancel(m_lookupId);
    const quint64 attempt = ++m_attempt;

    // Requirements SEC-1, SEC-3: the server's destination rule, before any user agent sees the address. The
    // endpoint without the request's query is checked (same host) so that the message names just the page.
    // Like a proxy, the browser looks the name up and connects by itself, so the addresses cannot be pinned
    // (DestinationResolver, "viaProxy"): this refuses address literals in every spelling and names that
    // resolve here into a forbidden network, not a DNS answer that changes before the browser's own lookup
    // (DNS rebinding). A name that does not resolve here is left to the browser, which then shows its error.
    const QUrl page = m_flow->authorizationUrl().adjusted(QUrl::RemoveQuery | QUrl::RemoveFragment);
    m_lookupId = m_destinations.resolve(
        page, /*viaProxy=*/true, tr("sign-in page"), this,
        [this, attempt, request, agent = &userAgent, done = std::move(done)](Result<QList<QHostAddress>> allowed) {
            // A literal is answered before resolve() returns; `done` must still never run synchronously.
            QMetaObject::invokeMethod(
                this,
                [this, attempt, request, agent, done, allowed = std::move(allowed)]() {
                    if (attempt != m_attempt || !m_flow)
                        return;
                    m_lookupId = -1;
                    if (!allowed.ok()) {
                        const Error &refusal = allowed.error();
                        const Error error(ErrorCode::UrlRejected,
                                          tr("Portico did not open the sign-in page. %1").arg(refusal.message()),
                                          refusal.detail());
                        m_timeline.record(tr("Sign-in"), error.message(), false);
                        m_flow.reset();
                        return done(error);
                    }
                    openPage(request, *agent, done);
                },
                Qt::QueuedConnection);
        });
}

void InteractiveSignIn::openPage(const Request &request, UserAgent &userAgent,
                                 std::function<void(Result<TokenSet>)> done)
{
    m_timeline.record(tr("Sign-in"),
                      tr("Opening the sign-in page of %1 for “%2”.")
                          .arg(SignInTimeline::hostOf(m_flow->issuer()), SignInTimeline::scopeText(request.scopes)));
    Q_EMIT waitingForUser();
    UserAgent::Prompt prompt;
    prompt.authorizationUrl = m_flow->authorizationUrl();
    prompt.redirectUri = request.redirectUri;
    prompt.serverName = request.serverName;
    prompt.issuer = m_flow->issuer();
    prompt.requestedScopes = request.scopes.toList();
    prompt.newScopes = request.newScopes;
    prompt.destinations = m_destinations.policy();
    prompt.answersFlow = [guard = QPointer<InteractiveSignIn>(this)](const QUrl &callbackUrl) -> Result<void> {
        if (!guard)
            return Error(ErrorCode::Cancelled, tr("The sign-in was cancelled."));
        return guard->answersFlow(callbackUrl);
    };
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

Result<void> InteractiveSignIn::answersFlow(const QUrl &callbackUrl)
{
    if (!m_flow || m_flow->isConsumed())
        return Error(ErrorCode::CallbackRejected, tr("No sign-in is waiting for an answer."));
    // Requirements AUTH-45: the very validation a delivered callback gets (AUTH-30–AUTH-32), on a copy: a wrong
    // state or iss is refused with the same words as a forged callback and the real flow stays unspent.
    AuthorizationFlow trial = *m_flow;
    const Result<QByteArray> code = trial.validateCallback(callbackUrl);
    if (!code.ok() && code.error().code() == ErrorCode::CallbackRejected) {
        m_timeline.record(tr("Sign-in"), tr("A pasted address was refused. %1").arg(code.error().message()), false);
        return code.error();
    }
    return Result<void>::success(); // a code, or the authorization server's own error: the flow's answer
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
