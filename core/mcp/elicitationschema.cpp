#include "mcp/elicitationschema.h"

#include <QCoreApplication>
#include <QJsonArray>

#include <cmath>

namespace portico::elicitation_schema {

namespace {

Error invalid(const QString &message)
{
    return Error(ErrorCode::InvalidArgument, message);
}

QString tr(const char *text)
{
    return QCoreApplication::translate("ElicitationSchema", text);
}

// Enum values may come as `enum` or as titled `oneOf` / `anyOf` entries of `const` (2025-11-25 schema).
QJsonArray allowedValues(const QJsonObject &property)
{
    if (property.contains(QStringLiteral("enum")))
        return property.value(QStringLiteral("enum")).toArray();
    QJsonArray values;
    for (const char *key : {"oneOf", "anyOf"}) {
        const QJsonArray options = property.value(QLatin1StringView(key)).toArray();
        for (const QJsonValue &option : options) {
            if (option.toObject().contains(QStringLiteral("const")))
                values.append(option.toObject().value(QStringLiteral("const")));
        }
    }
    return values;
}

Result<void> validateProperty(const QString &name, const QJsonValue &value, const QJsonObject &property)
{
    const QString type = property.value(QStringLiteral("type")).toString();
    if (type == QLatin1StringView("string")) {
        if (!value.isString())
            return invalid(tr("“%1” must be text.").arg(name));
        const qsizetype length = value.toString().size();
        if (property.contains(QStringLiteral("minLength"))
            && length < property.value(QStringLiteral("minLength")).toInt())
            return invalid(tr("“%1” is too short.").arg(name));
        if (property.contains(QStringLiteral("maxLength"))
            && length > property.value(QStringLiteral("maxLength")).toInt())
            return invalid(tr("“%1” is too long.").arg(name));
    } else if (type == QLatin1StringView("number") || type == QLatin1StringView("integer")) {
        if (!value.isDouble())
            return invalid(tr("“%1” must be a number.").arg(name));
        const double number = value.toDouble();
        if (type == QLatin1StringView("integer") && number != std::floor(number))
            return invalid(tr("“%1” must be a whole number.").arg(name));
        if (property.contains(QStringLiteral("minimum"))
            && number < property.value(QStringLiteral("minimum")).toDouble())
            return invalid(tr("“%1” is below its minimum.").arg(name));
        if (property.contains(QStringLiteral("maximum"))
            && number > property.value(QStringLiteral("maximum")).toDouble())
            return invalid(tr("“%1” is above its maximum.").arg(name));
    } else if (type == QLatin1StringView("boolean")) {
        if (!value.isBool())
            return invalid(tr("“%1” must be yes or no.").arg(name));
    } else if (type == QLatin1StringView("array")) {
        // Multi-select enums (2025-11-25): every item must be an allowed value.
        if (!value.isArray())
            return invalid(tr("“%1” must be a list.").arg(name));
        const QJsonArray allowed = allowedValues(property.value(QStringLiteral("items")).toObject());
        for (const QJsonValue &item : value.toArray()) {
            if (!allowed.isEmpty() && !allowed.contains(item))
                return invalid(tr("“%1” holds a value that is not offered.").arg(name));
        }
        return Result<void>::success();
    }
    const QJsonArray allowed = allowedValues(property);
    if (!allowed.isEmpty() && !allowed.contains(value))
        return invalid(tr("“%1” must be one of the offered values.").arg(name));
    return Result<void>::success();
}

} // namespace

QJsonObject defaults(const QJsonObject &requestedSchema)
{
    QJsonObject content;
    const QJsonObject properties = requestedSchema.value(QStringLiteral("properties")).toObject();
    for (auto it = properties.constBegin(); it != properties.constEnd(); ++it) {
        const QJsonObject property = it.value().toObject();
        if (property.contains(QStringLiteral("default")))
            content.insert(it.key(), property.value(QStringLiteral("default")));
    }
    return content;
}

Result<void> validate(const QJsonObject &content, const QJsonObject &requestedSchema)
{
    const QJsonObject properties = requestedSchema.value(QStringLiteral("properties")).toObject();
    const QJsonArray required = requestedSchema.value(QStringLiteral("required")).toArray();
    for (const QJsonValue &name : required) {
        if (!content.contains(name.toString()))
            return invalid(tr("“%1” is required.").arg(name.toString()));
    }
    for (auto it = content.constBegin(); it != content.constEnd(); ++it) {
        if (!properties.contains(it.key()))
            return invalid(tr("“%1” was not asked for.").arg(it.key()));
        Result<void> checked = validateProperty(it.key(), it.value(), properties.value(it.key()).toObject());
        if (!checked.ok())
            return checked;
    }
    return Result<void>::success();
}

} // namespace portico::elicitation_schema
