#include "mainwindow/serverlistmodel.h"

#include "auth/authsession.h"
#include "common/redaction.h"
#include "config/serverregistry.h"
#include "host/connectionmanager.h"
#include "host/serverconnection.h"
#include "mcp/mcpsession.h"

#include <QDateTime>
#include <QLocale>

namespace portico {

ServerListModel::ServerListModel(ServerRegistry *registry, QObject *parent)
    : QAbstractTableModel(parent)
    , m_registry(registry)
{
    m_changeFlush.setSingleShot(true);
    m_changeFlush.setInterval(0);
    connect(&m_changeFlush, &QTimer::timeout, this, &ServerListModel::flushChanges);
    if (!registry)
        return;
    // Lists are short; a reset on any change keeps the model trivially in step with the registry.
    connect(registry, &ServerRegistry::serverAdded, this, &ServerListModel::reset);
    connect(registry, &ServerRegistry::serverUpdated, this, &ServerListModel::reset);
    connect(registry, &ServerRegistry::serverRemoved, this, &ServerListModel::reset);
    connect(registry, &ServerRegistry::serversReset, this, &ServerListModel::reset);
    connect(registry, &QObject::destroyed, this, &ServerListModel::reset);
}

void ServerListModel::setConnectionManager(ConnectionManager *connections)
{
    m_connections = connections;
    if (!connections)
        return reset();
    for (ServerConnection *connection : connections->connections())
        watch(connection);
    connect(connections, &ConnectionManager::connectionAdded, this, &ServerListModel::watch);
    connect(connections, &ConnectionManager::authSessionChanged, this, [this](const QString &id) {
        if (AuthSession *auth = m_connections->authSession(id)) {
            connect(auth, &AuthSession::accessChanged, this, [this, id]() { serverChanged(id); });
            connect(auth, &AuthSession::stateChanged, this, [this, id]() { serverChanged(id); });
        }
        serverChanged(id);
    });
    connect(connections, &ConnectionManager::connectionRemoved, this, [this](const QString &id) {
        m_toolCounts.remove(id);
        reset();
    });
    m_expiryTick.setInterval(1000);
    connect(&m_expiryTick, &QTimer::timeout, this, [this]() {
        if (rowCount() > 0)
            Q_EMIT dataChanged(index(0, AccessColumn), index(rowCount() - 1, AccessColumn), {Qt::DisplayRole});
    });
    m_expiryTick.start();
    reset();
}

void ServerListModel::watch(ServerConnection *connection)
{
    const QString id = connection->config().id();
    connect(connection, &ServerConnection::stateChanged, this, [this, id]() { serverChanged(id); });
    connect(connection, &ServerConnection::sessionReady, this, [this, id, connection](McpSession *session) {
        session->listTools(this, [this, id](Result<QList<Tool>> tools) {
            if (tools.ok())
                m_toolCounts.insert(id, int(tools.value().size()));
            serverChanged(id);
        });
        connect(session, &McpSession::toolsListChanged, this, [this, id, connection]() {
            if (McpSession *current = connection->session()) {
                current->listTools(this, [this, id](Result<QList<Tool>> tools) {
                    if (tools.ok())
                        m_toolCounts.insert(id, int(tools.value().size()));
                    serverChanged(id);
                });
            }
        });
    });
    if (AuthSession *auth = m_connections ? m_connections->authSession(id) : nullptr) {
        connect(auth, &AuthSession::accessChanged, this, [this, id]() { serverChanged(id); });
        connect(auth, &AuthSession::stateChanged, this, [this, id]() { serverChanged(id); });
    }
}

void ServerListModel::serverChanged(const QString &serverId)
{
    m_changedServers.insert(serverId);
    if (!m_changeFlush.isActive())
        m_changeFlush.start();
}

void ServerListModel::flushChanges()
{
    int firstRow = -1;
    int lastRow = -1;
    for (const QString &serverId : std::as_const(m_changedServers)) {
        const QModelIndex changed = indexOf(serverId, 0);
        if (!changed.isValid())
            continue; // removed meanwhile (a reset told the view already)
        firstRow = firstRow < 0 ? changed.row() : qMin(firstRow, changed.row());
        lastRow = qMax(lastRow, changed.row());
    }
    m_changedServers.clear();
    if (firstRow >= 0)
        Q_EMIT dataChanged(index(firstRow, 0), index(lastRow, ColumnCount - 1));
}

QModelIndex ServerListModel::indexOf(const QString &serverId, int column) const
{
    if (m_registry.isNull())
        return {};
    const QList<ServerConfig> &servers = m_registry->servers();
    for (int row = 0; row < servers.size(); ++row) {
        if (servers.at(row).id() == serverId)
            return index(row, column);
    }
    return {};
}

QString ServerListModel::stateText(const QString &serverId) const
{
    ServerConnection *connection = m_connections ? m_connections->connection(serverId) : nullptr;
    if (!connection)
        return {};
    AuthSession *auth = m_connections->authSession(serverId);
    if (auth && connection->state() != ServerConnection::State::Connected) {
        switch (auth->state()) {
        case AuthSession::State::Discovering:
        case AuthSession::State::Registering:
        case AuthSession::State::WaitingForUser:
        case AuthSession::State::ExchangingCode:
            return AuthSession::stateText(auth->state());
        default:
            break;
        }
    }
    return ServerConnection::stateText(connection->state());
}

QString ServerListModel::accessText(const QString &serverId) const
{
    AuthSession *auth = m_connections ? m_connections->authSession(serverId) : nullptr;
    if (!auth)
        return {};
    const AuthSession::Access access = auth->access();
    if (!access.expiresAt.isValid())
        return access.issuer.isEmpty() ? QString() : tr("signed in");
    const qint64 seconds = QDateTime::currentDateTimeUtc().secsTo(access.expiresAt);
    if (seconds <= 0)
        return access.hasRefreshToken ? tr("renews when used") : tr("expired");
    if (seconds < 120)
        return tr("%n s left", nullptr, int(seconds));
    if (seconds < 2 * 3600)
        return tr("%n min left", nullptr, int(seconds / 60));
    return tr("until %1").arg(QLocale().toString(access.expiresAt.toLocalTime(), QLocale::ShortFormat));
}

void ServerListModel::reset()
{
    beginResetModel();
    endResetModel();
}

int ServerListModel::rowCount(const QModelIndex &parent) const
{
    if (parent.isValid() || m_registry.isNull())
        return 0;
    return int(m_registry->servers().size());
}

int ServerListModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ServerListModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || m_registry.isNull() || index.row() >= m_registry->servers().size())
        return {};
    const ServerConfig &server = m_registry->servers().at(index.row());
    if (role == ServerIdRole)
        return server.id();
    if (role == Qt::ToolTipRole && index.column() == StateColumn && m_connections) {
        // The reason in words, for "Failed" and "Needs sign-in".
        AuthSession *auth = m_connections->authSession(server.id());
        if (auth && auth->lastError())
            return auth->lastError()->message();
        if (ServerConnection *connection = m_connections->connection(server.id());
            connection && connection->lastError())
            return connection->lastError()->message();
    }
    if (role != Qt::DisplayRole && role != Qt::ToolTipRole)
        return {};
    switch (index.column()) {
    case NameColumn:
        return server.name;
    case UrlColumn:
        return redaction::redactUrl(server.url);
    case StateColumn:
        return stateText(server.id());
    case ToolsColumn:
        return m_toolCounts.contains(server.id()) ? QVariant(m_toolCounts.value(server.id())) : QVariant();
    case AccessColumn:
        return accessText(server.id());
    case SignInColumn:
        return ServerConfig::authorizationModeText(server.authorizationMode);
    default:
        return {};
    }
}

QVariant ServerListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case NameColumn:
        return tr("Name");
    case UrlColumn:
        return tr("URL");
    case StateColumn:
        return tr("State");
    case ToolsColumn:
        return tr("Tools");
    case AccessColumn:
        return tr("Access");
    case SignInColumn:
        return tr("Sign-in");
    default:
        return {};
    }
}

} // namespace portico
