#include "host/serveroptions.h"

#include "auth/clientregistration.h"
#include "auth/scopeset.h"
#include "config/serverconfig.h"

namespace portico::server_options {

Result<HttpClientOptions> httpClientOptions(const ServerConfig &config)
{
    HttpClientOptions options;
    options.proxyMode = config.proxyMode;
    if (config.proxyMode == ProxyMode::Manual)
        options.proxyUrl = config.proxyUrl;
    // Requirements SEC-1: a server's requests, and every redirect hop of them, reach only addresses of the
    // configured URL's own kind (a public server cannot lead Portico into the private network), unless the
    // person allowed private network addresses for this server.
    options.destinations = DestinationPolicy::forConfiguredServer(config.url, config.allowPrivateNetwork);
    if (!config.caCertificatesFile.isEmpty()) {
        Result<QList<QSslCertificate>> certificates = HttpClient::loadCaCertificates(config.caCertificatesFile);
        if (!certificates.ok())
            return certificates.error();
        options.extraCaCertificates = certificates.value();
    }
    return options;
}

AuthSession::Options authSessionOptions(const ServerConfig &config)
{
    AuthSession::Options options;
    options.serverId = config.id();
    options.serverName = config.name.isEmpty() ? config.url.host() : config.name;
    options.mcpServerUrl = config.url;
    options.mode = config.authorizationMode == ServerConfig::AuthorizationMode::ClientCredentials
                       ? AuthSession::Mode::ClientCredentials
                       : AuthSession::Mode::AuthorizationCode;
    if (!config.clientId.isEmpty() && config.authorizationMode != ServerConfig::AuthorizationMode::None) {
        ClientRegistration client;
        client.kind = ClientRegistration::Kind::PreRegistered;
        client.clientId = config.clientId;
        client.tokenEndpointAuthMethod.clear(); // chosen from the AS metadata (RFC 8414 §2)
        client.grantTypes = {QStringLiteral("authorization_code"), QStringLiteral("refresh_token")};
        options.preRegisteredClient = client;
    }
    if (Result<ScopeSet> scopes = ScopeSet::fromList(config.scopes); scopes.ok())
        options.scopeOverride = scopes.value();
    options.sendResourceParameter = config.sendResourceParameter;
    options.fixedRedirectPort = config.fixedRedirectPort.value_or(0);
    return options;
}

} // namespace portico::server_options
