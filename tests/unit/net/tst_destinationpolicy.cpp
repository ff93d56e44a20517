// The destination policy (requirements SEC-1): which network an address belongs to, in every spelling a
// URL can carry it, and which of them a server's requests may reach. Pure functions: no socket is opened.

#include "net/addressclass.h"
#include "net/destinationpolicy.h"

#include <QTest>

using namespace portico;

Q_DECLARE_METATYPE(portico::AddressClass)

class TestDestinationPolicy : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void classifiesAddresses_data();
    void classifiesAddresses();
    void classifiesUrlSpellings_data();
    void classifiesUrlSpellings();
    void leavesHostNamesToTheLookup_data();
    void leavesHostNamesToTheLookup();
    void allowsPerPolicy();
    void refusesWithAClearMessage();
    void refusesResolvedNameWhenAnyAddressIsForbidden();
    void checksLiteralsAndLocalhostWithoutLookup();
    void derivesPolicyFromConfiguredServer_data();
    void derivesPolicyFromConfiguredServer();
};

void TestDestinationPolicy::classifiesAddresses_data()
{
    QTest::addColumn<QString>("address");
    QTest::addColumn<AddressClass>("expected");
    const auto row = [](const char *address, AddressClass expected) {
        QTest::newRow(address) << QString::fromLatin1(address) << expected;
    };
    row("127.0.0.1", AddressClass::Loopback);
    row("127.255.0.9", AddressClass::Loopback);
    row("::1", AddressClass::Loopback);
    row("10.0.0.5", AddressClass::Private);
    row("172.16.0.1", AddressClass::Private);
    row("172.31.255.255", AddressClass::Private);
    row("172.32.0.1", AddressClass::Public);
    row("172.15.255.255", AddressClass::Public);
    row("192.168.1.1", AddressClass::Private);
    row("100.64.0.1", AddressClass::Private);
    row("100.127.255.255", AddressClass::Private);
    row("100.128.0.1", AddressClass::Public);
    row("fc00::1", AddressClass::Private);
    row("fd00::5", AddressClass::Private);
    row("fec0::1", AddressClass::Private);
    row("169.254.169.254", AddressClass::LinkLocal);
    row("fe80::1", AddressClass::LinkLocal);
    row("febf::1", AddressClass::LinkLocal);
    row("0.0.0.0", AddressClass::Unspecified);
    row("0.1.2.3", AddressClass::Unspecified);
    row("::", AddressClass::Unspecified);
    row("224.0.0.1", AddressClass::Multicast);
    row("239.255.255.250", AddressClass::Multicast);
    row("ff02::1", AddressClass::Multicast);
    row("255.255.255.255", AddressClass::Broadcast);
    row("93.184.216.34", AddressClass::Public);
    row("8.8.8.8", AddressClass::Public);
    row("2606:4700::1111", AddressClass::Public);
    // IPv4 inside IPv6: the IPv4 address decides.
    row("::ffff:127.0.0.1", AddressClass::Loopback);
    row("::ffff:a9fe:a9fe", AddressClass::LinkLocal);
    row("::ffff:10.0.0.5", AddressClass::Private);
    row("::ffff:8.8.8.8", AddressClass::Public);
    row("::169.254.169.254", AddressClass::LinkLocal);
    row("::10.0.0.5", AddressClass::Private);
    row("::127.0.0.1", AddressClass::Loopback);
    row("64:ff9b::a9fe:a9fe", AddressClass::LinkLocal);
    row("64:ff9b::10.0.0.5", AddressClass::Private);
    row("64:ff9b::8.8.8.8", AddressClass::Public);
    row("64:ff9b:1::1", AddressClass::Private);
    row("2002:a9fe:a9fe::1", AddressClass::Private);
    row("2002:0a00:0005::1", AddressClass::Private);
    row("2002:0808:0808::1", AddressClass::Public);
}

void TestDestinationPolicy::classifiesAddresses()
{
    QFETCH(QString, address);
    QFETCH(AddressClass, expected);
    const QHostAddress parsed(address);
    QVERIFY2(!parsed.isNull(), qPrintable(address));
    QCOMPARE(address_class::classify(parsed), expected);
}

