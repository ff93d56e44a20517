#pragma once

#include <QMainWindow>

class QAction;
class QDialog;
class QLabel;
class QLineEdit;
class QSortFilterProxyModel;
class QStackedWidget;
class QTabWidget;
class QTreeView;

namespace portico {

class AccessPanel;
class ActivityPanel;
class ConnectionManager;
class PromptsPanel;
class ResourcesPanel;
class SecretStore;
class ServerLifecycle;
class ServerListModel;
class ServerRegistry;
class ToolsPanel;

// The main window: the list of configured MCP servers, with "Add server" always one click away and
// "Import servers" next to it (the servers people already keep in Claude Desktop, VS Code, Cursor or Zed).
// While no server is configured, the list is replaced by a short explanation and those two buttons, so a
// first-time user knows what to do. With a ConnectionManager the window also shows each server's live state,
// and for the selected server its tools, the access it was granted (AccessPanel) and the sign-in timeline
// (ActivityPanel); servers are added and edited in the ServerEditorDialog, connected, disconnected and
// removed (signing out first) from the toolbar, the Servers menu or the list's context menu.
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

    // Live states, connect/disconnect, and the detail panels. The manager must outlive the window.
    void setConnectionManager(ConnectionManager *connections);

    // Opens the server editor for a new server (empty id) or an existing one; returns it for tests, or null
    // without a registry. Saving stores the config (and a typed client secret in the keychain).
    QDialog *openServerEditor(const QString &serverId = {});
    void selectServer(const QString &serverId);
    [[nodiscard]] QString selectedServerId() const;
    [[nodiscard]] ToolsPanel *toolsPanel() const { return m_toolsPanel; }
    [[nodiscard]] AccessPanel *accessPanel() const { return m_accessPanel; }
    [[nodiscard]] ActivityPanel *activityPanel() const { return m_activityPanel; }
    [[nodiscard]] QTabWidget *detailTabs() const { return m_details; }
    [[nodiscard]] QTreeView *serverList() const { return m_serverList; }

    // Opens the import dialog (what importServersAction does); returns it for tests, or null without a
    // registry. The dialog deletes itself when closed.
    QWidget *openImportDialog();
    // "Use in other apps…" for the selected server (what useInOtherAppsAction does); returns the dialog for
    // tests, or null without a selected server. The dialog deletes itself when closed.
    QWidget *openConnectAppDialog();

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
    void updateActions();
    void showDetailsOf(const QString &serverId);
    void removeSelectedServer();
    void duplicateSelectedServer();
    void showProblem(const QString &title, const QString &message);

    ServerRegistry *m_registry = nullptr;
    SecretStore *m_secrets = nullptr;
    ServerLifecycle *m_lifecycle = nullptr; // save, duplicate, remove, import: secrets and registry together
    QAction *m_addServerAction = nullptr;
    QAction *m_importServersAction = nullptr;
    QStackedWidget *m_stack = nullptr;
    QWidget *m_emptyState = nullptr;
    QTreeView *m_serverList = nullptr;
    ServerListModel *m_serverModel = nullptr;
    QSortFilterProxyModel *m_filterModel = nullptr;
    QLineEdit *m_filter = nullptr;
    QWidget *m_serverPane = nullptr;
    QTabWidget *m_details = nullptr;
    QLabel *m_detailsTitle = nullptr;
    ToolsPanel *m_toolsPanel = nullptr;
    AccessPanel *m_accessPanel = nullptr;
    ActivityPanel *m_activityPanel = nullptr;
    ResourcesPanel *m_resourcesPanel = nullptr;
    PromptsPanel *m_promptsPanel = nullptr;
    ConnectionManager *m_connections = nullptr;
    QAction *m_editAction = nullptr;
    QAction *m_duplicateAction = nullptr;
    QAction *m_removeAction = nullptr;
    QAction *m_connectAction = nullptr;
    QAction *m_disconnectAction = nullptr;
    QAction *m_useInAppsAction = nullptr;
};

} // namespace portico
