#include "config/jsoncedit.h"

#include "config/jsonc.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>
#include <functional>

namespace portico::jsonc_edit {

namespace {

constexpr QByteArrayView kByteOrderMark("\xEF\xBB\xBF");

// Where one member of an object is: `"key"` starts at keyStart, its value spans [valueStart, valueEnd).
struct MemberSpan
{
    QString key;
    qsizetype keyStart = 0;
    qsizetype valueStart = 0;
    qsizetype valueEnd = 0;
};

// An object from its `{` to its `}`, with its members in file order.
struct ObjectSpan
{
    qsizetype open = 0;
    qsizetype close = 0;
    QList<MemberSpan> members;

    [[nodiscard]] const MemberSpan *find(const QString &key) const
    {
        // The last one wins, as in QJsonDocument (RFC 8259 §4 leaves duplicate names to the reader).
        const auto found = std::find_if(members.crbegin(), members.crend(),
                                        [&key](const MemberSpan &member) { return member.key == key; });
        return found == members.crend() ? nullptr : &*found;
    }
};

// Walks JSONC text that jsonc::parseObject has accepted: only spans are found here, no value is checked.
// Every step moves forward, so even text it was not meant for ends the walk.
class Scanner
{
public:
    explicit Scanner(QByteArrayView text)
        : m_text(text)
    {}

    [[nodiscard]] char at(qsizetype i) const { return i >= 0 && i < m_text.size() ? m_text[i] : '\0'; }

    // Past whitespace and comments.
    [[nodiscard]] qsizetype skipBlank(qsizetype i) const
    {
        while (i < m_text.size()) {
            const char c = m_text[i];
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
                ++i;
            } else if (c == '/' && at(i + 1) == '/') {
                while (i < m_text.size() && m_text[i] != '\n' && m_text[i] != '\r')
                    ++i;
            } else if (c == '/' && at(i + 1) == '*') {
                const qsizetype end = m_text.indexOf(QByteArrayView("*/"), i + 2);
                i = end < 0 ? m_text.size() : end + 2;
            } else {
                break;
            }
        }
        return i;
    }

    // Past the string starting at `i` (a `"`).
    [[nodiscard]] qsizetype skipString(qsizetype i) const
    {
        for (++i; i < m_text.size(); ++i) {
            if (m_text[i] == '\\')
                ++i;
            else if (m_text[i] == '"')
                return i + 1;
        }
        return m_text.size();
    }

    // Past the value starting at `i`.
    [[nodiscard]] qsizetype skipValue(qsizetype i) const
    {
        const char first = at(i);
        if (first == '"')
            return skipString(i);
        if (first == '{' || first == '[') {
            qsizetype depth = 0;
            while (i < m_text.size()) {
                const char c = m_text[i];
                if (c == '"') {
                    i = skipString(i);
                    continue;
                }
                if (c == '/' && (at(i + 1) == '/' || at(i + 1) == '*')) {
                    i = skipBlank(i);
                    continue;
                }
                if (c == '{' || c == '[') {
                    ++depth;
                } else if ((c == '}' || c == ']') && --depth == 0) {
                    return i + 1;
                }
                ++i;
            }
            return m_text.size();
        }
        // A number, true, false or null.
        while (i < m_text.size() && !QByteArrayView(",}] \t\r\n/").contains(m_text[i]))
            ++i;
        return std::max(i, qsizetype(1));
    }

    [[nodiscard]] ObjectSpan object(qsizetype open) const
    {
        ObjectSpan span;
        span.open = open;
        qsizetype i = skipBlank(open + 1);
        while (i < m_text.size() && m_text[i] != '}') {
            if (m_text[i] == ',') { // between members, or JSONC's trailing comma
                i = skipBlank(i + 1);
                continue;
            }
            MemberSpan member;
            member.keyStart = i;
            const qsizetype keyEnd = skipString(i);
            member.key = decodeKey(m_text.sliced(i, keyEnd - i));
            member.valueStart = skipBlank(skipBlank(keyEnd) + 1); // past the ':'
            member.valueEnd = std::max(skipValue(member.valueStart), member.valueStart + 1);
            span.members.append(member);
            i = skipBlank(member.valueEnd);
        }
        span.close = std::min(i, m_text.size());
        return span;
    }

