#include "access/accesspanel.h"

#include <QCheckBox>
#include <QDialog>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonValue>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

#include <algorithm>

namespace portico {

namespace {

// Claims and scope names come from servers: at most this many characters of one value are shown.
constexpr qsizetype kMaxShownLength = 256;

// Server-supplied text is shown as plain text only, without control or format characters: a claim or scope
// name must not be able to inject markup, new lines or bidirectional overrides that make it read as
// something else (users-and-peers.md §13: the account is "claimed", not verified).
QString cleanForDisplay(const QString &text)
{
    QString clean;
    clean.reserve(qMin(text.size(), kMaxShownLength));
    for (const QChar c : text) {
        const QChar::Category category = c.category();
        if (category == QChar::Other_Control || category == QChar::Other_Format)
            continue;
        clean.append(c);
        if (clean.size() >= kMaxShownLength) {
            clean.append(QChar(0x2026)); // …
            break;
        }
    }
    return clean;
}

QLabel *makeValueLabel(QWidget *parent, const QString &accessibleName)
{
    auto *label = new QLabel(parent);
    label->setTextFormat(Qt::PlainText); // never rich text: values come from servers
    label->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    label->setFocusPolicy(Qt::StrongFocus); // reachable with Tab for screen readers and copying
    label->setWordWrap(true);
    label->setAccessibleName(accessibleName);
    return label;
}

QString mark(bool present)
{
    return present ? QStringLiteral("✓") : QString();
}

} // namespace

AccessPanel::AccessPanel(QWidget *parent)
    : QWidget(parent)
    , m_clock([]() { return QDateTime::currentDateTimeUtc(); })
{
    buildUi();
    // The countdown moves every second (issue 5 §4: "expiry countdown"); updateCountdown() schedules each
    // tick just after the shown second has passed (a plain 1 s timer drifts against the expiry's second
    // boundary and would now and then show the same second twice).
    m_countdown.setTimerType(Qt::PreciseTimer);
    m_countdown.setSingleShot(true);
    connect(&m_countdown, &QTimer::timeout, this, &AccessPanel::updateCountdown);
    showNoSession();
}

void AccessPanel::buildUi()
{
    setAccessibleName(tr("Access"));
    auto *outer = new QVBoxLayout(this);

    m_stateLabel = makeValueLabel(this, tr("Sign-in state"));
    QFont stateFont = m_stateLabel->font();
    stateFont.setBold(true);
    m_stateLabel->setFont(stateFont);
    outer->addWidget(m_stateLabel);

    auto *form = new QFormLayout;
    // Values take the whole width and wrap only when they must (long issuer URLs).
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    const auto addRow = [this, form](const QString &label, const QString &accessibleName) {
        QLabel *value = makeValueLabel(this, accessibleName);
        auto *caption = new QLabel(label, this);
        caption->setBuddy(value); // the mnemonic moves the focus to the value
        form->addRow(caption, value);
        return value;
    };
    m_accountLabel = addRow(tr("A&ccount:"), tr("Account"));
    m_issuerLabel = addRow(tr("&Issuer:"), tr("Issuer"));
    m_resourceLabel = addRow(tr("Reso&urce:"), tr("Resource"));
    m_clientLabel = addRow(tr("C&lient:"), tr("Client"));
    m_expiryLabel = addRow(tr("E&xpiry:"), tr("Expiry"));
    m_refreshedLabel = addRow(tr("Last r&efresh:"), tr("Last refresh"));
    m_refreshTokenLabel = addRow(tr("Refresh &token:"), tr("Refresh token"));
    m_keychainLabel = addRow(tr("&Keychain:"), tr("Keychain"));
    outer->addLayout(form);

    m_table = new QTableWidget(0, ColumnCount, this);
    m_table->setAccessibleName(tr("Scopes"));
    m_table->setAccessibleDescription(
        tr("Each scope with whether it was requested, granted, asked for by the server, and listed as supported."));
    m_table->setHorizontalHeaderLabels(
        {tr("Scope"), tr("Requested"), tr("Granted"), tr("Challenged"), tr("Supported")});
    m_table->horizontalHeaderItem(RequestedColumn)->setToolTip(tr("Portico asked for this scope when signing in."));
    m_table->horizontalHeaderItem(GrantedColumn)
        ->setToolTip(tr("The authorization server granted this scope (RFC 6749 §5.1)."));
    m_table->horizontalHeaderItem(ChallengedColumn)
        ->setToolTip(tr("The server asked for this scope in its last challenge (RFC 6750 §3)."));
    m_table->horizontalHeaderItem(SupportedColumn)
        ->setToolTip(tr("The server lists this scope as supported (RFC 9728)."));
    m_table->verticalHeader()->setVisible(false);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setTabKeyNavigation(false); // Tab leaves the table for the buttons
    m_table->horizontalHeader()->setSectionResizeMode(ScopeColumn, QHeaderView::Stretch);
    for (int column = RequestedColumn; column < ColumnCount; ++column)
        m_table->horizontalHeader()->setSectionResizeMode(column, QHeaderView::ResizeToContents);
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

    m_statusLabel = makeValueLabel(this, tr("Last action"));
    outer->addWidget(m_statusLabel);

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
    buttons->addWidget(m_forgetButton);
    buttons->addStretch(1);
    outer->addLayout(buttons);

    connect(m_refreshButton, &QPushButton::clicked, this, &AccessPanel::refreshNow);
    connect(m_reauthorizeButton, &QPushButton::clicked, this, &AccessPanel::reauthorize);
    connect(m_signOutButton, &QPushButton::clicked, this, &AccessPanel::signOut);
    connect(m_forgetButton, &QPushButton::clicked, this, &AccessPanel::forgetClient);

    // Tab order: the values top to bottom, the table, then the actions.
    setTabOrder(m_stateLabel, m_accountLabel);
    setTabOrder(m_accountLabel, m_issuerLabel);
    setTabOrder(m_issuerLabel, m_resourceLabel);
    setTabOrder(m_resourceLabel, m_clientLabel);
    setTabOrder(m_clientLabel, m_expiryLabel);
    setTabOrder(m_expiryLabel, m_refreshedLabel);
    setTabOrder(m_refreshedLabel, m_refreshTokenLabel);
    setTabOrder(m_refreshTokenLabel, m_keychainLabel);
    setTabOrder(m_keychainLabel, m_table);
    setTabOrder(m_table, m_statusLabel);
    setTabOrder(m_statusLabel, m_refreshButton);
    setTabOrder(m_refreshButton, m_reauthorizeButton);
    setTabOrder(m_reauthorizeButton, m_signOutButton);
    setTabOrder(m_signOutButton, m_forgetButton);
}

// --- sources ------------------------------------------------------------------------------------------------

void AccessPanel::setAuthSession(AuthSession *session)
{
    for (const QMetaObject::Connection &connection : std::as_const(m_sessionConnections))
        disconnect(connection);
    m_sessionConnections.clear();
    m_session = session;
    m_statusLabel->clear();
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

void AccessPanel::setClock(std::function<QDateTime()> clock)
{
    m_clock = clock ? std::move(clock) : std::function<QDateTime()>([]() { return QDateTime::currentDateTimeUtc(); });
    updateCountdown();
}

QDateTime AccessPanel::now() const
{
    return m_clock();
}

// --- rendering ----------------------------------------------------------------------------------------------

bool AccessPanel::hasGrant() const
{
    // A token was obtained at some point (RFC 6749 §5.1): only then can "granted" differ from "requested".
    return m_access.obtainedAt.isValid() || m_access.expiresAt.isValid() || m_access.hasRefreshToken
           || !m_access.grantedScopes.isEmpty() || m_state == AuthSession::State::Authorized
           || m_state == AuthSession::State::Refreshing;
}

QString AccessPanel::formatTime(const QDateTime &when) const
{
    const QDateTime local = when.toLocalTime();
    const QString time = local.time().toString(QStringLiteral("HH:mm:ss"));
    if (local.date() == now().toLocalTime().date())
        return time;
    return tr("%1 %2").arg(QLocale().toString(local.date(), QLocale::ShortFormat), time);
}

QString AccessPanel::registrationText(ClientRegistration::Kind kind)
{
    // A15: the three ways Portico comes to have a client id at an authorization server.
    switch (kind) {
    case ClientRegistration::Kind::PreRegistered:
        return tr("pre-registered");
    case ClientRegistration::Kind::MetadataDocument:
        return tr("client metadata document");
    case ClientRegistration::Kind::Dynamic:
        return tr("dynamic registration");
    }
    return {};
}

QString AccessPanel::countdownText(const QDateTime &expiresAt, const QDateTime &now)
{
    if (!expiresAt.isValid())
        return tr("no expiry given");
    const qint64 ms = now.msecsTo(expiresAt);
    if (ms <= 0)
        return tr("expired");
    const qint64 seconds = (ms + 999) / 1000; // "in 1 s" until it has really passed
    if (seconds < 60)
        return tr("expires in %1 s").arg(seconds);
    if (seconds < 3600)
        return tr("expires in %1 min %2 s").arg(seconds / 60).arg(seconds % 60);
    if (seconds < 86400)
        return tr("expires in %1 h %2 min").arg(seconds / 3600).arg((seconds % 3600) / 60);
    return tr("expires in %1 d %2 h").arg(seconds / 86400).arg((seconds % 86400) / 3600);
}

QString AccessPanel::accountText() const
{
    // Only these four claims, only as strings (OpenID Connect Core §5.1): the id_token is displayed, never
    // trusted (architecture.md), so the text says who claims it.
    QStringList parts;
    const auto claim = [this](const QString &name) { return cleanForDisplay(m_access.account.value(name).toString()); };
    const QString name = claim(QStringLiteral("name"));
    const QString email = claim(QStringLiteral("email"));
    const QString username = claim(QStringLiteral("preferred_username"));
    const QString subject = claim(QStringLiteral("sub"));
    if (!name.isEmpty())
        parts.append(name);
    if (!email.isEmpty() && email != name)
        parts.append(email);
    if (!username.isEmpty() && username != name && username != email)
        parts.append(tr("user %1").arg(username));
    if (!subject.isEmpty())
        parts.append(tr("subject %1").arg(subject));
    if (parts.isEmpty())
        return tr("not named by the identity provider");
    return tr("%1 (claimed by the identity provider)").arg(parts.join(QStringLiteral(", ")));
}

void AccessPanel::render()
{
    if (!m_hasSource) {
        m_stateLabel->setText(tr("No sign-in for this server."));
        for (QLabel *label : {m_accountLabel, m_issuerLabel, m_resourceLabel, m_clientLabel, m_expiryLabel,
                              m_refreshedLabel, m_refreshTokenLabel, m_keychainLabel})
            label->setText(tr("—"));
        m_table->setRowCount(0);
        m_legendLabel->hide();
        m_countdown.stop();
        updateButtons();
        return;
    }

    QString state = AuthSession::stateText(m_state);
    if (m_state == AuthSession::State::Failed && m_session && m_session->lastError())
        state = tr("%1: %2").arg(state, m_session->lastError()->message());
    m_stateLabel->setText(state);

    m_accountLabel->setText(m_access.account.isEmpty() ? tr("not named by the identity provider") : accountText());
    m_issuerLabel->setText(m_access.issuer.isEmpty() ? tr("not known yet") : cleanForDisplay(m_access.issuer));
    m_resourceLabel->setText(m_access.resource.isEmpty() ? tr("not named") : cleanForDisplay(m_access.resource));
    if (m_access.clientId.isEmpty()) {
        m_clientLabel->setText(tr("not registered yet"));
    } else if (m_access.registration) {
        m_clientLabel->setText(
            tr("%1 (%2)").arg(cleanForDisplay(m_access.clientId), registrationText(*m_access.registration)));
    } else {
        m_clientLabel->setText(cleanForDisplay(m_access.clientId));
    }

    if (m_access.refreshedAt.isValid())
        m_refreshedLabel->setText(tr("refreshed at %1").arg(formatTime(m_access.refreshedAt)));
    else if (m_access.obtainedAt.isValid())
        m_refreshedLabel->setText(tr("not refreshed yet (obtained at %1)").arg(formatTime(m_access.obtainedAt)));
    else
        m_refreshedLabel->setText(tr("not refreshed yet"));

    // A37: a refresh token is not always issued; without one, expiry means signing in again.
    m_refreshTokenLabel->setText(m_access.hasRefreshToken ? tr("yes: access is renewed without signing in again")
                                                          : tr("no: when the access expires, sign in again"));
    // A43: tokens live in the keychain; when it failed they are held in memory only (lost at exit).
    if (m_access.remembered)
        m_keychainLabel->setText(tr("remembered in the keychain"));
    else if (hasGrant())
        m_keychainLabel->setText(tr("not remembered (keychain unavailable)"));
    else
        m_keychainLabel->setText(tr("nothing stored"));

    renderScopes();
    updateCountdown();
    updateButtons();
}

void AccessPanel::renderScopes()
{
    // Every scope named anywhere, in the order: requested, granted, challenged, supported (ScopeSet keeps
    // the servers' order, so the table reads the way they wrote it).
    QStringList scopes;
    const auto addAll = [&scopes](const QStringList &list) {
        for (const QString &scope : list) {
            if (!scopes.contains(scope))
                scopes.append(scope);
        }
    };
    addAll(m_access.requestedScopes.toList());
    addAll(m_access.grantedScopes.toList());
    addAll(m_access.challengedScopes.toList());
    const QStringList supported = m_access.supportedScopes.value_or(QStringList());
    addAll(supported);

    const bool compare = hasGrant();
    bool anyDiffers = false;
    const QPalette colours = palette();
    m_table->setRowCount(int(scopes.size()));
    for (int row = 0; row < scopes.size(); ++row) {
        const QString &scope = scopes.at(row);
        const bool requested = m_access.requestedScopes.contains(scope);
        const bool granted = m_access.grantedScopes.contains(scope);
        const bool challenged = m_access.challengedScopes.contains(scope);
        const bool isSupported = supported.contains(scope);
        // Issue 5 §4: a grant that differs from the request is what a person must notice (the AS narrowed
        // or widened it, RFC 6749 §3.3 "the authorization server MAY fully or partially ignore the scope").
        const bool differs = compare && requested != granted;
        anyDiffers = anyDiffers || differs;
        QString description;
        if (differs) {
            description = requested ? tr("Requested but not granted: the authorization server left this scope out.")
                                    : tr("Granted without being requested.");
        }
        const QList<std::pair<int, QString>> cells = {
            {ScopeColumn, cleanForDisplay(scope)}, {RequestedColumn, mark(requested)},   {GrantedColumn, mark(granted)},
            {ChallengedColumn, mark(challenged)},  {SupportedColumn, mark(isSupported)},
        };
        for (const auto &[column, text] : cells) {
            auto *item = new QTableWidgetItem(text);
            if (column != ScopeColumn)
                item->setTextAlignment(Qt::AlignCenter);
            // Screen readers hear "yes"/"no" rather than a check mark or silence.
            const QString header = m_table->horizontalHeaderItem(column)->text();
            if (column != ScopeColumn) {
                item->setData(Qt::AccessibleTextRole,
                              text.isEmpty() ? tr("%1: no").arg(header) : tr("%1: yes").arg(header));
            }
            if (differs) {
                // Palette roles only (ui-common: dark themes): highlight and its text, plus bold for
                // those who cannot tell the colours apart, plus the description for screen readers.
                QFont font = item->font();
                font.setBold(true);
                item->setFont(font);
                item->setBackground(colours.brush(QPalette::Highlight));
                item->setForeground(colours.brush(QPalette::HighlightedText));
                item->setToolTip(description);
                item->setData(Qt::AccessibleDescriptionRole, description);
            }
            item->setData(Qt::UserRole, differs);
            m_table->setItem(row, column, item);
        }
    }
    m_legendLabel->setVisible(anyDiffers);
    if (!m_access.supportedScopes) {
        m_table->horizontalHeaderItem(SupportedColumn)
            ->setToolTip(tr("The server did not list the scopes it supports (RFC 9728 scopes_supported)."));
    } else {
        m_table->horizontalHeaderItem(SupportedColumn)
            ->setToolTip(tr("The server lists this scope as supported (RFC 9728)."));
    }
}

void AccessPanel::updateCountdown()
{
    if (!m_hasSource) {
        m_expiryLabel->setText(tr("—"));
        m_countdown.stop();
        return;
    }
    QString text;
    if (!m_access.expiresAt.isValid())
        text = hasGrant() ? tr("no expiry given") : tr("no access yet");
    else
        text = tr("%1 (at %2)").arg(countdownText(m_access.expiresAt, now()), formatTime(m_access.expiresAt));
    if (m_expiryLabel->text() != text)
        m_expiryLabel->setText(text);

    // The next tick: right after the remaining time drops below the whole second shown (countdownText
    // rounds up), so each second is shown once; nothing more to do once expired.
    const qint64 ms = m_access.expiresAt.isValid() ? now().msecsTo(m_access.expiresAt) : 0;
    if (ms > 0) {
        const qint64 untilNextSecond = ms % 1000 == 0 ? 1000 : ms % 1000;
        m_countdown.start(int(untilNextSecond) + 5);
    } else {
        m_countdown.stop();
    }
}

QString AccessPanel::expiryText() const
{
    return m_expiryLabel->text();
}

void AccessPanel::updateButtons()
{
    const bool busy = m_state == AuthSession::State::Loading || m_state == AuthSession::State::Discovering
                      || m_state == AuthSession::State::Registering || m_state == AuthSession::State::WaitingForUser
                      || m_state == AuthSession::State::ExchangingCode || m_state == AuthSession::State::Refreshing;
    m_refreshButton->setEnabled(m_hasSource && !busy && m_access.hasRefreshToken);
    m_reauthorizeButton->setEnabled(m_hasSource && !busy);
    m_signOutButton->setEnabled(m_hasSource && !busy && hasGrant());
    m_forgetButton->setEnabled(m_hasSource && !busy && !m_access.clientId.isEmpty());
}

void AccessPanel::setStatus(const QString &message)
{
    m_statusLabel->setText(message);
}

std::function<void(Result<void>)> AccessPanel::statusCallback(const QString &success)
{
    return [panel = QPointer<AccessPanel>(this), success](Result<void> outcome) {
        if (!panel)
            return;
        // Error::message() is a sentence for a person and never holds a secret (error.h).
        panel->setStatus(outcome.ok() ? success : outcome.error().message());
    };
}

// --- scope queries (tests, main window) ---------------------------------------------------------------------

QString AccessPanel::scopeRowText(const QString &scope) const
{
    for (int row = 0; row < m_table->rowCount(); ++row) {
        if (m_table->item(row, ScopeColumn)->text() != scope)
            continue;
        const auto cell = [this, row](int column) {
            const QString text = m_table->item(row, column)->text();
            return text.isEmpty() ? QStringLiteral("–") : text;
        };
        return tr("%1  requested %2  granted %3  challenged %4  supported %5")
            .arg(scope, cell(RequestedColumn), cell(GrantedColumn), cell(ChallengedColumn), cell(SupportedColumn));
    }
    return {};
}

bool AccessPanel::isScopeHighlighted(const QString &scope) const
{
    for (int row = 0; row < m_table->rowCount(); ++row) {
        if (m_table->item(row, ScopeColumn)->text() == scope)
            return m_table->item(row, ScopeColumn)->data(Qt::UserRole).toBool();
    }
    return false;
}

QString AccessPanel::text() const
{
    QStringList lines;
    lines.append(m_stateLabel->text());
    const QList<std::pair<QString, QLabel *>> rows = {
        {tr("Account"), m_accountLabel},
        {tr("Issuer"), m_issuerLabel},
        {tr("Resource"), m_resourceLabel},
        {tr("Client"), m_clientLabel},
        {tr("Expiry"), m_expiryLabel},
        {tr("Last refresh"), m_refreshedLabel},
        {tr("Refresh token"), m_refreshTokenLabel},
        {tr("Keychain"), m_keychainLabel},
    };
    for (const auto &[name, label] : rows)
        lines.append(tr("%1: %2").arg(name, label->text()));
    for (int row = 0; row < m_table->rowCount(); ++row)
        lines.append(scopeRowText(m_table->item(row, ScopeColumn)->text()));
    if (!m_statusLabel->text().isEmpty())
        lines.append(m_statusLabel->text());
    return lines.join(QLatin1Char('\n'));
}

// --- actions ------------------------------------------------------------------------------------------------

void AccessPanel::refreshNow()
{
    Q_EMIT refreshRequested();
    if (m_session) {
        setStatus(tr("Renewing the access…"));
        m_session->refreshNow(statusCallback(tr("The access was renewed.")));
    }
}

void AccessPanel::reauthorize()
{
    // Issue 5 §4 "re-authorize (optionally with a chosen scope set)": the scopes Portico may ask for are the
    // ones the server supports plus the ones held or asked for before; the person picks (least privilege,
    // users-and-peers.md §7.1). Requested ones start checked, so OK alone means "the same as before".
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
        QDialog dialog(this);
        dialog.setWindowTitle(tr("Re-authorize"));
        dialog.setAccessibleName(tr("Re-authorize"));
        auto *layout = new QVBoxLayout(&dialog);
        auto *intro = new QLabel(tr("Choose the scopes to ask for. The sign-in page opens next; the authorization "
                                    "server may grant fewer."),
                                 &dialog);
        intro->setWordWrap(true);
        layout->addWidget(intro);
        QList<QCheckBox *> boxes;
        for (const QString &scope : std::as_const(offered)) {
            auto *box = new QCheckBox(cleanForDisplay(scope), &dialog);
            box->setAccessibleName(tr("Scope %1").arg(cleanForDisplay(scope)));
            box->setChecked(previous.contains(scope));
            box->setProperty("scope", scope);
            layout->addWidget(box);
            boxes.append(box);
        }
        auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, &dialog);
        QPushButton *ok = buttons->button(QDialogButtonBox::Ok);
        ok->setText(tr("&Sign in"));
        ok->setAccessibleName(tr("Sign in with the chosen scopes"));
        buttons->button(QDialogButtonBox::Cancel)->setAccessibleName(tr("Cancel"));
        layout->addWidget(buttons);
        connect(buttons, &QDialogButtonBox::accepted, &dialog, &QDialog::accept);
        connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
        // Asking for no scope at all would mean "the AS default" (A29 rule 3), not "the same as before":
        // at least one box must be checked.
        const auto updateOk = [ok, &boxes]() {
            ok->setEnabled(std::any_of(boxes.cbegin(), boxes.cend(), [](QCheckBox *b) { return b->isChecked(); }));
        };
        for (QCheckBox *box : std::as_const(boxes))
            connect(box, &QCheckBox::toggled, &dialog, updateOk);
        updateOk();
        if (dialog.exec() != QDialog::Accepted)
            return;
        for (QCheckBox *box : std::as_const(boxes)) {
            if (box->isChecked())
                chosen.append(box->property("scope").toString());
        }
        // Unchanged = "the same scopes as before" (the signal's empty list), which also keeps the
        // session's own selection (A29) in charge.
        Result<ScopeSet> chosenSet = ScopeSet::fromList(chosen);
        if (chosenSet.ok() && chosenSet.value() == previous)
            chosen.clear();
    }

