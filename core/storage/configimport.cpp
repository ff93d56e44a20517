#include "storage/configimport.h"

#include "common/redaction.h"
#include "storage/jsonc.h"
#include "storage/secretstore.h"
#include "storage/serverregistry.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QMetaObject>
#include <QPointer>
#include <QRegularExpression>
#include <QStandardPaths>

#include <algorithm>
#include <memory>
#include <utility>

namespace portico {

namespace {

using Entry = ImportPreview::Entry;
using Action = ImportPreview::Entry::Action;

// Everything one remote entry of any format says, before it becomes a ServerConfig. Readers fill it from
// their format; build() turns it into a preview row, so all formats share one set of rules.
struct RemoteSpec
{
    QString urlText;
    ServerConfig::Transport transport = ServerConfig::Transport::Automatic;
    QList<std::pair<QString, QString>> headers;
    QString clientId;
    std::optional<QString> clientSecret;
    QStringList scopes;
    std::optional<qint64> redirectPort;
    bool sendResourceParameter = true;
    QString caCertificatesFile;
    std::optional<QString> proxyUrlText;
    // What ${NAME} / ${env:NAME} resolve to: only the entry's own "env" object (what the host hands the
    // process it starts, e.g. mcp-remote), never Portico's environment, so a preview is reproducible.
    QJsonObject env;
    // VS Code: input id -> description, to name an input the file refers to.
    QHash<QString, QString> inputDescriptions;
    QStringList notes;
    QString skipReason; // set: the entry is skipped with this reason
};

QString localServerReason()
{
    return ConfigImport::tr("local (stdio) server: Portico connects to remote servers only");
}

// ${NAME}: mcp-remote and Claude Code; ${env:NAME}: Cursor and VS Code; ${input:id}: VS Code prompts;
// ${userHome}, ${workspaceFolder}...: VS Code and Cursor predefined variables.
const QRegularExpression &placeholderPattern()
{
    static const QRegularExpression pattern(QStringLiteral(R"(\$\{([^}]*)\})"));
    return pattern;
}

struct Resolved
{
    QString text;
    QStringList unresolved; // the placeholders left, as written
};

Resolved resolvePlaceholders(const QString &value, const QJsonObject &env)
{
    Resolved resolved;
    qsizetype last = 0;
    QRegularExpressionMatchIterator it = placeholderPattern().globalMatch(value);
    while (it.hasNext()) {
        const QRegularExpressionMatch match = it.next();
        resolved.text += QStringView(value).sliced(last, match.capturedStart() - last);
        const QString inner = match.captured(1);
        const bool isVariable = !inner.contains(QLatin1Char(':')) || inner.startsWith(QLatin1StringView("env:"));
        const QString variable = inner.startsWith(QLatin1StringView("env:")) ? inner.mid(4) : inner;
        if (isVariable && env.value(variable).isString()) {
            resolved.text += env.value(variable).toString();
        } else {
            resolved.text += match.captured(0);
            resolved.unresolved.append(match.captured(0));
        }
        last = match.capturedEnd();
    }
    resolved.text += QStringView(value).sliced(last);
    return resolved;
}

// How a placeholder reads in a note: VS Code inputs by their description.
QString describePlaceholders(const QStringList &placeholders, const RemoteSpec &spec)
{
    QStringList described;
    for (const QString &placeholder : placeholders) {
        static const QRegularExpression input(QStringLiteral(R"(^\$\{input:([^}]*)\}$)"));
        const QRegularExpressionMatch match = input.match(placeholder);
        const QString description = match.hasMatch() ? spec.inputDescriptions.value(match.captured(1)) : QString();
        described.append(description.isEmpty() ? placeholder
                                               : ConfigImport::tr("%1 (\u201c%2\u201d)").arg(placeholder, description));
    }
    return described.join(QStringLiteral(", "));
}

// A URL as a preview may show it: sensitive query parameters masked.
QString displayUrl(const QString &text)
{
    const QUrl url(text, QUrl::StrictMode);
    return url.isValid() && !url.isRelative() ? redaction::redactUrl(url) : redaction::redactText(text);
}

QString stringOf(const QJsonValue &value)
{
    if (value.isString())
        return value.toString();
    if (value.isDouble())
        return QString::number(value.toDouble(), 'g', 17);
    return {};
}

QStringList stringList(const QJsonValue &value)
{
    QStringList list;
    for (const QJsonValue &item : value.toArray())
        list.append(stringOf(item));
    return list;
}

void readHeaders(const QJsonValue &value, RemoteSpec &spec)
{
    if (value.isUndefined() || value.isNull())
        return;
    if (!value.isObject()) {
        spec.skipReason = ConfigImport::tr("its \"headers\" are not an object of name: value pairs");
        return;
    }
    const QJsonObject headers = value.toObject();
    for (auto it = headers.constBegin(); it != headers.constEnd(); ++it) {
        if (!it.value().isString()) {
            spec.skipReason = ConfigImport::tr("the header %1 is not text").arg(it.key());
            return;
        }
        spec.headers.append({it.key(), it.value().toString()});
    }
}

void readScopes(const QJsonValue &value, RemoteSpec &spec)
{
    // An array (Cursor auth.scopes) or one space-separated string (Claude Code oauth.scopes, RFC 6749 §3.3).
    if (value.isArray())
        spec.scopes = stringList(value);
    else if (value.isString())
        spec.scopes = value.toString().split(QLatin1Char(' '), Qt::SkipEmptyParts);
}

bool isAllDigits(QStringView text)
{
    return !text.isEmpty() && std::all_of(text.begin(), text.end(), [](QChar c) { return c.isDigit(); });
}

// The JSON object of an mcp-remote option (--static-oauth-client-info / -metadata), or nullopt with a note
// when it names a file ("@path"), which the import does not read.
std::optional<QJsonObject> mcpRemoteJsonOption(const QString &option, const QString &value, RemoteSpec &spec)
{
    if (value.startsWith(QLatin1Char('@'))) {
        spec.notes.append(ConfigImport::tr("the file %1 given to %2 was not read").arg(value.mid(1), option));
        return std::nullopt;
    }
    const Result<QJsonObject> object = jsonc::parseObject(value.toUtf8(), jsonc::Dialect::Strict);
    if (!object) {
        spec.skipReason = ConfigImport::tr("the %1 value is not a JSON object").arg(option);
        return std::nullopt;
    }
    return object.value();
}

// mcp-remote's command line (github.com/geelen/mcp-remote README, "Usage", "Flags", "Transport
// Strategies", "Static OAuth Client Metadata/Information"): the server URL, an optional callback port,
// then options.
RemoteSpec readMcpRemoteArguments(const QStringList &args, const QJsonObject &env)
{
    RemoteSpec spec;
    spec.env = env;
    bool enableProxy = false;
    bool urlSeen = false;
    for (qsizetype i = 0; i < args.size(); ++i) {
        const QString &arg = args.at(i);
        const auto takeValue = [&]() -> std::optional<QString> {
            if (i + 1 < args.size())
                return args.at(++i);
            spec.notes.append(ConfigImport::tr("mcp-remote's %1 option has no value").arg(arg));
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
                spec.notes.append(ConfigImport::tr("a --header without \"Name: value\" was not carried over"));
                continue;
            }
            spec.headers.append({header->left(colon).trimmed(), header->mid(colon + 1).trimmed()});
        } else if (arg == QLatin1StringView("--transport")) {
            const std::optional<QString> strategy = takeValue();
            if (!strategy)
                continue;
            if (*strategy == QLatin1StringView("http-only"))
                spec.transport = ServerConfig::Transport::StreamableHttp;
            else if (*strategy == QLatin1StringView("sse-only"))
                spec.transport = ServerConfig::Transport::LegacySse;
            else if (*strategy != QLatin1StringView("http-first") && *strategy != QLatin1StringView("sse-first"))
                spec.notes.append(
                    ConfigImport::tr("the transport \"%1\" is unknown; Portico detects it").arg(*strategy));
        } else if (arg == QLatin1StringView("--static-oauth-client-info")) {
            const std::optional<QString> value = takeValue();
            if (!value)
                continue;
            if (const auto info = mcpRemoteJsonOption(arg, *value, spec)) {
                spec.clientId = stringOf(info->value(QLatin1StringView("client_id")));
                if (info->contains(QLatin1StringView("client_secret")))
                    spec.clientSecret = stringOf(info->value(QLatin1StringView("client_secret")));
            }
        } else if (arg == QLatin1StringView("--static-oauth-client-metadata")) {
            const std::optional<QString> value = takeValue();
            if (!value)
                continue;
            if (const auto metadata = mcpRemoteJsonOption(arg, *value, spec))
                readScopes(metadata->value(QLatin1StringView("scope")), spec);
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
            spec.notes.append(ConfigImport::tr("mcp-remote's %1 option is not carried over").arg(arg));
        } else if (arg.startsWith(QLatin1StringView("--"))) {
            spec.notes.append(ConfigImport::tr("mcp-remote's %1 option is not carried over").arg(arg));
        } else if (!urlSeen) {
            spec.urlText = arg;
            urlSeen = true;
        } else if (!spec.redirectPort && isAllDigits(arg)) {
            spec.redirectPort = arg.toLongLong();
        } else {
            spec.notes.append(ConfigImport::tr("an extra mcp-remote argument was not carried over"));
        }
    }
    if (!urlSeen)
        spec.skipReason = ConfigImport::tr("mcp-remote is given no server URL");
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

// A `command` entry: an mcp-remote wrapper around a remote server, or a local server Portico skips.
RemoteSpec readCommandEntry(const QString &command, const QStringList &args, const QJsonObject &env)
{
    const auto isMcpRemote = [](const QString &word) {
        const QString base = QFileInfo(word).fileName();
        return base == QLatin1StringView("mcp-remote") || base == QLatin1StringView("mcp-remote.cmd")
               || base.startsWith(QLatin1StringView("mcp-remote@"));
    };
    // `npx -y mcp-remote URL ...`, `npx mcp-remote@latest URL`, `bunx`/`pnpx`/`cmd /c npx ...`, or an
    // installed `mcp-remote URL ...`: everything after the package is mcp-remote's own command line.
    if (isMcpRemote(command))
        return readMcpRemoteArguments(args, env);
    for (qsizetype i = 0; i < args.size(); ++i) {
        if (isMcpRemote(args.at(i)))
            return readMcpRemoteArguments(args.mid(i + 1), env);
    }
    RemoteSpec spec;
    spec.skipReason = localServerReason();
    return spec;
}

RemoteSpec readCommandObject(const QJsonObject &entry)
{
    return readCommandEntry(stringOf(entry.value(QLatin1StringView("command"))),
                            stringList(entry.value(QLatin1StringView("args"))),
                            entry.value(QLatin1StringView("env")).toObject());
}

ServerConfig::Transport transportFromType(const QJsonValue &type)
{
    // "http" lets Portico detect the era (VS Code: "tries the HTTP Stream transport and falls back to
    // SSE"); "sse" is the 2024-11-05 HTTP+SSE transport.
    return type.toString() == QLatin1StringView("sse") ? ServerConfig::Transport::LegacySse
                                                       : ServerConfig::Transport::Automatic;
}

// Claude Desktop / Claude Code / Cursor (and Windsurf's "serverUrl"): one "mcpServers" member.
RemoteSpec readMcpServersEntry(const QJsonObject &entry)
{
    const QJsonValue url = entry.contains(QLatin1StringView("url")) ? entry.value(QLatin1StringView("url"))
                                                                    : entry.value(QLatin1StringView("serverUrl"));
    if (url.isUndefined()) {
        if (entry.contains(QLatin1StringView("command")))
            return readCommandObject(entry);
        RemoteSpec spec;
        spec.skipReason = ConfigImport::tr("it has neither a \"url\" nor a \"command\"");
        return spec;
    }
    RemoteSpec spec;
    spec.urlText = url.toString();
    if (entry.value(QLatin1StringView("type")).toString() == QLatin1StringView("stdio")) {
        spec.skipReason = localServerReason();
        return spec;
    }
    spec.transport = transportFromType(entry.value(QLatin1StringView("type")));
    readHeaders(entry.value(QLatin1StringView("headers")), spec);
    // Cursor's static OAuth client: "auth": { "CLIENT_ID", "CLIENT_SECRET", "scopes" } (cursor.com/docs/mcp).
    const QJsonObject auth = entry.value(QLatin1StringView("auth")).toObject();
    if (!auth.isEmpty()) {
        spec.clientId = stringOf(auth.value(QLatin1StringView("CLIENT_ID")));
        if (auth.contains(QLatin1StringView("CLIENT_SECRET")))
            spec.clientSecret = stringOf(auth.value(QLatin1StringView("CLIENT_SECRET")));
        readScopes(auth.value(QLatin1StringView("scopes")), spec);
    }
    // Claude Code: "oauth": { "clientId", "callbackPort", "scopes" } (code.claude.com/docs/en/mcp,
    // "Use pre-configured OAuth credentials", "Use a fixed OAuth callback port").
    const QJsonObject oauth = entry.value(QLatin1StringView("oauth")).toObject();
    if (!oauth.isEmpty()) {
        if (spec.clientId.isEmpty())
            spec.clientId = stringOf(oauth.value(QLatin1StringView("clientId")));
        if (oauth.value(QLatin1StringView("callbackPort")).isDouble())
            spec.redirectPort = qint64(oauth.value(QLatin1StringView("callbackPort")).toDouble());
        if (spec.scopes.isEmpty())
            readScopes(oauth.value(QLatin1StringView("scopes")), spec);
    }
    return spec;
}

// VS Code mcp.json "servers" member (code.visualstudio.com/docs/copilot/reference/mcp-configuration).
RemoteSpec readVsCodeEntry(const QJsonObject &entry, const QHash<QString, QString> &inputs)
{
    RemoteSpec spec;
    const QString type = entry.value(QLatin1StringView("type")).toString();
    if (entry.contains(QLatin1StringView("command")) || type == QLatin1StringView("stdio")) {
        spec = readCommandObject(entry);
    } else if (!entry.contains(QLatin1StringView("url"))) {
        spec.skipReason = ConfigImport::tr("it has neither a \"url\" nor a \"command\"");
    } else {
        spec.urlText = entry.value(QLatin1StringView("url")).toString();
        spec.transport = transportFromType(entry.value(QLatin1StringView("type")));
        readHeaders(entry.value(QLatin1StringView("headers")), spec);
        const QJsonObject oauth = entry.value(QLatin1StringView("oauth")).toObject();
        spec.clientId = stringOf(oauth.value(QLatin1StringView("clientId")));
        if (oauth.contains(QLatin1StringView("clientSecret")))
            spec.clientSecret = stringOf(oauth.value(QLatin1StringView("clientSecret")));
    }
    spec.inputDescriptions = inputs;
    return spec;
}

// Zed settings.json "context_servers" member (zed.dev/docs/ai/mcp; `oauth` from zed-industries/zed #52900).
RemoteSpec readZedEntry(const QJsonObject &entry)
{
    const QJsonValue command = entry.value(QLatin1StringView("command"));
    if (command.isObject()) {
        // The older form: "command": { "path", "args", "env" }.
        const QJsonObject object = command.toObject();
        return readCommandEntry(stringOf(object.value(QLatin1StringView("path"))),
                                stringList(object.value(QLatin1StringView("args"))),
                                object.value(QLatin1StringView("env")).toObject());
    }
    if (command.isString())
        return readCommandObject(entry);
    RemoteSpec spec;
    if (!entry.contains(QLatin1StringView("url"))) {
        spec.skipReason = entry.value(QLatin1StringView("source")).toString() == QLatin1StringView("extension")
                                  || entry.contains(QLatin1StringView("settings"))
                              ? ConfigImport::tr("a Zed extension's server: the extension starts it, so there "
                                                 "is no URL to import")
                              : ConfigImport::tr("it has neither a \"url\" nor a \"command\"");
        return spec;
    }
    spec.urlText = entry.value(QLatin1StringView("url")).toString();
    readHeaders(entry.value(QLatin1StringView("headers")), spec);
    const QJsonObject oauth = entry.value(QLatin1StringView("oauth")).toObject();
    spec.clientId = stringOf(oauth.value(QLatin1StringView("client_id")));
    if (oauth.contains(QLatin1StringView("client_secret")))
        spec.clientSecret = stringOf(oauth.value(QLatin1StringView("client_secret")));
    return spec;
}

struct Accepted
{
    QString normalizedUrl;
    QString name;
};

// One preview row from one entry: the rules every format shares.
Entry build(const QString &name, RemoteSpec spec, const QList<ServerConfig> &existing, QList<Accepted> &accepted)
{
    Entry entry;
    entry.name = name;
    entry.urlText = displayUrl(spec.urlText);
    const auto skip = [&entry](const QString &reason) {
        entry.action = Action::Skip;
        entry.reason = reason;
        entry.notes.clear();
        entry.config.reset();
        entry.secrets.clear();
        return entry;
    };
    if (!spec.skipReason.isEmpty())
        return skip(spec.skipReason);

    const Resolved url = resolvePlaceholders(spec.urlText.trimmed(), spec.env);
    if (!url.unresolved.isEmpty())
        return skip(
            ConfigImport::tr("unresolvable placeholder %1 in the URL").arg(describePlaceholders(url.unresolved, spec)));
    ServerConfig config;
    config.name = name.trimmed();
    config.url = QUrl(url.text, QUrl::StrictMode);
    if (config.name.isEmpty())
        config.name = config.url.host();
    if (const Result<void> valid = config.validate(); !valid)
        return skip(ConfigImport::tr("invalid URL: %1").arg(valid.error().message()));
    config.transport = spec.transport;

    const Resolved clientId = resolvePlaceholders(spec.clientId.trimmed(), spec.env);
    if (!clientId.unresolved.isEmpty())
        return skip(ConfigImport::tr("unresolvable placeholder %1 in the OAuth client id")
                        .arg(describePlaceholders(clientId.unresolved, spec)));
    if (!clientId.text.isEmpty()) {
        config.authorizationMode = ServerConfig::AuthorizationMode::PreRegisteredClient;
        config.clientId = clientId.text;
    }
    if (spec.clientSecret && !spec.clientSecret->isEmpty()) {
        const Resolved secret = resolvePlaceholders(*spec.clientSecret, spec.env);
        if (config.clientId.isEmpty()) {
            entry.notes.append(ConfigImport::tr("a client secret without a client id was left out"));
        } else if (!secret.unresolved.isEmpty()) {
            // The secret exists but is not in the file: record that one is needed, and say where it was.
            config.hasClientSecret = true;
            entry.notes.append(ConfigImport::tr("the client secret comes from %1, which is not in the file: enter "
                                                "it in Portico before signing in")
                                   .arg(describePlaceholders(secret.unresolved, spec)));
        } else {
            config.hasClientSecret = true;
            entry.secrets.append({config.clientSecretKey(), secret.text.toUtf8()});
            entry.notes.append(ConfigImport::tr("client secret stored in the keychain"));
        }
    }
    config.scopes = spec.scopes;

    bool hasAuthorizationHeader = false;
    for (const auto &[headerName, headerValue] : std::as_const(spec.headers)) {
        const Resolved value = resolvePlaceholders(headerValue, spec.env);
        if (headerName.compare(QLatin1StringView("authorization"), Qt::CaseInsensitive) == 0)
            hasAuthorizationHeader = true;
        if (!value.unresolved.isEmpty()) {
            // A value kept out of the file on purpose: treat it as a secret Portico will ask for.
            config.headers.append({headerName, QString(), true});
            entry.notes.append(ConfigImport::tr("the %1 header's value comes from %2, which is not in the file: "
                                                "enter it in Portico before connecting")
                                   .arg(headerName, describePlaceholders(value.unresolved, spec)));
        } else if (ServerConfig::isSecretHeaderName(headerName)) {
            config.headers.append({headerName, QString(), true});
            entry.secrets.append({config.headerSecretKey(headerName), value.text.toUtf8()});
            entry.notes.append(ConfigImport::tr("the %1 header's value goes to the keychain").arg(headerName));
        } else {
            config.headers.append({headerName, value.text, false});
        }
    }
    // Zed docs: "When a remote MCP server has no configured Authorization header, Zed will prompt you to
    // authenticate": a file that sends its own Authorization header does not want OAuth.
    if (hasAuthorizationHeader && config.clientId.isEmpty()) {
        config.authorizationMode = ServerConfig::AuthorizationMode::None;
        entry.notes.append(ConfigImport::tr("no sign-in: the file sends its own Authorization header"));
    }

    if (spec.redirectPort) {
        if (*spec.redirectPort < 1 || *spec.redirectPort > 65535)
            return skip(ConfigImport::tr("the callback port %1 is not between 1 and 65535").arg(*spec.redirectPort));
        config.fixedRedirectPort = quint16(*spec.redirectPort);
    }
    config.sendResourceParameter = spec.sendResourceParameter;
    config.caCertificatesFile = resolvePlaceholders(spec.caCertificatesFile, spec.env).text;
    if (spec.proxyUrlText) {
        const Resolved proxy = resolvePlaceholders(*spec.proxyUrlText, spec.env);
        const QUrl proxyUrl(proxy.text, QUrl::StrictMode);
        if (proxy.unresolved.isEmpty() && proxyUrl.password().isEmpty()) {
            config.proxyMode = ServerConfig::ProxyMode::Manual;
            config.proxyUrl = proxyUrl;
        } else {
            entry.notes.append(ConfigImport::tr("the proxy was not carried over; Portico uses the system's"));
        }
    }
    entry.notes.append(spec.notes);

    if (const Result<void> valid = config.validate(); !valid)
        return skip(valid.error().message());

    const QString normalized = ServerConfig::normalizedUrl(config.url);
    for (const ServerConfig &other : existing) {
        if (ServerConfig::normalizedUrl(other.url) == normalized) {
            entry.action = Action::Duplicate;
            entry.reason = ConfigImport::tr("already configured as \u201c%1\u201d").arg(other.name);
            entry.notes.clear();
            entry.secrets.clear();
            entry.config = config;
            return entry;
        }
    }
    for (const Accepted &other : std::as_const(accepted)) {
        if (other.normalizedUrl == normalized) {
            entry.action = Action::Duplicate;
            entry.reason = ConfigImport::tr("the same URL as \u201c%1\u201d earlier in this file").arg(other.name);
            entry.notes.clear();
            entry.secrets.clear();
            entry.config = config;
            return entry;
        }
    }
    accepted.append({normalized, config.name});
    entry.action = Action::Add;
    entry.config = std::move(config);
    return entry;
}

// The object that maps server names to servers in `format`, and the key it sits under (for errors).
struct ServerMap
{
    QJsonValue value;
    QString key;
};

ServerMap serverMap(const QJsonObject &root, ConfigFormat format)
{
    switch (format) {
    case ConfigFormat::ClaudeDesktop:
    case ConfigFormat::Cursor:
        return {root.value(QLatin1StringView("mcpServers")), QStringLiteral("mcpServers")};
    case ConfigFormat::VsCode:
        // mcp.json has "servers" at the top; user settings.json nests the same under "mcp".
        if (!root.contains(QLatin1StringView("servers")) && root.value(QLatin1StringView("mcp")).isObject())
            return {root.value(QLatin1StringView("mcp")).toObject().value(QLatin1StringView("servers")),
                    QStringLiteral("mcp.servers")};
        return {root.value(QLatin1StringView("servers")), QStringLiteral("servers")};
    case ConfigFormat::Zed:
        return {root.value(QLatin1StringView("context_servers")), QStringLiteral("context_servers")};
    }
    Q_UNREACHABLE();
    return {};
}

QHash<QString, QString> vsCodeInputs(const QJsonObject &root)
{
    const QJsonValue inputs = root.contains(QLatin1StringView("inputs"))
                                  ? root.value(QLatin1StringView("inputs"))
                                  : root.value(QLatin1StringView("mcp")).toObject().value(QLatin1StringView("inputs"));
    QHash<QString, QString> descriptions;
    for (const QJsonValue &input : inputs.toArray()) {
        const QJsonObject object = input.toObject();
        descriptions.insert(object.value(QLatin1StringView("id")).toString(),
                            object.value(QLatin1StringView("description")).toString());
    }
    return descriptions;
}

// Writes the secrets one by one, then the servers in one registry write; on any failure, deletes the
// secrets written so far and reports the first error. Lives until it has answered, then deletes itself.
class ImportApplier : public QObject
{
public:
    ImportApplier(const ImportPreview &preview, ServerRegistry &registry, SecretStore &secrets, QObject *context,
                  ConfigImport::ApplyCallback done)
        : m_configs(preview.configsToAdd())
        , m_secrets(preview.secretsToStore())
        , m_registry(&registry)
        , m_store(secrets)
        , m_context(context)
        , m_done(std::move(done))
    {}

