#pragma once

#include "common/result.h"
#include "net/destinationpolicy.h"
#include "net/destinationresolver.h"
#include "net/exchangelog.h"
#include "net/httpexchange.h"
#include "net/httpmessage.h"
#include "net/proxymode.h"

#include <QHostAddress>
#include <QList>
#include <QNetworkProxy>
#include <QObject>
#include <QSslCertificate>
#include <QSslConfiguration>

#include <chrono>
#include <functional>
#include <memory>
#include <optional>

class QNetworkAccessManager;
class QNetworkRequest;

namespace portico {

class Http1ConnectionPool;
class ProxyFactory;

// HttpClient's settings (HttpClient::Options): proxy, extra CAs, time and size limits, redirects, User-Agent.
// A time limit of zero (or less) means no limit of that kind.
struct HttpClientOptions
{
    ProxyMode proxyMode = ProxyMode::System;
    QUrl proxyUrl;
    QList<QSslCertificate> extraCaCertificates;
    std::chrono::milliseconds responseTimeout{30'000}; // request sent -> response headers
    std::chrono::milliseconds idleTimeout{60'000};     // no byte received for this long (non-streaming)
    std::chrono::milliseconds totalTimeout{120'000};   // whole exchange (non-streaming)
    qint64 maxBodyBytes = 32 * 1024 * 1024;            // non-streaming bodies (requirements SEC-12)
    int maxRedirects = 5;
    QByteArray userAgent; // default: "Portico/<version>"
    // Which addresses requests may reach (requirements SEC-1). The default suits tests and headless use on
    // loopback; product code sets it per server (core/host/serveroptions.h, DestinationPolicy::forConfiguredServer).
    DestinationPolicy destinations;
    // Tests only: answers host name lookups instead of DNS (QHostInfo), so a test can map a name to
    // 10.0.0.5 and see it refused without a packet leaving the machine. An empty list means "not found".
    std::function<QList<QHostAddress>(const QString &hostName)> resolver;

    // What carries the requests. Both give the same guarantees above (policy, redirects, TLS, limits, log).
    enum class Engine {
        // QNetworkAccessManager: HTTP/2 where the server offers it, Qt's proxy and connection handling. The
        // authorization engine's requests (discovery, registration, tokens) use it (docs/architecture.md, "Layers").
        QtNetwork,
        // Portico's own persistent HTTP/1.1 connections in the calling thread (Http1ConnectionPool): a
        // small request costs a fraction of a QNetworkReply's thread hops. The MCP transports use it.
        Http1,
    };
    Engine engine = Engine::QtNetwork;
};

// The one QNetworkAccessManager wrapper every Portico request goes through (MCP, discovery, registration,
// tokens, revocation). It enforces, for every request and every redirect hop:
// - the URL policy (net/urlpolicy.h): https, plain http only to loopback, no userinfo;
// - the destination policy (Options::destinations, net/destinationresolver.h): every address the hop's host
//   resolves to is checked before anything is sent, and the connection goes to exactly that address. The
//   Http1 engine connects its socket to the address and verifies TLS (and sends SNI) for the host name. The
//   QtNetwork engine requests the address literal with the original Host header and
//   QNetworkRequest::setPeerVerifyName (Qt verifies the certificate for that name and sends it as SNI; its
//   connection cache key includes it), over HTTP/1.1 (Qt's HTTP/2 would send the literal as :authority).
//   Through a proxy the proxy connects by name (see DestinationResolver);
// - redirects followed by hand (never by Qt): 301/302/303 turn into GET without body, 307/308 keep them;
//   a hop that breaks the policy or downgrades https to http is refused; Authorization, Cookie and other
//   credential headers are dropped when a hop changes origin; at most Options::maxRedirects hops;
// - TLS errors fail closed (never ignoreSslErrors); extra CA certificates are added to the system ones;
// - time limits (time to first response byte, idle between bytes, total) and a body size limit;
// - the proxy: system settings, none, or a manual one; loopback destinations never go through a proxy.
// Each exchange is written to the exchange log, redacted (no secrets, ever).
// Exchanges belong to the client: destroying the client ends the ones still running without finished()
// (and so without their send() callbacks), as destroying a QNetworkAccessManager does with its replies.
class HttpClient : public QObject
{
    Q_OBJECT

public:
    // Declared at namespace scope (HttpClientOptions) because GCC cannot use a nested struct's default
    // member initializers in a default argument of the enclosing class (GCC bug 88165).
    using Options = HttpClientOptions;

    explicit HttpClient(Options options = {}, QObject *parent = nullptr);
    ~HttpClient() override;

    [[nodiscard]] const Options &options() const { return m_options; }

    // One-shot: collects the whole body. `done` runs exactly once, never synchronously, never after
    // `context` is destroyed. Any HTTP status is a success here; failures are transport-level.
    // The returned exchange may be used to abort (or ignored). request.streaming is ignored: send() always
    // collects the body, so maxBodyBytes and the total timeout apply.
    HttpExchange *send(HttpRequest request, QObject *context, std::function<void(Result<HttpResponse>)> done);

    // A job for streaming (or for callers that want signals): see HttpExchange.
    HttpExchange *open(HttpRequest request);

    [[nodiscard]] ExchangeLog &exchangeLog() { return m_exchangeLog; }

    // Reads a PEM bundle of CA certificates (a per-server "custom CA file"); a clear error when the file
    // is missing, unreadable or holds no certificate.
    [[nodiscard]] static Result<QList<QSslCertificate>> loadCaCertificates(const QString &pemFile);

private:
    friend class HttpExchange;

    // Engine::QtNetwork: the QNetworkAccessManager, made on first use.
    [[nodiscard]] QNetworkAccessManager *network();
    // The QNetworkRequest for one hop: manual redirects, no cookie jar, the User-Agent, the CA set; with an
    // address, that address in the URL, and Host and the TLS name from `url`.
    [[nodiscard]] QNetworkRequest networkRequest(const QUrl &url, const HttpHeaders &headers,
                                                 const QHostAddress &address = QHostAddress());
    // The proxy a connection to `url` goes through (NoProxy for a direct connection).
    [[nodiscard]] QNetworkProxy proxyFor(const QUrl &url) const;
    [[nodiscard]] const DestinationResolver &destinationResolver() const { return m_destinationResolver; }
    // False when a manual proxy is configured but unusable: non-loopback requests then fail closed.
    [[nodiscard]] bool proxyUsableFor(const QUrl &url) const;
    // url_policy::check and redaction::redactUrl, remembering the last URL: an MCP client sends most of its
    // requests to one URL, and both cost more than a comparison.
    [[nodiscard]] Result<void> checkUrl(const QUrl &url);
    [[nodiscard]] QString redactedUrl(const QUrl &url);
    // The system CAs plus Options::extraCaCertificates, or nullopt when there are no extras (Qt's default).
    [[nodiscard]] const std::optional<QSslConfiguration> &sslConfiguration();
    // Engine::Http1: the request line and header section of one hop (RFC 9112 §3, §5), with Host, the
    // User-Agent and Content-Length added. InvalidArgument for a header that could split the request.
    [[nodiscard]] Result<QByteArray> http1RequestHead(const QByteArray &method, const QUrl &url,
                                                      const HttpHeaders &headers, qsizetype bodySize);
    // Engine::Http1: the connections, made on first use.
    [[nodiscard]] Http1ConnectionPool &http1Pool();

    Options m_options;
    QNetworkAccessManager *m_network = nullptr;
    ExchangeLog m_exchangeLog;
    bool m_manualProxyInvalid = false;
    // The system CAs plus Options::extraCaCertificates, built on first use (only when extras are given).
    std::optional<QSslConfiguration> m_sslConfiguration;
    bool m_sslConfigurationBuilt = false;
    QUrl m_lastAllowedUrl;
    QUrl m_lastRedactedUrl;
    QString m_lastRedaction;
    QUrl m_http1TargetUrl; // http1RequestHead's last URL, its request target and Host value
    QByteArray m_http1Target;
    QByteArray m_http1Host;
    std::unique_ptr<ProxyFactory> m_proxyFactory; // proxyFor(); QNAM has its own (it takes ownership)
    DestinationResolver m_destinationResolver;
    Http1ConnectionPool *m_http1Pool = nullptr;
};

} // namespace portico
