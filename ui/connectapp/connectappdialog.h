#pragma once

#include "config/connectplan.h"
#include "config/connectundo.h"

#include <QDialog>

#include <optional>

class QCheckBox;
class QComboBox;
class QLabel;
class QPlainTextEdit;
class QPushButton;

namespace portico {

// "Use in other apps…": adds the selected server to another MCP app's configuration file as a `portico bridge`
// entry (ConnectPlan), after showing the change as a preview; Undo puts the file back from its backup.
class ConnectAppDialog : public QDialog
{
    Q_OBJECT

public:
    explicit ConnectAppDialog(BridgeServer server, QWidget *parent = nullptr);

private:
    void updatePreview();
    void connectToApp();
    void undo();
    [[nodiscard]] ConnectApp selectedApp() const;

    BridgeServer m_server;
    std::optional<ConnectPlan> m_plan;
    std::optional<ConnectUndo> m_undo;
    QComboBox *m_appBox = nullptr;
    QLabel *m_fileLabel = nullptr;
    QCheckBox *m_replaceBox = nullptr;
    QPlainTextEdit *m_preview = nullptr;
    QLabel *m_status = nullptr;
    QPushButton *m_connectButton = nullptr;
    QPushButton *m_undoButton = nullptr;
};

} // namespace portico
