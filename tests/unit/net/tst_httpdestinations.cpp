// The destination policy enforced by HttpClient on both engines (requirements SEC-1): every address of
// every hop is checked before a packet is sent, and the connection goes to exactly the checked address.
// Forbidden addresses never see a packet: they are refused before connecting, and names reach them only
// through the test resolver (HttpClientOptions::resolver), which replaces DNS. Everything that is sent
// goes to the loopback servers of tests/support.

#include "loopbackhttpserver.h"
#include "net/httpclient.h"
#include "nettesting.h"

#include <QFile>
#include <QSslKey>
#include <QSslServer>
#include <QSslSocket>
#include <QTest>

using namespace portico;
namespace peer = portico::testing;
using portico::testing::fastOptions;

namespace {

using Server = peer::LoopbackHttpServer;

QByteArray readTlsFile(const char *name)
{
    QFile file(QStringLiteral(PORTICO_TLS_TEST_DATA_DIR "/") + QString::fromLatin1(name));
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

// A test resolver from name to addresses; it remembers which names it was asked for.
struct FakeDns
{
    QHash<QString, QList<QHostAddress>> names;
    std::shared_ptr<QStringList> asked = std::make_shared<QStringList>();

    [[nodiscard]] std::function<QList<QHostAddress>(const QString &)> resolver() const
    {
        return [names = names, asked = asked](const QString &host) {
            asked->append(host);
            return names.value(host);
        };
    }
};

// An HTTPS server on 127.0.0.1 that keeps its connections open (LoopbackHttpServer closes each one):
// where a client could reuse a connection for another request, and another name.
class KeepAliveTlsServer : public QObject
{
public:
    bool listen(const QSslCertificate &certificate, const QSslKey &key)
    {
        QSslConfiguration configuration = QSslConfiguration::defaultConfiguration();
        configuration.setLocalCertificate(certificate);
        configuration.setPrivateKey(key);
        configuration.setPeerVerifyMode(QSslSocket::VerifyNone);
        m_server.setSslConfiguration(configuration);
        connect(&m_server, &QTcpServer::pendingConnectionAvailable, this, [this]() {
            while (QTcpSocket *socket = m_server.nextPendingConnection())
                serve(socket);
        });
        return m_server.listen(QHostAddress::LocalHost, 0);
    }
    [[nodiscard]] quint16 port() const { return m_server.serverPort(); }
    [[nodiscard]] int requests() const { return m_requests; }
    [[nodiscard]] int connections() const { return m_connections; }

private:
    void serve(QTcpSocket *socket)
    {
        ++m_connections;
        auto buffer = std::make_shared<QByteArray>();
        connect(socket, &QIODevice::readyRead, socket, [this, socket, buffer]() {
            buffer->append(socket->readAll());
            for (qsizetype end = buffer->indexOf("\r\n\r\n"); end >= 0; end = buffer->indexOf("\r\n\r\n")) {
                buffer->remove(0, end + 4); // GET requests only: no body
                ++m_requests;
                socket->write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: keep-alive\r\n\r\nok");
            }
        });
    }

    QSslServer m_server;
    int m_requests = 0;
    int m_connections = 0;
};

QList<QHostAddress> addresses(std::initializer_list<const char *> texts)
{
    QList<QHostAddress> list;
    for (const char *text : texts)
        list.append(QHostAddress(QString::fromLatin1(text)));
    return list;
}

} // namespace

class TestHttpDestinations : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void redirectToForbiddenLiteralIsRefused_data();
    void redirectToForbiddenLiteralIsRefused();
    void redirectToUnspecifiedAddressNeverConnects();
    void nameResolvingToForbiddenAddressIsRefused_data();
    void nameResolvingToForbiddenAddressIsRefused();
    void redirectToNameResolvingIntoPrivateNetworkIsRefused();
    void loopbackRefusedWhenNotAllowed_data();
    void loopbackRefusedWhenNotAllowed();
    void pinnedConnectionVerifiesTlsForTheName();
    void pinnedConnectionFailsForAnotherName();
    void connectionForOneNameIsNotReusedForAnother();
    void triesTheNextCheckedAddress();
    void refusesBeforeHandingAForbiddenNameToAProxy();

private:
    QSslCertificate namedCertificate() const;
    QSslKey namedKey() const;
    // A loopback HTTPS server with the certificate for pinned.portico.test, answering GET /mcp with `body`.
    bool listenNamed(Server &server, const char *body) const;
    // The test options, trusting that certificate, with `dns` in place of DNS.
    HttpClient::Options trustingNamed(const FakeDns &dns) const;
};

