#include "mcp/toolheaders.h"

#include "mcp/headervalueencoding.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonValue>
#include <QSet>

#include <algorithm>
#include <cmath>
#include <optional>

namespace portico::tool_headers {

namespace {

const QLatin1StringView kAnnotation{"x-mcp-header"};
// Integers must be within the range IEEE 754 doubles represent exactly (server/tools.mdx §x-mcp-header).
constexpr double kMaxSafeInteger = 9007199254740991.0; // 2^53 − 1

QString tr(const char *text)
{
    return QCoreApplication::translate("ToolHeaders", text);
}

// RFC 9110 §5.6.2: tchar = "!" / "#" / "$" / "%" / "&" / "'" / "*" / "+" / "-" / "." / "^" / "_" / "`" / "|" /
// "~" / DIGIT / ALPHA.
bool isTchar(QChar c)
{
    const char16_t u = c.unicode();
    if ((u >= u'a' && u <= u'z') || (u >= u'A' && u <= u'Z') || (u >= u'0' && u <= u'9'))
        return true;
    return QStringView(u"!#$%&'*+-.^_`|~").contains(c);
}

bool hasControlCharacter(QStringView text)
{
    return std::any_of(text.cbegin(), text.cend(), [](QChar c) { return c.unicode() < 0x20 || c.unicode() == 0x7f; });
}

// A JSON Pointer (RFC 6901) to a schema location, for the reason text.
QString pointerStep(QString token)
{
    token.replace(u'~', QStringLiteral("~0"));
    token.replace(u'/', QStringLiteral("~1"));
    return u'/' + token;
}

bool isPrimitiveInstance(const QJsonValue &value)
{
    if (value.isString() || value.isBool())
        return true;
    if (value.isDouble()) {
        const double number = value.toDouble();
        return std::trunc(number) == number && std::fabs(number) <= kMaxSafeInteger;
    }
    return false;
}

// Why the annotated schema is not of a primitive type, or nothing when it is. `type` decides; a type list
// may add "null" (a null argument sends no header); without `type`, a `const` or `enum` of primitive values
// settles it. Anything else (number, object, array, null alone, no type at all) is refused: the constraint
// is a MUST and a client that cannot tell must not guess.
std::optional<QString> primitiveTypeProblem(const QJsonObject &schema)
{
    static const QSet<QString> primitives{QStringLiteral("string"), QStringLiteral("integer"),
                                          QStringLiteral("boolean")};
    const QJsonValue type = schema.value(QStringLiteral("type"));
    if (type.isString()) {
        if (primitives.contains(type.toString()))
            return std::nullopt;
        return tr("it is on a parameter of type “%1”; only string, integer and boolean parameters may be mirrored")
            .arg(type.toString().left(40));
    }
    if (type.isArray()) {
        bool anyPrimitive = false;
        for (const QJsonValue &member : type.toArray()) {
            const QString name = member.toString();
            if (primitives.contains(name)) {
                anyPrimitive = true;
            } else if (name != QLatin1StringView("null")) {
                return tr("it is on a parameter that may be of type “%1”; only string, integer and boolean "
                          "parameters may be mirrored")
                    .arg(member.isString() ? name.left(40) : QStringLiteral("?"));
            }
        }
        if (anyPrimitive)
            return std::nullopt;
        return tr("it is on a parameter whose type is not string, integer or boolean");
    }
    if (!type.isUndefined())
        return tr("it is on a parameter whose “type” is malformed");
    if (schema.contains(QStringLiteral("const")) && isPrimitiveInstance(schema.value(QStringLiteral("const"))))
        return std::nullopt;
    const QJsonArray choices = schema.value(QStringLiteral("enum")).toArray();
    const bool primitiveChoices =
        !choices.isEmpty() && std::all_of(choices.cbegin(), choices.cend(), [](const QJsonValue &choice) {
            return choice.isNull() || isPrimitiveInstance(choice);
        });
    if (primitiveChoices)
        return std::nullopt;
    return tr("it is on a parameter that declares no type; only string, integer and boolean parameters may be "
              "mirrored");
}

// Walks one inputSchema, collecting the annotations that are valid and stopping at the first invalid one.
class SchemaWalker
{
public:
    std::optional<QString> problem;
    QList<Binding> found;

