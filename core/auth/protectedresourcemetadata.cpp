#include "auth/protectedresourcemetadata.h"

#include "auth/metadatajson.h"
#include "net/urlpolicy.h"

#include <QCoreApplication>

namespace portico {

namespace {

QString documentName()
{
    return QCoreApplication::translate("ProtectedResourceMetadata", "protected resource metadata");
}

Error mismatch(const QString &resource, const QUrl &server, const QString &why)
{
    // Requirements ATTACK-2: stop before registration or the authorize step, and say why.
    return Error(ErrorCode::ResourceMismatch,
                 QCoreApplication::translate("ProtectedResourceMetadata",
                                             "The server's sign-in information is for a different resource, so "
                                             "Portico will not sign in with it."),
                 QStringLiteral("PRM resource %1 does not match the MCP server URL %2: %3")
                     .arg(metadata_json::quoted(resource), metadata_json::quoted(server.toString()), why));
}

// RFC 3986 §3.3 dot-segments: a resource path with "." or ".." could climb out of the prefix it claims.
bool hasDotSegment(QStringView path)
{
    for (const QStringView segment : path.split(u'/')) {
        if (segment == u"." || segment == u".." || segment.compare(u"%2e", Qt::CaseInsensitive) == 0
            || segment.compare(u"%2e%2e", Qt::CaseInsensitive) == 0
            || segment.compare(u".%2e", Qt::CaseInsensitive) == 0
            || segment.compare(u"%2e.", Qt::CaseInsensitive) == 0) {
            return true;
        }
    }
    return false;
}

QString withTrailingSlash(QString path)
{
    if (!path.endsWith(u'/'))
        path += u'/';
    return path;
}

// Requirements AUTH-5: exact, or same origin with a whole-segment path prefix; a different origin never.
Result<ProtectedResourceMetadata::ResourceMatch> matchResource(const QString &raw, const QUrl &server)
{
    // RFC 9728 §1.2 / §2: the resource identifier is an https URL without a fragment (requirements SEC-1 for the
    // policy).
    Result<QUrl> parsed = metadata_json::serverUrl(raw, QLatin1StringView("resource"), documentName());
    if (!parsed.ok())
        return parsed.error();
    const QUrl resource = std::move(parsed).value();

    // Requirements AUTH-5: code-point-exact comparison with the URL the client used (RFC 9728 §3.3), no normalization.
    const QString serverText = server.adjusted(QUrl::RemoveFragment).toString(QUrl::FullyEncoded);
    if (raw == serverText)
        return ProtectedResourceMetadata::ResourceMatch::Exact;

    // Requirements AUTH-5 / conformance auth/resource-mismatch, requirements ATTACK-2: another scheme, host or port is
    // always a mismatch.
    if (!url_policy::isSameOrigin(resource, server))
        return mismatch(raw, server, QStringLiteral("a different origin"));
    // RFC 8707 §2 advises against a query in a resource; one with a query has to match exactly.
    if (resource.hasQuery())
        return mismatch(raw, server, QStringLiteral("it has a query and is not identical"));
    const QString resourcePath = resource.path(QUrl::FullyEncoded);
    if (hasDotSegment(resourcePath))
        return mismatch(raw, server, QStringLiteral("its path has dot-segments"));
    // Requirements AUTH-5 (TS SDK checkResourceAllowed): both paths end in '/', then prefix — so /mcp covers /mcp and
    // /mcp/x, but not /mcp2, and the root resource of requirements AUTH-2 step 3 (https://example.com) covers every
    // path.
    const QString serverPath = withTrailingSlash(server.path(QUrl::FullyEncoded));
    if (!serverPath.startsWith(withTrailingSlash(resourcePath)))
        return mismatch(raw, server, QStringLiteral("its path is not a prefix of the server's path"));
    return ProtectedResourceMetadata::ResourceMatch::SameOriginPrefix;
}

} // namespace

Result<ProtectedResourceMetadata> ProtectedResourceMetadata::fromJson(QByteArrayView json, const QUrl &mcpServerUrl)
{
    using namespace metadata_json;
    const QString document = documentName();

    Result<QJsonObject> parsed = parseObject(json, document);
    if (!parsed.ok())
        return parsed.error();
    const QJsonObject object = std::move(parsed).value();

    ProtectedResourceMetadata metadata;

    // RFC 9728 §2: `resource` is REQUIRED. Checked first: on a mismatch nothing else of the document is read
    // (requirements AUTH-5, RFC 9728 §3.3 "MUST NOT be used").
    Result<std::optional<QString>> resource = optionalString(object, QLatin1StringView("resource"), document);
    if (!resource.ok())
        return resource.error();
    if (!resource.value().has_value() || resource.value()->isEmpty())
        return invalid(document, QStringLiteral("the required member 'resource' is missing"));
    metadata.m_resource = *resource.value();
    Result<ResourceMatch> match = matchResource(metadata.m_resource, mcpServerUrl);
    if (!match.ok())
        return match.error();
    metadata.m_resourceMatch = match.value();

    // Requirements AUTH-4 / MCP 2026-07-28 authorization server discovery, 'Authorization Server Location':
    // authorization_servers present with at least one entry (RFC 9728 §2 makes it OPTIONAL, MCP requires it).
    Result<std::optional<QStringList>> servers =
        optionalStringArray(object, QLatin1StringView("authorization_servers"), document);
    if (!servers.ok())
        return servers.error();
    if (!servers.value().has_value() || servers.value()->isEmpty())
        return invalid(document, QStringLiteral("'authorization_servers' is missing or empty"));
    for (const QString &issuer : *servers.value()) {
        // Requirements SEC-1, AUTH-10: every issuer is a URL Portico may contact; RFC 8414 §2: no query, no fragment.
        // One bad entry rejects the document: "bad input changes nothing" (docs/architecture.md, "Security rules").
        Result<QUrl> url = serverUrl(issuer, QLatin1StringView("authorization_servers"), document);
        if (!url.ok())
            return url.error();
        if (url.value().hasQuery() || issuer.contains(u'?'))
            return invalid(document, QStringLiteral("the authorization server %1 has a query").arg(quoted(issuer)));
        // Raw strings (requirements AUTH-44): the AS metadata issuer is compared with exactly this text
        // (RFC 8414 §3.3).
        if (!metadata.m_authorizationServers.contains(issuer))
            metadata.m_authorizationServers.append(issuer);
    }

    // RFC 9728 §2 scopes_supported; RFC 6749 §3.3 scope tokens.
    Result<std::optional<QStringList>> scopes =
        optionalScopeArray(object, QLatin1StringView("scopes_supported"), document);
    if (!scopes.ok())
        return scopes.error();
    if (scopes.value().has_value())
        metadata.m_scopesSupported = *scopes.value();

    // RFC 9728 §2 bearer_methods_supported.
    Result<std::optional<QStringList>> bearerMethods =
        optionalStringArray(object, QLatin1StringView("bearer_methods_supported"), document);
    if (!bearerMethods.ok())
        return bearerMethods.error();
    metadata.m_bearerMethodsSupported = bearerMethods.value().value_or(QStringList());

    // RFC 9728 §2 resource_name: human-readable, untrusted (requirements SEC-10).
    Result<std::optional<QString>> name = optionalString(object, QLatin1StringView("resource_name"), document);
    if (!name.ok())
        return name.error();
    metadata.m_resourceName = name.value().value_or(QString());

    // RFC 9728 §2 resource_documentation: kept only when it passes url_policy (requirements SEC-1); never fetched by
    // Portico.
    Result<std::optional<QString>> documentation =
        optionalString(object, QLatin1StringView("resource_documentation"), document);
    if (!documentation.ok())
        return documentation.error();
    if (documentation.value().has_value()) {
        Result<QUrl> url = serverUrl(*documentation.value(), QLatin1StringView("resource_documentation"), document);
        if (url.ok())
            metadata.m_resourceDocumentation = std::move(url).value();
    }

    // RFC 9728 §2 dpop_bound_access_tokens_required (default false).
    Result<std::optional<bool>> dpop =
        optionalBool(object, QLatin1StringView("dpop_bound_access_tokens_required"), document);
    if (!dpop.ok())
        return dpop.error();
    metadata.m_dpopBoundAccessTokensRequired = dpop.value().value_or(false);

    return metadata;
}

} // namespace portico
