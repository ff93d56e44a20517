#include "config/mcpremotereader.h"

#include "config/jsonc.h"

#include <QFileInfo>

#include <algorithm>
#include <optional>

namespace portico {

namespace {

bool isAllDigits(QStringView text)
{
    return !text.isEmpty() && std::all_of(text.begin(), text.end(), [](QChar c) { return c.isDigit(); });
}

// The mcp-remote package or program: "mcp-remote", "mcp-remote@latest", "/usr/local/bin/mcp-remote",
// "mcp-remote.cmd".
bool isMcpRemote(const QString &word)
{
    const QString base = QFileInfo(word).fileName();
    return base == QLatin1StringView("mcp-remote") || base == QLatin1StringView("mcp-remote.cmd")
           || base.startsWith(QLatin1StringView("mcp-remote@"));
}

// The JSON object of an mcp-remote option (--static-oauth-client-info / -metadata), or nullopt with a note
// when it names a file ("@path"), which the import does not read.
std::optional<QJsonObject> jsonOption(const QString &option, const QString &value, RemoteServerSpec &spec)
{
    if (value.startsWith(QLatin1Char('@'))) {
        spec.notes.append(McpRemoteReader::tr("the file %1 given to %2 was not read").arg(value.mid(1), option));
        return std::nullopt;
    }
    const Result<QJsonObject> object = jsonc::parseObject(value.toUtf8(), jsonc::Dialect::Strict);
    if (!object) {
        spec.skipReason = McpRemoteReader::tr("the %1 value is not a JSON object").arg(option);
        return std::nullopt;
    }
    return object.value();
}

// mcp-remote's command line (github.com/geelen/mcp-remote README, "Usage", "Flags", "Transport
// Strategies", "Static OAuth Client Metadata/Information"): the server URL, an optional callback port,
// then options.
RemoteServerSpec readArguments(const QStringList &args, const QJsonObject &env)
{
    RemoteServerSpec spec;
    spec.env = env;
    bool enableProxy = false;
    bool urlSeen = false;
    for (qsizetype i = 0; i < args.size(); ++i) {
        const QString &arg = args.at(i);
        const auto takeValue = [&]() -> std::optional<QString> {
            if (i + 1 < args.size())
                return args.at(++i);
            spec.notes.append(McpRemoteReader::tr("mcp-remote's %1 option has no value").arg(arg));
            return std::nullopt;
        };
        if (arg == QLatin1StringView("--header")) {
            const std::optional<QString> header = takeValue();
            if (!header)
                continue;
            // "Name: value" or "Name:value" (the README's workaround for hosts that split args on spaces).
            const qsizetype colon = header->indexOf(QLatin1Char(':'));
            if (colon <= 0) {
                // The value may be a credential: describe it, never quote it.
                spec.notes.append(McpRemoteReader::tr("a --header without \"Name: value\" was not carried over"));
                continue;
            }
            spec.headers.append({header->left(colon).trimmed(), header->mid(colon + 1).trimmed()});
        } else if (arg == QLatin1StringView("--transport")) {
            const std::optional<QString> strategy = takeValue();
            if (!strategy)
                continue;
            if (*strategy == QLatin1StringView("http-only"))
                spec.transport = ServerConfig::TransportChoice::StreamableHttp2025;
            else if (*strategy == QLatin1StringView("sse-only"))
                spec.transport = ServerConfig::TransportChoice::HttpSse2024;
            else if (*strategy != QLatin1StringView("http-first") && *strategy != QLatin1StringView("sse-first"))
                spec.notes.append(
                    McpRemoteReader::tr("the transport \"%1\" is unknown; Portico detects it").arg(*strategy));
        } else if (arg == QLatin1StringView("--static-oauth-client-info")) {
            const std::optional<QString> value = takeValue();
            if (!value)
                continue;
            if (const auto info = jsonOption(arg, *value, spec))
                spec.readClient(*info, QLatin1StringView("client_id"), QLatin1StringView("client_secret"));
        } else if (arg == QLatin1StringView("--static-oauth-client-metadata")) {
            const std::optional<QString> value = takeValue();
            if (!value)
                continue;
            if (const auto metadata = jsonOption(arg, *value, spec))
                spec.readScopes(metadata->value(QLatin1StringView("scope")));
        } else if (arg == QLatin1StringView("--disable-resource-parameter")) {
            spec.sendResourceParameter = false;
        } else if (arg == QLatin1StringView("--enable-proxy")) {
            enableProxy = true;
        } else if (arg == QLatin1StringView("--debug") || arg == QLatin1StringView("--silent")
                   || arg == QLatin1StringView("--allow-http")) {
            // Logging switches, and an http opt-in Portico's own rule (loopback only) replaces.
        } else if (arg == QLatin1StringView("--resource") || arg == QLatin1StringView("--host")
                   || arg == QLatin1StringView("--callback-path") || arg == QLatin1StringView("--auth-timeout")
                   || arg == QLatin1StringView("--ignore-tool")) {
            takeValue();
            spec.notes.append(McpRemoteReader::tr("mcp-remote's %1 option is not carried over").arg(arg));
        } else if (arg.startsWith(QLatin1StringView("--"))) {
            spec.notes.append(McpRemoteReader::tr("mcp-remote's %1 option is not carried over").arg(arg));
        } else if (!urlSeen) {
            spec.urlText = arg;
            urlSeen = true;
        } else if (!spec.redirectPort && isAllDigits(arg)) {
            spec.redirectPort = arg.toLongLong();
        } else {
            spec.notes.append(McpRemoteReader::tr("an extra mcp-remote argument was not carried over"));
        }
    }
    if (!urlSeen)
        spec.skipReason = McpRemoteReader::tr("mcp-remote is given no server URL");
    // The README's "VPN Certs": extra CA certificates for mcp-remote come from NODE_EXTRA_CA_CERTS.
    if (env.value(QLatin1StringView("NODE_EXTRA_CA_CERTS")).isString())
        spec.caCertificatesFile = env.value(QLatin1StringView("NODE_EXTRA_CA_CERTS")).toString();
    // --enable-proxy reads HTTP(S)_PROXY; a proxy named there becomes this server's manual proxy.
    if (enableProxy) {
        for (const char *name : {"HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy"}) {
            if (env.value(QLatin1StringView(name)).isString()) {
                spec.proxyUrlText = env.value(QLatin1StringView(name)).toString();
                break;
            }
        }
    }
    return spec;
}

} // namespace

RemoteServerSpec McpRemoteReader::readCommand(const QJsonObject &entry, QLatin1StringView commandKey)
{
    const QString command = jsonc::toText(entry.value(commandKey));
    const QStringList args = jsonc::toTextList(entry.value(QLatin1StringView("args")));
    const QJsonObject env = entry.value(QLatin1StringView("env")).toObject();
    // `npx -y mcp-remote URL ...`, `npx mcp-remote@latest URL`, `bunx`/`pnpx`/`cmd /c npx ...`, or an
    // installed `mcp-remote URL ...`: everything after the package is mcp-remote's own command line.
    if (isMcpRemote(command))
        return readArguments(args, env);
    for (qsizetype i = 0; i < args.size(); ++i) {
        if (isMcpRemote(args.at(i)))
            return readArguments(args.mid(i + 1), env);
    }
    return RemoteServerSpec::localServer();
}

} // namespace portico
