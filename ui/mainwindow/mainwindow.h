#pragma once

#include <QMainWindow>

class QAction;
class QLabel;
class QStackedWidget;
class QTreeView;

namespace portico {

class SecretStore;
class ServerListModel;
class ServerRegistry;

// The main window: the list of configured MCP servers, with "Add server" always one click away and
// "Import servers" next to it (the servers people already keep in Claude Desktop, VS Code, Cursor or Zed).
// While no server is configured, the list is replaced by a short explanation and those two buttons, so a
// first-time user knows what to do.
class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    // `registry` and `secrets` (owned by the caller, outliving the window) back the list and the import.
    // Without them the window shows an empty list and offers no import.
    explicit MainWindow(ServerRegistry *registry = nullptr, SecretStore *secrets = nullptr, QWidget *parent = nullptr);

    [[nodiscard]] QAction *addServerAction() const { return m_addServerAction; }
    [[nodiscard]] QAction *importServersAction() const { return m_importServersAction; }
    [[nodiscard]] bool isShowingEmptyState() const;

    // Opens the import dialog (what importServersAction does); returns it for tests, or null without a
    // registry. The dialog deletes itself when closed.
    QWidget *openImportDialog();

Q_SIGNALS:
    // The person asked to add a server (toolbar, menu, shortcut or the empty-state button).
    void addServerRequested();

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void createActions();
    void createCentralArea();
    void updateEmptyState();
    void restoreWindowState();

    ServerRegistry *m_registry = nullptr;
    SecretStore *m_secrets = nullptr;
    QAction *m_addServerAction = nullptr;
    QAction *m_importServersAction = nullptr;
    QStackedWidget *m_stack = nullptr;
    QWidget *m_emptyState = nullptr;
    QTreeView *m_serverList = nullptr;
    ServerListModel *m_serverModel = nullptr;
};

} // namespace portico
