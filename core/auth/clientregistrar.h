#pragma once

#include "auth/authservermetadata.h"
#include "auth/clientregistration.h"
#include "common/result.h"

#include <QDateTime>
#include <QObject>
#include <QString>
#include <QUrl>

#include <functional>

namespace portico {

class HttpClient;

// RFC 7591 dynamic client registration, and the Client ID Metadata Document choice (requirements AUTH-14–AUTH-21).
class ClientRegistrar : public QObject
{
    Q_OBJECT

public:
    // What Portico says about itself when it registers (requirements AUTH-16).
    struct ClientMetadata
    {
        QString clientName;      // "Portico"
        QUrl clientUri;          // optional
        QUrl redirectUri;        // http://127.0.0.1:<port>/callback (requirements AUTH-19; RFC 8252 §7.3)
        QString scope;           // optional: the scopes about to be requested
        QString softwareId;      // app id
        QString softwareVersion; // app version
    };

    explicit ClientRegistrar(HttpClient &http, QObject *parent = nullptr);

    void setClock(std::function<QDateTime()> clock) { m_clock = std::move(clock); }

    // POSTs application/json to metadata.registrationEndpoint() (requirements AUTH-16): redirect_uris, client_name,
    // grant_types ["authorization_code","refresh_token"] (requirements AUTH-21), response_types ["code"],
    // token_endpoint_auth_method "none" set explicitly (the RFC 7591 default is client_secret_basic),
    // application_type "native", and the optional members when set. Redirects are not followed (requirements SEC-2).
    // Success is 201 (200 accepted too: many servers send it) with a JSON object (at most 64 KiB, requirements SEC-12)
    // holding client_id; the registration uses what the AS *returned* (requirements AUTH-17): its
    // token_endpoint_auth_method (default "none" as requested when absent), client_secret, client_secret_expires_at (0
    // = never), redirect_uris[0] when given, grant_types. A secret without client_secret_expires_at is accepted as
    // never expiring. 400 with invalid_redirect_uri / invalid_client_metadata (RFC 7591 §3.2.2) →
    // RegistrationFailed with the OAuth error and its description (display text, untrusted); other statuses
    // and malformed bodies → RegistrationFailed. DiscoveryFailed when the AS has no registration endpoint.
    // The result's issuer is metadata.issuer() (requirements AUTH-18) and its kind Dynamic.
    void registerClient(const AuthServerMetadata &metadata, const ClientMetadata &client, QObject *context,
                        std::function<void(Result<ClientRegistration>)> done);

    // Requirements AUTH-15: the registration for Portico's Client ID Metadata Document: kind MetadataDocument, clientId
    // = the document URL, method none, issuer empty (usable with any AS that supports CIMD, requirements AUTH-18).
    // InvalidArgument unless the URL is https with a non-root path (CIMD draft §3: "MUST contain a path").
    [[nodiscard]] static Result<ClientRegistration> metadataDocumentClient(const QUrl &documentUrl,
                                                                           const QUrl &redirectUri);

private:
    HttpClient &m_http;
    std::function<QDateTime()> m_clock;
};

} // namespace portico
