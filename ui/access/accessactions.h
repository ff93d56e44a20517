#pragma once

#include "auth/authsession.h"

#include <QPointer>
#include <QStringList>
#include <QWidget>

#include <functional>

class QLabel;
class QPushButton;

namespace portico {

// The bottom of the Access panel: what the last action did, and the actions refresh now, re-authorize
// (optionally with chosen scopes, in a ReauthorizeDialog), sign out (revokes the tokens, RFC 7009) and forget the
// client registration. Signing out and forgetting ask first, with Cancel as the default. While the keychain is
// locked or unavailable, "Try the keychain again" stores (or reads) what it could not (requirements SEC-16).
//
// Each action emits its signal; with a session set it also calls the session itself and shows the outcome.
class AccessActions : public QWidget
{
    Q_OBJECT

public:
    explicit AccessActions(QWidget *parent = nullptr);

    // The session the actions call; nullptr = only the signals. Clears what the last action did.
    void setAuthSession(AuthSession *session);
    // What the actions work on and whether each is possible now: `hasAccess` (a session or an Access was
    // given) and `hasGrant` (a token was obtained at some point).
    void setAccess(const AuthSession::Access &access, AuthSession::State state, bool hasAccess, bool hasGrant);
    // What the last action did ("Signed in again.", an error), empty before any.
    [[nodiscard]] QString statusText() const;

    [[nodiscard]] QPushButton *refreshButton() const { return m_refreshButton; }
    [[nodiscard]] QPushButton *reauthorizeButton() const { return m_reauthorizeButton; }
    [[nodiscard]] QPushButton *signOutButton() const { return m_signOutButton; }
    [[nodiscard]] QPushButton *forgetClientButton() const { return m_forgetButton; }
    [[nodiscard]] QPushButton *retryKeychainButton() const { return m_retryKeychainButton; }

Q_SIGNALS:
    void refreshRequested();
    void reauthorizeRequested(const QStringList &scopes); // empty = same scopes as before
    void signOutRequested();
    void forgetClientRequested();
    void retryKeychainRequested();

private:
    void refreshNow();
    void reauthorize();
    void signOut();
    void forgetClient();
    void retryKeychain();
    // A question with a confirm button and Cancel (the default, so Enter never confirms by accident).
    [[nodiscard]] bool confirm(const QString &title, const QString &question, const QString &confirmText,
                               const QString &confirmName);
    [[nodiscard]] QString issuerForDisplay() const;
    void setStatus(const QString &message);
    using Completion = std::function<void(Result<void>)>;
    // With a session set: shows `busy`, has the session do `work`, then shows `done` or the error.
    void runOnSession(const QString &busy, const QString &done,
                      const std::function<void(AuthSession &, Completion)> &work);

    QPointer<AuthSession> m_session;
    AuthSession::Access m_access;

    QLabel *m_statusLabel = nullptr;
    QPushButton *m_refreshButton = nullptr;
    QPushButton *m_reauthorizeButton = nullptr;
    QPushButton *m_signOutButton = nullptr;
    QPushButton *m_forgetButton = nullptr;
    QPushButton *m_retryKeychainButton = nullptr;
};

} // namespace portico