    Q_EMIT reauthorizeRequested(chosen);
    if (m_session) {
        Result<ScopeSet> scopes = ScopeSet::fromList(chosen);
        setStatus(tr("Opening the sign-in page…"));
        m_session->signIn(scopes.ok() ? scopes.value() : ScopeSet(), statusCallback(tr("Signed in again.")));
    }
}

void AccessPanel::signOut()
{
    // A46: signing out revokes at the AS (RFC 7009) and deletes the tokens here; the person is told where.
    const QString where = m_access.issuer.isEmpty() ? tr("the authorization server") : cleanForDisplay(m_access.issuer);
    QMessageBox box(QMessageBox::Question, tr("Sign out"),
                    tr("Sign out of this server? This revokes the access at %1 and deletes the tokens from this "
                       "computer.")
                        .arg(where),
                    QMessageBox::NoButton, this);
    box.setTextFormat(Qt::PlainText);
    QPushButton *confirm = box.addButton(tr("&Sign out"), QMessageBox::AcceptRole);
    confirm->setAccessibleName(tr("Sign out"));
    QPushButton *cancel = box.addButton(QMessageBox::Cancel);
    cancel->setAccessibleName(tr("Cancel"));
    box.setDefaultButton(cancel); // Enter must not revoke by accident
    box.setEscapeButton(cancel);
    box.exec();
    if (box.clickedButton() != confirm)
        return;
    Q_EMIT signOutRequested();
    if (m_session) {
        setStatus(tr("Signing out…"));
        m_session->signOut(statusCallback(tr("Signed out: the tokens were deleted.")));
    }
}

