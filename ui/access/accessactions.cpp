#include "access/accessactions.h"

#include "access/accessdisplay.h"
#include "access/reauthorizedialog.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QVBoxLayout>

namespace portico {

AccessActions::AccessActions(QWidget *parent)
    : QWidget(parent)
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0); // a part of the panel's own layout

    m_statusLabel = access_display::makeValueLabel(this, tr("Last action"));
    layout->addWidget(m_statusLabel);

    auto *buttons = new QHBoxLayout;
    m_refreshButton = new QPushButton(tr("&Refresh now"), this);
    m_refreshButton->setAccessibleName(tr("Refresh now"));
    m_refreshButton->setToolTip(tr("Renew the access with the refresh token, without signing in again."));
    m_reauthorizeButton = new QPushButton(tr("Re-&authorize…"), this);
    m_reauthorizeButton->setAccessibleName(tr("Re-authorize"));
    m_reauthorizeButton->setToolTip(tr("Sign in again, optionally with other scopes."));
    m_signOutButton = new QPushButton(tr("Sign &out…"), this);
    m_signOutButton->setAccessibleName(tr("Sign out"));
    m_signOutButton->setToolTip(tr("Revoke the access at the authorization server and delete the tokens here."));
    m_forgetButton = new QPushButton(tr("&Forget client registration…"), this);
    m_forgetButton->setAccessibleName(tr("Forget client registration"));
    m_forgetButton->setToolTip(tr("Drop Portico's registration at this authorization server; the next sign-in "
                                  "registers anew."));
    buttons->addWidget(m_refreshButton);
    buttons->addWidget(m_reauthorizeButton);
    buttons->addWidget(m_signOutButton);
    m_retryKeychainButton = new QPushButton(tr("Try the &keychain again"), this);
    m_retryKeychainButton->setAccessibleName(tr("Try the keychain again"));
    m_retryKeychainButton->setToolTip(tr("After unlocking or starting the system keychain: store the sign-in there, "
                                         "or read the one stored before."));
    m_retryKeychainButton->hide(); // only while the keychain failed
    buttons->addWidget(m_forgetButton);
    buttons->addWidget(m_retryKeychainButton);
    buttons->addStretch(1);
    layout->addLayout(buttons);

    connect(m_refreshButton, &QPushButton::clicked, this, &AccessActions::refreshNow);
    connect(m_reauthorizeButton, &QPushButton::clicked, this, &AccessActions::reauthorize);
    connect(m_signOutButton, &QPushButton::clicked, this, &AccessActions::signOut);
    connect(m_forgetButton, &QPushButton::clicked, this, &AccessActions::forgetClient);
    connect(m_retryKeychainButton, &QPushButton::clicked, this, &AccessActions::retryKeychain);

    // Tab order: what the last action did, then the actions left to right.
    setTabOrder(m_statusLabel, m_refreshButton);
    setTabOrder(m_refreshButton, m_reauthorizeButton);
    setTabOrder(m_reauthorizeButton, m_signOutButton);
    setTabOrder(m_signOutButton, m_forgetButton);
    setTabOrder(m_forgetButton, m_retryKeychainButton);
}

void AccessActions::setAuthSession(AuthSession *session)
{
    m_session = session;
    m_statusLabel->clear();
}

void AccessActions::setAccess(const AuthSession::Access &access, AuthSession::State state, bool hasAccess,
                              bool hasGrant)
{
    m_access = access;
    const bool busy = state == AuthSession::State::Loading || state == AuthSession::State::Discovering
                      || state == AuthSession::State::Registering || state == AuthSession::State::WaitingForUser
                      || state == AuthSession::State::ExchangingCode || state == AuthSession::State::Refreshing;
    m_refreshButton->setEnabled(hasAccess && !busy && access.hasRefreshToken);
    m_reauthorizeButton->setEnabled(hasAccess && !busy);
    m_signOutButton->setEnabled(hasAccess && !busy && hasGrant);
    m_forgetButton->setEnabled(hasAccess && !busy && !access.clientId.isEmpty());
    // A foreign entry needs a new sign-in (Re-authorize), not another try.
    m_retryKeychainButton->setVisible(hasAccess
                                      && (access.keychain == KeychainStatus::Locked
                                          || access.keychain == KeychainStatus::Unavailable
                                          || access.keychain == KeychainStatus::Failed));
}

QString AccessActions::statusText() const
{
    return m_statusLabel->text();
}

void AccessActions::setStatus(const QString &message)
{
    m_statusLabel->setText(message);
}