    // The top-level object's `{`, past a byte order mark and leading comments.
    [[nodiscard]] qsizetype rootOpen() const
    {
        return skipBlank(m_text.startsWith(kByteOrderMark) ? kByteOrderMark.size() : 0);
    }

    // The start of the line `i` is on.
    [[nodiscard]] qsizetype lineStart(qsizetype i) const
    {
        while (i > 0 && m_text[i - 1] != '\n')
            --i;
        return i;
    }

    // The spaces and tabs that start the line `i` is on.
    [[nodiscard]] QByteArray indentAt(qsizetype i) const
    {
        qsizetype end = lineStart(i);
        const qsizetype start = end;
        while (end < m_text.size() && (m_text[end] == ' ' || m_text[end] == '\t'))
            ++end;
        return m_text.sliced(start, end - start).toByteArray();
    }

    // Whether only spaces and tabs come before `i` on its line.
    [[nodiscard]] bool startsLine(qsizetype i) const { return lineStart(i) + indentAt(i).size() == i; }

    // What follows a member's value on its line: an optional comma, then perhaps a // comment. `end` is the
    // line's end (its \r or \n) when nothing else follows there, else -1.
    struct LineRest
    {
        qsizetype commaAt = -1;
        qsizetype end = -1;
        bool comment = false;
    };
    [[nodiscard]] LineRest restOfLine(qsizetype valueEnd) const
    {
        LineRest rest;
        qsizetype i = valueEnd;
        const auto skipSpaces = [&]() {
            while (at(i) == ' ' || at(i) == '\t')
                ++i;
        };
        skipSpaces();
        if (at(i) == ',')
            rest.commaAt = i++;
        skipSpaces();
        if (at(i) == '/' && at(i + 1) == '/') {
            rest.comment = true;
            while (i < m_text.size() && m_text[i] != '\n' && m_text[i] != '\r')
                ++i;
        }
        if (at(i) == '\n' || at(i) == '\r')
            rest.end = i;
        return rest;
    }

    // The comma after the value ending at `valueEnd` (comments may come between), or -1.
    [[nodiscard]] qsizetype commaAfter(qsizetype valueEnd) const
    {
        const qsizetype i = skipBlank(valueEnd);
        return at(i) == ',' ? i : -1;
    }

    // Whether a comma anywhere comes right before a } or ] (JSONC's trailing comma).
    [[nodiscard]] bool usesTrailingCommas() const
    {
        qsizetype i = 0;
        while (i < m_text.size()) {
            const char c = m_text[i];
            if (c == '"') {
                i = skipString(i);
            } else if (c == '/' && (at(i + 1) == '/' || at(i + 1) == '*')) {
                i = skipBlank(i);
            } else {
                if (c == ',' && (at(skipBlank(i + 1)) == '}' || at(skipBlank(i + 1)) == ']'))
                    return true;
                ++i;
            }
        }
        return false;
    }