void AccessPanel::forgetClient()
{
    // Complaint #9 (users-and-peers.md): a stale client registration must be clearable; it takes the tokens
    // of that issuer with it, so this asks first too.
    const QString where = m_access.issuer.isEmpty() ? tr("the authorization server") : cleanForDisplay(m_access.issuer);
    QMessageBox box(QMessageBox::Question, tr("Forget client registration"),
                    tr("Forget Portico's client registration at %1? Its tokens are deleted too, and the next sign-in "
                       "registers Portico anew.")
                        .arg(where),
                    QMessageBox::NoButton, this);
    box.setTextFormat(Qt::PlainText);
    QPushButton *confirm = box.addButton(tr("&Forget"), QMessageBox::AcceptRole);
    confirm->setAccessibleName(tr("Forget client registration"));
    QPushButton *cancel = box.addButton(QMessageBox::Cancel);
    cancel->setAccessibleName(tr("Cancel"));
    box.setDefaultButton(cancel);
    box.setEscapeButton(cancel);
    box.exec();
    if (box.clickedButton() != confirm)
        return;
    Q_EMIT forgetClientRequested();
    if (m_session) {
        setStatus(tr("Forgetting the client registration…"));
        m_session->forgetClient(statusCallback(tr("The client registration was forgotten.")));
    }
}

} // namespace portico
