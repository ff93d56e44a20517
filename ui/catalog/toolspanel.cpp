#include "catalog/toolspanel.h"

#include "catalog/contentview.h"
#include "forms/schemaform.h"
#include "mcp/mcpsession.h"

#include <QCheckBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QPlainTextEdit>
#include <QPointer>
#include <QProgressBar>
#include <QPushButton>
#include <QScrollArea>
#include <QSplitter>
#include <QStackedWidget>
#include <QTabWidget>
#include <QTimer>
#include <QVBoxLayout>

#include <algorithm>

namespace portico {

namespace {

// Limits on what a server can make the panel render (requirements FEATURE-7, SEC-12).
// (The result's limits are ContentView's.)
constexpr qsizetype kMaxFormFields = 200;
constexpr qsizetype kMaxSchemaText = 256 * 1024;
// How long a cancelled call may take to report itself before the panel lets go of it.
constexpr int kCancelGraceMs = 5000;

QString indentedJson(const QJsonObject &object)
{
    return QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Indented)).trimmed();
}

QString compactJson(const QJsonValue &value)
{
    if (value.isObject())
        return QString::fromUtf8(QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact));
    if (value.isArray())
        return QString::fromUtf8(QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact));
    return QString::fromUtf8(QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact)).mid(1).chopped(1);
}

} // namespace

ToolsPanel::ToolsPanel(QWidget *parent)
    : CatalogPanel(Texts{.kind = QStringLiteral("tool"),
                         .panelName = tr("Tools"),
                         .searchLabel = tr("&Search tools:"),
                         .searchName = tr("Search tools"),
                         .searchHint = tr("Name, title or description"),
                         .noneOffered = tr("This server offers no tools."),
                         .noneMatch = tr("No tool matches “%1”."),
                         .listFailed = tr("The tools could not be listed: %1"),
                         .nothingSelected = tr("No tool selected"),
                         .contentTitle = tr("Result"),
                         .contentName = tr("Result of the last call"),
                         .statusName = tr("Call status")},
                   QStringLiteral("tools"), &McpSession::toolsListChanged, parent)
{
    addList({}, QStringLiteral("toolList"), tr("Tools offered by the server"));

    // Annotations are claims as well, shown with the description: MCP 2025-11-25 server/tools, "Tool
    // Annotations", says clients must treat them as untrusted unless the server is trusted.
    m_annotations = new QLabel(this);
    m_annotations->setObjectName(QStringLiteral("toolAnnotations"));
    m_annotations->setTextFormat(Qt::PlainText);
    m_annotations->setWordWrap(true);
    m_annotations->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_annotations->setAccessibleName(tr("Annotations, as claimed by the server"));
    claimsLayout()->addWidget(m_annotations);

    m_tabs = new QTabWidget(this);
    m_tabs->setAccessibleName(tr("Arguments and input schema"));
    auto *argumentsPage = new QWidget(m_tabs);
    auto *argumentsLayout = new QVBoxLayout(argumentsPage);
    m_rawToggle = new QCheckBox(tr("Edit as &JSON"), argumentsPage);
    m_rawToggle->setAccessibleName(tr("Edit the arguments as raw JSON"));
    argumentsLayout->addWidget(m_rawToggle);
    m_argumentStack = new QStackedWidget(argumentsPage);
    auto *formScroll = new QScrollArea(m_argumentStack);
    formScroll->setObjectName(QStringLiteral("formScroll"));
    formScroll->setWidgetResizable(true);
    formScroll->setFrameShape(QFrame::NoFrame);
    m_argumentStack->addWidget(formScroll);
    m_rawEditor = new QPlainTextEdit(m_argumentStack);
    m_rawEditor->setObjectName(QStringLiteral("rawArguments"));
    m_rawEditor->setAccessibleName(tr("Arguments as a JSON object"));
    m_rawEditor->setTabChangesFocus(true);
    m_rawEditor->setPlaceholderText(QStringLiteral("{ }"));
    m_argumentStack->addWidget(m_rawEditor);
    argumentsLayout->addWidget(m_argumentStack, 1);
    m_tabs->addTab(argumentsPage, tr("&Arguments"));
    m_schemaView = new QPlainTextEdit(m_tabs);
    m_schemaView->setObjectName(QStringLiteral("inputSchema"));
    m_schemaView->setReadOnly(true);
    m_schemaView->setTabChangesFocus(true);
    m_schemaView->setAccessibleName(tr("Input schema (JSON, read-only)"));
    m_schemaView->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_tabs->addTab(m_schemaView, tr("Input sc&hema"));
    detailsLayout()->addWidget(m_tabs, 1);
    connect(m_rawToggle, &QCheckBox::toggled, this, [this](bool raw) {
        if (!useRawJson(raw)) {
            const QSignalBlocker blocker(m_rawToggle);
            m_rawToggle->setChecked(true);
        }
    });

    m_callButton = new QPushButton(tr("&Call"), this);
    m_callButton->setAccessibleName(tr("Call the selected tool"));
    m_callButton->setDefault(true);
    m_cancelButton = new QPushButton(tr("Ca&ncel call"), this);
    m_cancelButton->setAccessibleName(tr("Cancel the running call"));
    m_cancelButton->setEnabled(false);
    m_progress = new QProgressBar(this);
    m_progress->setAccessibleName(tr("Progress of the running call"));
    m_progress->setVisible(false);
    actionRow()->addWidget(m_callButton);
    actionRow()->addWidget(m_cancelButton);
    actionRow()->addWidget(m_progress, 1);
    connect(m_callButton, &QPushButton::clicked, this, &ToolsPanel::callSelectedTool);
    connect(m_cancelButton, &QPushButton::clicked, this, &ToolsPanel::cancelCall);

    // The arguments matter more than the result here: the details get the larger share.
    detailSplitter()->setStretchFactor(0, 3);
    detailSplitter()->setStretchFactor(1, 2);
    setTabOrder(listView(0), m_tabs);
    setTabOrder(m_tabs, m_rawToggle);
    clearDetails();
    setTools({});
}

