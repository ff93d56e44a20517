#pragma once

#include "mcp/catalogitems.h"

#include <QHash>
#include <QImage>
#include <QJsonObject>
#include <QList>
#include <QPointer>
#include <QString>
#include <QStringList>
#include <QVariant>
#include <QWidget>

#include <optional>

class QCheckBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QListView;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;
class QSortFilterProxyModel;
class QStackedWidget;
class QStandardItemModel;
class QTabWidget;
class QTextEdit;

namespace portico {

class McpSession;

// The tools one server offers, and a way to call them by hand (issue 5 §7).
// Left: a search field filtering the list by name, title and description. Right: the selected tool's
// description and annotations, marked as the server's claims (untrusted, checklist B30, C11; plain text
// only), its input schema (read-only JSON), the arguments as a form generated from the schema (string,
// number, integer, boolean, enum; required marked; defaults pre-filled) or as raw JSON, Call, a progress
// bar fed by progress notifications with Cancel for long calls (B18, B36), and the result: text, images,
// embedded resources, structuredContent as JSON, and isError shown as an error (B32).
// The panel builds no request itself: it calls McpSession.
class ToolsPanel : public QWidget
{
    Q_OBJECT

public:
    explicit ToolsPanel(QWidget *parent = nullptr);
    ~ToolsPanel() override;

    // Lists the session's tools now (or once it is ready) and again whenever the server says the list
    // changed (B34). nullptr clears the panel. The session must outlive the panel or be reset first.
    void setSession(McpSession *session);
    // What setSession feeds the list with; tests may call it directly.
    void setTools(const QList<Tool> &tools);
    [[nodiscard]] QList<Tool> tools() const { return m_tools; }

    // Selects the tool by name, clearing the search if it hides it; nothing happens for an unknown name.
    void selectTool(const QString &name);
    [[nodiscard]] QString selectedToolName() const;
    // Names of the tools the search leaves visible, in list order.
    [[nodiscard]] QStringList visibleToolNames() const;
    void setSearchText(const QString &text);

    // Fills one field of the generated form (tests, and "call again with ..." later).
    void setArgumentValue(const QString &property, const QVariant &value);
    // The raw JSON editor's text (used when raw mode is on).
    void setRawJson(const QString &json);
    [[nodiscard]] QString rawJson() const;
    // Switches between the generated form and the raw JSON editor, carrying the arguments across.
    // Returns false, staying in raw mode with a message, when the raw text is not a JSON object.
    bool useRawJson(bool raw);
    [[nodiscard]] bool isRawJson() const;

    // What the Call button does: checks the arguments, then calls the tool. An invalid form blocks the
    // call and says why in statusText() (no request is sent and callFinished is not emitted).
    void callSelectedTool();
    // What the Cancel button does while a call runs.
    void cancelCall();
    [[nodiscard]] bool isCalling() const { return m_callId != 0; }

    // The rendered result as plain text: text items, "[image …]", embedded resources (uri + text),
    // structuredContent as JSON, "Error: …" for isError or a failed call. Empty before any call.
    [[nodiscard]] QString resultText() const { return m_resultText; }
    // Images of the last result, decoded from base64.
    [[nodiscard]] QList<QImage> resultImages() const { return m_resultImages; }
    // The line under Call: why a call was blocked, progress, or how the last call ended.
    [[nodiscard]] QString statusText() const;

    [[nodiscard]] QLineEdit *searchField() const { return m_search; }
    [[nodiscard]] QPushButton *callButton() const { return m_callButton; }
    [[nodiscard]] QPushButton *cancelButton() const { return m_cancelButton; }
    [[nodiscard]] QProgressBar *progressBar() const { return m_progress; }
    [[nodiscard]] QWidget *argumentEditor(const QString &property) const { return m_editors.value(property); }

Q_SIGNALS:
    // A call ended: ok when the server answered without isError.
    void callFinished(bool ok);

private:
    void listTools();
    void showSelectedTool();
    void buildForm(const Tool &tool);
    void clearDetails();
    // The form's arguments, or nullopt with the reason in `problem`.
    [[nodiscard]] std::optional<QJsonObject> formArguments(QString *problem) const;
    [[nodiscard]] std::optional<QJsonObject> rawArguments(QString *problem) const;
    void fillForm(const QJsonObject &arguments);
    void showResult(const QJsonObject &result);
    void showFailure(const QString &text);
    void finishCall();
    void setStatus(const QString &text);
    [[nodiscard]] const Tool *selectedTool() const;

    QPointer<McpSession> m_session;
    QObject *m_sessionContext = nullptr; // owns the session's connections and list callbacks
    QObject *m_callContext = nullptr;    // dropped on cancel or a new session: late answers are ignored
    qint64 m_callId = 0;
    QList<Tool> m_tools;
    QString m_shownTool;
    QJsonObject m_shownToolJson; // the form is rebuilt only when the tool itself changed
    double m_lastProgress = -1;

    QStandardItemModel *m_model = nullptr;
    QSortFilterProxyModel *m_filter = nullptr;
    QLineEdit *m_search = nullptr;
    QListView *m_list = nullptr;
    QLabel *m_emptyLabel = nullptr;

    QWidget *m_details = nullptr;
    QLabel *m_toolTitle = nullptr;
    QLabel *m_toolName = nullptr;
    QLabel *m_description = nullptr;
    QLabel *m_annotations = nullptr;
    QTabWidget *m_tabs = nullptr;
    QPlainTextEdit *m_schemaView = nullptr;
    QCheckBox *m_rawToggle = nullptr;
    QStackedWidget *m_argumentStack = nullptr;
    QWidget *m_formHost = nullptr;
    QFormLayout *m_form = nullptr;
    QPlainTextEdit *m_rawEditor = nullptr;
    QHash<QString, QWidget *> m_editors;
    QJsonObject m_properties;
    QStringList m_required;

    QPushButton *m_callButton = nullptr;
    QPushButton *m_cancelButton = nullptr;
    QProgressBar *m_progress = nullptr;
    QLabel *m_status = nullptr;
    QTextEdit *m_resultView = nullptr;
    QString m_resultText;
    QList<QImage> m_resultImages;
};

} // namespace portico
