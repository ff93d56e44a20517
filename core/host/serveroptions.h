#pragma once

#include "auth/authsession.h"
#include "common/result.h"
#include "net/httpclient.h"

namespace portico {

class ServerConfig;

// The one place a stored ServerConfig is turned into the settings of the two engines that serve it: the
// HTTP client (proxy, extra CA file) and the authorization engine (mode, pre-registered client, scope
// override, resource parameter, redirect port). The engines themselves never read the config format
// (docs/architecture.md, "Layers"), so the protocol and authorization code stay independent of it.
namespace server_options {

// Proxy, extra CAs and allowed destinations (net/destinationpolicy.h) of a configured server, shared by its
// MCP and its sign-in traffic so both take the same route under the same rules. An unreadable or empty CA file is an
// error (ConfigInvalid / FileAccessFailed), never ignored.
[[nodiscard]] Result<HttpClientOptions> httpClientOptions(const ServerConfig &config);

// The AuthSession options of a configured server. The client secret is not in the config (it lives in the
// keychain under config.clientSecretKey()): the caller reads it into preRegisteredClient->clientSecret.
[[nodiscard]] AuthSession::Options authSessionOptions(const ServerConfig &config);

} // namespace server_options
} // namespace portico