    // A member name exactly as an app reads it (JSON.parse, serde): every character, U+FEFF included.
    // QJsonDocument drops a U+FEFF that starts a string, so the text is decoded behind a sentinel character;
    // otherwise "\uFEFFmcpServers" would be taken for "mcpServers" and the entry written where no app looks
    // (found by fuzz_jsoncedit).
    [[nodiscard]] static QString decodeKey(QByteArrayView quoted)
    {
        if (quoted.isEmpty())
            return {};
        const QByteArray array = "[\"_" + quoted.sliced(1).toByteArray() + ']';
        return QJsonDocument::fromJson(array).array().at(0).toString().mid(1);
    }

private:
    QByteArrayView m_text;
};

// The file's own newline and indentation step, so an inserted member looks as if the file's author wrote it.
struct Layout
{
    QByteArray newline = "\n";
    QByteArray unit = "  ";
};

Layout layoutOf(QByteArrayView text)
{
    Layout layout;
    if (text.contains(QByteArrayView("\r\n")))
        layout.newline = "\r\n";
    // The indentation of the first indented line that starts with a key: the top-level members' step.
    qsizetype i = 0;
    while (i < text.size()) {
        qsizetype end = i;
        while (end < text.size() && (text[end] == ' ' || text[end] == '\t'))
            ++end;
        if (end > i && end < text.size() && text[end] == '"') {
            layout.unit = text.sliced(i, end - i).toByteArray();
            break;
        }
        const qsizetype newline = text.indexOf('\n', end);
        if (newline < 0)
            break;
        i = newline + 1;
    }
    return layout;
}

// A value on one line: `["bridge", "id"]`, `{"a": 1}`.
QByteArray inlineJson(const QJsonValue &value)
{
    if (value.isArray()) {
        QByteArrayList items;
        for (const QJsonValue &item : value.toArray())
            items.append(inlineJson(item));
        return '[' + items.join(", ") + ']';
    }
    if (value.isObject()) {
        const QJsonObject object = value.toObject();
        QByteArrayList members;
        for (auto it = object.constBegin(); it != object.constEnd(); ++it)
            members.append(inlineJson(it.key()) + ": " + inlineJson(it.value()));
        return '{' + members.join(", ") + '}';
    }
    const QByteArray wrapped = QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact);
    return wrapped.sliced(1, wrapped.size() - 2);
}

QByteArray quoted(const QString &text)
{
    return inlineJson(QJsonValue(text));
}

// A value to write, given the indentation of its member's line; `multiline` false for an object written on
// one line.
using ValueRenderer = std::function<QByteArray(const QByteArray &indent, bool multiline)>;

ValueRenderer entryRenderer(const connect_app::EntryMembers &entry, const Layout &layout)
{
    return [entry, layout](const QByteArray &indent, bool multiline) -> QByteArray {
        QByteArrayList members;
        for (const auto &[key, value] : entry)
            members.append(quoted(key) + ": " + inlineJson(value));
        if (!multiline)
            return '{' + members.join(", ") + '}';
        const QByteArray separator = ',' + layout.newline + indent + layout.unit;
        return '{' + layout.newline + indent + layout.unit + members.join(separator) + layout.newline + indent + '}';
    };
}

// An object holding the one member `key`: `value`.
ValueRenderer objectRenderer(const QString &key, const ValueRenderer &value, const Layout &layout)
{
    return [key, value, layout](const QByteArray &indent, bool multiline) -> QByteArray {
        if (!multiline)
            return '{' + quoted(key) + ": " + value({}, false) + '}';
        const QByteArray inner = indent + layout.unit;
        return '{' + layout.newline + inner + quoted(key) + ": " + value(inner, true) + layout.newline + indent + '}';
    };
}

// Replacements of [position, position + length) by text, applied from the end so earlier positions hold.
struct Edit
{
    qsizetype position;
    qsizetype length;
    QByteArray text;
};

QByteArray applied(QByteArrayView text, QList<Edit> edits)
{
    std::sort(edits.begin(), edits.end(), [](const Edit &a, const Edit &b) { return a.position > b.position; });
    QByteArray result = text.toByteArray();
    for (const Edit &edit : edits)
        result.replace(edit.position, edit.length, edit.text);
    return result;
}

