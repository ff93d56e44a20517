#include "config/configexport.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>
#include <QSet>

#include <algorithm>

namespace portico {

namespace {

// "GitHub MCP" -> "GITHUB_MCP": a name that is valid as an environment variable on every platform.
QString envSlug(const QString &text)
{
    QString slug;
    for (const QChar c : text) {
        const bool keep = (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z') || (c >= u'0' && c <= u'9');
        if (keep)
            slug += c.toUpper();
        else if (!slug.endsWith(QLatin1Char('_')))
            slug += QLatin1Char('_');
    }
    while (slug.endsWith(QLatin1Char('_')))
        slug.chop(1);
    while (slug.startsWith(QLatin1Char('_')))
        slug.remove(0, 1);
    return slug.isEmpty() ? QStringLiteral("SERVER") : slug;
}

QString environmentVariable(const ServerConfig &server, const QString &what)
{
    return QStringLiteral("PORTICO_") + envSlug(server.name) + QLatin1Char('_') + envSlug(what);
}

QString inputId(const ServerConfig &server, const QString &what)
{
    return (envSlug(server.name) + QLatin1Char('-') + envSlug(what))
        .toLower()
        .replace(QLatin1Char('_'), QLatin1Char('-'));
}

QString quoted(const QString &name)
{
    return QStringLiteral("\u201c") + name + QStringLiteral("\u201d");
}

bool hasAuthorizationHeader(const ServerConfig &server)
{
    return std::any_of(server.headers.cbegin(), server.headers.cend(), [](const ServerConfig::Header &header) {
        return header.name.compare(QLatin1StringView("authorization"), Qt::CaseInsensitive) == 0;
    });
}

// What each format can say, beyond URL, plain headers and a client id (which all of them can).
struct Capabilities
{
    bool scopes = false;
    bool redirectPort = false;
    bool resourceSwitch = false;
    bool caCertificates = false;
    bool manualProxy = false;
    bool transports = false; // Streamable HTTP only / HTTP+SSE only
};

Capabilities capabilitiesOf(ConfigFormat format)
{
    switch (format) {
    case ConfigFormat::ClaudeDesktop: // mcp-remote: --static-oauth-client-metadata, port, flags, env
        return {true, true, true, true, true, true};
    case ConfigFormat::Cursor: // auth.scopes
        return {true, false, false, false, false, false};
    case ConfigFormat::VsCode: // type http|sse
    case ConfigFormat::Zed:
        return {false, false, false, false, false, format == ConfigFormat::VsCode};
    }
    Q_UNREACHABLE();
    return {};
}

// The settings of `server` that `format` has no place for.
void noteUnsupported(const ServerConfig &server, ConfigFormat format, QStringList &leftOut)
{
    const Capabilities can = capabilitiesOf(format);
    const QString host = config_format::displayName(format);
    const auto note = [&](const QString &what) {
        leftOut.append(ConfigExport::tr("%1: %2 cannot be exported (%3 has no setting for it).")
                           .arg(quoted(server.name), what, host));
    };
    if (server.transport == ServerConfig::TransportChoice::Stateless2026
        || (!can.transports && server.transport != ServerConfig::TransportChoice::Automatic)
        || (format == ConfigFormat::VsCode && server.transport == ServerConfig::TransportChoice::StreamableHttp2025))
        note(ConfigExport::tr("the transport choice"));
    if (server.authorizationMode == ServerConfig::AuthorizationMode::ClientCredentials)
        note(ConfigExport::tr("the client-credentials sign-in"));
    if (server.authorizationMode == ServerConfig::AuthorizationMode::None && !hasAuthorizationHeader(server))
        note(ConfigExport::tr("turning sign-in off"));
    if (!can.scopes && !server.scopes.isEmpty())
        note(ConfigExport::tr("the scopes"));
    if (!can.redirectPort && server.fixedRedirectPort)
        note(ConfigExport::tr("the fixed redirect port"));
    if (!can.resourceSwitch && !server.sendResourceParameter)
        note(ConfigExport::tr("the choice to leave out the resource parameter"));
    if (!can.caCertificates && !server.caCertificatesFile.isEmpty())
        note(ConfigExport::tr("the CA certificates file"));
    if ((!can.manualProxy && server.proxyMode == ProxyMode::Manual) || server.proxyMode == ProxyMode::None)
        note(ConfigExport::tr("the proxy setting"));
}

QJsonObject headerObject(const ServerConfig &server, ConfigFormat format, QJsonArray &inputs, QStringList &leftOut)
{
    QJsonObject headers;
    for (const ServerConfig::Header &header : server.headers) {
        if (!header.secret) {
            headers.insert(header.name, header.value);
            continue;
        }
        switch (format) {
        case ConfigFormat::VsCode: {
            const QString id = inputId(server, header.name);
            inputs.append(QJsonObject{
                {QStringLiteral("type"), QStringLiteral("promptString")},
                {QStringLiteral("id"), id},
                {QStringLiteral("description"), ConfigExport::tr("%1 header for %2").arg(header.name, server.name)},
                {QStringLiteral("password"), true},
            });
            headers.insert(header.name, QStringLiteral("${input:%1}").arg(id));
            leftOut.append(ConfigExport::tr("%1: the %2 header's value stays in Portico's keychain; VS Code asks "
                                            "for it as the input \u201c%3\u201d.")
                               .arg(quoted(server.name), header.name, id));
            break;
        }
        case ConfigFormat::Cursor: {
            const QString variable = environmentVariable(server, header.name);
            headers.insert(header.name, QStringLiteral("${env:%1}").arg(variable));
            leftOut.append(ConfigExport::tr("%1: the %2 header's value stays in Portico's keychain; set the "
                                            "environment variable %3 to it for Cursor.")
                               .arg(quoted(server.name), header.name, variable));
            break;
        }
        case ConfigFormat::ClaudeDesktop:
        case ConfigFormat::Zed:
            break; // handled by their writers
        }
    }
    return headers;
}

QJsonObject vsCodeServer(const ServerConfig &server, QJsonArray &inputs, QStringList &leftOut)
{
    QJsonObject entry{
        {QStringLiteral("type"), server.transport == ServerConfig::TransportChoice::HttpSse2024
                                     ? QStringLiteral("sse")
                                     : QStringLiteral("http")},
        {QStringLiteral("url"), server.url.toString(QUrl::FullyEncoded)},
    };
    const QJsonObject headers = headerObject(server, ConfigFormat::VsCode, inputs, leftOut);
    if (!headers.isEmpty())
        entry.insert(QStringLiteral("headers"), headers);
    if (!server.clientId.isEmpty())
        entry.insert(QStringLiteral("oauth"), QJsonObject{{QStringLiteral("clientId"), server.clientId}});
    if (!server.clientId.isEmpty() && server.hasClientSecret)
        leftOut.append(ConfigExport::tr("%1: the client secret stays in Portico's keychain; VS Code asks for it "
                                        "when it signs in.")
                           .arg(quoted(server.name)));
    return entry;
}

QJsonObject cursorServer(const ServerConfig &server, QStringList &leftOut)
{
    QJsonArray unusedInputs;
    QJsonObject entry{{QStringLiteral("url"), server.url.toString(QUrl::FullyEncoded)}};
    const QJsonObject headers = headerObject(server, ConfigFormat::Cursor, unusedInputs, leftOut);
    if (!headers.isEmpty())
        entry.insert(QStringLiteral("headers"), headers);
    QJsonObject auth;
    if (!server.clientId.isEmpty()) {
        auth.insert(QStringLiteral("CLIENT_ID"), server.clientId);
        if (server.hasClientSecret) {
            const QString variable = environmentVariable(server, QStringLiteral("client secret"));
            auth.insert(QStringLiteral("CLIENT_SECRET"), QStringLiteral("${env:%1}").arg(variable));
            leftOut.append(ConfigExport::tr("%1: the client secret stays in Portico's keychain; set the environment "
                                            "variable %2 to it for Cursor.")
                               .arg(quoted(server.name), variable));
        }
    }
    if (!server.scopes.isEmpty())
        auth.insert(QStringLiteral("scopes"), QJsonArray::fromStringList(server.scopes));
    if (!auth.isEmpty())
        entry.insert(QStringLiteral("auth"), auth);
    return entry;
}

QJsonObject zedServer(const ServerConfig &server, QStringList &leftOut)
{
    QJsonObject entry{{QStringLiteral("url"), server.url.toString(QUrl::FullyEncoded)}};
    QJsonObject headers;
    for (const ServerConfig::Header &header : server.headers) {
        if (!header.secret) {
            headers.insert(header.name, header.value);
            continue;
        }
        leftOut.append(ConfigExport::tr("%1: the %2 header is left out (its value stays in Portico's keychain and "
                                        "Zed's settings have no placeholder); add it in Zed.")
                           .arg(quoted(server.name), header.name));
    }
    if (!headers.isEmpty())
        entry.insert(QStringLiteral("headers"), headers);
    if (!server.clientId.isEmpty()) {
        entry.insert(QStringLiteral("oauth"), QJsonObject{{QStringLiteral("client_id"), server.clientId}});
        if (server.hasClientSecret)
            leftOut.append(ConfigExport::tr("%1: the client secret stays in Portico's keychain; Zed asks for it and "
                                            "keeps it in its own keychain entry.")
                               .arg(quoted(server.name)));
    }
    return entry;
}

// Claude Desktop starts local processes only; remote servers reach it through mcp-remote
// (github.com/geelen/mcp-remote README).
QJsonObject claudeServer(const ServerConfig &server, QStringList &leftOut)
{
    QStringList args{QStringLiteral("-y"), QStringLiteral("mcp-remote"), server.url.toString(QUrl::FullyEncoded)};
    if (server.fixedRedirectPort)
        args.append(QString::number(*server.fixedRedirectPort)); // "add an additional argument after the URL"
    switch (server.transport) {
    case ServerConfig::TransportChoice::Automatic:
        break; // http-first, mcp-remote's default
    case ServerConfig::TransportChoice::StreamableHttp2025:
    case ServerConfig::TransportChoice::Stateless2026:
        args << QStringLiteral("--transport") << QStringLiteral("http-only");
        break;
    case ServerConfig::TransportChoice::HttpSse2024:
        args << QStringLiteral("--transport") << QStringLiteral("sse-only");
        break;
    }
    for (const ServerConfig::Header &header : server.headers) {
        // "Name:value" without a space: the README's workaround for hosts that split arguments on spaces.
        if (!header.secret) {
            args << QStringLiteral("--header") << header.name + QLatin1Char(':') + header.value;
            continue;
        }
        const QString variable = environmentVariable(server, header.name);
        args << QStringLiteral("--header") << header.name + QStringLiteral(":${") + variable + QLatin1Char('}');
        leftOut.append(ConfigExport::tr("%1: the %2 header's value stays in Portico's keychain; add %3 with it to "
                                        "the server's \"env\" for mcp-remote.")
                           .arg(quoted(server.name), header.name, variable));
    }
    if (!server.clientId.isEmpty()) {
        const QJsonObject info{{QStringLiteral("client_id"), server.clientId}};
        args << QStringLiteral("--static-oauth-client-info")
             << QString::fromUtf8(QJsonDocument(info).toJson(QJsonDocument::Compact));
        if (server.hasClientSecret)
            leftOut.append(ConfigExport::tr("%1: the client secret stays in Portico's keychain; mcp-remote reads it "
                                            "only from --static-oauth-client-info, so add \"client_secret\" there "
                                            "yourself.")
                               .arg(quoted(server.name)));
    }
    if (!server.scopes.isEmpty()) {
        const QJsonObject metadata{{QStringLiteral("scope"), server.scopes.join(QLatin1Char(' '))}};
        args << QStringLiteral("--static-oauth-client-metadata")
             << QString::fromUtf8(QJsonDocument(metadata).toJson(QJsonDocument::Compact));
    }
    if (!server.sendResourceParameter)
        args << QStringLiteral("--disable-resource-parameter");

    QJsonObject env;
    if (!server.caCertificatesFile.isEmpty())
        env.insert(QStringLiteral("NODE_EXTRA_CA_CERTS"), server.caCertificatesFile);
    // mcp-remote ignores proxies unless --enable-proxy, which reads HTTP(S)_PROXY: the nearest it has to
    // Portico's "system proxy", and with HTTPS_PROXY set, to a manual one.
    if (server.proxyMode != ProxyMode::None)
        args << QStringLiteral("--enable-proxy");
    if (server.proxyMode == ProxyMode::Manual)
        env.insert(QStringLiteral("HTTPS_PROXY"), server.proxyUrl.toString(QUrl::FullyEncoded));
    QJsonObject entry{{QStringLiteral("command"), QStringLiteral("npx")},
                      {QStringLiteral("args"), QJsonArray::fromStringList(args)}};
    if (!env.isEmpty())
        entry.insert(QStringLiteral("env"), env);
    return entry;
}

} // namespace

ConfigExport::Output ConfigExport::render(const QList<ServerConfig> &servers, ConfigFormat format)
{
    Output output;
    QJsonObject map;
    QJsonArray inputs;
    QSet<QString> usedNames;
    for (const ServerConfig &server : servers) {
        // Names are the map's keys: a second server of the same name gets "(2)" rather than replacing the first.
        QString key = server.name;
        for (int n = 2; usedNames.contains(key); ++n)
            key = server.name + QStringLiteral(" (%1)").arg(n);
        usedNames.insert(key);
        ServerConfig named = server;
        named.name = key;

        noteUnsupported(named, format, output.leftOut);
        switch (format) {
        case ConfigFormat::ClaudeDesktop:
            map.insert(key, claudeServer(named, output.leftOut));
            break;
        case ConfigFormat::VsCode:
            map.insert(key, vsCodeServer(named, inputs, output.leftOut));
            break;
        case ConfigFormat::Cursor:
            map.insert(key, cursorServer(named, output.leftOut));
            break;
        case ConfigFormat::Zed:
            map.insert(key, zedServer(named, output.leftOut));
            break;
        }
    }

    QJsonObject root{{config_format::serversKey(format), map}};
    if (!inputs.isEmpty()) // only VS Code has inputs
        root.insert(QStringLiteral("inputs"), inputs);
    output.content = QJsonDocument(root).toJson(QJsonDocument::Indented);
    return output;
}

Result<ConfigExport::Output> ConfigExport::writeFile(const QList<ServerConfig> &servers, ConfigFormat format,
                                                     const QString &path, bool overwrite)
{
    const QString where = QDir::toNativeSeparators(path);
    const QFileInfo info(path);
    if (info.exists() && !overwrite)
        return Error(ErrorCode::FileAccessFailed, tr("%1 already exists; Portico does not replace it.").arg(where));
    if (info.exists() && !info.isFile())
        return Error(ErrorCode::FileAccessFailed, tr("%1 is not a file.").arg(where));
    Output output = render(servers, format);
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(output.content) != output.content.size() || !file.commit())
        return Error(ErrorCode::FileAccessFailed, tr("Cannot write %1.").arg(where), file.errorString());
    return output;
}

} // namespace portico
