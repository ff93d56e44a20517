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
};

} // namespace portico
