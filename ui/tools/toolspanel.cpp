#include "tools/toolspanel.h"

#include "elicitation/elicitationdialog.h"
#include "mcp/mcpsession.h"

#include <QCheckBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QItemSelectionModel>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QScrollArea>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QStackedWidget>
#include <QStandardItemModel>
#include <QTabWidget>
#include <QTextCursor>
#include <QTextDocument>
#include <QTextEdit>
#include <QTextImageFormat>
#include <QTimer>
#include <QVBoxLayout>

#include <algorithm>

namespace portico {

namespace {

constexpr int kNameRole = Qt::UserRole + 1;
constexpr int kSearchRole = Qt::UserRole + 2;

// Limits on what a server can make the panel render (checklist B37, C13).
constexpr qsizetype kMaxFormFields = 200;
constexpr qsizetype kMaxSchemaText = 256 * 1024;
constexpr qsizetype kMaxImageBase64 = 16 * 1024 * 1024;
constexpr int kMaxImageWidth = 480;
constexpr int kMaxImageHeight = 360;
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
    : QWidget(parent)
{
    setAccessibleName(tr("Tools"));
    auto *outer = new QHBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    auto *splitter = new QSplitter(Qt::Horizontal, this);
    outer->addWidget(splitter);

    // --- the list and its search ---
    auto *listSide = new QWidget(splitter);
    auto *listLayout = new QVBoxLayout(listSide);
    auto *searchLabel = new QLabel(tr("&Search tools:"), listSide);
    m_search = new QLineEdit(listSide);
    m_search->setObjectName(QStringLiteral("toolSearch"));
    m_search->setPlaceholderText(tr("Name, title or description"));
    m_search->setClearButtonEnabled(true);
    m_search->setAccessibleName(tr("Search tools"));
    searchLabel->setBuddy(m_search);
    listLayout->addWidget(searchLabel);
    listLayout->addWidget(m_search);

    m_model = new QStandardItemModel(this);
    m_filter = new QSortFilterProxyModel(this);
    m_filter->setSourceModel(m_model);
    m_filter->setFilterRole(kSearchRole);
    m_filter->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_list = new QListView(listSide);
    m_list->setObjectName(QStringLiteral("toolList"));
    m_list->setModel(m_filter);
    m_list->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_list->setSelectionMode(QAbstractItemView::SingleSelection);
    m_list->setUniformItemSizes(true);
    m_list->setAccessibleName(tr("Tools offered by the server"));
    listLayout->addWidget(m_list, 1);
    m_emptyLabel = new QLabel(listSide);
    m_emptyLabel->setWordWrap(true);
    m_emptyLabel->setForegroundRole(QPalette::PlaceholderText);
    listLayout->addWidget(m_emptyLabel);
    connect(m_search, &QLineEdit::textChanged, this, [this](const QString &text) {
        m_filter->setFilterFixedString(text);
        m_emptyLabel->setText(
            m_filter->rowCount() == 0 && m_model->rowCount() > 0 ? tr("No tool matches “%1”.").arg(text) : QString());
        m_emptyLabel->setVisible(!m_emptyLabel->text().isEmpty());
    });
    connect(m_list->selectionModel(), &QItemSelectionModel::currentChanged, this, [this]() { showSelectedTool(); });

    // --- the selected tool ---
    auto *detailSplitter = new QSplitter(Qt::Vertical, splitter);
    m_details = new QWidget(detailSplitter);
    auto *detailLayout = new QVBoxLayout(m_details);
    m_toolTitle = new QLabel(m_details);
    m_toolTitle->setTextFormat(Qt::PlainText);
    QFont titleFont = m_toolTitle->font();
    titleFont.setBold(true);
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.2);
    m_toolTitle->setFont(titleFont);
    m_toolTitle->setWordWrap(true);
    detailLayout->addWidget(m_toolTitle);
    m_toolName = new QLabel(m_details);
    m_toolName->setTextFormat(Qt::PlainText);
    m_toolName->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_toolName->setForegroundRole(QPalette::PlaceholderText);
    detailLayout->addWidget(m_toolName);

