#include "mainwindow/mainwindow.h"

#include "access/accesspanel.h"
#include "activity/activitypanel.h"
#include "auth/authsession.h"
#include "catalog/promptspanel.h"
#include "catalog/resourcespanel.h"
#include "catalog/toolspanel.h"
#include "config/serverregistry.h"
#include "connectapp/connectappdialog.h"
#include "editor/servereditordialog.h"
#include "host/connectionmanager.h"
#include "host/serverconnection.h"
#include "host/serverlifecycle.h"
#include "import/importdialog.h"
#include "mainwindow/serverlistmodel.h"
#include "net/httpclient.h"
#include "secrets/secretstore.h"

#include <QAction>
#include <QCloseEvent>
#include <QHeaderView>
#include <QIcon>
#include <QKeySequence>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QStackedWidget>
#include <QStatusBar>
#include <QTabWidget>
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
    , m_lifecycle(registry ? new ServerLifecycle(*registry, secrets, this) : nullptr)
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
    connect(m_addServerAction, &QAction::triggered, this, [this]() { openServerEditor(); });

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

    m_editAction = new QAction(QIcon::fromTheme(QStringLiteral("document-edit")), tr("&Edit server…"), this);
    m_editAction->setObjectName(QStringLiteral("editServerAction"));
    m_editAction->setShortcut(QKeySequence(Qt::Key_F2));
    connect(m_editAction, &QAction::triggered, this, [this]() { openServerEditor(selectedServerId()); });
    m_duplicateAction = new QAction(QIcon::fromTheme(QStringLiteral("edit-copy")), tr("D&uplicate server"), this);
    m_duplicateAction->setObjectName(QStringLiteral("duplicateServerAction"));
    connect(m_duplicateAction, &QAction::triggered, this, &MainWindow::duplicateSelectedServer);
    m_removeAction = new QAction(QIcon::fromTheme(QStringLiteral("list-remove")), tr("&Remove server…"), this);
    m_removeAction->setObjectName(QStringLiteral("removeServerAction"));
    m_removeAction->setShortcut(QKeySequence::Delete);
    connect(m_removeAction, &QAction::triggered, this, &MainWindow::removeSelectedServer);
    m_connectAction = new QAction(QIcon::fromTheme(QStringLiteral("network-connect")), tr("&Connect"), this);
    m_connectAction->setObjectName(QStringLiteral("connectServerAction"));
    m_connectAction->setToolTip(tr("Connect to the selected server, signing in if it asks for it"));
    connect(m_connectAction, &QAction::triggered, this, [this]() {
        if (m_connections && !selectedServerId().isEmpty())
            m_connections->connectServer(selectedServerId());
    });
    m_disconnectAction = new QAction(QIcon::fromTheme(QStringLiteral("network-disconnect")), tr("&Disconnect"), this);
    m_disconnectAction->setObjectName(QStringLiteral("disconnectServerAction"));
    connect(m_disconnectAction, &QAction::triggered, this, [this]() {
        if (ServerConnection *connection = m_connections ? m_connections->connection(selectedServerId()) : nullptr)
            connection->disconnectFromServer();
    });

    m_useInAppsAction = new QAction(tr("Use in &other apps…"), this);
    m_useInAppsAction->setObjectName(QStringLiteral("useInOtherAppsAction"));
    m_useInAppsAction->setToolTip(tr("Add the selected server to Claude, Cursor, VS Code or Zed, with Portico's "
                                     "sign-in"));
    connect(m_useInAppsAction, &QAction::triggered, this, &MainWindow::openConnectAppDialog);

    auto *quitAction = new QAction(QIcon::fromTheme(QStringLiteral("application-exit")), tr("&Quit"), this);
    quitAction->setObjectName(QStringLiteral("quitAction"));
    quitAction->setShortcut(QKeySequence::Quit);
    connect(quitAction, &QAction::triggered, this, &QWidget::close);

    QMenu *serversMenu = menuBar()->addMenu(tr("&Servers"));
    serversMenu->addAction(m_addServerAction);
    serversMenu->addAction(m_importServersAction);
    serversMenu->addSeparator();
    for (QAction *action : {m_editAction, m_duplicateAction, m_removeAction})
        serversMenu->addAction(action);
    serversMenu->addSeparator();
    serversMenu->addAction(m_connectAction);
    serversMenu->addAction(m_disconnectAction);
    serversMenu->addAction(m_useInAppsAction);
    serversMenu->addSeparator();
    serversMenu->addAction(quitAction);

    QToolBar *toolBar = addToolBar(tr("Servers"));
    toolBar->setObjectName(QStringLiteral("serversToolBar"));
    toolBar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    toolBar->setMovable(false);
    toolBar->addAction(m_addServerAction);
    toolBar->addAction(m_importServersAction);
    toolBar->addSeparator();
    toolBar->addAction(m_connectAction);
    toolBar->addAction(m_disconnectAction);
    toolBar->addAction(m_editAction);
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
    m_filterModel = new QSortFilterProxyModel(this);
    m_filterModel->setSourceModel(m_serverModel);
    m_filterModel->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_filterModel->setFilterKeyColumn(-1); // name, URL, state: any column
    m_serverList = new QTreeView(this);
    m_serverList->setObjectName(QStringLiteral("serverList"));
    m_serverList->setAccessibleName(tr("Servers"));
    m_serverList->setModel(m_filterModel);
    m_serverList->setRootIsDecorated(false);
    m_serverList->setUniformRowHeights(true);
    m_serverList->setAlternatingRowColors(true);
    m_serverList->setSelectionMode(QAbstractItemView::SingleSelection);
    m_serverList->setContextMenuPolicy(Qt::ActionsContextMenu);
    for (QAction *action :
         {m_connectAction, m_disconnectAction, m_editAction, m_duplicateAction, m_removeAction, m_useInAppsAction})
        m_serverList->addAction(action);
    m_serverList->header()->setStretchLastSection(false);
    m_serverList->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_serverList->header()->setSectionResizeMode(ServerListModel::UrlColumn, QHeaderView::Stretch);
    connect(m_serverModel, &QAbstractItemModel::modelReset, this, &MainWindow::updateEmptyState);
    connect(m_serverList, &QTreeView::doubleClicked, this, [this]() { openServerEditor(selectedServerId()); });
    connect(m_serverList->selectionModel(), &QItemSelectionModel::currentRowChanged, this, [this]() {
        showDetailsOf(selectedServerId());
        updateActions();
    });
    connect(m_filterModel, &QAbstractItemModel::dataChanged, this, &MainWindow::updateActions);

    m_filter = new QLineEdit(this);
    m_filter->setObjectName(QStringLiteral("serverFilter"));
    m_filter->setPlaceholderText(tr("Filter servers"));
    m_filter->setAccessibleName(tr("Filter servers"));
    m_filter->setClearButtonEnabled(true);
    connect(m_filter, &QLineEdit::textChanged, m_filterModel, &QSortFilterProxyModel::setFilterFixedString);

    m_toolsPanel = new ToolsPanel(this);
    m_accessPanel = new AccessPanel(this);
    m_activityPanel = new ActivityPanel(this);
    m_resourcesPanel = new ResourcesPanel(this);
    m_promptsPanel = new PromptsPanel(this);
    m_details = new QTabWidget(this);
    m_details->setObjectName(QStringLiteral("serverDetails"));
    m_details->setAccessibleName(tr("Server details"));
    m_details->addTab(m_toolsPanel, tr("&Tools"));
    m_details->addTab(m_resourcesPanel, tr("&Resources"));
    m_details->addTab(m_promptsPanel, tr("&Prompts"));
    m_details->addTab(m_accessPanel, tr("A&ccess"));
    m_details->addTab(m_activityPanel, tr("Acti&vity"));
    m_detailsTitle = new QLabel(this);
    m_detailsTitle->setObjectName(QStringLiteral("detailsTitle"));
    QFont detailsFont = m_detailsTitle->font();
    detailsFont.setBold(true);
    m_detailsTitle->setFont(detailsFont);

    auto *listPane = new QWidget(this);
    auto *listLayout = new QVBoxLayout(listPane);
    listLayout->setContentsMargins(0, 0, 0, 0);
    listLayout->addWidget(m_filter);
    listLayout->addWidget(m_serverList);
    auto *detailPane = new QWidget(this);
    auto *detailLayout = new QVBoxLayout(detailPane);
    detailLayout->setContentsMargins(0, 0, 0, 0);
    detailLayout->addWidget(m_detailsTitle);
    detailLayout->addWidget(m_details);
    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->setObjectName(QStringLiteral("serverSplitter"));
    splitter->addWidget(listPane);
    splitter->addWidget(detailPane);
    splitter->setStretchFactor(0, 1);
    splitter->setStretchFactor(1, 2);
    m_serverPane = splitter;

    m_stack = new QStackedWidget(this);
    m_stack->addWidget(m_emptyState);
    m_stack->addWidget(m_serverPane);
    setCentralWidget(m_stack);
    updateActions();
}

