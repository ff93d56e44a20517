// The server editor, offscreen (requirements UI-2: an invalid URL in the editor blocks save with a
// message). Every test edits the form the way a person does (typing, choosing, clicking) and checks both what
// the dialog shows (Save enabled or not, the message under the form) and what it returns. Saves a screenshot.

#include "editor/servereditordialog.h"

#include <QAbstractButton>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>

#include <memory>

using namespace portico;

namespace {

// A certificate (a copy of tests/data/tls/loopback-cert.pem; the editor only checks that the file holds one).
constexpr char kPemCertificate[] = R"(-----BEGIN CERTIFICATE-----
MIIB+jCCAaCgAwIBAgIUONOPegtbVtPApUeoQkw/GSb8s/AwCgYIKoZIzj0EAwIw
STEWMBQGA1UECgwNUG9ydGljbyB0ZXN0czEvMC0GA1UEAwwmUG9ydGljbyB0ZXN0
LW9ubHkgbG9vcGJhY2sgY2VydGlmaWNhdGUwIBcNMjYxMTIyMDE1NjUwWhgPMjEy
NjEwMjkwMTU2NTBaMEkxFjAUBgNVBAoMDVBvcnRpY28gdGVzdHMxLzAtBgNVBAMM
JlBvcnRpY28gdGVzdC1vbmx5IGxvb3BiYWNrIGNlcnRpZmljYXRlMFkwEwYHKoZI
zj0CAQYIKoZIzj0DAQcDQgAEelCJLIpV+TRB17n5a2RN7Kb/9sHM4KdUJWBE1oWF
bm4us5AKK7Q56pxlczLZWdyJ6i/WX/YfTm25RjwKk/RsvaNkMGIwHQYDVR0OBBYE
FG/vnAkr0lnKT10/c+78wUGURopoMB8GA1UdIwQYMBaAFG/vnAkr0lnKT10/c+78
wUGURopoMA8GA1UdEwEB/wQFMAMBAf8wDwYDVR0RBAgwBocEfwAAATAKBggqhkjO
PQQDAgNIADBFAiEA9EBZ2jfvX2Tm27xN5Av4EkDGVFQDSbA+ZYESQcgRDYcCICRT
dYPM55ww2kuWkw/NQH1MukmfX+PVTV9nVUNztTEq
-----END CERTIFICATE-----
)";

template<typename T>
T *child(const QObject &parent, const char *name)
{
    T *found = parent.findChild<T *>(QString::fromLatin1(name));
    if (!found)
        qFatal("no child %s", name);
    return found;
}

// Replaces a line edit's text by typing, so textChanged fires for every key as it does for a person.
void typeInto(QLineEdit *edit, const QString &text)
{
    edit->setFocus();
    edit->selectAll();
    QTest::keyClick(edit, Qt::Key_Backspace);
    for (const QChar c : text) {
        // QTest types Latin-1 only; other characters arrive the way an input method commits them.
        if (c.unicode() < 0x80)
            QTest::keyClick(edit, char(c.unicode()));
        else
            edit->insert(QString(c));
    }
}

void choose(QComboBox *box, const QVariant &data)
{
    const int index = box->findData(data);
    if (index < 0)
        qFatal("no such item");
    box->setCurrentIndex(index);
}

ServerConfig aServer(const QString &url, const QString &name)
{
    ServerConfig config;
    config.url = QUrl(url);
    config.name = name;
    return config;
}

} // namespace

