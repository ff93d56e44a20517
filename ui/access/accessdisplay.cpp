#include "access/accessdisplay.h"

#include <QLabel>

namespace portico::access_display {

namespace {

// Claims and scope names come from servers: at most this many characters of one value are shown.
constexpr qsizetype kMaxShownLength = 256;

} // namespace

// Server-supplied text is shown as plain text only, without control or format characters: a claim or scope
// name must not be able to inject markup, new lines or bidirectional overrides that make it read as
// something else (requirements UI-4: the account is "claimed", not verified).
QString cleanForDisplay(const QString &text)
{
    QString clean;
    clean.reserve(qMin(text.size(), kMaxShownLength));
    for (const QChar c : text) {
        const QChar::Category category = c.category();
        if (category == QChar::Other_Control || category == QChar::Other_Format)
            continue;
        clean.append(c);
        if (clean.size() >= kMaxShownLength) {
            clean.append(QChar(0x2026)); // …
            break;
        }
    }
    return clean;
}

QLabel *makeValueLabel(QWidget *parent, const QString &accessibleName)
{
    auto *label = new QLabel(parent);
    label->setTextFormat(Qt::PlainText); // never rich text: values come from servers
    label->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    label->setFocusPolicy(Qt::StrongFocus); // reachable with Tab for screen readers and copying
    label->setWordWrap(true);
    label->setAccessibleName(accessibleName);
    return label;
}

} // namespace portico::access_display