QList<Edit> insertion(const Scanner &scanner, const ObjectSpan &object, const QString &key, const ValueRenderer &value,
                      const Layout &layout)
{
    const QByteArray outerIndent = scanner.indentAt(object.open);
    if (object.members.isEmpty()) {
        const QByteArray indent = outerIndent + layout.unit;
        const QByteArray member = layout.newline + indent + quoted(key) + ": " + value(indent, true);
        bool blank = true;
        for (qsizetype i = object.open + 1; i < object.close; ++i)
            blank = blank && QByteArrayView(" \t\r\n").contains(scanner.at(i));
        if (blank) // `{}` or `{ }` becomes a member on its own line
            return {{object.open + 1, object.close - object.open - 1, member + layout.newline + outerIndent}};
        return {{object.open + 1, 0, member}}; // the comments inside stay after the member
    }

    const MemberSpan &last = object.members.constLast();
    bool oneLine = true;
    for (qsizetype i = object.open; i < object.close && oneLine; ++i)
        oneLine = scanner.at(i) != '\n';
    if (oneLine)
        return {{last.valueEnd, 0, ", " + quoted(key) + ": " + value({}, false)}};

    const QByteArray indent =
        scanner.startsLine(last.keyStart) ? scanner.indentAt(last.keyStart) : outerIndent + layout.unit;
    const QByteArray member = quoted(key) + ": " + value(indent, true);
    const Scanner::LineRest rest = scanner.restOfLine(last.valueEnd);
    if (rest.end < 0) // something else follows on the last member's line: the new member goes right after it
        return {{last.valueEnd, 0, ',' + layout.newline + indent + member}};
    // On a line of its own after the last member's line (whose comment stays where it is). A last member that
    // ends with a comma (JSONC) says how the file is written: the new last member ends with one too.
    if (rest.commaAt >= 0)
        return {{rest.end, 0, layout.newline + indent + member + ','}};
    return {{rest.end, 0, layout.newline + indent + member}, {last.valueEnd, 0, QByteArray(",")}};
}

QList<Edit> replacement(const Scanner &scanner, const ObjectSpan &object, const MemberSpan &member,
                        const ValueRenderer &value, const Layout &layout)
{
    bool oneLine = true;
    for (qsizetype i = object.open; i < object.close && oneLine; ++i)
        oneLine = scanner.at(i) != '\n';
    const QByteArray indent = scanner.startsLine(member.keyStart) ? scanner.indentAt(member.keyStart)
                                                                  : scanner.indentAt(object.open) + layout.unit;
    return {{member.valueStart, member.valueEnd - member.valueStart, value(indent, !oneLine)}};
}

QList<Edit> removal(const Scanner &scanner, const ObjectSpan &object, qsizetype index)
{
    const MemberSpan &member = object.members.at(index);
    const bool isLast = index == object.members.size() - 1;
    const Scanner::LineRest rest = scanner.restOfLine(member.valueEnd);
    const bool ownLines = scanner.startsLine(member.keyStart) && rest.end >= 0;
    qsizetype start = member.keyStart;
    qsizetype end = rest.commaAt >= 0 ? rest.commaAt + 1 : member.valueEnd;
    if (ownLines) {
        // The member's whole lines go; a comment at the end of its last line stays.
        start = scanner.lineStart(member.keyStart);
        if (!rest.comment)
            end = rest.end + (scanner.at(rest.end) == '\r' && scanner.at(rest.end + 1) == '\n' ? 2 : 1);
    } else if (!isLast) {
        end = object.members.at(index + 1).keyStart;
    } else if (const qsizetype comma = index > 0 ? scanner.commaAfter(object.members.at(index - 1).valueEnd) : -1;
               comma >= 0) {
        start = comma;
        end = member.valueEnd;
    }

    if (object.members.size() == 1) {
        // Nothing but blanks left inside: `{}`, as an app writes an empty map.
        bool blank = true;
        for (qsizetype i = object.open + 1; i < object.close && blank; ++i)
            blank = (i >= start && i < end) || QByteArrayView(" \t\r\n").contains(scanner.at(i));
        if (blank)
            return {{object.open + 1, object.close - object.open - 1, {}}};
    }
    QList<Edit> edits{{start, end - start, {}}};
    // A last member's own comma may stand after comments on a later line (JSONC's trailing comma): it goes
    // with the member, or the member before would be followed by two commas (found by fuzz_jsoncedit).
    if (ownLines && isLast && rest.commaAt < 0) {
        if (const qsizetype laterComma = scanner.commaAfter(member.valueEnd); laterComma >= end)
            edits.append({laterComma, 1, {}});
    }
    // The member before becomes the last: its comma goes too, unless the file ends members with commas
    // elsewhere (JSONC), where it may have been there before.
    if (ownLines && isLast && rest.commaAt < 0 && index > 0 && !scanner.usesTrailingCommas()) {
        if (const qsizetype comma = scanner.commaAfter(object.members.at(index - 1).valueEnd); comma >= 0)
            edits.append({comma, 1, {}});
    }
    return edits;
}

