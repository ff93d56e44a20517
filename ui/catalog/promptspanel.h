#pragma once

#include "catalog/catalogpanel.h"
#include "mcp/catalogitems.h"

#include <QHash>
#include <QImage>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

class QFormLayout;
class QGroupBox;
class QLineEdit;
class QPushButton;

namespace portico {

// The prompts one server offers, and a way to get them by hand (requirements UI-7), laid out like ToolsPanel.
// Left: a search field filtering the list by name, title and description. Right: the selected prompt's
// description, marked as the server's claim (untrusted, requirements SEC-10; plain text only), its arguments as
// a form (string values; required ones marked and enforced before anything is sent), Get, and the
// returned messages: "user: …", "assistant: …", images and embedded resources summarised.
// The panel builds no request itself: it calls McpSession.
// The layout, the list, the session and the messages view are CatalogPanel's; this adds the arguments.
class PromptsPanel : public CatalogPanel
{
    Q_OBJECT

public:
    explicit PromptsPanel(QWidget *parent = nullptr);

    // What setSession feeds the list with; tests may call it directly.
    void setPrompts(const QList<Prompt> &prompts);

    // Selects the prompt by name, clearing the search if it hides it; nothing happens for an unknown name.
    void selectPrompt(const QString &name);
    [[nodiscard]] QString selectedPromptName() const { return selectedKey(); }
    // Fills one argument of the selected prompt's form; nothing happens for an unknown argument.
    void setArgumentValue(const QString &name, const QString &value);
    // What the Get button does: prompts/get with the arguments. A missing required argument blocks the
    // request and says why in statusText() (no request is sent and getFinished is not emitted).
    void getSelected();

    [[nodiscard]] QStringList promptNames() const;
    // The returned messages as plain text, one "role: text" line per message; images, audio and
    // resources summarised in brackets; "Error: …" for a failed request. Empty before any get.
    [[nodiscard]] QString messagesText() const;
    // Images of the last returned messages, decoded.
    [[nodiscard]] QList<QImage> messageImages() const;
    // Renders a prompts/get result (what a get does once the server answered); public for tests.
    void showGetResult(const QJsonObject &result);

    [[nodiscard]] QPushButton *getButton() const { return m_getButton; }
    [[nodiscard]] QLineEdit *argumentEditor(const QString &name) const { return m_editors.value(name); }

Q_SIGNALS:
    // A get ended: ok when the server answered with messages.
    void getFinished(bool ok);

protected:
    void showSelection() override;
    void requestCatalog(McpSession *session, QObject *context) override;
    void clearCatalog() override { setPrompts({}); }

private:
    void clearDetails();
    void buildForm(const Prompt &prompt);
    [[nodiscard]] const Prompt *selectedPrompt() const;

    QList<Prompt> m_prompts;
    QString m_shownPrompt;
    QJsonObject m_shownPromptJson; // the form is rebuilt only when the prompt itself changed

    QGroupBox *m_argumentsBox = nullptr;
    QFormLayout *m_form = nullptr;
    QHash<QString, QLineEdit *> m_editors;
    QPushButton *m_getButton = nullptr;
};

} // namespace portico
