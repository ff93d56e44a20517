#pragma once

#include <QAbstractTableModel>
#include <QPointer>

namespace portico {

class ServerRegistry;

// The configured servers as a table for the main window: name, URL, sign-in mode. It follows the
// registry's signals, so an import or an edit shows at once.
class ServerListModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column {
        NameColumn,
        UrlColumn,
        SignInColumn,
        ColumnCount,
    };
    enum Role {
        ServerIdRole = Qt::UserRole + 1,
    };

    // `registry` may be null (no servers can be shown); it must outlive the model or be destroyed first.
    explicit ServerListModel(ServerRegistry *registry, QObject *parent = nullptr);

    [[nodiscard]] int rowCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] int columnCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    [[nodiscard]] QVariant headerData(int section, Qt::Orientation orientation,
                                      int role = Qt::DisplayRole) const override;

private:
    void reset();

    QPointer<ServerRegistry> m_registry;
};

} // namespace portico