class TestServerEditorDialog : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void newServerStartsWithSaveDisabledAndTheUrlFocused();
    void invalidUrlBlocksSaveWithAMessageNamingTheProblem_data();
    void invalidUrlBlocksSaveWithAMessageNamingTheProblem();
    void validHttpsUrlEnablesSaveAndReturnsUrlNameAndMode();
    void loopbackHttpUrlIsAllowed();
    void emptyNameDefaultsToTheHost();
    void preRegisteredModeRequiresAClientId();
    void clientCredentialsRequireASecretUnlessOneIsStored();
    void secretIsNeverPrefilledAndClientSecretReturnsWhatWasTyped();
    void secretOfAModeWithoutClientIsNotReturned();
    void editingAnExistingConfigKeepsItsIdAndHeaders();
    void unchangedFormReturnsTheSameConfig();
    void advancedFieldsRoundTripIntoTheConfig();
    void advancedGroupIsCollapsedForANewServerAndOpensWithItsButton();
    void invalidAdvancedFieldsBlockSave_data();
    void invalidAdvancedFieldsBlockSave();
    void scopeOverrideWithAnInvalidTokenIsRefused_data();
    void scopeOverrideWithAnInvalidTokenIsRefused();
    void validScopeOverrideIsSplitIntoTokens();
    void duplicateUrlWarnsWithoutBlocking();
    void enterSavesOnlyAValidFormAndEscapeCancels();
    void everyInteractiveWidgetHasAnAccessibleName();
    void savesScreenshot();

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_caFile;
};

void TestServerEditorDialog::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_caFile = m_dir->filePath(QStringLiteral("corporate-ca.pem"));
    QFile file(m_caFile);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(kPemCertificate);
}

void TestServerEditorDialog::newServerStartsWithSaveDisabledAndTheUrlFocused()
{
    ServerEditorDialog dialog(ServerConfig(), {});
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    QCOMPARE(dialog.windowTitle(), QStringLiteral("Add server"));
    QVERIFY(!dialog.isValid());
    QVERIFY(!dialog.saveButton()->isEnabled());
    QVERIFY(dialog.validationMessage().contains(QStringLiteral("URL")));
    QTRY_COMPARE(QApplication::focusWidget(), static_cast<QWidget *>(child<QLineEdit>(dialog, "urlEdit")));
}

void TestServerEditorDialog::invalidUrlBlocksSaveWithAMessageNamingTheProblem_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<QString>("expectedInMessage");
    // An invalid URL blocks save with a message. docs/architecture.md, "Security rules": https only, plain http
    // for loopback only, no user name or password in the URL.
    QTest::newRow("not a url") << u"not a url"_qs << u"not a valid address"_qs;
    QTest::newRow("http to a remote host") << u"http://example.com/mcp"_qs << u"must use https://"_qs;
    QTest::newRow("ftp") << u"ftp://x"_qs << u"not ftp://"_qs;
    QTest::newRow("no scheme") << u"mcp.example.com/mcp"_qs << u"https://mcp.example.com/mcp"_qs;
    QTest::newRow("credentials in the URL") << u"https://user:pass@mcp.example.com/mcp"_qs << u"password"_qs;
    QTest::newRow("credential in the query") << u"https://mcp.example.com/mcp?api_key=abc"_qs << u"query"_qs;
}

void TestServerEditorDialog::invalidUrlBlocksSaveWithAMessageNamingTheProblem()
{
    QFETCH(QString, url);
    QFETCH(QString, expectedInMessage);

    ServerEditorDialog dialog(ServerConfig(), {});
    QSignalSpy accepted(&dialog, &QDialog::accepted);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    typeInto(child<QLineEdit>(dialog, "urlEdit"), url);

    QVERIFY(!dialog.isValid());
    QVERIFY(!dialog.saveButton()->isEnabled());
    QVERIFY2(dialog.validationMessage().contains(expectedInMessage), qPrintable(dialog.validationMessage()));
    // The message is on screen, not only in the API.
    const QLabel *message = child<QLabel>(dialog, "messageLabel");
    QVERIFY(message->isVisible());
    QCOMPARE(message->text(), dialog.validationMessage());
    QVERIFY(child<QLabel>(dialog, "messageIcon")->isVisible());

    // Neither a click on the disabled button nor a direct accept() returns anything.
    QTest::mouseClick(dialog.saveButton(), Qt::LeftButton);
    dialog.accept();
    QCOMPARE(accepted.count(), 0);
    QVERIFY(dialog.isVisible());
}

