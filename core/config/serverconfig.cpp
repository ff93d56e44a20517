#include "config/serverconfig.h"

#include "common/redaction.h"
#include "net/urlpolicy.h"

#include <QJsonArray>
#include <QUrlQuery>
#include <QUuid>

#include <algorithm>
#include <array>

namespace portico {

namespace {

Error invalid(const QString &message)
{
    return Error(ErrorCode::ConfigInvalid, message);
}

// RFC 9110 §5.1: field-name = token; §5.6.2 tchar.
bool isToken(QStringView name)
{
    if (name.isEmpty())
        return false;
    static const QString extra = QStringLiteral("!#$%&'*+-.^_`|~");
    for (const QChar c : name) {
        const bool alnum = (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z') || (c >= u'0' && c <= u'9');
        if (!alnum && !extra.contains(c))
            return false;
    }
    return true;
}

// Headers the transports own (framing, MCP session and version headers): a configured value would
// fight them, so a configuration may not set them.
bool isReservedHeaderName(QStringView name)
{
    static constexpr std::array reserved{
        QLatin1StringView("host"),           QLatin1StringView("content-length"),
        QLatin1StringView("content-type"),   QLatin1StringView("transfer-encoding"),
        QLatin1StringView("connection"),     QLatin1StringView("accept"),
        QLatin1StringView("mcp-session-id"), QLatin1StringView("mcp-protocol-version"),
        QLatin1StringView("last-event-id"),
    };
    const QString lower = name.toString().toLower();
    for (const QLatin1StringView r : reserved) {
        if (lower == r)
            return true;
    }
    return false;
}

// RFC 9110 §5.5: field values never hold CR, LF or NUL (they would split or end the header).
bool isValidHeaderValue(QStringView value)
{
    for (const QChar c : value) {
        if (c == u'\r' || c == u'\n' || c == u'\0')
            return false;
    }
    return true;
}

struct ProxyModeName
{
    ProxyMode mode;
    QLatin1StringView name;
};
constexpr std::array kProxyModeNames{
    ProxyModeName{ProxyMode::System, QLatin1StringView("system")},
    ProxyModeName{ProxyMode::None, QLatin1StringView("none")},
    ProxyModeName{ProxyMode::Manual, QLatin1StringView("manual")},
};

struct TransportName
{
    ServerConfig::TransportChoice transport;
    QLatin1StringView name;
};
constexpr std::array kTransportNames{
    TransportName{ServerConfig::TransportChoice::Automatic, QLatin1StringView("automatic")},
    TransportName{ServerConfig::TransportChoice::StreamableHttp2025, QLatin1StringView("streamable-http")},
    TransportName{ServerConfig::TransportChoice::Stateless2026, QLatin1StringView("stateless-http")},
    TransportName{ServerConfig::TransportChoice::HttpSse2024, QLatin1StringView("legacy-sse")},
};

struct AuthorizationModeName
{
    ServerConfig::AuthorizationMode mode;
    QLatin1StringView name;
};
constexpr std::array kAuthorizationModeNames{
    AuthorizationModeName{ServerConfig::AuthorizationMode::Automatic, QLatin1StringView("automatic")},
    AuthorizationModeName{ServerConfig::AuthorizationMode::PreRegisteredClient,
                          QLatin1StringView("pre-registered-client")},
    AuthorizationModeName{ServerConfig::AuthorizationMode::ClientCredentials, QLatin1StringView("client-credentials")},
    AuthorizationModeName{ServerConfig::AuthorizationMode::None, QLatin1StringView("none")},
};

// Reads an optional member of the expected JSON type; a member of another type is an error, so a typo
// in a hand-edited servers.json is reported instead of silently becoming a default.
template<typename Check>
bool hasWrongType(const QJsonObject &object, QLatin1StringView key, Check isExpected)
{
    return object.contains(key) && !isExpected(object.value(key));
}

Error wrongType(QLatin1StringView key, const QString &expected)
{
    return invalid(ServerConfig::tr("The field \"%1\" must be %2.").arg(key, expected));
}

} // namespace

ServerConfig::ServerConfig()
    : m_id(QUuid::createUuid().toString(QUuid::WithoutBraces))
{}

QString ServerConfig::normalizedUrl(const QUrl &url)
{
    if (!url.isValid() || url.isRelative())
        return {};
    QUrl normalized = url.adjusted(QUrl::NormalizePathSegments | QUrl::StripTrailingSlash | QUrl::RemoveFragment);
    normalized.setScheme(normalized.scheme().toLower());
    normalized.setHost(normalized.host().toLower());
    const int defaultPort = normalized.scheme() == QLatin1StringView("https")  ? 443
                            : normalized.scheme() == QLatin1StringView("http") ? 80
                                                                               : -1;
    if (normalized.port() == defaultPort)
        normalized.setPort(-1);
    if (normalized.path() == QLatin1StringView("/"))
        normalized.setPath(QString());
    return normalized.toString(QUrl::FullyEncoded);
}

bool ServerConfig::isSecretHeaderName(QStringView name)
{
    if (redaction::isSensitiveParameterName(name))
        return true;
    // Authorization-like names the redaction list does not spell out: X-Auth, X-Authentication,
    // X-Upstream-Authorization, X-Access-Token..., X-ApiKey, X-Session, X-Credentials.
    const QString lower = name.trimmed().toString().toLower();
    static constexpr std::array fragments{
        QLatin1StringView("auth"),    QLatin1StringView("token"),      QLatin1StringView("apikey"),
        QLatin1StringView("api-key"), QLatin1StringView("credential"), QLatin1StringView("session"),
        QLatin1StringView("cookie"),
    };
    for (const QLatin1StringView fragment : fragments) {
        if (lower.contains(fragment))
            return true;
    }
    return false;
}

QString ServerConfig::clientSecretKey() const
{
    return QStringLiteral("server/%1/client-secret").arg(m_id);
}

QString ServerConfig::headerSecretKey(const QString &headerName) const
{
    // Header names are case-insensitive (RFC 9110 §5.1): one key whatever the spelling.
    return QStringLiteral("server/%1/header/%2").arg(m_id, headerName.toLower());
}

QString ServerConfig::transportName(TransportChoice transport)
{
    for (const auto &entry : kTransportNames) {
        if (entry.transport == transport)
            return entry.name;
    }
    Q_UNREACHABLE();
    return {};
}

std::optional<ServerConfig::TransportChoice> ServerConfig::transportFromName(QStringView name)
{
    for (const auto &entry : kTransportNames) {
        if (name == entry.name)
            return entry.transport;
    }
    return std::nullopt;
}

QString ServerConfig::authorizationModeName(AuthorizationMode mode)
{
    for (const auto &entry : kAuthorizationModeNames) {
        if (entry.mode == mode)
            return entry.name;
    }
    Q_UNREACHABLE();
    return {};
}

std::optional<ServerConfig::AuthorizationMode> ServerConfig::authorizationModeFromName(QStringView name)
{
    for (const auto &entry : kAuthorizationModeNames) {
        if (name == entry.name)
            return entry.mode;
    }
    return std::nullopt;
}

QString ServerConfig::authorizationModeText(AuthorizationMode mode)
{
    switch (mode) {
    case AuthorizationMode::Automatic:
        return tr("automatic sign-in");
    case AuthorizationMode::PreRegisteredClient:
        return tr("pre-registered client");
    case AuthorizationMode::ClientCredentials:
        return tr("client credentials");
    case AuthorizationMode::None:
        return tr("no sign-in");
    }
    Q_UNREACHABLE();
    return {};
}

Result<void> ServerConfig::validate() const
{
    if (QUuid::fromString(m_id).isNull())
        return invalid(tr("The server's id \"%1\" is not a UUID.").arg(m_id));
    if (name.trimmed().isEmpty())
        return invalid(tr("The server needs a name."));
    // A name is one line wherever it is shown (lists, `portico --list`, other hosts' files).
    if (std::any_of(name.cbegin(), name.cend(), [](QChar c) { return c.category() == QChar::Other_Control; }))
        return invalid(tr("The server's name cannot contain line breaks, tabs or other control characters."));

    // docs/architecture.md, "Security rules", enforced by the one URL policy every request passes: https everywhere,
    // plain http only to a loopback host, no user name or password in the URL.
    if (const Result<void> allowed = url_policy::check(url); !allowed)
        return invalid(tr("The URL %1 is not allowed: %2").arg(redaction::redactUrl(url), allowed.error().message()));
    // servers.json is a plain file: a credential in the query (api_key=..., token=...) would sit there in
    // the clear and travel into every log line that names the URL.
    for (const auto &[key, value] : QUrlQuery(url).queryItems(QUrl::FullyDecoded)) {
        Q_UNUSED(value)
        if (redaction::isSensitiveParameterName(key))
            return invalid(tr("The URL %1 carries a credential in its query (%2); Portico keeps credentials in "
                              "the keychain, so give it as a header instead.")
                               .arg(redaction::redactUrl(url), key));
    }

    if ((authorizationMode == AuthorizationMode::PreRegisteredClient
         || authorizationMode == AuthorizationMode::ClientCredentials)
        && clientId.trimmed().isEmpty())
        return invalid(tr("A pre-registered client or client credentials need a client id."));
    if (authorizationMode == AuthorizationMode::ClientCredentials && !hasClientSecret)
        return invalid(tr("Client credentials need a client secret."));
    for (const QString &scope : scopes) {
        if (scope.isEmpty() || scope.contains(QLatin1Char(' ')) || scope.contains(QLatin1Char('\t')))
            return invalid(tr("The scope \"%1\" is not a single scope token (RFC 6749 §3.3).").arg(scope));
    }
    if (fixedRedirectPort && *fixedRedirectPort == 0)
        return invalid(tr("The redirect port must be between 1 and 65535."));

    if (proxyMode == ProxyMode::Manual) {
        const QString proxyScheme = proxyUrl.scheme().toLower();
        if (!proxyUrl.isValid() || proxyUrl.host().isEmpty()
            || (proxyScheme != QLatin1StringView("http") && proxyScheme != QLatin1StringView("https")
                && proxyScheme != QLatin1StringView("socks5")))
            return invalid(tr("The proxy needs a URL such as http://proxy.example:3128 or socks5://host:1080."));
        if (!proxyUrl.password().isEmpty())
            return invalid(tr("The proxy URL contains a password; Portico does not store passwords in its "
                              "configuration file."));
    }

    QStringList seen;
    for (const Header &header : headers) {
        if (!isToken(header.name))
            return invalid(tr("\"%1\" is not a valid HTTP header name.").arg(header.name));
        const QString lower = header.name.toLower();
        if (seen.contains(lower))
            return invalid(tr("The header %1 is given twice.").arg(header.name));
        seen.append(lower);
        if (isReservedHeaderName(header.name))
            return invalid(tr("The header %1 is set by Portico itself and cannot be configured.").arg(header.name));
        if (header.secret && !header.value.isEmpty())
            return invalid(tr("The value of the secret header %1 belongs in the keychain, not in the "
                              "configuration.")
                               .arg(header.name));
        if (!header.secret && isSecretHeaderName(header.name))
            return invalid(
                tr("The header %1 carries a credential, so its value must be kept in the keychain.").arg(header.name));
        if (!isValidHeaderValue(header.value))
            return invalid(tr("The value of the header %1 contains a line break.").arg(header.name));
    }
    return Result<void>::success();
}

QJsonObject ServerConfig::toJson() const
{
    QJsonObject authorization{
        {QStringLiteral("mode"), authorizationModeName(authorizationMode)},
        {QStringLiteral("clientId"), clientId},
        {QStringLiteral("hasClientSecret"), hasClientSecret},
        {QStringLiteral("scopes"), QJsonArray::fromStringList(scopes)},
        {QStringLiteral("sendResourceParameter"), sendResourceParameter},
        {QStringLiteral("useSystemBrowser"), useSystemBrowser},
    };
    if (fixedRedirectPort)
        authorization.insert(QStringLiteral("fixedRedirectPort"), int(*fixedRedirectPort));

    QJsonObject proxy;
    for (const auto &entry : kProxyModeNames) {
        if (entry.mode == proxyMode)
            proxy.insert(QStringLiteral("mode"), QString(entry.name));
    }
    if (proxyMode == ProxyMode::Manual)
        proxy.insert(QStringLiteral("url"), proxyUrl.toString(QUrl::FullyEncoded));

    QJsonArray headerArray;
    for (const Header &header : headers) {
        QJsonObject item{{QStringLiteral("name"), header.name}};
        if (header.secret)
            item.insert(QStringLiteral("secret"), true);
        else
            item.insert(QStringLiteral("value"), header.value);
        headerArray.append(item);
    }

    return QJsonObject{
        {QStringLiteral("id"), m_id},
        {QStringLiteral("name"), name},
        {QStringLiteral("url"), url.toString(QUrl::FullyEncoded)},
        {QStringLiteral("transport"), transportName(transport)},
        {QStringLiteral("authorization"), authorization},
        {QStringLiteral("network"), QJsonObject{{QStringLiteral("caCertificatesFile"), caCertificatesFile},
                                                {QStringLiteral("proxy"), proxy},
                                                {QStringLiteral("allowPrivateNetwork"), allowPrivateNetwork}}},
        {QStringLiteral("headers"), headerArray},
    };
}

Result<ServerConfig> ServerConfig::fromJson(const QJsonObject &object)
{
    const auto isString = [](const QJsonValue &v) { return v.isString(); };
    const auto isBool = [](const QJsonValue &v) { return v.isBool(); };
    const auto isObject = [](const QJsonValue &v) { return v.isObject(); };
    const auto isArray = [](const QJsonValue &v) { return v.isArray(); };

    for (const QLatin1StringView key : {QLatin1StringView("id"), QLatin1StringView("name"), QLatin1StringView("url")}) {
        if (!object.value(key).isString())
            return wrongType(key, tr("a string"));
    }
    ServerConfig config;
    config.m_id = object.value(QLatin1StringView("id")).toString();
    config.name = object.value(QLatin1StringView("name")).toString();
    config.url = QUrl(object.value(QLatin1StringView("url")).toString(), QUrl::StrictMode);

    if (hasWrongType(object, QLatin1StringView("transport"), isString))
        return wrongType(QLatin1StringView("transport"), tr("a string"));
    if (object.contains(QLatin1StringView("transport"))) {
        const QString transportText = object.value(QLatin1StringView("transport")).toString();
        const auto transport = transportFromName(transportText);
        if (!transport)
            return invalid(tr("Unknown transport \"%1\".").arg(transportText));
        config.transport = *transport;
    }

    if (hasWrongType(object, QLatin1StringView("authorization"), isObject))
        return wrongType(QLatin1StringView("authorization"), tr("an object"));
    const QJsonObject authorization = object.value(QLatin1StringView("authorization")).toObject();
    if (hasWrongType(authorization, QLatin1StringView("mode"), isString))
        return wrongType(QLatin1StringView("mode"), tr("a string"));
    if (authorization.contains(QLatin1StringView("mode"))) {
        const QString modeText = authorization.value(QLatin1StringView("mode")).toString();
        const auto mode = authorizationModeFromName(modeText);
        if (!mode)
            return invalid(tr("Unknown authorization mode \"%1\".").arg(modeText));
        config.authorizationMode = *mode;
    }
    if (hasWrongType(authorization, QLatin1StringView("clientId"), isString))
        return wrongType(QLatin1StringView("clientId"), tr("a string"));
    config.clientId = authorization.value(QLatin1StringView("clientId")).toString();
    for (const QLatin1StringView key :
         {QLatin1StringView("hasClientSecret"), QLatin1StringView("sendResourceParameter"),
          QLatin1StringView("useSystemBrowser")}) {
        if (hasWrongType(authorization, key, isBool))
            return wrongType(key, tr("true or false"));
    }
    config.hasClientSecret = authorization.value(QLatin1StringView("hasClientSecret")).toBool(false);
    config.sendResourceParameter = authorization.value(QLatin1StringView("sendResourceParameter")).toBool(true);
    config.useSystemBrowser = authorization.value(QLatin1StringView("useSystemBrowser")).toBool(false);
    if (hasWrongType(authorization, QLatin1StringView("scopes"), isArray))
        return wrongType(QLatin1StringView("scopes"), tr("a list of strings"));
    for (const QJsonValue &scope : authorization.value(QLatin1StringView("scopes")).toArray()) {
        if (!scope.isString())
            return wrongType(QLatin1StringView("scopes"), tr("a list of strings"));
        config.scopes.append(scope.toString());
    }
    if (authorization.contains(QLatin1StringView("fixedRedirectPort"))) {
        const QJsonValue port = authorization.value(QLatin1StringView("fixedRedirectPort"));
        const double number = port.toDouble(-1);
        if (!port.isDouble() || number < 1 || number > 65535 || number != double(int(number)))
            return invalid(tr("The redirect port must be a whole number between 1 and 65535."));
        config.fixedRedirectPort = quint16(number);
    }

    if (hasWrongType(object, QLatin1StringView("network"), isObject))
        return wrongType(QLatin1StringView("network"), tr("an object"));
    const QJsonObject network = object.value(QLatin1StringView("network")).toObject();
    if (hasWrongType(network, QLatin1StringView("caCertificatesFile"), isString))
        return wrongType(QLatin1StringView("caCertificatesFile"), tr("a string"));
    config.caCertificatesFile = network.value(QLatin1StringView("caCertificatesFile")).toString();
    // Absent in files written before the setting existed: off, the safe default (same schema version).
    if (hasWrongType(network, QLatin1StringView("allowPrivateNetwork"), isBool))
        return wrongType(QLatin1StringView("allowPrivateNetwork"), tr("true or false"));
    config.allowPrivateNetwork = network.value(QLatin1StringView("allowPrivateNetwork")).toBool(false);
    if (hasWrongType(network, QLatin1StringView("proxy"), isObject))
        return wrongType(QLatin1StringView("proxy"), tr("an object"));
    const QJsonObject proxy = network.value(QLatin1StringView("proxy")).toObject();
    if (proxy.contains(QLatin1StringView("mode"))) {
        const QString modeText = proxy.value(QLatin1StringView("mode")).toString();
        bool known = false;
        for (const auto &entry : kProxyModeNames) {
            if (modeText == entry.name) {
                config.proxyMode = entry.mode;
                known = true;
            }
        }
        if (!known)
            return invalid(tr("Unknown proxy mode \"%1\".").arg(modeText));
    }
    if (hasWrongType(proxy, QLatin1StringView("url"), isString))
        return wrongType(QLatin1StringView("url"), tr("a string"));
    if (proxy.contains(QLatin1StringView("url")))
        config.proxyUrl = QUrl(proxy.value(QLatin1StringView("url")).toString(), QUrl::StrictMode);

    if (hasWrongType(object, QLatin1StringView("headers"), isArray))
        return wrongType(QLatin1StringView("headers"), tr("a list"));
    for (const QJsonValue &item : object.value(QLatin1StringView("headers")).toArray()) {
        const QJsonObject headerObject = item.toObject();
        if (!item.isObject() || !headerObject.value(QLatin1StringView("name")).isString()
            || hasWrongType(headerObject, QLatin1StringView("value"), isString)
            || hasWrongType(headerObject, QLatin1StringView("secret"), isBool))
            return invalid(tr("Each header needs a \"name\" and either a \"value\" or \"secret\": true."));
        config.headers.append(Header{headerObject.value(QLatin1StringView("name")).toString(),
                                     headerObject.value(QLatin1StringView("value")).toString(),
                                     headerObject.value(QLatin1StringView("secret")).toBool(false)});
    }

    if (const Result<void> valid = config.validate(); !valid)
        return valid.error();
    return config;
}

} // namespace portico
