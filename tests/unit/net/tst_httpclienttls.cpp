// TLS fails closed (docs/architecture.md, "Security rules"): an untrusted certificate is a TlsFailure, never a prompt
// or an ignoreSslErrors; a per-server CA widens trust; a redirect may not leave TLS. The loopback HTTPS server
// serves the test-only certificate in tests/data/tls/ (subjectAltName IP:127.0.0.1).

#include "loopbackhttpserver.h"
#include "net/httpclient.h"
#include "nettesting.h"

#include <QFile>
#include <QSslKey>
#include <QSslSocket>
#include <QTemporaryDir>
#include <QTest>

using namespace portico;
using namespace std::chrono_literals;
namespace peer = portico::testing;
using portico::testing::fastOptions;

namespace {

using Server = peer::LoopbackHttpServer;

QString dataFile(const char *name)
{
    return QStringLiteral(PORTICO_TLS_TEST_DATA_DIR "/") + QString::fromLatin1(name);
}

QByteArray readFile(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

QSslCertificate testCertificate()
{
    const QList<QSslCertificate> certificates =
        QSslCertificate::fromData(readFile(dataFile("loopback-cert.pem")), QSsl::Pem);
    return certificates.isEmpty() ? QSslCertificate() : certificates.constFirst();
}

QSslKey testKey()
{
    return QSslKey(readFile(dataFile("loopback-key.pem")), QSsl::Ec, QSsl::Pem, QSsl::PrivateKey);
}

} // namespace

class TestHttpClientTls : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void failsClosedOnUntrustedCertificate();
    void trustsExtraCaCertificate();
    void failsClosedOnHostNameMismatchEvenWithTrustedCa();
    void refusesHttpsToHttpDowngrade();
    void loadsCaCertificatesFromPemFile();
    void reportsUnusableCaFiles_data();
    void reportsUnusableCaFiles();

private:
    QSslCertificate m_certificate;
    QSslKey m_key;
};

void TestHttpClientTls::initTestCase()
{
    if (!QSslSocket::supportsSsl())
        QSKIP("Qt has no TLS backend here");
    m_certificate = testCertificate();
    m_key = testKey();
    QVERIFY2(!m_certificate.isNull(), qPrintable(dataFile("loopback-cert.pem")));
    QVERIFY2(!m_key.isNull(), qPrintable(dataFile("loopback-key.pem")));
}

void TestHttpClientTls::failsClosedOnUntrustedCertificate()
{
    Server server;
    QVERIFY(server.listenTls(m_certificate, m_key));
    server.route("GET", "/mcp", [](const peer::HttpRequest &) { return peer::HttpResponse::html("secret page"); });
    HttpClient client(fastOptions());
    const Result<HttpResponse> result =
        nettest::sendAndWait(client, nettest::request(server.url(QStringLiteral("/mcp?code=SECRETCODE"))));
    QVERIFY2(!result.ok(), nettest::describe(result).constData());
    QCOMPARE(result.error().code(), ErrorCode::TlsFailure);
    QVERIFY(result.error().message().contains(QStringLiteral("127.0.0.1")));
    // The detail lists the certificate errors (redacted) so the Activity view can say why.
    QVERIFY2(result.error().detail().contains(QStringLiteral("(TLS: ")), qPrintable(result.error().detail()));
    QVERIFY(!result.error().toString().contains(QStringLiteral("SECRETCODE")));
    QVERIFY(server.connectionCount() >= 1); // it did connect ...
    QVERIFY(server.requests().isEmpty());   // ... and sent nothing over the untrusted channel
}

void TestHttpClientTls::trustsExtraCaCertificate()
{
    Server server;
    QVERIFY(server.listenTls(m_certificate, m_key));
    server.route("GET", "/mcp", [](const peer::HttpRequest &) { return peer::HttpResponse::html("hello over tls"); });
    HttpClient::Options options = fastOptions();
    options.extraCaCertificates = {m_certificate};
    HttpClient client(options);
    const Result<HttpResponse> result =
        nettest::sendAndWait(client, nettest::request(server.url(QStringLiteral("/mcp"))));
    QVERIFY2(result.ok(), nettest::describe(result).constData());
    QCOMPARE(result.value().status, 200);
    QCOMPARE(result.value().body, QByteArray("hello over tls"));
    QCOMPARE(server.requests().size(), 1);
}