void MainWindow::updateEmptyState()
{
    const int count = m_serverModel->rowCount();
    m_stack->setCurrentWidget(count == 0 ? m_emptyState : m_serverPane);
    if (count > 0 && !m_serverList->currentIndex().isValid())
        m_serverList->setCurrentIndex(m_filterModel->index(0, 0));
    statusBar()->showMessage(count == 0 ? tr("No servers configured") : tr("%n server(s) configured", nullptr, count));
}

void MainWindow::setConnectionManager(ConnectionManager *connections)
{
    m_connections = connections;
    if (m_lifecycle)
        m_lifecycle->setConnectionManager(connections);
    m_serverModel->setConnectionManager(connections);
    if (connections) {
        connect(connections, &ConnectionManager::authSessionChanged, this, [this](const QString &id) {
            if (id == selectedServerId())
                showDetailsOf(id);
        });
        connect(connections, &ConnectionManager::connectionAdded, this, [this](ServerConnection *connection) {
            connect(connection, &ServerConnection::sessionReady, this, [this, connection]() {
                if (connection->config().id() == selectedServerId())
                    showDetailsOf(selectedServerId());
            });
        });
        for (ServerConnection *connection : connections->connections()) {
            connect(connection, &ServerConnection::sessionReady, this, [this, connection]() {
                if (connection->config().id() == selectedServerId())
                    showDetailsOf(selectedServerId());
            });
        }
    }
    showDetailsOf(selectedServerId());
    updateActions();
}