void TestServerEditorDialog::validHttpsUrlEnablesSaveAndReturnsUrlNameAndMode()
{
    ServerEditorDialog dialog(ServerConfig(), {});
    QSignalSpy accepted(&dialog, &QDialog::accepted);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));

    typeInto(child<QLineEdit>(dialog, "urlEdit"), u"https://mcp.example.com/mcp"_qs);
    typeInto(child<QLineEdit>(dialog, "nameEdit"), u"Example tools"_qs);
    choose(child<QComboBox>(dialog, "modeBox"), int(ServerConfig::AuthorizationMode::None));
    QVERIFY2(dialog.isValid(), qPrintable(dialog.validationMessage()));
    QVERIFY(dialog.validationMessage().isEmpty());
    QVERIFY(dialog.saveButton()->isEnabled());
    QVERIFY(!child<QLabel>(dialog, "messageLabel")->isVisible());

    QTest::mouseClick(dialog.saveButton(), Qt::LeftButton);
    QCOMPARE(accepted.count(), 1);
    QCOMPARE(dialog.result(), int(QDialog::Accepted));
    const ServerConfig config = dialog.config();
    QCOMPARE(config.url, QUrl(u"https://mcp.example.com/mcp"_qs));
    QCOMPARE(config.name, u"Example tools"_qs);
    QCOMPARE(config.authorizationMode, ServerConfig::AuthorizationMode::None);
    QVERIFY(config.validate().ok());
    QVERIFY(!config.hasClientSecret);
}

void TestServerEditorDialog::loopbackHttpUrlIsAllowed()
{
    // docs/architecture.md, "Security rules" / url_policy: plain http is fine when nothing leaves the machine.
    ServerEditorDialog dialog(ServerConfig(), {});
    typeInto(child<QLineEdit>(dialog, "urlEdit"), u"http://127.0.0.1:3000/mcp"_qs);
    QVERIFY2(dialog.isValid(), qPrintable(dialog.validationMessage()));
    QCOMPARE(dialog.config().url, QUrl(u"http://127.0.0.1:3000/mcp"_qs));
}

void TestServerEditorDialog::emptyNameDefaultsToTheHost()
{
    ServerEditorDialog dialog(ServerConfig(), {});
    typeInto(child<QLineEdit>(dialog, "urlEdit"), u"https://mcp.linear.example/sse"_qs);
    QVERIFY(child<QLineEdit>(dialog, "nameEdit")->placeholderText().contains(u"mcp.linear.example"_qs));
    QVERIFY(dialog.isValid());
    QCOMPARE(dialog.config().name, u"mcp.linear.example"_qs);
}

void TestServerEditorDialog::preRegisteredModeRequiresAClientId()
{
    ServerEditorDialog dialog(ServerConfig(), {});
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    typeInto(child<QLineEdit>(dialog, "urlEdit"), u"https://mcp.example.com/mcp"_qs);
    QLineEdit *clientId = child<QLineEdit>(dialog, "clientIdEdit");
    QVERIFY(!clientId->isVisible()); // automatic mode: no client fields
    QVERIFY(dialog.isValid());

    choose(child<QComboBox>(dialog, "modeBox"), int(ServerConfig::AuthorizationMode::PreRegisteredClient));
    QVERIFY(clientId->isVisible());
    QVERIFY(child<QLineEdit>(dialog, "secretEdit")->isVisible());
    QVERIFY(!dialog.isValid());
    QVERIFY(!dialog.saveButton()->isEnabled());
    QVERIFY2(dialog.validationMessage().contains(u"client id"_qs), qPrintable(dialog.validationMessage()));

    typeInto(clientId, u"portico-desktop"_qs);
    QVERIFY2(dialog.isValid(), qPrintable(dialog.validationMessage())); // a public client needs no secret
    QVERIFY(dialog.saveButton()->isEnabled());
    QCOMPARE(dialog.config().authorizationMode, ServerConfig::AuthorizationMode::PreRegisteredClient);
    QCOMPARE(dialog.config().clientId, u"portico-desktop"_qs);
}

