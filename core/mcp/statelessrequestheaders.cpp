#include "mcp/statelessrequestheaders.h"

#include "mcp/headervalueencoding.h"

#include <QCoreApplication>

#include <algorithm>

namespace portico::stateless_request_headers {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("StatelessHttpTransport", text);
}

bool isHeaderName(QByteArrayView name, QByteArrayView expected)
{
    return name.compare(expected, Qt::CaseInsensitive) == 0;
}

// The headers this transport owns; extra headers may not replace them.
bool isStandardHeader(QByteArrayView name)
{
    return isHeaderName(name, "MCP-Protocol-Version") || isHeaderName(name, "Mcp-Method")
           || isHeaderName(name, "Mcp-Name");
}

// An extra header must be a token name with a value free of control characters: the session computes
// Mcp-Param-* through tool_headers, and this check keeps any other caller from injecting header lines.
bool isSendableHeader(const QByteArray &name, const QByteArray &value)
{
    const bool valueOk = std::none_of(value.cbegin(), value.cend(), [](char c) {
        const auto u = static_cast<unsigned char>(c);
        return u < 0x20 || u == 0x7f;
    });
    return isHttpToken(name) && valueOk;
}

} // namespace

Result<HttpHeaders> standard(const QString &method, const QJsonObject &params)
{
    // Mcp-Method carries the method as it is (streamable-http.mdx §Standard Request Headers): the sentinel
    // encoding is defined for Mcp-Name and Mcp-Param-* only, so a method that is not a safe plain value
    // cannot be sent at all.
    if (method.isEmpty() || !header_value_encoding::isSafePlain(method)) {
        return Error(ErrorCode::InvalidArgument, tr("The request cannot be sent."),
                     QStringLiteral("the method name is not a valid Mcp-Method header value"));
    }
    HttpHeaders headers{{"Mcp-Method", method.toLatin1()}};
    // Mcp-Name: params.name for tools/call and prompts/get, params.uri for resources/read (requirements TRANSPORT-11).
    QString nameSource;
    if (method == QLatin1StringView("tools/call") || method == QLatin1StringView("prompts/get"))
        nameSource = QStringLiteral("name");
    else if (method == QLatin1StringView("resources/read"))
        nameSource = QStringLiteral("uri");
    if (!nameSource.isEmpty()) {
        const QJsonValue name = params.value(nameSource);
        if (!name.isString()) {
            return Error(ErrorCode::InvalidArgument, tr("The request cannot be sent."),
                         QStringLiteral("%1 needs params.%2 for its Mcp-Name header").arg(method, nameSource));
        }
        headers.append({"Mcp-Name", header_value_encoding::encode(name.toString())});
    }
    return headers;
}

Result<void> checkExtra(const HttpHeaders &extra)
{
    for (const auto &[name, value] : extra) {
        if (!isSendableHeader(name, value)) {
            return Error(ErrorCode::InvalidArgument, tr("The request cannot be sent."),
                         QStringLiteral("header %1 is not a valid HTTP field")
                             .arg(QString::fromLatin1(name.left(100).toPercentEncoding())));
        }
    }
    return Result<void>::success();
}

HttpHeaders compose(HttpHeaders common, const QJsonObject &params, const HttpHeaders &standard,
                    const HttpHeaders &extra)
{
    HttpHeaders headers = std::move(common);
    // Requirements TRANSPORT-6: the header MUST equal this request's _meta protocolVersion. The session sets both, but
    // the body is the truth for this one request (e.g. a retry with another version after -32022).
    const QJsonValue metaVersion = params.value(QStringLiteral("_meta"))
                                       .toObject()
                                       .value(QStringLiteral("io.modelcontextprotocol/protocolVersion"));
    if (metaVersion.isString() && header_value_encoding::isSafePlain(metaVersion.toString())
        && !metaVersion.toString().isEmpty()) {
        headers.removeIf([](const QPair<QByteArray, QByteArray> &header) {
            return isHeaderName(header.first, "MCP-Protocol-Version");
        });
        headers.append({"MCP-Protocol-Version", metaVersion.toString().toLatin1()});
    }
    headers.append(standard);
    for (const auto &header : extra) {
        if (!isStandardHeader(header.first))
            headers.append(header);
    }
    return headers;
}

} // namespace portico::stateless_request_headers
