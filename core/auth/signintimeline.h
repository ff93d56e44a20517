#pragma once

#include "auth/scopeset.h"

#include <QDateTime>
#include <QList>
#include <QObject>
#include <QString>

#include <functional>

namespace portico {

// The readable, redacted history of one server's sign-ins: what was done, to which URL, and how it ended. The Activity
// panel shows it as it grows (stepAdded) and a support request copies it (toText()). Nothing recorded here may hold a
// secret: callers pass URLs, statuses and scope names only.
class SignInTimeline : public QObject
{
    Q_OBJECT

public:
    // One line of the sign-in timeline (requirements UI-5): what was done, to which URL, and how it ended.
    struct Step
    {
        QDateTime at;
        QString what;   // "Discovery", "Registration", "Sign-in", "Token", "Refresh", "Step-up", "Sign-out", "Keychain"
        QString detail; // URLs, statuses, scope names: never a secret
        bool ok = true;
    };

    // `serverName` prefixes the debug log lines; `clock` stamps the steps (injectable for tests).
    SignInTimeline(QString serverName, std::function<QDateTime()> clock, QObject *parent = nullptr);

    void record(const QString &what, const QString &detail, bool ok = true);

    [[nodiscard]] const QList<Step> &steps() const { return m_steps; }
    // Whether the latest step is about `what` (so a repeated failure is not written twice in a row).
    [[nodiscard]] bool lastStepIs(const QString &what) const;
    // The timeline as plain text for a support request (redacted: it never holds secrets).
    [[nodiscard]] QString toText() const;

    // How a step names a server: the host of `url`, or `url` itself when it has none (an issuer that is
    // not a URL is shown as it is).
    [[nodiscard]] static QString hostOf(const QString &url);
    // How a step names a scope set: its scopes, or "(none named)".
    [[nodiscard]] static QString scopeText(const ScopeSet &scopes);

Q_SIGNALS:
    void stepAdded(const portico::SignInTimeline::Step &step);

private:
    QString m_serverName;
    std::function<QDateTime()> m_clock;
    QList<Step> m_steps;
};

} // namespace portico
