#include "prompts/promptspanel.h"

#include "mcp/mcpsession.h"

#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QItemSelectionModel>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QPushButton>
#include <QScrollArea>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QStandardItemModel>
#include <QTextCursor>
#include <QTextDocument>
#include <QTextEdit>
#include <QTextImageFormat>
#include <QVBoxLayout>

#include <algorithm>

namespace portico {

namespace {

constexpr int kNameRole = Qt::UserRole + 1;
constexpr int kSearchRole = Qt::UserRole + 2;

// Limits on what a server can make the panel render (checklist C13).
constexpr qsizetype kMaxArguments = 100;
constexpr qsizetype kMaxMessages = 1000;
constexpr qsizetype kMaxShownText = 1024 * 1024;
constexpr qsizetype kMaxImageBase64 = 16 * 1024 * 1024;
constexpr int kMaxImageWidth = 480;
constexpr int kMaxImageHeight = 360;

} // namespace

PromptsPanel::PromptsPanel(QWidget *parent)
    : QWidget(parent)
{
    setAccessibleName(tr("Prompts"));
    auto *outer = new QHBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    auto *splitter = new QSplitter(Qt::Horizontal, this);
    outer->addWidget(splitter);

    // --- the list and its search ---
    auto *listSide = new QWidget(splitter);
    auto *listLayout = new QVBoxLayout(listSide);
    auto *searchLabel = new QLabel(tr("&Search prompts:"), listSide);
    m_search = new QLineEdit(listSide);
    m_search->setObjectName(QStringLiteral("promptSearch"));
    m_search->setPlaceholderText(tr("Name, title or description"));
    m_search->setClearButtonEnabled(true);
    m_search->setAccessibleName(tr("Search prompts"));
    searchLabel->setBuddy(m_search);
    listLayout->addWidget(searchLabel);
    listLayout->addWidget(m_search);

    m_model = new QStandardItemModel(this);
    m_filter = new QSortFilterProxyModel(this);
    m_filter->setSourceModel(m_model);
    m_filter->setFilterRole(kSearchRole);
    m_filter->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_list = new QListView(listSide);
    m_list->setObjectName(QStringLiteral("promptList"));
    m_list->setModel(m_filter);
    m_list->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_list->setSelectionMode(QAbstractItemView::SingleSelection);
    m_list->setUniformItemSizes(true);
    m_list->setAccessibleName(tr("Prompts offered by the server"));
    listLayout->addWidget(m_list, 1);
    m_emptyLabel = new QLabel(listSide);
    m_emptyLabel->setWordWrap(true);
    m_emptyLabel->setForegroundRole(QPalette::PlaceholderText);
    listLayout->addWidget(m_emptyLabel);
    connect(m_search, &QLineEdit::textChanged, this, [this](const QString &text) {
        m_filter->setFilterFixedString(text);
        m_emptyLabel->setText(
            m_filter->rowCount() == 0 && m_model->rowCount() > 0 ? tr("No prompt matches “%1”.").arg(text) : QString());
        m_emptyLabel->setVisible(!m_emptyLabel->text().isEmpty());
    });
    connect(m_list->selectionModel(), &QItemSelectionModel::currentChanged, this, [this]() { showSelectedPrompt(); });

    // --- the selected prompt ---
    auto *detailSplitter = new QSplitter(Qt::Vertical, splitter);
    auto *details = new QWidget(detailSplitter);
    auto *detailLayout = new QVBoxLayout(details);
    m_title = new QLabel(details);
    m_title->setTextFormat(Qt::PlainText);
    QFont titleFont = m_title->font();
    titleFont.setBold(true);
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.2);
    m_title->setFont(titleFont);
    m_title->setWordWrap(true);
    detailLayout->addWidget(m_title);
    m_name = new QLabel(details);
    m_name->setTextFormat(Qt::PlainText);
    m_name->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_name->setForegroundRole(QPalette::PlaceholderText);
    detailLayout->addWidget(m_name);

    // What the server says about a prompt is its claim, not a fact Portico checked (C11): plain text.
    auto *claims = new QGroupBox(tr("Claimed by the server (not verified by Portico)"), details);
    auto *claimsLayout = new QVBoxLayout(claims);
    m_description = new QLabel(claims);
    m_description->setObjectName(QStringLiteral("promptDescription"));
    m_description->setTextFormat(Qt::PlainText);
    m_description->setWordWrap(true);
    m_description->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_description->setAccessibleName(tr("Description, as claimed by the server"));
    claimsLayout->addWidget(m_description);
    detailLayout->addWidget(claims);

    m_argumentsBox = new QGroupBox(tr("Arguments"), details);
    auto *argumentsLayout = new QVBoxLayout(m_argumentsBox);
    auto *scroll = new QScrollArea(m_argumentsBox);
    scroll->setObjectName(QStringLiteral("formScroll"));
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    argumentsLayout->addWidget(scroll);
    detailLayout->addWidget(m_argumentsBox, 1);

