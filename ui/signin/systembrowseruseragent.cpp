#include "signin/systembrowseruseragent.h"

#include <QDesktopServices>

#include <chrono>
#include <utility>

namespace portico {

namespace {

// A person signs in at their own pace (password manager, second factor), so the listener waits longer
// than the headless one; it still ends (requirements AUTH-29: apply a timeout).
constexpr std::chrono::minutes kListenerTimeout{10};

} // namespace

SystemBrowserUserAgent::SystemBrowserUserAgent(QObject *parent)
    : LoopbackUserAgent(kListenerTimeout, parent)
    // Requirements UI-3, SEC-3: the platform API, never a shell command line built from the URL.
    , m_opener([](const QUrl &url) { return QDesktopServices::openUrl(url); })
{}

SystemBrowserUserAgent::~SystemBrowserUserAgent() = default;

void SystemBrowserUserAgent::setUrlOpener(UrlOpener opener)
{
    m_opener = std::move(opener);
}

Result<QUrl> SystemBrowserUserAgent::prepareRedirectOnPort(quint16 port)
{
    return bind(port, false);
}

void SystemBrowserUserAgent::openPage(const Prompt &prompt)
{
    if (!m_opener || !m_opener(prompt.authorizationUrl)) {
        finish(Error(ErrorCode::InteractionRequired,
                     tr("Portico could not open your web browser. Copy the sign-in link and open it yourself, or "
                        "sign in inside Portico.")));
        return;
    }
    // Now the catcher's callbackReceived (or its timeout) ends the flow.
}

} // namespace portico
