#pragma once

#include <QMainWindow>

class QAction;
class QLabel;
class QListView;
class QStackedWidget;
class QStandardItemModel;

namespace portico {

// The main window: the list of configured MCP servers, with "Add server" always one click away.
// While no server is configured, the list is replaced by a short explanation and an "Add server" button,
// so a first-time user knows what to do.
class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    explicit MainWindow(QWidget *parent = nullptr);

    [[nodiscard]] QAction *addServerAction() const { return m_addServerAction; }
    [[nodiscard]] bool isShowingEmptyState() const;

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

    QAction *m_addServerAction = nullptr;
    QStackedWidget *m_stack = nullptr;
    QWidget *m_emptyState = nullptr;
    QListView *m_serverList = nullptr;
    QStandardItemModel *m_serverModel = nullptr;
};

} // namespace portico
