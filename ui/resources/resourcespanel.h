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

#include <optional>

class QFormLayout;
class QLabel;
class QLineEdit;
class QListView;
class QPushButton;
class QSortFilterProxyModel;
class QStandardItemModel;
class QTextEdit;

namespace portico {

class McpSession;

// The resources one server offers, and a way to read them by hand (issue 5 §7), laid out like ToolsPanel.
// Left: a search field filtering both lists by URI, name, title and description; the resources; the
// resource templates. Right: the selected item's description and MIME type, marked as the server's claims
// (untrusted, checklist C11; plain text only), a form for the template's variables (RFC 6570), Read, and
// the content: text as text, blobs as "binary, N bytes, mime" with a hex summary and a preview for image/*.
// The panel builds no request itself: it calls McpSession.
class ResourcesPanel : public QWidget
{
    Q_OBJECT

public:
    explicit ResourcesPanel(QWidget *parent = nullptr);
    ~ResourcesPanel() override;

    // Lists the session's resources and templates now (or once it is ready) and again whenever the server
    // says the list changed (B34). nullptr clears the panel. The session must outlive the panel or be reset.
    void setSession(McpSession *session);
    // What setSession feeds the lists with; tests may call it directly.
    void setResources(const QList<Resource> &resources, const QList<ResourceTemplate> &templates);

    // Selects the resource by URI, clearing the search if it hides it; nothing happens for an unknown URI.
    void selectResource(const QString &uri);
    // Selects the template by its URI template; nothing happens for an unknown one.
    void selectTemplate(const QString &uriTemplate);
    // What the Read button does for a selected resource. Emits readFinished when the server answered.
    void readSelected();
    // Fills one variable of a URI template (RFC 6570); kept across template selections.
    void setTemplateArgument(const QString &name, const QString &value);
    // Selects the template, expands it with the arguments given and reads the URI. A missing variable
    // blocks the read and says why in statusText() (no request is sent, readFinished is not emitted).
    void readTemplate(const QString &templateUri);

    [[nodiscard]] QStringList resourceUris() const;
    [[nodiscard]] QStringList templateUris() const;
    // What the content area shows, as plain text. Empty before any read.
    [[nodiscard]] QString contentText() const { return m_contentText; }
    // Images of the last read (image/* blobs), decoded.
    [[nodiscard]] QList<QImage> contentImages() const { return m_contentImages; }
    // The line under Read: why a read was blocked, or how the last read ended.
    [[nodiscard]] QString statusText() const;
    // Renders a resources/read result (what a read does once the server answered); public for tests.
    void showReadResult(const QJsonObject &result);

    // RFC 6570 expansion, levels 1–3 (simple {var}, reserved {+var}, and the #./;?& operators); the
    // prefix and explode modifiers are ignored. Variables outside ? & ; must have a value: nullopt, with
    // the reason in `problem`, when one is missing or the template is malformed.
    [[nodiscard]] static std::optional<QString>
    expandUriTemplate(const QString &uriTemplate, const QHash<QString, QString> &values, QString *problem = nullptr);
    // The variable names of a URI template, in order of first appearance.
    [[nodiscard]] static QStringList templateVariables(const QString &uriTemplate);

    [[nodiscard]] QLineEdit *searchField() const { return m_search; }
    [[nodiscard]] QPushButton *readButton() const { return m_readButton; }
    [[nodiscard]] QLineEdit *templateEditor(const QString &name) const { return m_templateEditors.value(name); }

Q_SIGNALS:
    // A read ended: ok when the server answered with contents.
    void readFinished(bool ok);

private:
    enum class Shown {
        Nothing,
        Resource,
        Template,
    };

    void listAll();
    void showSelection(Shown kind);
    void clearDetails();
    void buildTemplateForm(const ResourceTemplate &item);
    void read(const QString &uri);
    void showFailure(const QString &text);
    void setStatus(const QString &text);
    [[nodiscard]] const Resource *selectedResource() const;
    [[nodiscard]] const ResourceTemplate *selectedTemplate() const;

    QPointer<McpSession> m_session;
    QObject *m_sessionContext = nullptr; // owns the session's connections and list callbacks
    QObject *m_readContext = nullptr;    // a new read or session drops the answer of the previous one
    QList<Resource> m_resources;
    QList<ResourceTemplate> m_templates;
    QHash<QString, QString> m_templateArguments;
    Shown m_shown = Shown::Nothing;
    QString m_shownKey;

    QStandardItemModel *m_resourceModel = nullptr;
    QSortFilterProxyModel *m_resourceFilter = nullptr;
    QStandardItemModel *m_templateModel = nullptr;
    QSortFilterProxyModel *m_templateFilter = nullptr;
    QLineEdit *m_search = nullptr;
    QListView *m_resourceList = nullptr;
    QListView *m_templateList = nullptr;
    QLabel *m_emptyLabel = nullptr;

    QLabel *m_title = nullptr;
    QLabel *m_uri = nullptr;
    QLabel *m_description = nullptr;
    QLabel *m_mimeType = nullptr;
    QWidget *m_templateBox = nullptr;
    QFormLayout *m_templateForm = nullptr;
    QHash<QString, QLineEdit *> m_templateEditors;
    QPushButton *m_readButton = nullptr;
    QLabel *m_status = nullptr;
    QTextEdit *m_contentView = nullptr;
    QString m_contentText;
    QList<QImage> m_contentImages;
};

} // namespace portico
