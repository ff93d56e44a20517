#pragma once

#include "common/result.h"

#include <QList>
#include <QString>
#include <QUrl>

// Where to look for authorization metadata, and in which order (requirements AUTH-2, AUTH-8, AUTH-13; the TS SDK
// order of requirements AUTH-2). Pure URL construction: nothing here touches the network.
//
// The two traps (docs/architecture.md, "The conformance suite"):
//  1. a challenge that names resource_metadata means that URL and nothing else: no root PRM afterwards
//     (auth/metadata-default, check prm-priority-order);
//  2. an issuer with a path never falls back to the root AS metadata URLs
//     (auth/metadata-var2/var3, check authorization-server-metadata-wrong-path).
namespace portico::discovery_urls {

// Which step of requirements AUTH-2 (PRM) produced a candidate.
enum class PrmUrlKind {
    FromChallenge, // step 1: the WWW-Authenticate resource_metadata URL (RFC 9728 §5.1)
    PathInserted,  // step 2: /.well-known/oauth-protected-resource inserted before the path (RFC 9728 §3.1)
    Root,          // step 3: /.well-known/oauth-protected-resource at the origin (RFC 9728 §3.1, no path)
};

struct PrmUrl
{
    QUrl url;
    PrmUrlKind kind = PrmUrlKind::Root;
};

// Protected Resource Metadata candidates for the MCP server at `mcpServerUrl`, in the order to try them
// (requirements AUTH-2 PRM steps 1–3):
//  - `challengeResourceMetadata` non-empty (the raw resource_metadata parameter of a 401): exactly that URL,
//    and nothing else — the TS SDK does not fall back from a header URL (trap 1). An unusable header URL is
//    an error, not a reason to probe the well-known URLs;
//  - otherwise the path-inserted URL {origin}/.well-known/oauth-protected-resource{path}, with one trailing
//    '/' of the path removed and the server URL's query kept (RFC 9728 §3.1; TS SDK), then the root URL
//    {origin}/.well-known/oauth-protected-resource without the query. A server URL without a path gives one
//    candidate (steps 2 and 3 are the same URL).
// Every URL passes url_policy (requirements SEC-1); DiscoveryFailed otherwise.
[[nodiscard]] Result<QList<PrmUrl>> protectedResourceMetadataUrls(const QUrl &mcpServerUrl,
                                                                  const QString &challengeResourceMetadata = {});

// Which discovery document a candidate asks for.
enum class AsMetadataKind {
    OAuth,         // RFC 8414 /.well-known/oauth-authorization-server
    OpenIdConnect, // OpenID Connect Discovery 1.0 /.well-known/openid-configuration
};

struct AsMetadataUrl
{
    QUrl url;
    AsMetadataKind kind = AsMetadataKind::OAuth;
};

// Authorization server metadata candidates for `issuer` (the raw string from PRM authorization_servers, or
// the legacy issuer below), in the order of requirements AUTH-2:
//  - issuer with a path, e.g. https://auth.example.com/tenant1:
//      1. https://auth.example.com/.well-known/oauth-authorization-server/tenant1  (RFC 8414 §3.1)
//      2. https://auth.example.com/.well-known/openid-configuration/tenant1       (OIDC, path inserted)
//      3. https://auth.example.com/tenant1/.well-known/openid-configuration       (OIDC Discovery §4.1)
//    and never the root forms (trap 2);
//  - issuer without a path: /.well-known/oauth-authorization-server, then /.well-known/openid-configuration.
// One trailing '/' of the issuer's path is removed before inserting (requirements AUTH-8, RFC 8414 §3.1); the caller
// keeps the original issuer string for the echo check (RFC 8414 §3.3). The issuer must pass url_policy and carry no
// query or fragment (requirements AUTH-10, RFC 8414 §2); DiscoveryFailed otherwise.
[[nodiscard]] Result<QList<AsMetadataUrl>> authorizationServerMetadataUrls(const QString &issuer);

// Requirements AUTH-13 (2025-03-26 §Authorization Base URL): when no PRM exists at all, the MCP server's origin is
// the authorization server. This is its issuer string: scheme://host[:port], no path, no trailing '/',
// the default port left out (e.g. "https://example.com" for https://example.com:443/public/mcp).
[[nodiscard]] Result<QString> legacyAuthorizationServerIssuer(const QUrl &mcpServerUrl);

// Requirements AUTH-13 step 1: the one metadata URL of a 2025-03-26 server, {origin}/.well-known/oauth-authorization-
// server (2025-03-26 servers publish RFC 8414 metadata only; the path of the MCP URL is discarded).
[[nodiscard]] Result<QList<AsMetadataUrl>> legacyAuthorizationServerMetadataUrls(const QUrl &mcpServerUrl);

// Requirements AUTH-13 step 2 (2025-03-26 §Fallbacks for Servers without Metadata Discovery): the default
// endpoints on the MCP server's origin.
struct LegacyEndpoints
{
    QUrl authorization; // {origin}/authorize
    QUrl token;         // {origin}/token
    QUrl registration;  // {origin}/register
};
[[nodiscard]] Result<LegacyEndpoints> legacyDefaultEndpoints(const QUrl &mcpServerUrl);

// Requirements AUTH-2 "when to move to the next URL" (interop, TS SDK shouldAttemptFallback): after a 4xx or a
// 502 the next candidate is tried; any other failure status (and a network error) ends discovery.
[[nodiscard]] bool shouldTryNextCandidate(int httpStatus);

} // namespace portico::discovery_urls
