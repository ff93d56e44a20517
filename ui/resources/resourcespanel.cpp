#include "resources/resourcespanel.h"

#include "mcp/mcpsession.h"

#include <QFontDatabase>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QItemSelectionModel>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QPushButton>
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

constexpr int kKeyRole = Qt::UserRole + 1; // the URI, or the URI template
constexpr int kSearchRole = Qt::UserRole + 2;

// Limits on what a server can make the panel render (checklist C13: a hostile server cannot exhaust the host).
constexpr qsizetype kMaxShownText = 1024 * 1024;
constexpr qsizetype kMaxBlobBase64 = 16 * 1024 * 1024;
constexpr qsizetype kHexSummaryBytes = 128;
constexpr qsizetype kMaxTemplateVariables = 50;
constexpr int kMaxImageWidth = 480;
constexpr int kMaxImageHeight = 360;

// RFC 6570 §1.5: unreserved and reserved characters.
bool isUnreserved(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.'
           || c == '_' || c == '~';
}

bool isReserved(char c)
{
    return QByteArrayView(":/?#[]@!$&'()*+,;=").contains(c);
}

bool isHex(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F') || (c >= 'a' && c <= 'f');
}

// RFC 6570 §3.2.1: percent-encodes what the operator does not allow; with `allowReserved` (+ and #),
// reserved characters and existing pct-encoded triplets pass unchanged.
QString encodeValue(const QString &value, bool allowReserved)
{
    const QByteArray utf8 = value.toUtf8();
    QString out;
    for (qsizetype i = 0; i < utf8.size(); ++i) {
        const char c = utf8.at(i);
        if (isUnreserved(c) || (allowReserved && isReserved(c))) {
            out.append(QLatin1Char(c));
        } else if (allowReserved && c == '%' && i + 2 < utf8.size() && isHex(utf8.at(i + 1)) && isHex(utf8.at(i + 2))) {
            out.append(QLatin1Char(c));
        } else {
            out.append(QStringLiteral("%%1").arg(static_cast<unsigned char>(c), 2, 16, QLatin1Char('0')).toUpper());
        }
    }
    return out;
}

struct VarSpec
{
    QString name;
    int prefix = -1; // {var:3}
};

// The variables of one expression (after the operator), RFC 6570 §2.3.
QList<VarSpec> parseVarList(QStringView list)
{
    QList<VarSpec> specs;
    for (QStringView part : list.split(QLatin1Char(','))) {
        VarSpec spec;
        if (part.endsWith(QLatin1Char('*')))
            part.chop(1); // explode: Portico's values are single strings, so it changes nothing
        const qsizetype colon = part.indexOf(QLatin1Char(':'));
        if (colon >= 0) {
            bool ok = false;
            spec.prefix = part.mid(colon + 1).toInt(&ok);
            if (!ok)
                spec.prefix = -1;
            part = part.left(colon);
        }
        spec.name = part.toString();
        specs.append(spec);
    }
    return specs;
}

QString indentedHex(const QByteArray &bytes)
{
    QStringList lines;
    const qsizetype shown = std::min(bytes.size(), kHexSummaryBytes);
    for (qsizetype row = 0; row < shown; row += 16) {
        QString hex;
        QString ascii;
        for (qsizetype i = row; i < std::min(row + 16, shown); ++i) {
            const auto byte = static_cast<unsigned char>(bytes.at(i));
            hex += QStringLiteral("%1 ").arg(byte, 2, 16, QLatin1Char('0'));
            ascii += (byte >= 0x20 && byte < 0x7f) ? QLatin1Char(static_cast<char>(byte)) : QLatin1Char('.');
        }
        lines.append(QStringLiteral("%1  %2 %3").arg(row, 6, 16, QLatin1Char('0')).arg(hex, -48).arg(ascii));
    }
    return lines.join(QLatin1Char('\n'));
}

} // namespace

