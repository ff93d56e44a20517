#pragma once

#include <QJsonObject>
#include <QJsonValue>
#include <QString>

// JSON-RPC 2.0 message shapes as MCP uses them (MCP basic/index: requests, notifications, responses;
// no batching since 2025-06-18, requirements TRANSPORT-3). Plain functions: building and classifying objects.
namespace portico::jsonrpc {

// Standard and MCP error codes (JSON-RPC 2.0 §5.1; MCP 2026-07-28 basic/index §Error Codes).
enum ErrorCodes : int {
    ParseError = -32700,
    InvalidRequest = -32600,
    MethodNotFound = -32601,
    InvalidParams = -32602,
    InternalError = -32603,
    ResourceNotFoundLegacy = -32002,          // 2025 servers (requirements FEATURE-5)
    HeaderMismatch = -32020,                  // 2026-07-28 (requirements TRANSPORT-13)
    MissingRequiredClientCapability = -32021, // 2026-07-28 (requirements TRANSPORT-17)
    UnsupportedProtocolVersion = -32022,      // 2026-07-28 (requirements TRANSPORT-14)
    UrlElicitationRequired = -32042,          // 2025-11-25 only (requirements FEATURE-9)
};

enum class Kind {
    Request,      // method + id
    Notification, // method, no id
    Response,     // id + exactly one of result / error
    Invalid,
};

[[nodiscard]] Kind classify(const QJsonObject &message);

// Request ids are strings or integers, never null (requirements TRANSPORT-9).
[[nodiscard]] bool isValidId(const QJsonValue &id);

[[nodiscard]] QJsonObject request(const QJsonValue &id, const QString &method, const QJsonObject &params);
[[nodiscard]] QJsonObject notification(const QString &method, const QJsonObject &params = {});
[[nodiscard]] QJsonObject resultResponse(const QJsonValue &id, const QJsonObject &result);
[[nodiscard]] QJsonObject errorResponse(const QJsonValue &id, int code, const QString &message,
                                        const QJsonValue &data = {});

// A stable text key for an id (1 and "1" are different ids).
[[nodiscard]] QString idKey(const QJsonValue &id);

} // namespace portico::jsonrpc
