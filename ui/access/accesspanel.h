#pragma once

#include "access/accessactions.h"
#include "access/accessdetails.h"
#include "access/scopecomparisontable.h"
#include "auth/authsession.h"

#include <QDateTime>
#include <QList>
#include <QPointer>
#include <QStringList>
#include <QWidget>

#include <functional>

class QLabel;
class QPushButton;

namespace portico {

// The scope inspector of one server (requirements UI-4): what the server may do on the
// person's behalf. Requested, granted, challenged and supported scopes side by side (rows where the grant
// differs from the request are highlighted), issuer, resource, client id and how it was registered, expiry
// as a live countdown, last refresh, refresh token present or not, keychain or not, the account the identity
// provider claims, and the sign-in state; with the actions refresh now, re-authorize (optionally with
// chosen scopes), sign out (revokes, requirements AUTH-43) and forget the client registration.
//
// It shows only what AuthSession::Access holds, which never includes a token or a secret (requirements SEC-4).
// Everything is plain text: claims and scope names come from servers and are never interpreted as markup.
// The panel follows the session and hands what it holds to its three parts: AccessDetails (the values),
// ScopeComparisonTable (the scopes) and AccessActions (the buttons).
class AccessPanel : public QWidget
{
    Q_OBJECT

public:
    explicit AccessPanel(QWidget *parent = nullptr);

    // Follows the session (accessChanged / stateChanged); nullptr = "no sign-in for this server". With a
    // session set, the buttons call it directly (refreshNow / signIn / signOut / forgetClient) and still
    // emit the signals of actions(), so whoever connects them must not call the session a second time.
    void setAuthSession(AuthSession *session);
    // What setAuthSession feeds; tests call it directly.
    void setAccess(const AuthSession::Access &access, AuthSession::State state);
    // For tests: e.g. "mcp:tools  requested ✓  granted ✓  challenged –  supported ✓"; empty when the scope
    // is in no column.
    [[nodiscard]] QString scopeRowText(const QString &scope) const { return m_table->rowText(scope); }

    // For tests and the main window: whether the scope's row is highlighted (granted differs from requested).
    [[nodiscard]] bool isScopeHighlighted(const QString &scope) const { return m_table->isHighlighted(scope); }
    // The countdown as shown, e.g. "Expires in 4 min 12 s", "Expired".
    [[nodiscard]] QString expiryText() const { return m_details->expiryText(); }
    // Every text the panel shows (labels and table), one per line: what a screen reader can reach.
    [[nodiscard]] QString text() const;
    // The server's "Allow private network addresses" setting, shown in the details (nullopt: no server).
    void setPrivateNetworkAllowed(std::optional<bool> allowed) { m_details->setPrivateNetworkAllowed(allowed); }
    // The clock the countdown uses (tests); the default is the system clock.
    void setClock(std::function<QDateTime()> clock) { m_details->setClock(std::move(clock)); }

    [[nodiscard]] ScopeComparisonTable *scopeTable() const { return m_table; }
    // The buttons, with a signal for each action.
    [[nodiscard]] AccessActions *actions() const { return m_actions; }
    [[nodiscard]] QPushButton *refreshButton() const { return m_actions->refreshButton(); }
    [[nodiscard]] QPushButton *reauthorizeButton() const { return m_actions->reauthorizeButton(); }
    [[nodiscard]] QPushButton *signOutButton() const { return m_actions->signOutButton(); }
    [[nodiscard]] QPushButton *forgetClientButton() const { return m_actions->forgetClientButton(); }
    [[nodiscard]] QPushButton *retryKeychainButton() const { return m_actions->retryKeychainButton(); }

private:
    void followSession();
    void showNoSession();
    void render();
    [[nodiscard]] bool hasGrant() const;

    QPointer<AuthSession> m_session;
    QList<QMetaObject::Connection> m_sessionConnections;
    AuthSession::Access m_access;
    AuthSession::State m_state = AuthSession::State::SignedOut;
    bool m_hasSource = false; // a session or an Access was given

    AccessDetails *m_details = nullptr;
    ScopeComparisonTable *m_table = nullptr;
    QLabel *m_legendLabel = nullptr;
    AccessActions *m_actions = nullptr;
};

} // namespace portico