ToolsPanel::~ToolsPanel()
{
    // A call still running is cancelled rather than left to finish into a panel that is gone.
    if (m_callId != 0 && session())
        session()->cancel(m_callId);
}

void ToolsPanel::stopRequest()
{
    if (m_callId != 0 && session())
        session()->cancel(m_callId);
    CatalogPanel::stopRequest();
    m_callId = 0;
    m_cancelButton->setEnabled(false);
    m_progress->setVisible(false);
}

void ToolsPanel::requestCatalog(McpSession *session, QObject *context)
{
    session->listTools(context,
                       whenListed<QList<Tool>>(context, [this](const QList<Tool> &tools) { setTools(tools); }));
}

void ToolsPanel::setTools(const QList<Tool> &tools)
{
    m_tools = tools;
    QList<ListItem> items;
    for (const Tool &tool : tools)
        items.append(namedItem(tool.name, tool.title, tool.description));
    // After a relist (requirements FEATURE-4) the same tool stays selected, and its form keeps what was typed if it is
    // unchanged.
    setItems({items});
}

void ToolsPanel::selectTool(const QString &name)
{
    selectKey(0, name);
}

void ToolsPanel::setSearchText(const QString &text)
{
    searchField()->setText(text);
}

const Tool *ToolsPanel::selectedTool() const
{
    const QString name = selectedToolName();
    if (name.isEmpty())
        return nullptr;
    const auto it = std::find_if(m_tools.cbegin(), m_tools.cend(), [&name](const Tool &t) { return t.name == name; });
    return it == m_tools.cend() ? nullptr : &*it;
}

void ToolsPanel::clearDetails()
{
    m_shownTool.clear();
    m_shownToolJson = {};
    clearHeader();
    m_annotations->clear();
    m_schemaView->clear();
    m_rawEditor->clear();
    buildForm(Tool{});
    m_callButton->setEnabled(false);
}