    auto *getRow = new QHBoxLayout;
    m_getButton = new QPushButton(tr("&Get prompt"), details);
    m_getButton->setAccessibleName(tr("Get the selected prompt with these arguments"));
    m_getButton->setDefault(true);
    getRow->addWidget(m_getButton);
    getRow->addStretch(1);
    detailLayout->addLayout(getRow);
    m_status = new QLabel(details);
    m_status->setObjectName(QStringLiteral("getStatus"));
    m_status->setTextFormat(Qt::PlainText);
    m_status->setWordWrap(true);
    m_status->setAccessibleName(tr("Status of the prompt request"));
    detailLayout->addWidget(m_status);
    connect(m_getButton, &QPushButton::clicked, this, &PromptsPanel::getSelected);

    // --- the messages ---
    auto *messagesBox = new QGroupBox(tr("Messages"), detailSplitter);
    auto *messagesLayout = new QVBoxLayout(messagesBox);
    // A QTextEdit, not a QTextBrowser: nothing in a message is a link Portico follows or a file it loads.
    m_messagesView = new QTextEdit(messagesBox);
    m_messagesView->setObjectName(QStringLiteral("promptMessages"));
    m_messagesView->setReadOnly(true);
    m_messagesView->setAcceptRichText(false);
    m_messagesView->setTabChangesFocus(true);
    m_messagesView->setAccessibleName(tr("Messages returned by the server"));
    messagesLayout->addWidget(m_messagesView);

    detailSplitter->addWidget(details);
    detailSplitter->addWidget(messagesBox);
    detailSplitter->setStretchFactor(0, 2);
    detailSplitter->setStretchFactor(1, 3);
    splitter->addWidget(listSide);
    splitter->addWidget(detailSplitter);
    splitter->setStretchFactor(0, 1);
    splitter->setStretchFactor(1, 3);

    setTabOrder(m_search, m_list);
    clearDetails();
    setPrompts({});
}

PromptsPanel::~PromptsPanel()
{
    // Children die after this body; no selection change may reach a half-destroyed panel.
    m_list->selectionModel()->disconnect(this);
}

void PromptsPanel::setSession(McpSession *session)
{
    delete m_getContext;
    m_getContext = nullptr;
    delete m_sessionContext;
    m_sessionContext = nullptr;
    m_session = session;
    m_messagesText.clear();
    m_messageImages.clear();
    m_messagesView->clear();
    setStatus({});
    setPrompts({});
    if (!session)
        return;
    m_sessionContext = new QObject(this);
    connect(session, &McpSession::promptsListChanged, m_sessionContext, [this]() { listPrompts(); }); // B34
    connect(session, &McpSession::stateChanged, m_sessionContext, [this](McpSession::State state) {
        if (state == McpSession::State::Ready)
            listPrompts();
    });
    connect(session, &QObject::destroyed, this, [this, session]() {
        if (m_session == nullptr || m_session == session)
            setSession(nullptr);
    });
    listPrompts();
}

void PromptsPanel::listPrompts()
{
    if (!m_session || m_session->state() != McpSession::State::Ready)
        return;
    // A server that declares capabilities without "prompts" offers none: no request is sent for them
    // (MCP lifecycle: only use capabilities that were negotiated).
    const QJsonObject capabilities = m_session->serverCapabilities();
    if (!capabilities.isEmpty() && !capabilities.contains(QStringLiteral("prompts"))) {
        setPrompts({});
        return;
    }
    QObject *context = m_sessionContext;
    m_session->listPrompts(context, [this, context](Result<QList<Prompt>> result) {
        if (context != m_sessionContext)
            return; // an answer for a session the panel no longer shows
        if (!result.ok()) {
            setStatus(tr("The prompts could not be listed: %1").arg(result.error().message()));
            return;
        }
        setPrompts(result.value());
    });
}

void PromptsPanel::setPrompts(const QList<Prompt> &prompts)
{
    const QString selected = selectedPromptName();
    m_prompts = prompts;
    {
        const QSignalBlocker blocker(m_list->selectionModel());
        m_model->clear();
        for (const Prompt &prompt : prompts) {
            // Server text in a plain item (the list delegate never renders rich text, C11).
            auto *item = new QStandardItem(prompt.title.isEmpty() ? prompt.name : prompt.title);
            item->setData(prompt.name, kNameRole);
            item->setData(QStringList{prompt.name, prompt.title, prompt.description}.join(QLatin1Char('\n')),
                          kSearchRole);
            item->setEditable(false);
            item->setAccessibleText(prompt.title.isEmpty() ? prompt.name
                                                           : tr("%1 (%2)").arg(prompt.title, prompt.name));
            m_model->appendRow(item);
        }
    }
    if (prompts.isEmpty()) {
        m_emptyLabel->setText(m_session ? tr("This server offers no prompts.") : tr("Not connected to a server."));
        m_emptyLabel->setVisible(true);
    } else {
        m_emptyLabel->clear();
        m_emptyLabel->setVisible(false);
    }
    // After a relist (B34) the same prompt stays selected, and its form keeps what was typed if unchanged.
    if (!selected.isEmpty())
        selectPrompt(selected);
    if (selectedPromptName().isEmpty())
        showSelectedPrompt();
}

