#pragma once

#include "auth/useragent.h"
#include "common/error.h"

#include <QDialog>
#include <QUrl>

#include <functional>

class QLabel;
class QProgressBar;
class QPushButton;
class QStackedWidget;
class QWebEngineCertificateError;
class QWebEngineLoadingInfo;
class QWebEngineNewWindowRequest;
class QWebEngineProfile;
class QWebEngineView;

namespace portico {

class PastedAddressField;
class RedirectCapturePage;

// The embedded sign-in page (requirements UI-3 product decision, RFC 8252 §8.12 mitigations).
//
// What makes the page trustworthy enough to type a password into:
//  - a fresh off-the-record QWebEngineProfile per dialog (no cookies, cache or storage survive the flow),
//    and no web channel or other JavaScript bridge into Portico;
//  - the page's origin (scheme://host:port, host in ASCII so look-alike names show) and TLS state always
//    visible above the page, updated on every navigation;
//  - certificate errors fail closed: rejected, never overridable, and the flow fails with TlsFailure;
//  - the main frame only ever loads https, or http on this computer (url_policy, requirements SEC-3), and
//    no address literal the server's destination rule refuses (requirements SEC-1);
//  - popups are not opened inside Portico: they go to the system browser (after url_policy and the
//    destination rule's literal check);
//  - the redirect to prompt.redirectUri is caught in acceptNavigationRequest (RedirectCapturePage): the
//    code never goes over the network and no port is bound.
// The person can always leave: "Continue in system browser" (RFC 8252 §7.3 loopback flow), "Copy link",
// and closing the dialog (Escape), which cancels. A page that refuses embedded browsers
// (`disallowed_useragent`) switches to the system browser by itself.
//
// The dialog only shows and reports; WebEngineUserAgent decides what each signal means for the flow.
class SignInDialog : public QDialog
{
    Q_OBJECT

public:
    // Opens the system browser (QDesktopServices::openUrl by default; tests replace it).
    using UrlOpener = std::function<bool(const QUrl &)>;

    explicit SignInDialog(const UserAgent::Prompt &prompt, QWidget *parent = nullptr);
    ~SignInDialog() override;

    [[nodiscard]] QWebEngineView *view() const; // for tests (runJavaScript)
    [[nodiscard]] QString originText() const;   // what the origin/TLS label shows

    // Additions to the contract:
    // The text of the step-up banner ("<server> asks for more access: <scopes>"); empty when hidden.
    [[nodiscard]] QString stepUpText() const;
    // The status line under the page.
    [[nodiscard]] QString statusText() const;
    // Where popups are sent (after url_policy and the destination rule). Default: QDesktopServices::openUrl.
    void setUrlOpener(UrlOpener opener);
    // The flow moved to the system browser: the page stops and makes way for a "finish in your browser"
    // note; closing the dialog still cancels.
    void showWaitingForSystemBrowser();
    // Paste-back (requirements AUTH-45): what checks a pasted address and, accepting it, ends the flow
    // (WebEngineUserAgent::completeWithPastedUrl). The field shows once the page may be open somewhere
    // Portico cannot see its redirect: after "Copy link" or "Continue in system browser".
    void setPastedAddressHandler(std::function<Result<void>(const QString &pasted)> handler);
    [[nodiscard]] PastedAddressField *pastedAddressField() const; // for tests

Q_SIGNALS:
    void callbackCaught(const QUrl &callbackUrl); // the redirect to prompt.redirectUri was caught (nothing loaded)
    void continueInSystemBrowserRequested();
    void failed(const portico::Error &error); // certificate error (fails closed), page refused, ...
    // rejected() (closing, Escape) means the person cancelled

protected:
    void showEvent(QShowEvent *event) override;

private:
    void startLoading();
    void updateOrigin(const QUrl &url);
    void onCertificateError(const QWebEngineCertificateError &error);
    void onLoadingChanged(const QWebEngineLoadingInfo &info);
    void onNewWindowRequested(QWebEngineNewWindowRequest &request);
    void onNavigationRefused(const QString &message);
    void checkForEmbeddedRefusal(const QString &text);
    void copyLink();
    void requestSystemBrowser();
    // Stops the page for good and shows `explanation` instead of it; emits failed(error).
    void failClosed(const Error &error, const QString &explanation);
    void setStatus(const QString &text);

    UserAgent::Prompt m_prompt;
    UrlOpener m_opener;
    QWebEngineProfile *m_profile = nullptr;
    QWebEngineView *m_view = nullptr;
    RedirectCapturePage *m_page = nullptr;
    QLabel *m_heading = nullptr;
    QLabel *m_stepUpBanner = nullptr;
    QLabel *m_originLabel = nullptr;
    QStackedWidget *m_stack = nullptr;
    QLabel *m_messagePane = nullptr;
    QProgressBar *m_progress = nullptr;
    QLabel *m_status = nullptr;
    PastedAddressField *m_pasteField = nullptr;
    QPushButton *m_copyButton = nullptr;
    QPushButton *m_systemBrowserButton = nullptr;
    QPushButton *m_cancelButton = nullptr;
    bool m_started = false;
    bool m_finished = false; // caught, failed or handed to the system browser: the page has nothing more to do
    bool m_switchRequested = false;
};

} // namespace portico