void ToolsPanel::showSelection()
{
    const Tool *tool = selectedTool();
    if (!tool) {
        clearDetails();
        return;
    }
    if (tool->name == m_shownTool && tool->raw == m_shownToolJson)
        return;
    m_shownTool = tool->name;
    m_shownToolJson = tool->raw;
    showHeader(tool->title.isEmpty() ? tool->name : tool->title, tr("Name: %1").arg(tool->name), tool->description);

    // Annotations are hints the server gives about itself, never trusted (requirements FEATURE-1): said in words, as
    // claims.
    QStringList hints;
    const auto yesNo = [this](const QJsonValue &value) { return value.toBool() ? tr("yes") : tr("no"); };
    for (auto it = tool->annotations.constBegin(); it != tool->annotations.constEnd(); ++it) {
        const QString key = it.key();
        if (key == QLatin1StringView("readOnlyHint"))
            hints.append(tr("Only reads, changes nothing: %1").arg(yesNo(it.value())));
        else if (key == QLatin1StringView("destructiveHint"))
            hints.append(tr("May delete or overwrite things: %1").arg(yesNo(it.value())));
        else if (key == QLatin1StringView("idempotentHint"))
            hints.append(tr("Safe to repeat with the same arguments: %1").arg(yesNo(it.value())));
        else if (key == QLatin1StringView("openWorldHint"))
            hints.append(tr("Reaches outside systems: %1").arg(yesNo(it.value())));
        else if (key == QLatin1StringView("title"))
            hints.append(tr("Title: %1").arg(it.value().toString()));
        else
            hints.append(tr("%1: %2").arg(key, compactJson(it.value())));
    }
    m_annotations->setText(hints.isEmpty() ? tr("No annotations.")
                                           : tr("Annotations:") + QLatin1Char('\n') + hints.join(QLatin1Char('\n')));
    m_annotations->setAccessibleDescription(m_annotations->text());

    QString schemaText = indentedJson(tool->inputSchema);
    if (schemaText.size() > kMaxSchemaText)
        schemaText =
            schemaText.left(kMaxSchemaText) + QLatin1Char('\n') + tr("… (schema cut short: too large to show)");
    m_schemaView->setPlainText(schemaText);
    buildForm(*tool);
    m_rawEditor->setPlainText(indentedJson(formArguments(nullptr).value_or(QJsonObject())));
    m_callButton->setEnabled(m_callId == 0);
    setStatus({});
}

void ToolsPanel::buildForm(const Tool &tool)
{
    m_editors.clear();
    m_required.clear();
    m_properties = tool.inputSchema.value(QStringLiteral("properties")).toObject();
    for (const QJsonValue &name : tool.inputSchema.value(QStringLiteral("required")).toArray())
        m_required.append(name.toString());

    // A fresh host for the new form; the scroll area deletes the old one.
    m_formHost = new QWidget;
    m_form = new QFormLayout(m_formHost);
    m_form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    auto *scroll = static_cast<QScrollArea *>(m_argumentStack->widget(0));
    scroll->setWidget(m_formHost);

    if (tool.name.isEmpty())
        return;
    if (m_properties.isEmpty()) {
        m_form->addRow(new QLabel(tr("This tool takes no arguments."), m_formHost));
        return;
    }
    if (m_properties.size() > kMaxFormFields) {
        // Requirements FEATURE-7, SEC-12: a schema too large for a form is edited as JSON instead.
        m_form->addRow(new QLabel(tr("This tool has too many arguments for a form; edit them as JSON."), m_formHost));
        m_properties = {};
        return;
    }
    QWidget *previous = m_rawToggle;
    for (const QString &name : schema_form::fieldOrder(tool.inputSchema, kMaxFormFields)) {
        const QJsonObject property = m_properties.value(name).toObject();
        const bool required = m_required.contains(name);
        QWidget *editor = schema_form::createEditor(name, property, required, m_formHost);
        // Enter in a text field calls the tool, as the Call button would.
        if (auto *line = qobject_cast<QLineEdit *>(editor))
            connect(line, &QLineEdit::returnPressed, this, &ToolsPanel::callSelectedTool);
        addArgumentRow(m_form, schema_form::label(name, property), required, editor,
                       property.value(QStringLiteral("description")).toString());
        m_editors.insert(name, editor);
        setTabOrder(previous, editor);
        previous = editor;
        // A changed value clears an earlier "blocked" message once the form is valid again.
        schema_form::onChanged(editor, this, [this]() {
            if (m_callId == 0 && !statusText().isEmpty()) {
                QString problem;
                if (formArguments(&problem))
                    setStatus({});
            }
        });
    }
    if (!m_required.isEmpty())
        m_form->addRow(new QLabel(tr("* required"), m_formHost));
}

