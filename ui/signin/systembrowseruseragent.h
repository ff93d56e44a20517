#pragma once

#include "auth/loopbackuseragent.h"

#include <functional>

namespace portico {

// Sign-in in the person's own web browser (RFC 8252 §7.3, requirements UI-3, AUTH-29, SEC-3): a
// LoopbackRedirectCatcher on 127.0.0.1 receives the redirect; the authorization URL is opened with the
// platform API (QDesktopServices, never a shell) after url_policy accepted it. The listener, the checks and
// the end of the flow are LoopbackUserAgent's.
class SystemBrowserUserAgent : public LoopbackUserAgent
{
    Q_OBJECT

public:
    using UrlOpener = std::function<bool(const QUrl &)>;

    explicit SystemBrowserUserAgent(QObject *parent = nullptr);
    ~SystemBrowserUserAgent() override;

    void setUrlOpener(UrlOpener opener); // tests replace QDesktopServices::openUrl

    // Addition: binds exactly `port` (no fallback), for a flow whose authorization URL already names that
    // redirect URI (WebEngineUserAgent's "Continue in system browser"). A busy port → NetworkFailure.
    [[nodiscard]] Result<QUrl> prepareRedirectOnPort(quint16 port);

protected:
    // QDesktopServices::openUrl (or the test's opener); the catcher's callback then ends the flow.
    void openPage(const Prompt &prompt) override;

private:
    UrlOpener m_opener;
};

} // namespace portico
