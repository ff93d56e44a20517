#include "access/accesspanel.h"

#include <QLabel>
#include <QVBoxLayout>

namespace portico {

AccessPanel::AccessPanel(QWidget *parent)
    : QWidget(parent)
{
    setAccessibleName(tr("Access"));
    auto *outer = new QVBoxLayout(this);

    // Created top to bottom, which is also the tab order: the values, the table, then the actions.
    m_details = new AccessDetails(this);
    outer->addWidget(m_details);

    m_table = new ScopeComparisonTable(this);
    auto *scopesCaption = new QLabel(tr("&Scopes:"), this);
    scopesCaption->setBuddy(m_table);
    outer->addWidget(scopesCaption);
    outer->addWidget(m_table, 1);

    m_legendLabel = new QLabel(tr("Highlighted rows: the authorization server granted other scopes than Portico "
                                  "requested."),
                               this);
    m_legendLabel->setWordWrap(true);
    m_legendLabel->setAccessibleName(tr("Legend"));
    outer->addWidget(m_legendLabel);

    m_actions = new AccessActions(this);
    outer->addWidget(m_actions);

    showNoSession();
}

// --- sources ------------------------------------------------------------------------------------------------

void AccessPanel::setAuthSession(AuthSession *session)
{
    for (const QMetaObject::Connection &connection : std::as_const(m_sessionConnections))
        disconnect(connection);
    m_sessionConnections.clear();
    m_session = session;
    m_actions->setAuthSession(session);
    if (!session) {
        showNoSession();
        return;
    }
    m_sessionConnections.append(connect(session, &AuthSession::accessChanged, this, &AccessPanel::followSession));
    m_sessionConnections.append(connect(session, &AuthSession::stateChanged, this, &AccessPanel::followSession));
    m_sessionConnections.append(connect(session, &QObject::destroyed, this, [this]() { setAuthSession(nullptr); }));
    followSession();
}

void AccessPanel::followSession()
{
    if (m_session)
        setAccess(m_session->access(), m_session->state());
}

void AccessPanel::showNoSession()
{
    m_hasSource = false;
    m_access = AuthSession::Access();
    m_state = AuthSession::State::SignedOut;
    render();
}

void AccessPanel::setAccess(const AuthSession::Access &access, AuthSession::State state)
{
    m_hasSource = true;
    m_access = access;
    m_state = state;
    render();
}

// --- rendering ----------------------------------------------------------------------------------------------

bool AccessPanel::hasGrant() const
{
    // A token was obtained at some point (RFC 6749 §5.1): only then can "granted" differ from "requested".
    return m_access.obtainedAt.isValid() || m_access.expiresAt.isValid() || m_access.hasRefreshToken
           || !m_access.grantedScopes.isEmpty() || m_state == AuthSession::State::Authorized
           || m_state == AuthSession::State::Refreshing;
}

void AccessPanel::render()
{
    const bool granted = hasGrant();
    if (!m_hasSource) {
        m_details->showNoSignIn();
        m_table->setRowCount(0);
        m_legendLabel->hide();
    } else {
        QString state = AuthSession::stateText(m_state);
        if (m_state == AuthSession::State::Failed && m_session && m_session->lastError())
            state = tr("%1: %2").arg(state, m_session->lastError()->message());
        m_details->showAccess(m_access, state, granted);
        // The panel's palette: the highlight matches the rest of the panel.
        m_legendLabel->setVisible(m_table->showScopes(m_access, granted, palette()));
    }
    m_actions->setAccess(m_access, m_state, m_hasSource, granted);
}

QString AccessPanel::text() const
{
    QStringList lines = m_details->lines();
    lines.append(m_table->rowTexts());
    if (const QString status = m_actions->statusText(); !status.isEmpty())
        lines.append(status);
    return lines.join(QLatin1Char('\n'));
}

} // namespace portico
