#pragma once

#include "auth/authsession.h"

#include <QDateTime>
#include <QStringList>
#include <QTimer>
#include <QWidget>

#include <functional>
#include <optional>

class QLabel;

namespace portico {

// The upper part of the Access panel: the sign-in state in bold, then issuer, resource, client id and how
// it was registered, expiry as a live countdown, last refresh, refresh token present or not, keychain or
// not, the account the identity provider claims, and which network addresses the server's requests may
// reach. Every value is a selectable plain-text label.
class AccessDetails : public QWidget
{
    Q_OBJECT

public:
    explicit AccessDetails(QWidget *parent = nullptr);

    // "No sign-in for this server." and a dash for every value.
    void showNoSignIn();
    // `stateText`: the sign-in state in words; `hasGrant`: a token was obtained at some point.
    void showAccess(const AuthSession::Access &access, const QString &stateText, bool hasGrant);
    // The server's "Allow private network addresses" setting (ServerConfig::allowPrivateNetwork), shown with
    // or without a sign-in since it governs the MCP and the sign-in requests alike; nullopt: no server, "—".
    void setPrivateNetworkAllowed(std::optional<bool> allowed);
    // The countdown as shown, e.g. "expires in 4 min 12 s (at 10:04:12)", "expired (at …)".
    [[nodiscard]] QString expiryText() const;
    // The state, then one "Name: value" line per value, as shown.
    [[nodiscard]] QStringList lines() const;
    // The clock the countdown uses (tests); nullptr = the system clock.
    void setClock(std::function<QDateTime()> clock);

    // "expires in 4 min 12 s", "expired"; an invalid expiry gives "no expiry given".
    [[nodiscard]] static QString countdownText(const QDateTime &expiresAt, const QDateTime &now);
    // "pre-registered", "client metadata document", "dynamic registration" (requirements AUTH-14).
    [[nodiscard]] static QString registrationText(ClientRegistration::Kind kind);

private:
    struct Row
    {
        QString name; // as in lines(): "Account", "Issuer", …
        QLabel *value = nullptr;
    };

    void updateCountdown();
    [[nodiscard]] QString accountText() const;
    [[nodiscard]] QString formatTime(const QDateTime &when) const;
    // The keychain row: stored, waiting, or which failure and what to do.
    [[nodiscard]] QString keychainText() const;
    [[nodiscard]] QDateTime now() const;
    void showPrivateNetwork();

    std::function<QDateTime()> m_clock;
    QTimer m_countdown;
    AuthSession::Access m_access;
    bool m_showsAccess = false;
    bool m_hasGrant = false;
    std::optional<bool> m_privateNetworkAllowed;

    QLabel *m_stateLabel = nullptr;
    QLabel *m_accountLabel = nullptr;
    QLabel *m_issuerLabel = nullptr;
    QLabel *m_resourceLabel = nullptr;
    QLabel *m_clientLabel = nullptr;
    QLabel *m_expiryLabel = nullptr;
    QLabel *m_refreshedLabel = nullptr;
    QLabel *m_refreshTokenLabel = nullptr;
    QLabel *m_keychainLabel = nullptr;
    QLabel *m_privateNetworkLabel = nullptr;
    QList<Row> m_rows; // the values above from account to private network, top to bottom
};

} // namespace portico
