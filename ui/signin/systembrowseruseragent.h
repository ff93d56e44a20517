#pragma once

#include "auth/useragent.h"

#include <QObject>
#include <QPointer>

#include <functional>
#include <memory>
#include <optional>

namespace portico {

class LoopbackRedirectCatcher;

// Sign-in in the person's own web browser (RFC 8252 §7.3, checklist A30, A31, C3): a
// LoopbackRedirectCatcher on 127.0.0.1 receives the redirect; the authorization URL is opened with the
// platform API (QDesktopServices, never a shell) after url_policy accepted it.
class SystemBrowserUserAgent : public QObject, public UserAgent
{
    Q_OBJECT

public:
    using UrlOpener = std::function<bool(const QUrl &)>;

    explicit SystemBrowserUserAgent(QObject *parent = nullptr);
    ~SystemBrowserUserAgent() override;

    // binds a LoopbackRedirectCatcher (preferred port first, else ephemeral) and returns its redirect URI
    [[nodiscard]] Result<QUrl> prepareRedirect(quint16 preferredPort) override;
    // url_policy check (C3), QDesktopServices::openUrl, waits for the catcher
    void authorize(const Prompt &prompt, QObject *context, CallbackDone done) override;
    void cancel() override;
    void setUrlOpener(std::function<bool(const QUrl &)> opener); // tests replace QDesktopServices::openUrl

    // Addition: binds exactly `port` (no fallback), for a flow whose authorization URL already names that
    // redirect URI (WebEngineUserAgent's "Continue in system browser"). A busy port → NetworkFailure.
    [[nodiscard]] Result<QUrl> prepareRedirectOnPort(quint16 port);

private:
    [[nodiscard]] Result<QUrl> bind(quint16 port, bool allowOtherPort);
    // The catcher caught the redirect or ended (timeout); kept when no flow is waiting yet.
    void onCaught(Result<QUrl> callbackUrl);
    // Ends the flow in progress: `done` once, queued, not after the context died; the listener closes.
    void finish(Result<QUrl> outcome);

    UrlOpener m_opener;
    std::unique_ptr<LoopbackRedirectCatcher> m_catcher;
    CallbackDone m_done;
    QPointer<QObject> m_context;
    bool m_hasContext = false;
    std::optional<Result<QUrl>> m_caught;
};

} // namespace portico