    // What the server says about the tool is its claim, not a fact Portico checked (B30, C11): a group
    // that says so, plain text only.
    auto *claims = new QGroupBox(tr("Claimed by the server (not verified by Portico)"), m_details);
    auto *claimsLayout = new QVBoxLayout(claims);
    m_description = new QLabel(claims);
    m_description->setObjectName(QStringLiteral("toolDescription"));
    m_description->setTextFormat(Qt::PlainText);
    m_description->setWordWrap(true);
    m_description->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_description->setAccessibleName(tr("Description, as claimed by the server"));
    claimsLayout->addWidget(m_description);
    m_annotations = new QLabel(claims);
    m_annotations->setObjectName(QStringLiteral("toolAnnotations"));
    m_annotations->setTextFormat(Qt::PlainText);
    m_annotations->setWordWrap(true);
    m_annotations->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_annotations->setAccessibleName(tr("Annotations, as claimed by the server"));
    claimsLayout->addWidget(m_annotations);
    detailLayout->addWidget(claims);

    m_tabs = new QTabWidget(m_details);
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
    m_formHost = new QWidget;
    m_form = new QFormLayout(m_formHost);
    formScroll->setWidget(m_formHost);
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
    detailLayout->addWidget(m_tabs, 1);
    connect(m_rawToggle, &QCheckBox::toggled, this, [this](bool raw) {
        if (!useRawJson(raw)) {
            const QSignalBlocker blocker(m_rawToggle);
            m_rawToggle->setChecked(true);
        }
    });

    auto *callRow = new QHBoxLayout;
    m_callButton = new QPushButton(tr("&Call"), m_details);
    m_callButton->setAccessibleName(tr("Call the selected tool"));
    m_callButton->setDefault(true);
    m_cancelButton = new QPushButton(tr("Ca&ncel call"), m_details);
    m_cancelButton->setAccessibleName(tr("Cancel the running call"));
    m_cancelButton->setEnabled(false);
    m_progress = new QProgressBar(m_details);
    m_progress->setAccessibleName(tr("Progress of the running call"));
    m_progress->setVisible(false);
    callRow->addWidget(m_callButton);
    callRow->addWidget(m_cancelButton);
    callRow->addWidget(m_progress, 1);
    detailLayout->addLayout(callRow);
    m_status = new QLabel(m_details);
    m_status->setObjectName(QStringLiteral("callStatus"));
    m_status->setTextFormat(Qt::PlainText);
    m_status->setWordWrap(true);
    m_status->setAccessibleName(tr("Call status"));
    detailLayout->addWidget(m_status);
    connect(m_callButton, &QPushButton::clicked, this, &ToolsPanel::callSelectedTool);
    connect(m_cancelButton, &QPushButton::clicked, this, &ToolsPanel::cancelCall);

    // --- the result ---
    auto *resultBox = new QGroupBox(tr("Result"), detailSplitter);
    auto *resultLayout = new QVBoxLayout(resultBox);
    // A QTextEdit, not a QTextBrowser: nothing in a result is a link Portico follows or a file it loads.
    m_resultView = new QTextEdit(resultBox);
    m_resultView->setObjectName(QStringLiteral("toolResult"));
    m_resultView->setReadOnly(true);
    m_resultView->setAcceptRichText(false);
    m_resultView->setTabChangesFocus(true);
    m_resultView->setAccessibleName(tr("Result of the last call"));
    resultLayout->addWidget(m_resultView);

    detailSplitter->addWidget(m_details);
    detailSplitter->addWidget(resultBox);
    detailSplitter->setStretchFactor(0, 3);
    detailSplitter->setStretchFactor(1, 2);
    splitter->addWidget(listSide);
    splitter->addWidget(detailSplitter);
    splitter->setStretchFactor(0, 1);
    splitter->setStretchFactor(1, 3);