    void walk(const QJsonValue &node, const QStringList &path, const QString &pointer, bool reachable, int depth)
    {
        if (problem || !node.isObject())
            return; // `true`/`false` schemas and non-schemas carry no annotation
        if (depth > kMaxSchemaDepth) {
            problem = tr("its inputSchema nests deeper than %1 levels").arg(kMaxSchemaDepth);
            return;
        }
        if (++m_nodes > kMaxSchemaNodes) {
            problem = tr("its inputSchema has more than %1 subschemas").arg(kMaxSchemaNodes);
            return;
        }
        const QJsonObject schema = node.toObject();
        if (schema.contains(kAnnotation))
            check(schema, path, pointer, reachable);

        for (auto it = schema.constBegin(); it != schema.constEnd() && !problem; ++it) {
            const QString keyword = it.key();
            const QString here = pointer + pointerStep(keyword);
            if (keyword == QLatin1StringView("properties")) {
                // Only a chain of `properties` keys keeps a parameter statically reachable (requirements TRANSPORT-12).
                const QJsonObject properties = it.value().toObject();
                for (auto property = properties.constBegin(); property != properties.constEnd(); ++property) {
                    walk(property.value(), path + QStringList{property.key()}, here + pointerStep(property.key()),
                         reachable, depth + 1);
                }
            } else if (isSchemaMapKeyword(keyword)) {
                const QJsonObject map = it.value().toObject();
                for (auto entry = map.constBegin(); entry != map.constEnd(); ++entry)
                    walk(entry.value(), path, here + pointerStep(entry.key()), false, depth + 1);
            } else if (isSchemaListKeyword(keyword) && it.value().isArray()) {
                const QJsonArray list = it.value().toArray();
                for (qsizetype i = 0; i < list.size(); ++i)
                    walk(list.at(i), path, here + u'/' + QString::number(i), false, depth + 1);
            } else if (isSchemaKeyword(keyword)) {
                walk(it.value(), path, here, false, depth + 1);
            }
            // Every other keyword (enum, const, default, examples, required, $ref, …) holds data or a
            // reference, not a subschema: a key named x-mcp-header inside a default value is not an annotation.
        }
    }

private:
    static bool isSchemaKeyword(const QString &keyword)
    {
        // JSON Schema 2020-12 applicators with one subschema (items also in its draft-07 list form, below).
        static const QSet<QString> keywords{QStringLiteral("additionalProperties"),
                                            QStringLiteral("items"),
                                            QStringLiteral("additionalItems"),
                                            QStringLiteral("contains"),
                                            QStringLiteral("not"),
                                            QStringLiteral("if"),
                                            QStringLiteral("then"),
                                            QStringLiteral("else"),
                                            QStringLiteral("propertyNames"),
                                            QStringLiteral("unevaluatedProperties"),
                                            QStringLiteral("unevaluatedItems"),
                                            QStringLiteral("contentSchema")};
        return keywords.contains(keyword);
    }
    static bool isSchemaListKeyword(const QString &keyword)
    {
        static const QSet<QString> keywords{QStringLiteral("allOf"), QStringLiteral("anyOf"), QStringLiteral("oneOf"),
                                            QStringLiteral("prefixItems"), QStringLiteral("items")};
        return keywords.contains(keyword);
    }
    static bool isSchemaMapKeyword(const QString &keyword)
    {
        static const QSet<QString> keywords{QStringLiteral("$defs"), QStringLiteral("definitions"),
                                            QStringLiteral("patternProperties"), QStringLiteral("dependentSchemas"),
                                            QStringLiteral("dependencies")};
        return keywords.contains(keyword);
    }

