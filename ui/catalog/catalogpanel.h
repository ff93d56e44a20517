#pragma once

#include "common/result.h"

#include <QList>
#include <QPointer>
#include <QString>
#include <QStringList>
#include <QWidget>

class QFormLayout;
class QHBoxLayout;
class QLabel;
class QLineEdit;
class QListView;
class QSortFilterProxyModel;
class QSplitter;
class QStandardItemModel;
class QVBoxLayout;

namespace portico {

class ContentView;
class McpSession;

// What the Tools, Resources and Prompts panels share: one server's catalog (MCP 2025-11-25 server/tools,
// server/resources, server/prompts), listed, searched, and used by hand.
// - Left: a search field over one or more lists of what the server offers, and a note when there is
//   nothing to show ("Not connected", "This server offers no …", "No … matches").
// - Right: the selected item's title, a subtitle (its name or URI) and its description in a group that
//   marks it as the server's claim (untrusted, so plain text only); then the panel's own
//   controls, an action row and a status line; below, the server's answer in a ContentView.
// - The session: the catalog is listed once the session is ready and again whenever the server says the
//   list changed (the list_changed notifications of MCP 2025-11-25 server/tools, server/resources and
//   server/prompts); no request is sent when the server did not declare the capability; the panel
//   clears when the session is replaced or deleted, and an answer for an older session is dropped.
// A panel adds its lists, fills them from what the server listed (setItems), shows the selected item
// (showSelection) and asks the session for its catalog (requestCatalog). It builds no request itself.
class CatalogPanel : public QWidget
{
    Q_OBJECT

public:
    ~CatalogPanel() override;

    // Lists the session's catalog now (or once it is ready) and again whenever the server says the list
    // changed. nullptr clears the panel. The session must outlive the panel or be reset first.
    void setSession(McpSession *session);
    // The line under the action button: why a request was blocked, progress, or how the last one ended.
    [[nodiscard]] QString statusText() const;
    [[nodiscard]] QLineEdit *searchField() const { return m_search; }

protected:
    // What differs in words between the panels.
    struct Texts
    {
        QString kind;            // "tool": names the widgets toolSearch, toolDescription, toolStatus, toolContent
        QString panelName;       // "Tools"
        QString searchLabel;     // "&Search tools:"
        QString searchName;      // "Search tools"
        QString searchHint;      // "Name, title or description"
        QString noneOffered;     // "This server offers no tools."
        QString noneMatch;       // "No tool matches “%1”."
        QString listFailed;      // "The tools could not be listed: %1"
        QString nothingSelected; // "No tool selected"
        QString contentTitle;    // "Result"
        QString contentName;     // "Result of the last call"
        QString statusName;      // "Call status"
    };

    // One entry of a list: `key` identifies it (a name, a URI); the rest is server text, shown as plain text.
    struct ListItem
    {
        QString key;
        QString text;
        QString searchText; // what the search field matches, case-insensitively
        QString toolTip;
        QString accessibleText;
    };

    // `capability` is the key of the server's capabilities that offers this catalog ("tools");
    // `listChanged` the session's signal for the server's list_changed notification.
    CatalogPanel(const Texts &texts, const QString &capability, void (McpSession::*listChanged)(), QWidget *parent);

    // An entry for something with a name, a title and a description (a tool, a prompt).
    [[nodiscard]] static ListItem namedItem(const QString &name, const QString &title, const QString &description);
    // Adds one argument to a form: `name` as its label (starred when required), `editor`, and the server's
    // description of the argument under it. Both are server text, shown as plain text.
    static void addArgumentRow(QFormLayout *form, const QString &name, bool required, QWidget *editor,
                               const QString &description);

    // Adds a list under the search field, with a label above it when `label` is not empty; call it in the
    // constructor. Returns the list's number. With several lists, one item is selected across all of them.
    int addList(const QString &label, const QString &objectName, const QString &accessibleName, int stretch = 1);
    [[nodiscard]] QListView *listView(int list) const;
    // Replaces the items of every list (one QList per list, in addList order). The selected item stays
    // selected when it is still there; then showSelection() runs.
    void setItems(const QList<QList<ListItem>> &lists);
    // The key of the selected item, and in `list` the number of its list; empty when nothing is selected.
    [[nodiscard]] QString selectedKey(int *list = nullptr) const;
    // Selects the item with `key` in `list`, clearing the search if it hides it; false when there is none.
    bool selectKey(int list, const QString &key);
    // The keys of the items the search leaves visible in `list`, in list order.
    [[nodiscard]] QStringList visibleKeys(int list) const;