void TestDestinationPolicy::classifiesUrlSpellings_data()
{
    // What a server can write in a Location or a metadata document. QUrl normalizes the IPv4 spellings
    // inet_aton accepts (decimal, octal, hex, short forms) to a dotted quad, so the host a request goes to
    // is the address classified here.
    QTest::addColumn<QString>("url");
    QTest::addColumn<QString>("normalizedHost");
    QTest::addColumn<AddressClass>("expected");
    QTest::newRow("decimal") << "https://2852039166/"
                             << "169.254.169.254" << AddressClass::LinkLocal;
    QTest::newRow("octal") << "https://0251.0376.0251.0376/"
                           << "169.254.169.254" << AddressClass::LinkLocal;
    QTest::newRow("hex") << "https://0xa9fea9fe/"
                         << "169.254.169.254" << AddressClass::LinkLocal;
    QTest::newRow("hex octets") << "https://0xa9.0xfe.0xa9.0xfe/"
                                << "169.254.169.254" << AddressClass::LinkLocal;
    QTest::newRow("short 127.1") << "https://127.1/"
                                 << "127.0.0.1" << AddressClass::Loopback;
    QTest::newRow("short 10.5") << "https://10.5/"
                                << "10.0.0.5" << AddressClass::Private;
    QTest::newRow("zero") << "https://0/"
                          << "0.0.0.0" << AddressClass::Unspecified;
    QTest::newRow("0.0.0.0") << "https://0.0.0.0/"
                             << "0.0.0.0" << AddressClass::Unspecified;
    QTest::newRow("mapped hex") << "https://[::ffff:a9fe:a9fe]/"
                                << "::ffff:169.254.169.254" << AddressClass::LinkLocal;
    QTest::newRow("mapped dotted") << "https://[::FFFF:10.0.0.5]/"
                                   << "::ffff:10.0.0.5" << AddressClass::Private;
    QTest::newRow("compatible") << "https://[::a9fe:a9fe]/"
                                << "::169.254.169.254" << AddressClass::LinkLocal;
    QTest::newRow("nat64") << "https://[64:ff9b::a9fe:a9fe]/"
                           << "64:ff9b::a9fe:a9fe" << AddressClass::LinkLocal;
    QTest::newRow("unique local") << "https://[fd00::5]/"
                                  << "fd00::5" << AddressClass::Private;
    QTest::newRow("ipv6 loopback long") << "https://[0:0:0:0:0:0:0:1]/"
                                        << "::1" << AddressClass::Loopback;
    QTest::newRow("public") << "https://93.184.216.34:8443/x"
                            << "93.184.216.34" << AddressClass::Public;
}

void TestDestinationPolicy::classifiesUrlSpellings()
{
    QFETCH(QString, url);
    QFETCH(QString, normalizedHost);
    QFETCH(AddressClass, expected);
    const QUrl parsed(url);
    QVERIFY2(parsed.isValid(), qPrintable(url));
    QCOMPARE(parsed.host(), normalizedHost);
    const std::optional<QHostAddress> literal = address_class::hostLiteral(parsed.host());
    QVERIFY2(literal.has_value(), qPrintable(parsed.host()));
    QCOMPARE(address_class::classify(*literal), expected);
}

void TestDestinationPolicy::leavesHostNamesToTheLookup_data()
{
    QTest::addColumn<QString>("host");
    QTest::newRow("name") << "example.com";
    QTest::newRow("localhost") << "localhost";
    QTest::newRow("digits and letters") << "10.0.0.5.nip.io";
    QTest::newRow("empty") << "";
}

void TestDestinationPolicy::leavesHostNamesToTheLookup()
{
    QFETCH(QString, host);
    QVERIFY(!address_class::hostLiteral(host).has_value());
}

void TestDestinationPolicy::allowsPerPolicy()
{
    const DestinationPolicy defaults;
    QVERIFY(defaults.allowLoopback); // tests and headless use on loopback keep working
    QVERIFY(!defaults.allowPrivate);
    DestinationPolicy everything;
    everything.allowLoopback = true;
    everything.allowPrivate = true;
    for (AddressClass never :
         {AddressClass::LinkLocal, AddressClass::Unspecified, AddressClass::Multicast, AddressClass::Broadcast}) {
        QVERIFY(!everything.allows(never));
        QVERIFY(!defaults.allows(never));
    }
    QVERIFY(everything.allows(AddressClass::Private));
    QVERIFY(everything.allows(AddressClass::Loopback));
    QVERIFY(defaults.allows(AddressClass::Public));
    QVERIFY(!defaults.allows(AddressClass::Private));
    DestinationPolicy none;
    none.allowLoopback = false;
    QVERIFY(!none.allows(QHostAddress(QStringLiteral("127.0.0.1"))));
    QVERIFY(!none.allows(QHostAddress(QStringLiteral("::ffff:127.0.0.1"))));
    QVERIFY(none.allows(QHostAddress(QStringLiteral("8.8.8.8"))));
}

void TestDestinationPolicy::refusesWithAClearMessage()
{
    const DestinationPolicy policy; // loopback yes, private no
    const QUrl url(QStringLiteral("https://10.0.0.5/mcp?code=SECRET"));
    const Result<void> refused = policy.check(url, QHostAddress(QStringLiteral("10.0.0.5")));
    QVERIFY(!refused.ok());
    QCOMPARE(refused.error().code(), ErrorCode::UrlRejected);
    QVERIFY2(refused.error().message().startsWith(QStringLiteral("Portico did not connect to https://10.0.0.5/mcp")),
             qPrintable(refused.error().message()));
    QVERIFY2(refused.error().message().endsWith(
                 QStringLiteral(": 10.0.0.5 is a private network address, and this server is not configured on one.")),
             qPrintable(refused.error().message()));
    QVERIFY(!refused.error().toString().contains(QStringLiteral("SECRET")));

    const Result<void> metadata = policy.check(QUrl(QStringLiteral("https://169.254.169.254/latest/")),
                                               QHostAddress(QStringLiteral("169.254.169.254")));
    QVERIFY(!metadata.ok());
    QVERIFY2(metadata.error().message().contains(
                 QStringLiteral("169.254.169.254 is a link-local address, which Portico never connects to")),
             qPrintable(metadata.error().message()));
    QVERIFY(policy.check(QUrl(QStringLiteral("https://127.0.0.1/")), QHostAddress(QStringLiteral("127.0.0.1"))).ok());
}