std::optional<QString> ResourcesPanel::expandUriTemplate(const QString &uriTemplate,
                                                         const QHash<QString, QString> &values, QString *problem)
{
    const auto fail = [problem](const QString &why) -> std::optional<QString> {
        if (problem)
            *problem = why;
        return std::nullopt;
    };
    QString out;
    qsizetype pos = 0;
    while (pos < uriTemplate.size()) {
        const qsizetype open = uriTemplate.indexOf(QLatin1Char('{'), pos);
        if (open < 0) {
            out += uriTemplate.mid(pos);
            break;
        }
        out += uriTemplate.mid(pos, open - pos);
        const qsizetype close = uriTemplate.indexOf(QLatin1Char('}'), open);
        if (close < 0)
            return fail(tr("The URI template is malformed: a “{” is never closed."));
        QStringView expression = QStringView(uriTemplate).mid(open + 1, close - open - 1);
        pos = close + 1;
        if (expression.isEmpty())
            return fail(tr("The URI template is malformed: it has an empty expression “{}”."));

        // RFC 6570 §3.2.1 table: first, separator, named, value when empty, reserved allowed.
        QChar op;
        if (QStringView(u"+#./;?&").contains(expression.front())) {
            op = expression.front();
            expression = expression.mid(1);
        }
        QString first;
        QString separator = QStringLiteral(",");
        bool named = false;
        QString ifEmpty;
        bool allowReserved = false;
        bool optional = false; // query-like parts may be left out; path parts may not
        switch (op.unicode()) {
        case u'+':
            allowReserved = true;
            break;
        case u'#':
            first = QStringLiteral("#");
            allowReserved = true;
            optional = true;
            break;
        case u'.':
            first = separator = QStringLiteral(".");
            break;
        case u'/':
            first = separator = QStringLiteral("/");
            break;
        case u';':
            first = separator = QStringLiteral(";");
            named = optional = true;
            break;
        case u'?':
            first = QStringLiteral("?");
            separator = QStringLiteral("&");
            named = optional = true;
            ifEmpty = QStringLiteral("=");
            break;
        case u'&':
            first = separator = QStringLiteral("&");
            named = optional = true;
            ifEmpty = QStringLiteral("=");
            break;
        default:
            break;
        }
        QStringList parts;
        for (const VarSpec &spec : parseVarList(expression)) {
            if (spec.name.isEmpty())
                return fail(tr("The URI template is malformed: a variable has no name."));
            QString value = values.value(spec.name);
            if (value.isEmpty()) {
                if (optional)
                    continue; // RFC 6570 §3.2.1: undefined variables are left out
                return fail(tr("Fill in “%1” first.").arg(spec.name));
            }
            if (spec.prefix > 0)
                value = value.left(spec.prefix);
            QString part;
            if (named)
                part = encodeValue(spec.name, false) + (value.isEmpty() ? ifEmpty : QStringLiteral("="));
            part += encodeValue(value, allowReserved);
            parts.append(part);
        }
        if (!parts.isEmpty())
            out += first + parts.join(separator);
    }
    return out;
}

QStringList ResourcesPanel::templateVariables(const QString &uriTemplate)
{
    QStringList names;
    qsizetype pos = 0;
    while (names.size() < kMaxTemplateVariables) {
        const qsizetype open = uriTemplate.indexOf(QLatin1Char('{'), pos);
        const qsizetype close = open < 0 ? -1 : uriTemplate.indexOf(QLatin1Char('}'), open);
        if (close < 0)
            break;
        QStringView expression = QStringView(uriTemplate).mid(open + 1, close - open - 1);
        if (!expression.isEmpty() && QStringView(u"+#./;?&").contains(expression.front()))
            expression = expression.mid(1);
        for (const VarSpec &spec : parseVarList(expression)) {
            if (!spec.name.isEmpty() && !names.contains(spec.name))
                names.append(spec.name);
        }
        pos = close + 1;
    }
    return names;
}

