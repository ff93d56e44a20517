#pragma once

#include "catalog/catalogpanel.h"
#include "mcp/catalogitems.h"

#include <QHash>
#include <QImage>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

class QFormLayout;
class QLabel;
class QLineEdit;
class QPushButton;

namespace portico {

// The resources one server offers, and a way to read them by hand (requirements UI-7), laid out like ToolsPanel.
// Left: a search field filtering both lists by URI, name, title and description; the resources; the
// resource templates. Right: the selected item's description and MIME type, marked as the server's claims
// (untrusted, requirements SEC-10; plain text only), a form for the template's variables (RFC 6570), Read, and
// the content: text as text, blobs as "binary, N bytes, mime" with a hex summary and a preview for image/*.
// The panel builds no request itself: it calls McpSession.
// The layout, the lists, the session and the content view are CatalogPanel's; UriTemplate expands templates.
class ResourcesPanel : public CatalogPanel
{
    Q_OBJECT

public:
    explicit ResourcesPanel(QWidget *parent = nullptr);

    // What setSession feeds the lists with; tests may call it directly.
    void setResources(const QList<Resource> &resources, const QList<ResourceTemplate> &templates);

    // Selects the resource by URI, clearing the search if it hides it; nothing happens for an unknown URI.
    void selectResource(const QString &uri);
    // Selects the template by its URI template; nothing happens for an unknown one.
    void selectTemplate(const QString &uriTemplate);
    // What the Read button does: reads the selected resource, or the selected template once expanded.
    // Emits readFinished when the server answered.
    void readSelected();
    // Fills one variable of a URI template (RFC 6570); kept across template selections.
    void setTemplateArgument(const QString &name, const QString &value);
    // Selects the template, expands it with the arguments given and reads the URI. A variable of the path
    // left empty blocks the read and says why in statusText() (no request is sent, readFinished is not
    // emitted).
    void readTemplate(const QString &templateUri);

    [[nodiscard]] QStringList resourceUris() const;
    [[nodiscard]] QStringList templateUris() const;
    // What the content area shows, as plain text. Empty before any read.
    [[nodiscard]] QString contentText() const;
    // Images of the last read (image/* blobs), decoded.
    [[nodiscard]] QList<QImage> contentImages() const;
    // Renders a resources/read result (what a read does once the server answered); public for tests.
    void showReadResult(const QJsonObject &result);

    [[nodiscard]] QPushButton *readButton() const { return m_readButton; }
    [[nodiscard]] QLineEdit *templateEditor(const QString &name) const { return m_templateEditors.value(name); }

Q_SIGNALS:
    // A read ended: ok when the server answered with contents.
    void readFinished(bool ok);

protected:
    void showSelection() override;
    void requestCatalog(McpSession *session, QObject *context) override;
    void clearCatalog() override { setResources({}, {}); }

private:
    // The numbers of the two lists (CatalogPanel::addList).
    enum List {
        Resources = 0,
        Templates = 1,
    };

    void clearDetails();
    void buildTemplateForm(const ResourceTemplate &item);
    // The URI the template gives with the arguments typed so far; nullopt, with the reason in `problem`,
    // when the template is malformed or a variable of its path is empty.
    [[nodiscard]] std::optional<QString> expandTemplate(const QString &uriTemplate, QString *problem) const;
    void read(const QString &uri);
    [[nodiscard]] const Resource *findResource(const QString &uri) const;
    [[nodiscard]] const ResourceTemplate *findTemplate(const QString &uriTemplate) const;

    QList<Resource> m_resources;
    QList<ResourceTemplate> m_templates;
    QHash<QString, QString> m_templateArguments;
    int m_shownList = -1; // what the details show: a List, or -1 for nothing
    QString m_shownKey;
    QJsonObject m_shownJson; // the details are rebuilt only when the item itself changed

    QLabel *m_mimeType = nullptr;
    QWidget *m_templateBox = nullptr;
    QFormLayout *m_templateForm = nullptr;
    QHash<QString, QLineEdit *> m_templateEditors;
    QPushButton *m_readButton = nullptr;
};

} // namespace portico
