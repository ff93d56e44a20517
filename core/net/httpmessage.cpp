#include "net/httpmessage.h"

#include <QCryptographicHash>

namespace portico {

// Field names are case-insensitive (RFC 9110 §5.1).
QByteArray HttpResponse::header(QByteArrayView name) const
{
    for (const auto &[key, value] : headers) {
        if (QByteArrayView(key).compare(name, Qt::CaseInsensitive) == 0)
            return value;
    }
    return {};
}

QList<QByteArray> HttpResponse::headerValues(QByteArrayView name) const
{
    QList<QByteArray> values;
    for (const auto &[key, value] : headers) {
        if (QByteArrayView(key).compare(name, Qt::CaseInsensitive) == 0)
            values.append(value);
    }
    return values;
}

QByteArray HttpResponse::authorizationDigest(QByteArrayView authorizationValue)
{
    if (authorizationValue.isEmpty())
        return {};
    return QCryptographicHash::hash(authorizationValue, QCryptographicHash::Sha256).left(16);
}

} // namespace portico
