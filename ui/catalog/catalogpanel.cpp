#include "catalog/catalogpanel.h"

#include "catalog/contentview.h"
#include "forms/schemaform.h"
#include "mcp/mcpsession.h"

#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QStandardItemModel>
#include <QVBoxLayout>

#include <utility>

namespace portico {

namespace {

constexpr int kKeyRole = Qt::UserRole + 1;
constexpr int kSearchRole = Qt::UserRole + 2;

QLabel *plainLabel(QWidget *parent, const QString &objectName = {})
{
    auto *label = new QLabel(parent);
    label->setObjectName(objectName);
    label->setTextFormat(Qt::PlainText); // server text, never read as markup
    label->setWordWrap(true);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    return label;
}

} // namespace

CatalogPanel::CatalogPanel(const Texts &texts, const QString &capability, void (McpSession::*listChanged)(),
                           QWidget *parent)
    : QWidget(parent)
    , m_texts(texts)
    , m_capability(capability)
    , m_listChanged(listChanged)
{
    setAccessibleName(texts.panelName);
    auto *outer = new QHBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    auto *splitter = new QSplitter(Qt::Horizontal, this);
    outer->addWidget(splitter);

    // --- the lists and their search ---
    auto *listSide = new QWidget(splitter);
    auto *listLayout = new QVBoxLayout(listSide);
    auto *searchLabel = new QLabel(texts.searchLabel, listSide);
    m_search = new QLineEdit(listSide);
    m_search->setObjectName(texts.kind + QStringLiteral("Search"));
    m_search->setPlaceholderText(texts.searchHint);
    m_search->setClearButtonEnabled(true);
    m_search->setAccessibleName(texts.searchName);
    searchLabel->setBuddy(m_search);
    listLayout->addWidget(searchLabel);
    listLayout->addWidget(m_search);
    m_listsLayout = new QVBoxLayout;
    listLayout->addLayout(m_listsLayout, 1);
    m_emptyNote = new QLabel(listSide);
    m_emptyNote->setWordWrap(true);
    m_emptyNote->setForegroundRole(QPalette::PlaceholderText);
    listLayout->addWidget(m_emptyNote);
    connect(m_search, &QLineEdit::textChanged, this, [this](const QString &text) {
        for (const CatalogList &list : std::as_const(m_lists))
            list.filter->setFilterFixedString(text);
        updateEmptyNote();
    });

    // --- the selected item ---
    m_detailSplitter = new QSplitter(Qt::Vertical, splitter);
    auto *details = new QWidget(m_detailSplitter);
    auto *detailLayout = new QVBoxLayout(details);
    m_title = plainLabel(details);
    m_title->setTextInteractionFlags(Qt::NoTextInteraction);
    QFont titleFont = m_title->font();
    titleFont.setBold(true);
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.2);
    m_title->setFont(titleFont);
    detailLayout->addWidget(m_title);
    m_subtitle = plainLabel(details, texts.kind + QStringLiteral("Subtitle"));
    m_subtitle->setForegroundRole(QPalette::PlaceholderText);
    detailLayout->addWidget(m_subtitle);

    // What the server says about an item is its claim, not a fact Portico checked (MCP 2025-11-25, "Security
    // and Trust & Safety": descriptions from a server are untrusted): a group that says so, plain text only.
    auto *claims = new QGroupBox(tr("Claimed by the server (not verified by Portico)"), details);
    m_claimsLayout = new QVBoxLayout(claims);
    m_description = plainLabel(claims, texts.kind + QStringLiteral("Description"));
    m_description->setAccessibleName(tr("Description, as claimed by the server"));
    m_claimsLayout->addWidget(m_description);
    detailLayout->addWidget(claims);

    m_detailsLayout = new QVBoxLayout;
    detailLayout->addLayout(m_detailsLayout, 1);
    m_actionRow = new QHBoxLayout;
    detailLayout->addLayout(m_actionRow);
    m_status = plainLabel(details, texts.kind + QStringLiteral("Status"));
    m_status->setTextInteractionFlags(Qt::NoTextInteraction);
    m_status->setAccessibleName(texts.statusName);
    detailLayout->addWidget(m_status);

    // --- the server's answer ---
    auto *contentBox = new QGroupBox(texts.contentTitle, m_detailSplitter);
    auto *contentLayout = new QVBoxLayout(contentBox);
    m_content = new ContentView(contentBox);
    m_content->setObjectName(texts.kind + QStringLiteral("Content"));
    m_content->setAccessibleName(texts.contentName);
    contentLayout->addWidget(m_content);

