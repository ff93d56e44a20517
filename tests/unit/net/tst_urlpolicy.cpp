// The URL policy: https everywhere, plain http only to loopback, no credentials in URLs (docs/architecture.md,
// "Security rules"), and RFC 6454 origin equality for the redirect rules.

#include "net/urlpolicy.h"

#include <QTest>

using namespace portico;

class TestUrlPolicy : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void recognizesLoopbackHosts_data();
    void recognizesLoopbackHosts();
    void allowsHttpsAnywhereAndHttpOnlyToLoopback_data();
    void allowsHttpsAnywhereAndHttpOnlyToLoopback();
    void rejectionDetailIsRedacted();
    void comparesOriginsWithDefaultPorts_data();
    void comparesOriginsWithDefaultPorts();
};

void TestUrlPolicy::recognizesLoopbackHosts_data()
{
    QTest::addColumn<QString>("host");
    QTest::addColumn<bool>("loopback");
    QTest::newRow("127.0.0.1") << QStringLiteral("127.0.0.1") << true;
    QTest::newRow("127.255.255.254 (all of 127/8)") << QStringLiteral("127.255.255.254") << true;
    QTest::newRow("127.1.2.3") << QStringLiteral("127.1.2.3") << true;
    QTest::newRow("::1") << QStringLiteral("::1") << true;
    QTest::newRow("[::1] bracketed") << QStringLiteral("[::1]") << true;
    QTest::newRow("IPv4-mapped loopback") << QStringLiteral("::ffff:127.0.0.1") << true;
    QTest::newRow("IPv4-mapped loopback, hex") << QStringLiteral("::ffff:7f00:1") << true;
    QTest::newRow("localhost") << QStringLiteral("localhost") << true;
    QTest::newRow("LocalHost any case") << QStringLiteral("LocalHost") << true;
    QTest::newRow("localhost. (FQDN)") << QStringLiteral("localhost.") << true;
    QTest::newRow("IPv4-mapped private") << QStringLiteral("::ffff:10.0.0.1") << false;
    QTest::newRow("128.0.0.1") << QStringLiteral("128.0.0.1") << false;
    QTest::newRow("0.0.0.0") << QStringLiteral("0.0.0.0") << false;
    QTest::newRow("::") << QStringLiteral("::") << false;
    QTest::newRow("10.0.0.1") << QStringLiteral("10.0.0.1") << false;
    QTest::newRow("localhost.example.com") << QStringLiteral("localhost.example.com") << false;
    QTest::newRow("app.localhost") << QStringLiteral("app.localhost") << false;
    QTest::newRow("127.0.0.1.nip.io") << QStringLiteral("127.0.0.1.nip.io") << false;
    QTest::newRow("example.com") << QStringLiteral("example.com") << false;
    QTest::newRow("empty") << QString() << false;
}

void TestUrlPolicy::recognizesLoopbackHosts()
{
    QFETCH(QString, host);
    QFETCH(bool, loopback);
    QCOMPARE(url_policy::isLoopbackHost(host), loopback);
}

void TestUrlPolicy::allowsHttpsAnywhereAndHttpOnlyToLoopback_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<bool>("allowed");
    QTest::newRow("https remote") << QStringLiteral("https://mcp.example.com/mcp") << true;
    QTest::newRow("https with port and query") << QStringLiteral("https://mcp.example.com:8443/mcp?x=1") << true;
    QTest::newRow("HTTPS upper-case scheme") << QStringLiteral("HTTPS://mcp.example.com/") << true;
    QTest::newRow("https loopback") << QStringLiteral("https://127.0.0.1:8443/") << true;
    QTest::newRow("http 127.0.0.1") << QStringLiteral("http://127.0.0.1:3000/mcp") << true;
    QTest::newRow("http 127.8.9.10") << QStringLiteral("http://127.8.9.10/") << true;
    QTest::newRow("http [::1]") << QStringLiteral("http://[::1]:3000/mcp") << true;
    QTest::newRow("http IPv4-mapped loopback") << QStringLiteral("http://[::ffff:127.0.0.1]/") << true;
    QTest::newRow("http localhost") << QStringLiteral("http://localhost:3000/") << true;
    QTest::newRow("http LOCALHOST") << QStringLiteral("http://LOCALHOST/") << true;
    QTest::newRow("http remote") << QStringLiteral("http://mcp.example.com/mcp") << false;
    QTest::newRow("http private address") << QStringLiteral("http://192.168.1.10/") << false;
    QTest::newRow("http IPv4-mapped remote") << QStringLiteral("http://[::ffff:10.0.0.1]/") << false;
    QTest::newRow("http localhost.evil.example") << QStringLiteral("http://localhost.evil.example/") << false;
    QTest::newRow("http 127.0.0.1 as a subdomain") << QStringLiteral("http://127.0.0.1.evil.example/") << false;
    QTest::newRow("userinfo user:pass") << QStringLiteral("https://alice:hunter2@mcp.example.com/") << false;
    QTest::newRow("userinfo user only") << QStringLiteral("https://alice@mcp.example.com/") << false;
    QTest::newRow("userinfo on loopback") << QStringLiteral("http://alice:pw@127.0.0.1/") << false;
    QTest::newRow("relative path") << QStringLiteral("/mcp") << false;
    QTest::newRow("scheme-relative") << QStringLiteral("//mcp.example.com/mcp") << false;
    QTest::newRow("empty") << QString() << false;
    QTest::newRow("ftp") << QStringLiteral("ftp://mcp.example.com/") << false;
    QTest::newRow("file") << QStringLiteral("file:///etc/passwd") << false;
    QTest::newRow("javascript") << QStringLiteral("javascript:alert(1)") << false;
    QTest::newRow("data") << QStringLiteral("data:text/plain,hi") << false;
    QTest::newRow("ws") << QStringLiteral("ws://127.0.0.1/") << false;
    QTest::newRow("https without host") << QStringLiteral("https:///path") << false;
    QTest::newRow("invalid port") << QStringLiteral("https://mcp.example.com:99999/") << false;
}

