#pragma once

#include "catalog/catalogpanel.h"
#include "mcp/catalogitems.h"

#include <QHash>
#include <QImage>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>
#include <QVariant>

#include <optional>

class QCheckBox;
class QFormLayout;
class QLabel;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;
class QStackedWidget;
class QTabWidget;

namespace portico {

// The tools one server offers, and a way to call them by hand (requirements UI-7).
// Left: a search field filtering the list by name, title and description. Right: the selected tool's
// description and annotations, marked as the server's claims (untrusted, requirements FEATURE-1, SEC-10; plain text
// only), its input schema (read-only JSON), the arguments as a form generated from the schema (string,
// number, integer, boolean, enum; required marked; defaults pre-filled) or as raw JSON, Call, a progress
// bar fed by progress notifications with Cancel for long calls (requirements TRANSPORT-18, FEATURE-6), and the result:
// text, images, embedded resources, structuredContent as JSON, and isError shown as an error (requirements FEATURE-2).
// The panel builds no request itself: it calls McpSession.
// The layout, the list, the session and the result view are CatalogPanel's; this adds the tool's own part.
class ToolsPanel : public CatalogPanel
{
    Q_OBJECT

public:
    explicit ToolsPanel(QWidget *parent = nullptr);
    ~ToolsPanel() override;

    // What setSession feeds the list with; tests may call it directly.
    void setTools(const QList<Tool> &tools);
    [[nodiscard]] QList<Tool> tools() const { return m_tools; }

    // Selects the tool by name, clearing the search if it hides it; nothing happens for an unknown name.
    void selectTool(const QString &name);
    [[nodiscard]] QString selectedToolName() const { return selectedKey(); }
    // Names of the tools the search leaves visible, in list order.
    [[nodiscard]] QStringList visibleToolNames() const { return visibleKeys(0); }
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
    [[nodiscard]] QString resultText() const;
    // Images of the last result, decoded from base64.
    [[nodiscard]] QList<QImage> resultImages() const;

    [[nodiscard]] QPushButton *callButton() const { return m_callButton; }
    [[nodiscard]] QPushButton *cancelButton() const { return m_cancelButton; }
    [[nodiscard]] QProgressBar *progressBar() const { return m_progress; }
    [[nodiscard]] QWidget *argumentEditor(const QString &property) const { return m_editors.value(property); }

Q_SIGNALS:
    // A call ended: ok when the server answered without isError.
    void callFinished(bool ok);

protected:
    void showSelection() override;
    void requestCatalog(McpSession *session, QObject *context) override;
    void clearCatalog() override { setTools({}); }
    void stopRequest() override;

private:
    void buildForm(const Tool &tool);
    void clearDetails();
    // The form's arguments, or nullopt with the reason in `problem`.
    [[nodiscard]] std::optional<QJsonObject> formArguments(QString *problem) const;
    [[nodiscard]] std::optional<QJsonObject> rawArguments(QString *problem) const;
    void fillForm(const QJsonObject &arguments);
    void showResult(const QJsonObject &result);
    void showProgress(double progress, std::optional<double> total, const QString &message);
    // Ends the running call with a failure shown in the result, and says so.
    void failCall(const QString &result, const QString &status);
    void finishCall();
    [[nodiscard]] const Tool *selectedTool() const;

    qint64 m_callId = 0;
    QList<Tool> m_tools;
    QString m_shownTool;
    QJsonObject m_shownToolJson; // the form is rebuilt only when the tool itself changed
    double m_lastProgress = -1;

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
};

} // namespace portico