std::optional<QJsonObject> ToolsPanel::formArguments(QString *problem) const
{
    QJsonObject arguments;
    for (auto it = m_properties.constBegin(); it != m_properties.constEnd(); ++it) {
        const QWidget *editor = m_editors.value(it.key());
        if (!editor)
            continue;
        const QJsonObject property = it.value().toObject();
        const QString fieldProblem = schema_form::problem(it.key(), editor, property, m_required.contains(it.key()));
        if (!fieldProblem.isEmpty() && problem) {
            *problem = fieldProblem;
            return std::nullopt;
        }
        const std::optional<QJsonValue> current = schema_form::value(editor, property, nullptr);
        if (current)
            arguments.insert(it.key(), *current);
    }
    return arguments;
}

std::optional<QJsonObject> ToolsPanel::rawArguments(QString *problem) const
{
    const QString text = m_rawEditor->toPlainText().trimmed();
    if (text.isEmpty())
        return QJsonObject();
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(text.toUtf8(), &error);
    if (error.error != QJsonParseError::NoError) {
        if (problem)
            *problem =
                tr("The arguments are not valid JSON (%1 at character %2).").arg(error.errorString()).arg(error.offset);
        return std::nullopt;
    }
    if (!document.isObject()) {
        if (problem)
            *problem = tr("The arguments must be a JSON object, like {\"name\": \"value\"}.");
        return std::nullopt;
    }
    return document.object();
}

void ToolsPanel::fillForm(const QJsonObject &arguments)
{
    for (auto it = m_editors.constBegin(); it != m_editors.constEnd(); ++it)
        schema_form::setValue(it.value(), m_properties.value(it.key()).toObject(),
                              arguments.value(it.key())); // absent -> empty / not set
}

void ToolsPanel::setArgumentValue(const QString &property, const QVariant &value)
{
    QWidget *editor = m_editors.value(property);
    if (!editor)
        return;
    schema_form::setValue(editor, m_properties.value(property).toObject(), QJsonValue::fromVariant(value));
}

void ToolsPanel::setRawJson(const QString &json)
{
    m_rawEditor->setPlainText(json);
}

QString ToolsPanel::rawJson() const
{
    return m_rawEditor->toPlainText();
}

bool ToolsPanel::isRawJson() const
{
    return m_argumentStack->currentIndex() == 1;
}

bool ToolsPanel::useRawJson(bool raw)
{
    if (raw == isRawJson())
        return true;
    if (raw) {
        // What the form holds so far, readable or not, carried into the editor.
        m_rawEditor->setPlainText(indentedJson(formArguments(nullptr).value_or(QJsonObject())));
        m_argumentStack->setCurrentIndex(1);
    } else {
        QString problem;
        const std::optional<QJsonObject> arguments = rawArguments(&problem);
        if (!arguments) {
            setStatus(problem);
            return false;
        }
        fillForm(*arguments);
        m_argumentStack->setCurrentIndex(0);
        setStatus({});
    }
    const QSignalBlocker blocker(m_rawToggle);
    m_rawToggle->setChecked(raw);
    return true;
}

QString ToolsPanel::resultText() const
{
    return contentView()->contentText();
}

QList<QImage> ToolsPanel::resultImages() const
{
    return contentView()->images();
}

