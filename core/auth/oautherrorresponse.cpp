#include "auth/oautherrorresponse.h"

#include "auth/metadatajson.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace portico {

OAuthErrorResponse OAuthErrorResponse::parse(QByteArrayView body)
{
    OAuthErrorResponse parsed;
    if (body.size() > kMaxBodyBytes)
        return parsed;
    const QJsonDocument document = QJsonDocument::fromJson(body.toByteArray());
    if (!document.isObject())
        return parsed;
    const QJsonObject object = document.object();
    const QJsonValue code = object.value(QLatin1StringView("error"));
    if (code.isString() && isErrorCode(code.toString()))
        parsed.error = code.toString();
    const QJsonValue text = object.value(QLatin1StringView("error_description"));
    if (text.isString() && !text.toString().isEmpty())
        parsed.description = metadata_json::quoted(text.toString());
    return parsed;
}

bool OAuthErrorResponse::isErrorCode(const QString &code)
{
    if (code.isEmpty() || code.size() > kMaxErrorCodeLength)
        return false;
    for (const QChar c : code) {
        const char16_t u = c.unicode();
        if (!(u == 0x20 || u == 0x21 || (u >= 0x23 && u <= 0x5B) || (u >= 0x5D && u <= 0x7E)))
            return false;
    }
    return true;
}

} // namespace portico
