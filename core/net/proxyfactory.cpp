#include "net/proxyfactory.h"

#include "net/urlpolicy.h"

namespace portico {

ProxyFactory::ProxyFactory(ProxyMode mode, const QUrl &proxyUrl)
    : m_mode(mode)
    , m_manual(mode == ProxyMode::Manual ? manualProxy(proxyUrl) : std::nullopt)
{}

QList<QNetworkProxy> ProxyFactory::queryProxy(const QNetworkProxyQuery &query)
{
    // Loopback stays on the machine whatever the setting (docs/architecture.md, "Security rules", and the usual
    // no_proxy rule).
    if (url_policy::isLoopbackHost(query.peerHostName()))
        return {QNetworkProxy(QNetworkProxy::NoProxy)};
    switch (m_mode) {
    case ProxyMode::System:
        return systemProxyForQuery(query);
    case ProxyMode::None:
        return {QNetworkProxy(QNetworkProxy::NoProxy)};
    case ProxyMode::Manual:
        // HttpClient refuses to start an exchange while the setting is unusable (isMisconfigured());
        // should a connection still get here, a DefaultProxy entry is unsuitable and QNAM fails it with
        // ProxyNotFoundError rather than connecting directly.
        return {m_manual.value_or(QNetworkProxy(QNetworkProxy::DefaultProxy))};
    }
    Q_UNREACHABLE();
    return {};
}

std::optional<QNetworkProxy> ProxyFactory::manualProxy(const QUrl &proxyUrl)
{
    if (!proxyUrl.isValid() || proxyUrl.host().isEmpty())
        return std::nullopt;
    QNetworkProxy proxy;
    const QString scheme = proxyUrl.scheme().toLower();
    if (scheme == QLatin1String("http")) {
        proxy = QNetworkProxy(QNetworkProxy::HttpProxy, proxyUrl.host(), quint16(proxyUrl.port(8080)));
    } else if (scheme == QLatin1String("socks5") || scheme == QLatin1String("socks5h")) {
        proxy = QNetworkProxy(QNetworkProxy::Socks5Proxy, proxyUrl.host(), quint16(proxyUrl.port(1080)));
    } else {
        return std::nullopt;
    }
    // Proxy credentials (RFC 9110 §11.7, RFC 1929) come only from the setting, never from a server.
    if (!proxyUrl.userName().isEmpty())
        proxy.setUser(proxyUrl.userName(QUrl::FullyDecoded));
    if (!proxyUrl.password().isEmpty())
        proxy.setPassword(proxyUrl.password(QUrl::FullyDecoded));
    return proxy;
}

} // namespace portico
