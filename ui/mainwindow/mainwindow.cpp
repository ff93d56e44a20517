#include "mainwindow/mainwindow.h"

#include "import/importdialog.h"
#include "mainwindow/serverlistmodel.h"
#include "storage/serverregistry.h"

#include <QAction>
#include <QCloseEvent>
#include <QHeaderView>
#include <QIcon>
#include <QKeySequence>
#include <QLabel>
#include <QMenuBar>
#include <QPushButton>
#include <QSettings>
#include <QStackedWidget>
#include <QStatusBar>
#include <QToolBar>
#include <QTreeView>
#include <QVBoxLayout>

namespace portico {

namespace {
const QString kGeometryKey = QStringLiteral("mainWindow/geometry");
const QString kStateKey = QStringLiteral("mainWindow/state");
} // namespace

MainWindow::MainWindow(ServerRegistry *registry, SecretStore *secrets, QWidget *parent)
    : QMainWindow(parent)
    , m_registry(registry)
    , m_secrets(secrets)
{
    setObjectName(QStringLiteral("mainWindow"));
    setWindowTitle(tr("Portico"));
    setWindowIcon(QIcon(QStringLiteral(":/portico/icons/portico.svg")));
    setMinimumSize(640, 420);

    createActions();
    createCentralArea();
    updateEmptyState();
    restoreWindowState();
}

bool MainWindow::isShowingEmptyState() const
{
    return m_stack->currentWidget() == m_emptyState;
}

void MainWindow::createActions()
{
    m_addServerAction = new QAction(QIcon::fromTheme(QStringLiteral("list-add")), tr("&Add server…"), this);
    m_addServerAction->setObjectName(QStringLiteral("addServerAction"));
    m_addServerAction->setShortcut(QKeySequence::New);
    m_addServerAction->setToolTip(tr("Add a remote MCP server by its URL"));
    m_addServerAction->setStatusTip(m_addServerAction->toolTip());
    connect(m_addServerAction, &QAction::triggered, this, &MainWindow::addServerRequested);

    m_importServersAction =
        new QAction(QIcon::fromTheme(QStringLiteral("document-import")), tr("&Import servers…"), this);
    m_importServersAction->setObjectName(QStringLiteral("importServersAction"));
    m_importServersAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_I));
    m_importServersAction->setToolTip(tr("Import the remote servers you set up in Claude Desktop, VS Code, Cursor "
                                         "or Zed"));
    m_importServersAction->setStatusTip(m_importServersAction->toolTip());
    // A server list that could not be read stays untouched until fixed, so nothing can be imported into it.
    m_importServersAction->setEnabled(m_registry && m_secrets && m_registry->isWritable());
    connect(m_importServersAction, &QAction::triggered, this, &MainWindow::openImportDialog);

    auto *quitAction = new QAction(QIcon::fromTheme(QStringLiteral("application-exit")), tr("&Quit"), this);
    quitAction->setObjectName(QStringLiteral("quitAction"));
    quitAction->setShortcut(QKeySequence::Quit);
    connect(quitAction, &QAction::triggered, this, &QWidget::close);

    QMenu *serversMenu = menuBar()->addMenu(tr("&Servers"));
    serversMenu->addAction(m_addServerAction);
    serversMenu->addAction(m_importServersAction);
    serversMenu->addSeparator();
    serversMenu->addAction(quitAction);

    QToolBar *toolBar = addToolBar(tr("Servers"));
    toolBar->setObjectName(QStringLiteral("serversToolBar"));
    toolBar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    toolBar->setMovable(false);
    toolBar->addAction(m_addServerAction);
    toolBar->addAction(m_importServersAction);
}