void AccessActions::runOnSession(const QString &busy, const QString &done,
                                 const std::function<void(AuthSession &, Completion)> &work)
{
    if (!m_session)
        return;
    setStatus(busy);
    work(*m_session, [actions = QPointer<AccessActions>(this), done](Result<void> outcome) {
        if (!actions)
            return;
        // Error::message() is a sentence for a person and never holds a secret (error.h).
        actions->setStatus(outcome.ok() ? done : outcome.error().message());
    });
}

void AccessActions::refreshNow()
{
    Q_EMIT refreshRequested();
    runOnSession(tr("Renewing the access…"), tr("The access was renewed."), &AuthSession::refreshNow);
}

void AccessActions::reauthorize()
{
    // Requirements UI-4 "re-authorize (optionally with a chosen scope set)": the scopes Portico may ask for are the
    // ones the server supports plus the ones held or asked for before; the person picks (least privilege,
    // requirements UI-4). Requested ones start checked, so OK alone means "the same as before".
    QStringList offered;
    for (const QStringList &list : {m_access.supportedScopes.value_or(QStringList()), m_access.grantedScopes.toList(),
                                    m_access.requestedScopes.toList()}) {
        for (const QString &scope : list) {
            if (!offered.contains(scope) && ScopeSet::isValidToken(scope))
                offered.append(scope);
        }
    }
    const ScopeSet previous = m_access.requestedScopes.isEmpty() ? m_access.grantedScopes : m_access.requestedScopes;

    QStringList chosen;
    if (!offered.isEmpty()) {
        ReauthorizeDialog dialog(offered, previous, this);
        if (dialog.exec() != QDialog::Accepted)
            return;
        chosen = dialog.chosenScopes();
        // Unchanged = "the same scopes as before" (the signal's empty list), which also keeps the
        // session's own selection (requirements AUTH-28) in charge.
        Result<ScopeSet> chosenSet = ScopeSet::fromList(chosen);
        if (chosenSet.ok() && chosenSet.value() == previous)
            chosen.clear();
    }

    Q_EMIT reauthorizeRequested(chosen);
    Result<ScopeSet> asked = ScopeSet::fromList(chosen); // empty: the session's own selection
    const ScopeSet scopes = asked.ok() ? asked.value() : ScopeSet();
    runOnSession(tr("Opening the sign-in page…"), tr("Signed in again."),
                 [scopes](AuthSession &session, Completion done) { session.signIn(scopes, std::move(done)); });
}

void AccessActions::signOut()
{
    // Requirements AUTH-43: signing out revokes at the AS (RFC 7009) and deletes the tokens here; the person is told
    // where.
    if (!confirm(tr("Sign out"),
                 tr("Sign out of this server? This revokes the access at %1 and deletes the tokens from this "
                    "computer.")
                     .arg(issuerForDisplay()),
                 tr("&Sign out"), tr("Sign out")))
        return;
    Q_EMIT signOutRequested();
    runOnSession(tr("Signing out…"), tr("Signed out: the tokens were deleted."), &AuthSession::signOut);
}

void AccessActions::forgetClient()
{
    // Requirements UI-4: a stale client registration must be clearable; it takes the tokens
    // of that issuer with it, so this asks first too.
    if (!confirm(tr("Forget client registration"),
                 tr("Forget Portico's client registration at %1? Its tokens are deleted too, and the next sign-in "
                    "registers Portico anew.")
                     .arg(issuerForDisplay()),
                 tr("&Forget"), tr("Forget client registration")))
        return;
    Q_EMIT forgetClientRequested();
    runOnSession(tr("Forgetting the client registration…"), tr("The client registration was forgotten."),
                 &AuthSession::forgetClient);
}

void AccessActions::retryKeychain()
{
    Q_EMIT retryKeychainRequested();
    runOnSession(tr("Trying the system keychain again…"), tr("The system keychain works again."),
                 &AuthSession::retryKeychain);
}

bool AccessActions::confirm(const QString &title, const QString &question, const QString &confirmText,
                            const QString &confirmName)
{
    QMessageBox box(QMessageBox::Question, title, question, QMessageBox::NoButton, this);
    box.setTextFormat(Qt::PlainText);
    QPushButton *confirmButton = box.addButton(confirmText, QMessageBox::AcceptRole);
    confirmButton->setAccessibleName(confirmName);
    QPushButton *cancel = box.addButton(QMessageBox::Cancel);
    cancel->setAccessibleName(tr("Cancel"));
    box.setDefaultButton(cancel); // Enter must not revoke by accident
    box.setEscapeButton(cancel);
    box.exec();
    return box.clickedButton() == confirmButton;
}

QString AccessActions::issuerForDisplay() const
{
    return m_access.issuer.isEmpty() ? tr("the authorization server")
                                     : access_display::cleanForDisplay(m_access.issuer);
}

} // namespace portico
