#include "signin/systembrowseruseragent.h"

#include "auth/loopbackredirectcatcher.h"
#include "net/urlpolicy.h"

#include <QDesktopServices>
#include <QMetaObject>

#include <chrono>
#include <utility>

namespace portico {

namespace {

// A person signs in at their own pace (password manager, second factor), so the listener waits longer
// than the headless one; it still ends (A31: apply a timeout).
constexpr std::chrono::minutes kListenerTimeout{10};

} // namespace

SystemBrowserUserAgent::SystemBrowserUserAgent(QObject *parent)
    : QObject(parent)
    // A30 / C3: the platform API, never a shell command line built from the URL.
    , m_opener([](const QUrl &url) { return QDesktopServices::openUrl(url); })
{}

SystemBrowserUserAgent::~SystemBrowserUserAgent() = default;

void SystemBrowserUserAgent::setUrlOpener(std::function<bool(const QUrl &)> opener)
{
    m_opener = std::move(opener);
}

Result<QUrl> SystemBrowserUserAgent::prepareRedirect(quint16 preferredPort)
{
    return bind(preferredPort, true);
}

Result<QUrl> SystemBrowserUserAgent::prepareRedirectOnPort(quint16 port)
{
    return bind(port, false);
}

Result<QUrl> SystemBrowserUserAgent::bind(quint16 port, bool allowOtherPort)
{
    if (m_done)
        return Error(ErrorCode::InvalidArgument, tr("A sign-in is already in progress."));
    m_caught.reset();
    m_catcher = std::make_unique<LoopbackRedirectCatcher>();
    // A21: the port registered before, so the registration still matches; when another program holds it,
    // an ephemeral port (RFC 8252 §7.3: any port) and the caller registers again — unless the port is
    // already part of an authorization URL (allowOtherPort false).
    Result<void> bound = m_catcher->listen(port, kListenerTimeout);
    if (!bound.ok() && port != 0 && allowOtherPort)
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

void SystemBrowserUserAgent::authorize(const Prompt &prompt, QObject *context, CallbackDone done)
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

    // C3 / A30: https, or http to this computer; javascript:, data:, file:, vbscript: and http to a remote
    // host are refused before anything is opened.
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
    // The redirect must come back to this listener and nowhere else (A31).
    if (prompt.redirectUri != m_catcher->redirectUri()) {
        finish(Error(ErrorCode::InvalidArgument,
                     tr("The sign-in uses a redirect address that Portico's listener does not serve.")));
        return;
    }
    if (m_caught) {
        // Something reached the listener (or it timed out) before the page was opened: hand it on; the
        // flow's state check decides (D4).
        Result<QUrl> caught = std::move(*m_caught);
        m_caught.reset();
        finish(std::move(caught));
        return;
    }
    if (!m_catcher->isListening()) {
        finish(Error(ErrorCode::InvalidArgument, tr("The sign-in redirect listener is no longer listening.")));
        return;
    }
    if (!m_opener || !m_opener(prompt.authorizationUrl)) {
        finish(Error(ErrorCode::InteractionRequired,
                     tr("Portico could not open your web browser. Copy the sign-in link and open it yourself, or "
                        "sign in inside Portico.")));
        return;
    }
    // Now the catcher's callbackReceived (or its timeout) ends the flow.
}

void SystemBrowserUserAgent::cancel()
{
    if (!m_done) {
        // No flow waiting: just release the port.
        if (m_catcher)
            m_catcher->close();
        return;
    }
    finish(Error(ErrorCode::Cancelled, tr("The sign-in was cancelled.")));
}

void SystemBrowserUserAgent::onCaught(Result<QUrl> callbackUrl)
{
    if (m_done)
        finish(std::move(callbackUrl));
    else
        m_caught.emplace(std::move(callbackUrl));
}

void SystemBrowserUserAgent::finish(Result<QUrl> outcome)
{
    if (!m_done)
        return;
    CallbackDone done = std::move(m_done);
    m_done = nullptr;
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
