#include "auth/discoveryurls.h"

#include "common/redaction.h"
#include "net/urlpolicy.h"

#include <QCoreApplication>

namespace portico::discovery_urls {

namespace {

const QLatin1StringView kPrmSuffix{"/.well-known/oauth-protected-resource"};       // RFC 9728 §3.1
const QLatin1StringView kOAuthAsSuffix{"/.well-known/oauth-authorization-server"}; // RFC 8414 §3.1
const QLatin1StringView kOidcSuffix{"/.well-known/openid-configuration"};          // OIDC Discovery §4.1

Error failed(const QString &detail)
{
    return Error(ErrorCode::DiscoveryFailed,
                 QCoreApplication::translate("DiscoveryUrls", "Portico cannot work out where this server's "
                                                              "sign-in information is published."),
                 detail);
}

// Requirements SEC-1: the URL a discovery step starts from must itself be one Portico may contact.
Result<void> checkPolicy(const QUrl &url, const QString &what)
{
    const Result<void> allowed = url_policy::check(url);
    if (!allowed.ok())
        return failed(what + QStringLiteral(": ") + allowed.error().message() + QStringLiteral(" (")
                      + allowed.error().detail() + u')');
    return Result<void>::success();
}

// RFC 6454 §6.2 ASCII serialization of the origin: scheme "://" host [":" port], the default port left out.
QString originOf(const QUrl &url)
{
    QUrl origin = url.adjusted(QUrl::RemoveUserInfo | QUrl::RemovePath | QUrl::RemoveQuery | QUrl::RemoveFragment);
    const QString scheme = origin.scheme();
    const int defaultPort = scheme == QLatin1String("https") ? 443 : (scheme == QLatin1String("http") ? 80 : -1);
    if (origin.port() == defaultPort)
        origin.setPort(-1);
    return origin.toString(QUrl::FullyEncoded);
}

// The path as sent on the wire, with one trailing '/' removed (RFC 9728 §3.1 "any terminating slash",
// RFC 8414 §3.1, requirements AUTH-8; the TS SDK removes exactly one). "" for no path and for "/".
QString trimmedPath(const QUrl &url)
{
    QString path = url.path(QUrl::FullyEncoded);
    if (path.endsWith(u'/'))
        path.chop(1);
    return path;
}

Result<QUrl> build(const QString &text)
{
    const QUrl url(text, QUrl::StrictMode);
    if (!url.isValid())
        return failed(QStringLiteral("could not build a valid URL from %1").arg(redaction::redactText(text)));
    const Result<void> allowed = checkPolicy(url, QStringLiteral("the discovery URL"));
    if (!allowed.ok())
        return allowed.error();
    return url;
}

} // namespace

Result<QList<PrmUrl>> protectedResourceMetadataUrls(const QUrl &mcpServerUrl, const QString &challengeResourceMetadata)
{
    const Result<void> serverAllowed = checkPolicy(mcpServerUrl, QStringLiteral("the MCP server URL"));
    if (!serverAllowed.ok())
        return serverAllowed.error();

    // Requirements AUTH-2 step 1 (RFC 9728 §5.1): the challenge's resource_metadata URL, and only it (trap 1,
    // conformance auth/metadata-default: a root PRM request afterwards fails prm-priority-order).
    if (!challengeResourceMetadata.isEmpty()) {
        const QUrl url(challengeResourceMetadata, QUrl::StrictMode);
        // Requirements SEC-1: a server-supplied URL; an unusable one ends discovery rather than falling back (TS SDK).
        const Result<void> allowed = checkPolicy(url, QStringLiteral("the resource_metadata URL of the challenge"));
        if (!allowed.ok())
            return allowed.error();
        return QList<PrmUrl>{{url, PrmUrlKind::FromChallenge}};
    }

    const QString origin = originOf(mcpServerUrl);
    const QString path = trimmedPath(mcpServerUrl);
    // RFC 9728 §3.1: the well-known string goes between the host and the path and/or query; the query stays
    // (TS SDK discoverMetadataWithFallback keeps `search` on the path-aware URL). The fragment never does.
    const QString query = mcpServerUrl.query(QUrl::FullyEncoded);
    const QString suffixWithQuery = query.isEmpty() ? QString() : u'?' + query;

    QList<PrmUrl> urls;
    // Requirements AUTH-2 step 2: path-inserted.
    if (!path.isEmpty()) {
        Result<QUrl> pathInserted = build(origin + kPrmSuffix + path + suffixWithQuery);
        if (!pathInserted.ok())
            return pathInserted.error();
        urls.append({std::move(pathInserted).value(), PrmUrlKind::PathInserted});
    }
    // Requirements AUTH-2 step 3: the root. For a server URL without a path steps 2 and 3 are one URL: tried once
    // (TS SDK: no fallback when the path is "/"), with the query kept as step 2 would.
    Result<QUrl> root = build(origin + kPrmSuffix + (path.isEmpty() ? suffixWithQuery : QString()));
    if (!root.ok())
        return root.error();
    urls.append({std::move(root).value(), PrmUrlKind::Root});
    return urls;
}

Result<QList<AsMetadataUrl>> authorizationServerMetadataUrls(const QString &issuer)
{
    const QUrl url(issuer, QUrl::StrictMode);
    // Requirements AUTH-10, SEC-1: the issuer is https (http only to loopback).
    const Result<void> allowed = checkPolicy(url, QStringLiteral("the authorization server issuer"));
    if (!allowed.ok())
        return allowed.error();
    // RFC 8414 §2 / requirements AUTH-10: an issuer has no query and no fragment.
    if (url.hasQuery() || url.hasFragment() || issuer.contains(u'?') || issuer.contains(u'#'))
        return failed(QStringLiteral("the issuer %1 has a query or fragment, which RFC 8414 §2 forbids")
                          .arg(redaction::redactText(issuer)));

    const QString origin = originOf(url);
    // Requirements AUTH-8 / RFC 8414 §3.1: one terminating '/' removed before inserting; the caller keeps `issuer`
    // itself for the echo check (RFC 8414 §3.3).
    const QString path = trimmedPath(url);

    QList<AsMetadataUrl> urls;
    auto add = [&](const QString &text, AsMetadataKind kind) -> Result<void> {
        Result<QUrl> built = build(text);
        if (!built.ok())
            return built.error();
        urls.append({std::move(built).value(), kind});
        return Result<void>::success();
    };
    // Requirements AUTH-2, "issuer with a path" (MCP 2026-07-28 authorization server discovery, 'Authorization Server
    // Metadata Discovery'; TS SDK buildDiscoveryUrls). The TS SDK tests the unstripped path against "/", so
    // "https://as/" counts as having no path, like "https://as".
    const bool hasPath = !path.isEmpty();
    const QList<std::pair<QString, AsMetadataKind>> candidates =
        hasPath ? QList<std::pair<QString, AsMetadataKind>>{
                      // 1. RFC 8414 §3.1 path insertion.
                      {origin + kOAuthAsSuffix + path, AsMetadataKind::OAuth},
                      // 2. OIDC with path insertion (MCP ASD; RFC 8414 §5 compatibility note).
                      {origin + kOidcSuffix + path, AsMetadataKind::OpenIdConnect},
                      // 3. OIDC Discovery §4.1: path appended. No root form follows (trap 2).
                      {origin + path + kOidcSuffix, AsMetadataKind::OpenIdConnect},
                  }
                : QList<std::pair<QString, AsMetadataKind>>{
                      // Requirements AUTH-2, "issuer without a path": RFC 8414 first, then OIDC.
                      {origin + kOAuthAsSuffix, AsMetadataKind::OAuth},
                      {origin + kOidcSuffix, AsMetadataKind::OpenIdConnect},
                  };
    for (const auto &[text, kind] : candidates) {
        const Result<void> added = add(text, kind);
        if (!added.ok())
            return added.error();
    }
    return urls;
}

Result<QString> legacyAuthorizationServerIssuer(const QUrl &mcpServerUrl)
{
    const Result<void> allowed = checkPolicy(mcpServerUrl, QStringLiteral("the MCP server URL"));
    if (!allowed.ok())
        return allowed.error();
    // Requirements AUTH-13 / 2025-03-26 §Authorization Base URL: the MCP server URL with its path discarded.
    return originOf(mcpServerUrl);
}

Result<QList<AsMetadataUrl>> legacyAuthorizationServerMetadataUrls(const QUrl &mcpServerUrl)
{
    Result<QString> issuer = legacyAuthorizationServerIssuer(mcpServerUrl);
    if (!issuer.ok())
        return issuer.error();
    // Requirements AUTH-13 step 1: RFC 8414 metadata at the origin's root, nothing else (2025-03-26 §Server Metadata
    // Discovery).
    Result<QUrl> url = build(issuer.value() + kOAuthAsSuffix);
    if (!url.ok())
        return url.error();
    return QList<AsMetadataUrl>{{std::move(url).value(), AsMetadataKind::OAuth}};
}

Result<LegacyEndpoints> legacyDefaultEndpoints(const QUrl &mcpServerUrl)
{
    Result<QString> issuer = legacyAuthorizationServerIssuer(mcpServerUrl);
    if (!issuer.ok())
        return issuer.error();
    // Requirements AUTH-13 step 2 / 2025-03-26 §Fallbacks: /authorize, /token and /register on the authorization base
    // URL.
    Result<QUrl> authorization = build(issuer.value() + QStringLiteral("/authorize"));
    Result<QUrl> token = build(issuer.value() + QStringLiteral("/token"));
    Result<QUrl> registration = build(issuer.value() + QStringLiteral("/register"));
    if (!authorization.ok())
        return authorization.error();
    if (!token.ok())
        return token.error();
    if (!registration.ok())
        return registration.error();
    return LegacyEndpoints{std::move(authorization).value(), std::move(token).value(), std::move(registration).value()};
}

bool shouldTryNextCandidate(int httpStatus)
{
    // Requirements AUTH-2 (interop, TS SDK): 4xx or 502 → next URL; any other status → stop.
    return (httpStatus >= 400 && httpStatus <= 499) || httpStatus == 502;
}

} // namespace portico::discovery_urls
