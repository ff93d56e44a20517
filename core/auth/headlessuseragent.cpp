#include "auth/headlessuseragent.h"

#include "net/httpclient.h"

#include <chrono>
#include <utility>

namespace portico {

namespace {

// How long the listener waits for the redirect. Headless, the AS answers at once or never (docs/architecture.md,
// "The conformance suite": the mock /authorize is an immediate 302); this only bounds a flow that registration or
// discovery delayed.
constexpr std::chrono::minutes kListenerTimeout{5};

// Whether `location` is the redirect URI itself, optionally with a query or fragment: the string starts with
// the redirect URI and the next character ends the path. A bare prefix test would also accept
// ".../callbackother", which is not the registered path (requirements AUTH-29).
bool isRedirectTo(const QUrl &location, const QUrl &redirectUri)
{
    const QString target = location.toString(QUrl::FullyEncoded);
    const QString prefix = redirectUri.toString(QUrl::FullyEncoded);
    if (!target.startsWith(prefix))
        return false;
    if (target.size() == prefix.size())
        return true;
    const QChar next = target.at(prefix.size());
    return next == QLatin1Char('?') || next == QLatin1Char('#');
}

} // namespace

HeadlessUserAgent::HeadlessUserAgent(HttpClient &http, QObject *parent)
    : LoopbackUserAgent(kListenerTimeout, parent)
    , m_http(http)
{}

HeadlessUserAgent::~HeadlessUserAgent()
{
    ++m_generation;
    if (m_exchange)
        m_exchange->abort();
}

void HeadlessUserAgent::openPage(const Prompt &prompt)
{
    // The redirect URI is the listener's (LoopbackUserAgent checked it): the second GET below carries the code.
    const QUrl redirectUri = prompt.redirectUri;
    HttpRequest request;
    request.method = "GET";
    request.url = prompt.authorizationUrl;
    request.headers = {{"Accept", "text/html"}};
    request.purpose = QStringLiteral("authorization request");
    // The answer itself is what matters: a redirect to the listener, or a page that wants a person.
    request.followRedirects = false;
    const quint64 generation = m_generation;
    m_exchange = m_http.send(std::move(request), this, [this, generation, redirectUri](Result<HttpResponse> response) {
        if (generation != m_generation || !isFlowRunning())
            return;
        onAuthorizationResponse(response, redirectUri);
    });
}

void HeadlessUserAgent::onAuthorizationResponse(const Result<HttpResponse> &response, const QUrl &redirectUri)
{
    if (!response.ok())
        return finish(response.error());
    const HttpResponse &answer = response.value();
    if (answer.status >= 300 && answer.status < 400) {
        const QByteArray location = answer.header("Location");
        if (!location.isEmpty()) {
            // RFC 9110 §10.2.2: a relative Location is resolved against the URL that answered.
            const QUrl target = answer.url.resolved(QUrl::fromEncoded(location.trimmed()));
            if (isRedirectTo(target, redirectUri))
                return followToListener(target);
        }
        // A redirect elsewhere — a login page, an IdP — is where a person would continue. It is not followed:
        // nobody is here to sign in.
        return finish(Error(ErrorCode::InteractionRequired,
                            tr("The authorization server asks a person to sign in, and Portico is running without "
                               "a browser."),
                            QStringLiteral("authorization request answered %1 with a redirect that is not the "
                                           "redirect URI")
                                .arg(answer.status)));
    }
    return finish(
        Error(ErrorCode::InteractionRequired,
              tr("The authorization server asks a person to sign in, and Portico is running without a "
                 "browser."),
              QStringLiteral("authorization request answered %1 instead of redirecting back").arg(answer.status)));
}

void HeadlessUserAgent::followToListener(const QUrl &location)
{
    // Requirements AUTH-29: deliver the redirect to the real listener, as a browser would, so its path, one-shot and
    // page rules run; the listener's callbackReceived ends the flow (LoopbackUserAgent::onCaught).
    HttpRequest request;
    request.method = "GET";
    request.url = location;
    request.headers = {{"Accept", "text/html"}};
    request.purpose = QStringLiteral("redirect to the loopback listener");
    request.followRedirects = false;
    // Requirements SEC-7: the query is the code and the authorization server's text; the exchange log and any error
    // show its parameter names only.
    request.hideQueryValues = true;
    const quint64 generation = m_generation;
    m_exchange = m_http.send(std::move(request), this, [this, generation](Result<HttpResponse> response) {
        if (generation != m_generation || !isFlowRunning())
            return; // the listener already reported (the usual case: it emits before it answers)
        if (!response.ok())
            return finish(Error(ErrorCode::NetworkFailure,
                                tr("The sign-in redirect did not reach Portico's loopback listener."),
                                response.error().message()));
        // The listener refuses a redirect that does not carry this request's state (LoopbackRedirectCatcher):
        // the authorization server answered some other request, or its answer was tampered with.
        if (response.value().status == 400)
            return finish(Error(ErrorCode::CallbackRejected,
                                tr("The sign-in response was rejected because it does not belong to the sign-in "
                                   "Portico started. Start the sign-in again."),
                                QStringLiteral("the loopback listener refused the redirect (state mismatch)")));
        finish(Error(ErrorCode::NetworkFailure, tr("The sign-in redirect did not reach Portico's loopback listener."),
                     QStringLiteral("the listener answered %1").arg(response.value().status)));
    });
}

void HeadlessUserAgent::flowEnded(bool succeeded)
{
    ++m_generation; // answers still on the way belong to a flow that is over
    // On success the request that delivered the redirect completes by itself (its answer is the listener's
    // page); on failure or cancel a request still running is stopped.
    if (m_exchange && !succeeded) {
        HttpExchange *exchange = m_exchange;
        m_exchange = nullptr;
        exchange->abort();
    }
}

} // namespace portico
