// The Access panel's keychain row and its "Try the keychain again" button (requirements SEC-16), on a real
// AuthSession over a keychain that can be told to fail.

#include "access/accesspanel.h"
#include "auth/servercredentials.h"
#include "net/httpclient.h"
#include "scriptedsecretstore.h"

#include <QApplication>
#include <QPushButton>
#include <QTest>

using namespace portico;
using namespace portico::testing;

class TestAccessPanelKeychain : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void failuresAreInWordsAndRetryRecovers();
};

// Requirements SEC-16: a locked, missing or slow keychain, or a foreign entry, each in words with what to do; the
// sign-in stays in memory and "Try the keychain again" stores it once the keychain is back.
void TestAccessPanelKeychain::failuresAreInWordsAndRetryRecovers()
{
    ScriptedSecretStore secrets;
    secrets.failure =
        Error(ErrorCode::KeychainAccessDenied, QStringLiteral("The system keychain is locked. Unlock it."));
    AuthSession::Options options;
    options.serverId = QStringLiteral("srv-k");
    options.serverName = QStringLiteral("Example");
    options.mcpServerUrl = QUrl(QStringLiteral("https://mcp.example.org/mcp"));
    options.proactiveRefresh = false; // no network in this test
    HttpClient http;
    AuthSession session(options, http, &secrets, nullptr);
    AccessPanel panel;
    panel.setAuthSession(&session);
    bool loaded = false;
    session.load([&loaded](Result<void>) { loaded = true; });
    QTRY_VERIFY(loaded);
    QString text = panel.text();
    QVERIFY2(text.contains(QStringLiteral("Keychain: not remembered: The system keychain is locked. Unlock it.")),
             qPrintable(text));
    QVERIFY(!panel.retryKeychainButton()->isHidden());

    // The keychain is unlocked and holds the sign-in of an earlier session: Retry reads it.
    ServerCredentials stored;
    stored.currentIssuer = QStringLiteral("https://as.example.org");
    stored.grants[stored.currentIssuer].client.clientId = QStringLiteral("portico-desktop");
    stored.grants[stored.currentIssuer].tokens.accessToken = QStringLiteral("stored-access-token");
    secrets.entries.insert(ServerCredentials::secretKey(options.serverId), stored.toBlob());
    secrets.failure.reset();
    QTest::mouseClick(panel.retryKeychainButton(), Qt::LeftButton);
    QTRY_VERIFY2(panel.text().contains(QStringLiteral("Keychain: remembered in the keychain")),
                 qPrintable(panel.text()));
    QVERIFY(panel.text().startsWith(AuthSession::stateText(AuthSession::State::Authorized)));
    QVERIFY(panel.retryKeychainButton()->isHidden());
    QVERIFY(!panel.text().contains(QStringLiteral("stored-access-token")));

    // The other failures, each in its own words.
    AuthSession::Access access;
    access.issuer = QStringLiteral("https://as.example.org");
    access.clientId = QStringLiteral("portico-desktop");
    access.obtainedAt = QDateTime::currentDateTimeUtc();
    access.keychain = KeychainStatus::Waiting;
    panel.setAuthSession(nullptr);
    panel.setAccess(access, AuthSession::State::Authorized);
    QVERIFY2(panel.text().contains(QStringLiteral("Keychain: Waiting for the system keychain…")),
             qPrintable(panel.text()));
    access.keychain = KeychainStatus::Unavailable;
    access.keychainProblem = QStringLiteral("The system keychain is not available. Start a keychain service.");
    panel.setAccess(access, AuthSession::State::Authorized);
    QVERIFY(panel.text().contains(QStringLiteral("Keychain: not remembered: The system keychain is not available. "
                                                 "Start a keychain service. Until then this sign-in works, but only "
                                                 "while Portico runs.")));
    QVERIFY(!panel.retryKeychainButton()->isHidden());
    access.keychain = KeychainStatus::ForeignEntry;
    access.keychainProblem = QStringLiteral("The sign-in stored for this server is not in Portico's format.");
    panel.setAccess(access, AuthSession::State::Authorized);
    QVERIFY(panel.text().contains(QStringLiteral("Keychain: The sign-in stored for this server is not in Portico's "
                                                 "format.")));
    QVERIFY(panel.retryKeychainButton()->isHidden()); // a new sign-in replaces it, not another try
}

QTEST_MAIN(TestAccessPanelKeychain)
#include "tst_accesspanelkeychain.moc"
