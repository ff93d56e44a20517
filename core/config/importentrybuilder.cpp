#include "config/importentrybuilder.h"

#include "common/redaction.h"
#include "config/placeholderresolver.h"

#include <utility>

namespace portico {

namespace {

using Entry = ImportPreview::Entry;
using Action = ImportPreview::Entry::Action;
using Resolved = PlaceholderResolver::Resolved;

// A URL as a preview may show it: sensitive query parameters masked.
QString displayUrl(const QString &text)
{
    const QUrl url(text, QUrl::StrictMode);
    return url.isValid() && !url.isRelative() ? redaction::redactUrl(url) : redaction::redactText(text);
}

// A client secret in the file goes to the keychain; one behind a placeholder is recorded as needed.
void mapClientSecret(const RemoteServerSpec &spec, const PlaceholderResolver &placeholders, ServerConfig &config,
                     Entry &entry)
{
    if (!spec.clientSecret || spec.clientSecret->isEmpty())
        return;
    const Resolved secret = placeholders.resolve(*spec.clientSecret);
    if (config.clientId.isEmpty()) {
        entry.notes.append(ImportEntryBuilder::tr("a client secret without a client id was left out"));
    } else if (!secret.unresolved.isEmpty()) {
        // The secret exists but is not in the file: record that one is needed, and say where it was.
        config.hasClientSecret = true;
        entry.notes.append(ImportEntryBuilder::tr("the client secret comes from %1, which is not in the file: "
                                                  "enter it in Portico before signing in")
                               .arg(placeholders.describe(secret.unresolved)));
    } else {
        config.hasClientSecret = true;
        entry.secrets.append({config.clientSecretKey(), secret.text.toUtf8()});
        entry.notes.append(ImportEntryBuilder::tr("client secret stored in the keychain"));
    }
}

// Header values that are credentials go to the keychain; values behind a placeholder become secret headers
// Portico asks for.
void mapHeaders(const RemoteServerSpec &spec, const PlaceholderResolver &placeholders, ServerConfig &config,
                Entry &entry)
{
    bool hasAuthorizationHeader = false;
    for (const auto &[headerName, headerValue] : spec.headers) {
        const Resolved value = placeholders.resolve(headerValue);
        if (headerName.compare(QLatin1StringView("authorization"), Qt::CaseInsensitive) == 0)
            hasAuthorizationHeader = true;
        if (!value.unresolved.isEmpty()) {
            // A value kept out of the file on purpose: treat it as a secret Portico will ask for.
            config.headers.append({headerName, QString(), true});
            entry.notes.append(ImportEntryBuilder::tr("the %1 header's value comes from %2, which is not in the "
                                                      "file: enter it in Portico before connecting")
                                   .arg(headerName, placeholders.describe(value.unresolved)));
        } else if (ServerConfig::isSecretHeaderName(headerName)) {
            config.headers.append({headerName, QString(), true});
            entry.secrets.append({config.headerSecretKey(headerName), value.text.toUtf8()});
            entry.notes.append(ImportEntryBuilder::tr("the %1 header's value goes to the keychain").arg(headerName));
        } else {
            config.headers.append({headerName, value.text, false});
        }
    }
    // Zed docs: "When a remote MCP server has no configured Authorization header, Zed will prompt you to
    // authenticate": a file that sends its own Authorization header does not want OAuth.
    if (hasAuthorizationHeader && config.clientId.isEmpty()) {
        config.authorizationMode = ServerConfig::AuthorizationMode::None;
        entry.notes.append(ImportEntryBuilder::tr("no sign-in: the file sends its own Authorization header"));
    }
}

// A proxy the file names becomes the server's manual proxy, unless it is incomplete or carries a password.
void mapProxy(const RemoteServerSpec &spec, const PlaceholderResolver &placeholders, ServerConfig &config, Entry &entry)
{
    if (!spec.proxyUrlText)
        return;
    const Resolved proxy = placeholders.resolve(*spec.proxyUrlText);
    const QUrl proxyUrl(proxy.text, QUrl::StrictMode);
    if (proxy.unresolved.isEmpty() && proxyUrl.password().isEmpty()) {
        config.proxyMode = ProxyMode::Manual;
        config.proxyUrl = proxyUrl;
    } else {
        entry.notes.append(ImportEntryBuilder::tr("the proxy was not carried over; Portico uses the system's"));
    }
}

} // namespace

ImportEntryBuilder::ImportEntryBuilder(QList<ServerConfig> existing)
    : m_existing(std::move(existing))
{}

Entry ImportEntryBuilder::build(const QString &name, const RemoteServerSpec &spec)
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

    const PlaceholderResolver placeholders(spec.env, spec.inputDescriptions);
    const Resolved url = placeholders.resolve(spec.urlText.trimmed());
    if (!url.unresolved.isEmpty())
        return skip(tr("unresolvable placeholder %1 in the URL").arg(placeholders.describe(url.unresolved)));
    ServerConfig config;
    config.name = name.trimmed();
    config.url = QUrl(url.text, QUrl::StrictMode);
    if (config.name.isEmpty())
        config.name = config.url.host();
    if (const Result<void> valid = config.validate(); !valid)
        return skip(tr("invalid URL: %1").arg(valid.error().message()));
    config.transport = spec.transport;

    const Resolved clientId = placeholders.resolve(spec.clientId.trimmed());
    if (!clientId.unresolved.isEmpty())
        return skip(
            tr("unresolvable placeholder %1 in the OAuth client id").arg(placeholders.describe(clientId.unresolved)));
    if (!clientId.text.isEmpty()) {
        config.authorizationMode = ServerConfig::AuthorizationMode::PreRegisteredClient;
        config.clientId = clientId.text;
    }
    mapClientSecret(spec, placeholders, config, entry);
    config.scopes = spec.scopes;
    mapHeaders(spec, placeholders, config, entry);

    if (spec.redirectPort) {
        if (*spec.redirectPort < 1 || *spec.redirectPort > 65535)
            return skip(tr("the callback port %1 is not between 1 and 65535").arg(*spec.redirectPort));
        config.fixedRedirectPort = quint16(*spec.redirectPort);
    }
    config.sendResourceParameter = spec.sendResourceParameter;
    config.caCertificatesFile = placeholders.resolve(spec.caCertificatesFile).text;
    mapProxy(spec, placeholders, config, entry);
    entry.notes.append(spec.notes);

    if (const Result<void> valid = config.validate(); !valid)
        return skip(valid.error().message());
    return addOrFlagDuplicate(std::move(entry), std::move(config));
}

Entry ImportEntryBuilder::addOrFlagDuplicate(Entry entry, ServerConfig config)
{
    const auto duplicate = [&entry, &config](const QString &reason) {
        entry.action = Action::Duplicate;
        entry.reason = reason;
        entry.notes.clear();
        entry.secrets.clear();
        entry.config = std::move(config);
        return entry;
    };
    const QString normalized = ServerConfig::normalizedUrl(config.url);
    for (const ServerConfig &other : std::as_const(m_existing)) {
        if (ServerConfig::normalizedUrl(other.url) == normalized)
            return duplicate(tr("already configured as \u201c%1\u201d").arg(other.name));
    }
    for (const Accepted &other : std::as_const(m_accepted)) {
        if (other.normalizedUrl == normalized)
            return duplicate(tr("the same URL as \u201c%1\u201d earlier in this file").arg(other.name));
    }
    m_accepted.append({normalized, config.name});
    entry.action = Action::Add;
    entry.config = std::move(config);
    return entry;
}

} // namespace portico