    void start() { writeNext(); }

private:
    void writeNext()
    {
        if (m_written == m_secrets.size())
            return commit();
        const ImportPreview::PendingSecret &secret = m_secrets.at(m_written);
        m_store.writeSecret(secret.key, secret.value, this, [this](const Result<void> &written) {
            // A failed write stores nothing (SecretStore contract): only the ones before it are undone.
            if (!written)
                return rollBack(written.error());
            ++m_written;
            writeNext();
        });
    }

    void commit()
    {
        if (m_registry.isNull())
            return rollBack(Error(ErrorCode::Cancelled, ConfigImport::tr("The import was cancelled.")));
        if (const Result<void> added = m_registry->addAll(m_configs); !added)
            return rollBack(added.error());
        finish(qsizetype(m_configs.size()));
    }

    void rollBack(const Error &error)
    {
        auto pending = std::make_shared<qsizetype>(m_written);
        if (*pending == 0)
            return finish(error);
        for (qsizetype i = 0; i < m_written; ++i) {
            m_store.deleteSecret(m_secrets.at(i).key, this, [this, pending, error](const Result<void> &deleted) {
                if (!deleted)
                    m_rollBackFailures.append(deleted.error().message());
                if (--*pending == 0) {
                    Error reported = error;
                    if (!m_rollBackFailures.isEmpty())
                        reported = Error(error.code(),
                                         error.message() + QLatin1Char(' ')
                                             + ConfigImport::tr("Some secrets it had stored could not be removed "
                                                                "again (%1).")
                                                   .arg(m_rollBackFailures.constFirst()),
                                         error.detail());
                    finish(reported);
                }
            });
        }
    }

