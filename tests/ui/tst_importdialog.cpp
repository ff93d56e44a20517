// The import dialog, offscreen: a sample file's preview rows (name, URL, what happens), confirming adds
// exactly the "add" rows with their secrets in the store, a malformed file changes nothing, and the main
// window offers the import and then lists the imported servers. Saves a screenshot of the preview.

#include "config/serverregistry.h"
#include "host/serverlifecycle.h"
#include "import/importdialog.h"
#include "mainwindow/mainwindow.h"
#include "screenshot.h"
#include "secrets/inmemorysecretstore.h"

#include <QAbstractItemModel>
#include <QAction>
#include <QDir>
#include <QFile>
#include <QMenuBar>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QToolBar>
#include <QTreeView>

using namespace portico;

namespace {

QString sample(const char *name)
{
    return QStringLiteral(PORTICO_TEST_DATA_DIR "/") + QString::fromLatin1(name);
}

QString cell(const QAbstractItemModel *model, int row, int column)
{
    return model->index(row, column).data().toString();
}

} // namespace

class TestImportDialog : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void showsThePreviewRows();
    void confirmingAddsTheServersAndStoresTheSecrets();
    void malformedFileShowsTheLineAndChangesNothing();
    void duplicatesAreNotOfferedAgain();
    void mainWindowOffersImportAndListsTheServers();
    void savesScreenshot();

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<ServerRegistry> m_registry;
    std::unique_ptr<InMemorySecretStore> m_secrets;
    std::unique_ptr<ServerLifecycle> m_lifecycle;
};

void TestImportDialog::initTestCase()
{
    // Settings (window geometry) and the found-files list use a throwaway location, never the tester's own.
    QStandardPaths::setTestModeEnabled(true);
}

void TestImportDialog::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_registry = std::make_unique<ServerRegistry>(m_dir->filePath(QStringLiteral("servers.json")));
    QVERIFY(m_registry->load().ok());
    m_secrets = std::make_unique<InMemorySecretStore>();
    m_lifecycle = std::make_unique<ServerLifecycle>(*m_registry, m_secrets.get());
}

void TestImportDialog::showsThePreviewRows()
{
    ImportDialog dialog(*m_registry, *m_lifecycle);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    QVERIFY(!dialog.importButton()->isEnabled());

    QVERIFY(dialog.loadFile(sample("vscode-mcp.jsonc")));
    const QAbstractItemModel *model = dialog.previewModel();
    QCOMPARE(model->rowCount(), 6);
    QCOMPARE(model->headerData(ImportDialog::OutcomeColumn, Qt::Horizontal).toString(), QStringLiteral("What happens"));
    QCOMPARE(cell(model, 0, ImportDialog::NameColumn), QStringLiteral("context7"));
    QCOMPARE(cell(model, 0, ImportDialog::UrlColumn), QStringLiteral("https://mcp.context7.example/mcp"));
    QVERIFY(cell(model, 0, ImportDialog::OutcomeColumn).startsWith(QStringLiteral("add")));
    QVERIFY(cell(model, 0, ImportDialog::OutcomeColumn).contains(QStringLiteral("keychain")));
    QCOMPARE(cell(model, 4, ImportDialog::NameColumn), QStringLiteral("memory"));
    QCOMPARE(cell(model, 4, ImportDialog::OutcomeColumn),
             QStringLiteral("skipped: local (stdio) server: Portico connects to remote servers only"));
    for (int row = 0; row < model->rowCount(); ++row) {
        for (int column = 0; column < ImportDialog::ColumnCount; ++column)
            QVERIFY(!cell(model, row, column).contains(QStringLiteral("_SECRET_")));
    }
    QVERIFY(dialog.importButton()->isEnabled());
    QVERIFY(dialog.importButton()->text().contains(QStringLiteral("4")));
    QVERIFY(dialog.statusText().contains(QStringLiteral("VS Code: 4 to add, 0 already configured, 2 skipped.")));
    QVERIFY(m_registry->servers().isEmpty()); // a preview changes nothing
    QCOMPARE(m_secrets->size(), 0);
}

void TestImportDialog::confirmingAddsTheServersAndStoresTheSecrets()
{
    ImportDialog dialog(*m_registry, *m_lifecycle);
    QSignalSpy imported(&dialog, &ImportDialog::imported);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    QVERIFY(dialog.loadFile(sample("claude_desktop_config.json")));
    QCOMPARE(dialog.previewModel()->rowCount(), 8);

    QTest::mouseClick(dialog.importButton(), Qt::LeftButton);
    QTRY_COMPARE(imported.count(), 1);
    QCOMPARE(imported.first().first().value<qsizetype>(), 5);
    QCOMPARE(dialog.result(), int(QDialog::Accepted));
    QCOMPARE(m_registry->servers().size(), 5);
    QCOMPARE(m_secrets->size(), 2);
    const ServerConfig entra = *m_registry->findByUrl(QUrl(QStringLiteral("https://mcp.contoso.example/mcp")));
    QCOMPARE(m_secrets->secret(entra.clientSecretKey()), std::optional<QByteArray>("entra_SECRET_client_secret_2"));

    QFile file(m_registry->filePath());
    QVERIFY(file.open(QIODevice::ReadOnly));
    QVERIFY(!file.readAll().contains("_SECRET_"));
}

