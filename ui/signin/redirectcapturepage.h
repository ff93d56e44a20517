#pragma once

#include "net/destinationpolicy.h"

#include <QUrl>
#include <QWebEnginePage>

namespace portico {

class DestinationRequestInterceptor;

// A web page for the embedded sign-in that never lets the browser reach the OAuth redirect URI.
//
// When any navigation (a link, a form, or a server's 30x redirect) targets the registered loopback
// redirect URI, acceptNavigationRequest refuses it. Only the main frame's ends the sign-in:
// redirectCaptured() hands the full URL (code, state, iss) to the sign-in flow. A subframe's is refused and
// ignored — the authorization server sends the redirect to the top-level page (RFC 6749 §4.1.2), and a frame
// the login page embeds (an advertisement, a hostile widget) must not end the sign-in with a made-up
// callback. Nothing listens on that port and no request is sent, so the code never leaves the process
// (RFC 8252 §7.3 loopback redirect, caught in-process). The recipes found acceptNavigationRequest reliable
// for server redirects, unlike a QWebEngineUrlRequestInterceptor.
//
// The page also keeps the main frame on addresses url_policy accepts (https, http only to loopback;
// requirements UI-3, SEC-3) and, for an address literal ("https://10.0.0.5/", "http://[::ffff:a9fe:a9fe]/",
// "localhost") in any spelling, on addresses the server's destination rule allows (requirements SEC-1). Host
// names are not looked up here: Chromium resolves them itself, so only the sign-in page's own address is
// checked by name (InteractiveSignIn); the page's other requests keep to the rule's literals too
// (DestinationRequestInterceptor). The page never opens a window of its own: popups are the dialog's to
// route to the system browser (newWindowRequested), so createWindow() always declines.
class RedirectCapturePage : public QWebEnginePage
{
    Q_OBJECT

public:
    // `redirectUri` is the exact redirect_uri of the authorization request.
    RedirectCapturePage(QUrl redirectUri, QWebEngineProfile *profile, QObject *parent = nullptr);

    [[nodiscard]] const QUrl &redirectUri() const { return m_redirectUri; }
    // The server's destination rule (UserAgent::Prompt::destinations); the default refuses private networks.
    // Its address literals are also refused for every other request of the page (DestinationRequestInterceptor).
    void setDestinations(const DestinationPolicy &destinations);
    [[nodiscard]] const DestinationPolicy &destinations() const { return m_destinations; }
    [[nodiscard]] bool hasCaptured() const { return m_captured; }

    // Same scheme, host, port and path as the redirect URI (RFC 3986 §6.2.2 normalisation by QUrl);
    // the query and fragment carry the response and are not compared.
    [[nodiscard]] bool targetsRedirectUri(const QUrl &url) const;

Q_SIGNALS:
    // Emitted once, for the first main-frame navigation to the redirect URI, with the URL the server sent.
    void redirectCaptured(const QUrl &url);
    // A main-frame navigation to an address url_policy refuses (http to a remote host, file:, a custom
    // scheme...) or the destination rule refuses (a private network address) was stopped; nothing was
    // requested. `message` says so to the person, naming the address and the reason.
    void navigationRefused(const QUrl &url, const QString &message);

protected:
    bool acceptNavigationRequest(const QUrl &url, NavigationType type, bool isMainFrame) override;
    // Always nullptr: no second web view ever exists (requirements UI-3, popups go to the system browser).
    QWebEnginePage *createWindow(WebWindowType type) override;

private:
    QUrl m_redirectUri;
    DestinationPolicy m_destinations;
    DestinationRequestInterceptor *m_interceptor; // a child of the page, so it outlives the page's requests
    bool m_captured = false;
};

} // namespace portico