    void finish(Result<qsizetype> result)
    {
        // Queued, so `done` never runs inside apply(), and dropped by Qt if the context is gone by then.
        if (!m_context.isNull()) {
            QMetaObject::invokeMethod(
                m_context.data(), [done = std::move(m_done), result = std::move(result)]() { done(result); },
                Qt::QueuedConnection);
        }
        deleteLater();
    }

    QList<ServerConfig> m_configs;
    QList<ImportPreview::PendingSecret> m_secrets;
    QPointer<ServerRegistry> m_registry;
    SecretStore &m_store;
    QPointer<QObject> m_context;
    ConfigImport::ApplyCallback m_done;
    qsizetype m_written = 0;
    QStringList m_rollBackFailures;
};

} // namespace

std::optional<ConfigFormat> ConfigImport::detectFormat(const QJsonObject &root)
{
    if (root.contains(QLatin1StringView("context_servers")))
        return ConfigFormat::Zed;
    if (root.contains(QLatin1StringView("servers"))
        || root.value(QLatin1StringView("mcp")).toObject().contains(QLatin1StringView("servers")))
        return ConfigFormat::VsCode;
    if (!root.contains(QLatin1StringView("mcpServers")))
        return std::nullopt;
    // Claude Desktop and Cursor share "mcpServers"; Cursor's own marks are "auth" and ${env:NAME}.
    const QJsonObject servers = root.value(QLatin1StringView("mcpServers")).toObject();
    for (auto it = servers.constBegin(); it != servers.constEnd(); ++it) {
        const QJsonObject entry = it.value().toObject();
        if (entry.contains(QLatin1StringView("auth")))
            return ConfigFormat::Cursor;
        const QByteArray text = QJsonDocument(entry).toJson(QJsonDocument::Compact);
        if (text.contains("${env:"))
            return ConfigFormat::Cursor;
    }
    return ConfigFormat::ClaudeDesktop;
}

Result<ImportPreview> ConfigImport::preview(QByteArrayView content, std::optional<ConfigFormat> format,
                                            const QList<ServerConfig> &existing)
{
    if (content.size() > kMaxFileSize)
        return Error(ErrorCode::ConfigInvalid, tr("The file is too large to be an MCP configuration."));
    const Result<QJsonObject> parsed = jsonc::parseObject(content, jsonc::Dialect::Tolerant);
    if (!parsed)
        return Error(ErrorCode::ConfigInvalid, tr("The file is not valid JSON. %1").arg(parsed.error().message()));
    const QJsonObject &root = parsed.value();

    ImportPreview preview;
    if (format) {
        preview.format = *format;
    } else if (const auto detected = detectFormat(root)) {
        preview.format = *detected;
    } else {
        return Error(ErrorCode::ConfigInvalid,
                     tr("The file is not an MCP configuration Portico knows: it has no \"mcpServers\" (Claude "
                        "Desktop, Cursor), \"servers\" (VS Code) or \"context_servers\" (Zed)."));
    }

    const ServerMap map = serverMap(root, preview.format);
    if (map.value.isUndefined())
        return Error(ErrorCode::ConfigInvalid, tr("The file has no \"%1\", so it is not a %2 configuration.")
                                                   .arg(map.key, config_format::displayName(preview.format)));
    if (!map.value.isObject())
        return Error(ErrorCode::ConfigInvalid,
                     tr("\"%1\" must be an object that maps server names to servers.").arg(map.key));

    const QHash<QString, QString> inputs =
        preview.format == ConfigFormat::VsCode ? vsCodeInputs(root) : QHash<QString, QString>();
    QList<Accepted> accepted;
    const QJsonObject servers = map.value.toObject();
    for (auto it = servers.constBegin(); it != servers.constEnd(); ++it) {
        RemoteSpec spec;
        if (!it.value().isObject()) {
            spec.skipReason = tr("it is not a server entry (an object)");
        } else {
            const QJsonObject entry = it.value().toObject();
            switch (preview.format) {
            case ConfigFormat::ClaudeDesktop:
            case ConfigFormat::Cursor:
                spec = readMcpServersEntry(entry);
                break;
            case ConfigFormat::VsCode:
                spec = readVsCodeEntry(entry, inputs);
                break;
            case ConfigFormat::Zed:
                spec = readZedEntry(entry);
                break;
            }
        }
        preview.entries.append(build(it.key(), std::move(spec), existing, accepted));
    }
    return preview;
}

Result<ImportPreview> ConfigImport::previewFile(const QString &path, std::optional<ConfigFormat> format,
                                                const QList<ServerConfig> &existing)
{
    const QString where = QDir::toNativeSeparators(path);
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return Error(ErrorCode::FileAccessFailed, tr("Cannot read %1: %2").arg(where, file.errorString()));
    if (file.size() > kMaxFileSize)
        return Error(ErrorCode::ConfigInvalid, tr("%1 is too large to be an MCP configuration.").arg(where));
    const QByteArray content = file.read(kMaxFileSize + 1);
    Result<ImportPreview> result = preview(content, format, existing);
    if (!result)
        return Error(result.error().code(), where + QStringLiteral(": ") + result.error().message());
    ImportPreview preview = std::move(result).value();
    preview.sourcePath = path;
    return preview;
}

void ConfigImport::apply(const ImportPreview &preview, ServerRegistry &registry, SecretStore &secrets, QObject *context,
                         ApplyCallback done)
{
    auto *applier = new ImportApplier(preview, registry, secrets, context, std::move(done));
    applier->start();
}

QList<ConfigImport::KnownFile> ConfigImport::knownConfigFiles()
{
    const QString home = QDir::homePath();
    const QString config = QStandardPaths::writableLocation(QStandardPaths::GenericConfigLocation);
#if defined(Q_OS_MACOS)
    const QString appSupport = home + QStringLiteral("/Library/Application Support");
    const QList<KnownFile> candidates{
        {ConfigFormat::ClaudeDesktop, appSupport + QStringLiteral("/Claude/claude_desktop_config.json")},
        {ConfigFormat::ClaudeDesktop, home + QStringLiteral("/.claude.json")},
        {ConfigFormat::Cursor, home + QStringLiteral("/.cursor/mcp.json")},
        {ConfigFormat::VsCode, appSupport + QStringLiteral("/Code/User/mcp.json")},
        {ConfigFormat::Zed, home + QStringLiteral("/.config/zed/settings.json")},
    };
#elif defined(Q_OS_WIN)
    const QString roaming = qEnvironmentVariable("APPDATA");
    const QList<KnownFile> candidates{
        {ConfigFormat::ClaudeDesktop, roaming + QStringLiteral("/Claude/claude_desktop_config.json")},
        {ConfigFormat::ClaudeDesktop, home + QStringLiteral("/.claude.json")},
        {ConfigFormat::Cursor, home + QStringLiteral("/.cursor/mcp.json")},
        {ConfigFormat::VsCode, roaming + QStringLiteral("/Code/User/mcp.json")},
        {ConfigFormat::Zed, roaming + QStringLiteral("/Zed/settings.json")},
    };
#else
    const QList<KnownFile> candidates{
        {ConfigFormat::ClaudeDesktop, config + QStringLiteral("/Claude/claude_desktop_config.json")},
        {ConfigFormat::ClaudeDesktop, home + QStringLiteral("/.claude.json")},
        {ConfigFormat::Cursor, home + QStringLiteral("/.cursor/mcp.json")},
        {ConfigFormat::VsCode, config + QStringLiteral("/Code/User/mcp.json")},
        {ConfigFormat::Zed, config + QStringLiteral("/zed/settings.json")},
    };
#endif
    Q_UNUSED(config)
    QList<KnownFile> found;
    for (const KnownFile &candidate : candidates) {
        if (QFileInfo(candidate.path).isFile())
            found.append(candidate);
    }
    return found;
}

} // namespace portico
