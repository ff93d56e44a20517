#pragma once

#include "auth/useragent.h"

#include <QObject>
#include <QPointer>

#include <chrono>
#include <memory>
#include <optional>

namespace portico {

class LoopbackRedirectCatcher;

// What every user agent whose redirect comes back to a loopback listener shares (RFC 8252 §7.3): it binds a
// LoopbackRedirectCatcher on 127.0.0.1 — the registered port first, else an ephemeral one — runs one flow at
// a time, checks the authorization URL (https, or http to this computer) and the redirect URI before anything
// is opened, tells the listener the authorization URL's `state` (only the redirect carrying it is accepted,
// RFC 8252 §8.3), and ends every flow exactly once: `done` queued, never after its context died, the listener
// closed.
// A subclass only opens the page (openPage()): HeadlessUserAgent fetches it itself, SystemBrowserUserAgent
// hands it to the person's browser.
class LoopbackUserAgent : public QObject, public UserAgent
{
    Q_OBJECT

public:
    ~LoopbackUserAgent() override;

    // Binds a LoopbackRedirectCatcher (preferred port first, else ephemeral) and returns its redirect URI.
    [[nodiscard]] Result<QUrl> prepareRedirect(quint16 preferredPort) override;
    // Checks the prompt (one flow at a time; url_policy; the redirect URI is this listener's), then
    // openPage(); the listener's callback (or its timeout) ends the flow.
    void authorize(const Prompt &prompt, QObject *context, CallbackDone done) final;
    void cancel() override;
    // Paste-back (requirements AUTH-45): a pasted address that passes checkPastedRedirect() ends the running
    // flow as the listener's callback would; anything else changes nothing and the listener keeps waiting.
    [[nodiscard]] Result<void> completeWithPastedUrl(const QString &pasted) override;

protected:
    // `listenerTimeout`: how long the listener waits for the redirect (it always ends).
    explicit LoopbackUserAgent(std::chrono::milliseconds listenerTimeout, QObject *parent = nullptr);

    // Binds 127.0.0.1:`port` for the next flow, releasing an earlier listener. When the port is taken and
    // `allowOtherPort`, an ephemeral port instead (the caller then registers again); else NetworkFailure.
    [[nodiscard]] Result<QUrl> bind(quint16 port, bool allowOtherPort);

    // Opens prompt.authorizationUrl, which passed the checks. The listener ends the flow when the redirect
    // arrives; a subclass that cannot open the page ends it with finish().
    virtual void openPage(const Prompt &prompt) = 0;
    // Called once when a flow ends, before `done` is queued: a subclass stops its own work for the flow.
    virtual void flowEnded(bool succeeded);

    // Ends the flow in progress, if any: `done` once, queued, not after the context died; the listener closes.
    void finish(Result<QUrl> outcome);
    [[nodiscard]] bool isFlowRunning() const { return static_cast<bool>(m_done); }

private:
    // The listener caught the redirect or ended (timeout); kept when no flow is waiting yet.
    void onCaught(Result<QUrl> callbackUrl);

    std::chrono::milliseconds m_listenerTimeout;
    std::unique_ptr<LoopbackRedirectCatcher> m_catcher;
    CallbackDone m_done;
    // The prompt of the flow whose page is open (what a pasted address is checked against).
    std::optional<Prompt> m_prompt;
    QPointer<QObject> m_context;
    bool m_hasContext = false;
    // What the listener reported before authorize() was called (a timeout, a listener error); no callback
    // is accepted before then, the state it must carry being unknown.
    std::optional<Result<QUrl>> m_caught;
};

} // namespace portico
