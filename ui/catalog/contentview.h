#pragma once

#include <QImage>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>
#include <QTextEdit>

class QTextCharFormat;

namespace portico {

// Shows what a server answered, for the Tools, Resources and Prompts panels: MCP content blocks (text,
// image, audio, resource_link and embedded resource; MCP 2025-11-25 server/tools, "Tool Result") and the
// contents of a resources/read (text, or a blob summarised with a hex dump and an image preview; server/
// resources, "Reading Resources").
//
// Server text is inserted as text, never as markup, and the view is a QTextEdit, not a QTextBrowser:
// nothing shown is a link Portico follows or a file it loads. One set of limits bounds what a server can
// make the host render, so that a hostile one cannot exhaust it: how many items, how much text per item,
// how large an image or blob is decoded, how large an image is drawn.
//
// Next to the document the view keeps the same content as plain text, one line per piece (contentText()),
// and the decoded images: what tests check and what a person copies.
class ContentView : public QTextEdit
{
    Q_OBJECT

public:
    enum class Style {
        Plain,
        Strong,    // headings and summaries, in bold
        Muted,     // side notes, in the placeholder colour
        Monospace, // hex dumps
    };

    explicit ContentView(QWidget *parent = nullptr);

    // Empties the view: before a new request, or when the session goes.
    void clearContent();
    // Replaces what is shown with one bold line: a failure or a cancellation.
    void showMessage(const QString &text);

    // Appends a line: `lead` in bold (a role, "Error: "), then `text`, cut short when it is too long.
    void addLine(const QString &text, Style style = Style::Plain, const QString &lead = {});
    // Appends one content block; `lead` starts its first line.
    void addContentBlock(const QJsonObject &block, const QString &lead = {});
    // Appends one item of a resources/read result's "contents": a heading with URI and type, then the text,
    // or for a blob its size, an image preview for image/* and the first bytes in hex.
    void addResourceContents(const QJsonObject &contents);
    // Ends an answer: `placeholder` (after `lead`) when nothing was added, a line counting the items left
    // out, and the view scrolled back to the top.
    void finish(const QString &placeholder = {}, const QString &lead = {});

    [[nodiscard]] bool isEmpty() const { return m_lines.isEmpty(); }
    // The content as plain text: the lines joined by "\n", images as their "[image …]" line.
    [[nodiscard]] QString contentText() const { return m_lines.join(QLatin1Char('\n')); }
    // The images shown, decoded, in order.
    [[nodiscard]] QList<QImage> images() const { return m_images; }

private:
    // Counts one more item; false (and counted as left out) once the limit is reached.
    bool admitItem();
    void addImageBlock(const QJsonObject &block, const QString &lead);
    void addEmbeddedResource(const QJsonObject &resource, const QString &lead);
    void addBlob(const QString &uri, const QString &mimeType, const QString &base64);
    // Draws the image under the last line, scaled down to the display limit.
    void insertImage(const QImage &image);
    [[nodiscard]] QTextCharFormat format(Style style) const;

    QStringList m_lines;
    QList<QImage> m_images;
    qsizetype m_items = 0;
    qsizetype m_itemsLeftOut = 0;
};

} // namespace portico
