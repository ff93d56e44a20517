// The proxy choice (HttpClient::Options): loopback never goes through a proxy; otherwise the system's
// settings, none, or a manual http:// / socks5:// proxy; a broken manual setting fails closed.

#include "loopbackhttpserver.h"
#include "net/httpclient.h"
#include "net/proxyfactory.h"
#include "nettesting.h"

#include <QTest>

using namespace portico;
using namespace std::chrono_literals;
namespace peer = portico::testing;

Q_DECLARE_METATYPE(ProxyMode)

namespace {

QNetworkProxyQuery queryFor(const QString &url)
{
    return QNetworkProxyQuery(QUrl(url));
}

HttpClient::Options proxied(ProxyMode mode, const QUrl &proxyUrl)
{
    HttpClient::Options options = portico::testing::fastOptions();
    options.proxyMode = mode;
    options.proxyUrl = proxyUrl;
    // No DNS query leaves the test: names are "not found here", which leaves them to the proxy
    // (net/destinationresolver.h).
    options.resolver = [](const QString &) { return QList<QHostAddress>(); };
    return options;
}

} // namespace

class TestProxyFactory : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void loopbackNeverUsesProxy_data();
    void loopbackNeverUsesProxy();
    void manualModeUsesConfiguredProxy_data();
    void manualModeUsesConfiguredProxy();
    void rejectsUnusableManualProxyUrls_data();
    void rejectsUnusableManualProxyUrls();
    void noneModeConnectsDirectly();
    void manualProxyCarriesRemoteRequests();
    void loopbackRequestsBypassManualProxy();
    void misconfiguredManualProxyFailsClosed();
};

void TestProxyFactory::loopbackNeverUsesProxy_data()
{
    QTest::addColumn<ProxyMode>("mode");
    QTest::addColumn<QString>("url");
    for (const auto &[modeName, mode] : {std::pair{"system", ProxyMode::System}, std::pair{"none", ProxyMode::None},
                                         std::pair{"manual", ProxyMode::Manual}}) {
        for (const char *url : {"http://127.0.0.1:3000/mcp", "https://localhost/", "http://[::1]:8080/"})
            QTest::addRow("%s %s", modeName, url) << mode << QString::fromLatin1(url);
    }
}

void TestProxyFactory::loopbackNeverUsesProxy()
{
    QFETCH(ProxyMode, mode);
    QFETCH(QString, url);
    ProxyFactory factory(mode, QUrl(QStringLiteral("http://proxy.example:3128")));
    const QList<QNetworkProxy> proxies = factory.queryProxy(queryFor(url));
    QCOMPARE(proxies.size(), 1);
    QCOMPARE(proxies.constFirst().type(), QNetworkProxy::NoProxy);
}

void TestProxyFactory::manualModeUsesConfiguredProxy_data()
{
    QTest::addColumn<QString>("proxyUrl");
    QTest::addColumn<int>("type");
    QTest::addColumn<QString>("host");
    QTest::addColumn<int>("port");
    QTest::addColumn<QString>("user");
    QTest::newRow("http with port") << QStringLiteral("http://proxy.example:3128") << int(QNetworkProxy::HttpProxy)
                                    << QStringLiteral("proxy.example") << 3128 << QString();
    QTest::newRow("http default port") << QStringLiteral("http://proxy.example") << int(QNetworkProxy::HttpProxy)
                                       << QStringLiteral("proxy.example") << 8080 << QString();
    QTest::newRow("socks5 default port") << QStringLiteral("socks5://10.0.0.5") << int(QNetworkProxy::Socks5Proxy)
                                         << QStringLiteral("10.0.0.5") << 1080 << QString();
    QTest::newRow("socks5 with credentials")
        << QStringLiteral("socks5://alice:pw@proxy.example:9050") << int(QNetworkProxy::Socks5Proxy)
        << QStringLiteral("proxy.example") << 9050 << QStringLiteral("alice");
}

void TestProxyFactory::manualModeUsesConfiguredProxy()
{
    QFETCH(QString, proxyUrl);
    QFETCH(int, type);
    QFETCH(QString, host);
    QFETCH(int, port);
    QFETCH(QString, user);
    ProxyFactory factory(ProxyMode::Manual, QUrl(proxyUrl));
    QVERIFY(!factory.isMisconfigured());
    const QList<QNetworkProxy> proxies = factory.queryProxy(queryFor(QStringLiteral("https://mcp.example.com/mcp")));
    QCOMPARE(proxies.size(), 1);
    QCOMPARE(int(proxies.constFirst().type()), type);
    QCOMPARE(proxies.constFirst().hostName(), host);
    QCOMPARE(int(proxies.constFirst().port()), port);
    QCOMPARE(proxies.constFirst().user(), user);
}

