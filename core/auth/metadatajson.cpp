#include "auth/metadatajson.h"

#include "auth/scopeset.h"

#include "common/redaction.h"
#include "net/urlpolicy.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QJsonValue>

namespace portico::metadata_json {

namespace {

QString memberName(QLatin1StringView name)
{
    return QString(name);
}

} // namespace

Error invalid(const QString &document, const QString &detail)
{
    return Error(ErrorCode::MetadataInvalid,
                 QCoreApplication::translate("AuthMetadata", "The sign-in information the server published (%1) "
                                                             "is not usable.")
                     .arg(document),
                 detail);
}

QString quoted(QStringView untrusted)
{
    constexpr qsizetype kShown = 120;
    QString shown = untrusted.left(kShown).toString();
    for (QChar &c : shown) {
        if (c.category() == QChar::Other_Control || c.category() == QChar::Other_Format)
            c = QChar(u'?');
    }
    if (untrusted.size() > kShown)
        shown += QStringLiteral("…");
    // A URL shown to a person keeps codes and tokens out of view (docs/architecture.md, "Security rules").
    return u'"' + redaction::redactText(shown) + u'"';
}

Result<QJsonObject> parseObject(QByteArrayView json, const QString &document)
{
    // Requirements SEC-12: the size limit first, so an oversize body costs nothing more.
    if (json.size() > kMaxDocumentBytes)
        return invalid(document, QStringLiteral("the document is %1 bytes; at most %2 are accepted")
                                     .arg(json.size())
                                     .arg(kMaxDocumentBytes));
    // Requirements SEC-12, ATTACK-9: nesting depth, found by a linear scan that skips string contents (RFC 8259 §7: a
    // string is quoted, and a quote inside it is escaped with a backslash).
    int depth = 0;
    bool inString = false;
    bool escaped = false;
    for (const char c : json) {
        if (inString) {
            if (escaped)
                escaped = false;
            else if (c == '\\')
                escaped = true;
            else if (c == '"')
                inString = false;
            continue;
        }
        if (c == '"') {
            inString = true;
        } else if (c == '{' || c == '[') {
            if (++depth > kMaxDepth)
                return invalid(document, QStringLiteral("the JSON nests deeper than %1 levels").arg(kMaxDepth));
        } else if (c == '}' || c == ']') {
            --depth;
        }
    }
    QJsonParseError parseError;
    const QJsonDocument parsed = QJsonDocument::fromJson(json.toByteArray(), &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return invalid(
            document,
            QStringLiteral("invalid JSON at offset %1: %2").arg(parseError.offset).arg(parseError.errorString()));
    // RFC 9728 §3.2 / RFC 8414 §3.2: the body is a JSON object (requirements AUTH-4).
    if (!parsed.isObject())
        return invalid(document, QStringLiteral("the document is not a JSON object"));
    return parsed.object();
}

Result<std::optional<QString>> optionalString(const QJsonObject &object, QLatin1StringView name,
                                              const QString &document)
{
    const QJsonValue value = object.value(name);
    if (value.isUndefined() || value.isNull())
        return std::optional<QString>();
    if (!value.isString())
        return invalid(document, QStringLiteral("'%1' is not a string").arg(memberName(name)));
    QString text = value.toString();
    if (text.size() > kMaxStringLength)
        return invalid(document,
                       QStringLiteral("'%1' is longer than %2 characters").arg(memberName(name)).arg(kMaxStringLength));
    return std::optional<QString>(std::move(text));
}

Result<std::optional<QStringList>> optionalStringArray(const QJsonObject &object, QLatin1StringView name,
                                                       const QString &document)
{
    const QJsonValue value = object.value(name);
    if (value.isUndefined() || value.isNull())
        return std::optional<QStringList>();
    if (!value.isArray())
        return invalid(document, QStringLiteral("'%1' is not a JSON array").arg(memberName(name)));
    const QJsonArray array = value.toArray();
    if (array.size() > kMaxArrayEntries)
        return invalid(document,
                       QStringLiteral("'%1' has more than %2 entries").arg(memberName(name)).arg(kMaxArrayEntries));
    QStringList list;
    list.reserve(array.size());
    for (const QJsonValue &entry : array) {
        if (!entry.isString())
            return invalid(document, QStringLiteral("an entry of '%1' is not a string").arg(memberName(name)));
        QString text = entry.toString();
        if (text.size() > kMaxStringLength)
            return invalid(document, QStringLiteral("an entry of '%1' is longer than %2 characters")
                                         .arg(memberName(name))
                                         .arg(kMaxStringLength));
        list.append(std::move(text));
    }
    return std::optional<QStringList>(std::move(list));
}

Result<std::optional<bool>> optionalBool(const QJsonObject &object, QLatin1StringView name, const QString &document)
{
    const QJsonValue value = object.value(name);
    if (value.isUndefined() || value.isNull())
        return std::optional<bool>();
    if (!value.isBool())
        return invalid(document, QStringLiteral("'%1' is not true or false").arg(memberName(name)));
    return std::optional<bool>(value.toBool());
}

Result<std::optional<QStringList>> optionalScopeArray(const QJsonObject &object, QLatin1StringView name,
                                                      const QString &document)
{
    Result<std::optional<QStringList>> scopes = optionalStringArray(object, name, document);
    if (!scopes.ok() || !scopes.value().has_value())
        return scopes;
    for (const QString &scope : *scopes.value()) {
        if (!ScopeSet::isValidToken(scope)) // RFC 6749 §3.3 NQCHAR
            return invalid(document,
                           QStringLiteral("'%1' has %2, which is not a scope token").arg(QString(name), quoted(scope)));
    }
    return scopes;
}

Result<QUrl> serverUrl(const QString &raw, QLatin1StringView name, const QString &document)
{
    // QT_NO_URL_CAST_FROM_STRING: parsed on purpose, strictly, so a malformed value is an error rather than a
    // "repaired" guess (requirements SEC-1).
    const QUrl url(raw, QUrl::StrictMode);
    const Result<void> allowed = url_policy::check(url);
    if (!allowed.ok()) {
        // Requirements SEC-1, SEC-3: https only, http only to loopback; javascript:, data:, file: and other schemes
        // never pass.
        return invalid(document,
                       QStringLiteral("'%1' %2: %3").arg(memberName(name), quoted(raw), allowed.error().message()));
    }
    // RFC 6749 §3.1/§3.2 (endpoints), RFC 8414 §2 (issuer), RFC 9728 §1.2 (resource): no fragment component.
    if (url.hasFragment() || raw.contains(u'#'))
        return invalid(document, QStringLiteral("'%1' %2 has a fragment").arg(memberName(name), quoted(raw)));
    return url;
}

} // namespace portico::metadata_json