void TestServerEditorDialog::clientCredentialsRequireASecretUnlessOneIsStored()
{
    {
        ServerEditorDialog dialog(ServerConfig(), {});
        typeInto(child<QLineEdit>(dialog, "urlEdit"), u"https://mcp.example.com/mcp"_qs);
        choose(child<QComboBox>(dialog, "modeBox"), int(ServerConfig::AuthorizationMode::ClientCredentials));
        typeInto(child<QLineEdit>(dialog, "clientIdEdit"), u"machine"_qs);
        QVERIFY(!dialog.isValid());
        QVERIFY2(dialog.validationMessage().contains(u"secret"_qs), qPrintable(dialog.validationMessage()));
        typeInto(child<QLineEdit>(dialog, "secretEdit"), u"typed-value"_qs);
        QVERIFY2(dialog.isValid(), qPrintable(dialog.validationMessage()));
        QVERIFY(dialog.config().hasClientSecret);
    }
    {
        ServerConfig stored = aServer(u"https://mcp.example.com/mcp"_qs, u"Machine"_qs);
        stored.authorizationMode = ServerConfig::AuthorizationMode::ClientCredentials;
        stored.clientId = u"machine"_qs;
        stored.hasClientSecret = true;
        ServerEditorDialog dialog(stored, {stored});
        QVERIFY2(dialog.isValid(), qPrintable(dialog.validationMessage()));
        QVERIFY(dialog.clientSecret().isEmpty()); // leave the stored one unchanged
        QVERIFY(dialog.config().hasClientSecret);
    }
}

void TestServerEditorDialog::secretIsNeverPrefilledAndClientSecretReturnsWhatWasTyped()
{
    ServerConfig stored = aServer(u"https://mcp.example.com/mcp"_qs, u"Entra"_qs);
    stored.authorizationMode = ServerConfig::AuthorizationMode::PreRegisteredClient;
    stored.clientId = u"11111111-2222-3333-4444-555555555555"_qs;
    stored.hasClientSecret = true;

    ServerEditorDialog dialog(stored, {stored});
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    QLineEdit *secret = child<QLineEdit>(dialog, "secretEdit");
    QVERIFY(secret->isVisible());
    QVERIFY(secret->text().isEmpty());
    QCOMPARE(secret->echoMode(), QLineEdit::Password);
    QVERIFY(secret->placeholderText().contains(u"keychain"_qs));
    QVERIFY(dialog.clientSecret().isEmpty());
    QVERIFY(dialog.config().hasClientSecret);

    const QString typed = u"typed-replacement-value"_qs;
    typeInto(secret, typed);
    QCOMPARE(dialog.clientSecret(), typed);
    QVERIFY(dialog.config().hasClientSecret);
    // The secret shows up nowhere else: not in another field, a label or the message.
    for (const QLineEdit *edit : dialog.findChildren<QLineEdit *>()) {
        if (edit != secret)
            QVERIFY(!edit->text().contains(typed));
    }
    for (const QLabel *label : dialog.findChildren<QLabel *>())
        QVERIFY(!label->text().contains(typed));
    QVERIFY(!dialog.config().toJson().contains(typed));

    // A new server with no stored secret: typing one is what sets hasClientSecret.
    ServerEditorDialog fresh(ServerConfig(), {});
    typeInto(child<QLineEdit>(fresh, "urlEdit"), u"https://mcp.example.com/mcp"_qs);
    choose(child<QComboBox>(fresh, "modeBox"), int(ServerConfig::AuthorizationMode::PreRegisteredClient));
    typeInto(child<QLineEdit>(fresh, "clientIdEdit"), u"desktop"_qs);
    QVERIFY(!child<QLineEdit>(fresh, "secretEdit")->placeholderText().contains(u"keychain"_qs));
    QVERIFY(!fresh.config().hasClientSecret);
    typeInto(child<QLineEdit>(fresh, "secretEdit"), typed);
    QVERIFY(fresh.config().hasClientSecret);
    QCOMPARE(fresh.clientSecret(), typed);
}

