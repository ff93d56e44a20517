#include "signin/redirectcapturepage.h"

#include "net/urlpolicy.h"
#include "signin/destinationrequestinterceptor.h"

namespace portico {

RedirectCapturePage::RedirectCapturePage(QUrl redirectUri, QWebEngineProfile *profile, QObject *parent)
    : QWebEnginePage(profile, parent)
    , m_redirectUri(std::move(redirectUri))
    , m_interceptor(new DestinationRequestInterceptor(this))
{
    setUrlRequestInterceptor(m_interceptor);
}

void RedirectCapturePage::setDestinations(const DestinationPolicy &destinations)
{
    m_destinations = destinations;
    m_interceptor->setDestinations(destinations);
}

bool RedirectCapturePage::targetsRedirectUri(const QUrl &url) const
{
    const auto withoutResponse = QUrl::RemoveQuery | QUrl::RemoveFragment | QUrl::RemoveUserInfo
                                 | QUrl::NormalizePathSegments | QUrl::StripTrailingSlash;
    return url.isValid() && url.adjusted(withoutResponse) == m_redirectUri.adjusted(withoutResponse);
}

bool RedirectCapturePage::acceptNavigationRequest(const QUrl &url, NavigationType type, bool isMainFrame)
{
    if (targetsRedirectUri(url)) {
        // Refuse every navigation to the redirect URI, from any frame and of any type, so the authorization
        // code is never sent over the network; report only the main frame's first one (one flow, one code).
        // A subframe's is not the authorization server's answer (RFC 6749 §4.1.2 redirects the user agent,
        // i.e. the page the person signs in on), so it cannot end the sign-in.
        if (isMainFrame && !m_captured) {
            m_captured = true;
            Q_EMIT redirectCaptured(url);
        }
        return false;
    }
    // Subframes are left to the page (captcha and identity-provider frames); they cannot replace what the
    // person sees in the origin line. about:blank is how a page is emptied and loads nothing.
    if (!isMainFrame || url == QUrl(QStringLiteral("about:blank")))
        return QWebEnginePage::acceptNavigationRequest(url, type, isMainFrame);
    // Requirements UI-3, SEC-3: the sign-in page itself only ever shows https (or http on this computer).
    if (!url_policy::check(url).ok()) {
        const QUrl origin =
            url.adjusted(QUrl::RemovePath | QUrl::RemoveQuery | QUrl::RemoveFragment | QUrl::RemoveUserInfo);
        Q_EMIT navigationRefused(url, tr("Portico stopped the page from going to an address that is not safe (%1).")
                                          .arg(origin.toString(QUrl::FullyEncoded)));
        return false;
    }
    // Requirements SEC-1: no address literal the server's destination rule refuses (10.0.0.5, 169.254.169.254,
    // 0.0.0.0, ... in any spelling). The check needs no lookup, so it happens before any request is made.
    if (const Result<void> allowed = m_destinations.checkLiteral(url); !allowed.ok()) {
        Q_EMIT navigationRefused(url, allowed.error().message());
        return false;
    }
    return QWebEnginePage::acceptNavigationRequest(url, type, isMainFrame);
}

QWebEnginePage *RedirectCapturePage::createWindow(WebWindowType type)
{
    Q_UNUSED(type)
    return nullptr;
}

} // namespace portico