void MainWindow::createCentralArea()
{
    m_emptyState = new QWidget(this);
    m_emptyState->setObjectName(QStringLiteral("emptyState"));
    auto *emptyLayout = new QVBoxLayout(m_emptyState);
    emptyLayout->addStretch();
    auto *logo = new QLabel(m_emptyState);
    logo->setPixmap(windowIcon().pixmap(96, 96));
    logo->setAlignment(Qt::AlignCenter);
    emptyLayout->addWidget(logo);
    auto *title = new QLabel(tr("No servers yet"), m_emptyState);
    QFont titleFont = title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.4);
    titleFont.setBold(true);
    title->setFont(titleFont);
    title->setAlignment(Qt::AlignCenter);
    auto *explanation = new QLabel(tr("Add a remote MCP server by its URL, or import the ones you already use in "
                                      "another app. Portico connects, signs you in when the server asks for it, "
                                      "and shows exactly what access you granted."),
                                   m_emptyState);
    explanation->setWordWrap(true);
    explanation->setAlignment(Qt::AlignCenter);
    // Wrapped text in an aligned layout item does not get its height-for-width; give it explicitly.
    explanation->setFixedWidth(460);
    explanation->setMinimumHeight(explanation->heightForWidth(explanation->width()));
    auto *addButton = new QPushButton(m_addServerAction->icon(), tr("Add server…"), m_emptyState);
    addButton->setObjectName(QStringLiteral("emptyStateAddServerButton"));
    addButton->setDefault(true);
    connect(addButton, &QPushButton::clicked, m_addServerAction, &QAction::trigger);
    auto *importButton = new QPushButton(tr("Import from Claude Desktop, VS Code, Cursor or Zed…"), m_emptyState);
    importButton->setObjectName(QStringLiteral("emptyStateImportButton"));
    importButton->setFlat(true);
    importButton->setEnabled(m_importServersAction->isEnabled());
    connect(importButton, &QPushButton::clicked, m_importServersAction, &QAction::trigger);
    emptyLayout->addWidget(title);
    emptyLayout->addWidget(explanation, 0, Qt::AlignHCenter);
    emptyLayout->addSpacing(12);
    emptyLayout->addWidget(addButton, 0, Qt::AlignHCenter);
    emptyLayout->addWidget(importButton, 0, Qt::AlignHCenter);
    emptyLayout->addStretch();

    m_serverModel = new ServerListModel(m_registry, this);
    m_serverList = new QTreeView(this);
    m_serverList->setObjectName(QStringLiteral("serverList"));
    m_serverList->setModel(m_serverModel);
    m_serverList->setRootIsDecorated(false);
    m_serverList->setUniformRowHeights(true);
    m_serverList->setAlternatingRowColors(true);
    m_serverList->header()->setStretchLastSection(false);
    m_serverList->header()->setSectionResizeMode(ServerListModel::NameColumn, QHeaderView::ResizeToContents);
    m_serverList->header()->setSectionResizeMode(ServerListModel::UrlColumn, QHeaderView::Stretch);
    m_serverList->header()->setSectionResizeMode(ServerListModel::SignInColumn, QHeaderView::ResizeToContents);
    connect(m_serverModel, &QAbstractItemModel::modelReset, this, &MainWindow::updateEmptyState);

    m_stack = new QStackedWidget(this);
    m_stack->addWidget(m_emptyState);
    m_stack->addWidget(m_serverList);
    setCentralWidget(m_stack);
}

void MainWindow::updateEmptyState()
{
    const int count = m_serverModel->rowCount();
    m_stack->setCurrentWidget(count == 0 ? m_emptyState : static_cast<QWidget *>(m_serverList));
    statusBar()->showMessage(count == 0 ? tr("No servers configured") : tr("%n server(s) configured", nullptr, count));
}

QWidget *MainWindow::openImportDialog()
{
    if (!m_registry || !m_secrets)
        return nullptr;
    auto *dialog = new ImportDialog(*m_registry, *m_secrets, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
    return dialog;
}

void MainWindow::restoreWindowState()
{
    const QSettings settings;
    if (!restoreGeometry(settings.value(kGeometryKey).toByteArray()))
        resize(900, 600);
    restoreState(settings.value(kStateKey).toByteArray());
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    QSettings settings;
    settings.setValue(kGeometryKey, saveGeometry());
    settings.setValue(kStateKey, saveState());
    QMainWindow::closeEvent(event);
}

} // namespace portico