void TestServerEditorDialog::secretOfAModeWithoutClientIsNotReturned()
{
    ServerEditorDialog dialog(ServerConfig(), {});
    typeInto(child<QLineEdit>(dialog, "urlEdit"), u"https://mcp.example.com/mcp"_qs);
    choose(child<QComboBox>(dialog, "modeBox"), int(ServerConfig::AuthorizationMode::PreRegisteredClient));
    typeInto(child<QLineEdit>(dialog, "secretEdit"), u"typed-value"_qs);
    choose(child<QComboBox>(dialog, "modeBox"), int(ServerConfig::AuthorizationMode::Automatic));
    QVERIFY(dialog.clientSecret().isEmpty());
    QVERIFY(!dialog.config().hasClientSecret);
}

void TestServerEditorDialog::editingAnExistingConfigKeepsItsIdAndHeaders()
{
    ServerConfig stored = aServer(u"https://mcp.example.com/mcp"_qs, u"Before"_qs);
    stored.headers = {{u"X-Tenant"_qs, u"acme"_qs, false}, {u"X-Api-Key"_qs, QString(), true}};
    ServerEditorDialog dialog(stored, {stored});
    QCOMPARE(dialog.windowTitle(), QStringLiteral("Edit server"));
    typeInto(child<QLineEdit>(dialog, "nameEdit"), u"After"_qs);
    typeInto(child<QLineEdit>(dialog, "urlEdit"), u"https://mcp.example.com/v2/mcp"_qs);
    dialog.accept();
    QCOMPARE(dialog.result(), int(QDialog::Accepted));
    const ServerConfig edited = dialog.config();
    QCOMPARE(edited.id(), stored.id());
    QCOMPARE(edited.name, u"After"_qs);
    QCOMPARE(edited.url, QUrl(u"https://mcp.example.com/v2/mcp"_qs));
    QCOMPARE(edited.headers, stored.headers);
}

void TestServerEditorDialog::unchangedFormReturnsTheSameConfig()
{
    // Everything the editor shows is loaded back exactly: opening and saving changes nothing.
    ServerConfig stored = aServer(u"https://mcp.example.com/mcp"_qs, u"Everything set"_qs);
    stored.authorizationMode = ServerConfig::AuthorizationMode::PreRegisteredClient;
    stored.clientId = u"desktop"_qs;
    stored.hasClientSecret = true;
    stored.scopes = {u"files:read"_qs, u"files:write"_qs};
    stored.sendResourceParameter = false;
    stored.fixedRedirectPort = 3118;
    stored.caCertificatesFile = m_caFile;
    stored.proxyMode = ProxyMode::Manual;
    stored.proxyUrl = QUrl(u"http://proxy.example:3128"_qs);
    stored.useSystemBrowser = true;
    stored.allowPrivateNetwork = true;
    stored.transport = ServerConfig::TransportChoice::StreamableHttp2025;
    ServerEditorDialog dialog(stored, {stored});
    QVERIFY2(dialog.isValid(), qPrintable(dialog.validationMessage()));
    QVERIFY(child<QToolButton>(dialog, "advancedButton")->isChecked()); // advanced values are not hidden
    QCOMPARE(dialog.config(), stored);
}