void TestProxyFactory::rejectsUnusableManualProxyUrls_data()
{
    QTest::addColumn<QString>("proxyUrl");
    QTest::newRow("empty") << QString();
    QTest::newRow("no scheme") << QStringLiteral("proxy.example:3128");
    QTest::newRow("https proxy") << QStringLiteral("https://proxy.example:3128");
    QTest::newRow("socks4") << QStringLiteral("socks4://proxy.example:1080");
    QTest::newRow("no host") << QStringLiteral("http://:3128");
}

void TestProxyFactory::rejectsUnusableManualProxyUrls()
{
    QFETCH(QString, proxyUrl);
    QVERIFY(!ProxyFactory::manualProxy(QUrl(proxyUrl)).has_value());
    QVERIFY(ProxyFactory(ProxyMode::Manual, QUrl(proxyUrl)).isMisconfigured());
}

void TestProxyFactory::noneModeConnectsDirectly()
{
    ProxyFactory factory(ProxyMode::None, QUrl(QStringLiteral("http://proxy.example:3128")));
    const QList<QNetworkProxy> proxies = factory.queryProxy(queryFor(QStringLiteral("https://mcp.example.com/")));
    QCOMPARE(proxies.size(), 1);
    QCOMPARE(proxies.constFirst().type(), QNetworkProxy::NoProxy);
}

void TestProxyFactory::manualProxyCarriesRemoteRequests()
{
    // A loopback "proxy" that refuses the tunnel: what matters is that the request went to it.
    peer::LoopbackHttpServer proxy;
    QVERIFY(proxy.listen());
    proxy.route("CONNECT", "mcp.example.com:443", [](const peer::HttpRequest &) {
        return peer::HttpResponse{403, {}, "no tunnels today"};
    });
    HttpClient client(proxied(ProxyMode::Manual, proxy.url(QString())));
    const Result<HttpResponse> result =
        nettest::sendAndWait(client, nettest::request(QUrl(QStringLiteral("https://mcp.example.com/mcp"))));
    QVERIFY2(!result.ok(), nettest::describe(result).constData());
    QCOMPARE(result.error().code(), ErrorCode::NetworkFailure);
    QCOMPARE(proxy.requests().size(), 1);
    QCOMPARE(proxy.requests().constFirst().method, QByteArray("CONNECT"));
    QCOMPARE(proxy.requests().constFirst().target, QByteArray("mcp.example.com:443"));
}

void TestProxyFactory::loopbackRequestsBypassManualProxy()
{
    peer::LoopbackHttpServer proxy;
    peer::LoopbackHttpServer target;
    QVERIFY(proxy.listen());
    QVERIFY(target.listen());
    target.route("GET", "/mcp", [](const peer::HttpRequest &) { return peer::HttpResponse::html("direct"); });
    HttpClient client(proxied(ProxyMode::Manual, proxy.url(QString())));
    const Result<HttpResponse> result =
        nettest::sendAndWait(client, nettest::request(target.url(QStringLiteral("/mcp"))));
    QVERIFY2(result.ok(), nettest::describe(result).constData());
    QCOMPARE(result.value().body, QByteArray("direct"));
    QCOMPARE(target.requests().size(), 1);
    QCOMPARE(proxy.connectionCount(), 0);
}

void TestProxyFactory::misconfiguredManualProxyFailsClosed()
{
    HttpClient client(proxied(ProxyMode::Manual, QUrl(QStringLiteral("ftp://proxy.example"))));
    const Result<HttpResponse> remote =
        nettest::sendAndWait(client, nettest::request(QUrl(QStringLiteral("https://mcp.example.com/mcp"))));
    QVERIFY(!remote.ok());
    QCOMPARE(remote.error().code(), ErrorCode::NetworkFailure);
    QVERIFY(remote.error().message().contains(QStringLiteral("proxy")));

    // Loopback needs no proxy, so the broken setting does not affect it.
    peer::LoopbackHttpServer target;
    QVERIFY(target.listen());
    target.route("GET", "/", [](const peer::HttpRequest &) { return peer::HttpResponse::html("ok"); });
    QVERIFY(nettest::sendAndWait(client, nettest::request(target.url(QStringLiteral("/")))).ok());
}

QTEST_GUILESS_MAIN(TestProxyFactory)
#include "tst_proxyfactory.moc"
