#pragma once

#include "auth/useragent.h"

#include <QObject>
#include <QPointer>

#include <functional>
#include <optional>

class QWidget;

namespace portico {

class SignInDialog;
class SystemBrowserUserAgent;

// The desktop default user agent (requirements UI-3, AUTH-29, SEC-3): the authorization page in a
// SignInDialog, its redirect caught in-process (no port bound). The person can move the same flow to the
// system browser at any time; then a LoopbackRedirectCatcher on the redirect URI's port receives it
// (RFC 8252 §7.3). With setPreferSystemBrowser(true) (the server's setting) the dialog is skipped and the
// flow is a SystemBrowserUserAgent flow from the start.
//
// WebEngine is created only when a dialog is shown, so constructing this costs nothing at start-up.
//
//   authorize ─> SignInDialog ── callbackCaught ──────────────────────────> done(url)
//                     ├── rejected (close, Escape, cancel()) ──────────────> done(Cancelled)
//                     ├── failed (certificate error, unsafe URL) ─────────> done(error), dialog explains
//                     └── continueInSystemBrowserRequested
//                              └─> catcher on the redirect port ── browser ─> done(url)
//                                  (port busy → done(NetworkFailure): retry)
class WebEngineUserAgent : public QObject, public UserAgent
{
    Q_OBJECT

public:
    using UrlOpener = std::function<bool(const QUrl &)>;

    explicit WebEngineUserAgent(QWidget *dialogParent = nullptr, QObject *parent = nullptr);
    ~WebEngineUserAgent() override;

    Result<QUrl> prepareRedirect(quint16 preferredPort) override; // http://127.0.0.1:<port>/callback; binds nothing
    void authorize(const Prompt &prompt, QObject *context,
                   CallbackDone done) override; // shows SignInDialog (non-modal, open())
    void cancel() override;
    // Paste-back (requirements AUTH-45), whether the flow is on the embedded page or moved to the system
    // browser: the same prompt and checks, and an accepted address ends the flow as a caught redirect would.
    [[nodiscard]] Result<void> completeWithPastedUrl(const QString &pasted) override;
    [[nodiscard]] SignInDialog *currentDialog() const; // for tests
    void setPreferSystemBrowser(bool prefer);          // the server's "sign in with system browser" setting

    // Addition: how the system browser is opened (QDesktopServices::openUrl by default); tests replace it.
    // Used for the system-browser path and for popups of the embedded page.
    void setUrlOpener(UrlOpener opener);

Q_SIGNALS:
    void dialogShown(portico::SignInDialog *dialog);

private:
    void continueInSystemBrowser();
    // Ends the flow in progress: `done` once, queued, not after the context died; closes the dialog
    // unless `keepDialog` (a failure the dialog is explaining) and stops a system-browser listener.
    void finish(Result<QUrl> outcome, bool keepDialog = false);
    [[nodiscard]] SystemBrowserUserAgent *systemBrowser();

    QPointer<QWidget> m_dialogParent;
    bool m_preferSystemBrowser = false;
    // What the last prepareRedirect chose: the catcher is bound (system browser) or nothing is.
    bool m_preparedForSystemBrowser = false;
    UrlOpener m_opener;
    SystemBrowserUserAgent *m_systemBrowser = nullptr;
    QPointer<SignInDialog> m_dialog;
    std::optional<Prompt> m_prompt;
    CallbackDone m_done;
    QPointer<QObject> m_context;
    bool m_hasContext = false;
    // Bumped when a flow ends, so late reports of its dialog or listener are ignored.
    quint64 m_generation = 0;
};

} // namespace portico
