#pragma once

#include "common/result.h"
#include "net/destinationpolicy.h"

#include <QString>
#include <QStringList>
#include <QUrl>

#include <functional>

class QObject;

namespace portico {

// How an authorization URL is shown to a person and how the redirect comes back (requirements UI-3, AUTH-29;
// docs/architecture.md, "One connection, one sign-in"). AuthSession calls prepareRedirect() before registering or
// building the URL (the redirect URI must be known for both), then authorize() once. Implementations: HeadlessUserAgent
// (core, conformance and tests), SystemBrowserUserAgent (ui: QDesktopServices + LoopbackRedirectCatcher),
// WebEngineUserAgent (ui, the embedded page).
class UserAgent
{
public:
    // What the flow is for, shown around the page (server name, issuer host).
    struct Prompt
    {
        QUrl authorizationUrl;
        QUrl redirectUri;
        QString serverName;
        QString issuer;
        // What the sign-in asks for, and — for a step-up (requirements AUTH-39) — which of those scopes are new, so the
        // page can say exactly what more access the server wants before the person consents again.
        QStringList requestedScopes;
        QStringList newScopes; // empty unless this is a step-up
        // The server's destination rule (requirements SEC-1). InteractiveSignIn has applied it to
        // authorizationUrl already; the embedded page applies it to address literals of later main-frame
        // navigations and of the windows it hands to the system browser.
        DestinationPolicy destinations;
        // Whether a redirect URL answers this flow: the flow's own callback validation (state, then iss, then
        // error/code — RFC 6749 §10.12, RFC 9207 §2.4) on a copy of the flow, so nothing is spent by asking.
        // CallbackRejected when the URL is not this flow's answer; success for a code, and for an error the
        // authorization server sent (that answer ends the flow). Set by InteractiveSignIn; a pasted address must
        // pass it before it may end the flow (requirements AUTH-45). Unset, only the state is compared, as the
        // loopback listener does.
        std::function<Result<void>(const QUrl &callbackUrl)> answersFlow;
    };
    using CallbackDone = std::function<void(Result<QUrl> callbackUrl)>;

    UserAgent() = default;
    UserAgent(const UserAgent &) = delete;
    UserAgent &operator=(const UserAgent &) = delete;
    virtual ~UserAgent();

    // Chooses (and for a loopback listener binds) the redirect URI for the next flow. `preferredPort` is the
    // port of the redirect URI registered earlier (requirements AUTH-20: keep the registered port); 0 = any. Returns
    // http://127.0.0.1:<port>/callback.
    [[nodiscard]] virtual Result<QUrl> prepareRedirect(quint16 preferredPort) = 0;

    // Shows prompt.authorizationUrl (after checking it: https, or http to loopback only — requirements SEC-3; the
    // destination rule was applied by InteractiveSignIn, requirements SEC-1) and calls
    // `done` once with the URL the redirect arrived at, or an error (Cancelled when the person closed the
    // page, Timeout, InteractionRequired when nobody can sign in). `done` never runs synchronously and
    // never after `context` is destroyed.
    virtual void authorize(const Prompt &prompt, QObject *context, CallbackDone done) = 0;

    // Abandons the flow in progress (closes the page / the listener); `done` is then called with Cancelled.
    virtual void cancel() = 0;

    // Paste-back (requirements AUTH-45): the page was opened where neither the embedded page nor the loopback
    // listener can see its redirect (another computer), and the person pasted the address the browser ended
    // at. When checkPastedRedirect() accepts it, the flow in progress ends with that URL exactly as if the
    // listener had caught it (`done`, queued), and InteractiveSignIn validates it like any callback. Otherwise
    // the reason comes back, nothing changes, and the flow keeps waiting for the real redirect (requirements
    // SEC-7: a mistaken paste does not end the sign-in). The pasted text is never logged or repeated.
    // This default takes no paste (InvalidArgument): a user agent without a person to paste.
    [[nodiscard]] virtual Result<void> completeWithPastedUrl(const QString &pasted);

protected:
    // What every paste goes through, in order: pasted_redirect::parse() against prompt.redirectUri (lenient
    // about noise, strict about scheme, host, port and path), then prompt.answersFlow (state, iss, error/code)
    // — or, unset, the state comparison of the loopback listener. The URL to end the flow with, or why not.
    [[nodiscard]] static Result<QUrl> checkPastedRedirect(const QString &pasted, const Prompt &prompt);
};

} // namespace portico
