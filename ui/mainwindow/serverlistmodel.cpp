#include "mainwindow/serverlistmodel.h"

#include "common/redaction.h"
#include "storage/serverregistry.h"

namespace portico {

ServerListModel::ServerListModel(ServerRegistry *registry, QObject *parent)
    : QAbstractTableModel(parent)
    , m_registry(registry)
{
    if (!registry)
        return;
    // Lists are short; a reset on any change keeps the model trivially in step with the registry.
    connect(registry, &ServerRegistry::serverAdded, this, &ServerListModel::reset);
    connect(registry, &ServerRegistry::serverUpdated, this, &ServerListModel::reset);
    connect(registry, &ServerRegistry::serverRemoved, this, &ServerListModel::reset);
    connect(registry, &ServerRegistry::serversReset, this, &ServerListModel::reset);
    connect(registry, &QObject::destroyed, this, &ServerListModel::reset);
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
    if (role != Qt::DisplayRole && role != Qt::ToolTipRole)
        return {};
    switch (index.column()) {
    case NameColumn:
        return server.name;
    case UrlColumn:
        return redaction::redactUrl(server.url);
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
    case SignInColumn:
        return tr("Sign-in");
    default:
        return {};
    }
}

} // namespace portico