    m_detailSplitter->addWidget(details);
    m_detailSplitter->addWidget(contentBox);
    m_detailSplitter->setStretchFactor(0, 2);
    m_detailSplitter->setStretchFactor(1, 3);
    splitter->addWidget(listSide);
    splitter->addWidget(m_detailSplitter);
    splitter->setStretchFactor(0, 1);
    splitter->setStretchFactor(1, 3);
    clearHeader();
}

CatalogPanel::~CatalogPanel()
{
    // Children die after this body; no selection change may reach a half-destroyed panel.
    for (const CatalogList &list : std::as_const(m_lists))
        list.view->selectionModel()->disconnect(this);
}

CatalogPanel::ListItem CatalogPanel::namedItem(const QString &name, const QString &title, const QString &description)
{
    ListItem item;
    item.key = name;
    item.text = title.isEmpty() ? name : title;
    item.searchText = QStringList{name, title, description}.join(QLatin1Char('\n'));
    item.accessibleText = title.isEmpty() ? name : tr("%1 (%2)").arg(title, name);
    return item;
}

void CatalogPanel::addArgumentRow(QFormLayout *form, const QString &name, bool required, QWidget *editor,
                                  const QString &description)
{
    QWidget *host = form->parentWidget();
    QString text = name;
    text.replace(QLatin1Char('&'), QStringLiteral("&&")); // server text: no accidental mnemonic
    auto *label = new QLabel(required ? tr("%1 *").arg(text) : text, host);
    label->setTextFormat(Qt::PlainText);
    label->setBuddy(editor);
    form->addRow(label, schema_form::fieldBox(editor, description, host));
}

int CatalogPanel::addList(const QString &label, const QString &objectName, const QString &accessibleName, int stretch)
{
    CatalogList list;
    list.model = new QStandardItemModel(this);
    list.filter = new QSortFilterProxyModel(this);
    list.filter->setSourceModel(list.model);
    list.filter->setFilterRole(kSearchRole);
    list.filter->setFilterCaseSensitivity(Qt::CaseInsensitive);
    list.filter->setFilterFixedString(m_search->text());
    list.view = new QListView(m_search->parentWidget());
    list.view->setObjectName(objectName);
    list.view->setModel(list.filter);
    list.view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    list.view->setSelectionMode(QAbstractItemView::SingleSelection);
    list.view->setUniformItemSizes(true);
    list.view->setAccessibleName(accessibleName);
    if (!label.isEmpty()) {
        auto *title = new QLabel(label, m_search->parentWidget());
        title->setBuddy(list.view);
        m_listsLayout->addWidget(title);
    }
    m_listsLayout->addWidget(list.view, stretch);
    setTabOrder(m_lists.isEmpty() ? static_cast<QWidget *>(m_search) : m_lists.constLast().view, list.view);
    const int number = static_cast<int>(m_lists.size());
    connect(list.view->selectionModel(), &QItemSelectionModel::currentChanged, this,
            [this, number](const QModelIndex &current) { onCurrentChanged(number, current.isValid()); });
    m_lists.append(list);
    return number;
}

QListView *CatalogPanel::listView(int list) const
{
    return m_lists.at(list).view;
}

void CatalogPanel::onCurrentChanged(int list, bool valid)
{
    // One selection across the lists: choosing in one clears the others.
    if (valid) {
        for (int other = 0; other < m_lists.size(); ++other) {
            if (other == list)
                continue;
            QItemSelectionModel *selection = m_lists.at(other).view->selectionModel();
            const QSignalBlocker blocker(selection);
            selection->clear();
        }
    }
    showSelection();
}

void CatalogPanel::setItems(const QList<QList<ListItem>> &lists)
{
    int selectedList = -1;
    const QString selected = selectedKey(&selectedList);
    for (int number = 0; number < m_lists.size(); ++number) {
        const CatalogList &list = m_lists.at(number);
        const QSignalBlocker blocker(list.view->selectionModel());
        list.model->clear();
        for (const ListItem &entry : lists.value(number)) {
            // Server text in a plain item (the list delegate never renders rich text, requirements SEC-10).
            auto *item = new QStandardItem(entry.text);
            item->setData(entry.key, kKeyRole);
            item->setData(entry.searchText, kSearchRole);
            item->setToolTip(entry.toolTip);
            item->setAccessibleText(entry.accessibleText);
            item->setEditable(false);
            list.model->appendRow(item);
        }
    }
    updateEmptyNote();
    // After a relist (requirements FEATURE-4) the same item stays selected when it is still offered.
    if (selectedList < 0 || !selectKey(selectedList, selected))
        showSelection();
}

