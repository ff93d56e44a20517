#pragma once

#include "auth/discoveryurls.h"
#include "common/result.h"

#include <QByteArrayView>
#include <QString>
#include <QStringList>
#include <QUrl>

#include <optional>

namespace portico {

// Authorization server metadata (RFC 8414, or OpenID Connect Discovery 1.0) that has passed the checks of
// requirements AUTH-9–AUTH-12, SEC-1, SEC-3, or the 2025-03-26 default endpoints synthesized for a server without any
// metadata (requirements AUTH-13). There is no way to hold an unchecked document: fromJson() and legacyDefaults() are
// the only constructors, so no value of a rejected document can reach a request (requirements AUTH-9 MUST NOT use any
// value).
class AuthServerMetadata
{
public:
    // Where the values came from (shown in the access panel and the sign-in timeline).
    enum class Provenance {
        OAuthDiscovery,         // fetched from an RFC 8414 /.well-known/oauth-authorization-server URL
        OpenIdDiscovery,        // fetched from an OIDC /.well-known/openid-configuration URL
        Legacy20250326Defaults, // synthesized: nothing was published (AUTH-13 step 2); S256 assumed, not confirmed
    };

    // Parses `json` (the 200 response body of the candidate URL; the caller checked status and content type)
    // found by trying the candidates of discovery_urls::authorizationServerMetadataUrls(expectedIssuer):
    //  - at most metadata_json::kMaxDocumentBytes / kMaxDepth, a JSON object (requirements SEC-12, RFC 8414 §3.2);
    //  - `issuer` identical, as a plain string compare, to `expectedIssuer` — the raw string the URL was built
    //    from (requirements AUTH-9, RFC 8414 §3.3, OIDC Discovery §4.3). No tolerance at all, not even a trailing '/'
    //    (the TS SDK allows one; requirements ATTACK-1 and conformance auth/metadata-issuer-mismatch do not):
    //    MetadataIssuerMismatch, checked before anything else is read;
    //  - the issuer passes url_policy and has no query or fragment (requirements AUTH-10, RFC 8414 §2);
    //  - `code_challenge_methods_supported` present and listing "S256" (requirements AUTH-11; stricter than the TS SDK,
    //    which accepts an absent member): PkceUnsupported;
    //  - `response_types_supported` present and listing "code" (requirements AUTH-12, RFC 8414 §2 REQUIRED);
    //  - authorization_endpoint and token_endpoint present; they and registration_endpoint,
    //    revocation_endpoint and jwks_uri when present pass url_policy and have no fragment (requirements AUTH-10,
    //    SEC-1, SEC-3, RFC 6749 §3.1/§3.2) — javascript:, data:, file: and http to a remote host never do;
    //  - scopes_supported entries are RFC 6749 §3.3 scope tokens; other known members have their types.
    // MetadataInvalid for the other breaches.
    [[nodiscard]] static Result<AuthServerMetadata> fromJson(QByteArrayView json, const QString &expectedIssuer,
                                                             discovery_urls::AsMetadataKind kind);

    // Requirements AUTH-13 step 2 (2025-03-26 §Fallbacks): no PRM and no AS metadata at the MCP server's origin, so
    // the origin is the issuer and /authorize, /token, /register on it are the endpoints. Only for that case:
    // an issuer named by a PRM gets no synthesized metadata (2026-07-28: "abort or use pre-configured values").
    // The 2025-03-26 specification requires PKCE of every client, so S256 is listed (provenance says it was
    // assumed); response type "code", grant types authorization_code and refresh_token.
    [[nodiscard]] static Result<AuthServerMetadata> legacyDefaults(const QUrl &mcpServerUrl);

    [[nodiscard]] Provenance provenance() const { return m_provenance; }
    [[nodiscard]] bool isSynthesized() const { return m_provenance == Provenance::Legacy20250326Defaults; }

    // The issuer exactly as validated (raw string): the key for registrations and tokens (SEP-2352) and the
    // value the RFC 9207 `iss` callback parameter must equal (requirements AUTH-31, SEC-6).
    [[nodiscard]] const QString &issuer() const { return m_issuer; }

    [[nodiscard]] const QUrl &authorizationEndpoint() const { return m_authorizationEndpoint; }
    [[nodiscard]] const QUrl &tokenEndpoint() const { return m_tokenEndpoint; }
    // Empty (invalid) QUrl when the document has none.
    [[nodiscard]] const QUrl &registrationEndpoint() const { return m_registrationEndpoint; }
    [[nodiscard]] const QUrl &revocationEndpoint() const { return m_revocationEndpoint; }
    [[nodiscard]] const QUrl &jwksUri() const { return m_jwksUri; }

    [[nodiscard]] const QStringList &codeChallengeMethodsSupported() const { return m_codeChallengeMethods; }
    [[nodiscard]] const QStringList &responseTypesSupported() const { return m_responseTypes; }
    // RFC 8414 §2 defaults applied when absent: ["authorization_code", "implicit"].
    [[nodiscard]] const QStringList &grantTypesSupported() const { return m_grantTypes; }
    // RFC 8414 §2 default applied when absent: ["client_secret_basic"] (requirements AUTH-12).
    [[nodiscard]] const QStringList &tokenEndpointAuthMethodsSupported() const { return m_tokenEndpointAuthMethods; }
    // std::nullopt when absent (SEP-2207: offline_access only when listed here).
    [[nodiscard]] const std::optional<QStringList> &scopesSupported() const { return m_scopesSupported; }
    // RFC 9207 §3 (false when absent): the callback must then carry `iss` (requirements AUTH-31, AUTH-32).
    [[nodiscard]] bool authorizationResponseIssParameterSupported() const { return m_issParameterSupported; }
    // CIMD draft / MCP 2026-07-28 client registration, 'Client ID Metadata Documents' (false when absent): the AS
    // accepts a URL client_id (requirements AUTH-14, AUTH-15).
    [[nodiscard]] bool clientIdMetadataDocumentSupported() const { return m_clientIdMetadataDocumentSupported; }

private:
    AuthServerMetadata() = default;

    Provenance m_provenance = Provenance::OAuthDiscovery;
    QString m_issuer;
    QUrl m_authorizationEndpoint;
    QUrl m_tokenEndpoint;
    QUrl m_registrationEndpoint;
    QUrl m_revocationEndpoint;
    QUrl m_jwksUri;
    QStringList m_codeChallengeMethods;
    QStringList m_responseTypes;
    QStringList m_grantTypes;
    QStringList m_tokenEndpointAuthMethods;
    std::optional<QStringList> m_scopesSupported;
    bool m_issParameterSupported = false;
    bool m_clientIdMetadataDocumentSupported = false;
};

} // namespace portico
