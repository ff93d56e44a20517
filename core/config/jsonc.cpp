#include "config/jsonc.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>

namespace portico::jsonc {

namespace {

struct Position
{
    qsizetype line = 1;
    qsizetype column = 1;
};

Position positionOf(QByteArrayView text, qsizetype offset)
{
    Position position;
    for (qsizetype i = 0; i < offset && i < text.size(); ++i) {
        if (text[i] == '\n') {
            ++position.line;
            position.column = 1;
        } else {
            ++position.column;
        }
    }
    return position;
}

Error malformed(QByteArrayView text, qsizetype offset, const QString &what)
{
    const Position at = positionOf(text, offset);
    return Error(ErrorCode::ConfigInvalid,
                 QCoreApplication::translate("Jsonc", "Line %1, column %2: %3").arg(at.line).arg(at.column).arg(what));
}

bool isJsonWhitespace(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

} // namespace

Result<QByteArray> toStrictJson(QByteArrayView text)
{
    QByteArray out = text.toByteArray();
    qsizetype i = 0;
    if (out.startsWith("\xEF\xBB\xBF")) {
        out.replace(0, 3, "   ");
        i = 3;
    }

    // Pass 1: comments become spaces (newlines stay, so line numbers stay right).
    bool inString = false;
    while (i < out.size()) {
        const char c = out.at(i);
        if (inString) {
            if (c == '\\')
                ++i; // the escaped character cannot end the string
            else if (c == '"')
                inString = false;
            ++i;
            continue;
        }
        if (c == '"') {
            inString = true;
            ++i;
        } else if (c == '/' && i + 1 < out.size() && out.at(i + 1) == '/') {
            while (i < out.size() && out.at(i) != '\n' && out.at(i) != '\r')
                out[i++] = ' ';
        } else if (c == '/' && i + 1 < out.size() && out.at(i + 1) == '*') {
            const qsizetype start = i;
            const qsizetype end = out.indexOf("*/", i + 2);
            if (end < 0)
                return malformed(text, start, QCoreApplication::translate("Jsonc", "a /* comment is never closed."));
            for (; i < end + 2; ++i) {
                if (out.at(i) != '\n' && out.at(i) != '\r')
                    out[i] = ' ';
            }
        } else {
            ++i;
        }
    }

    // Pass 2: a comma followed (after whitespace) by } or ] is a trailing comma.
    inString = false;
    for (i = 0; i < out.size(); ++i) {
        const char c = out.at(i);
        if (inString) {
            if (c == '\\')
                ++i;
            else if (c == '"')
                inString = false;
            continue;
        }
        if (c == '"') {
            inString = true;
        } else if (c == ',') {
            qsizetype next = i + 1;
            while (next < out.size() && isJsonWhitespace(out.at(next)))
                ++next;
            if (next < out.size() && (out.at(next) == '}' || out.at(next) == ']'))
                out[i] = ' ';
        }
    }
    return out;
}

Result<QJsonObject> parseObject(QByteArrayView text, Dialect dialect)
{
    QByteArray json;
    if (dialect == Dialect::Tolerant) {
        Result<QByteArray> stripped = toStrictJson(text);
        if (!stripped)
            return stripped.error();
        json = std::move(stripped).value();
    } else {
        json = text.toByteArray();
    }
    if (json.trimmed().isEmpty())
        return Error(ErrorCode::ConfigInvalid, QCoreApplication::translate("Jsonc", "The file is empty."));

    QJsonParseError parseError{};
    const QJsonDocument document = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return malformed(text, parseError.offset, parseError.errorString());
    if (!document.isObject())
        return Error(ErrorCode::ConfigInvalid,
                     QCoreApplication::translate("Jsonc", "The top level is not a JSON object ({ ... })."));
    return document.object();
}

QString toText(const QJsonValue &value)
{
    if (value.isString())
        return value.toString();
    if (value.isDouble())
        return QString::number(value.toDouble(), 'g', 17);
    return {};
}

QStringList toTextList(const QJsonValue &value)
{
    QStringList list;
    for (const QJsonValue &item : value.toArray())
        list.append(toText(item));
    return list;
}

} // namespace portico::jsonc