void TestServerEditorDialog::advancedFieldsRoundTripIntoTheConfig()
{
    ServerEditorDialog dialog(ServerConfig(), {});
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    typeInto(child<QLineEdit>(dialog, "urlEdit"), u"https://mcp.contoso.example/mcp"_qs);
    QTest::mouseClick(child<QToolButton>(dialog, "advancedButton"), Qt::LeftButton);

    QCheckBox *resource = child<QCheckBox>(dialog, "resourceCheck");
    QVERIFY(resource->isVisible());
    QVERIFY(resource->isChecked()); // RFC 8707 resource on by default (requirements AUTH-27)
    QVERIFY(child<QLabel>(dialog, "resourceHint")->text().contains(u"reject"_qs));
    QTest::mouseClick(resource, Qt::LeftButton);
    typeInto(child<QLineEdit>(dialog, "portEdit"), u"3118"_qs);
    typeInto(child<QLineEdit>(dialog, "caFileEdit"), QDir::toNativeSeparators(m_caFile));
    QLineEdit *proxyUrl = child<QLineEdit>(dialog, "proxyUrlEdit");
    QVERIFY(!proxyUrl->isEnabled()); // only for a manual proxy
    choose(child<QComboBox>(dialog, "proxyBox"), int(ProxyMode::Manual));
    QVERIFY(proxyUrl->isEnabled());
    typeInto(proxyUrl, u"socks5://proxy.example:1080"_qs);
    // Requirements SEC-1: off by default, with a one-line note on what it opens.
    QCheckBox *privateNetwork = child<QCheckBox>(dialog, "privateNetworkCheck");
    QVERIFY(privateNetwork->isVisible());
    QVERIFY(!privateNetwork->isChecked());
    QVERIFY(child<QLabel>(dialog, "privateNetworkHint")->text().contains(u"192.168"_qs));
    privateNetwork->setFocus();
    QTest::keyClick(privateNetwork, Qt::Key_Space);
    choose(child<QComboBox>(dialog, "browserBox"), true);
    choose(child<QComboBox>(dialog, "transportBox"), int(ServerConfig::TransportChoice::HttpSse2024));
    QVERIFY2(dialog.isValid(), qPrintable(dialog.validationMessage()));

    QTest::mouseClick(dialog.saveButton(), Qt::LeftButton);
    QCOMPARE(dialog.result(), int(QDialog::Accepted));
    const ServerConfig config = dialog.config();
    QCOMPARE(config.sendResourceParameter, false);
    QCOMPARE(config.fixedRedirectPort, std::optional<quint16>(3118));
    QCOMPARE(config.caCertificatesFile, m_caFile);
    QCOMPARE(config.proxyMode, ProxyMode::Manual);
    QCOMPARE(config.proxyUrl, QUrl(u"socks5://proxy.example:1080"_qs));
    QCOMPARE(config.useSystemBrowser, true);
    QCOMPARE(config.allowPrivateNetwork, true);
    QCOMPARE(config.transport, ServerConfig::TransportChoice::HttpSse2024);

    // And back: the saved config round-trips through servers.json's shape.
    const Result<ServerConfig> reloaded = ServerConfig::fromJson(config.toJson());
    QVERIFY(reloaded.ok());
    QCOMPARE(reloaded.value(), config);
}

void TestServerEditorDialog::advancedGroupIsCollapsedForANewServerAndOpensWithItsButton()
{
    ServerEditorDialog dialog(ServerConfig(), {});
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    QToolButton *advanced = child<QToolButton>(dialog, "advancedButton");
    QWidget *group = child<QWidget>(dialog, "advancedGroup");
    QVERIFY(!group->isVisible());
    advanced->setFocus();
    QTest::keyClick(advanced, Qt::Key_Space); // the keyboard opens it too
    QVERIFY(group->isVisible());
    QTest::keyClick(advanced, Qt::Key_Space);
    QVERIFY(!group->isVisible());
}

void TestServerEditorDialog::invalidAdvancedFieldsBlockSave_data()
{
    QTest::addColumn<QString>("field");
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("proxyMode");
    QTest::addColumn<QString>("expectedInMessage");
    const int system = int(ProxyMode::System);
    const int manual = int(ProxyMode::Manual);
    QTest::newRow("port out of range") << u"portEdit"_qs << u"70000"_qs << system << u"65535"_qs;
    QTest::newRow("missing CA file") << u"caFileEdit"_qs << u"/nonexistent/ca.pem"_qs << system << u"does not exist"_qs;
    QTest::newRow("CA file without a certificate")
        << u"caFileEdit"_qs << u"NOT-PEM"_qs << system << u"no PEM certificate"_qs;
    QTest::newRow("manual proxy without URL") << u"proxyUrlEdit"_qs << QString() << manual << u"proxy"_qs;
    QTest::newRow("manual proxy with another scheme")
        << u"proxyUrlEdit"_qs << u"ftp://proxy.example"_qs << manual << u"proxy"_qs;
    QTest::newRow("manual proxy with a password")
        << u"proxyUrlEdit"_qs << u"http://u:p@proxy.example:3128"_qs << manual << u"password"_qs;
}

