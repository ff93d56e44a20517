#include "auth/headlessuseragent.h"

#include "auth/loopbackredirectcatcher.h"
#include "net/httpclient.h"
#include "net/urlpolicy.h"

#include <QMetaObject>

#include <chrono>
#include <utility>

namespace portico {

namespace {

// How long the listener waits for the redirect. Headless, the AS answers at once or never (conformance.md §6:
// the mock /authorize is an immediate 302); this only bounds a flow that registration or discovery delayed.
constexpr std::chrono::minutes kListenerTimeout{5};

// Whether `location` is the redirect URI itself, optionally with a query or fragment: the string starts with
// the redirect URI and the next character ends the path. A bare prefix test would also accept
// ".../callbackother", which is not the registered path (A31).
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
    : QObject(parent)
    , m_http(http)
{}

HeadlessUserAgent::~HeadlessUserAgent()
{
    ++m_generation;
    if (m_exchange)
        m_exchange->abort();
}

Result<QUrl> HeadlessUserAgent::prepareRedirect(quint16 preferredPort)
{
    if (m_done)
        return Error(ErrorCode::InvalidArgument, tr("A sign-in is already in progress."));
    m_caught.reset();
    m_catcher = std::make_unique<LoopbackRedirectCatcher>();
    // A21: the port of the redirect URI registered before, so the registration still matches; when another
    // program holds it, an ephemeral port (RFC 8252 §7.3: "any port"), and the caller registers again.
    Result<void> bound = m_catcher->listen(preferredPort, kListenerTimeout);
    if (!bound.ok() && preferredPort != 0)
        bound = m_catcher->listen(0, kListenerTimeout);
    if (!bound.ok()) {
        m_catcher.reset();
        return bound.error();
    }
    connect(m_catcher.get(), &LoopbackRedirectCatcher::callbackReceived, this,
            [this](const QUrl &callbackUrl) { onCaught(callbackUrl); });
    connect(m_catcher.get(), &LoopbackRedirectCatcher::failed, this, [this](const Error &error) { onCaught(error); });
    return m_catcher->redirectUri();
}

void HeadlessUserAgent::authorize(const Prompt &prompt, QObject *context, CallbackDone done)
{
    if (m_done) {
        // One flow at a time; the running one goes on and this caller hears so, asynchronously.
        QMetaObject::invokeMethod(
            this,
            [done = std::move(done), guard = QPointer<QObject>(context), hadContext = context != nullptr] {
                if (!hadContext || guard)
                    done(Error(ErrorCode::InvalidArgument, tr("A sign-in is already in progress.")));
            },
            Qt::QueuedConnection);
        return;
    }
    m_done = std::move(done);
    m_context = context;
    m_hasContext = context != nullptr;

    // C3 / A30 / D7: only https, or http to a loopback host, is ever opened; javascript:, data:, file: and
    // http to a remote host are refused before any request is made.
    if (const Result<void> allowed = url_policy::check(prompt.authorizationUrl); !allowed.ok()) {
        finish(Error(ErrorCode::UrlRejected,
                     tr("Portico refused to open the sign-in page because its address is not safe."),
                     allowed.error().message()));
        return;
    }
    if (!m_catcher) {
        finish(Error(ErrorCode::InvalidArgument, tr("The sign-in has no redirect listener; it was not prepared.")));
        return;
    }
    const QUrl redirectUri = m_catcher->redirectUri();
    // The redirect must come back to this listener and nowhere else: the second GET below carries the code.
    if (prompt.redirectUri != redirectUri) {
        finish(Error(ErrorCode::InvalidArgument,
                     tr("The sign-in uses a redirect address that Portico's listener does not serve.")));
        return;
    }
    if (m_caught) {
        // Something reached the listener (or it timed out) before the page was even opened: hand it on,
        // the flow's state check decides (D4).
        Result<QUrl> caught = std::move(*m_caught);
        m_caught.reset();
        finish(std::move(caught));
        return;
    }
    if (!m_catcher->isListening()) {
        finish(Error(ErrorCode::InvalidArgument, tr("The sign-in redirect listener is no longer listening.")));
        return;
    }

    HttpRequest request;
    request.method = "GET";
    request.url = prompt.authorizationUrl;
    request.headers = {{"Accept", "text/html"}};
    request.purpose = QStringLiteral("authorization request");
    // The answer itself is what matters: a redirect to the listener, or a page that wants a person.
    request.followRedirects = false;
    const quint64 generation = m_generation;
    m_exchange = m_http.send(std::move(request), this, [this, generation, redirectUri](Result<HttpResponse> response) {
        if (generation != m_generation || !m_done)
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
    // A31: deliver the redirect to the real listener, as a browser would, so its path, one-shot and page rules
    // run; the listener's callbackReceived ends the flow (onCaught).
    HttpRequest request;
    request.method = "GET";
    request.url = location;
    request.headers = {{"Accept", "text/html"}};
    request.purpose = QStringLiteral("redirect to the loopback listener");
    request.followRedirects = false;
    const quint64 generation = m_generation;
    m_exchange = m_http.send(std::move(request), this, [this, generation](Result<HttpResponse> response) {
        if (generation != m_generation || !m_done)
            return; // the listener already reported (the usual case: it emits before it answers)
        if (!response.ok())
            return finish(Error(ErrorCode::NetworkFailure,
                                tr("The sign-in redirect did not reach Portico's loopback listener."),
                                response.error().message()));
        finish(Error(ErrorCode::NetworkFailure, tr("The sign-in redirect did not reach Portico's loopback listener."),
                     QStringLiteral("the listener answered %1").arg(response.value().status)));
    });
}

void HeadlessUserAgent::onCaught(Result<QUrl> callbackUrl)
{
    if (m_done)
        finish(std::move(callbackUrl));
    else
        m_caught.emplace(std::move(callbackUrl));
}

void HeadlessUserAgent::cancel()
{
    if (!m_done) {
        // No flow waiting: just release the port.
        if (m_catcher)
            m_catcher->close();
        return;
    }
    finish(Error(ErrorCode::Cancelled, tr("The sign-in was cancelled.")));
}

void HeadlessUserAgent::finish(Result<QUrl> outcome)
{
    if (!m_done)
        return;
    CallbackDone done = std::move(m_done);
    m_done = nullptr;
    ++m_generation; // answers still on the way belong to a flow that is over
    // On success the request that delivered the redirect completes by itself (its answer is the listener's
    // page); on failure or cancel a request still running is stopped.
    if (m_exchange && !outcome.ok()) {
        HttpExchange *exchange = m_exchange;
        m_exchange = nullptr;
        exchange->abort();
    }
    // The listener is one-shot (A31): whatever the outcome, it stops listening now.
    if (m_catcher)
        m_catcher->close();
    // Never synchronously (UserAgent::authorize), never after the context died.
    QMetaObject::invokeMethod(
        this,
        [done = std::move(done), outcome = std::move(outcome), guard = m_context, hadContext = m_hasContext] {
            if (!hadContext || guard)
                done(outcome);
        },
        Qt::QueuedConnection);
    m_context = nullptr;
    m_hasContext = false;
}

} // namespace portico