QString MainWindow::selectedServerId() const
{
    return m_serverList->currentIndex().data(ServerListModel::ServerIdRole).toString();
}

void MainWindow::selectServer(const QString &serverId)
{
    const QModelIndex source = m_serverModel->indexOf(serverId);
    if (source.isValid())
        m_serverList->setCurrentIndex(m_filterModel->mapFromSource(source));
}

void MainWindow::updateActions()
{
    const QString id = selectedServerId();
    const bool selected = !id.isEmpty();
    const bool writable = m_registry && m_registry->isWritable();
    m_editAction->setEnabled(selected && writable);
    m_duplicateAction->setEnabled(selected && writable);
    m_removeAction->setEnabled(selected && writable);
    m_useInAppsAction->setEnabled(selected);
    ServerConnection *connection = m_connections && selected ? m_connections->connection(id) : nullptr;
    const bool idle = connection
                      && (connection->state() == ServerConnection::State::Disconnected
                          || connection->state() == ServerConnection::State::Failed
                          || connection->state() == ServerConnection::State::NeedsAuthorization);
    m_connectAction->setEnabled(idle);
    m_disconnectAction->setEnabled(connection && !idle);
}

void MainWindow::showDetailsOf(const QString &serverId)
{
    const std::optional<ServerConfig> config =
        m_registry && !serverId.isEmpty() ? m_registry->find(serverId) : std::nullopt;
    m_detailsTitle->setText(config ? (config->name.isEmpty() ? config->url.toString() : config->name) : QString());
    ServerConnection *connection = m_connections && config ? m_connections->connection(serverId) : nullptr;
    AuthSession *auth = m_connections && config ? m_connections->authSession(serverId) : nullptr;
    m_toolsPanel->setSession(connection ? connection->session() : nullptr);
    m_resourcesPanel->setSession(connection ? connection->session() : nullptr);
    m_promptsPanel->setSession(connection ? connection->session() : nullptr);
    m_accessPanel->setAuthSession(auth);
    m_accessPanel->setPrivateNetworkAllowed(config ? std::optional<bool>(config->allowPrivateNetwork) : std::nullopt);
    m_activityPanel->setAuthSession(auth);
    QList<ExchangeLog *> logs;
    if (connection && connection->httpClient())
        logs.append(&connection->httpClient()->exchangeLog());
    if (HttpClient *authHttp = m_connections && config ? m_connections->authHttpClient(serverId) : nullptr)
        logs.append(&authHttp->exchangeLog());
    m_activityPanel->setExchangeLogs(logs);
}