ResourcesPanel::ResourcesPanel(QWidget *parent)
    : QWidget(parent)
{
    setAccessibleName(tr("Resources"));
    auto *outer = new QHBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    auto *splitter = new QSplitter(Qt::Horizontal, this);
    outer->addWidget(splitter);

    // --- the lists and their search ---
    auto *listSide = new QWidget(splitter);
    auto *listLayout = new QVBoxLayout(listSide);
    auto *searchLabel = new QLabel(tr("&Search resources:"), listSide);
    m_search = new QLineEdit(listSide);
    m_search->setObjectName(QStringLiteral("resourceSearch"));
    m_search->setPlaceholderText(tr("URI, name, title or description"));
    m_search->setClearButtonEnabled(true);
    m_search->setAccessibleName(tr("Search resources"));
    searchLabel->setBuddy(m_search);
    listLayout->addWidget(searchLabel);
    listLayout->addWidget(m_search);

    const auto makeList = [this, listSide](QStandardItemModel *&model, QSortFilterProxyModel *&filter,
                                           const QString &objectName, const QString &accessibleName) {
        model = new QStandardItemModel(this);
        filter = new QSortFilterProxyModel(this);
        filter->setSourceModel(model);
        filter->setFilterRole(kSearchRole);
        filter->setFilterCaseSensitivity(Qt::CaseInsensitive);
        auto *list = new QListView(listSide);
        list->setObjectName(objectName);
        list->setModel(filter);
        list->setEditTriggers(QAbstractItemView::NoEditTriggers);
        list->setSelectionMode(QAbstractItemView::SingleSelection);
        list->setUniformItemSizes(true);
        list->setAccessibleName(accessibleName);
        return list;
    };
    auto *resourcesLabel = new QLabel(tr("&Resources:"), listSide);
    m_resourceList = makeList(m_resourceModel, m_resourceFilter, QStringLiteral("resourceList"),
                              tr("Resources offered by the server"));
    resourcesLabel->setBuddy(m_resourceList);
    listLayout->addWidget(resourcesLabel);
    listLayout->addWidget(m_resourceList, 2);
    auto *templatesLabel = new QLabel(tr("&Templates:"), listSide);
    m_templateList = makeList(m_templateModel, m_templateFilter, QStringLiteral("templateList"),
                              tr("Resource templates offered by the server"));
    templatesLabel->setBuddy(m_templateList);
    listLayout->addWidget(templatesLabel);
    listLayout->addWidget(m_templateList, 1);
    m_emptyLabel = new QLabel(listSide);
    m_emptyLabel->setWordWrap(true);
    m_emptyLabel->setForegroundRole(QPalette::PlaceholderText);
    listLayout->addWidget(m_emptyLabel);
    connect(m_search, &QLineEdit::textChanged, this, [this](const QString &text) {
        m_resourceFilter->setFilterFixedString(text);
        m_templateFilter->setFilterFixedString(text);
        const bool none = m_resourceFilter->rowCount() == 0 && m_templateFilter->rowCount() == 0;
        const bool any = m_resourceModel->rowCount() > 0 || m_templateModel->rowCount() > 0;
        m_emptyLabel->setText(none && any ? tr("No resource or template matches “%1”.").arg(text) : QString());
        m_emptyLabel->setVisible(!m_emptyLabel->text().isEmpty());
    });
    // One selection across both lists: choosing in one clears the other.
    connect(m_resourceList->selectionModel(), &QItemSelectionModel::currentChanged, this,
            [this](const QModelIndex &current) {
                if (!current.isValid())
                    return;
                const QSignalBlocker blocker(m_templateList->selectionModel());
                m_templateList->selectionModel()->clear();
                showSelection(Shown::Resource);
            });
    connect(m_templateList->selectionModel(), &QItemSelectionModel::currentChanged, this,
            [this](const QModelIndex &current) {
                if (!current.isValid())
                    return;
                const QSignalBlocker blocker(m_resourceList->selectionModel());
                m_resourceList->selectionModel()->clear();
                showSelection(Shown::Template);
            });

    // --- the selected resource or template ---
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
    m_uri = new QLabel(details);
    m_uri->setObjectName(QStringLiteral("resourceUri"));
    m_uri->setTextFormat(Qt::PlainText);
    m_uri->setWordWrap(true);
    m_uri->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_uri->setForegroundRole(QPalette::PlaceholderText);
    detailLayout->addWidget(m_uri);

    // What the server says about a resource is its claim, not a fact Portico checked (C11): plain text.
    auto *claims = new QGroupBox(tr("Claimed by the server (not verified by Portico)"), details);
    auto *claimsLayout = new QVBoxLayout(claims);
    m_description = new QLabel(claims);
    m_description->setObjectName(QStringLiteral("resourceDescription"));
    m_description->setTextFormat(Qt::PlainText);
    m_description->setWordWrap(true);
    m_description->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_description->setAccessibleName(tr("Description, as claimed by the server"));
    claimsLayout->addWidget(m_description);
    m_mimeType = new QLabel(claims);
    m_mimeType->setObjectName(QStringLiteral("resourceMimeType"));
    m_mimeType->setTextFormat(Qt::PlainText);
    m_mimeType->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_mimeType->setAccessibleName(tr("Type, as claimed by the server"));
    claimsLayout->addWidget(m_mimeType);
    detailLayout->addWidget(claims);

    m_templateBox = new QGroupBox(tr("Template variables"), details);
    m_templateForm = new QFormLayout(m_templateBox);
    m_templateForm->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    detailLayout->addWidget(m_templateBox);
    detailLayout->addStretch(1);

    auto *readRow = new QHBoxLayout;
    m_readButton = new QPushButton(tr("R&ead"), details);
    m_readButton->setAccessibleName(tr("Read the selected resource"));
    m_readButton->setDefault(true);
    readRow->addWidget(m_readButton);
    readRow->addStretch(1);
    detailLayout->addLayout(readRow);
    m_status = new QLabel(details);
    m_status->setObjectName(QStringLiteral("readStatus"));
    m_status->setTextFormat(Qt::PlainText);
    m_status->setWordWrap(true);
    m_status->setAccessibleName(tr("Read status"));
    detailLayout->addWidget(m_status);
    connect(m_readButton, &QPushButton::clicked, this, [this]() {
        if (m_shown == Shown::Template)
            readTemplate(m_shownKey);
        else
            readSelected();
    });

    // --- the content ---
    auto *contentBox = new QGroupBox(tr("Content"), detailSplitter);
    auto *contentLayout = new QVBoxLayout(contentBox);
    // A QTextEdit, not a QTextBrowser: nothing in a resource is a link Portico follows or a file it loads.
    m_contentView = new QTextEdit(contentBox);
    m_contentView->setObjectName(QStringLiteral("resourceContent"));
    m_contentView->setReadOnly(true);
    m_contentView->setAcceptRichText(false);
    m_contentView->setTabChangesFocus(true);
    m_contentView->setLineWrapMode(QTextEdit::NoWrap);
    m_contentView->setAccessibleName(tr("Content of the last read resource"));
    contentLayout->addWidget(m_contentView);

    detailSplitter->addWidget(details);
    detailSplitter->addWidget(contentBox);
    detailSplitter->setStretchFactor(0, 2);
    detailSplitter->setStretchFactor(1, 3);
    splitter->addWidget(listSide);
    splitter->addWidget(detailSplitter);
    splitter->setStretchFactor(0, 1);
    splitter->setStretchFactor(1, 3);

    setTabOrder(m_search, m_resourceList);
    setTabOrder(m_resourceList, m_templateList);
    setTabOrder(m_templateList, m_readButton);
    setTabOrder(m_readButton, m_contentView);
    clearDetails();
    setResources({}, {});
}

