// The Activity panel (requirements UI-5), offscreen: a real AuthSession's timeline steps
// and the exchange logs' records merged by time, newest last, whether they were there before the panel or
// arrived after; the step line format; Copy puts the same text on the clipboard; Export writes it and, to
// an unwritable path, fails without leaving a file. Saves a screenshot.

#include "activity/activitypanel.h"
#include "auth/servercredentials.h"
#include "net/httpclient.h"
#include "screenshot.h"
#include "secrets/inmemorysecretstore.h"

#include <QClipboard>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QGuiApplication>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace portico;

namespace {

const QString kServerId = QStringLiteral("srv-activity");
const QString kIssuer = QStringLiteral("https://as.example.org");

// A keychain blob with one grant, so that load() and forgetClient() add timeline steps without any network.
// Returns the access token it stored.
QString storeGrant(InMemorySecretStore &secrets, QObject *context)
{
    ServerCredentials stored;
    stored.currentIssuer = kIssuer;
    ServerCredentials::Grant grant;
    grant.client.kind = ClientRegistration::Kind::Dynamic;
    grant.client.issuer = kIssuer;
    grant.client.clientId = QStringLiteral("dcr-client");
    // Generated, never printed: the test only checks it does not reach the panel.
    grant.tokens.accessToken = QStringLiteral("at-%1").arg(QDateTime::currentMSecsSinceEpoch());
    grant.tokens.grantedScopes = ScopeSet::parse(u"mcp:tools").value();
    grant.tokens.obtainedAt = QDateTime::currentDateTimeUtc();
    grant.tokens.expiresAt = QDateTime::currentDateTimeUtc().addSecs(3600);
    grant.tokenEndpoint = QUrl(QStringLiteral("https://as.example.org/token"));
    stored.grants.insert(kIssuer, grant);
    bool written = false;
    secrets.writeSecret(ServerCredentials::secretKey(kServerId), stored.toBlob(), context,
                        [&written](Result<void> outcome) { written = outcome.ok(); });
    [&]() { QTRY_VERIFY(written); }();
    return grant.tokens.accessToken;
}

ExchangeRecord exchange(const QDateTime &started, const char *url, int status, const QString &error = {})
{
    ExchangeRecord record;
    record.started = started;
    record.purpose = QStringLiteral("mcp");
    record.method = "POST";
    record.url = QString::fromLatin1(url);
    record.status = status;
    record.durationMs = 41;
    record.requestBytes = 120;
    record.responseBytes = 3200;
    record.error = error;
    return record;
}

} // namespace

class TestActivityPanel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void stepsAndExchangesAreMergedOldestFirst();
    void panelAttachedLaterShowsTheSameHistory();
    void stepLineNamesWhatHowAndWhen_data();
    void stepLineNamesWhatHowAndWhen();
    void copyPutsTheTextOnTheClipboard();
    void exportWritesTheText();
    void exportToUnwritablePathFailsWithoutAFile();
    void switchingSourcesDropsTheOldOnes();
    void viewIsReadOnlyAndNamed();
    void savesScreenshot();

private:
    // Steps are stamped by the session's clock, which the test moves.
    QDateTime m_now;
    QString m_accessToken;
    std::unique_ptr<InMemorySecretStore> m_secrets;
    std::unique_ptr<HttpClient> m_http;
    std::unique_ptr<AuthSession> m_session;
    std::unique_ptr<ExchangeLog> m_mcpLog;
    std::unique_ptr<ExchangeLog> m_authLog;
};

