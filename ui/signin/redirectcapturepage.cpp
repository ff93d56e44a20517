#include "signin/redirectcapturepage.h"

#include "net/urlpolicy.h"

namespace portico {

RedirectCapturePage::RedirectCapturePage(QUrl redirectUri, QWebEngineProfile *profile, QObject *parent)
    : QWebEnginePage(profile, parent)
    , m_redirectUri(std::move(redirectUri))
{}

bool RedirectCapturePage::targetsRedirectUri(const QUrl &url) const
{
    const auto withoutResponse = QUrl::RemoveQuery | QUrl::RemoveFragment | QUrl::RemoveUserInfo
                                 | QUrl::NormalizePathSegments | QUrl::StripTrailingSlash;
    return url.isValid() && url.adjusted(withoutResponse) == m_redirectUri.adjusted(withoutResponse);
}

bool RedirectCapturePage::acceptNavigationRequest(const QUrl &url, NavigationType type, bool isMainFrame)
{
    if (!targetsRedirectUri(url)) {
        // Requirements UI-3, SEC-3: the sign-in page itself only ever shows https (or http on this computer). Subframes
        // are left to the page (captcha and identity-provider frames); they cannot replace what the person sees
        // in the origin line. about:blank is how a page is emptied and loads nothing.
        if (isMainFrame && url != QUrl(QStringLiteral("about:blank")) && !url_policy::check(url).ok()) {
            Q_EMIT navigationRefused(url);
            return false;
        }
        return QWebEnginePage::acceptNavigationRequest(url, type, isMainFrame);
    }
    // Refuse every navigation to the redirect URI, from any frame and of any type, so the authorization
    // code is never sent over the network; report only the first one (one flow, one code).
    if (!m_captured) {
        m_captured = true;
        Q_EMIT redirectCaptured(url);
    }
    return false;
}

QWebEnginePage *RedirectCapturePage::createWindow(WebWindowType type)
{
    Q_UNUSED(type)
    return nullptr;
}

} // namespace portico