ResourcesPanel::~ResourcesPanel()
{
    // Children die after this body; no selection change may reach a half-destroyed panel.
    m_resourceList->selectionModel()->disconnect(this);
    m_templateList->selectionModel()->disconnect(this);
}

void ResourcesPanel::setSession(McpSession *session)
{
    delete m_readContext;
    m_readContext = nullptr;
    delete m_sessionContext;
    m_sessionContext = nullptr;
    m_session = session;
    m_contentText.clear();
    m_contentImages.clear();
    m_contentView->clear();
    setStatus({});
    setResources({}, {});
    if (!session)
        return;
    m_sessionContext = new QObject(this);
    connect(session, &McpSession::resourcesListChanged, m_sessionContext, [this]() { listAll(); }); // B34
    connect(session, &McpSession::stateChanged, m_sessionContext, [this](McpSession::State state) {
        if (state == McpSession::State::Ready)
            listAll();
    });
    connect(session, &QObject::destroyed, this, [this, session]() {
        if (m_session == nullptr || m_session == session)
            setSession(nullptr);
    });
    listAll();
}

void ResourcesPanel::listAll()
{
    if (!m_session || m_session->state() != McpSession::State::Ready)
        return;
    // A server that declares capabilities without "resources" offers none: no request is sent for them
    // (MCP lifecycle: only use capabilities that were negotiated).
    const QJsonObject capabilities = m_session->serverCapabilities();
    if (!capabilities.isEmpty() && !capabilities.contains(QStringLiteral("resources"))) {
        setResources({}, {});
        return;
    }
    QObject *context = m_sessionContext;
    m_session->listResources(context, [this, context](Result<QList<Resource>> resources) {
        if (context != m_sessionContext)
            return; // an answer for a session the panel no longer shows
        if (!resources.ok()) {
            setStatus(tr("The resources could not be listed: %1").arg(resources.error().message()));
            return;
        }
        const QList<Resource> listed = resources.value();
        m_session->listResourceTemplates(context, [this, context, listed](Result<QList<ResourceTemplate>> templates) {
            if (context != m_sessionContext)
                return;
            // Templates are optional for a server: a failure leaves the list of templates empty.
            setResources(listed, templates.ok() ? templates.value() : QList<ResourceTemplate>());
        });
    });
}