void PromptsPanel::selectPrompt(const QString &name)
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
        showSelectedPrompt();
        return;
    }
}

QString PromptsPanel::selectedPromptName() const
{
    return m_list->currentIndex().data(kNameRole).toString();
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
    m_title->setText(tr("No prompt selected"));
    m_name->clear();
    m_description->clear();
    buildForm(Prompt{});
    m_getButton->setEnabled(false);
}

void PromptsPanel::showSelectedPrompt()
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
    m_title->setText(prompt->title.isEmpty() ? prompt->name : prompt->title);
    m_name->setText(tr("Name: %1").arg(prompt->name));
    m_description->setText(prompt->description.isEmpty() ? tr("No description.") : prompt->description);
    buildForm(*prompt);
    m_getButton->setEnabled(true);
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
    if (prompt.arguments.size() > kMaxArguments) {
        // Checklist C13: a server cannot make the host build an unbounded form.
        m_form->addRow(new QLabel(tr("This prompt has too many arguments to show."), host));
        return;
    }
    QWidget *previous = m_list;
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
            if (!m_getContext && m_status->text().startsWith(tr("Not sent:")))
                setStatus({});
        });
        auto *field = new QWidget(host);
        auto *fieldLayout = new QVBoxLayout(field);
        fieldLayout->setContentsMargins(0, 0, 0, 0);
        fieldLayout->addWidget(editor);
        if (!argument.description.isEmpty()) {
            auto *hint = new QLabel(argument.description, field);
            hint->setTextFormat(Qt::PlainText);
            hint->setWordWrap(true);
            hint->setForegroundRole(QPalette::PlaceholderText);
            fieldLayout->addWidget(hint);
        }
        QString text = argument.name;
        text.replace(QLatin1Char('&'), QStringLiteral("&&")); // server text: no accidental mnemonic
        auto *label = new QLabel(argument.required ? tr("%1 *").arg(text) : text, host);
        label->setTextFormat(Qt::PlainText);
        label->setBuddy(editor);
        m_form->addRow(label, field);
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
    if (m_getContext)
        return; // one request at a time
    const Prompt *prompt = selectedPrompt();
    if (!prompt) {
        setStatus(tr("Choose a prompt first."));
        return;
    }
    QJsonObject arguments;
    for (const PromptArgument &argument : prompt->arguments) {
        const QLineEdit *editor = m_editors.value(argument.name);
        const QString value = editor ? editor->text() : QString();
        if (value.isEmpty()) {
            if (argument.required) {
                // Nothing goes to the server until every required argument has a value.
                setStatus(tr("Not sent: “%1” is required.").arg(argument.name));
                if (editor && isVisible())
                    m_editors.value(argument.name)->setFocus();
                return;
            }
            continue; // an optional argument left empty is left out, not sent as ""
        }
        arguments.insert(argument.name, value);
    }
    if (!m_session || m_session->state() != McpSession::State::Ready) {
        setStatus(tr("Not connected: connect to the server to get its prompts."));
        return;
    }
    m_messagesText.clear();
    m_messageImages.clear();
    m_messagesView->clear();
    m_getContext = new QObject(this);
    QObject *context = m_getContext;
    m_getButton->setEnabled(false);
    setStatus(tr("Getting %1…").arg(prompt->name));
    m_session->getPrompt(prompt->name, arguments, context, [this, context](Result<QJsonObject> result) {
        if (context != m_getContext)
            return;
        m_getContext->deleteLater(); // we are inside one of its callbacks
        m_getContext = nullptr;
        m_getButton->setEnabled(selectedPrompt() != nullptr);
        if (!result.ok()) {
            showFailure(tr("Error: %1").arg(result.error().message()));
            setStatus(tr("The prompt could not be got."));
            Q_EMIT getFinished(false);
            return;
        }
        showGetResult(result.value());
        setStatus(tr("Done."));
        Q_EMIT getFinished(true);
    });
}

void PromptsPanel::showFailure(const QString &text)
{
    m_messagesText = text;
    m_messageImages.clear();
    m_messagesView->clear();
    QTextCursor cursor(m_messagesView->document());
    QTextCharFormat bold;
    bold.setFontWeight(QFont::Bold);
    cursor.insertText(text, bold);
}

