#pragma once

#include "auth/authsession.h"

#include <QDateTime>
#include <QPointer>
#include <QStringList>
#include <QTimer>
#include <QWidget>

#include <functional>

class QLabel;
class QPushButton;
class QTableWidget;

namespace portico {

// The scope inspector of one server (issue 5 §4; users-and-peers.md §7.1): what the server may do on the
// person's behalf. Requested, granted, challenged and supported scopes side by side (rows where the grant
// differs from the request are highlighted), issuer, resource, client id and how it was registered, expiry
// as a live countdown, last refresh, refresh token present or not, keychain or not, the account the identity
// provider claims, and the sign-in state; with the actions refresh now, re-authorize (optionally with
// chosen scopes), sign out (revokes, A46) and forget the client registration.
//
// It shows only what AuthSession::Access holds, which never includes a token or a secret (A43, C4).
// Everything is plain text: claims and scope names come from servers and are never interpreted as markup.
class AccessPanel : public QWidget
{
    Q_OBJECT

public:
    // The scope table's columns.
    enum Column {
        ScopeColumn,
        RequestedColumn,
        GrantedColumn,
        ChallengedColumn,
        SupportedColumn,
        ColumnCount,
    };

    explicit AccessPanel(QWidget *parent = nullptr);

    // Follows the session (accessChanged / stateChanged); nullptr = "no sign-in for this server". With a
    // session set, the buttons call it directly (refreshNow / signIn / signOut / forgetClient) and still
    // emit the signals below, so whoever connects them must not call the session a second time.
    void setAuthSession(AuthSession *session);
    // What setAuthSession feeds; tests call it directly.
    void setAccess(const AuthSession::Access &access, AuthSession::State state);
    // For tests: e.g. "mcp:tools  requested ✓  granted ✓  challenged –  supported ✓"; empty when the scope
    // is in no column.
    [[nodiscard]] QString scopeRowText(const QString &scope) const;

    // For tests and the main window: whether the scope's row is highlighted (granted differs from requested).
    [[nodiscard]] bool isScopeHighlighted(const QString &scope) const;
    // The countdown as shown, e.g. "Expires in 4 min 12 s", "Expired".
    [[nodiscard]] QString expiryText() const;
    // Every text the panel shows (labels and table), one per line: what a screen reader can reach.
    [[nodiscard]] QString text() const;
    // The clock the countdown uses (tests); the default is the system clock.
    void setClock(std::function<QDateTime()> clock);

    [[nodiscard]] QTableWidget *scopeTable() const { return m_table; }
    [[nodiscard]] QPushButton *refreshButton() const { return m_refreshButton; }
    [[nodiscard]] QPushButton *reauthorizeButton() const { return m_reauthorizeButton; }
    [[nodiscard]] QPushButton *signOutButton() const { return m_signOutButton; }
    [[nodiscard]] QPushButton *forgetClientButton() const { return m_forgetButton; }

    // "expires in 4 min 12 s", "expired"; an invalid expiry gives "no expiry given".
    [[nodiscard]] static QString countdownText(const QDateTime &expiresAt, const QDateTime &now);
    // "pre-registered", "client metadata document", "dynamic registration" (A15).
    [[nodiscard]] static QString registrationText(ClientRegistration::Kind kind);

Q_SIGNALS:
    void refreshRequested();
    void reauthorizeRequested(const QStringList &scopes); // empty = same scopes as before
    void signOutRequested();
    void forgetClientRequested();

private:
    void buildUi();
    void followSession();
    void showNoSession();
    void render();
    void renderScopes();
    void updateCountdown();
    void updateButtons();
    void setStatus(const QString &message);
    [[nodiscard]] bool hasGrant() const;
    [[nodiscard]] QString accountText() const;
    [[nodiscard]] QString formatTime(const QDateTime &when) const;
    [[nodiscard]] QDateTime now() const;
    [[nodiscard]] std::function<void(Result<void>)> statusCallback(const QString &success);

    void refreshNow();
    void reauthorize();
    void signOut();
    void forgetClient();

    QPointer<AuthSession> m_session;
    QList<QMetaObject::Connection> m_sessionConnections;
    AuthSession::Access m_access;
    AuthSession::State m_state = AuthSession::State::SignedOut;
    bool m_hasSource = false; // a session or an Access was given
    std::function<QDateTime()> m_clock;
    QTimer m_countdown;

    QLabel *m_stateLabel = nullptr;
    QLabel *m_statusLabel = nullptr;
    QLabel *m_accountLabel = nullptr;
    QLabel *m_issuerLabel = nullptr;
    QLabel *m_resourceLabel = nullptr;
    QLabel *m_clientLabel = nullptr;
    QLabel *m_expiryLabel = nullptr;
    QLabel *m_refreshedLabel = nullptr;
    QLabel *m_refreshTokenLabel = nullptr;
    QLabel *m_keychainLabel = nullptr;
    QLabel *m_legendLabel = nullptr;
    QTableWidget *m_table = nullptr;
    QPushButton *m_refreshButton = nullptr;
    QPushButton *m_reauthorizeButton = nullptr;
    QPushButton *m_signOutButton = nullptr;
    QPushButton *m_forgetButton = nullptr;
};

} // namespace portico
