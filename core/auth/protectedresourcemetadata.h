#pragma once

#include "common/result.h"

#include <QByteArrayView>
#include <QString>
#include <QStringList>
#include <QUrl>

#include <optional>

namespace portico {

// An RFC 9728 Protected Resource Metadata document that has been parsed *and* checked against the MCP server
// it was fetched for (requirements AUTH-4, AUTH-5, SEC-1). There is no way to hold an unchecked one: fromJson() is the
// only constructor, so no value of a rejected document can be used (RFC 9728 §3.3, §7.3).
class ProtectedResourceMetadata
{
public:
    // How `resource` matched the MCP server URL (requirements AUTH-5).
    enum class ResourceMatch {
        Exact,            // code-point equal to the server URL (RFC 9728 §3.3)
        SameOriginPrefix, // same origin, and its path is a whole-segment prefix of the server's (TS SDK rule)
    };

    // Parses `json` (the 200 response body; the caller checked the status and content type) and checks it for
    // the MCP server `mcpServerUrl`:
    //  - at most metadata_json::kMaxDocumentBytes / kMaxDepth, a JSON object (requirements SEC-12; RFC 9728 §3.2);
    //    unknown members are ignored (RFC 9728 §3.2);
    //  - `resource` present, a https (loopback http) URL without fragment (RFC 9728 §1.2, §2), and either
    //    exactly the server URL or the same origin with a path that is a whole-segment prefix of the server
    //    URL's path (requirements AUTH-5). A different origin — scheme, host or port — is always rejected
    //    (conformance auth/resource-mismatch, requirements ATTACK-2, ATTACK-6 (a)): ResourceMismatch;
    //  - `authorization_servers` present and not empty (RFC 9728 §3.2, MCP 2026-07-28 authorization server discovery,
    //    'Authorization Server Location'), each entry an issuer that passes url_policy with no query or fragment
    //    (requirements SEC-1, AUTH-10, RFC 8414 §2);
    //  - `scopes_supported` entries are RFC 6749 §3.3 scope tokens (a space would smuggle a second scope into
    //    the scope parameter); the other known members have their RFC 9728 §2 types.
    // MetadataInvalid for every other breach.
    [[nodiscard]] static Result<ProtectedResourceMetadata> fromJson(QByteArrayView json, const QUrl &mcpServerUrl);

    // `resource` exactly as the document spelled it (raw JSON string; QUrl would normalize it). This is the
    // RFC 8707 `resource` value the TS SDK sends (requirements AUTH-5).
    [[nodiscard]] const QString &resource() const { return m_resource; }
    [[nodiscard]] ResourceMatch resourceMatch() const { return m_resourceMatch; }
    // Issuer identifiers, raw strings in document order, exact duplicates dropped (RFC 9728 §2). Each is the
    // issuer to build AS metadata URLs from and to compare the AS metadata `issuer` with (RFC 8414 §3.3).
    [[nodiscard]] const QStringList &authorizationServers() const { return m_authorizationServers; }
    // std::nullopt when the document has no scopes_supported (the scope parameter is then omitted:
    // conformance auth/scope-omitted-when-undefined); otherwise the list, possibly empty.
    [[nodiscard]] const std::optional<QStringList> &scopesSupported() const { return m_scopesSupported; }
    // RFC 9728 §2 ("header", "body", "query" per RFC 6750 §2; kept as given): empty when absent.
    [[nodiscard]] const QStringList &bearerMethodsSupported() const { return m_bearerMethodsSupported; }
    // Display only, untrusted text (requirements SEC-10): resource_name, and resource_documentation when it passed
    // url_policy (an unusable documentation link is dropped, not fatal: nothing is ever fetched from it).
    [[nodiscard]] const QString &resourceName() const { return m_resourceName; }
    [[nodiscard]] const QUrl &resourceDocumentation() const { return m_resourceDocumentation; }
    // RFC 9728 §2 dpop_bound_access_tokens_required (false when absent). Portico does not do DPoP.
    [[nodiscard]] bool dpopBoundAccessTokensRequired() const { return m_dpopBoundAccessTokensRequired; }

private:
    ProtectedResourceMetadata() = default;

    QString m_resource;
    ResourceMatch m_resourceMatch = ResourceMatch::Exact;
    QStringList m_authorizationServers;
    std::optional<QStringList> m_scopesSupported;
    QStringList m_bearerMethodsSupported;
    QString m_resourceName;
    QUrl m_resourceDocumentation;
    bool m_dpopBoundAccessTokensRequired = false;
};

} // namespace portico