void PromptsPanel::showGetResult(const QJsonObject &result)
{
    m_messagesView->clear();
    m_messageImages.clear();
    QTextDocument *document = m_messagesView->document();
    QTextCursor cursor(document);
    QTextCharFormat plain;
    QTextCharFormat bold;
    bold.setFontWeight(QFont::Bold);
    QTextCharFormat dim;
    dim.setForeground(palette().brush(QPalette::PlaceholderText));
    QStringList lines;
    const auto addLine = [&](const QString &prefix, const QString &text) {
        if (!lines.isEmpty())
            cursor.insertBlock();
        lines.append(prefix + text);
        // insertText never interprets markup: server text stays text (C11).
        cursor.insertText(prefix, bold);
        cursor.insertText(text, plain);
    };

    const QString description = result.value(QStringLiteral("description")).toString();
    if (!description.isEmpty()) {
        lines.append(tr("Description (claimed by the server): %1").arg(description));
        cursor.insertText(lines.last(), dim);
    }
    const QJsonArray messages = result.value(QStringLiteral("messages")).toArray();
    qsizetype count = 0;
    for (const QJsonValue &value : messages) {
        if (++count > kMaxMessages) {
            addLine(QString(),
                    tr("… (%n more message(s) not shown)", nullptr, static_cast<int>(messages.size() - kMaxMessages)));
            break;
        }
        const QJsonObject message = value.toObject();
        // The role is "user" or "assistant" on the wire; shown as sent.
        const QString prefix = tr("%1: ").arg(message.value(QStringLiteral("role")).toString());
        const QJsonObject content = message.value(QStringLiteral("content")).toObject();
        const QString type = content.value(QStringLiteral("type")).toString();
        if (type == QLatin1StringView("text")) {
            QString text = content.value(QStringLiteral("text")).toString();
            if (text.size() > kMaxShownText)
                text = text.left(kMaxShownText) + QLatin1Char('\n') + tr("… (cut short: too large to show)");
            addLine(prefix, text);
        } else if (type == QLatin1StringView("image")) {
            const QString mimeType = content.value(QStringLiteral("mimeType")).toString();
            const QString base64 = content.value(QStringLiteral("data")).toString();
            QImage image;
            if (base64.size() <= kMaxImageBase64)
                image.loadFromData(QByteArray::fromBase64(base64.toLatin1()));
            if (image.isNull()) {
                addLine(prefix, tr("[image %1: could not be shown]").arg(mimeType));
                continue;
            }
            addLine(
                prefix,
                tr("[image %1, %2×%3]").arg(mimeType, QString::number(image.width()), QString::number(image.height())));
            const QUrl name(QStringLiteral("portico-prompt:image/%1").arg(m_messageImages.size()));
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
            m_messageImages.append(image);
        } else if (type == QLatin1StringView("audio")) {
            addLine(prefix, tr("[audio %1]").arg(content.value(QStringLiteral("mimeType")).toString()));
        } else if (type == QLatin1StringView("resource")) {
            const QJsonObject resource = content.value(QStringLiteral("resource")).toObject();
            const QString uri = resource.value(QStringLiteral("uri")).toString();
            if (resource.contains(QStringLiteral("text"))) {
                QString text = resource.value(QStringLiteral("text")).toString();
                if (text.size() > kMaxShownText)
                    text = text.left(kMaxShownText) + QLatin1Char('\n') + tr("… (cut short: too large to show)");
                addLine(prefix, tr("[resource %1]").arg(uri));
                addLine(QString(), text);
            } else {
                const QString base64 = resource.value(QStringLiteral("blob")).toString();
                const qsizetype bytes = base64.size() <= kMaxImageBase64
                                            ? QByteArray::fromBase64(base64.toLatin1()).size()
                                            : base64.size() / 4 * 3;
                addLine(prefix,
                        tr("[resource %1: binary, %2 bytes, %3]")
                            .arg(uri, QString::number(bytes), resource.value(QStringLiteral("mimeType")).toString()));
            }
        } else if (type == QLatin1StringView("resource_link")) {
            // Shown, never followed: a link from a server is opened by a person, elsewhere.
            const QString uri = content.value(QStringLiteral("uri")).toString();
            const QString name = content.value(QStringLiteral("name")).toString();
            addLine(prefix, name.isEmpty() ? tr("[link %1]").arg(uri) : tr("[link %1: %2]").arg(uri, name));
        } else {
            addLine(prefix, tr("[%1 content]").arg(type));
        }
    }
    if (messages.isEmpty())
        addLine(QString(), tr("(no messages)"));
    m_messagesText = lines.join(QLatin1Char('\n'));
    m_messagesView->moveCursor(QTextCursor::Start);
}

void PromptsPanel::setStatus(const QString &text)
{
    m_status->setText(text);
}

QString PromptsPanel::statusText() const
{
    return m_status->text();
}

} // namespace portico
