#include "auth/loopbackuseragent.h"

#include "auth/authorizationflow.h"
#include "auth/loopbackredirectcatcher.h"
#include "net/urlpolicy.h"

#include <QMetaObject>

#include <utility>

namespace portico {

LoopbackUserAgent::LoopbackUserAgent(std::chrono::milliseconds listenerTimeout, QObject *parent)
    : QObject(parent)
    , m_listenerTimeout(listenerTimeout)
{}

LoopbackUserAgent::~LoopbackUserAgent() = default;

Result<QUrl> LoopbackUserAgent::prepareRedirect(quint16 preferredPort)
{
    return bind(preferredPort, true);
}

Result<QUrl> LoopbackUserAgent::bind(quint16 port, bool allowOtherPort)
{
    if (m_done)
        return Error(ErrorCode::InvalidArgument, tr("A sign-in is already in progress."));
    m_caught.reset();
    m_catcher = std::make_unique<LoopbackRedirectCatcher>();
    // Requirements AUTH-20: the port registered before, so the registration still matches; when another program holds
    // it, an ephemeral port (RFC 8252 §7.3: any port) and the caller registers again — unless the port is
    // already part of an authorization URL (allowOtherPort false).
    Result<void> bound = m_catcher->listen(port, m_listenerTimeout);
    if (!bound.ok() && port != 0 && allowOtherPort)
        bound = m_catcher->listen(0, m_listenerTimeout);
    if (!bound.ok()) {
        m_catcher.reset();
        return bound.error();
    }
    connect(m_catcher.get(), &LoopbackRedirectCatcher::callbackReceived, this,
            [this](const QUrl &callbackUrl) { onCaught(callbackUrl); });
    connect(m_catcher.get(), &LoopbackRedirectCatcher::failed, this, [this](const Error &error) { onCaught(error); });
    return m_catcher->redirectUri();
}

void LoopbackUserAgent::authorize(const Prompt &prompt, QObject *context, CallbackDone done)
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

    // Requirements SEC-3, UI-3: https, or http to this computer; javascript:, data:, file:, vbscript: and http to a
    // remote host are refused before anything is opened.
    // The person reads the message; the detail (Error::detail) is the refused address, redacted, for the
    // Activity view — url_policy's own sentence would only repeat the message in other words.
    if (const Result<void> allowed = url_policy::check(prompt.authorizationUrl); !allowed.ok()) {
        finish(Error(ErrorCode::UrlRejected,
                     tr("Portico refused to open the sign-in page because its address is not safe."),
                     allowed.error().detail()));
        return;
    }
    if (!m_catcher) {
        finish(Error(ErrorCode::InvalidArgument, tr("The sign-in has no redirect listener; it was not prepared.")));
        return;
    }
    // The redirect must come back to this listener and nowhere else (requirements AUTH-29).
    if (prompt.redirectUri != m_catcher->redirectUri()) {
        finish(Error(ErrorCode::InvalidArgument,
                     tr("The sign-in uses a redirect address that Portico's listener does not serve.")));
        return;
    }
    // RFC 8252 §8.3, requirements ATTACK-4: the listener accepts only the redirect that carries this request's state,
    // so a forged callback from another local process is refused instead of ending the sign-in.
    const QByteArray state = AuthorizationFlow::stateOf(prompt.authorizationUrl);
    if (state.isEmpty()) {
        finish(Error(ErrorCode::InvalidArgument,
                     tr("The sign-in page address carries no state, so Portico could not recognise the redirect.")));
        return;
    }
    m_catcher->expectState(state);
    if (m_caught) {
        // The listener ended (timeout, listener error) before the page was even opened: hand that on.
        Result<QUrl> caught = std::move(*m_caught);
        m_caught.reset();
        finish(std::move(caught));
        return;
    }
    if (!m_catcher->isListening()) {
        finish(Error(ErrorCode::InvalidArgument, tr("The sign-in redirect listener is no longer listening.")));
        return;
    }
    m_prompt = prompt;
    openPage(prompt);
}

Result<void> LoopbackUserAgent::completeWithPastedUrl(const QString &pasted)
{
    if (!m_done || !m_prompt)
        return Error(ErrorCode::InvalidArgument, tr("No sign-in is waiting for an address."));
    Result<QUrl> callbackUrl = checkPastedRedirect(pasted, *m_prompt);
    if (!callbackUrl.ok())
        return callbackUrl.error(); // the listener keeps waiting (requirements SEC-7)
    finish(std::move(callbackUrl).value());
    return Result<void>::success();
}

void LoopbackUserAgent::cancel()
{
    if (!m_done) {
        // No flow waiting: just release the port.
        if (m_catcher)
            m_catcher->close();
        return;
    }
    finish(Error(ErrorCode::Cancelled, tr("The sign-in was cancelled.")));
}

void LoopbackUserAgent::flowEnded(bool succeeded)
{
    Q_UNUSED(succeeded)
}

void LoopbackUserAgent::onCaught(Result<QUrl> callbackUrl)
{
    if (m_done)
        finish(std::move(callbackUrl));
    else
        m_caught.emplace(std::move(callbackUrl));
}

void LoopbackUserAgent::finish(Result<QUrl> outcome)
{
    if (!m_done)
        return;
    CallbackDone done = std::move(m_done);
    m_done = nullptr;
    m_prompt.reset();
    flowEnded(outcome.ok());
    // The listener is one-shot (requirements AUTH-29): whatever the outcome, it stops listening now.
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
