#include "config/remoteserverspec.h"

#include "config/jsonc.h"

namespace portico {

RemoteServerSpec RemoteServerSpec::skipped(const QString &reason)
{
    RemoteServerSpec spec;
    spec.skipReason = reason;
    return spec;
}

RemoteServerSpec RemoteServerSpec::localServer()
{
    return skipped(tr("local (stdio) server: Portico connects to remote servers only"));
}

void RemoteServerSpec::readHeaders(const QJsonValue &value)
{
    if (value.isUndefined() || value.isNull())
        return;
    if (!value.isObject()) {
        skipReason = tr("its \"headers\" are not an object of name: value pairs");
        return;
    }
    const QJsonObject object = value.toObject();
    for (auto it = object.constBegin(); it != object.constEnd(); ++it) {
        if (!it.value().isString()) {
            skipReason = tr("the header %1 is not text").arg(it.key());
            return;
        }
        headers.append({it.key(), it.value().toString()});
    }
}

void RemoteServerSpec::readScopes(const QJsonValue &value)
{
    if (value.isArray())
        scopes = jsonc::toTextList(value);
    else if (value.isString())
        scopes = value.toString().split(QLatin1Char(' '), Qt::SkipEmptyParts);
}

void RemoteServerSpec::readClient(const QJsonObject &object, QLatin1StringView idKey, QLatin1StringView secretKey)
{
    clientId = jsonc::toText(object.value(idKey));
    if (object.contains(secretKey))
        clientSecret = jsonc::toText(object.value(secretKey));
}

} // namespace portico
