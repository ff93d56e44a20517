#pragma once

#include "mcp/catalogitems.h"

#include <QHash>
#include <QImage>
#include <QJsonObject>
#include <QList>
#include <QPointer>
#include <QString>
#include <QStringList>
#include <QWidget>

class QFormLayout;
class QGroupBox;
class QLabel;
class QLineEdit;
class QListView;
class QPushButton;
class QSortFilterProxyModel;
class QStandardItemModel;
class QTextEdit;

namespace portico {

class McpSession;

// The prompts one server offers, and a way to get them by hand (issue 5 §7), laid out like ToolsPanel.
// Left: a search field filtering the list by name, title and description. Right: the selected prompt's
// description, marked as the server's claim (untrusted, checklist C11; plain text only), its arguments as
// a form (string values; required ones marked and enforced before anything is sent), Get, and the
// returned messages: "user: …", "assistant: …", images and embedded resources summarised.
// The panel builds no request itself: it calls McpSession.
class PromptsPanel : public QWidget
{
    Q_OBJECT

public:
    explicit PromptsPanel(QWidget *parent = nullptr);
    ~PromptsPanel() override;

    // Lists the session's prompts now (or once it is ready) and again whenever the server says the list
    // changed (B34). nullptr clears the panel. The session must outlive the panel or be reset first.
    void setSession(McpSession *session);
    // What setSession feeds the list with; tests may call it directly.
    void setPrompts(const QList<Prompt> &prompts);

    // Selects the prompt by name, clearing the search if it hides it; nothing happens for an unknown name.
    void selectPrompt(const QString &name);
    [[nodiscard]] QString selectedPromptName() const;
    // Fills one argument of the selected prompt's form; nothing happens for an unknown argument.
    void setArgumentValue(const QString &name, const QString &value);
    // What the Get button does: prompts/get with the arguments. A missing required argument blocks the
    // request and says why in statusText() (no request is sent and getFinished is not emitted).
    void getSelected();

    [[nodiscard]] QStringList promptNames() const;
    // The returned messages as plain text, one "role: text" line per message; images, audio and
    // resources summarised in brackets; "Error: …" for a failed request. Empty before any get.
    [[nodiscard]] QString messagesText() const { return m_messagesText; }
    // Images of the last returned messages, decoded.
    [[nodiscard]] QList<QImage> messageImages() const { return m_messageImages; }
    // The line under Get: why a request was blocked, or how the last one ended.
    [[nodiscard]] QString statusText() const;
    // Renders a prompts/get result (what a get does once the server answered); public for tests.
    void showGetResult(const QJsonObject &result);

    [[nodiscard]] QLineEdit *searchField() const { return m_search; }
    [[nodiscard]] QPushButton *getButton() const { return m_getButton; }
    [[nodiscard]] QLineEdit *argumentEditor(const QString &name) const { return m_editors.value(name); }

Q_SIGNALS:
    // A get ended: ok when the server answered with messages.
    void getFinished(bool ok);

private:
    void listPrompts();
    void showSelectedPrompt();
    void clearDetails();
    void buildForm(const Prompt &prompt);
    void showFailure(const QString &text);
    void setStatus(const QString &text);
    [[nodiscard]] const Prompt *selectedPrompt() const;

    QPointer<McpSession> m_session;
    QObject *m_sessionContext = nullptr; // owns the session's connections and list callbacks
    QObject *m_getContext = nullptr;     // a new request or session drops the answer of the previous one
    QList<Prompt> m_prompts;
    QString m_shownPrompt;
    QJsonObject m_shownPromptJson; // the form is rebuilt only when the prompt itself changed

    QStandardItemModel *m_model = nullptr;
    QSortFilterProxyModel *m_filter = nullptr;
    QLineEdit *m_search = nullptr;
    QListView *m_list = nullptr;
    QLabel *m_emptyLabel = nullptr;

    QLabel *m_title = nullptr;
    QLabel *m_name = nullptr;
    QLabel *m_description = nullptr;
    QGroupBox *m_argumentsBox = nullptr;
    QFormLayout *m_form = nullptr;
    QHash<QString, QLineEdit *> m_editors;
    QPushButton *m_getButton = nullptr;
    QLabel *m_status = nullptr;
    QTextEdit *m_messagesView = nullptr;
    QString m_messagesText;
    QList<QImage> m_messageImages;
};

} // namespace portico