QSslCertificate TestHttpDestinations::namedCertificate() const
{
    const QList<QSslCertificate> certificates = QSslCertificate::fromData(readTlsFile("named-cert.pem"), QSsl::Pem);
    return certificates.value(0);
}

QSslKey TestHttpDestinations::namedKey() const
{
    return QSslKey(readTlsFile("named-key.pem"), QSsl::Ec, QSsl::Pem, QSsl::PrivateKey);
}

bool TestHttpDestinations::listenNamed(Server &server, const char *body) const
{
    if (!server.listenTls(namedCertificate(), namedKey()))
        return false;
    server.route("GET", "/mcp", [body](const peer::HttpRequest &) { return peer::HttpResponse::html(body); });
    return true;
}

HttpClient::Options TestHttpDestinations::trustingNamed(const FakeDns &dns) const
{
    HttpClient::Options options = fastOptions();
    options.resolver = dns.resolver();
    options.extraCaCertificates = {namedCertificate()};
    return options;
}

// https://<name>:<port>/mcp
static QUrl namedUrl(const char *name, quint16 port)
{
    QUrl url(QStringLiteral("https://%1/mcp").arg(QLatin1StringView(name)));
    url.setPort(port);
    return url;
}

void TestHttpDestinations::redirectToForbiddenLiteralIsRefused_data()
{
    QTest::addColumn<QString>("location");
    QTest::addColumn<QString>("shownAddress");
    QTest::newRow("private") << "https://10.0.0.5/"
                             << "10.0.0.5";
    QTest::newRow("metadata") << "https://169.254.169.254/latest/meta-data/"
                              << "169.254.169.254";
    QTest::newRow("metadata as decimal") << "https://2852039166/"
                                         << "169.254.169.254";
    QTest::newRow("metadata as hex") << "https://0xa9fea9fe/"
                                     << "169.254.169.254";
    QTest::newRow("metadata mapped") << "https://[::ffff:a9fe:a9fe]/"
                                     << "169.254.169.254";
    QTest::newRow("unique local") << "https://[fd00::5]/"
                                  << "fd00::5";
    QTest::newRow("multicast") << "https://224.0.0.1/"
                               << "224.0.0.1";
}

void TestHttpDestinations::redirectToForbiddenLiteralIsRefused()
{
    QFETCH(QString, location);
    QFETCH(QString, shownAddress);
    Server origin;
    QVERIFY(origin.listen());
    origin.route("GET", "/start",
                 [&location](const peer::HttpRequest &) { return peer::HttpResponse::redirect(QUrl(location), 307); });
    HttpClient client(fastOptions());
    const Result<HttpResponse> result =
        nettest::sendAndWait(client, nettest::request(origin.url(QStringLiteral("/start"))));
    QVERIFY2(!result.ok(), nettest::describe(result).constData());
    QCOMPARE(result.error().code(), ErrorCode::RedirectRejected);
    QVERIFY2(result.error().message().startsWith(QStringLiteral("Portico did not connect to https://")),
             qPrintable(result.error().message()));
    QVERIFY2(result.error().message().contains(shownAddress), qPrintable(result.error().message()));
    QCOMPARE(origin.requests().size(), 1);
    // The log shows the refused hop, with nothing sent.
    const QList<ExchangeRecord> &records = client.exchangeLog().records();
    QCOMPARE(records.size(), 2);
    QVERIFY2(records.last().error.contains(QStringLiteral("did not connect")), qPrintable(records.last().error));
    QCOMPARE(records.last().requestBytes, 0);
    QCOMPARE(records.last().status, 0);
}

