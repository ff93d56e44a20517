#include "mcp/catalogitems.h"

#include <QJsonArray>

namespace portico {

namespace {
QString text(const QJsonObject &object, const char *key)
{
    return object.value(QLatin1StringView(key)).toString();
}
} // namespace

Tool Tool::fromJson(const QJsonObject &object)
{
    return {text(object, "name"),
            text(object, "title"),
            text(object, "description"),
            object.value(QStringLiteral("inputSchema")).toObject(),
            object.value(QStringLiteral("annotations")).toObject(),
            object};
}

Resource Resource::fromJson(const QJsonObject &object)
{
    return {text(object, "uri"),         text(object, "name"),     text(object, "title"),
            text(object, "description"), text(object, "mimeType"), object};
}

ResourceTemplate ResourceTemplate::fromJson(const QJsonObject &object)
{
    return {text(object, "uriTemplate"), text(object, "name"),     text(object, "title"),
            text(object, "description"), text(object, "mimeType"), object};
}

Prompt Prompt::fromJson(const QJsonObject &object)
{
    Prompt prompt{text(object, "name"), text(object, "title"), text(object, "description"), {}, object};
    const QJsonArray arguments = object.value(QStringLiteral("arguments")).toArray();
    for (const QJsonValue &argument : arguments) {
        const QJsonObject a = argument.toObject();
        prompt.arguments.append(
            {text(a, "name"), text(a, "description"), a.value(QStringLiteral("required")).toBool()});
    }
    return prompt;
}

} // namespace portico