void TestActivityPanel::init()
{
    m_now = QDateTime(QDate(2026, 11, 22), QTime(12, 3, 4), Qt::UTC);
    m_secrets = std::make_unique<InMemorySecretStore>();
    m_accessToken = storeGrant(*m_secrets, this);
    m_http = std::make_unique<HttpClient>();
    AuthSession::Options options;
    options.serverId = kServerId;
    options.serverName = QStringLiteral("Example");
    options.mcpServerUrl = QUrl(QStringLiteral("https://mcp.example.org/mcp"));
    options.proactiveRefresh = false; // no network in these tests
    m_session = std::make_unique<AuthSession>(options, *m_http, m_secrets.get(), nullptr);
    m_session->setClock([this]() { return m_now; });
    m_mcpLog = std::make_unique<ExchangeLog>();
    m_authLog = std::make_unique<ExchangeLog>();
}

void TestActivityPanel::cleanup()
{
    m_session.reset();
    m_http.reset();
    m_mcpLog.reset();
    m_authLog.reset();
}

// Requirements UI-5: the timeline and the exchanges in one list, newest last, live as they happen.
void TestActivityPanel::stepsAndExchangesAreMergedOldestFirst()
{
    ActivityPanel panel;
    panel.setAuthSession(m_session.get());
    panel.setExchangeLogs({m_mcpLog.get(), m_authLog.get()});
    QVERIFY(panel.text().isEmpty());
    QVERIFY(!panel.exportButton()->isEnabled());

    bool loaded = false;
    m_session->load([&loaded](Result<void>) { loaded = true; }); // step 1 at T0: "Keychain"
    QTRY_VERIFY(loaded);
    m_mcpLog->append(exchange(m_now.addSecs(2), "https://mcp.example.org/mcp", 401));
    m_now = m_now.addSecs(3);
    bool forgotten = false;
    m_session->forgetClient([&forgotten](Result<void>) { forgotten = true; }); // step at T0+3: "Registration"
    QTRY_VERIFY(forgotten);
    m_authLog->append(exchange(m_now.addSecs(1), "https://as.example.org/token", 0, QStringLiteral("refused")));
    // A record stamped earlier than the newest (another log's clock) goes in its place, not at the end.
    m_authLog->append(
        exchange(m_now.addSecs(-2), "https://as.example.org/.well-known/oauth-authorization-server", 200));

    const QStringList lines = panel.text().split(QLatin1Char('\n'));
    QCOMPARE(lines.size(), 5);
    const QString t0 = m_now.addSecs(-3).toLocalTime().toString(QStringLiteral("HH:mm:ss"));
    QVERIFY2(lines.at(0).startsWith(t0 + QStringLiteral("  ✓ Keychain: ")), qPrintable(lines.at(0)));
    QVERIFY2(lines.at(0).contains(kIssuer), qPrintable(lines.at(0)));
    QVERIFY2(lines.at(1).contains(QStringLiteral("/.well-known/oauth-authorization-server -> 200")),
             qPrintable(lines.at(1)));
    QVERIFY2(lines.at(2).contains(QStringLiteral("mcp POST https://mcp.example.org/mcp -> 401 in 41 ms")),
             qPrintable(lines.at(2)));
    QVERIFY2(lines.at(3).contains(QStringLiteral("✓ Registration: ")), qPrintable(lines.at(3)));
    QVERIFY2(lines.at(4).endsWith(QStringLiteral("-> no response in 41 ms (120 B / 3.2 kB): refused")),
             qPrintable(lines.at(4)));
    // Each exchange line carries ExchangeLog's own format, with the exact UTC time for support.
    QVERIFY(lines.at(2).contains(ExchangeLog::formatRecord(m_mcpLog->records().constFirst())));

    // What the view shows is what Copy / Export give.
    QCOMPARE(panel.view()->toPlainText(), panel.text());
    QVERIFY(panel.exportButton()->isEnabled());
    QVERIFY(panel.copyButton()->isEnabled());
    // No token from the keychain blob reaches the activity (requirements SEC-4).
    QVERIFY(!panel.text().contains(m_accessToken));
}