void TestHttpClientTls::failsClosedOnHostNameMismatchEvenWithTrustedCa()
{
    Server server;
    QVERIFY(server.listenTls(m_certificate, m_key));
    server.route("GET", "/mcp", [](const peer::HttpRequest &) { return peer::HttpResponse::html("hello"); });
    HttpClient::Options options = fastOptions();
    options.extraCaCertificates = {m_certificate};
    HttpClient client(options);
    // The certificate names IP 127.0.0.1 only; "localhost" reaches the same server under another name.
    QUrl url = server.url(QStringLiteral("/mcp"));
    url.setHost(QStringLiteral("localhost"));
    const Result<HttpResponse> result = nettest::sendAndWait(client, nettest::request(url));
    QVERIFY2(!result.ok(), nettest::describe(result).constData());
    QCOMPARE(result.error().code(), ErrorCode::TlsFailure);
    QVERIFY(server.requests().isEmpty());
}

void TestHttpClientTls::refusesHttpsToHttpDowngrade()
{
    Server plain;
    QVERIFY(plain.listen());
    plain.route("GET", "/landing", [](const peer::HttpRequest &) { return peer::HttpResponse::html("plain"); });
    Server secure;
    QVERIFY(secure.listenTls(m_certificate, m_key));
    // Loopback http would pass the URL policy on its own: it is the downgrade that is refused.
    secure.route("GET", "/start", [&plain](const peer::HttpRequest &) {
        return peer::HttpResponse::redirect(plain.url(QStringLiteral("/landing")), 307);
    });
    HttpClient::Options options = fastOptions();
    options.extraCaCertificates = {m_certificate};
    HttpClient client(options);
    HttpRequest request = nettest::request(secure.url(QStringLiteral("/start")));
    request.headers = {{"Authorization", "Bearer at-123"}};
    const Result<HttpResponse> result = nettest::sendAndWait(client, request);
    QVERIFY2(!result.ok(), nettest::describe(result).constData());
    QCOMPARE(result.error().code(), ErrorCode::RedirectRejected);
    QCOMPARE(secure.requests().size(), 1);
    QCOMPARE(plain.connectionCount(), 0);
}

void TestHttpClientTls::loadsCaCertificatesFromPemFile()
{
    const Result<QList<QSslCertificate>> loaded = HttpClient::loadCaCertificates(dataFile("loopback-cert.pem"));
    QVERIFY2(loaded.ok(), loaded.ok() ? "" : qPrintable(loaded.error().toString()));
    QCOMPARE(loaded.value().size(), 1);
    QCOMPARE(loaded.value().constFirst(), m_certificate);
}

void TestHttpClientTls::reportsUnusableCaFiles_data()
{
    QTest::addColumn<QString>("fileName"); // inside a temporary folder; empty: no path at all
    QTest::addColumn<QByteArray>("contents");
    QTest::addColumn<QString>("messagePart");
    QTest::newRow("missing file") << QStringLiteral("missing.pem") << QByteArray() << QStringLiteral("does not exist");
    QTest::newRow("not PEM") << QStringLiteral("garbage.pem") << QByteArray("not a certificate\n")
                             << QStringLiteral("holds no PEM certificate");
    QTest::newRow("a key, not a certificate")
        << QStringLiteral("key.pem") << QByteArray("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n")
        << QStringLiteral("holds no PEM certificate");
    QTest::newRow("empty path") << QString() << QByteArray() << QStringLiteral("No CA certificate file");
}

void TestHttpClientTls::reportsUnusableCaFiles()
{
    QFETCH(QString, fileName);
    QFETCH(QByteArray, contents);
    QFETCH(QString, messagePart);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QString path;
    if (!fileName.isEmpty()) {
        path = dir.filePath(fileName);
        if (!contents.isEmpty()) {
            QFile file(path);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write(contents);
        }
    }
    const Result<QList<QSslCertificate>> loaded = HttpClient::loadCaCertificates(path);
    QVERIFY(!loaded.ok());
    QCOMPARE(loaded.error().code(), ErrorCode::InvalidArgument);
    QVERIFY2(loaded.error().message().contains(messagePart), qPrintable(loaded.error().message()));
    if (!fileName.isEmpty())
        QVERIFY(loaded.error().message().contains(fileName)); // names the file the person chose
}

QTEST_GUILESS_MAIN(TestHttpClientTls)
#include "tst_httpclienttls.moc"
