#include "catalog/resourcespanel.h"

#include "catalog/contentview.h"
#include "mcp/mcpsession.h"
#include "mcp/uritemplate.h"

#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QPushButton>
#include <QVBoxLayout>

#include <algorithm>

namespace portico {

ResourcesPanel::ResourcesPanel(QWidget *parent)
    : CatalogPanel(Texts{.kind = QStringLiteral("resource"),
                         .panelName = tr("Resources"),
                         .searchLabel = tr("&Search resources:"),
                         .searchName = tr("Search resources"),
                         .searchHint = tr("URI, name, title or description"),
                         .noneOffered = tr("This server offers no resources."),
                         .noneMatch = tr("No resource or template matches “%1”."),
                         .listFailed = tr("The resources could not be listed: %1"),
                         .nothingSelected = tr("No resource selected"),
                         .contentTitle = tr("Content"),
                         .contentName = tr("Content of the last read resource"),
                         .statusName = tr("Read status")},
                   QStringLiteral("resources"), &McpSession::resourcesListChanged, parent)
{
    addList(tr("&Resources:"), QStringLiteral("resourceList"), tr("Resources offered by the server"), 2);
    addList(tr("&Templates:"), QStringLiteral("templateList"), tr("Resource templates offered by the server"), 1);

    m_mimeType = new QLabel(this);
    m_mimeType->setObjectName(QStringLiteral("resourceMimeType"));
    m_mimeType->setTextFormat(Qt::PlainText);
    m_mimeType->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_mimeType->setAccessibleName(tr("Type, as claimed by the server"));
    claimsLayout()->addWidget(m_mimeType);

    m_templateBox = new QGroupBox(tr("Template variables"), this);
    m_templateForm = new QFormLayout(m_templateBox);
    m_templateForm->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    detailsLayout()->addWidget(m_templateBox);
    detailsLayout()->addStretch(1);

    m_readButton = new QPushButton(tr("R&ead"), this);
    m_readButton->setAccessibleName(tr("Read the selected resource"));
    m_readButton->setDefault(true);
    actionRow()->addWidget(m_readButton);
    actionRow()->addStretch(1);
    connect(m_readButton, &QPushButton::clicked, this, &ResourcesPanel::readSelected);

    // Long lines of a resource (logs, CSV, hex) stay lines.
    contentView()->setLineWrapMode(QTextEdit::NoWrap);
    setTabOrder(listView(Templates), m_readButton);
    setTabOrder(m_readButton, contentView());
    clearDetails();
    setResources({}, {});
}

void ResourcesPanel::requestCatalog(McpSession *session, QObject *context)
{
    session->listResources(
        context, whenListed<QList<Resource>>(context, [this, session, context](const QList<Resource> &listed) {
            // The session itself calls this back: it is alive.
            session->listResourceTemplates(context, [this, context, listed](Result<QList<ResourceTemplate>> templates) {
                if (!isCurrentSession(context))
                    return;
                // Templates are optional for a server: a failure leaves the list of templates empty.
                setResources(listed, templates.ok() ? templates.value() : QList<ResourceTemplate>());
            });
        }));
}

void ResourcesPanel::setResources(const QList<Resource> &resources, const QList<ResourceTemplate> &templates)
{
    m_resources = resources;
    m_templates = templates;
    // A resource or a template: its URI (or URI template) is the key, and the tooltip.
    const auto uriItem = [](const auto &item, const QString &uri) {
        const QString display = item.title.isEmpty() ? item.name : item.title;
        const QString text = display.isEmpty() ? uri : display;
        return ListItem{uri, text, QStringList{uri, item.name, item.title, item.description}.join(QLatin1Char('\n')),
                        uri, tr("%1 (%2)").arg(text, uri)};
    };
    QList<ListItem> resourceItems;
    for (const Resource &resource : resources)
        resourceItems.append(uriItem(resource, resource.uri));
    QList<ListItem> templateItems;
    for (const ResourceTemplate &entry : templates)
        templateItems.append(uriItem(entry, entry.uriTemplate));
    // After a relist (requirements FEATURE-4) the same item stays selected when it is still offered.
    setItems({resourceItems, templateItems});
}

void ResourcesPanel::selectResource(const QString &uri)
{
    selectKey(Resources, uri);
}

void ResourcesPanel::selectTemplate(const QString &uriTemplate)
{
    selectKey(Templates, uriTemplate);
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

const Resource *ResourcesPanel::findResource(const QString &uri) const
{
    const auto it =
        std::find_if(m_resources.cbegin(), m_resources.cend(), [&uri](const Resource &r) { return r.uri == uri; });
    return it == m_resources.cend() ? nullptr : &*it;
}

const ResourceTemplate *ResourcesPanel::findTemplate(const QString &uriTemplate) const
{
    const auto it = std::find_if(m_templates.cbegin(), m_templates.cend(),
                                 [&uriTemplate](const ResourceTemplate &t) { return t.uriTemplate == uriTemplate; });
    return it == m_templates.cend() ? nullptr : &*it;
}

void ResourcesPanel::clearDetails()
{
    m_shownList = -1;
    m_shownKey.clear();
    m_shownJson = {};
    clearHeader();
    m_mimeType->clear();
    buildTemplateForm(ResourceTemplate{});
    m_templateBox->setVisible(false);
    m_readButton->setEnabled(false);
}

void ResourcesPanel::showSelection()
{
    int list = -1;
    const QString key = selectedKey(&list);
    const Resource *resource = list == Resources ? findResource(key) : nullptr;
    const ResourceTemplate *entry = list == Templates ? findTemplate(key) : nullptr;
    if (!resource && !entry) {
        clearDetails();
        return;
    }
    const QJsonObject &raw = resource ? resource->raw : entry->raw;
    if (list == m_shownList && key == m_shownKey && raw == m_shownJson)
        return;
    m_shownList = list;
    m_shownKey = key;
    m_shownJson = raw;
    const QString &name = resource ? resource->name : entry->name;
    const QString &title = resource ? resource->title : entry->title;
    const QString display = title.isEmpty() ? name : title;
    showHeader(display.isEmpty() ? key : display, resource ? tr("URI: %1").arg(key) : tr("URI template: %1").arg(key),
               resource ? resource->description : entry->description);
    const QString &mimeType = resource ? resource->mimeType : entry->mimeType;
    m_mimeType->setText(mimeType.isEmpty() ? tr("Type: not given") : tr("Type: %1").arg(mimeType));
    buildTemplateForm(entry ? *entry : ResourceTemplate{});
    m_templateBox->setVisible(entry != nullptr);
    m_readButton->setAccessibleName(entry ? tr("Fill in the template and read the resulting resource")
                                          : tr("Read the selected resource"));
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
    const UriTemplate uriTemplate(item.uriTemplate);
    if (!uriTemplate.isValid()) {
        auto *problem = new QLabel(uriTemplate.problem(), m_templateBox);
        problem->setTextFormat(Qt::PlainText); // it quotes server text
        problem->setWordWrap(true);
        m_templateForm->addRow(problem);
        return;
    }
    // A template with more variables than this gets a form for the first ones only: a hostile server must
    // not make the host build an unbounded form.
    constexpr qsizetype kMaxTemplateVariables = 50;
    const QStringList variables = uriTemplate.variableNames().mid(0, kMaxTemplateVariables);
    if (variables.isEmpty()) {
        m_templateForm->addRow(new QLabel(tr("This template has no variables."), m_templateBox));
        return;
    }
    QWidget *previous = listView(Templates);
    for (const QString &name : variables) {
        auto *editor = new QLineEdit(m_templateBox);
        editor->setObjectName(QStringLiteral("templateVariable_%1").arg(name));
        editor->setText(m_templateArguments.value(name));
        editor->setAccessibleName(tr("Value of the template variable %1").arg(name));
        connect(editor, &QLineEdit::textEdited, this,
                [this, name](const QString &text) { m_templateArguments.insert(name, text); });
        // Enter in a variable reads, as the Read button would.
        connect(editor, &QLineEdit::returnPressed, m_readButton, &QPushButton::click);
        addArgumentRow(m_templateForm, name, false, editor, {});
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

std::optional<QString> ResourcesPanel::expandTemplate(const QString &text, QString *problem) const
{
    const UriTemplate uriTemplate(text);
    UriTemplate::Values values;
    for (const UriTemplate::Expression &expression : uriTemplate.expressions()) {
        // RFC 6570 leaves an undefined variable out. In the path ({x}, {+x}, {.x}, {/x}) that would read
        // another resource than the person meant, so those must be filled; the optional parts ({#x}, {;x},
        // {?x}, {&x}) may stay empty. An empty field counts as undefined: a line edit cannot tell them apart.
        using Op = UriTemplate::Operator;
        const bool partOfPath = expression.op == Op::Simple || expression.op == Op::Reserved
                                || expression.op == Op::Label || expression.op == Op::PathSegment;
        for (const UriTemplate::VariableSpec &spec : expression.variables) {
            const QString value = m_templateArguments.value(spec.name);
            if (!value.isEmpty()) {
                values.insert(spec.name, value);
            } else if (partOfPath) {
                *problem = tr("Fill in “%1” first.").arg(spec.name);
                return std::nullopt;
            }
        }
    }
    const Result<QString> uri = uriTemplate.expand(values);
    if (!uri.ok()) {
        *problem = uri.error().message();
        return std::nullopt;
    }
    return uri.value();
}

void ResourcesPanel::readSelected()
{
    if (m_shownList == Templates) {
        readTemplate(m_shownKey);
        return;
    }
    int list = -1;
    const QString uri = selectedKey(&list);
    if (list != Resources || !findResource(uri)) {
        setStatus(tr("Choose a resource first."));
        return;
    }
    read(uri);
}

void ResourcesPanel::readTemplate(const QString &templateUri)
{
    if (m_shownList != Templates || m_shownKey != templateUri)
        selectTemplate(templateUri);
    QString problem;
    const std::optional<QString> uri = expandTemplate(templateUri, &problem);
    if (!uri) {
        // Nothing goes to the server until every variable of the path has a value.
        setStatus(tr("Not read: %1").arg(problem));
        return;
    }
    read(*uri);
}

void ResourcesPanel::read(const QString &uri)
{
    McpSession *session = readySession();
    if (!session) {
        setStatus(tr("Not connected: connect to the server to read its resources."));
        return;
    }
    QObject *context = beginRequest(); // a newer read wins: the older answer is dropped
    contentView()->clearContent();
    setStatus(tr("Reading %1…").arg(uri));
    session->readResource(uri, context, [this, context](Result<QJsonObject> result) {
        if (!isCurrentRequest(context))
            return;
        endRequest();
        if (!result.ok()) {
            contentView()->showMessage(tr("Error: %1").arg(result.error().message()));
            setStatus(tr("The read failed."));
            Q_EMIT readFinished(false);
            return;
        }
        showReadResult(result.value());
        setStatus(tr("Done."));
        Q_EMIT readFinished(true);
    });
}

void ResourcesPanel::showReadResult(const QJsonObject &result)
{
    ContentView *view = contentView();
    view->clearContent();
    for (const QJsonValue &contents : result.value(QStringLiteral("contents")).toArray())
        view->addResourceContents(contents.toObject());
    view->finish(tr("(no content)"));
}

QString ResourcesPanel::contentText() const
{
    return contentView()->contentText();
}

QList<QImage> ResourcesPanel::contentImages() const
{
    return contentView()->images();
}

} // namespace portico
