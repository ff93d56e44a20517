#pragma once

#include "auth/useragent.h"

#include <QNetworkAccessManager>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QUrl>

class QNetworkReply;

namespace portico::testing {

// The "browser" of the integration tests: a portico::UserAgent (core/auth/useragent.h) that signs in
// through oidc-provider's real login and consent pages (tests/peers/as.mjs, devInteractions), the way a
// person would in the embedded page, without a GUI.
//
// It has its own QNetworkAccessManager and cookie jar (the AS's interaction and session cookies), follows
// redirects by hand, and on each page:
//   - a login form (inputs `login` + a password input): fills in loginName() and password(), keeps every
//     other input (the hidden `prompt=login`), POSTs it to the form's action;
//   - a consent form (hidden `prompt=consent`): POSTs it with its hidden inputs, or with denyConsent() follows
//     the page's "Cancel" link instead (the AS then redirects with error=access_denied);
// and stops at the first Location that starts with the redirect URI: done(that URL), without requesting it
// (as the embedded browser stops in acceptNavigationRequest; nothing needs to listen there). The forms are
// parsed from the HTML (action + inputs), not built from known URLs. Anything else — an error page, an
// unknown page, a redirect loop, a URL that breaks the URL policy (requirements SEC-3) — ends the flow with
// done(error).
//
// It never prints or stores the callback URL's code; lastError() holds no secrets either.
class OidcLoginUserAgent : public QObject, public portico::UserAgent
{
    Q_OBJECT

public:
    explicit OidcLoginUserAgent(QObject *parent = nullptr);
    ~OidcLoginUserAgent() override;

    // http://127.0.0.1:<preferredPort, or a free port when 0>/callback. Nothing is bound: the agent stops at
    // the redirect instead of delivering it.
    [[nodiscard]] portico::Result<QUrl> prepareRedirect(quint16 preferredPort) override;
    void authorize(const Prompt &prompt, QObject *context, CallbackDone done) override;
    void cancel() override;

    // What to type into the login page (default "alice", which becomes the tokens' `sub`).
    void setLoginName(const QString &login) { m_loginName = login; }
    [[nodiscard]] const QString &loginName() const { return m_loginName; }
    void setPassword(const QString &password) { m_password = password; }
    [[nodiscard]] const QString &password() const { return m_password; }
    // Press "Cancel" on the consent page instead of "Continue".
    void setDenyConsent(bool deny) { m_denyConsent = deny; }
    [[nodiscard]] bool denyConsent() const { return m_denyConsent; }
    // Forget the AS session (cookies): the next flow shows the login page again.
    void clearCookies();

    // Counted over the agent's life (several flows add up).
    [[nodiscard]] int loginPagesSeen() const { return m_loginPagesSeen; }
    [[nodiscard]] int consentPagesSeen() const { return m_consentPagesSeen; }
    [[nodiscard]] int authorizeCalls() const { return m_authorizeCalls; }
    // Requests this agent sent to the AS (pages, form posts, redirect hops), over its life.
    [[nodiscard]] int requestsSent() const { return m_requestsSent; }
    // Why the last flow failed (a sentence, no secrets); empty after a flow that reached the redirect URI.
    [[nodiscard]] const QString &lastError() const { return m_lastError; }
    [[nodiscard]] bool isBusy() const { return m_reply != nullptr; }

    // Redirect hops and pages per flow before the agent gives up (a loop).
    static constexpr int kMaxSteps = 20;

Q_SIGNALS:
    // Emitted for each page recognised: "login" or "consent".
    void pageSeen(const QString &kind);

private:
    void get(const QUrl &url);
    void post(const QUrl &url, const QByteArray &formBody);
    void send(QNetworkReply *reply);
    void onFinished(QNetworkReply *reply);
    void handlePage(const QUrl &pageUrl, const QByteArray &html);
    void finish(portico::Result<QUrl> result);
    void fail(portico::ErrorCode code, const QString &message);
    [[nodiscard]] bool isRedirectTarget(const QUrl &url) const;

    QNetworkAccessManager m_network;
    QString m_loginName;
    QString m_password;
    bool m_denyConsent = false;

    // The flow in progress.
    QUrl m_redirectUri;
    CallbackDone m_done;
    QPointer<QObject> m_context;
    bool m_hasContext = false;
    QNetworkReply *m_reply = nullptr;
    int m_steps = 0;

    int m_loginPagesSeen = 0;
    int m_consentPagesSeen = 0;
    int m_authorizeCalls = 0;
    int m_requestsSent = 0;
    QString m_lastError;
};

} // namespace portico::testing