void ResourcesPanel::setResources(const QList<Resource> &resources, const QList<ResourceTemplate> &templates)
{
    const Shown shown = m_shown;
    const QString key = m_shownKey;
    m_resources = resources;
    m_templates = templates;
    {
        const QSignalBlocker resourceBlocker(m_resourceList->selectionModel());
        const QSignalBlocker templateBlocker(m_templateList->selectionModel());
        m_resourceModel->clear();
        for (const Resource &resource : resources) {
            // Server text in a plain item (the list delegate never renders rich text, C11).
            const QString display = resource.title.isEmpty() ? resource.name : resource.title;
            auto *item = new QStandardItem(display.isEmpty() ? resource.uri : display);
            item->setData(resource.uri, kKeyRole);
            item->setData(
                QStringList{resource.uri, resource.name, resource.title, resource.description}.join(QLatin1Char('\n')),
                kSearchRole);
            item->setToolTip(resource.uri);
            item->setEditable(false);
            item->setAccessibleText(tr("%1 (%2)").arg(item->text(), resource.uri));
            m_resourceModel->appendRow(item);
        }
        m_templateModel->clear();
        for (const ResourceTemplate &entry : templates) {
            const QString display = entry.title.isEmpty() ? entry.name : entry.title;
            auto *item = new QStandardItem(display.isEmpty() ? entry.uriTemplate : display);
            item->setData(entry.uriTemplate, kKeyRole);
            item->setData(
                QStringList{entry.uriTemplate, entry.name, entry.title, entry.description}.join(QLatin1Char('\n')),
                kSearchRole);
            item->setToolTip(entry.uriTemplate);
            item->setEditable(false);
            item->setAccessibleText(tr("%1 (%2)").arg(item->text(), entry.uriTemplate));
            m_templateModel->appendRow(item);
        }
    }
    if (resources.isEmpty() && templates.isEmpty()) {
        m_emptyLabel->setText(m_session ? tr("This server offers no resources.") : tr("Not connected to a server."));
        m_emptyLabel->setVisible(true);
    } else {
        m_emptyLabel->clear();
        m_emptyLabel->setVisible(false);
    }
    // After a relist (B34) the same item stays selected when it is still offered.
    m_shown = Shown::Nothing;
    m_shownKey.clear();
    if (shown == Shown::Resource)
        selectResource(key);
    else if (shown == Shown::Template)
        selectTemplate(key);
    if (m_shown == Shown::Nothing)
        clearDetails();
}

