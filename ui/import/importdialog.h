#pragma once

#include "config/configformat.h"
#include "config/importpreview.h"

#include <QDialog>

#include <optional>

class QAbstractItemModel;
class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QStandardItemModel;
class QTableView;

namespace portico {

class ServerLifecycle;
class ServerRegistry;

// "Import servers": pick another MCP host's configuration file (or one found on this computer), see what
// would happen to each entry (add / already configured / skipped, with the reason), and confirm. Nothing
// changes before the confirmation; a file that cannot be read, or an import that fails, changes nothing.
class ImportDialog : public QDialog
{
    Q_OBJECT

public:
    enum Column {
        NameColumn,
        UrlColumn,
        OutcomeColumn, // what happens
        ColumnCount,
    };

    // `registry` (for the preview) and `lifecycle` (which carries out the import) must outlive the dialog.
    ImportDialog(ServerRegistry &registry, ServerLifecycle &lifecycle, QWidget *parent = nullptr);

    // Reads `path` and shows its preview (what Browse… and the list of found files do). False, with the
    // reason shown in the dialog, when the file cannot be read as an MCP configuration.
    bool loadFile(const QString &path);
    // nullopt: detect the format from the file's content. Re-reads the current file.
    void setFormat(std::optional<ConfigFormat> format);

    [[nodiscard]] const std::optional<ImportPreview> &preview() const { return m_preview; }
    [[nodiscard]] QAbstractItemModel *previewModel() const;
    [[nodiscard]] QPushButton *importButton() const { return m_importButton; }
    // The summary, or why the file could not be read or the import failed.
    [[nodiscard]] QString statusText() const;

Q_SIGNALS:
    // The servers were added (the dialog then closes itself with accept()).
    void imported(qsizetype count);

private:
    void browse();
    void refreshPreview();
    void showPreview();
    void showError(const QString &message);
    void startImport();
    void setBusy(bool busy);

    ServerRegistry &m_registry;
    ServerLifecycle &m_lifecycle;
    QString m_path;
    std::optional<ConfigFormat> m_format;
    std::optional<ImportPreview> m_preview;

    QComboBox *m_foundFiles = nullptr;
    QLineEdit *m_pathEdit = nullptr;
    QPushButton *m_browseButton = nullptr;
    QComboBox *m_formatBox = nullptr;
    QTableView *m_table = nullptr;
    QStandardItemModel *m_model = nullptr;
    QLabel *m_status = nullptr;
    QPushButton *m_importButton = nullptr;
};

} // namespace portico