QString CatalogPanel::selectedKey(int *list) const
{
    for (int number = 0; number < m_lists.size(); ++number) {
        const QListView *view = m_lists.at(number).view;
        const QModelIndex current = view->currentIndex();
        if (current.isValid() && view->selectionModel()->isSelected(current)) {
            if (list)
                *list = number;
            return current.data(kKeyRole).toString();
        }
    }
    return {};
}

bool CatalogPanel::selectKey(int list, const QString &key)
{
    const CatalogList &entry = m_lists.at(list);
    for (int row = 0; row < entry.model->rowCount(); ++row) {
        const QModelIndex source = entry.model->index(row, 0);
        if (source.data(kKeyRole).toString() != key)
            continue;
        QModelIndex index = entry.filter->mapFromSource(source);
        if (!index.isValid()) {
            m_search->clear();
            index = entry.filter->mapFromSource(source);
        }
        entry.view->setCurrentIndex(index);
        showSelection(); // also when the item already was the current one
        return true;
    }
    return false;
}

QStringList CatalogPanel::visibleKeys(int list) const
{
    const QSortFilterProxyModel *filter = m_lists.at(list).filter;
    QStringList keys;
    for (int row = 0; row < filter->rowCount(); ++row)
        keys.append(filter->index(row, 0).data(kKeyRole).toString());
    return keys;
}

void CatalogPanel::updateEmptyNote()
{
    bool anyItem = false;
    bool anyVisible = false;
    for (const CatalogList &list : std::as_const(m_lists)) {
        anyItem = anyItem || list.model->rowCount() > 0;
        anyVisible = anyVisible || list.filter->rowCount() > 0;
    }
    QString note;
    if (!anyItem)
        note = m_session ? m_texts.noneOffered : tr("Not connected to a server.");
    else if (!anyVisible)
        note = m_texts.noneMatch.arg(m_search->text());
    m_emptyNote->setText(note);
    m_emptyNote->setVisible(!note.isEmpty());
}

void CatalogPanel::setSession(McpSession *session)
{
    stopRequest();
    delete m_sessionContext;
    m_sessionContext = nullptr;
    m_session = session;
    m_content->clearContent();
    setStatus({});
    clearCatalog();
    if (!session)
        return;
    m_sessionContext = new QObject(this);
    connect(session, m_listChanged, m_sessionContext, [this]() { reload(); }); // Requirements FEATURE-4
    connect(session, &McpSession::stateChanged, m_sessionContext, [this](McpSession::State state) {
        if (state == McpSession::State::Ready)
            reload();
    });
    connect(session, &QObject::destroyed, this, [this, session]() {
        if (m_session == nullptr || m_session == session)
            setSession(nullptr);
    });
    reload();
}

McpSession *CatalogPanel::session() const
{
    return m_session.data();
}

McpSession *CatalogPanel::readySession() const
{
    return m_session && m_session->state() == McpSession::State::Ready ? m_session.data() : nullptr;
}

void CatalogPanel::reload()
{
    McpSession *session = readySession();
    if (!session)
        return;
    // A server that declares capabilities without this one offers none: no request is sent for them
    // (MCP lifecycle: only use capabilities that were negotiated).
    const QJsonObject capabilities = session->serverCapabilities();
    if (!capabilities.isEmpty() && !capabilities.contains(m_capability)) {
        clearCatalog();
        return;
    }
    requestCatalog(session, m_sessionContext);
}

void CatalogPanel::reportListFailure(const QString &message)
{
    setStatus(m_texts.listFailed.arg(message));
}

QObject *CatalogPanel::beginRequest()
{
    delete m_request; // a newer request wins: the older answer is dropped
    m_request = new QObject(this);
    return m_request;
}

void CatalogPanel::endRequest()
{
    if (m_request) {
        m_request->deleteLater(); // we may be inside one of its callbacks
        m_request = nullptr;
    }
}

void CatalogPanel::stopRequest()
{
    delete m_request;
    m_request = nullptr;
}

void CatalogPanel::showHeader(const QString &title, const QString &subtitle, const QString &description)
{
    m_title->setText(title);
    m_subtitle->setText(subtitle);
    m_description->setText(description.isEmpty() ? tr("No description.") : description);
}

void CatalogPanel::clearHeader()
{
    m_title->setText(m_texts.nothingSelected);
    m_subtitle->clear();
    m_description->clear();
}

void CatalogPanel::setStatus(const QString &text)
{
    m_status->setText(text);
}

QString CatalogPanel::statusText() const
{
    return m_status->text();
}

} // namespace portico