void TestServerEditorDialog::invalidAdvancedFieldsBlockSave()
{
    QFETCH(QString, field);
    QFETCH(QString, text);
    QFETCH(int, proxyMode);
    QFETCH(QString, expectedInMessage);

    if (text == u"NOT-PEM"_qs) {
        text = m_dir->filePath(u"not-a-certificate.pem"_qs);
        QFile file(text);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("just some text\n");
    }
    ServerEditorDialog dialog(ServerConfig(), {});
    typeInto(child<QLineEdit>(dialog, "urlEdit"), u"https://mcp.example.com/mcp"_qs);
    QVERIFY(dialog.isValid());
    choose(child<QComboBox>(dialog, "proxyBox"), proxyMode);
    if (!text.isEmpty())
        typeInto(child<QLineEdit>(dialog, field.toLatin1().constData()), text);
    QVERIFY(!dialog.isValid());
    QVERIFY(!dialog.saveButton()->isEnabled());
    QVERIFY2(dialog.validationMessage().contains(expectedInMessage), qPrintable(dialog.validationMessage()));
}

void TestServerEditorDialog::scopeOverrideWithAnInvalidTokenIsRefused_data()
{
    QTest::addColumn<QString>("scopes");
    QTest::addColumn<QString>("badToken");
    // RFC 6749 §3.3 scope-token = 1*( %x21 / %x23-5B / %x5D-7E ): no quote, backslash or non-ASCII.
    QTest::newRow("quote") << u"files:read \"files:write\""_qs << u"\"files:write\""_qs;
    QTest::newRow("backslash") << u"repo\\admin"_qs << u"repo\\admin"_qs;
    QTest::newRow("non-ASCII") << u"lecture écriture"_qs << u"écriture"_qs;
}

void TestServerEditorDialog::scopeOverrideWithAnInvalidTokenIsRefused()
{
    QFETCH(QString, scopes);
    QFETCH(QString, badToken);
    ServerEditorDialog dialog(ServerConfig(), {});
    typeInto(child<QLineEdit>(dialog, "urlEdit"), u"https://mcp.example.com/mcp"_qs);
    typeInto(child<QLineEdit>(dialog, "scopesEdit"), scopes);
    QVERIFY(!dialog.isValid());
    QVERIFY(!dialog.saveButton()->isEnabled());
    QVERIFY2(dialog.validationMessage().contains(badToken), qPrintable(dialog.validationMessage()));
    dialog.accept();
    QVERIFY(dialog.result() != int(QDialog::Accepted));
}

void TestServerEditorDialog::validScopeOverrideIsSplitIntoTokens()
{
    ServerEditorDialog dialog(ServerConfig(), {});
    typeInto(child<QLineEdit>(dialog, "urlEdit"), u"https://mcp.example.com/mcp"_qs);
    typeInto(child<QLineEdit>(dialog, "scopesEdit"), u"  files:read   files:write files:read "_qs);
    QVERIFY2(dialog.isValid(), qPrintable(dialog.validationMessage()));
    QCOMPARE(dialog.config().scopes, QStringList({u"files:read"_qs, u"files:write"_qs}));
    typeInto(child<QLineEdit>(dialog, "scopesEdit"), QString());
    QVERIFY(dialog.config().scopes.isEmpty()); // empty: let discovery choose (requirements AUTH-28)
}

void TestServerEditorDialog::duplicateUrlWarnsWithoutBlocking()
{
    const ServerConfig other = aServer(u"https://mcp.example.com/mcp/"_qs, u"Work account"_qs);
    ServerEditorDialog dialog(ServerConfig(), {other});
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    const QLabel *warning = child<QLabel>(dialog, "duplicateLabel");
    QVERIFY(!warning->isVisible());

    // Compared in ServerConfig::normalizedUrl form: case, default port and trailing slash do not matter.
    typeInto(child<QLineEdit>(dialog, "urlEdit"), u"HTTPS://MCP.example.com:443/mcp"_qs);
    QVERIFY(dialog.duplicateWarning().contains(u"Work account"_qs));
    QVERIFY(warning->isVisible());
    QVERIFY(dialog.isValid());
    QVERIFY(dialog.saveButton()->isEnabled());

    typeInto(child<QLineEdit>(dialog, "urlEdit"), u"https://mcp.example.com/other"_qs);
    QVERIFY(dialog.duplicateWarning().isEmpty());
    QVERIFY(!warning->isVisible());

    // The server being edited is not a duplicate of itself.
    ServerEditorDialog editing(other, {other});
    QVERIFY(editing.duplicateWarning().isEmpty());
}

