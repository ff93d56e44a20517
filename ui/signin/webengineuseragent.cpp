#include "signin/webengineuseragent.h"

#include "auth/loopbackredirectcatcher.h"
#include "net/urlpolicy.h"
#include "signin/signindialog.h"
#include "signin/systembrowseruseragent.h"

#include <QCoreApplication>
#include <QHostAddress>
#include <QMetaObject>
#include <QTcpServer>
#include <QWidget>

#include <utility>

namespace portico {

namespace {

// A port the kernel considers free right now on 127.0.0.1. Nothing stays bound (the embedded page catches
// the redirect in-process), but a real free port keeps "Continue in system browser" able to bind it later
// (RFC 8252 §7.3: the loopback redirect URI may use any port).
Result<quint16> probeFreePort()
{
    QTcpServer probe;
    if (!probe.listen(QHostAddress::LocalHost, 0)) {
        return Error(ErrorCode::NetworkFailure,
                     QCoreApplication::translate("portico::WebEngineUserAgent",
                                                 "Portico could not find a free local port for the sign-in."),
                     probe.errorString());
    }
    const quint16 port = probe.serverPort();
    probe.close();
    return port;
}

} // namespace

WebEngineUserAgent::WebEngineUserAgent(QWidget *dialogParent, QObject *parent)
    : QObject(parent)
    , m_dialogParent(dialogParent)
{}

WebEngineUserAgent::~WebEngineUserAgent()
{
    ++m_generation;
    if (m_dialog) {
        SignInDialog *dialog = m_dialog;
        dialog->disconnect(this);
        m_dialog = nullptr;
        delete dialog;
    }
}

SystemBrowserUserAgent *WebEngineUserAgent::systemBrowser()
{
    if (!m_systemBrowser) {
        m_systemBrowser = new SystemBrowserUserAgent(this);
        if (m_opener)
            m_systemBrowser->setUrlOpener(m_opener);
    }
    return m_systemBrowser;
}

void WebEngineUserAgent::setPreferSystemBrowser(bool prefer)
{
    m_preferSystemBrowser = prefer;
}

void WebEngineUserAgent::setUrlOpener(UrlOpener opener)
{
    m_opener = std::move(opener);
    if (m_systemBrowser)
        m_systemBrowser->setUrlOpener(m_opener);
}

SignInDialog *WebEngineUserAgent::currentDialog() const
{
    return m_dialog;
}

Result<QUrl> WebEngineUserAgent::prepareRedirect(quint16 preferredPort)
{
    if (m_done)
        return Error(ErrorCode::InvalidArgument, tr("A sign-in is already in progress."));
    m_preparedForSystemBrowser = m_preferSystemBrowser;
    if (m_preparedForSystemBrowser)
        return systemBrowser()->prepareRedirect(preferredPort); // binds the loopback listener now (AUTH-29)
    if (m_systemBrowser)
        m_systemBrowser->cancel(); // a listener from an earlier preference is not needed any more

    // The embedded page binds nothing: the redirect is caught in acceptNavigationRequest. Requirements AUTH-20: the
    // port registered earlier is kept as it is, even when something else listens there, because no request is
    // ever sent to it.
    quint16 port = preferredPort;
    if (port == 0) {
        Result<quint16> free = probeFreePort();
        if (!free.ok())
            return free.error();
        port = free.value();
    }
    QUrl redirectUri;
    redirectUri.setScheme(QStringLiteral("http"));
    redirectUri.setHost(QStringLiteral("127.0.0.1"));
    redirectUri.setPort(port);
    redirectUri.setPath(LoopbackRedirectCatcher::kCallbackPath);
    return redirectUri;
}

void WebEngineUserAgent::authorize(const Prompt &prompt, QObject *context, CallbackDone done)
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
    m_prompt = prompt;
    const quint64 generation = m_generation;

    if (m_preparedForSystemBrowser) {
        // The server's setting: no embedded page at all.
        systemBrowser()->authorize(prompt, this, [this, generation](Result<QUrl> outcome) {
            if (generation == m_generation)
                finish(std::move(outcome));
        });
        return;
    }

    // Requirements SEC-3, UI-3: an unsafe authorization URL never gets a dialog (and so no WebEngine) at all.
    if (const Result<void> allowed = url_policy::check(prompt.authorizationUrl); !allowed.ok()) {
        finish(Error(ErrorCode::UrlRejected,
                     tr("Portico refused to open the sign-in page because its address is not safe."),
                     allowed.error().detail()));
        return;
    }