void ResourcesPanel::selectResource(const QString &uri)
{
    for (int row = 0; row < m_resourceModel->rowCount(); ++row) {
        const QModelIndex source = m_resourceModel->index(row, 0);
        if (source.data(kKeyRole).toString() != uri)
            continue;
        QModelIndex index = m_resourceFilter->mapFromSource(source);
        if (!index.isValid()) {
            m_search->clear();
            index = m_resourceFilter->mapFromSource(source);
        }
        m_resourceList->setCurrentIndex(index);
        showSelection(Shown::Resource);
        return;
    }
}

void ResourcesPanel::selectTemplate(const QString &uriTemplate)
{
    for (int row = 0; row < m_templateModel->rowCount(); ++row) {
        const QModelIndex source = m_templateModel->index(row, 0);
        if (source.data(kKeyRole).toString() != uriTemplate)
            continue;
        QModelIndex index = m_templateFilter->mapFromSource(source);
        if (!index.isValid()) {
            m_search->clear();
            index = m_templateFilter->mapFromSource(source);
        }
        m_templateList->setCurrentIndex(index);
        showSelection(Shown::Template);
        return;
    }
}

QStringList ResourcesPanel::resourceUris() const
{
    QStringList uris;
    for (const Resource &resource : m_resources)
        uris.append(resource.uri);
    return uris;
}

QStringList ResourcesPanel::templateUris() const
{
    QStringList uris;
    for (const ResourceTemplate &entry : m_templates)
        uris.append(entry.uriTemplate);
    return uris;
}

const Resource *ResourcesPanel::selectedResource() const
{
    const QString uri = m_resourceList->currentIndex().data(kKeyRole).toString();
    if (uri.isEmpty() || !m_resourceList->selectionModel()->isSelected(m_resourceList->currentIndex()))
        return nullptr;
    const auto it =
        std::find_if(m_resources.cbegin(), m_resources.cend(), [&uri](const Resource &r) { return r.uri == uri; });
    return it == m_resources.cend() ? nullptr : &*it;
}

const ResourceTemplate *ResourcesPanel::selectedTemplate() const
{
    const QString uri = m_templateList->currentIndex().data(kKeyRole).toString();
    if (uri.isEmpty() || !m_templateList->selectionModel()->isSelected(m_templateList->currentIndex()))
        return nullptr;
    const auto it = std::find_if(m_templates.cbegin(), m_templates.cend(),
                                 [&uri](const ResourceTemplate &t) { return t.uriTemplate == uri; });
    return it == m_templates.cend() ? nullptr : &*it;
}

void ResourcesPanel::clearDetails()
{
    m_shown = Shown::Nothing;
    m_shownKey.clear();
    m_title->setText(tr("No resource selected"));
    m_uri->clear();
    m_description->clear();
    m_mimeType->clear();
    buildTemplateForm(ResourceTemplate{});
    m_templateBox->setVisible(false);
    m_readButton->setEnabled(false);
}

void ResourcesPanel::showSelection(Shown kind)
{
    if (kind == Shown::Resource) {
        const Resource *resource = selectedResource();
        if (!resource) {
            clearDetails();
            return;
        }
        if (m_shown == kind && m_shownKey == resource->uri)
            return;
        m_shown = kind;
        m_shownKey = resource->uri;
        const QString display = resource->title.isEmpty() ? resource->name : resource->title;
        m_title->setText(display.isEmpty() ? resource->uri : display);
        m_uri->setText(tr("URI: %1").arg(resource->uri));
        m_description->setText(resource->description.isEmpty() ? tr("No description.") : resource->description);
        m_mimeType->setText(resource->mimeType.isEmpty() ? tr("Type: not given")
                                                         : tr("Type: %1").arg(resource->mimeType));
        buildTemplateForm(ResourceTemplate{});
        m_templateBox->setVisible(false);
        m_readButton->setAccessibleName(tr("Read the selected resource"));
    } else {
        const ResourceTemplate *entry = selectedTemplate();
        if (!entry) {
            clearDetails();
            return;
        }
        if (m_shown == kind && m_shownKey == entry->uriTemplate)
            return;
        m_shown = kind;
        m_shownKey = entry->uriTemplate;
        const QString display = entry->title.isEmpty() ? entry->name : entry->title;
        m_title->setText(display.isEmpty() ? entry->uriTemplate : display);
        m_uri->setText(tr("URI template: %1").arg(entry->uriTemplate));
        m_description->setText(entry->description.isEmpty() ? tr("No description.") : entry->description);
        m_mimeType->setText(entry->mimeType.isEmpty() ? tr("Type: not given") : tr("Type: %1").arg(entry->mimeType));
        buildTemplateForm(*entry);
        m_templateBox->setVisible(true);
        m_readButton->setAccessibleName(tr("Fill in the template and read the resulting resource"));
    }
    m_readButton->setEnabled(true);
    setStatus({});
}

