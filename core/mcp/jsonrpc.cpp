#include "mcp/jsonrpc.h"

namespace portico::jsonrpc {

namespace {
const QString kJsonRpc = QStringLiteral("jsonrpc");
const QString kVersion = QStringLiteral("2.0");
const QString kId = QStringLiteral("id");
const QString kMethod = QStringLiteral("method");
const QString kParams = QStringLiteral("params");
const QString kResult = QStringLiteral("result");
const QString kError = QStringLiteral("error");
} // namespace

bool isValidId(const QJsonValue &id)
{
    if (id.isString())
        return true;
    // JSON numbers arrive as doubles; an id must be an integer (MCP basic/index §Requests).
    return id.isDouble() && id.toDouble() == static_cast<double>(id.toInteger());
}

Kind classify(const QJsonObject &message)
{
    const bool hasId = message.contains(kId);
    if (message.value(kMethod).isString()) {
        if (!hasId)
            return Kind::Notification;
        return isValidId(message.value(kId)) ? Kind::Request : Kind::Invalid;
    }
    const bool hasResult = message.contains(kResult);
    const bool hasError = message.value(kError).isObject();
    // A response carries exactly one of result and error (JSON-RPC 2.0 §5). An error may have a null id
    // when the server could not read ours; it then belongs to no pending request.
    if (hasId && hasResult != hasError)
        return Kind::Response;
    return Kind::Invalid;
}

QJsonObject request(const QJsonValue &id, const QString &method, const QJsonObject &params)
{
    QJsonObject message{{kJsonRpc, kVersion}, {kId, id}, {kMethod, method}};
    if (!params.isEmpty())
        message.insert(kParams, params);
    return message;
}

QJsonObject notification(const QString &method, const QJsonObject &params)
{
    QJsonObject message{{kJsonRpc, kVersion}, {kMethod, method}};
    if (!params.isEmpty())
        message.insert(kParams, params);
    return message;
}

QJsonObject resultResponse(const QJsonValue &id, const QJsonObject &result)
{
    return QJsonObject{{kJsonRpc, kVersion}, {kId, id}, {kResult, result}};
}

QJsonObject errorResponse(const QJsonValue &id, int code, const QString &message, const QJsonValue &data)
{
    QJsonObject error{{QStringLiteral("code"), code}, {QStringLiteral("message"), message}};
    if (!data.isUndefined() && !data.isNull())
        error.insert(QStringLiteral("data"), data);
    return QJsonObject{{kJsonRpc, kVersion}, {kId, id}, {kError, error}};
}

QString idKey(const QJsonValue &id)
{
    if (id.isString())
        return QLatin1Char('s') + id.toString();
    return QLatin1Char('n') + QString::number(id.toInteger());
}

} // namespace portico::jsonrpc
