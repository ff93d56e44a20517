#pragma once

#include <QAbstractTableModel>
#include <QHash>
#include <QPointer>
#include <QSet>
#include <QTimer>

namespace portico {

class ConnectionManager;
class ServerConnection;
class ServerRegistry;

// The configured servers as a table for the main window: name, URL, state (connected / needs sign-in /
// signing in / failed, with the reason in the tooltip), tool count, access expiry, sign-in mode. It follows the
// registry's signals, so an import or an edit shows at once, and — with a ConnectionManager — each
// connection's and authorization engine's signals.
class ServerListModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column {
        NameColumn,
        UrlColumn,
        StateColumn,
        ToolsColumn,
        AccessColumn,
        SignInColumn,
        ColumnCount,
    };
    enum Role {
        ServerIdRole = Qt::UserRole + 1,
    };

    // `registry` may be null (no servers can be shown); it must outlive the model or be destroyed first.
    explicit ServerListModel(ServerRegistry *registry, QObject *parent = nullptr);

    // Live state per server; without it the state, tools and access columns stay empty.
    void setConnectionManager(ConnectionManager *connections);
    [[nodiscard]] QModelIndex indexOf(const QString &serverId, int column = NameColumn) const;

    [[nodiscard]] int rowCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] int columnCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    [[nodiscard]] QVariant headerData(int section, Qt::Orientation orientation,
                                      int role = Qt::DisplayRole) const override;

private:
    void reset();
    void watch(ServerConnection *connection);
    // Notes a change of a server's row; the view hears of all changes of one event-loop turn at once
    // (flushChanges): with the list's columns sized to their contents, every dataChanged re-measures every
    // row, and 100 servers changing state at start-up must not cost 100 re-measurements (docs/architecture.md,
    // "Performance").
    void serverChanged(const QString &serverId);
    void flushChanges();
    [[nodiscard]] QString stateText(const QString &serverId) const;
    [[nodiscard]] QString accessText(const QString &serverId) const;

    QPointer<ServerRegistry> m_registry;
    QPointer<ConnectionManager> m_connections;
    QHash<QString, int> m_toolCounts;
    QSet<QString> m_changedServers;
    QTimer m_changeFlush;
    QTimer m_expiryTick; // the access column counts down
};

} // namespace portico