QDialog *MainWindow::openServerEditor(const QString &serverId)
{
    if (!m_registry || !m_registry->isWritable())
        return nullptr;
    const std::optional<ServerConfig> existing = serverId.isEmpty() ? std::nullopt : m_registry->find(serverId);
    if (!serverId.isEmpty() && !existing)
        return nullptr;
    QList<ServerConfig> others = m_registry->servers();
    others.removeIf([&serverId](const ServerConfig &config) { return config.id() == serverId; });
    auto *dialog = new ServerEditorDialog(existing.value_or(ServerConfig()), others, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog, isNew = !existing.has_value()]() {
        const ServerConfig config = dialog->config();
        ServerLifecycle::SecretEdits secrets;
        if (const QString typed = dialog->clientSecret(); !typed.isEmpty())
            secrets.clientSecret = typed.toUtf8(); // empty: the stored secret stays as it is
        // Secrets first, then the registry (ServerLifecycle): the list shows the server once it is saved.
        m_lifecycle->save(config, std::move(secrets), this, [this, id = config.id(), isNew](Result<void> saved) {
            if (!saved.ok())
                return showProblem(tr("Server not saved"), saved.error().message());
            selectServer(id);
            if (isNew && m_connections)
                m_connections->connectServer(id);
        });
    });
    dialog->open();
    return dialog;
}

void MainWindow::duplicateSelectedServer()
{
    if (!m_lifecycle || selectedServerId().isEmpty())
        return;
    m_lifecycle->duplicate(selectedServerId(), this, [this](Result<ServerConfig> copy) {
        if (!copy.ok())
            return showProblem(tr("Server not duplicated"), copy.error().message());
        selectServer(copy.value().id());
    });
}

void MainWindow::removeSelectedServer()
{
    const QString id = selectedServerId();
    const std::optional<ServerConfig> existing = m_registry ? m_registry->find(id) : std::nullopt;
    if (!existing || !m_lifecycle)
        return;
    AuthSession *auth = m_connections ? m_connections->authSession(id) : nullptr;
    const bool signedIn = auth && !auth->access().issuer.isEmpty();
    const QString question =
        signedIn ? tr("Remove “%1”? Portico signs out first: the access granted at %2 is revoked and the tokens "
                      "are deleted from the keychain.")
                       .arg(existing->name, auth->access().issuer)
                 : tr("Remove “%1”?").arg(existing->name);
    if (QMessageBox::question(this, tr("Remove server"), question) != QMessageBox::Yes)
        return;
    m_lifecycle->remove(id, this, [this](Result<void> removed) {
        if (!removed.ok())
            showProblem(tr("Server not removed"), removed.error().message());
    });
}

void MainWindow::showProblem(const QString &title, const QString &message)
{
    // Not exec(): the window keeps working while the person reads it (no nested event loop).
    auto *box = new QMessageBox(QMessageBox::Warning, title, message, QMessageBox::Ok, this);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}

QWidget *MainWindow::openImportDialog()
{
    if (!m_registry || !m_lifecycle)
        return nullptr;
    auto *dialog = new ImportDialog(*m_registry, *m_lifecycle, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
    return dialog;
}

QWidget *MainWindow::openConnectAppDialog()
{
    const std::optional<ServerConfig> server = m_registry ? m_registry->find(selectedServerId()) : std::nullopt;
    if (!server)
        return nullptr;
    auto *dialog = new ConnectAppDialog({server->id(), server->name, server->url}, this);
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