void TestUrlPolicy::allowsHttpsAnywhereAndHttpOnlyToLoopback()
{
    QFETCH(QString, url);
    QFETCH(bool, allowed);
    const Result<void> result = url_policy::check(QUrl(url));
    QCOMPARE(result.ok(), allowed);
    if (!allowed) {
        QCOMPARE(result.error().code(), ErrorCode::UrlRejected);
        QVERIFY(!result.error().message().isEmpty());
    }
}

void TestUrlPolicy::rejectionDetailIsRedacted()
{
    const Result<void> result =
        url_policy::check(QUrl(QStringLiteral("http://mcp.example.com/cb?code=SECRETCODE&state=s1")));
    QVERIFY(!result.ok());
    QVERIFY(result.error().detail().contains(QStringLiteral("mcp.example.com")));
    QVERIFY(!result.error().toString().contains(QStringLiteral("SECRETCODE")));

    const Result<void> withPassword = url_policy::check(QUrl(QStringLiteral("https://alice:hunter2@mcp.example.com/")));
    QVERIFY(!withPassword.ok());
    QVERIFY(!withPassword.error().toString().contains(QStringLiteral("hunter2")));
}

void TestUrlPolicy::comparesOriginsWithDefaultPorts_data()
{
    QTest::addColumn<QString>("a");
    QTest::addColumn<QString>("b");
    QTest::addColumn<bool>("same");
    QTest::newRow("same URL") << QStringLiteral("https://a.example/x") << QStringLiteral("https://a.example/x") << true;
    QTest::newRow("path, query and fragment do not matter")
        << QStringLiteral("https://a.example/x?q=1#f") << QStringLiteral("https://a.example/other") << true;
    QTest::newRow("https default port 443")
        << QStringLiteral("https://a.example/") << QStringLiteral("https://a.example:443/") << true;
    QTest::newRow("http default port 80")
        << QStringLiteral("http://127.0.0.1/") << QStringLiteral("http://127.0.0.1:80/") << true;
    QTest::newRow("host case") << QStringLiteral("https://A.Example/") << QStringLiteral("https://a.example/") << true;
    QTest::newRow("IDN and punycode") << QStringLiteral("https://bücher.example/")
                                      << QStringLiteral("https://xn--bcher-kva.example/") << true;
    QTest::newRow("other scheme") << QStringLiteral("http://a.example/") << QStringLiteral("https://a.example/")
                                  << false;
    QTest::newRow("http 443 vs https") << QStringLiteral("http://a.example:443/")
                                       << QStringLiteral("https://a.example/") << false;
    QTest::newRow("other port") << QStringLiteral("https://a.example/") << QStringLiteral("https://a.example:8443/")
                                << false;
    QTest::newRow("loopback ports differ")
        << QStringLiteral("http://127.0.0.1:3000/") << QStringLiteral("http://127.0.0.1:3001/") << false;
    QTest::newRow("other host") << QStringLiteral("https://a.example/") << QStringLiteral("https://b.example/")
                                << false;
    QTest::newRow("subdomain") << QStringLiteral("https://a.example/") << QStringLiteral("https://x.a.example/")
                               << false;
    QTest::newRow("localhost vs 127.0.0.1")
        << QStringLiteral("http://localhost/") << QStringLiteral("http://127.0.0.1/") << false;
    QTest::newRow("relative has a unique origin") << QStringLiteral("/x") << QStringLiteral("/x") << false;
    QTest::newRow("invalid has a unique origin")
        << QStringLiteral("https://a.example:99999/") << QStringLiteral("https://a.example:99999/") << false;
}

void TestUrlPolicy::comparesOriginsWithDefaultPorts()
{
    QFETCH(QString, a);
    QFETCH(QString, b);
    QFETCH(bool, same);
    QCOMPARE(url_policy::isSameOrigin(QUrl(a), QUrl(b)), same);
    QCOMPARE(url_policy::isSameOrigin(QUrl(b), QUrl(a)), same);
}

QTEST_GUILESS_MAIN(TestUrlPolicy)
#include "tst_urlpolicy.moc"
