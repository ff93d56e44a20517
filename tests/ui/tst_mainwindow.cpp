// GUI smoke test, offscreen: the main window shows, names itself, offers "Add server" and "Import servers"
// where a first-time user looks for them (toolbar, menu, empty-state buttons), and lists the configured
// servers (name and URL) instead of the empty state once there are some. Saves screenshots in the build tree.

#include "config/serverregistry.h"
#include "mainwindow/mainwindow.h"
#include "mainwindow/serverlistmodel.h"
#include "screenshot.h"
#include "secrets/inmemorysecretstore.h"

#include <QAction>
#include <QApplication>
#include <QDir>
#include <QFile>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QToolBar>
#include <QTreeView>

#include <memory>

using namespace portico;

class TestMainWindow : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void showsWithTitleAndIcon();
    void offersAddServerInToolbarMenuAndEmptyState();
    void addServerButtonRequestsTheEditor();
    void offersImportInToolbarMenuAndEmptyState();
    void listsConfiguredServersInsteadOfTheEmptyState();
    void savesScreenshot();

private:
    // A fresh, empty server list per test, as on a first start.
    QTemporaryDir m_dir;
    std::unique_ptr<ServerRegistry> m_registry;
    InMemorySecretStore m_secrets;
};

void TestMainWindow::initTestCase()
{
    // Settings (window geometry) go to a throwaway location, never the tester's own.
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(m_dir.isValid());
}

void TestMainWindow::init()
{
    QFile::remove(m_dir.filePath(QStringLiteral("servers.json")));
    m_registry = std::make_unique<ServerRegistry>(m_dir.filePath(QStringLiteral("servers.json")));
    QVERIFY(m_registry->load().ok());
}

void TestMainWindow::showsWithTitleAndIcon()
{
    MainWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QVERIFY(window.isVisible());
    QCOMPARE(window.windowTitle(), QStringLiteral("Portico"));
    QVERIFY2(!window.windowIcon().isNull(), "the application icon from resources/ did not load");
    QVERIFY2(!window.windowIcon().pixmap(64, 64).isNull(), "the SVG icon cannot be rendered (Qt SVG missing?)");
    QVERIFY(window.isShowingEmptyState());
}

void TestMainWindow::offersAddServerInToolbarMenuAndEmptyState()
{
    MainWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));

    QAction *addServer = window.findChild<QAction *>(QStringLiteral("addServerAction"));
    QVERIFY(addServer);
    QCOMPARE(addServer, window.addServerAction());
    QVERIFY(addServer->isEnabled());
    QVERIFY(addServer->text().contains(QStringLiteral("Add server")));

    const QToolBar *toolBar = window.findChild<QToolBar *>(QStringLiteral("serversToolBar"));
    QVERIFY(toolBar);
    QVERIFY(toolBar->isVisible());
    QVERIFY(toolBar->actions().contains(addServer));
    QWidget *toolButton = toolBar->widgetForAction(addServer);
    QVERIFY(toolButton);
    QVERIFY(toolButton->isVisible());

    const QPushButton *emptyStateButton = window.findChild<QPushButton *>(QStringLiteral("emptyStateAddServerButton"));
    QVERIFY(emptyStateButton);
    QVERIFY(emptyStateButton->isVisible());
}

void TestMainWindow::addServerButtonRequestsTheEditor()
{
    MainWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QSignalSpy requested(&window, &MainWindow::addServerRequested);

    auto *emptyStateButton = window.findChild<QPushButton *>(QStringLiteral("emptyStateAddServerButton"));
    QVERIFY(emptyStateButton);
    QTest::mouseClick(emptyStateButton, Qt::LeftButton);
    QCOMPARE(requested.count(), 1);

    QTest::mouseClick(window.findChild<QToolBar *>()->widgetForAction(window.addServerAction()), Qt::LeftButton);
    QCOMPARE(requested.count(), 2);

    QTest::keySequence(&window, QKeySequence::New);
    QCOMPARE(requested.count(), 3);
}

void TestMainWindow::offersImportInToolbarMenuAndEmptyState()
{
    MainWindow window(m_registry.get(), &m_secrets);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));

    QAction *import = window.findChild<QAction *>(QStringLiteral("importServersAction"));
    QVERIFY(import);
    QCOMPARE(import, window.importServersAction());
    QVERIFY(import->isEnabled());
    QVERIFY(import->text().contains(QStringLiteral("Import servers")));
    QVERIFY(window.findChild<QToolBar *>(QStringLiteral("serversToolBar"))->actions().contains(import));
    auto *emptyStateImport = window.findChild<QPushButton *>(QStringLiteral("emptyStateImportButton"));
    QVERIFY(emptyStateImport);
    QVERIFY(emptyStateImport->isVisible());
    QVERIFY(emptyStateImport->isEnabled());

    // Without a registry (or with one that could not be read) there is nothing to import into.
    MainWindow bare;
    QVERIFY(!bare.importServersAction()->isEnabled());
    QVERIFY(!bare.openImportDialog());
}

void TestMainWindow::listsConfiguredServersInsteadOfTheEmptyState()
{
    MainWindow window(m_registry.get(), &m_secrets);
    window.resize(900, 600);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QVERIFY(window.isShowingEmptyState());

    ServerConfig github;
    github.name = QStringLiteral("GitHub");
    github.url = QUrl(QStringLiteral("https://api.githubcopilot.example/mcp/"));
    ServerConfig local;
    local.name = QStringLiteral("Everything (local test)");
    local.url = QUrl(QStringLiteral("http://127.0.0.1:3001/mcp"));
    local.authorizationMode = ServerConfig::AuthorizationMode::None;
    QVERIFY(m_registry->addAll({github, local}).ok());

    QVERIFY(!window.isShowingEmptyState());
    auto *list = window.findChild<QTreeView *>(QStringLiteral("serverList"));
    QVERIFY(list);
    QVERIFY(list->isVisible());
    QCOMPARE(list->model()->rowCount(), 2);
    QCOMPARE(list->model()->index(0, 0).data().toString(), QStringLiteral("GitHub"));
    QCOMPARE(list->model()->index(0, 1).data().toString(), QStringLiteral("https://api.githubcopilot.example/mcp/"));
    QCOMPARE(list->model()->index(1, ServerListModel::SignInColumn).data().toString(), QStringLiteral("no sign-in"));
    QTest::qWait(50);
    testing::saveRenderedScreenshot(window, QStringLiteral("mainwindow-servers.png"));

    QVERIFY(m_registry->remove(github.id()).ok());
    QVERIFY(m_registry->remove(local.id()).ok());
    QVERIFY(window.isShowingEmptyState());
}

void TestMainWindow::savesScreenshot()
{
    // As the product starts on a fresh home: an empty, readable server list and a secret store.
    MainWindow window(m_registry.get(), &m_secrets);
    window.resize(900, 600);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QVERIFY(window.isShowingEmptyState());
    testing::saveRenderedScreenshot(window, QStringLiteral("mainwindow-empty.png"));
}

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