void TestServerEditorDialog::enterSavesOnlyAValidFormAndEscapeCancels()
{
    {
        ServerEditorDialog dialog(ServerConfig(), {});
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        QLineEdit *url = child<QLineEdit>(dialog, "urlEdit");
        typeInto(url, u"http://example.com/mcp"_qs);
        QTest::keyClick(url, Qt::Key_Return);
        QVERIFY(dialog.isVisible());
        QVERIFY(dialog.result() != int(QDialog::Accepted));
        typeInto(url, u"https://example.com/mcp"_qs);
        QTest::keyClick(url, Qt::Key_Return);
        QCOMPARE(dialog.result(), int(QDialog::Accepted));
    }
    {
        ServerEditorDialog dialog(ServerConfig(), {});
        QSignalSpy rejected(&dialog, &QDialog::rejected);
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        QTest::keyClick(child<QLineEdit>(dialog, "urlEdit"), Qt::Key_Escape);
        QCOMPARE(rejected.count(), 1);
    }
}

void TestServerEditorDialog::everyInteractiveWidgetHasAnAccessibleName()
{
    // ui-common: accessible names on every interactive widget.
    ServerEditorDialog dialog(ServerConfig(), {});
    QList<QWidget *> interactive;
    for (QWidget *w : dialog.findChildren<QWidget *>()) {
        if (qobject_cast<QLineEdit *>(w) || qobject_cast<QComboBox *>(w) || qobject_cast<QAbstractButton *>(w)) {
            // A line edit's clear button and a combo box's inner parts belong to their owner.
            if (qobject_cast<QLineEdit *>(w->parentWidget()) || qobject_cast<QComboBox *>(w->parentWidget()))
                continue;
            interactive.append(w);
        }
    }
    QVERIFY(interactive.size() >= 15);
    for (const QWidget *w : std::as_const(interactive))
        QVERIFY2(!w->accessibleName().isEmpty(), qPrintable(w->objectName()));
}

void TestServerEditorDialog::savesScreenshot()
{
    const QString dir = qEnvironmentVariable("PORTICO_TEST_ARTIFACTS_DIR");
    if (dir.isEmpty())
        QSKIP("PORTICO_TEST_ARTIFACTS_DIR is not set");
    const ServerConfig other = aServer(u"https://mcp.atlassian.example/v1/mcp"_qs, u"Atlassian (work)"_qs);
    ServerEditorDialog dialog(ServerConfig(), {other});
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    typeInto(child<QLineEdit>(dialog, "urlEdit"), u"https://mcp.atlassian.example/v1/mcp"_qs);
    typeInto(child<QLineEdit>(dialog, "nameEdit"), u"Atlassian (personal)"_qs);
    choose(child<QComboBox>(dialog, "modeBox"), int(ServerConfig::AuthorizationMode::PreRegisteredClient));
    typeInto(child<QLineEdit>(dialog, "scopesEdit"), u"read:jira-work write:jira-work"_qs);
    QTest::mouseClick(child<QToolButton>(dialog, "advancedButton"), Qt::LeftButton);
    QVERIFY(!dialog.isValid()); // the client id is missing: the message shows under the form
    dialog.adjustSize();
    QTest::qWait(50);
    const QString path = QDir(dir).filePath(u"servereditordialog.png"_qs);
    QVERIFY(dialog.grab().save(path));
    QVERIFY(QFile::exists(path));
}

QTEST_MAIN(TestServerEditorDialog)
#include "tst_servereditordialog.moc"