    void check(const QJsonObject &schema, const QStringList &path, const QString &pointer, bool reachable)
    {
        const QString where = pointer.isEmpty() ? QStringLiteral("/") : pointer;
        const QJsonValue annotation = schema.value(kAnnotation);
        if (!reachable || path.isEmpty()) {
            problem = tr("its x-mcp-header at %1 is not on a property reachable through “properties” alone").arg(where);
            return;
        }
        if (!annotation.isString()) {
            problem = tr("its x-mcp-header at %1 is not a string").arg(where);
            return;
        }
        const QString name = annotation.toString();
        if (name.isEmpty()) {
            problem = tr("its x-mcp-header at %1 is empty").arg(where);
            return;
        }
        if (hasControlCharacter(name)) {
            problem = tr("its x-mcp-header at %1 contains a control character (such as CR, LF or tab)").arg(where);
            return;
        }
        if (!std::all_of(name.cbegin(), name.cend(), isTchar)) {
            problem = tr("its x-mcp-header “%1” at %2 is not an HTTP field-name token (RFC 9110 §5.1)")
                          .arg(name.left(80), where);
            return;
        }
        if (const std::optional<QString> typeProblem = primitiveTypeProblem(schema)) {
            problem = tr("its x-mcp-header “%1”: %2").arg(name, *typeProblem);
            return;
        }
        // Tokens are ASCII, so toLower() is the case-insensitive comparison RFC 9110 §5.1 asks for.
        const QString folded = name.toLower();
        if (m_folded.contains(folded)) {
            problem = tr("its x-mcp-header “%1” duplicates another one (header names are case-insensitive)").arg(name);
            return;
        }
        m_folded.insert(folded);
        found.append(Binding{path, name});
    }

    int m_nodes = 0;
    QSet<QString> m_folded;
};

Error invalidTool(const QString &reason)
{
    return Error(ErrorCode::MalformedResponse, tr("The server describes a tool Portico cannot call safely."), reason);
}

// The argument at `path`, or undefined when some step is missing (header omitted).
QJsonValue valueAt(const QJsonObject &arguments, const QStringList &path)
{
    QJsonValue current = arguments;
    for (const QString &key : path) {
        if (!current.isObject())
            return QJsonValue(QJsonValue::Undefined);
        current = current.toObject().value(key);
    }
    return current;
}

} // namespace

QByteArray Binding::headerName() const
{
    return QByteArrayLiteral("Mcp-Param-") + annotation.toLatin1();
}

QString ExcludedTool::warning() const
{
    // The name comes from the server: keep it one printable line of sensible length.
    QString printable = name.left(128);
    for (QChar &c : printable) {
        if (c.unicode() < 0x20 || c.unicode() == 0x7f)
            c = u'?';
    }
    return tr("Tool “%1” is not offered: %2.").arg(printable, reason);
}

Result<QList<Binding>> bindings(const QJsonObject &tool)
{
    const QJsonValue schema = tool.value(QStringLiteral("inputSchema"));
    if (!schema.isObject())
        return QList<Binding>{};
    SchemaWalker walker;
    walker.walk(schema, {}, {}, true, 0);
    if (walker.problem)
        return invalidTool(*walker.problem);
    return walker.found;
}

Screening screen(const QList<QJsonObject> &tools)
{
    Screening screening;
    for (const QJsonObject &tool : tools) {
        const Result<QList<Binding>> found = bindings(tool);
        if (found.ok())
            screening.usable.append(tool);
        else
            screening.excluded.append({tool.value(QStringLiteral("name")).toString(), found.error().detail(), tool});
    }
    return screening;
}

Result<HttpHeaders> paramHeaders(const QJsonObject &tool, const QJsonObject &arguments)
{
    const Result<QList<Binding>> found = bindings(tool);
    if (!found.ok()) {
        return Error(ErrorCode::InvalidArgument, found.error().message(), found.error().detail());
    }
    HttpHeaders headers;
    for (const Binding &binding : found.value()) {
        const QJsonValue value = valueAt(arguments, binding.path);
        QByteArray headerValue;
        if (value.isUndefined() || value.isNull()) {
            continue; // null or absent: the header is omitted (streamable-http.mdx §Server Behavior table)
        } else if (value.isString()) {
            headerValue = header_value_encoding::encode(value.toString());
        } else if (value.isBool()) {
            headerValue = value.toBool() ? QByteArrayLiteral("true") : QByteArrayLiteral("false");
        } else if (isPrimitiveInstance(value)) {
            headerValue = QByteArray::number(static_cast<qint64>(value.toDouble()));
        } else {
            return Error(ErrorCode::InvalidArgument, tr("An argument of this tool cannot be sent."),
                         tr("argument “%1” (header %2) must be a string, an integer within ±(2^53−1) or a boolean")
                             .arg(binding.path.join(u'.').left(200), QString::fromLatin1(binding.headerName())));
        }
        headers.append({binding.headerName(), headerValue});
    }
    return headers;
}

} // namespace portico::tool_headers
