#include "mainwindow/mainwindow.h"

#include <QAction>
#include <QCloseEvent>
#include <QIcon>
#include <QKeySequence>
#include <QLabel>
#include <QListView>
#include <QMenuBar>
#include <QPushButton>
#include <QSettings>
#include <QStackedWidget>
#include <QStandardItemModel>
#include <QStatusBar>
#include <QToolBar>
#include <QVBoxLayout>

namespace portico {

namespace {
const QString kGeometryKey = QStringLiteral("mainWindow/geometry");
const QString kStateKey = QStringLiteral("mainWindow/state");
} // namespace

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent)
{
    setObjectName(QStringLiteral("mainWindow"));
    setWindowTitle(tr("Portico"));
    setWindowIcon(QIcon(QStringLiteral(":/portico/icons/portico.svg")));
    setMinimumSize(640, 420);

    createActions();
    createCentralArea();
    updateEmptyState();
    statusBar()->showMessage(tr("No servers configured"));
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

    auto *quitAction = new QAction(QIcon::fromTheme(QStringLiteral("application-exit")), tr("&Quit"), this);
    quitAction->setObjectName(QStringLiteral("quitAction"));
    quitAction->setShortcut(QKeySequence::Quit);
    connect(quitAction, &QAction::triggered, this, &QWidget::close);

    QMenu *serversMenu = menuBar()->addMenu(tr("&Servers"));
    serversMenu->addAction(m_addServerAction);
    serversMenu->addSeparator();
    serversMenu->addAction(quitAction);

    QToolBar *toolBar = addToolBar(tr("Servers"));
    toolBar->setObjectName(QStringLiteral("serversToolBar"));
    toolBar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    toolBar->setMovable(false);
    toolBar->addAction(m_addServerAction);
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
    auto *explanation = new QLabel(tr("Add a remote MCP server by its URL. Portico connects, signs you in "
                                      "when the server asks for it, and shows exactly what access you granted."),
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
    emptyLayout->addWidget(title);
    emptyLayout->addWidget(explanation, 0, Qt::AlignHCenter);
    emptyLayout->addSpacing(12);
    emptyLayout->addWidget(addButton, 0, Qt::AlignHCenter);
    emptyLayout->addStretch();

    // The server list proper; its model is replaced by ServerListModel when servers can be configured.
    m_serverModel = new QStandardItemModel(this);
    m_serverList = new QListView(this);
    m_serverList->setObjectName(QStringLiteral("serverList"));
    m_serverList->setModel(m_serverModel);

    m_stack = new QStackedWidget(this);
    m_stack->addWidget(m_emptyState);
    m_stack->addWidget(m_serverList);
    setCentralWidget(m_stack);
}

void MainWindow::updateEmptyState()
{
    m_stack->setCurrentWidget(m_serverModel->rowCount() == 0 ? m_emptyState : static_cast<QWidget *>(m_serverList));
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