void TestHttpDestinations::redirectToUnspecifiedAddressNeverConnects()
{
    // 0.0.0.0 reaches this computer on Linux: a server could use it to get past "loopback only for a
    // loopback server". Here a second loopback server on the same port proves no connection was made.
    Server origin;
    Server target;
    QVERIFY(origin.listen());
    QVERIFY(target.listen());
    QUrl location = target.url(QStringLiteral("/inside"));
    location.setScheme(QStringLiteral("https")); // http would fail the URL policy already (not loopback)
    location.setHost(QStringLiteral("0.0.0.0"));
    origin.route("GET", "/start",
                 [&location](const peer::HttpRequest &) { return peer::HttpResponse::redirect(location, 302); });
    HttpClient client(fastOptions());
    const Result<HttpResponse> result =
        nettest::sendAndWait(client, nettest::request(origin.url(QStringLiteral("/start"))));
    QVERIFY2(!result.ok(), nettest::describe(result).constData());
    QCOMPARE(result.error().code(), ErrorCode::RedirectRejected);
    QVERIFY2(result.error().message().contains(QStringLiteral("0.0.0.0 is an unspecified address")),
             qPrintable(result.error().message()));
    QCOMPARE(target.connectionCount(), 0);
}

void TestHttpDestinations::nameResolvingToForbiddenAddressIsRefused_data()
{
    QTest::addColumn<QList<QHostAddress>>("resolved");
    QTest::addColumn<QString>("shownAddress");
    QTest::newRow("metadata") << addresses({"169.254.169.254"}) << "169.254.169.254";
    QTest::newRow("private") << addresses({"10.0.0.5"}) << "10.0.0.5";
    QTest::newRow("unspecified") << addresses({"0.0.0.0"}) << "0.0.0.0";
    QTest::newRow("mapped metadata") << addresses({"::ffff:169.254.169.254"}) << "::ffff:169.254.169.254";
    // One forbidden address among allowed ones refuses the name (net/destinationresolver.h says why).
    QTest::newRow("public and private") << addresses({"93.184.216.34", "10.0.0.5"}) << "10.0.0.5";
}

void TestHttpDestinations::nameResolvingToForbiddenAddressIsRefused()
{
    QFETCH(QList<QHostAddress>, resolved);
    QFETCH(QString, shownAddress);
    FakeDns dns;
    dns.names.insert(QStringLiteral("evil.portico.test"), resolved);
    HttpClient::Options options = fastOptions();
    options.resolver = dns.resolver();
    HttpClient client(options);
    const Result<HttpResponse> result =
        nettest::sendAndWait(client, nettest::request(QUrl(QStringLiteral("https://evil.portico.test/mcp"))));
    QVERIFY2(!result.ok(), nettest::describe(result).constData());
    QCOMPARE(result.error().code(), ErrorCode::UrlRejected);
    QVERIFY2(result.error().message().contains(QStringLiteral("its name resolves to ") + shownAddress),
             qPrintable(result.error().message()));
    QCOMPARE(*dns.asked, QStringList{QStringLiteral("evil.portico.test")});
    QCOMPARE(client.exchangeLog().records().size(), 1);
    QCOMPARE(client.exchangeLog().records().constFirst().requestBytes, 0);
}

void TestHttpDestinations::redirectToNameResolvingIntoPrivateNetworkIsRefused()
{
    Server origin;
    QVERIFY(origin.listen());
    origin.route("GET", "/start", [](const peer::HttpRequest &) {
        return peer::HttpResponse::redirect(QUrl(QStringLiteral("https://intranet.portico.test/admin")), 302);
    });
    FakeDns dns;
    dns.names.insert(QStringLiteral("intranet.portico.test"), addresses({"192.168.1.1"}));
    HttpClient::Options options = fastOptions();
    options.resolver = dns.resolver();
    HttpClient client(options);
    const Result<HttpResponse> result =
        nettest::sendAndWait(client, nettest::request(origin.url(QStringLiteral("/start"))));
    QVERIFY2(!result.ok(), nettest::describe(result).constData());
    QCOMPARE(result.error().code(), ErrorCode::RedirectRejected);
    QVERIFY2(result.error().message().contains(QStringLiteral("192.168.1.1, a private network address")),
             qPrintable(result.error().message()));
    QCOMPARE(origin.requests().size(), 1);
}

