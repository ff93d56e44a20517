#pragma once

#include "common/result.h"
#include "net/exchangelog.h"
#include "net/httpexchange.h"
#include "net/httpmessage.h"

#include <QList>
#include <QNetworkProxy>
#include <QObject>
#include <QSslCertificate>

#include <chrono>
#include <functional>

class QNetworkAccessManager;

namespace portico {

// The one QNetworkAccessManager wrapper every Portico request goes through (MCP, discovery, registration,
// tokens, revocation). It enforces, for every request and every redirect hop:
// - the URL policy (net/urlpolicy.h): https, plain http only to loopback, no userinfo;
// - redirects followed by hand (never by Qt): 301/302/303 turn into GET without body, 307/308 keep them;
//   a hop that breaks the policy or downgrades https to http is refused; Authorization, Cookie and other
//   credential headers are dropped when a hop changes origin; at most Options::maxRedirects hops;
// - TLS errors fail closed (never ignoreSslErrors); extra CA certificates are added to the system ones;
// - time limits (time to first response byte, idle between bytes, total) and a body size limit;
// - the proxy: system settings, none, or a manual one; loopback destinations never go through a proxy.
// Each exchange is written to the exchange log, redacted (no secrets, ever).
class HttpClient : public QObject
{
    Q_OBJECT

public:
    struct Options
    {
        enum class ProxyMode {
            System, // the desktop's / environment's proxy settings
            None,
            Manual, // proxyUrl: http://host:port or socks5://host:port
        };
        ProxyMode proxyMode = ProxyMode::System;
        QUrl proxyUrl;
        QList<QSslCertificate> extraCaCertificates;
        std::chrono::milliseconds responseTimeout{30'000}; // request sent -> response headers
        std::chrono::milliseconds idleTimeout{60'000};     // no byte received for this long (non-streaming)
        std::chrono::milliseconds totalTimeout{120'000};   // whole exchange (non-streaming)
        qint64 maxBodyBytes = 32 * 1024 * 1024;            // non-streaming bodies (checklist C13)
        int maxRedirects = 5;
        QByteArray userAgent; // default: "Portico/<version>"
    };

    explicit HttpClient(Options options = {}, QObject *parent = nullptr);
    ~HttpClient() override;

    [[nodiscard]] const Options &options() const { return m_options; }

    // One-shot: collects the whole body. `done` runs exactly once, never synchronously, never after
    // `context` is destroyed. Any HTTP status is a success here; failures are transport-level.
    // The returned exchange may be used to abort (or ignored).
    HttpExchange *send(HttpRequest request, QObject *context, std::function<void(Result<HttpResponse>)> done);

    // A job for streaming (or for callers that want signals): see HttpExchange.
    HttpExchange *open(HttpRequest request);

    [[nodiscard]] ExchangeLog &exchangeLog() { return m_exchangeLog; }

    // Reads a PEM bundle of CA certificates (a per-server "custom CA file"); a clear error when the file
    // is missing, unreadable or holds no certificate.
    [[nodiscard]] static Result<QList<QSslCertificate>> loadCaCertificates(const QString &pemFile);

private:
    Options m_options;
    QNetworkAccessManager *m_network = nullptr;
    ExchangeLog m_exchangeLog;
    // Add private helpers as the implementation needs them.
};

} // namespace portico