    if (m_dialog) {
        // The explanation of an earlier failure makes way for the new sign-in.
        SignInDialog *old = m_dialog;
        old->disconnect(this);
        m_dialog = nullptr;
        old->close();
    }
    // WebEngine starts here, on the first sign-in page, not at application start (requirements UI-3).
    auto *dialog = new SignInDialog(prompt, m_dialogParent);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    if (m_opener)
        dialog->setUrlOpener(m_opener);
    dialog->setPastedAddressHandler([this, generation](const QString &pasted) -> Result<void> {
        if (generation != m_generation)
            return Error(ErrorCode::InvalidArgument, tr("No sign-in is waiting for an address."));
        return completeWithPastedUrl(pasted);
    });
    m_dialog = dialog;
    connect(dialog, &SignInDialog::callbackCaught, this, [this, generation](const QUrl &callbackUrl) {
        if (generation == m_generation)
            finish(callbackUrl);
    });
    connect(dialog, &QDialog::rejected, this, [this, generation] {
        if (generation == m_generation)
            finish(Error(ErrorCode::Cancelled, tr("The sign-in was cancelled.")));
    });
    connect(dialog, &SignInDialog::failed, this, [this, generation](const Error &error) {
        if (generation == m_generation)
            finish(error, true);
    });
    connect(dialog, &SignInDialog::continueInSystemBrowserRequested, this, [this, generation] {
        if (generation == m_generation)
            continueInSystemBrowser();
    });
    connect(dialog, &QObject::destroyed, this, [this, generation] {
        if (generation == m_generation)
            finish(Error(ErrorCode::Cancelled, tr("The sign-in was cancelled.")));
    });
    dialog->open();
    Q_EMIT dialogShown(dialog);
}

void WebEngineUserAgent::continueInSystemBrowser()
{
    if (!m_done || !m_prompt)
        return;
    // Requirements UI-3 / RFC 8252 §7.3: the same flow (same state, PKCE and redirect URI) continues in the browser;
    // the authorization URL already names this port, so it must be exactly this one.
    const QUrl redirectUri = m_prompt->redirectUri;
    const int port = redirectUri.port();
    const Result<QUrl> bound =
        port > 0 ? systemBrowser()->prepareRedirectOnPort(static_cast<quint16>(port))
                 : Result<QUrl>(Error(ErrorCode::InvalidArgument, tr("The sign-in has no loopback redirect port.")));
    if (!bound.ok()) {
        finish(Error(ErrorCode::NetworkFailure,
                     tr("Portico could not wait for your web browser on port %1, because another program is using "
                        "it. Sign in again to try once more.")
                         .arg(port),
                     bound.error().message()));
        return;
    }
    if (m_dialog)
        m_dialog->showWaitingForSystemBrowser(); // closing it still cancels
    const quint64 generation = m_generation;
    systemBrowser()->authorize(*m_prompt, this, [this, generation](Result<QUrl> outcome) {
        if (generation == m_generation)
            finish(std::move(outcome));
    });
}

Result<void> WebEngineUserAgent::completeWithPastedUrl(const QString &pasted)
{
    if (!m_done || !m_prompt)
        return Error(ErrorCode::InvalidArgument, tr("No sign-in is waiting for an address."));
    // One prompt for both paths (embedded page and system browser), so one check; finish() also stops a
    // system-browser listener, whose late "cancelled" is then ignored (generation).
    Result<QUrl> callbackUrl = checkPastedRedirect(pasted, *m_prompt);
    if (!callbackUrl.ok())
        return callbackUrl.error(); // the flow keeps waiting (requirements SEC-7)
    finish(std::move(callbackUrl).value());
    return Result<void>::success();
}

void WebEngineUserAgent::cancel()
{
    if (!m_done) {
        // No flow waiting: just release a listener prepared for the system browser.
        if (m_systemBrowser)
            m_systemBrowser->cancel();
        return;
    }
    finish(Error(ErrorCode::Cancelled, tr("The sign-in was cancelled.")));
}

void WebEngineUserAgent::finish(Result<QUrl> outcome, bool keepDialog)
{
    if (!m_done)
        return;
    CallbackDone done = std::move(m_done);
    m_done = nullptr;
    ++m_generation; // reports of this flow's dialog or listener still on the way are ignored
    m_prompt.reset();
    // The loopback listener is one-shot (requirements AUTH-29): whatever ended the flow, it stops listening.
    if (m_systemBrowser)
        m_systemBrowser->cancel();
    if (m_dialog && !keepDialog) {
        SignInDialog *dialog = m_dialog;
        dialog->disconnect(this);
        m_dialog = nullptr;
        // A dialog the person closed is hidden already (and deletes itself); one still open closes now.
        if (dialog->isVisible())
            dialog->done(outcome.ok() ? QDialog::Accepted : QDialog::Rejected); // WA_DeleteOnClose deletes it
    }
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