void ResourcesPanel::buildTemplateForm(const ResourceTemplate &item)
{
    while (m_templateForm->rowCount() > 0)
        m_templateForm->removeRow(0);
    m_templateEditors.clear();
    if (item.uriTemplate.isEmpty())
        return;
    const QStringList variables = templateVariables(item.uriTemplate);
    if (variables.isEmpty()) {
        m_templateForm->addRow(new QLabel(tr("This template has no variables."), m_templateBox));
        return;
    }
    QWidget *previous = m_templateList;
    for (const QString &name : variables) {
        auto *editor = new QLineEdit(m_templateBox);
        editor->setObjectName(QStringLiteral("templateVariable_%1").arg(name));
        editor->setText(m_templateArguments.value(name));
        editor->setAccessibleName(tr("Value of the template variable %1").arg(name));
        connect(editor, &QLineEdit::textEdited, this,
                [this, name](const QString &text) { m_templateArguments.insert(name, text); });
        // Enter in a variable reads, as the Read button would.
        connect(editor, &QLineEdit::returnPressed, m_readButton, &QPushButton::click);
        QString text = name;
        text.replace(QLatin1Char('&'), QStringLiteral("&&")); // server text: no accidental mnemonic
        auto *label = new QLabel(text, m_templateBox);
        label->setTextFormat(Qt::PlainText);
        label->setBuddy(editor);
        m_templateForm->addRow(label, editor);
        m_templateEditors.insert(name, editor);
        setTabOrder(previous, editor);
        previous = editor;
    }
    setTabOrder(previous, m_readButton);
}

void ResourcesPanel::setTemplateArgument(const QString &name, const QString &value)
{
    m_templateArguments.insert(name, value);
    if (QLineEdit *editor = m_templateEditors.value(name))
        editor->setText(value);
}

void ResourcesPanel::readSelected()
{
    if (m_shown == Shown::Template) {
        readTemplate(m_shownKey);
        return;
    }
    const Resource *resource = selectedResource();
    if (!resource) {
        setStatus(tr("Choose a resource first."));
        return;
    }
    read(resource->uri);
}

void ResourcesPanel::readTemplate(const QString &templateUri)
{
    if (m_shown != Shown::Template || m_shownKey != templateUri)
        selectTemplate(templateUri);
    QString problem;
    const std::optional<QString> uri = expandUriTemplate(templateUri, m_templateArguments, &problem);
    if (!uri) {
        // Nothing goes to the server until every variable has a value.
        setStatus(tr("Not read: %1").arg(problem));
        return;
    }
    read(*uri);
}

void ResourcesPanel::read(const QString &uri)
{
    if (!m_session || m_session->state() != McpSession::State::Ready) {
        setStatus(tr("Not connected: connect to the server to read its resources."));
        return;
    }
    delete m_readContext; // a newer read wins: the older answer is dropped
    m_readContext = new QObject(this);
    QObject *context = m_readContext;
    m_contentText.clear();
    m_contentImages.clear();
    m_contentView->clear();
    setStatus(tr("Reading %1…").arg(uri));
    m_session->readResource(uri, context, [this, context](Result<QJsonObject> result) {
        if (context != m_readContext)
            return;
        m_readContext->deleteLater(); // we are inside one of its callbacks
        m_readContext = nullptr;
        if (!result.ok()) {
            showFailure(tr("Error: %1").arg(result.error().message()));
            setStatus(tr("The read failed."));
            Q_EMIT readFinished(false);
            return;
        }
        showReadResult(result.value());
        setStatus(tr("Done."));
        Q_EMIT readFinished(true);
    });
}

