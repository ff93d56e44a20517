#pragma once

#include "common/result.h"
#include "net/proxymode.h"

#include <QCoreApplication>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>
#include <QUrl>

#include <optional>

namespace portico {

// One configured remote MCP server: everything Portico needs to connect and sign in, and nothing secret.
// Secrets (a client secret, the value of an Authorization-like header) live only in the SecretStore, under
// the keys clientSecretKey() and headerSecretKey(); this object only records that they exist
// (docs/architecture.md, "Security rules": secrets at rest only in the keychain).
//
// Stored as JSON in servers.json (ServerRegistry) with kSchemaVersion; fromJson() accepts exactly what
// toJson() writes, and validate() enforces the rules a person must be told about when they break them.
class ServerConfig
{
    Q_DECLARE_TR_FUNCTIONS(ServerConfig)

public:
    // The shape toJson() writes. Bump it when a field changes meaning; fromJson() refuses newer files.
    static constexpr int kSchemaVersion = 1;

    enum class TransportChoice {
        Automatic,          // detect the era (2026-07-28 stateless, 2025 Streamable HTTP, 2024 HTTP+SSE)
        StreamableHttp2025, // 2025-03-26 .. 2025-11-25 Streamable HTTP only
        Stateless2026,      // 2026-07-28 stateless HTTP only
        HttpSse2024,        // 2024-11-05 HTTP+SSE only
    };

    enum class AuthorizationMode {
        Automatic,           // on 401: discovery, then pre-registered -> CIMD -> DCR -> ask
        PreRegisteredClient, // authorization code with the clientId given here (secret, if any, in the keychain)
        ClientCredentials,   // machine-to-machine: client_credentials grant with clientId + secret
        None,                // never run OAuth (static headers, or an open server)
    };

    // A header sent with every request. Secret headers have no value here: it lives in the SecretStore
    // under headerSecretKey(name) (and may be missing there, when an import could not resolve it).
    struct Header
    {
        QString name;
        QString value; // empty for secret headers
        bool secret = false;

        friend bool operator==(const Header &, const Header &) = default;
    };

    // A new config with a fresh, stable id.
    ServerConfig();

    [[nodiscard]] const QString &id() const { return m_id; }
    // For fromJson and tests; ids are QUuid strings without braces.
    void setId(QString id) { m_id = std::move(id); }

    QString name;
    QUrl url;
    TransportChoice transport = TransportChoice::Automatic;
    AuthorizationMode authorizationMode = AuthorizationMode::Automatic;
    QString clientId;
    bool hasClientSecret = false;
    QStringList scopes; // empty: let discovery choose (challenge -> PRM scopes_supported)
    // RFC 8707 `resource`; off for authorization servers that reject it (Entra: AADSTS9010010).
    bool sendResourceParameter = true;
    // Loopback redirect port for a pre-registered redirect_uri (mcp-remote's port argument).
    std::optional<quint16> fixedRedirectPort;
    QString caCertificatesFile; // PEM bundle added to the system roots for this server only
    ProxyMode proxyMode = ProxyMode::System;
    QUrl proxyUrl; // for ProxyMode::Manual
    // Lets this server's requests (MCP and sign-in, redirects included) reach private network addresses
    // (RFC 1918, fc00::/7) and loopback even when the server's own URL is not on one (requirements SEC-1).
    // Off: only addresses of the configured URL's own kind (net/destinationpolicy.h).
    bool allowPrivateNetwork = false;
    bool useSystemBrowser = false;
    QList<Header> headers;

    // Ok, or ConfigInvalid with one sentence naming the first rule broken.
    [[nodiscard]] Result<void> validate() const;

    [[nodiscard]] QJsonObject toJson() const;
    [[nodiscard]] static Result<ServerConfig> fromJson(const QJsonObject &object);

    // Where this server's secrets live in the SecretStore.
    [[nodiscard]] QString clientSecretKey() const;
    [[nodiscard]] QString headerSecretKey(const QString &headerName) const;

    // Is a header with this name a credential, so that its value must go to the keychain? True for the
    // names redaction::isSensitiveParameterName() calls sensitive and for anything Authorization-like.
    [[nodiscard]] static bool isSecretHeaderName(QStringView name);

    // The form two URLs are compared in to find the same server twice: lower-case scheme and host, no
    // default port, no fragment, no trailing slash, "." and ".." resolved. Empty for an invalid URL.
    [[nodiscard]] static QString normalizedUrl(const QUrl &url);

    [[nodiscard]] static QString transportName(TransportChoice transport);
    [[nodiscard]] static std::optional<TransportChoice> transportFromName(QStringView name);
    [[nodiscard]] static QString authorizationModeName(AuthorizationMode mode);
    [[nodiscard]] static std::optional<AuthorizationMode> authorizationModeFromName(QStringView name);
    // For people: "automatic", "pre-registered client", ...
    [[nodiscard]] static QString authorizationModeText(AuthorizationMode mode);

    friend bool operator==(const ServerConfig &, const ServerConfig &) = default;

private:
    QString m_id;
};

} // namespace portico
