#include "catalog/promptspanel.h"

#include "catalog/contentview.h"
#include "mcp/mcpsession.h"

#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QPushButton>
#include <QScrollArea>
#include <QVBoxLayout>

#include <algorithm>

namespace portico {

PromptsPanel::PromptsPanel(QWidget *parent)
    : CatalogPanel(Texts{.kind = QStringLiteral("prompt"),
                         .panelName = tr("Prompts"),
                         .searchLabel = tr("&Search prompts:"),
                         .searchName = tr("Search prompts"),
                         .searchHint = tr("Name, title or description"),
                         .noneOffered = tr("This server offers no prompts."),
                         .noneMatch = tr("No prompt matches “%1”."),
                         .listFailed = tr("The prompts could not be listed: %1"),
                         .nothingSelected = tr("No prompt selected"),
                         .contentTitle = tr("Messages"),
                         .contentName = tr("Messages returned by the server"),
                         .statusName = tr("Status of the prompt request")},
                   QStringLiteral("prompts"), &McpSession::promptsListChanged, parent)
{
    addList({}, QStringLiteral("promptList"), tr("Prompts offered by the server"));

    m_argumentsBox = new QGroupBox(tr("Arguments"), this);
    auto *argumentsLayout = new QVBoxLayout(m_argumentsBox);
    auto *scroll = new QScrollArea(m_argumentsBox);
    scroll->setObjectName(QStringLiteral("formScroll"));
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    argumentsLayout->addWidget(scroll);
    detailsLayout()->addWidget(m_argumentsBox, 1);

    m_getButton = new QPushButton(tr("&Get prompt"), this);
    m_getButton->setAccessibleName(tr("Get the selected prompt with these arguments"));
    m_getButton->setDefault(true);
    actionRow()->addWidget(m_getButton);
    actionRow()->addStretch(1);
    connect(m_getButton, &QPushButton::clicked, this, &PromptsPanel::getSelected);

    clearDetails();
    setPrompts({});
}

void PromptsPanel::requestCatalog(McpSession *session, QObject *context)
{
    session->listPrompts(
        context, whenListed<QList<Prompt>>(context, [this](const QList<Prompt> &prompts) { setPrompts(prompts); }));
}

void PromptsPanel::setPrompts(const QList<Prompt> &prompts)
{
    m_prompts = prompts;
    QList<ListItem> items;
    for (const Prompt &prompt : prompts)
        items.append(namedItem(prompt.name, prompt.title, prompt.description));
    // After a relist (requirements FEATURE-4) the same prompt stays selected, and its form keeps what was typed if
    // unchanged.
    setItems({items});
}

void PromptsPanel::selectPrompt(const QString &name)
{
    selectKey(0, name);
}

QStringList PromptsPanel::promptNames() const
{
    QStringList names;
    for (const Prompt &prompt : m_prompts)
        names.append(prompt.name);
    return names;
}

const Prompt *PromptsPanel::selectedPrompt() const
{
    const QString name = selectedPromptName();
    if (name.isEmpty())
        return nullptr;
    const auto it =
        std::find_if(m_prompts.cbegin(), m_prompts.cend(), [&name](const Prompt &p) { return p.name == name; });
    return it == m_prompts.cend() ? nullptr : &*it;
}

void PromptsPanel::clearDetails()
{
    m_shownPrompt.clear();
    m_shownPromptJson = {};
    clearHeader();
    buildForm(Prompt{});
    m_getButton->setEnabled(false);
}

void PromptsPanel::showSelection()
{
    const Prompt *prompt = selectedPrompt();
    if (!prompt) {
        clearDetails();
        return;
    }
    if (prompt->name == m_shownPrompt && prompt->raw == m_shownPromptJson)
        return;
    m_shownPrompt = prompt->name;
    m_shownPromptJson = prompt->raw;
    showHeader(prompt->title.isEmpty() ? prompt->name : prompt->title, tr("Name: %1").arg(prompt->name),
               prompt->description);
    buildForm(*prompt);
    m_getButton->setEnabled(currentRequest() == nullptr);
    setStatus({});
}

void PromptsPanel::buildForm(const Prompt &prompt)
{
    m_editors.clear();
    // A fresh host for the new form; the scroll area deletes the old one.
    auto *host = new QWidget;
    m_form = new QFormLayout(host);
    m_form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    auto *scroll = m_argumentsBox->findChild<QScrollArea *>(QStringLiteral("formScroll"));
    scroll->setWidget(host);
    if (prompt.name.isEmpty())
        return;
    if (prompt.arguments.isEmpty()) {
        m_form->addRow(new QLabel(tr("This prompt takes no arguments."), host));
        return;
    }
    // The most arguments a form is built for: a hostile server must not make the host build an unbounded
    // one. (ContentView bounds the messages.)
    constexpr qsizetype kMaxArguments = 100;
    if (prompt.arguments.size() > kMaxArguments) {
        // Requirements SEC-12: a server cannot make the host build an unbounded form.
        m_form->addRow(new QLabel(tr("This prompt has too many arguments to show."), host));
        return;
    }
    QWidget *previous = listView(0);
    bool anyRequired = false;
    for (const PromptArgument &argument : prompt.arguments) {
        if (argument.name.isEmpty() || m_editors.contains(argument.name))
            continue;
        // Prompt arguments are strings (MCP prompts §PromptArgument): a line edit each.
        auto *editor = new QLineEdit(host);
        editor->setObjectName(QStringLiteral("promptArgument_%1").arg(argument.name));
        editor->setAccessibleName(argument.required ? tr("%1 (required)").arg(argument.name) : argument.name);
        if (!argument.description.isEmpty())
            editor->setAccessibleDescription(argument.description);
        // Enter in a field gets the prompt, as the Get button would.
        connect(editor, &QLineEdit::returnPressed, this, &PromptsPanel::getSelected);
        // Typing a missing required value clears the "blocked" message.
        connect(editor, &QLineEdit::textChanged, this, [this]() {
            if (!currentRequest() && statusText().startsWith(tr("Not sent:")))
                setStatus({});
        });
        addArgumentRow(m_form, argument.name, argument.required, editor, argument.description);
        m_editors.insert(argument.name, editor);
        setTabOrder(previous, editor);
        previous = editor;
        anyRequired = anyRequired || argument.required;
    }
    setTabOrder(previous, m_getButton);
    if (anyRequired)
        m_form->addRow(new QLabel(tr("* required"), host));
}

void PromptsPanel::setArgumentValue(const QString &name, const QString &value)
{
    if (QLineEdit *editor = m_editors.value(name))
        editor->setText(value);
}

void PromptsPanel::getSelected()
{
    if (currentRequest())
        return; // one request at a time
    const Prompt *prompt = selectedPrompt();
    if (!prompt) {
        setStatus(tr("Choose a prompt first."));
        return;
    }
    QJsonObject arguments;
    for (const PromptArgument &argument : prompt->arguments) {
        QLineEdit *editor = m_editors.value(argument.name);
        const QString value = editor ? editor->text() : QString();
        if (value.isEmpty()) {
            if (argument.required) {
                // Nothing goes to the server until every required argument has a value.
                setStatus(tr("Not sent: “%1” is required.").arg(argument.name));
                if (editor && isVisible())
                    editor->setFocus();
                return;
            }
            continue; // an optional argument left empty is left out, not sent as ""
        }
        arguments.insert(argument.name, value);
    }
    McpSession *session = readySession();
    if (!session) {
        setStatus(tr("Not connected: connect to the server to get its prompts."));
        return;
    }
    contentView()->clearContent();
    QObject *context = beginRequest();
    m_getButton->setEnabled(false);
    setStatus(tr("Getting %1…").arg(prompt->name));
    session->getPrompt(prompt->name, arguments, context, [this, context](Result<QJsonObject> result) {
        if (!isCurrentRequest(context))
            return;
        endRequest();
        m_getButton->setEnabled(selectedPrompt() != nullptr);
        if (!result.ok()) {
            contentView()->showMessage(tr("Error: %1").arg(result.error().message()));
            setStatus(tr("The prompt could not be got."));
            Q_EMIT getFinished(false);
            return;
        }
        showGetResult(result.value());
        setStatus(tr("Done."));
        Q_EMIT getFinished(true);
    });
}

void PromptsPanel::showGetResult(const QJsonObject &result)
{
    ContentView *view = contentView();
    view->clearContent();
    const QString description = result.value(QStringLiteral("description")).toString();
    if (!description.isEmpty())
        view->addLine(tr("Description (claimed by the server): %1").arg(description), ContentView::Style::Muted);
    const QJsonArray messages = result.value(QStringLiteral("messages")).toArray();
    for (const QJsonValue &value : messages) {
        const QJsonObject message = value.toObject();
        // The role is "user" or "assistant" on the wire; shown as sent, leading the message's first line.
        view->addContentBlock(message.value(QStringLiteral("content")).toObject(),
                              tr("%1: ").arg(message.value(QStringLiteral("role")).toString()));
    }
    if (messages.isEmpty())
        view->addLine(tr("(no messages)"));
    view->finish();
}

QString PromptsPanel::messagesText() const
{
    return contentView()->contentText();
}

QList<QImage> PromptsPanel::messageImages() const
{
    return contentView()->images();
}

} // namespace portico
