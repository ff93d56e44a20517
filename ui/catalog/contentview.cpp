#include "catalog/contentview.h"

#include <QFontDatabase>
#include <QTextCharFormat>
#include <QTextCursor>
#include <QTextDocument>
#include <QTextImageFormat>

#include <algorithm>

namespace portico {

namespace {

// Limits on what a server can make the panel render (requirements SEC-12: a hostile server cannot exhaust the host).
// They hold for every panel alike.
constexpr qsizetype kMaxItems = 1000;              // content blocks, messages or contents of one answer
constexpr qsizetype kMaxShownText = 1024 * 1024;   // characters of one text
constexpr qsizetype kMaxBase64 = 16 * 1024 * 1024; // an image or blob larger than this is not decoded
constexpr qsizetype kHexSummaryBytes = 128;        // how much of a blob the hex dump shows
constexpr int kMaxImageWidth = 480;                // images are drawn at most this large
constexpr int kMaxImageHeight = 360;

QString hexDump(const QByteArray &bytes)
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

// The image in base64 `data`, or a null image when it is too large or not an image Qt can read.
QImage decodeImage(const QString &base64)
{
    QImage image;
    if (base64.size() <= kMaxBase64)
        image.loadFromData(QByteArray::fromBase64(base64.toLatin1()));
    return image;
}

} // namespace

ContentView::ContentView(QWidget *parent)
    : QTextEdit(parent)
{
    setReadOnly(true);
    setAcceptRichText(false);
    setTabChangesFocus(true);
}

void ContentView::clearContent()
{
    clear(); // the document's image resources go with it
    m_lines.clear();
    m_images.clear();
    m_items = 0;
    m_itemsLeftOut = 0;
}

void ContentView::showMessage(const QString &text)
{
    clearContent();
    addLine(text, Style::Strong);
}

QTextCharFormat ContentView::format(Style style) const
{
    QTextCharFormat format;
    switch (style) {
    case Style::Plain:
        break;
    case Style::Strong:
        format.setFontWeight(QFont::Bold);
        break;
    case Style::Muted:
        format.setForeground(palette().brush(QPalette::PlaceholderText));
        break;
    case Style::Monospace:
        format.setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
        break;
    }
    return format;
}

void ContentView::addLine(const QString &text, Style style, const QString &lead)
{
    QString shown = text;
    if (shown.size() > kMaxShownText)
        shown = shown.left(kMaxShownText) + QLatin1Char('\n') + tr("… (cut short: too large to show)");
    QTextCursor cursor(document());
    cursor.movePosition(QTextCursor::End);
    if (!m_lines.isEmpty())
        cursor.insertBlock();
    m_lines.append(lead + shown);
    // insertText never interprets markup: server text stays text (requirements SEC-10).
    if (!lead.isEmpty())
        cursor.insertText(lead, format(Style::Strong));
    cursor.insertText(shown, format(style));
}

bool ContentView::admitItem()
{
    if (m_items >= kMaxItems) {
        ++m_itemsLeftOut;
        return false;
    }
    ++m_items;
    return true;
}

void ContentView::addContentBlock(const QJsonObject &block, const QString &lead)
{
    if (!admitItem())
        return;
    const QString type = block.value(QStringLiteral("type")).toString();
    if (type == QLatin1StringView("text")) {
        addLine(block.value(QStringLiteral("text")).toString(), Style::Plain, lead);
    } else if (type == QLatin1StringView("image")) {
        addImageBlock(block, lead);
    } else if (type == QLatin1StringView("audio")) {
        addLine(tr("[audio %1]").arg(block.value(QStringLiteral("mimeType")).toString()), Style::Plain, lead);
    } else if (type == QLatin1StringView("resource")) {
        addEmbeddedResource(block.value(QStringLiteral("resource")).toObject(), lead);
    } else if (type == QLatin1StringView("resource_link")) {
        // Shown, never followed: a link from a server is opened by a person, elsewhere.
        const QString uri = block.value(QStringLiteral("uri")).toString();
        const QString name = block.value(QStringLiteral("name")).toString();
        addLine(name.isEmpty() ? tr("[link %1]").arg(uri) : tr("[link %1: %2]").arg(uri, name), Style::Plain, lead);
    } else {
        addLine(tr("[%1 content]").arg(type), Style::Plain, lead);
    }
}

void ContentView::addImageBlock(const QJsonObject &block, const QString &lead)
{
    const QString mimeType = block.value(QStringLiteral("mimeType")).toString();
    const QImage image = decodeImage(block.value(QStringLiteral("data")).toString());
    if (image.isNull()) {
        addLine(tr("[image %1: could not be shown]").arg(mimeType), Style::Plain, lead);
        return;
    }
    addLine(tr("[image %1, %2×%3]").arg(mimeType, QString::number(image.width()), QString::number(image.height())),
            Style::Plain, lead);
    insertImage(image);
}

void ContentView::addEmbeddedResource(const QJsonObject &resource, const QString &lead)
{
    const QString uri = resource.value(QStringLiteral("uri")).toString();
    if (resource.contains(QStringLiteral("text"))) {
        addLine(tr("[resource %1]").arg(uri), Style::Strong, lead);
        addLine(resource.value(QStringLiteral("text")).toString());
        return;
    }
    const QString base64 = resource.value(QStringLiteral("blob")).toString();
    // Too large to decode: its size is estimated from the base64 length.
    const qsizetype bytes =
        base64.size() <= kMaxBase64 ? QByteArray::fromBase64(base64.toLatin1()).size() : base64.size() / 4 * 3;
    addLine(tr("[resource %1: binary, %2 bytes, %3]")
                .arg(uri, QString::number(bytes), resource.value(QStringLiteral("mimeType")).toString()),
            Style::Strong, lead);
}

void ContentView::addResourceContents(const QJsonObject &contents)
{
    if (!admitItem())
        return;
    const QString uri = contents.value(QStringLiteral("uri")).toString();
    const QString mimeType = contents.value(QStringLiteral("mimeType")).toString();
    if (contents.contains(QStringLiteral("text"))) {
        addLine(tr("%1 (text, %2)").arg(uri, mimeType.isEmpty() ? tr("type not given") : mimeType), Style::Strong);
        addLine(contents.value(QStringLiteral("text")).toString());
    } else if (contents.contains(QStringLiteral("blob"))) {
        addBlob(uri, mimeType, contents.value(QStringLiteral("blob")).toString());
    } else {
        addLine(tr("%1 (no text and no data)").arg(uri), Style::Strong);
    }
}

void ContentView::addBlob(const QString &uri, const QString &mimeType, const QString &base64)
{
    const QString shownType = mimeType.isEmpty() ? tr("type not given") : mimeType;
    if (base64.size() > kMaxBase64) {
        addLine(tr("%1 (binary, about %2 bytes, %3: too large to show)")
                    .arg(uri, QString::number(base64.size() / 4 * 3), shownType),
                Style::Strong);
        return;
    }
    const QByteArray bytes = QByteArray::fromBase64(base64.toLatin1());
    addLine(tr("%1 (binary, %2 bytes, %3)").arg(uri, QString::number(bytes.size()), shownType), Style::Strong);
    if (mimeType.startsWith(QLatin1StringView("image/"))) {
        QImage image;
        image.loadFromData(bytes);
        if (image.isNull()) {
            addLine(tr("[image: could not be shown]"));
        } else {
            addLine(tr("[image %1×%2]").arg(image.width()).arg(image.height()));
            insertImage(image);
        }
    }
    if (!bytes.isEmpty()) {
        addLine(bytes.size() > kHexSummaryBytes ? tr("First %1 bytes:").arg(kHexSummaryBytes) : tr("Bytes:"));
        addLine(hexDump(bytes), Style::Monospace);
    }
}

void ContentView::insertImage(const QImage &image)
{
    const QUrl name(QStringLiteral("portico-content:image/%1").arg(m_images.size()));
    document()->addResource(QTextDocument::ImageResource, name, QVariant(image));
    const QSize shown = image.size().boundedTo(QSize(kMaxImageWidth, kMaxImageHeight)) == image.size()
                            ? image.size()
                            : image.size().scaled(kMaxImageWidth, kMaxImageHeight, Qt::KeepAspectRatio);
    QTextImageFormat format;
    format.setName(name.toString());
    format.setWidth(shown.width());
    format.setHeight(shown.height());
    QTextCursor cursor(document());
    cursor.movePosition(QTextCursor::End);
    cursor.insertBlock();
    cursor.insertImage(format);
    m_images.append(image);
}

void ContentView::finish(const QString &placeholder, const QString &lead)
{
    if (m_lines.isEmpty() && !placeholder.isEmpty())
        addLine(placeholder, Style::Plain, lead);
    if (m_itemsLeftOut > 0)
        addLine(tr("… (%n more item(s) not shown)", nullptr, static_cast<int>(m_itemsLeftOut)));
    moveCursor(QTextCursor::Start);
}

} // namespace portico