// A panel opened after the fact shows the same history (timeline() and records()), in the same order.
void TestActivityPanel::panelAttachedLaterShowsTheSameHistory()
{
    ActivityPanel live;
    live.setAuthSession(m_session.get());
    live.setExchangeLogs({m_mcpLog.get()});
    bool loaded = false;
    m_session->load([&loaded](Result<void>) { loaded = true; });
    QTRY_VERIFY(loaded);
    m_mcpLog->append(exchange(m_now.addSecs(1), "https://mcp.example.org/mcp", 200));
    m_now = m_now.addSecs(2);
    bool forgotten = false;
    m_session->forgetClient([&forgotten](Result<void>) { forgotten = true; });
    QTRY_VERIFY(forgotten);

    ActivityPanel later;
    later.setExchangeLogs({m_mcpLog.get()});
    later.setAuthSession(m_session.get());
    QCOMPARE(later.text().count(QLatin1Char('\n')), 2);
    QCOMPARE(later.text(), live.text());
    QCOMPARE(later.view()->toPlainText(), live.view()->toPlainText());
}

void TestActivityPanel::stepLineNamesWhatHowAndWhen_data()
{
    QTest::addColumn<bool>("ok");
    QTest::addColumn<QString>("mark");
    QTest::newRow("succeeded") << true << QStringLiteral("✓");
    QTest::newRow("failed") << false << QStringLiteral("✗");
}

void TestActivityPanel::stepLineNamesWhatHowAndWhen()
{
    QFETCH(bool, ok);
    QFETCH(QString, mark);
    AuthSession::Step step;
    step.at = QDateTime(QDate(2026, 11, 22), QTime(12, 3, 4), Qt::UTC);
    step.what = QStringLiteral("Discovery");
    step.detail = QStringLiteral("GET https://mcp.example.org/.well-known/oauth-protected-resource/mcp → 200");
    step.ok = ok;
    QCOMPARE(ActivityPanel::formatStep(step),
             step.at.toLocalTime().toString(QStringLiteral("HH:mm:ss")) + QStringLiteral("  ") + mark
                 + QStringLiteral(" Discovery: GET https://mcp.example.org/.well-known/oauth-protected-resource/mcp "
                                  "→ 200"));
}

void TestActivityPanel::copyPutsTheTextOnTheClipboard()
{
    ActivityPanel panel;
    panel.setExchangeLogs({m_mcpLog.get()});
    m_mcpLog->append(exchange(m_now, "https://mcp.example.org/mcp", 200));
    QGuiApplication::clipboard()->setText(QStringLiteral("before"));
    panel.copyButton()->click();
    QCOMPARE(QGuiApplication::clipboard()->text(), panel.text());
    QVERIFY(QGuiApplication::clipboard()->text().contains(QStringLiteral("https://mcp.example.org/mcp -> 200")));
}

void TestActivityPanel::exportWritesTheText()
{
    ActivityPanel panel;
    panel.setAuthSession(m_session.get());
    panel.setExchangeLogs({m_mcpLog.get()});
    bool loaded = false;
    m_session->load([&loaded](Result<void>) { loaded = true; });
    QTRY_VERIFY(loaded);
    m_mcpLog->append(exchange(m_now.addSecs(1), "https://mcp.example.org/mcp", 200));

    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("activity.txt"));
    QVERIFY(panel.exportTo(path));
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QString written = QString::fromUtf8(file.readAll());
    QCOMPARE(written, panel.text() + QLatin1Char('\n'));
    QVERIFY(written.contains(QStringLiteral("Keychain: ")));
    QVERIFY(written.contains(QStringLiteral("https://mcp.example.org/mcp -> 200")));

    // Exporting again replaces the file whole.
    m_mcpLog->append(exchange(m_now.addSecs(2), "https://mcp.example.org/mcp", 202));
    QVERIFY(panel.exportTo(path));
    QFile again(path);
    QVERIFY(again.open(QIODevice::ReadOnly));
    QCOMPARE(QString::fromUtf8(again.readAll()), panel.text() + QLatin1Char('\n'));
}

