#include "auth/authservermetadata.h"

#include "auth/metadatajson.h"

#include <QCoreApplication>

namespace portico {

namespace {

QString documentName()
{
    return QCoreApplication::translate("AuthServerMetadata", "authorization server metadata");
}

// An optional endpoint member: absent gives an empty QUrl; present must pass metadata_json::serverUrl.
Result<QUrl> optionalEndpoint(const QJsonObject &object, QLatin1StringView name, const QString &document)
{
    Result<std::optional<QString>> raw = metadata_json::optionalString(object, name, document);
    if (!raw.ok())
        return raw.error();
    if (!raw.value().has_value())
        return QUrl();
    // Requirements AUTH-10, SEC-1, SEC-3 (requirements ATTACK-7): https, http only to loopback, no other scheme, no
    // fragment.
    return metadata_json::serverUrl(*raw.value(), name, document);
}

Result<QUrl> requiredEndpoint(const QJsonObject &object, QLatin1StringView name, const QString &document)
{
    Result<QUrl> url = optionalEndpoint(object, name, document);
    if (!url.ok())
        return url.error();
    if (url.value().isEmpty())
        return metadata_json::invalid(document,
                                      QStringLiteral("the required member '%1' is missing").arg(QString(name)));
    return url;
}

} // namespace

Result<AuthServerMetadata> AuthServerMetadata::fromJson(QByteArrayView json, const QString &expectedIssuer,
                                                        discovery_urls::AsMetadataKind kind)
{
    using namespace metadata_json;
    const QString document = documentName();

    Result<QJsonObject> parsed = parseObject(json, document);
    if (!parsed.ok())
        return parsed.error();
    const QJsonObject object = std::move(parsed).value();

    AuthServerMetadata metadata;
    metadata.m_provenance = kind == discovery_urls::AsMetadataKind::OpenIdConnect ? Provenance::OpenIdDiscovery
                                                                                  : Provenance::OAuthDiscovery;

    // Requirements AUTH-9 / RFC 8414 §3.3 / OIDC Discovery §4.3: `issuer` identical to the issuer the URL was built
    // from, as a simple string comparison — first, so nothing of a mismatched document is read (requirements ATTACK-1).
    Result<std::optional<QString>> issuer = optionalString(object, QLatin1StringView("issuer"), document);
    if (!issuer.ok())
        return issuer.error();
    if (!issuer.value().has_value())
        return invalid(document, QStringLiteral("the required member 'issuer' is missing"));
    if (*issuer.value() != expectedIssuer || expectedIssuer.isEmpty()) {
        return Error(ErrorCode::MetadataIssuerMismatch,
                     QCoreApplication::translate("AuthServerMetadata",
                                                 "The authorization server's metadata names a different issuer than "
                                                 "the one it was looked up for (issuer mismatch), so Portico will "
                                                 "not use it."),
                     QStringLiteral("metadata issuer %1, expected exactly %2 (RFC 8414 §3.3)")
                         .arg(quoted(*issuer.value()), quoted(expectedIssuer)));
    }
    // Requirements AUTH-10 / RFC 8414 §2: the issuer is https (http only to loopback) without query or fragment.
    Result<QUrl> issuerUrl = serverUrl(expectedIssuer, QLatin1StringView("issuer"), document);
    if (!issuerUrl.ok())
        return issuerUrl.error();
    if (issuerUrl.value().hasQuery() || expectedIssuer.contains(u'?'))
        return invalid(document, QStringLiteral("the issuer %1 has a query").arg(quoted(expectedIssuer)));
    metadata.m_issuer = expectedIssuer;

    // Requirements AUTH-11 (MCP 2026-07-28 authorization security considerations, 'Authorization Code Protection'):
    // refuse unless S256 support is confirmed — absent, [] and ["plain"] all refuse (requirements ATTACK-3, conformance
    // auth/pkce-no-s256-support). OIDC documents too.
    Result<std::optional<QStringList>> methods =
        optionalStringArray(object, QLatin1StringView("code_challenge_methods_supported"), document);
    if (!methods.ok())
        return methods.error();
    if (!methods.value().has_value() || !methods.value()->contains(QStringLiteral("S256"))) {
        return Error(ErrorCode::PkceUnsupported,
                     QCoreApplication::translate("AuthServerMetadata",
                                                 "The authorization server does not confirm PKCE with S256, which "
                                                 "MCP requires, so Portico will not sign in there."),
                     QStringLiteral("code_challenge_methods_supported of %1 %2")
                         .arg(quoted(expectedIssuer), methods.value().has_value() ? QStringLiteral("does not list S256")
                                                                                  : QStringLiteral("is missing")));
    }
    metadata.m_codeChallengeMethods = *methods.value();

    // Requirements AUTH-12 / RFC 8414 §2: response_types_supported is REQUIRED; Portico needs "code" (OAuth 2.1 §4.1).
    Result<std::optional<QStringList>> responseTypes =
        optionalStringArray(object, QLatin1StringView("response_types_supported"), document);
    if (!responseTypes.ok())
        return responseTypes.error();
    if (!responseTypes.value().has_value() || !responseTypes.value()->contains(QStringLiteral("code")))
        return invalid(document, QStringLiteral("'response_types_supported' is missing or does not list \"code\""));
    metadata.m_responseTypes = *responseTypes.value();

    // RFC 8414 §2: authorization_endpoint is REQUIRED unless no grant uses it, token_endpoint unless only the
    // implicit grant is supported; Portico uses the authorization code grant, so both are required here.
    // Requirements AUTH-10, SEC-1, SEC-3: each endpoint passes url_policy; no fragment (RFC 6749 §3.1, §3.2).
    Result<QUrl> authorization = requiredEndpoint(object, QLatin1StringView("authorization_endpoint"), document);
    if (!authorization.ok())
        return authorization.error();
    metadata.m_authorizationEndpoint = std::move(authorization).value();
    Result<QUrl> token = requiredEndpoint(object, QLatin1StringView("token_endpoint"), document);
    if (!token.ok())
        return token.error();
    metadata.m_tokenEndpoint = std::move(token).value();
    // RFC 8414 §2 registration_endpoint (RFC 7591), revocation_endpoint (RFC 7009), jwks_uri: optional; when
    // present they follow the same rules (requirements AUTH-10, SEC-1).
    Result<QUrl> registration = optionalEndpoint(object, QLatin1StringView("registration_endpoint"), document);
    if (!registration.ok())
        return registration.error();
    metadata.m_registrationEndpoint = std::move(registration).value();
    Result<QUrl> revocation = optionalEndpoint(object, QLatin1StringView("revocation_endpoint"), document);
    if (!revocation.ok())
        return revocation.error();
    metadata.m_revocationEndpoint = std::move(revocation).value();
    Result<QUrl> jwks = optionalEndpoint(object, QLatin1StringView("jwks_uri"), document);
    if (!jwks.ok())
        return jwks.error();
    metadata.m_jwksUri = std::move(jwks).value();

    // RFC 8414 §2 grant_types_supported; default ["authorization_code", "implicit"] when omitted.
    Result<std::optional<QStringList>> grantTypes =
        optionalStringArray(object, QLatin1StringView("grant_types_supported"), document);
    if (!grantTypes.ok())
        return grantTypes.error();
    metadata.m_grantTypes =
        grantTypes.value().value_or(QStringList{QStringLiteral("authorization_code"), QStringLiteral("implicit")});

    // Requirements AUTH-12 / RFC 8414 §2 token_endpoint_auth_methods_supported; default client_secret_basic when
    // omitted.
    Result<std::optional<QStringList>> authMethods =
        optionalStringArray(object, QLatin1StringView("token_endpoint_auth_methods_supported"), document);
    if (!authMethods.ok())
        return authMethods.error();
    metadata.m_tokenEndpointAuthMethods =
        authMethods.value().value_or(QStringList{QStringLiteral("client_secret_basic")});

    // RFC 8414 §2 scopes_supported; RFC 6749 §3.3 scope tokens (a space would smuggle a second scope).
    Result<std::optional<QStringList>> scopes =
        optionalScopeArray(object, QLatin1StringView("scopes_supported"), document);
    if (!scopes.ok())
        return scopes.error();
    if (scopes.value().has_value())
        metadata.m_scopesSupported = *scopes.value();

    // RFC 9207 §3 authorization_response_iss_parameter_supported (default false; requirements AUTH-31, AUTH-32).
    Result<std::optional<bool>> iss =
        optionalBool(object, QLatin1StringView("authorization_response_iss_parameter_supported"), document);
    if (!iss.ok())
        return iss.error();
    metadata.m_issParameterSupported = iss.value().value_or(false);

    // MCP 2026-07-28 client registration, 'Client ID Metadata Documents' / CIMD draft
    // client_id_metadata_document_supported (default false; requirements AUTH-14).
    Result<std::optional<bool>> cimd =
        optionalBool(object, QLatin1StringView("client_id_metadata_document_supported"), document);
    if (!cimd.ok())
        return cimd.error();
    metadata.m_clientIdMetadataDocumentSupported = cimd.value().value_or(false);

    return metadata;
}

Result<AuthServerMetadata> AuthServerMetadata::legacyDefaults(const QUrl &mcpServerUrl)
{
    // Requirements AUTH-13 / 2025-03-26 §Authorization Base URL: the MCP server's origin is the authorization server.
    Result<QString> issuer = discovery_urls::legacyAuthorizationServerIssuer(mcpServerUrl);
    if (!issuer.ok())
        return issuer.error();
    // Requirements AUTH-13 step 2 / 2025-03-26 §Fallbacks: /authorize, /token, /register on that origin.
    Result<discovery_urls::LegacyEndpoints> endpoints = discovery_urls::legacyDefaultEndpoints(mcpServerUrl);
    if (!endpoints.ok())
        return endpoints.error();

    AuthServerMetadata metadata;
    metadata.m_provenance = Provenance::Legacy20250326Defaults;
    metadata.m_issuer = std::move(issuer).value();
    metadata.m_authorizationEndpoint = endpoints.value().authorization;
    metadata.m_tokenEndpoint = endpoints.value().token;
    metadata.m_registrationEndpoint = endpoints.value().registration;
    // 2025-03-26 authorization.mdx (§Overview, §PKCE): PKCE is REQUIRED for all clients, so a conforming server of that
    // era speaks S256; nothing confirmed it, which Provenance::Legacy20250326Defaults records.
    metadata.m_codeChallengeMethods = {QStringLiteral("S256")};
    metadata.m_responseTypes = {QStringLiteral("code")};
    metadata.m_grantTypes = {QStringLiteral("authorization_code"), QStringLiteral("refresh_token")};
    // RFC 8414 §2 default, as for a document that omits the member.
    metadata.m_tokenEndpointAuthMethods = {QStringLiteral("client_secret_basic")};
    return metadata;
}

} // namespace portico