void TestImportDialog::malformedFileShowsTheLineAndChangesNothing()
{
    ServerConfig existing;
    existing.name = QStringLiteral("Existing");
    existing.url = QUrl(QStringLiteral("https://existing.example/mcp"));
    QVERIFY(m_registry->add(existing).ok());

    ImportDialog dialog(*m_registry, *m_lifecycle);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    QVERIFY(dialog.loadFile(sample("zed-settings.jsonc")));
    QVERIFY(dialog.importButton()->isEnabled());
    // A broken file replaces the preview with its error; nothing can be imported from it.
    QVERIFY(!dialog.loadFile(sample("claude-malformed.json")));
    QVERIFY2(dialog.statusText().contains(QStringLiteral("Line 7")), qPrintable(dialog.statusText()));
    QCOMPARE(dialog.previewModel()->rowCount(), 0);
    QVERIFY(!dialog.importButton()->isEnabled());
    QCOMPARE(m_registry->servers().size(), 1);
    QCOMPARE(m_secrets->size(), 0);
}

void TestImportDialog::duplicatesAreNotOfferedAgain()
{
    {
        ImportDialog first(*m_registry, *m_lifecycle);
        QVERIFY(first.loadFile(sample("zed-settings.jsonc")));
        QTest::mouseClick(first.importButton(), Qt::LeftButton);
        QTRY_COMPARE(m_registry->servers().size(), 4);
    }
    ImportDialog again(*m_registry, *m_lifecycle);
    QVERIFY(again.loadFile(sample("zed-settings.jsonc")));
    QVERIFY(!again.importButton()->isEnabled());
    int duplicates = 0;
    for (int row = 0; row < again.previewModel()->rowCount(); ++row) {
        if (cell(again.previewModel(), row, ImportDialog::OutcomeColumn)
                .startsWith(QStringLiteral("already configured")))
            ++duplicates;
    }
    QCOMPARE(duplicates, 4);
}

void TestImportDialog::mainWindowOffersImportAndListsTheServers()
{
    MainWindow window(m_registry.get(), m_secrets.get());
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QVERIFY(window.isShowingEmptyState());

    QAction *import = window.findChild<QAction *>(QStringLiteral("importServersAction"));
    QVERIFY(import);
    QCOMPARE(import, window.importServersAction());
    QVERIFY(import->isEnabled());
    QVERIFY(window.findChild<QToolBar *>(QStringLiteral("serversToolBar"))->actions().contains(import));
    bool inServersMenu = false;
    for (QAction *menu : window.menuBar()->actions()) {
        if (menu->menu() && menu->menu()->actions().contains(import))
            inServersMenu = menu->text().contains(QStringLiteral("Servers"));
    }
    QVERIFY(inServersMenu);

    import->trigger();
    auto *dialog = window.findChild<ImportDialog *>();
    QVERIFY(dialog);
    QVERIFY(dialog->loadFile(sample("cursor-mcp.json")));
    QTest::mouseClick(dialog->importButton(), Qt::LeftButton);
    QTRY_VERIFY(!window.isShowingEmptyState());

    auto *list = window.findChild<QTreeView *>(QStringLiteral("serverList"));
    QVERIFY(list);
    QVERIFY(list->isVisible());
    const QAbstractItemModel *model = list->model();
    QCOMPARE(model->rowCount(), 5); // cursor-mcp.json's "add" rows
    QStringList names;
    for (int row = 0; row < model->rowCount(); ++row)
        names.append(cell(model, row, 0));
    QVERIFY(names.contains(QStringLiteral("mittwald")));
    QCOMPARE(cell(model, names.indexOf(QStringLiteral("mittwald")), 1),
             QStringLiteral("https://mcp.mittwald.example/mcp"));

    // Removing them all brings the empty state back.
    for (const ServerConfig &server : m_registry->servers())
        QVERIFY(m_registry->remove(server.id()).ok());
    QVERIFY(window.isShowingEmptyState());
}

void TestImportDialog::savesScreenshot()
{
    ImportDialog dialog(*m_registry, *m_lifecycle);
    dialog.resize(900, 420);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    QVERIFY(dialog.loadFile(sample("claude_desktop_config.json")));
    QTest::qWait(100); // let the header and the buttons lay out for the new rows and text
    testing::saveRenderedScreenshot(dialog, QStringLiteral("importdialog-preview.png"));
}

QTEST_MAIN(TestImportDialog)
#include "tst_importdialog.moc"