// "false with no partial file on failure": a path whose parent is a regular file cannot be written (even as
// root), and a directory cannot be replaced by the export.
void TestActivityPanel::exportToUnwritablePathFailsWithoutAFile()
{
    ActivityPanel panel;
    panel.setExchangeLogs({m_mcpLog.get()});
    m_mcpLog->append(exchange(m_now, "https://mcp.example.org/mcp", 200));

    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString notADirectory = dir.filePath(QStringLiteral("plain-file"));
    {
        QFile file(notADirectory);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("x");
    }
    const QString inside = notADirectory + QStringLiteral("/activity.txt");
    QVERIFY(!panel.exportTo(inside));
    QVERIFY(!QFileInfo::exists(inside));

    const QString directory = dir.filePath(QStringLiteral("a-directory"));
    QVERIFY(QDir().mkpath(directory));
    QVERIFY(!panel.exportTo(directory));
    QVERIFY(QFileInfo(directory).isDir());
    // Nothing else was left next to them (no temporary file of the failed save).
    QCOMPARE(QDir(dir.path()).entryList(QDir::NoDotAndDotDot | QDir::AllEntries),
             (QStringList{QStringLiteral("a-directory"), QStringLiteral("plain-file")}));
    QCOMPARE(QDir(directory).entryList(QDir::NoDotAndDotDot | QDir::AllEntries), QStringList());
}

void TestActivityPanel::switchingSourcesDropsTheOldOnes()
{
    ActivityPanel panel;
    panel.setExchangeLogs({m_mcpLog.get()});
    m_mcpLog->append(exchange(m_now, "https://mcp.example.org/mcp", 200));
    QVERIFY(!panel.text().isEmpty());

    panel.setExchangeLogs({m_authLog.get()});
    QVERIFY(panel.text().isEmpty());
    m_mcpLog->append(exchange(m_now.addSecs(1), "https://mcp.example.org/mcp", 500)); // no longer followed
    QVERIFY(panel.text().isEmpty());
    m_authLog->append(exchange(m_now.addSecs(1), "https://as.example.org/token", 200));
    QCOMPARE(panel.text().count(QLatin1Char('\n')), 0);
    QVERIFY(panel.text().contains(QStringLiteral("https://as.example.org/token -> 200")));

    // A log destroyed while shown is simply no longer there at the next rebuild.
    m_authLog.reset();
    panel.setAuthSession(nullptr);
    QVERIFY(panel.text().isEmpty());
}

void TestActivityPanel::viewIsReadOnlyAndNamed()
{
    ActivityPanel panel;
    QVERIFY(panel.view()->isReadOnly());
    QVERIFY(!panel.view()->accessibleName().isEmpty());
    QVERIFY(!panel.copyButton()->accessibleName().isEmpty());
    QVERIFY(!panel.exportButton()->accessibleName().isEmpty());
    QVERIFY(panel.copyButton()->text().contains(QLatin1Char('&')));   // mnemonic
    QVERIFY(panel.exportButton()->text().contains(QLatin1Char('&'))); // mnemonic
}

void TestActivityPanel::savesScreenshot()
{
    ActivityPanel panel;
    panel.resize(900, 360);
    panel.setAuthSession(m_session.get());
    panel.setExchangeLogs({m_mcpLog.get(), m_authLog.get()});
    m_mcpLog->append(exchange(m_now.addSecs(-1), "https://mcp.example.org/mcp", 401));
    bool loaded = false;
    m_session->load([&loaded](Result<void>) { loaded = true; });
    QTRY_VERIFY(loaded);
    m_authLog->append(exchange(m_now.addSecs(1), "https://as.example.org/token", 200));
    m_mcpLog->append(exchange(m_now.addSecs(2), "https://mcp.example.org/mcp", 200));
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    QTest::qWait(100);
    testing::saveScreenshot(panel, QStringLiteral("activitypanel.png"));
}

QTEST_MAIN(TestActivityPanel)
#include "tst_activitypanel.moc"