void TestHttpDestinations::loopbackRefusedWhenNotAllowed_data()
{
    QTest::addColumn<QString>("host");
    QTest::newRow("127.0.0.1") << "127.0.0.1";
    QTest::newRow("localhost") << "localhost";
    QTest::newRow("127.1") << "127.1";
}

void TestHttpDestinations::loopbackRefusedWhenNotAllowed()
{
    QFETCH(QString, host);
    Server server;
    QVERIFY(server.listen());
    server.route("GET", "/mcp", [](const peer::HttpRequest &) { return peer::HttpResponse::html("inside"); });
    HttpClient::Options options = fastOptions();
    options.destinations.allowLoopback = false;
    HttpClient client(options);
    QUrl url = server.url(QStringLiteral("/mcp"));
    url.setHost(host);
    const Result<HttpResponse> result = nettest::sendAndWait(client, nettest::request(url));
    QVERIFY2(!result.ok(), nettest::describe(result).constData());
    QCOMPARE(result.error().code(), ErrorCode::UrlRejected);
    QVERIFY2(result.error().message().contains(QStringLiteral("this server is not configured on this computer")),
             qPrintable(result.error().message()));
    QCOMPARE(server.connectionCount(), 0);

    // The same server with the default policy (loopback allowed) is reached.
    HttpClient allowed(fastOptions());
    const Result<HttpResponse> reached = nettest::sendAndWait(allowed, nettest::request(url));
    QVERIFY2(reached.ok(), nettest::describe(reached).constData());
    QCOMPARE(reached.value().body, QByteArray("inside"));
}

void TestHttpDestinations::pinnedConnectionVerifiesTlsForTheName()
{
    if (!QSslSocket::supportsSsl())
        QSKIP("Qt has no TLS backend here");
    QVERIFY(!namedCertificate().isNull());
    Server server;
    QVERIFY(listenNamed(server, "pinned"));
    // No DNS knows this name: only the test resolver's address can have been connected to, and the
    // certificate (for the name only, no IP address) verifies only if TLS checked the name.
    FakeDns dns;
    dns.names.insert(QStringLiteral("pinned.portico.test"), addresses({"127.0.0.1"}));
    HttpClient client(trustingNamed(dns));
    const QUrl url = namedUrl("pinned.portico.test", server.port());
    const Result<HttpResponse> result = nettest::sendAndWait(client, nettest::request(url));
    QVERIFY2(result.ok(), nettest::describe(result).constData());
    QCOMPARE(result.value().body, QByteArray("pinned"));
    QCOMPARE(result.value().url, url); // the response names the URL, not the address
    QCOMPARE(server.requests().size(), 1);
    QCOMPARE(server.requests().constFirst().header("Host"),
             QByteArray("pinned.portico.test:") + QByteArray::number(server.port()));
}

void TestHttpDestinations::pinnedConnectionFailsForAnotherName()
{
    if (!QSslSocket::supportsSsl())
        QSKIP("Qt has no TLS backend here");
    Server server;
    QVERIFY(listenNamed(server, "pinned"));
    FakeDns dns;
    dns.names.insert(QStringLiteral("other.portico.test"), addresses({"127.0.0.1"}));
    HttpClient client(trustingNamed(dns));
    const Result<HttpResponse> result =
        nettest::sendAndWait(client, nettest::request(namedUrl("other.portico.test", server.port())));
    QVERIFY2(!result.ok(), nettest::describe(result).constData());
    QCOMPARE(result.error().code(), ErrorCode::TlsFailure);
    QVERIFY(server.requests().isEmpty());
}