    setTabOrder(m_search, m_list);
    setTabOrder(m_list, m_tabs);
    setTabOrder(m_tabs, m_rawToggle);
    clearDetails();
    setTools({});
}

ToolsPanel::~ToolsPanel()
{
    // Children die after this body; no selection change may reach a half-destroyed panel.
    m_list->selectionModel()->disconnect(this);
    // A call still running is cancelled rather than left to finish into a panel that is gone.
    if (m_callId != 0 && m_session)
        m_session->cancel(m_callId);
}

void ToolsPanel::setSession(McpSession *session)
{
    if (m_callId != 0 && m_session)
        m_session->cancel(m_callId);
    delete m_callContext;
    m_callContext = nullptr;
    m_callId = 0;
    m_cancelButton->setEnabled(false);
    m_progress->setVisible(false);
    delete m_sessionContext;
    m_sessionContext = nullptr;
    m_session = session;
    m_tools.clear();
    setTools({});
    if (!session)
        return;
    m_sessionContext = new QObject(this);
    connect(session, &McpSession::toolsListChanged, m_sessionContext, [this]() { listTools(); }); // B34
    connect(session, &McpSession::stateChanged, m_sessionContext, [this](McpSession::State state) {
        if (state == McpSession::State::Ready)
            listTools();
    });
    connect(session, &QObject::destroyed, this, [this, session]() {
        if (m_session == nullptr || m_session == session)
            setSession(nullptr);
    });
    listTools();
}

void ToolsPanel::listTools()
{
    if (!m_session || m_session->state() != McpSession::State::Ready)
        return;
    QObject *context = m_sessionContext;
    m_session->listTools(context, [this, context](Result<QList<Tool>> result) {
        if (context != m_sessionContext)
            return; // an answer for a session the panel no longer shows
        if (!result.ok()) {
            setStatus(tr("The tools could not be listed: %1").arg(result.error().message()));
            return;
        }
        setTools(result.value());
    });
}

void ToolsPanel::setTools(const QList<Tool> &tools)
{
    const QString selected = selectedToolName();
    m_tools = tools;
    {
        const QSignalBlocker blocker(m_list->selectionModel());
        m_model->clear();
        for (const Tool &tool : tools) {
            // Server text in a plain item (the list delegate never renders rich text, C11).
            auto *item = new QStandardItem(tool.title.isEmpty() ? tool.name : tool.title);
            item->setData(tool.name, kNameRole);
            item->setData(QString(tool.name + QLatin1Char('\n') + tool.title + QLatin1Char('\n') + tool.description),
                          kSearchRole);
            item->setEditable(false);
            item->setAccessibleText(tool.title.isEmpty() ? tool.name : tr("%1 (%2)").arg(tool.title, tool.name));
            m_model->appendRow(item);
        }
    }
    if (tools.isEmpty()) {
        m_emptyLabel->setText(m_session ? tr("This server offers no tools.") : tr("Not connected to a server."));
        m_emptyLabel->setVisible(true);
    } else {
        m_emptyLabel->clear();
        m_emptyLabel->setVisible(false);
    }
    // After a relist (B34) the same tool stays selected, and its form keeps what was typed if it is unchanged.
    if (!selected.isEmpty())
        selectTool(selected);
    if (selectedToolName().isEmpty())
        showSelectedTool();
}

void ToolsPanel::selectTool(const QString &name)
{
    for (int row = 0; row < m_model->rowCount(); ++row) {
        const QModelIndex source = m_model->index(row, 0);
        if (source.data(kNameRole).toString() != name)
            continue;
        QModelIndex index = m_filter->mapFromSource(source);
        if (!index.isValid()) {
            m_search->clear();
            index = m_filter->mapFromSource(source);
        }
        m_list->setCurrentIndex(index);
        showSelectedTool();
        return;
    }
}

QString ToolsPanel::selectedToolName() const
{
    return m_list->currentIndex().data(kNameRole).toString();
}

QStringList ToolsPanel::visibleToolNames() const
{
    QStringList names;
    for (int row = 0; row < m_filter->rowCount(); ++row)
        names.append(m_filter->index(row, 0).data(kNameRole).toString());
    return names;
}

void ToolsPanel::setSearchText(const QString &text)
{
    m_search->setText(text);
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
    m_toolTitle->setText(tr("No tool selected"));
    m_toolName->clear();
    m_description->clear();
    m_annotations->clear();
    m_schemaView->clear();
    m_rawEditor->clear();
    buildForm(Tool{});
    m_callButton->setEnabled(false);
}

void ToolsPanel::showSelectedTool()
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
    m_toolTitle->setText(tool->title.isEmpty() ? tool->name : tool->title);
    m_toolName->setText(tr("Name: %1").arg(tool->name));
    m_description->setText(tool->description.isEmpty() ? tr("No description.") : tool->description);