bool isBlank(QByteArrayView text)
{
    if (text.startsWith(kByteOrderMark))
        text = text.sliced(kByteOrderMark.size());
    return text.trimmed().isEmpty();
}

// The parsed top-level object, with `objectKey` checked to be an object when present.
Result<QJsonObject> checkedRoot(QByteArrayView text, const QString &objectKey)
{
    if (text.size() > kMaxFileSize)
        return Error(ErrorCode::ConfigInvalid, QCoreApplication::translate("JsoncEdit", "The file is too large."));
    Result<QJsonObject> root = jsonc::parseObject(text, jsonc::Dialect::Tolerant);
    if (!root)
        return root.error();
    if (root.value().contains(objectKey) && !root.value().value(objectKey).isObject())
        return Error(ErrorCode::ConfigInvalid,
                     QCoreApplication::translate("JsoncEdit", "\"%1\" is not an object that maps server names to "
                                                              "servers.")
                         .arg(objectKey));
    return root;
}

} // namespace

Result<QByteArray> setMember(QByteArrayView text, const QString &objectKey, const QString &key,
                             const connect_app::EntryMembers &entry)
{
    const Layout layout = layoutOf(text);
    const ValueRenderer entryValue = entryRenderer(entry, layout);
    const ValueRenderer serversValue = objectRenderer(key, entryValue, layout);
    if (isBlank(text)) // a new file
        return QByteArray('{' + layout.newline + layout.unit + quoted(objectKey) + ": "
                          + serversValue(layout.unit, true) + layout.newline + '}' + layout.newline);
    if (const Result<QJsonObject> root = checkedRoot(text, objectKey); !root)
        return root.error();

    const Scanner scanner(text);
    const ObjectSpan root = scanner.object(scanner.rootOpen());
    const MemberSpan *servers = root.find(objectKey);
    if (!servers)
        return applied(text, insertion(scanner, root, objectKey, serversValue, layout));
    const ObjectSpan serversObject = scanner.object(servers->valueStart);
    if (const MemberSpan *existing = serversObject.find(key))
        return applied(text, replacement(scanner, serversObject, *existing, entryValue, layout));
    return applied(text, insertion(scanner, serversObject, key, entryValue, layout));
}

Result<QByteArray> removeMember(QByteArrayView text, const QString &objectKey, const QString &key)
{
    if (isBlank(text))
        return text.toByteArray();
    if (const Result<QJsonObject> root = checkedRoot(text, objectKey); !root)
        return root.error();

    const Scanner scanner(text);
    const ObjectSpan root = scanner.object(scanner.rootOpen());
    const MemberSpan *servers = root.find(objectKey);
    if (!servers)
        return text.toByteArray();
    const ObjectSpan serversObject = scanner.object(servers->valueStart);
    for (qsizetype i = serversObject.members.size() - 1; i >= 0; --i) {
        if (serversObject.members.at(i).key == key)
            return applied(text, removal(scanner, serversObject, i));
    }
    return text.toByteArray();
}

} // namespace portico::jsonc_edit
