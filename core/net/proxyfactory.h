#pragma once

#include "net/httpclient.h"

#include <QNetworkProxy>
#include <QNetworkProxyFactory>
#include <QUrl>

#include <optional>

namespace portico {

// Picks the proxy for each connection HttpClient's QNetworkAccessManager opens (HttpClient::Options):
// loopback destinations never go through a proxy (a proxy cannot reach "this computer" of ours, and a
// loopback MCP server or redirect catcher must not be exposed to it); everything else follows the mode.
class ProxyFactory : public QNetworkProxyFactory
{
public:
    ProxyFactory(ProxyMode mode, const QUrl &proxyUrl);

    QList<QNetworkProxy> queryProxy(const QNetworkProxyQuery &query = QNetworkProxyQuery()) override;

    // The proxy a manual setting names: http://host[:port] (an HTTP proxy, CONNECT for https; default port
    // 8080) or socks5://host[:port] (default 1080, RFC 1928), with optional credentials. nullopt when the
    // URL is anything else, so a broken setting fails closed instead of silently connecting directly.
    [[nodiscard]] static std::optional<QNetworkProxy> manualProxy(const QUrl &proxyUrl);

    // True when the mode is Manual and the proxy URL is unusable: requests must then fail, not go direct.
    [[nodiscard]] bool isMisconfigured() const { return m_mode == ProxyMode::Manual && !m_manual; }

private:
    ProxyMode m_mode;
    std::optional<QNetworkProxy> m_manual;
};

} // namespace portico