    // Annotations are hints the server gives about itself, never trusted (B30): said in words, as claims.
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
        auto *none = new QLabel(tr("This tool takes no arguments."), m_formHost);
        m_form->addRow(none);
        return;
    }
    if (m_properties.size() > kMaxFormFields) {
        // Checklist B37/C13: a schema too large for a form is edited as JSON instead.
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
        auto *field = new QWidget(m_formHost);
        auto *fieldLayout = new QVBoxLayout(field);
        fieldLayout->setContentsMargins(0, 0, 0, 0);
        fieldLayout->addWidget(editor);
        const QString description = property.value(QStringLiteral("description")).toString();
        if (!description.isEmpty()) {
            auto *hint = new QLabel(description, field);
            hint->setTextFormat(Qt::PlainText);
            hint->setWordWrap(true);
            hint->setForegroundRole(QPalette::PlaceholderText);
            fieldLayout->addWidget(hint);
        }
        QString text = schema_form::label(name, property);
        text.replace(QLatin1Char('&'), QStringLiteral("&&")); // server text: no accidental mnemonic
        auto *label = new QLabel(required ? tr("%1 *").arg(text) : text, m_formHost);
        label->setBuddy(editor);
        m_form->addRow(label, field);
        m_editors.insert(name, editor);
        setTabOrder(previous, editor);
        previous = editor;
        // A changed value clears an earlier "blocked" message once the form is valid again.
        schema_form::onChanged(editor, this, [this]() {
            if (m_callId == 0 && !m_status->text().isEmpty()) {
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

void ToolsPanel::setStatus(const QString &text)
{
    m_status->setText(text);
}

QString ToolsPanel::statusText() const
{
    return m_status->text();
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
    if (!m_session || m_session->state() != McpSession::State::Ready) {
        setStatus(tr("Not connected: connect to the server to call its tools."));
        return;
    }

    m_resultText.clear();
    m_resultImages.clear();
    m_resultView->clear();
    m_lastProgress = -1;
    m_callContext = new QObject(this);
    QObject *context = m_callContext;
    const QPointer<QObject> alive(context);
    m_callButton->setEnabled(false);
    m_cancelButton->setEnabled(true);
    m_progress->setRange(0, 0); // busy until the server reports progress
    m_progress->setVisible(true);
    setStatus(tr("Calling %1…").arg(tool->name));
    m_callId = m_session->callTool(
        tool->name, *arguments, context,
        [this, context](Result<QJsonObject> result) {
            if (context != m_callContext)
                return;
            finishCall();
            if (!result.ok()) {
                const bool cancelled = result.error().code() == ErrorCode::Cancelled;
                showFailure(cancelled ? tr("Cancelled: the call was stopped before the server answered.")
                                      : tr("Error: %1").arg(result.error().message()));
                setStatus(cancelled ? tr("Cancelled.") : tr("The call failed."));
                Q_EMIT callFinished(false);
                return;
            }
            showResult(result.value());
            const bool isError = result.value().value(QStringLiteral("isError")).toBool();
            setStatus(isError ? tr("The tool reported an error.") : tr("Done."));
            Q_EMIT callFinished(!isError);
        },
        [this, alive](const McpSession::ProgressUpdate &update) {
            // The session keeps this callback with the call; `alive` keeps it off a panel that is gone.
            if (!alive || alive != m_callContext)
                return;
            if (update.progress < m_lastProgress)
                return; // progress only increases (B36)
            m_lastProgress = update.progress;
            if (update.total && *update.total > 0) {
                m_progress->setRange(0, 1000);
                m_progress->setValue(static_cast<int>(std::clamp(update.progress / *update.total, 0.0, 1.0) * 1000));
            }
            // The message is the server's: plain text in the status line.
            setStatus(update.message.isEmpty() ? tr("Working…") : tr("Working: %1").arg(update.message));
        });
}

void ToolsPanel::cancelCall()
{
    if (m_callId == 0 || !m_session)
        return;
    m_session->cancel(m_callId, QStringLiteral("Cancelled by the user")); // the wire reason, not UI text
    m_cancelButton->setEnabled(false);
    setStatus(tr("Cancelling…"));
    // The session reports the cancelled call itself; should it not, the panel lets go after a grace period.
    QObject *context = m_callContext;
    QTimer::singleShot(kCancelGraceMs, context, [this, context]() {
        if (context != m_callContext)
            return;
        finishCall();
        showFailure(tr("Cancelled: the call was stopped before the server answered."));
        setStatus(tr("Cancelled."));
        Q_EMIT callFinished(false);
    });
}

void ToolsPanel::finishCall()
{
    if (m_callContext) {
        m_callContext->deleteLater(); // we may be inside one of its callbacks
        m_callContext = nullptr;
    }
    m_callId = 0;
    m_cancelButton->setEnabled(false);
    m_progress->setVisible(false);
    m_callButton->setEnabled(selectedTool() != nullptr);
}

void ToolsPanel::showFailure(const QString &text)
{
    m_resultText = text;
    m_resultImages.clear();
    m_resultView->clear();
    QTextCursor cursor(m_resultView->document());
    QTextCharFormat bold;
    bold.setFontWeight(QFont::Bold);
    cursor.insertText(text, bold);
}

void ToolsPanel::showResult(const QJsonObject &result)
{
    m_resultView->clear();
    m_resultImages.clear();
    QTextDocument *document = m_resultView->document();
    QTextCursor cursor(document);
    QTextCharFormat plain;
    QTextCharFormat bold;
    bold.setFontWeight(QFont::Bold);
    QStringList pieces;
    const auto addText = [&](const QString &text, const QTextCharFormat &format) {
        if (!pieces.isEmpty())
            cursor.insertBlock();
        pieces.append(text);
        cursor.insertText(text, format); // insertText never interprets markup: server text stays text (C11)
    };

    const bool isError = result.value(QStringLiteral("isError")).toBool();
    if (isError) {
        // B32: a tool execution error is a result, shown as an error rather than as output.
        cursor.insertText(tr("Error:") + QLatin1Char(' '), bold);
    }
    const QJsonArray content = result.value(QStringLiteral("content")).toArray();
    for (const QJsonValue &value : content) {
        const QJsonObject item = value.toObject();
        const QString type = item.value(QStringLiteral("type")).toString();
        if (type == QLatin1StringView("text")) {
            addText(item.value(QStringLiteral("text")).toString(), plain);
        } else if (type == QLatin1StringView("image")) {
            const QString mimeType = item.value(QStringLiteral("mimeType")).toString();
            const QString base64 = item.value(QStringLiteral("data")).toString();
            QImage image;
            if (base64.size() <= kMaxImageBase64)
                image.loadFromData(QByteArray::fromBase64(base64.toLatin1()));
            if (image.isNull()) {
                addText(tr("[image %1: could not be shown]").arg(mimeType), plain);
                continue;
            }
            addText(tr("[image %1, %2×%3]").arg(mimeType).arg(image.width()).arg(image.height()), plain);
            const QUrl name(QStringLiteral("portico-result:image/%1").arg(m_resultImages.size()));
            document->addResource(QTextDocument::ImageResource, name, QVariant(image));
            const QSize shown = image.size().boundedTo(QSize(kMaxImageWidth, kMaxImageHeight)) == image.size()
                                    ? image.size()
                                    : image.size().scaled(kMaxImageWidth, kMaxImageHeight, Qt::KeepAspectRatio);
            QTextImageFormat format;
            format.setName(name.toString());
            format.setWidth(shown.width());
            format.setHeight(shown.height());
            cursor.insertBlock();
            cursor.insertImage(format);
            m_resultImages.append(image);
        } else if (type == QLatin1StringView("audio")) {
            addText(tr("[audio %1]").arg(item.value(QStringLiteral("mimeType")).toString()), plain);
        } else if (type == QLatin1StringView("resource")) {
            const QJsonObject resource = item.value(QStringLiteral("resource")).toObject();
            const QString uri = resource.value(QStringLiteral("uri")).toString();
            if (resource.contains(QStringLiteral("text"))) {
                addText(tr("[resource %1]").arg(uri), bold);
                addText(resource.value(QStringLiteral("text")).toString(), plain);
            } else {
                const qsizetype bytes =
                    QByteArray::fromBase64(resource.value(QStringLiteral("blob")).toString().toLatin1()).size();
                addText(tr("[resource %1: %n byte(s) of %2]", nullptr, static_cast<int>(bytes))
                            .arg(uri, resource.value(QStringLiteral("mimeType")).toString()),
                        bold);
            }
        } else if (type == QLatin1StringView("resource_link")) {
            // Shown, never followed: a link from a server is opened by a person, elsewhere.
            const QString name = item.value(QStringLiteral("name")).toString();
            addText(name.isEmpty() ? tr("[link %1]").arg(item.value(QStringLiteral("uri")).toString())
                                   : tr("[link %1: %2]").arg(item.value(QStringLiteral("uri")).toString(), name),
                    plain);
        } else {
            addText(tr("[%1 content]").arg(type), plain);
        }
    }
    if (result.contains(QStringLiteral("structuredContent"))) {
        addText(tr("Structured content:"), bold);
        addText(QString::fromUtf8(QJsonDocument(result.value(QStringLiteral("structuredContent")).toObject())
                                      .toJson(QJsonDocument::Indented))
                    .trimmed(),
                plain);
    }
    if (pieces.isEmpty())
        addText(tr("(no content)"), plain);
    m_resultText = pieces.join(QLatin1Char('\n'));
    if (isError)
        m_resultText.prepend(tr("Error:") + QLatin1Char(' '));
    m_resultView->moveCursor(QTextCursor::Start);
}

} // namespace portico
