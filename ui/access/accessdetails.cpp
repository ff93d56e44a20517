#include "access/accessdetails.h"

#include "access/accessdisplay.h"

#include <QFormLayout>
#include <QLabel>
#include <QLocale>
#include <QVBoxLayout>

namespace portico {

using access_display::cleanForDisplay;

AccessDetails::AccessDetails(QWidget *parent)
    : QWidget(parent)
    , m_clock([]() { return QDateTime::currentDateTimeUtc(); })
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0); // a part of the panel's own layout

    m_stateLabel = access_display::makeValueLabel(this, tr("Sign-in state"));
    QFont stateFont = m_stateLabel->font();
    stateFont.setBold(true);
    m_stateLabel->setFont(stateFont);
    layout->addWidget(m_stateLabel);

    auto *form = new QFormLayout;
    // Values take the whole width and wrap only when they must (long issuer URLs).
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    const auto addRow = [this, form](const QString &label, const QString &name) {
        QLabel *value = access_display::makeValueLabel(this, name);
        auto *caption = new QLabel(label, this);
        caption->setBuddy(value); // the mnemonic moves the focus to the value
        form->addRow(caption, value);
        m_rows.append({name, value});
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
    m_privateNetworkLabel = addRow(tr("Private net&work:"), tr("Private network addresses"));
    layout->addLayout(form);

    // Tab order: the values top to bottom.
    QWidget *previous = m_stateLabel;
    for (const Row &row : std::as_const(m_rows)) {
        setTabOrder(previous, row.value);
        previous = row.value;
    }

    // The countdown moves every second (requirements UI-4: "expiry countdown"); updateCountdown() schedules each
    // tick just after the shown second has passed (a plain 1 s timer drifts against the expiry's second
    // boundary and would now and then show the same second twice).
    m_countdown.setTimerType(Qt::PreciseTimer);
    m_countdown.setSingleShot(true);
    connect(&m_countdown, &QTimer::timeout, this, &AccessDetails::updateCountdown);
}

void AccessDetails::showNoSignIn()
{
    m_showsAccess = false;
    m_hasGrant = false;
    m_access = AuthSession::Access();
    m_stateLabel->setText(tr("No sign-in for this server."));
    for (const Row &row : std::as_const(m_rows))
        row.value->setText(tr("—"));
    showPrivateNetwork();
    m_countdown.stop();
}

void AccessDetails::setPrivateNetworkAllowed(std::optional<bool> allowed)
{
    m_privateNetworkAllowed = allowed;
    showPrivateNetwork();
}

void AccessDetails::showPrivateNetwork()
{
    // Requirements SEC-1: by default a server's requests reach only addresses of the kind its own URL has
    // (net/destinationpolicy.h); the person's setting widens that to private networks and this computer.
    if (!m_privateNetworkAllowed)
        m_privateNetworkLabel->setText(tr("—"));
    else if (*m_privateNetworkAllowed)
        m_privateNetworkLabel->setText(tr("allowed by your setting"));
    else
        m_privateNetworkLabel->setText(tr("only this server's own kind of address"));
}

void AccessDetails::showAccess(const AuthSession::Access &access, const QString &stateText, bool hasGrant)
{
    m_showsAccess = true;
    m_hasGrant = hasGrant;
    m_access = access;
    m_stateLabel->setText(stateText);

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

    // Requirements AUTH-35: a refresh token is not always issued; without one, expiry means signing in again.
    m_refreshTokenLabel->setText(m_access.hasRefreshToken ? tr("yes: access is renewed without signing in again")
                                                          : tr("no: when the access expires, sign in again"));
    // Requirements SEC-4: tokens live in the keychain; when it failed they are held in memory only (lost at exit).
    m_keychainLabel->setText(keychainText());
    showPrivateNetwork();

    updateCountdown();
}

QString AccessDetails::keychainText() const
{
    // Requirements SEC-16: each keychain failure in words, with what to do; the sign-in keeps working in memory.
    const QString inMemory =
        m_hasGrant ? tr(" Until then this sign-in works, but only while Portico runs.") : QString();
    switch (m_access.keychain) {
    case KeychainStatus::Waiting:
        return tr("Waiting for the system keychain… (it may be asking you to unlock it)");
    case KeychainStatus::Locked:
    case KeychainStatus::Unavailable:
    case KeychainStatus::Failed:
        return tr("not remembered: %1%2").arg(cleanForDisplay(m_access.keychainProblem), inMemory);
    case KeychainStatus::ForeignEntry:
        return cleanForDisplay(m_access.keychainProblem);
    case KeychainStatus::NotUsed:
        return m_hasGrant ? tr("not remembered (kept in memory only)") : tr("nothing stored");
    case KeychainStatus::Fine:
        break;
    }
    if (m_access.remembered)
        return tr("remembered in the keychain");
    return m_hasGrant ? tr("not remembered (keychain unavailable)") : tr("nothing stored");
}

QString AccessDetails::expiryText() const
{
    return m_expiryLabel->text();
}

QStringList AccessDetails::lines() const
{
    QStringList lines{m_stateLabel->text()};
    for (const Row &row : m_rows)
        lines.append(tr("%1: %2").arg(row.name, row.value->text()));
    return lines;
}

void AccessDetails::setClock(std::function<QDateTime()> clock)
{
    m_clock = clock ? std::move(clock) : std::function<QDateTime()>([]() { return QDateTime::currentDateTimeUtc(); });
    updateCountdown();
}

QDateTime AccessDetails::now() const
{
    return m_clock();
}

void AccessDetails::updateCountdown()
{
    if (!m_showsAccess) {
        m_expiryLabel->setText(tr("—"));
        m_countdown.stop();
        return;
    }
    QString text;
    if (!m_access.expiresAt.isValid())
        text = m_hasGrant ? tr("no expiry given") : tr("no access yet");
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

QString AccessDetails::formatTime(const QDateTime &when) const
{
    const QDateTime local = when.toLocalTime();
    const QString time = local.time().toString(QStringLiteral("HH:mm:ss"));
    if (local.date() == now().toLocalTime().date())
        return time;
    return tr("%1 %2").arg(QLocale().toString(local.date(), QLocale::ShortFormat), time);
}

QString AccessDetails::registrationText(ClientRegistration::Kind kind)
{
    // Requirements AUTH-14: the three ways Portico comes to have a client id at an authorization server.
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

QString AccessDetails::countdownText(const QDateTime &expiresAt, const QDateTime &now)
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

QString AccessDetails::accountText() const
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

} // namespace portico
