#pragma once

#include "auth/authservermetadata.h"
#include "auth/protectedresourcemetadata.h"
#include "common/result.h"

#include <QObject>
#include <QString>
#include <QUrl>

#include <functional>
#include <optional>

namespace portico {

class HttpClient;

// Runs metadata discovery for one MCP server over the network, in exactly the order of requirements AUTH-2
// (discovery_urls builds the candidates; this class fetches them): PRM (requirements AUTH-2–AUTH-6), then AS metadata
// of the chosen issuer (requirements AUTH-2, AUTH-7–AUTH-12), and the 2025-03-26 fallbacks (requirements AUTH-13) when
// no PRM exists at all. Every request is a GET without credentials (requirements SEC-11: the access token never goes to
// metadata URLs), with Accept: application/json, redirects not followed (requirements SEC-2: a 3xx counts as "not
// here"), through HttpClient (URL policy, TLS fail-closed, size limits).
class AuthorizationDiscovery : public QObject
{
    Q_OBJECT

public:
    struct Input
    {
        QUrl mcpServerUrl;
        // The raw resource_metadata of the 401's Bearer challenge; empty when there was none.
        QString challengeResourceMetadata;
        // Allow the 2025-03-26 fallbacks (requirements AUTH-13) when no PRM is found: true for Automatic mode.
        bool allowLegacyFallback = true;
    };

    struct Outcome
    {
        // std::nullopt only on the 2025-03-26 path (no PRM anywhere).
        std::optional<ProtectedResourceMetadata> resourceMetadata;
        AuthServerMetadata authServer;
        // The RFC 8707 `resource` to send on every leg (requirements AUTH-27): the PRM's `resource` string as written
        // (requirements AUTH-5), or — on the legacy path — the MCP server URL's canonical form (lower-case scheme and
        // host, no fragment, no default port, path kept, no trailing '/' added).
        QString resource;
        // The URLs that answered: shown in the access panel.
        QUrl resourceMetadataUrl;   // invalid on the legacy path
        QUrl authServerMetadataUrl; // invalid when the legacy defaults were synthesized
    };

    // One line of the sign-in timeline per request: "GET <url> → 404" or "… → network error: …".
    using StepLog = std::function<void(const QString &line)>;

    explicit AuthorizationDiscovery(HttpClient &http, QObject *parent = nullptr);

    // PRM: the candidates of discovery_urls::protectedResourceMetadataUrls in order; a 200 is parsed with
    // ProtectedResourceMetadata::fromJson (its error — ResourceMismatch, MetadataInvalid — ends discovery:
    // a bad document is not a reason to try the next URL); a status for which
    // discovery_urls::shouldTryNextCandidate() is true moves on; other statuses and network errors end it
    // (DiscoveryFailed with the status, or the transport error).
    // No PRM found (every candidate said "try next") and allowLegacyFallback: the 2025-03-26 path — AS
    // metadata at legacyAuthorizationServerMetadataUrls, and when that answers 404, legacyDefaults().
    // Without fallback: DiscoveryFailed "the server publishes no protected resource metadata".
    // AS: the first issuer of authorization_servers (RFC 9728 §7.6: Portico picks the first), its candidates in
    // order, each 200 parsed with AuthServerMetadata::fromJson (errors end discovery: issuer mismatch, no
    // S256, ...); 4xx/502 moves on; none found → DiscoveryFailed naming the issuer.
    void discover(const Input &input, const StepLog &log, QObject *context, std::function<void(Result<Outcome>)> done);

    // The canonical URI of an MCP server for `resource` when no PRM names one (requirements AUTH-27; RFC 8707 §2).
    [[nodiscard]] static QString canonicalResource(const QUrl &mcpServerUrl);

private:
    HttpClient &m_http;
};

} // namespace portico
