// The Access panel (requirements UI-4), offscreen: the four scope columns for a mixed grant, rows where the grant
// differs from the request highlighted with palette roles and described for screen readers, the expiry
// countdown moving with time, the registration kind and the claimed account in words, the buttons' signals
// (sign out and forget only after confirming), and never a token: with a real AuthSession whose keychain blob
// holds tokens, none of them reaches the panel. Saves a screenshot.

#include "access/accesspanel.h"
#include "auth/servercredentials.h"
#include "net/httpclient.h"
#include "screenshot.h"
#include "secrets/inmemorysecretstore.h"

#include <QApplication>
#include <QCheckBox>
#include <QDialog>
#include <QDialogButtonBox>
#include <QJsonDocument>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTest>
#include <QTimer>

#include <functional>

using namespace portico;
using namespace Qt::StringLiterals; // u"…"_s: one data row per line

namespace {

ScopeSet scopes(const char *spaceDelimited)
{
    return ScopeSet::parse(QString::fromLatin1(spaceDelimited)).value();
}

// A grant the authorization server narrowed and widened (RFC 6749 §3.3): files:write requested but not
// granted, admin granted without being asked; mcp:write named by the last challenge (requirements AUTH-39).
AuthSession::Access mixedAccess()
{
    AuthSession::Access access;
    access.issuer = QStringLiteral("https://as.example.com/tenant");
    access.resource = QStringLiteral("https://mcp.example.com/mcp");
    access.clientId = QStringLiteral("portico-client-42");
    access.registration = ClientRegistration::Kind::Dynamic;
    access.requestedScopes = scopes("mcp:tools mcp:read files:write");
    access.grantedScopes = scopes("mcp:tools mcp:read admin");
    access.challengedScopes = scopes("mcp:write");
    access.supportedScopes = QStringList{QStringLiteral("mcp:tools"), QStringLiteral("mcp:read"),
                                         QStringLiteral("mcp:write"), QStringLiteral("files:write")};
    const QDateTime now = QDateTime::currentDateTimeUtc();
    access.obtainedAt = now.addSecs(-60);
    access.expiresAt = now.addSecs(252);
    access.hasRefreshToken = true;
    access.remembered = true;
    access.account = QJsonObject{{QStringLiteral("name"), QStringLiteral("Ada Lovelace")},
                                 {QStringLiteral("email"), QStringLiteral("ada@example.com")},
                                 {QStringLiteral("sub"), QStringLiteral("248289761001")}};
    return access;
}

// Runs `act` on the next modal window (a QMessageBox or the re-authorize dialog) once it is shown.
void onNextModal(std::function<void(QWidget *)> act, int attemptsLeft = 200)
{
    QTimer::singleShot(20, qApp, [act = std::move(act), attemptsLeft]() mutable {
        QWidget *modal = QApplication::activeModalWidget();
        if (modal && modal->isVisible()) {
            act(modal);
        } else if (attemptsLeft > 0) {
            onNextModal(std::move(act), attemptsLeft - 1);
        }
    });
}

QPushButton *buttonWithRole(QMessageBox *box, QMessageBox::ButtonRole role)
{
    for (QAbstractButton *button : box->buttons()) {
        if (box->buttonRole(button) == role)
            return qobject_cast<QPushButton *>(button);
    }
    return nullptr;
}

// Confirms the next question (sign out, forget the client registration).
void confirmNextMessageBox()
{
    onNextModal([](QWidget *modal) {
        auto *box = qobject_cast<QMessageBox *>(modal);
        QVERIFY(box);
        buttonWithRole(box, QMessageBox::AcceptRole)->click();
    });
}

QTableWidgetItem *scopeItem(const AccessPanel &panel, const QString &scope, int column)
{
    QTableWidget *table = panel.scopeTable();
    for (int row = 0; row < table->rowCount(); ++row) {
        if (table->item(row, ScopeComparisonTable::ScopeColumn)->text() == scope)
            return table->item(row, column);
    }
    return nullptr;
}

// The legend under the table that explains the highlight in words.
bool legendShown(const AccessPanel &panel)
{
    for (const QLabel *label : panel.findChildren<QLabel *>()) {
        if (label->text().startsWith(QStringLiteral("Highlighted rows")))
            return label->isVisibleTo(&panel);
    }
    return false;
}

QString base64Url(const QByteArray &data)
{
    return QString::fromLatin1(data.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

} // namespace

class TestAccessPanel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void allFourColumnsAreRightForAMixedGrant_data();
    void allFourColumnsAreRightForAMixedGrant();
    void grantDifferingFromRequestIsHighlighted();
    void nothingIsHighlightedBeforeAnyGrant();
    void expiryCountdownMovesWithTime();
    void countdownTextInWords_data();
    void countdownTextInWords();
    void registrationKindIsNamed_data();
    void registrationKindIsNamed();
    void accountIsShownAsClaimedByTheIdentityProvider();
    void accountClaimsCannotInjectMarkupOrControls();
    void keychainRefreshTokenAndStateAreInWords();
    void privateNetworkSettingIsShownWithOrWithoutSignIn();
    void withoutSessionSaysNoSignInAndDisablesActions();
    void refreshButtonEmitsRefreshRequested();
    void signOutEmitsOnlyAfterConfirming();
    void forgetClientEmitsOnlyAfterConfirming();
    void reauthorizeOffersScopesAndEmitsTheChoice();
    void reauthorizeWithUnchangedScopesEmitsEmptyList();
    void rendersOnlyTheFieldsItWasGiven();
    void realSessionNeverShowsTokensAndButtonsCallIt();
    void savesScreenshot();
};

// Requirements UI-4: requested, granted, challenged and supported side by side, one row per scope named anywhere.
void TestAccessPanel::allFourColumnsAreRightForAMixedGrant_data()
{
    QTest::addColumn<QString>("scope");
    QTest::addColumn<QString>("row");
    QTest::newRow("requested and granted")
        << u"mcp:tools"_s << u"mcp:tools  requested ✓  granted ✓  challenged –  supported ✓"_s;
    QTest::newRow("requested, not granted")
        << u"files:write"_s << u"files:write  requested ✓  granted –  challenged –  supported ✓"_s;
    QTest::newRow("granted, not requested")
        << u"admin"_s << u"admin  requested –  granted ✓  challenged –  supported –"_s;
    QTest::newRow("challenged only") << u"mcp:write"_s
                                     << u"mcp:write  requested –  granted –  challenged ✓  supported ✓"_s;
    QTest::newRow("not named anywhere") << u"offline_access"_s << QString();
}

void TestAccessPanel::allFourColumnsAreRightForAMixedGrant()
{
    QFETCH(QString, scope);
    QFETCH(QString, row);
    AccessPanel panel;
    panel.setAccess(mixedAccess(), AuthSession::State::Authorized);
    QCOMPARE(panel.scopeTable()->rowCount(), 5); // mcp:tools mcp:read files:write admin mcp:write
    QCOMPARE(panel.scopeRowText(scope), row);
}

// Requirements UI-4: "granted ones that differ from requested are highlighted" — with palette roles (dark themes),
// bold, and an accessible description, on every cell of the row.
void TestAccessPanel::grantDifferingFromRequestIsHighlighted()
{
    AccessPanel panel;
    panel.setAccess(mixedAccess(), AuthSession::State::Authorized);
    QVERIFY(legendShown(panel));

    for (const QString &scope : {QStringLiteral("files:write"), QStringLiteral("admin")}) {
        QVERIFY2(panel.isScopeHighlighted(scope), qPrintable(scope));
        for (int column = 0; column < ScopeComparisonTable::ColumnCount; ++column) {
            QTableWidgetItem *item = scopeItem(panel, scope, column);
            QVERIFY(item);
            QVERIFY(item->font().bold());
            QCOMPARE(item->background().color(), panel.palette().color(QPalette::Highlight));
            QCOMPARE(item->foreground().color(), panel.palette().color(QPalette::HighlightedText));
            QVERIFY(!item->data(Qt::AccessibleDescriptionRole).toString().isEmpty());
        }
    }
    QVERIFY(scopeItem(panel, QStringLiteral("files:write"), 0)
                ->data(Qt::AccessibleDescriptionRole)
                .toString()
                .contains(QStringLiteral("not granted")));
    QVERIFY(scopeItem(panel, QStringLiteral("admin"), 0)
                ->data(Qt::AccessibleDescriptionRole)
                .toString()
                .contains(QStringLiteral("without being requested")));

    // Same in request and grant, or only challenged / supported: not highlighted.
    for (const QString &scope :
         {QStringLiteral("mcp:tools"), QStringLiteral("mcp:read"), QStringLiteral("mcp:write")}) {
        QVERIFY2(!panel.isScopeHighlighted(scope), qPrintable(scope));
        QTableWidgetItem *item = scopeItem(panel, scope, ScopeComparisonTable::ScopeColumn);
        QVERIFY(!item->font().bold());
        QVERIFY(item->data(Qt::AccessibleDescriptionRole).toString().isEmpty());
    }
}

// Before any token, "granted" is empty because nothing was granted yet, not because the AS refused.
void TestAccessPanel::nothingIsHighlightedBeforeAnyGrant()
{
    AccessPanel panel;
    AuthSession::Access access;
    access.requestedScopes = scopes("mcp:tools mcp:read");
    panel.setAccess(access, AuthSession::State::WaitingForUser);
    QCOMPARE(panel.scopeTable()->rowCount(), 2);
    QVERIFY(!panel.isScopeHighlighted(QStringLiteral("mcp:tools")));
    QVERIFY(!panel.isScopeHighlighted(QStringLiteral("mcp:read")));
    QVERIFY(!legendShown(panel));
}

// Requirements UI-4 "expiry countdown": updated every second without new data.
void TestAccessPanel::expiryCountdownMovesWithTime()
{
    AccessPanel panel;
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    AuthSession::Access access = mixedAccess();
    access.expiresAt = QDateTime::currentDateTimeUtc().addSecs(5);
    panel.setAccess(access, AuthSession::State::Authorized);
    const QString before = panel.expiryText();
    QVERIFY2(before.startsWith(QStringLiteral("expires in ")), qPrintable(before));
    QTest::qWait(1200);
    const QString after = panel.expiryText();
    QVERIFY2(after.startsWith(QStringLiteral("expires in ")), qPrintable(after));
    QVERIFY2(after != before, qPrintable(before + QStringLiteral(" / ") + after));

    // And it turns to "expired" once the moment has passed.
    access.expiresAt = QDateTime::currentDateTimeUtc().addSecs(-3);
    panel.setAccess(access, AuthSession::State::Authorized);
    QVERIFY2(panel.expiryText().startsWith(QStringLiteral("expired")), qPrintable(panel.expiryText()));
}

void TestAccessPanel::countdownTextInWords_data()
{
    QTest::addColumn<qint64>("secondsLeft");
    QTest::addColumn<QString>("expected");
    QTest::newRow("minutes and seconds") << qint64(252) << QStringLiteral("expires in 4 min 12 s");
    QTest::newRow("seconds") << qint64(59) << QStringLiteral("expires in 59 s");
    QTest::newRow("hours") << qint64(3 * 3600 + 5 * 60 + 7) << QStringLiteral("expires in 3 h 5 min");
    QTest::newRow("days") << qint64(2 * 86400 + 4 * 3600) << QStringLiteral("expires in 2 d 4 h");
    QTest::newRow("now") << qint64(0) << QStringLiteral("expired");
    QTest::newRow("past") << qint64(-30) << QStringLiteral("expired");
}

void TestAccessPanel::countdownTextInWords()
{
    QFETCH(qint64, secondsLeft);
    QFETCH(QString, expected);
    const QDateTime now = QDateTime(QDate(2026, 11, 22), QTime(10, 0), Qt::UTC);
    QCOMPARE(AccessDetails::countdownText(now.addSecs(secondsLeft), now), expected);

    // The panel uses its clock (injected here) for the same text.
    AccessPanel panel;
    panel.setClock([now]() { return now; });
    AuthSession::Access access = mixedAccess();
    access.expiresAt = now.addSecs(secondsLeft);
    panel.setAccess(access, AuthSession::State::Authorized);
    QVERIFY2(panel.expiryText().startsWith(expected), qPrintable(panel.expiryText()));
}

// Requirements AUTH-14: how Portico came to have its client id, in words a person can read.
void TestAccessPanel::registrationKindIsNamed_data()
{
    QTest::addColumn<ClientRegistration::Kind>("kind");
    QTest::addColumn<QString>("expected");
    QTest::newRow("pre-registered") << ClientRegistration::Kind::PreRegistered << QStringLiteral("pre-registered");
    QTest::newRow("CIMD") << ClientRegistration::Kind::MetadataDocument << QStringLiteral("client metadata document");
    QTest::newRow("DCR") << ClientRegistration::Kind::Dynamic << QStringLiteral("dynamic registration");
}

void TestAccessPanel::registrationKindIsNamed()
{
    QFETCH(ClientRegistration::Kind, kind);
    QFETCH(QString, expected);
    AccessPanel panel;
    AuthSession::Access access = mixedAccess();
    access.registration = kind;
    panel.setAccess(access, AuthSession::State::Authorized);
    QVERIFY2(panel.text().contains(QStringLiteral("Client: portico-client-42 (%1)").arg(expected)),
             qPrintable(panel.text()));
}

// Requirements UI-4: the account from id_token claims, shown as the identity provider's claim.
void TestAccessPanel::accountIsShownAsClaimedByTheIdentityProvider()
{
    AccessPanel panel;
    AuthSession::Access access = mixedAccess();
    access.account.insert(QStringLiteral("preferred_username"), QStringLiteral("ada"));
    panel.setAccess(access, AuthSession::State::Authorized);
    const QString text = panel.text();
    QVERIFY2(text.contains(QStringLiteral("Account: Ada Lovelace, ada@example.com, user ada, subject 248289761001 "
                                          "(claimed by the identity provider)")),
             qPrintable(text));

    access.account = QJsonObject{{QStringLiteral("sub"), QStringLiteral("only-a-subject")}};
    panel.setAccess(access, AuthSession::State::Authorized);
    QVERIFY(panel.text().contains(QStringLiteral("subject only-a-subject (claimed by the identity provider)")));

    access.account = {};
    panel.setAccess(access, AuthSession::State::Authorized);
    QVERIFY(panel.text().contains(QStringLiteral("Account: not named by the identity provider")));
}

// Claims are untrusted text: no rich text, no control or bidi-override characters reach the label.
void TestAccessPanel::accountClaimsCannotInjectMarkupOrControls()
{
    AccessPanel panel;
    AuthSession::Access access = mixedAccess();
    access.account = QJsonObject{{QStringLiteral("name"), QStringLiteral("<b>Eve</b>\u202Egnp.exe\nline")}};
    panel.setAccess(access, AuthSession::State::Authorized);
    const QList<QLabel *> labels = panel.findChildren<QLabel *>();
    bool found = false;
    for (QLabel *label : labels) {
        if (!label->text().contains(QStringLiteral("Eve")))
            continue;
        found = true;
        QCOMPARE(label->textFormat(), Qt::PlainText);
        QVERIFY(label->text().contains(QStringLiteral("<b>Eve</b>gnp.exeline")));
        QVERIFY(!label->text().contains(QChar(0x202E)));
        QVERIFY(!label->text().contains(QLatin1Char('\n')));
    }
    QVERIFY(found);
}

void TestAccessPanel::keychainRefreshTokenAndStateAreInWords()
{
    AccessPanel panel;
    AuthSession::Access access = mixedAccess();
    panel.setAccess(access, AuthSession::State::Authorized);
    QString text = panel.text();
    QVERIFY(text.contains(QStringLiteral("Keychain: remembered in the keychain")));
    QVERIFY(text.contains(QStringLiteral("Refresh token: yes")));
    QVERIFY(text.contains(QStringLiteral("Issuer: https://as.example.com/tenant")));
    QVERIFY(text.contains(QStringLiteral("Resource: https://mcp.example.com/mcp")));
    QVERIFY(text.contains(QStringLiteral("not refreshed yet (obtained at")));
    QVERIFY(text.startsWith(AuthSession::stateText(AuthSession::State::Authorized)));

    access.remembered = false;
    access.hasRefreshToken = false;
    access.refreshedAt = QDateTime::currentDateTimeUtc();
    panel.setAccess(access, AuthSession::State::Refreshing);
    text = panel.text();
    QVERIFY(text.contains(QStringLiteral("Keychain: not remembered (keychain unavailable)")));
    QVERIFY(text.contains(QStringLiteral("Refresh token: no")));
    QVERIFY(text.contains(QStringLiteral("Last refresh: refreshed at")));
    QVERIFY(text.startsWith(AuthSession::stateText(AuthSession::State::Refreshing)));
    // Busy: no action may start a second attempt.
    QVERIFY(!panel.refreshButton()->isEnabled());
    QVERIFY(!panel.signOutButton()->isEnabled());
}

void TestAccessPanel::privateNetworkSettingIsShownWithOrWithoutSignIn()
{
    // Requirements SEC-1: the server's setting governs its MCP and sign-in requests alike.
    AccessPanel panel;
    QVERIFY(panel.text().contains(QStringLiteral("Private network addresses: —")));
    panel.setPrivateNetworkAllowed(false);
    QVERIFY2(panel.text().contains(QStringLiteral("Private network addresses: only this server's own kind of address")),
             qPrintable(panel.text()));
    panel.setAccess(mixedAccess(), AuthSession::State::Authorized);
    QVERIFY(panel.text().contains(QStringLiteral("Private network addresses: only this server's own kind of address")));
    panel.setPrivateNetworkAllowed(true);
    QVERIFY(panel.text().contains(QStringLiteral("Private network addresses: allowed by your setting")));
    panel.setAuthSession(nullptr); // no sign-in, same server: the setting still shows
    QVERIFY(panel.text().startsWith(QStringLiteral("No sign-in for this server.")));
    QVERIFY(panel.text().contains(QStringLiteral("Private network addresses: allowed by your setting")));
    panel.setPrivateNetworkAllowed(std::nullopt);
    QVERIFY(panel.text().contains(QStringLiteral("Private network addresses: —")));
}

void TestAccessPanel::withoutSessionSaysNoSignInAndDisablesActions()
{
    AccessPanel panel;
    QVERIFY(panel.text().startsWith(QStringLiteral("No sign-in for this server.")));
    panel.setAccess(mixedAccess(), AuthSession::State::Authorized);
    QVERIFY(panel.signOutButton()->isEnabled());
    panel.setAuthSession(nullptr);
    QVERIFY(panel.text().startsWith(QStringLiteral("No sign-in for this server.")));
    QVERIFY(!panel.text().contains(QStringLiteral("as.example.com"))); // the old server's data is gone
    QCOMPARE(panel.scopeTable()->rowCount(), 0);
    for (QPushButton *button :
         {panel.refreshButton(), panel.reauthorizeButton(), panel.signOutButton(), panel.forgetClientButton()}) {
        QVERIFY(!button->isEnabled());
        QVERIFY(!button->accessibleName().isEmpty()); // every action has an accessible name (ui-common)
    }
}

void TestAccessPanel::refreshButtonEmitsRefreshRequested()
{
    AccessPanel panel;
    QSignalSpy refresh(panel.actions(), &AccessActions::refreshRequested);
    panel.setAccess(mixedAccess(), AuthSession::State::Authorized);
    QVERIFY(panel.refreshButton()->isEnabled());
    panel.refreshButton()->click();
    QCOMPARE(refresh.count(), 1);

    // Requirements AUTH-35: without a refresh token there is nothing to refresh with.
    AuthSession::Access access = mixedAccess();
    access.hasRefreshToken = false;
    panel.setAccess(access, AuthSession::State::Authorized);
    QVERIFY(!panel.refreshButton()->isEnabled());
}

// Requirements AUTH-43: sign-out revokes at the AS, so it asks first and names where; Escape/Cancel does nothing.
void TestAccessPanel::signOutEmitsOnlyAfterConfirming()
{
    AccessPanel panel;
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    QSignalSpy signOut(panel.actions(), &AccessActions::signOutRequested);
    panel.setAccess(mixedAccess(), AuthSession::State::Authorized);

    QString question;
    onNextModal([&question](QWidget *modal) {
        auto *box = qobject_cast<QMessageBox *>(modal);
        QVERIFY(box);
        question = box->text();
        QCOMPARE(box->defaultButton(), buttonWithRole(box, QMessageBox::RejectRole)); // Enter cancels
        buttonWithRole(box, QMessageBox::RejectRole)->click();
    });
    panel.signOutButton()->click();
    QCOMPARE(signOut.count(), 0);
    QVERIFY2(question.contains(QStringLiteral("revokes the access at https://as.example.com/tenant")),
             qPrintable(question));

    confirmNextMessageBox();
    panel.signOutButton()->click();
    QCOMPARE(signOut.count(), 1);
}

void TestAccessPanel::forgetClientEmitsOnlyAfterConfirming()
{
    AccessPanel panel;
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    QSignalSpy forget(panel.actions(), &AccessActions::forgetClientRequested);
    panel.setAccess(mixedAccess(), AuthSession::State::Authorized);

    onNextModal([](QWidget *modal) { QTest::keyClick(modal, Qt::Key_Escape); });
    panel.forgetClientButton()->click();
    QCOMPARE(forget.count(), 0);

    confirmNextMessageBox();
    panel.forgetClientButton()->click();
    QCOMPARE(forget.count(), 1);
}

// Requirements UI-4 "re-authorize (optionally with a chosen scope set)": supported ∪ granted (∪ requested) offered,
// the previous request pre-checked; the choice goes out as the signal's list.
void TestAccessPanel::reauthorizeOffersScopesAndEmitsTheChoice()
{
    AccessPanel panel;
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    QSignalSpy reauthorize(panel.actions(), &AccessActions::reauthorizeRequested);
    panel.setAccess(mixedAccess(), AuthSession::State::Authorized);

    QStringList offered;
    QStringList checked;
    onNextModal([&offered, &checked](QWidget *modal) {
        for (QCheckBox *box : modal->findChildren<QCheckBox *>()) {
            offered.append(box->text());
            QVERIFY(!box->accessibleName().isEmpty());
            if (box->isChecked())
                checked.append(box->text());
            // Least privilege: drop files:write, add mcp:write.
            if (box->text() == QStringLiteral("files:write"))
                box->setChecked(false);
            if (box->text() == QStringLiteral("mcp:write"))
                box->setChecked(true);
        }
        auto *buttons = modal->findChild<QDialogButtonBox *>();
        QVERIFY(buttons);
        buttons->button(QDialogButtonBox::Ok)->click();
    });
    panel.reauthorizeButton()->click();

    offered.sort();
    QCOMPARE(offered, (QStringList{QStringLiteral("admin"), QStringLiteral("files:write"), QStringLiteral("mcp:read"),
                                   QStringLiteral("mcp:tools"), QStringLiteral("mcp:write")}));
    checked.sort();
    QCOMPARE(checked,
             (QStringList{QStringLiteral("files:write"), QStringLiteral("mcp:read"), QStringLiteral("mcp:tools")}));
    QCOMPARE(reauthorize.count(), 1);
    QStringList chosen = reauthorize.at(0).at(0).toStringList();
    chosen.sort();
    QCOMPARE(chosen,
             (QStringList{QStringLiteral("mcp:read"), QStringLiteral("mcp:tools"), QStringLiteral("mcp:write")}));

    // Cancel: nothing is emitted.
    onNextModal([](QWidget *modal) { QTest::keyClick(modal, Qt::Key_Escape); });
    panel.reauthorizeButton()->click();
    QCOMPARE(reauthorize.count(), 1);
}

void TestAccessPanel::reauthorizeWithUnchangedScopesEmitsEmptyList()
{
    AccessPanel panel;
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    QSignalSpy reauthorize(panel.actions(), &AccessActions::reauthorizeRequested);
    panel.setAccess(mixedAccess(), AuthSession::State::Authorized);

    bool okEnabledWithNothingChecked = true;
    onNextModal([&okEnabledWithNothingChecked](QWidget *modal) {
        auto *buttons = modal->findChild<QDialogButtonBox *>();
        QVERIFY(buttons);
        const QList<QCheckBox *> boxes = modal->findChildren<QCheckBox *>();
        QList<bool> before;
        for (QCheckBox *box : boxes) {
            before.append(box->isChecked());
            box->setChecked(false);
        }
        // No scope at all would mean "the AS default" (requirements AUTH-28), not "the same": OK is off.
        okEnabledWithNothingChecked = buttons->button(QDialogButtonBox::Ok)->isEnabled();
        for (qsizetype i = 0; i < boxes.size(); ++i)
            boxes.at(i)->setChecked(before.at(i));
        buttons->button(QDialogButtonBox::Ok)->click();
    });
    panel.reauthorizeButton()->click();
    QVERIFY(!okEnabledWithNothingChecked);
    QCOMPARE(reauthorize.count(), 1);
    QVERIFY(reauthorize.at(0).at(0).toStringList().isEmpty()); // the same scopes as before
}

// The Access struct has no token; the panel must not invent or carry over anything: given only an issuer
// and a client id, nothing else that looks like an identifier, URL or token appears.
void TestAccessPanel::rendersOnlyTheFieldsItWasGiven()
{
    AccessPanel panel;
    panel.setAccess(mixedAccess(), AuthSession::State::Authorized);
    AuthSession::Access sparse;
    sparse.issuer = QStringLiteral("https://as.example.net");
    sparse.clientId = QStringLiteral("cid-7");
    panel.setAccess(sparse, AuthSession::State::SignedOut);
    const QString text = panel.text();
    QVERIFY(text.contains(QStringLiteral("https://as.example.net")));
    QVERIFY(text.contains(QStringLiteral("cid-7")));
    for (const char *old :
         {"as.example.com", "mcp.example.com", "portico-client-42", "Ada", "248289761001", "mcp:tools", "admin"})
        QVERIFY2(!text.contains(QString::fromLatin1(old)), old);
    // Nothing long and token-shaped (JWT segments, opaque tokens) anywhere.
    static const QRegularExpression tokenLike(QStringLiteral("[A-Za-z0-9_\\-]{20,}"));
    QVERIFY2(!tokenLike.match(text).hasMatch(), qPrintable(text));
    QCOMPARE(panel.scopeTable()->rowCount(), 0);
}

// With a real AuthSession whose keychain blob holds an access, refresh and id token: the panel shows the
// issuer, scopes and claimed account, never a token (requirements SEC-4); the buttons call the session itself.
void TestAccessPanel::realSessionNeverShowsTokensAndButtonsCallIt()
{
    const QString accessToken = QStringLiteral("AT-") + QString::number(QRandomGenerator::global()->generate64(), 36);
    const QString refreshToken = QStringLiteral("RT-") + QString::number(QRandomGenerator::global()->generate64(), 36);
    const QString signature = QStringLiteral("SIG") + QString::number(QRandomGenerator::global()->generate64(), 36);
    const QJsonObject claims{{QStringLiteral("name"), QStringLiteral("Grace Hopper")},
                             {QStringLiteral("email"), QStringLiteral("grace@example.org")},
                             {QStringLiteral("sub"), QStringLiteral("user-1906")}};
    const QString header = base64Url(R"({"alg":"none","typ":"JWT"})");
    const QString payload = base64Url(QJsonDocument(claims).toJson(QJsonDocument::Compact));

    ServerCredentials stored;
    stored.currentIssuer = QStringLiteral("https://as.example.org");
    ServerCredentials::Grant grant;
    grant.client.kind = ClientRegistration::Kind::PreRegistered;
    grant.client.issuer = stored.currentIssuer;
    grant.client.clientId = QStringLiteral("portico-desktop");
    grant.tokens.accessToken = accessToken;
    grant.tokens.refreshToken = refreshToken;
    grant.tokens.idToken = header + QLatin1Char('.') + payload + QLatin1Char('.') + signature;
    grant.tokens.grantedScopes = scopes("mcp:tools");
    grant.tokens.obtainedAt = QDateTime::currentDateTimeUtc();
    grant.tokens.expiresAt = QDateTime::currentDateTimeUtc().addSecs(3600);
    grant.resource = QStringLiteral("https://mcp.example.org/mcp");
    grant.tokenEndpoint = QUrl(QStringLiteral("https://as.example.org/token"));
    grant.requestedScopes = scopes("mcp:tools");
    stored.grants.insert(stored.currentIssuer, grant);

    InMemorySecretStore secrets;
    bool written = false;
    secrets.writeSecret(ServerCredentials::secretKey(QStringLiteral("srv-1")), stored.toBlob(), this,
                        [&written](Result<void> outcome) { written = outcome.ok(); });
    QTRY_VERIFY(written);

    AuthSession::Options options;
    options.serverId = QStringLiteral("srv-1");
    options.serverName = QStringLiteral("Example");
    options.mcpServerUrl = QUrl(QStringLiteral("https://mcp.example.org/mcp"));
    options.proactiveRefresh = false; // no network in this test
    HttpClient http;
    AuthSession session(options, http, &secrets, nullptr);
    bool loaded = false;
    session.load([&loaded](Result<void>) { loaded = true; });
    QTRY_VERIFY(loaded);

    AccessPanel panel;
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    panel.setAuthSession(&session);
    QString text = panel.text();
    QVERIFY2(text.startsWith(AuthSession::stateText(AuthSession::State::Authorized)), qPrintable(text));
    QVERIFY(text.contains(QStringLiteral("Issuer: https://as.example.org")));
    QVERIFY(text.contains(QStringLiteral("portico-desktop (pre-registered)")));
    QVERIFY(text.contains(QStringLiteral("Grace Hopper, grace@example.org, subject user-1906 (claimed by the "
                                         "identity provider)")));
    QVERIFY(text.contains(QStringLiteral("Keychain: remembered in the keychain")));
    QVERIFY(!panel.scopeRowText(QStringLiteral("mcp:tools")).isEmpty());
    for (const QString &secret : {accessToken, refreshToken, signature, header, payload}) {
        QVERIFY2(!text.contains(secret), "a token reached the panel");
        for (QWidget *child : panel.findChildren<QWidget *>()) {
            QVERIFY(!child->toolTip().contains(secret));
            QVERIFY(!child->accessibleDescription().contains(secret));
        }
    }

    // Forget the client registration (after confirming): the session drops the grant and the panel follows
    // accessChanged; the keychain blob no longer holds the tokens.
    QSignalSpy forget(panel.actions(), &AccessActions::forgetClientRequested);
    confirmNextMessageBox();
    panel.forgetClientButton()->click();
    QCOMPARE(forget.count(), 1);
    QTRY_COMPARE(session.state(), AuthSession::State::SignedOut);
    QTRY_VERIFY(!panel.text().contains(QStringLiteral("portico-desktop")));
    QVERIFY(panel.text().startsWith(AuthSession::stateText(AuthSession::State::SignedOut)));
    QTRY_VERIFY(panel.text().contains(QStringLiteral("The client registration was forgotten.")));
    const std::optional<QByteArray> blob = secrets.secret(ServerCredentials::secretKey(QStringLiteral("srv-1")));
    QVERIFY(!blob || !blob->contains(refreshToken.toLatin1()));

    // The session going away leaves the panel in its "no sign-in" state, not dangling.
    panel.setAuthSession(nullptr);
    QVERIFY(panel.text().startsWith(QStringLiteral("No sign-in for this server.")));
}

void TestAccessPanel::savesScreenshot()
{
    AccessPanel panel;
    panel.resize(760, 560);
    AuthSession::Access access = mixedAccess();
    access.account.insert(QStringLiteral("preferred_username"), QStringLiteral("ada"));
    panel.setAccess(access, AuthSession::State::Authorized);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    panel.scopeTable()->setFocus(); // no text cursor blinking in the first label of the picture
    QTest::qWait(100);              // let the table lay out its rows
    testing::saveScreenshot(panel, QStringLiteral("accesspanel.png"));
}

QTEST_MAIN(TestAccessPanel)
#include "tst_accesspanel.moc"
