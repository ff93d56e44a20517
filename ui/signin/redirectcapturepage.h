#pragma once

#include <QUrl>
#include <QWebEnginePage>

namespace portico {

// A web page for the embedded sign-in that never lets the browser reach the OAuth redirect URI.
//
// When any navigation (a link, a form, or a server's 30x redirect) targets the registered loopback
// redirect URI, acceptNavigationRequest refuses it and redirectCaptured() hands the full URL (code,
// state, iss) to the sign-in flow instead. Nothing listens on that port and no request is sent, so the
// code never leaves the process (RFC 8252 §7.3 loopback redirect, caught in-process). The recipes found
// acceptNavigationRequest reliable for server redirects, unlike a QWebEngineUrlRequestInterceptor.
//
// The page also keeps the main frame on addresses url_policy accepts (https, http only to loopback;
// requirements UI-3, SEC-3) and never opens a window of its own: popups are the dialog's to route to the system
// browser (newWindowRequested), so createWindow() always declines.
class RedirectCapturePage : public QWebEnginePage
{
    Q_OBJECT

public:
    // `redirectUri` is the exact redirect_uri of the authorization request.
    RedirectCapturePage(QUrl redirectUri, QWebEngineProfile *profile, QObject *parent = nullptr);

    [[nodiscard]] const QUrl &redirectUri() const { return m_redirectUri; }
    [[nodiscard]] bool hasCaptured() const { return m_captured; }

    // Same scheme, host, port and path as the redirect URI (RFC 3986 §6.2.2 normalisation by QUrl);
    // the query and fragment carry the response and are not compared.
    [[nodiscard]] bool targetsRedirectUri(const QUrl &url) const;

Q_SIGNALS:
    // Emitted once, for the first navigation to the redirect URI, with the URL the server sent.
    void redirectCaptured(const QUrl &url);
    // A main-frame navigation to an address url_policy refuses (http to a remote host, file:, a custom
    // scheme...) was stopped; nothing was requested.
    void navigationRefused(const QUrl &url);

protected:
    bool acceptNavigationRequest(const QUrl &url, NavigationType type, bool isMainFrame) override;
    // Always nullptr: no second web view ever exists (requirements UI-3, popups go to the system browser).
    QWebEnginePage *createWindow(WebWindowType type) override;

private:
    QUrl m_redirectUri;
    bool m_captured = false;
};

} // namespace portico
