#include "signin/redirectcapturepage.h"

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
    if (!targetsRedirectUri(url))
        return QWebEnginePage::acceptNavigationRequest(url, type, isMainFrame);
    // Refuse every navigation to the redirect URI, from any frame and of any type, so the authorization
    // code is never sent over the network; report only the first one (one flow, one code).
    if (!m_captured) {
        m_captured = true;
        Q_EMIT redirectCaptured(url);
    }
    return false;
}

} // namespace portico
