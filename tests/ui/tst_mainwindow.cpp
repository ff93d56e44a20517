// GUI smoke test, offscreen: the main window shows, names itself, and offers "Add server" where a
// first-time user looks for it (toolbar, menu, empty-state button). Saves a screenshot in the build tree.

#include "mainwindow/mainwindow.h"

#include <QAction>
#include <QApplication>
#include <QDir>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>
#include <QToolBar>

using namespace portico;

class TestMainWindow : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void showsWithTitleAndIcon();
    void offersAddServerInToolbarMenuAndEmptyState();
    void addServerButtonRequestsTheEditor();
    void savesScreenshot();
};

void TestMainWindow::initTestCase()
{
    // Settings (window geometry) go to a throwaway location, never the tester's own.
    QStandardPaths::setTestModeEnabled(true);
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

void TestMainWindow::savesScreenshot()
{
    MainWindow window;
    window.resize(900, 600);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));

    const QImage image = window.grab().toImage();
    QCOMPARE(image.size(), window.size() * window.devicePixelRatio());
    // A blank grab means nothing was rendered: require the window to have more than a handful of colours.
    QSet<QRgb> colours;
    for (int y = 0; y < image.height(); y += 7) {
        for (int x = 0; x < image.width(); x += 7)
            colours.insert(image.pixel(x, y));
    }
    QVERIFY2(colours.size() > 4, "the screenshot is blank");

    const QString directory = qEnvironmentVariable("PORTICO_TEST_ARTIFACTS_DIR", QDir::tempPath());
    QVERIFY(QDir().mkpath(directory));
    const QString path = QDir(directory).filePath(QStringLiteral("mainwindow-empty.png"));
    QVERIFY2(image.save(path), qPrintable(path));
    qInfo("screenshot: %s", qPrintable(path));
}

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