    // Shows the selected item in the details, or clears them when nothing is selected. Called whenever the
    // selection may have changed, also for the same item again after a relist.
    virtual void showSelection() = 0;
    // Asks `session` (ready, with the capability) for the catalog and passes it to setItems. The answer must
    // be dropped unless isCurrentSession(context): the session may have changed meanwhile.
    virtual void requestCatalog(McpSession *session, QObject *context) = 0;
    // Forgets the catalog: the session went, or the server offers nothing.
    virtual void clearCatalog() = 0;
    // Drops the running request (its answer will be ignored). Called before the session changes; a panel
    // that can cancel its request at the server does that too.
    virtual void stopRequest();

    [[nodiscard]] McpSession *session() const;
    // The session when it is ready for requests; nullptr otherwise.
    [[nodiscard]] McpSession *readySession() const;
    [[nodiscard]] bool isCurrentSession(const QObject *context) const { return context == m_sessionContext; }
    void reportListFailure(const QString &message);
    // The callback for a list request of requestCatalog: drops an answer for a session the panel no longer
    // shows, reports a failure in the status line, and passes what was listed to `use`.
    template<typename T, typename Use>
    [[nodiscard]] auto whenListed(QObject *context, Use use)
    {
        return [this, context, use](Result<T> result) {
            if (!isCurrentSession(context))
                return;
            if (!result.ok()) {
                reportListFailure(result.error().message());
                return;
            }
            use(result.value());
        };
    }

    // The running request's context: the session's callbacks live as long as it does. A new request or a
    // new session replaces it, and an answer whose context is no longer current is dropped.
    QObject *beginRequest();
    [[nodiscard]] QObject *currentRequest() const { return m_request; }
    [[nodiscard]] bool isCurrentRequest(const QObject *context) const { return context && context == m_request; }
    // Ends the running request; safe inside one of its callbacks.
    void endRequest();

    // The details: the header, the panel's own controls (between the claims and the action row), extra
    // claims under the description, the action row, and the split between details and content.
    void showHeader(const QString &title, const QString &subtitle, const QString &description);
    void clearHeader();
    [[nodiscard]] QVBoxLayout *detailsLayout() const { return m_detailsLayout; }
    [[nodiscard]] QVBoxLayout *claimsLayout() const { return m_claimsLayout; }
    [[nodiscard]] QHBoxLayout *actionRow() const { return m_actionRow; }
    [[nodiscard]] QSplitter *detailSplitter() const { return m_detailSplitter; }
    [[nodiscard]] ContentView *contentView() const { return m_content; }
    void setStatus(const QString &text);

private:
    struct CatalogList
    {
        QStandardItemModel *model = nullptr;
        QSortFilterProxyModel *filter = nullptr;
        QListView *view = nullptr;
    };

    void reload();
    void onCurrentChanged(int list, bool valid);
    void updateEmptyNote();

    const Texts m_texts;
    const QString m_capability;
    void (McpSession::*m_listChanged)();
    QPointer<McpSession> m_session;
    QObject *m_sessionContext = nullptr; // owns the session's connections and list callbacks
    QObject *m_request = nullptr;

    QLineEdit *m_search = nullptr;
    QVBoxLayout *m_listsLayout = nullptr;
    QList<CatalogList> m_lists;
    QLabel *m_emptyNote = nullptr;
    QSplitter *m_detailSplitter = nullptr;
    QLabel *m_title = nullptr;
    QLabel *m_subtitle = nullptr;
    QLabel *m_description = nullptr;
    QVBoxLayout *m_claimsLayout = nullptr;
    QVBoxLayout *m_detailsLayout = nullptr;
    QHBoxLayout *m_actionRow = nullptr;
    QLabel *m_status = nullptr;
    ContentView *m_content = nullptr;
};

} // namespace portico
