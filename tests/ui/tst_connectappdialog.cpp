// "Use in other apps…", offscreen: the dialog previews the one entry it would add to the chosen app's file,
// Connect writes it (with a backup) and Undo puts the file back; a malformed file is shown and never written;
// the main window offers the action for the selected server. Saves a screenshot of the preview.
#include "config/connectapp.h"
#include "config/serverregistry.h"
#include "connectapp/connectappdialog.h"
#include "mainwindow/mainwindow.h"
#include "screenshot.h"
#include "secrets/inmemorysecretstore.h"

#include <QAction>
#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeView>

using namespace portico;

namespace {

const BridgeServer kServer{QStringLiteral("0b5e9d6c-3f7a-4c1e-9d2b-7a1c2e3f4a5b"), QStringLiteral("Linear"),
                           QUrl(QStringLiteral("https://mcp.linear.app/sse"))};
const QByteArray kZedSettings = "// Zed\n{\n  \"theme\": \"One Dark\",\n  \"context_servers\": {}\n}\n";

QByteArray bytesOf(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

void write(const QString &path, const QByteArray &content)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    file.write(content);
}

} // namespace

class TestConnectAppDialog : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void previewsConnectsAndUndoes();
    void showsAMalformedFileAndWritesNothing();
    void mainWindowOffersItForTheSelectedServer();

private:
    template<typename T>
    static T *child(const QWidget &dialog, const char *name)
    {
        return dialog.findChild<T *>(QString::fromLatin1(name));
    }
    static void choose(const QWidget &dialog, ConnectApp app);

    std::unique_ptr<QTemporaryDir> m_home;
};

void TestConnectAppDialog::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
}

void TestConnectAppDialog::init()
{
    // The apps' files land in a throwaway home, never the tester's own.
    m_home = std::make_unique<QTemporaryDir>();
    QVERIFY(m_home->isValid());
    qputenv("HOME", m_home->path().toLocal8Bit());
    QVERIFY(connect_app::defaultFilePath(ConnectApp::Zed).startsWith(m_home->path()));
}

void TestConnectAppDialog::choose(const QWidget &dialog, ConnectApp app)
{
    auto *box = child<QComboBox>(dialog, "appBox");
    box->setCurrentIndex(box->findData(connect_app::id(app)));
}

void TestConnectAppDialog::previewsConnectsAndUndoes()
{
    const QString path = connect_app::defaultFilePath(ConnectApp::Zed);
    write(path, kZedSettings);
    ConnectAppDialog dialog(kServer);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    choose(dialog, ConnectApp::Zed);

    const QString preview = child<QPlainTextEdit>(dialog, "preview")->toPlainText();
    QVERIFY2(preview.contains(QStringLiteral("added as “linear”")), qPrintable(preview));
    QVERIFY(preview.contains(QStringLiteral("+       \"args\": [\"bridge\", \"") + kServer.id + QStringLiteral("\"]")));
    QCOMPARE(bytesOf(path), kZedSettings); // previewing writes nothing
    testing::saveRenderedScreenshot(dialog, QStringLiteral("connectappdialog-preview.png"));

    auto *connectButton = child<QPushButton>(dialog, "connectButton");
    auto *undoButton = child<QPushButton>(dialog, "undoButton");
    QVERIFY(connectButton->isEnabled());
    QVERIFY(!undoButton->isEnabled());
    connectButton->click();
    QVERIFY(bytesOf(path).contains(kServer.id.toUtf8()));
    QVERIFY(bytesOf(path).startsWith("// Zed\n{\n  \"theme\": \"One Dark\",\n  \"context_servers\": {\n"));
    QVERIFY(child<QLabel>(dialog, "status")->text().contains(QStringLiteral(".portico-backup-")));
    QVERIFY(undoButton->isEnabled());
    QVERIFY(!connectButton->isEnabled());

    undoButton->click();
    QCOMPARE(bytesOf(path), kZedSettings);
    QVERIFY(!undoButton->isEnabled());
    QVERIFY(connectButton->isEnabled());
}

void TestConnectAppDialog::showsAMalformedFileAndWritesNothing()
{
    const QString path = connect_app::defaultFilePath(ConnectApp::VsCode);
    const QByteArray malformed = "{ \"servers\": { \"a\": } }";
    write(path, malformed);
    ConnectAppDialog dialog(kServer);
    choose(dialog, ConnectApp::VsCode);
    QVERIFY(child<QPlainTextEdit>(dialog, "preview")->toPlainText().contains(QStringLiteral("Line 1")));
    QVERIFY(!child<QPushButton>(dialog, "connectButton")->isEnabled());
    QCOMPARE(bytesOf(path), malformed);
}

void TestConnectAppDialog::mainWindowOffersItForTheSelectedServer()
{
    QTemporaryDir dir;
    ServerRegistry registry(dir.filePath(QStringLiteral("servers.json")));
    QVERIFY(registry.load().ok());
    ServerConfig config;
    config.name = kServer.name;
    config.url = kServer.url;
    QVERIFY(registry.add(config).ok());
    InMemorySecretStore secrets;
    MainWindow window(&registry, &secrets);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));

    auto *action = window.findChild<QAction *>(QStringLiteral("useInOtherAppsAction"));
    QVERIFY(action);
    auto *list = window.findChild<QTreeView *>();
    QVERIFY(list);
    list->setCurrentIndex(list->model()->index(0, 0));
    QVERIFY(action->isEnabled());
    QWidget *dialog = window.openConnectAppDialog();
    QVERIFY(dialog);
    QVERIFY(dialog->windowTitle().contains(kServer.name));
    dialog->close();
}

QTEST_MAIN(TestConnectAppDialog)
#include "tst_connectappdialog.moc"