void TestDestinationPolicy::refusesResolvedNameWhenAnyAddressIsForbidden()
{
    const DestinationPolicy policy;
    const QUrl url(QStringLiteral("https://rebind.example/"));
    const QList<QHostAddress> mixed{QHostAddress(QStringLiteral("93.184.216.34")),
                                    QHostAddress(QStringLiteral("10.0.0.5"))};
    const Result<void> refused = policy.check(url, mixed);
    QVERIFY(!refused.ok());
    QVERIFY2(refused.error().message().contains(QStringLiteral("its name resolves to 10.0.0.5, a private network")),
             qPrintable(refused.error().message()));
    QVERIFY(policy.check(url, QList<QHostAddress>{QHostAddress(QStringLiteral("93.184.216.34"))}).ok());
}

void TestDestinationPolicy::checksLiteralsAndLocalhostWithoutLookup()
{
    DestinationPolicy noLoopback;
    noLoopback.allowLoopback = false;
    QVERIFY(!noLoopback.checkLiteral(QUrl(QStringLiteral("https://localhost:8443/"))).ok());
    QVERIFY(!noLoopback.checkLiteral(QUrl(QStringLiteral("https://[::1]/"))).ok());
    QVERIFY(!noLoopback.checkLiteral(QUrl(QStringLiteral("https://127.1/"))).ok());
    QVERIFY(!noLoopback.checkLiteral(QUrl(QStringLiteral("https://0/"))).ok());
    QVERIFY(!noLoopback.checkLiteral(QUrl(QStringLiteral("https://2852039166/"))).ok());
    QVERIFY(noLoopback.checkLiteral(QUrl(QStringLiteral("https://example.com/"))).ok()); // needs a lookup
    QVERIFY(noLoopback.checkLiteral(QUrl(QStringLiteral("https://93.184.216.34/"))).ok());
    const Result<void> localhost = noLoopback.checkLiteral(QUrl(QStringLiteral("http://localhost:9/")));
    QVERIFY(!localhost.ok());
    QCOMPARE(localhost.error().code(), ErrorCode::UrlRejected);
    QVERIFY2(localhost.error().message().contains(QStringLiteral("localhost is this computer")),
             qPrintable(localhost.error().message()));
}

void TestDestinationPolicy::derivesPolicyFromConfiguredServer_data()
{
    QTest::addColumn<QString>("configuredUrl");
    QTest::addColumn<bool>("allowPrivateNetwork");
    QTest::addColumn<bool>("allowLoopback");
    QTest::addColumn<bool>("allowPrivate");
    QTest::newRow("public name") << "https://mcp.example.com/mcp" << false << false << false;
    QTest::newRow("public address") << "https://93.184.216.34/mcp" << false << false << false;
    QTest::newRow("localhost") << "http://localhost:3000/mcp" << false << true << false;
    QTest::newRow("127.0.0.1") << "http://127.0.0.1:3000/mcp" << false << true << false;
    QTest::newRow("::1") << "http://[::1]:3000/mcp" << false << true << false;
    QTest::newRow("private 10/8") << "https://10.1.2.3/mcp" << false << false << true;
    QTest::newRow("private 192.168") << "https://192.168.0.10:8443/mcp" << false << false << true;
    QTest::newRow("unique local") << "https://[fd00::5]/mcp" << false << false << true;
    // A name is classified by its literal only: no lookup, so an intranet name is public here.
    QTest::newRow("intranet name") << "https://mcp.corp.internal/mcp" << false << false << false;
    QTest::newRow("link-local stays closed") << "https://169.254.1.1/mcp" << false << false << false;
    QTest::newRow("allowed by the person") << "https://mcp.example.com/mcp" << true << true << true;
    QTest::newRow("allowed, on loopback") << "http://127.0.0.1:3000/mcp" << true << true << true;
}

void TestDestinationPolicy::derivesPolicyFromConfiguredServer()
{
    QFETCH(QString, configuredUrl);
    QFETCH(bool, allowPrivateNetwork);
    QFETCH(bool, allowLoopback);
    QFETCH(bool, allowPrivate);
    const DestinationPolicy policy = DestinationPolicy::forConfiguredServer(QUrl(configuredUrl), allowPrivateNetwork);
    QCOMPARE(policy.allowLoopback, allowLoopback);
    QCOMPARE(policy.allowPrivate, allowPrivate);
    // Never link-local, whatever the server.
    QVERIFY(!policy.allows(QHostAddress(QStringLiteral("169.254.169.254"))));
}

QTEST_GUILESS_MAIN(TestDestinationPolicy)
#include "tst_destinationpolicy.moc"
