#pragma once

namespace portico {

// Which proxy carries a server's requests. One enum for the stored config (ServerConfig::proxyMode) and the
// HTTP client (HttpClientOptions::proxyMode), so the two cannot drift apart.
enum class ProxyMode {
    System, // the desktop's / environment's proxy settings (QNetworkProxyFactory::systemProxyForQuery)
    None,   // connect directly
    Manual, // a proxy URL: http://host:port or socks5://host:port
};

} // namespace portico