void ToolsPanel::callSelectedTool()
{
    if (m_callId != 0)
        return;
    const Tool *tool = selectedTool();
    if (!tool) {
        setStatus(tr("Choose a tool first."));
        return;
    }
    QString problem;
    const std::optional<QJsonObject> arguments = isRawJson() ? rawArguments(&problem) : formArguments(&problem);
    if (!arguments) {
        // Nothing goes to the server until the arguments fit the schema (the person fixes it first).
        setStatus(tr("Not called: %1").arg(problem));
        return;
    }
    McpSession *session = readySession();
    if (!session) {
        setStatus(tr("Not connected: connect to the server to call its tools."));
        return;
    }

    contentView()->clearContent();
    m_lastProgress = -1;
    QObject *context = beginRequest();
    const QPointer<QObject> alive(context);
    m_callButton->setEnabled(false);
    m_cancelButton->setEnabled(true);
    m_progress->setRange(0, 0); // busy until the server reports progress
    m_progress->setVisible(true);
    setStatus(tr("Calling %1…").arg(tool->name));
    m_callId = session->callTool(
        tool->name, *arguments, context,
        [this, context](Result<QJsonObject> result) {
            if (!isCurrentRequest(context))
                return;
            if (!result.ok()) {
                const bool cancelled = result.error().code() == ErrorCode::Cancelled;
                failCall(cancelled ? tr("Cancelled: the call was stopped before the server answered.")
                                   : tr("Error: %1").arg(result.error().message()),
                         cancelled ? tr("Cancelled.") : tr("The call failed."));
                return;
            }
            finishCall();
            showResult(result.value());
            const bool isError = result.value().value(QStringLiteral("isError")).toBool();
            setStatus(isError ? tr("The tool reported an error.") : tr("Done."));
            Q_EMIT callFinished(!isError);
        },
        [this, alive](const McpSession::ProgressUpdate &update) {
            // The session keeps this callback with the call; `alive` keeps it off a panel that is gone.
            if (alive && isCurrentRequest(alive))
                showProgress(update.progress, update.total, update.message);
        });
}

void ToolsPanel::showProgress(double progress, std::optional<double> total, const QString &message)
{
    if (progress < m_lastProgress)
        return; // progress only increases (requirements FEATURE-6)
    m_lastProgress = progress;
    if (total && *total > 0) {
        m_progress->setRange(0, 1000);
        m_progress->setValue(static_cast<int>(std::clamp(progress / *total, 0.0, 1.0) * 1000));
    }
    // The message is the server's: plain text in the status line.
    setStatus(message.isEmpty() ? tr("Working…") : tr("Working: %1").arg(message));
}

void ToolsPanel::cancelCall()
{
    if (m_callId == 0 || !session())
        return;
    session()->cancel(m_callId, QStringLiteral("Cancelled by the user")); // the wire reason, not UI text
    m_cancelButton->setEnabled(false);
    setStatus(tr("Cancelling…"));
    // The session reports the cancelled call itself; should it not, the panel lets go after a grace period.
    QObject *context = currentRequest();
    QTimer::singleShot(kCancelGraceMs, context, [this, context]() {
        if (isCurrentRequest(context))
            failCall(tr("Cancelled: the call was stopped before the server answered."), tr("Cancelled."));
    });
}

void ToolsPanel::failCall(const QString &result, const QString &status)
{
    finishCall();
    contentView()->showMessage(result);
    setStatus(status);
    Q_EMIT callFinished(false);
}

void ToolsPanel::finishCall()
{
    endRequest();
    m_callId = 0;
    m_cancelButton->setEnabled(false);
    m_progress->setVisible(false);
    m_callButton->setEnabled(selectedTool() != nullptr);
}

void ToolsPanel::showResult(const QJsonObject &result)
{
    ContentView *view = contentView();
    view->clearContent();
    // Requirements FEATURE-2: a tool execution error is a result, shown as an error rather than as output.
    // "Error: " leads the first line.
    QString lead = result.value(QStringLiteral("isError")).toBool() ? tr("Error:") + QLatin1Char(' ') : QString();
    for (const QJsonValue &block : result.value(QStringLiteral("content")).toArray()) {
        view->addContentBlock(block.toObject(), lead);
        lead.clear();
    }
    if (result.contains(QStringLiteral("structuredContent"))) {
        view->addLine(tr("Structured content:"), ContentView::Style::Strong, lead);
        view->addLine(indentedJson(result.value(QStringLiteral("structuredContent")).toObject()));
        lead.clear();
    }
    view->finish(tr("(no content)"), lead);
}

} // namespace portico