void TestHttpDestinations::connectionForOneNameIsNotReusedForAnother()
{
    if (!QSslSocket::supportsSsl())
        QSKIP("Qt has no TLS backend here");
    // Two names pinned to one address and port: the connection verified for the first must not carry the
    // second's request (its certificate does not name it), though a client keys connections by address.
    KeepAliveTlsServer server;
    QVERIFY(server.listen(namedCertificate(), namedKey()));
    FakeDns dns;
    dns.names.insert(QStringLiteral("pinned.portico.test"), addresses({"127.0.0.1"}));
    dns.names.insert(QStringLiteral("other.portico.test"), addresses({"127.0.0.1"}));
    HttpClient client(trustingNamed(dns));
    QUrl url = namedUrl("pinned.portico.test", server.port());
    const Result<HttpResponse> first = nettest::sendAndWait(client, nettest::request(url));
    QVERIFY2(first.ok(), nettest::describe(first).constData());
    // The same name again goes on the same connection: reuse is what the second name must not get.
    const Result<HttpResponse> again = nettest::sendAndWait(client, nettest::request(url));
    QVERIFY2(again.ok(), nettest::describe(again).constData());
    QCOMPARE(server.requests(), 2);
    QCOMPARE(server.connections(), 1);
    url.setHost(QStringLiteral("other.portico.test"));
    const Result<HttpResponse> second = nettest::sendAndWait(client, nettest::request(url));
    QVERIFY2(!second.ok(), nettest::describe(second).constData());
    QCOMPARE(second.error().code(), ErrorCode::TlsFailure);
    QCOMPARE(server.requests(), 2);
}

void TestHttpDestinations::triesTheNextCheckedAddress()
{
    if (!QSslSocket::supportsSsl())
        QSKIP("Qt has no TLS backend here");
    // ::1 has no server on this port (the test server listens on 127.0.0.1 only): the connection moves on
    // to the next checked address, as a connection by name would.
    Server server;
    QVERIFY(listenNamed(server, "second"));
    FakeDns dns;
    dns.names.insert(QStringLiteral("pinned.portico.test"), addresses({"::1", "127.0.0.1"}));
    HttpClient client(trustingNamed(dns));
    const Result<HttpResponse> result =
        nettest::sendAndWait(client, nettest::request(namedUrl("pinned.portico.test", server.port())));
    QVERIFY2(result.ok(), nettest::describe(result).constData());
    QCOMPARE(result.value().body, QByteArray("second"));
}

void TestHttpDestinations::refusesBeforeHandingAForbiddenNameToAProxy()
{
    Server proxy;
    QVERIFY(proxy.listen());
    proxy.route("CONNECT", "metadata.portico.test:443", [](const peer::HttpRequest &) {
        return peer::HttpResponse{403, {}, "no tunnels"};
    });
    proxy.route("CONNECT", "unknown.portico.test:443", [](const peer::HttpRequest &) {
        return peer::HttpResponse{403, {}, "no tunnels"};
    });
    FakeDns dns;
    dns.names.insert(QStringLiteral("metadata.portico.test"), addresses({"169.254.169.254"}));
    HttpClient::Options options = fastOptions();
    options.proxyMode = ProxyMode::Manual;
    options.proxyUrl = proxy.url(QString());
    options.resolver = dns.resolver();
    HttpClient client(options);
    const Result<HttpResponse> refused =
        nettest::sendAndWait(client, nettest::request(QUrl(QStringLiteral("https://metadata.portico.test/latest"))));
    QVERIFY2(!refused.ok(), nettest::describe(refused).constData());
    QCOMPARE(refused.error().code(), ErrorCode::UrlRejected);
    QCOMPARE(proxy.connectionCount(), 0);

    // A name this computer cannot resolve is the proxy's to resolve: it goes to the proxy by name.
    const Result<HttpResponse> proxied =
        nettest::sendAndWait(client, nettest::request(QUrl(QStringLiteral("https://unknown.portico.test/mcp"))));
    QVERIFY(!proxied.ok()); // the proxy refused the tunnel
    QCOMPARE(proxy.requests().size(), 1);
    QCOMPARE(proxy.requests().constFirst().target, QByteArray("unknown.portico.test:443"));
}

QTEST_GUILESS_MAIN(TestHttpDestinations)
#include "tst_httpdestinations.moc"