void ResourcesPanel::showFailure(const QString &text)
{
    m_contentText = text;
    m_contentImages.clear();
    m_contentView->clear();
    QTextCursor cursor(m_contentView->document());
    QTextCharFormat bold;
    bold.setFontWeight(QFont::Bold);
    cursor.insertText(text, bold);
}

void ResourcesPanel::showReadResult(const QJsonObject &result)
{
    m_contentView->clear();
    m_contentImages.clear();
    QTextDocument *document = m_contentView->document();
    QTextCursor cursor(document);
    QTextCharFormat plain;
    QFont fixed = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    QTextCharFormat mono;
    mono.setFont(fixed);
    QTextCharFormat bold;
    bold.setFontWeight(QFont::Bold);
    QStringList pieces;
    const auto addText = [&](const QString &text, const QTextCharFormat &format) {
        if (!pieces.isEmpty())
            cursor.insertBlock();
        pieces.append(text);
        cursor.insertText(text, format); // insertText never interprets markup: server text stays text (C11)
    };

    const QJsonArray contents = result.value(QStringLiteral("contents")).toArray();
    for (const QJsonValue &value : contents) {
        const QJsonObject item = value.toObject();
        const QString uri = item.value(QStringLiteral("uri")).toString();
        const QString mimeType = item.value(QStringLiteral("mimeType")).toString();
        const QString shownType = mimeType.isEmpty() ? tr("type not given") : mimeType;
        if (item.contains(QStringLiteral("text"))) {
            addText(tr("%1 (text, %2)").arg(uri, shownType), bold);
            QString text = item.value(QStringLiteral("text")).toString();
            if (text.size() > kMaxShownText)
                text = text.left(kMaxShownText) + QLatin1Char('\n') + tr("… (cut short: too large to show)");
            addText(text, plain);
        } else if (item.contains(QStringLiteral("blob"))) {
            const QString base64 = item.value(QStringLiteral("blob")).toString();
            if (base64.size() > kMaxBlobBase64) {
                addText(tr("%1 (binary, about %2 bytes, %3: too large to show)")
                            .arg(uri, QString::number(base64.size() / 4 * 3), shownType),
                        bold);
                continue;
            }
            const QByteArray bytes = QByteArray::fromBase64(base64.toLatin1());
            addText(tr("%1 (binary, %2 bytes, %3)").arg(uri, QString::number(bytes.size()), shownType), bold);
            if (mimeType.startsWith(QLatin1StringView("image/"))) {
                QImage image;
                image.loadFromData(bytes);
                if (image.isNull()) {
                    addText(tr("[image: could not be shown]"), plain);
                } else {
                    addText(tr("[image %1×%2]").arg(image.width()).arg(image.height()), plain);
                    const QUrl name(QStringLiteral("portico-resource:image/%1").arg(m_contentImages.size()));
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
                    m_contentImages.append(image);
                }
            }
            if (!bytes.isEmpty()) {
                addText(bytes.size() > kHexSummaryBytes ? tr("First %1 bytes:").arg(kHexSummaryBytes) : tr("Bytes:"),
                        plain);
                addText(indentedHex(bytes), mono);
            }
        } else {
            addText(tr("%1 (no text and no data)").arg(uri), bold);
        }
    }
    if (pieces.isEmpty())
        addText(tr("(no content)"), plain);
    m_contentText = pieces.join(QLatin1Char('\n'));
    m_contentView->moveCursor(QTextCursor::Start);
}

void ResourcesPanel::setStatus(const QString &text)
{
    m_status->setText(text);
}

QString ResourcesPanel::statusText() const
{
    return m_status->text();
}

} // namespace portico
