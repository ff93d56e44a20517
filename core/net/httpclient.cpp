#include "net/httpclient.h"

#include "common/appidentity.h"
#include "common/redaction.h"
#include "net/http1connectionpool.h"
#include "net/proxyfactory.h"
#include "net/urlpolicy.h"

#include <QFile>
#include <QFileInfo>
#include <QNetworkAccessManager>
#include <QNetworkRequest>

namespace portico {

namespace {

// RFC 9110 §5.3: a recipient may combine repeated fields into one comma-separated value; QNetworkRequest
// keeps one value per name, so HttpRequest's repeated headers are joined here. Cookie is the exception
// (RFC 6265 §5.4: one Cookie header, pairs separated by "; ").
QByteArray joinedValue(QByteArrayView name, const QByteArray &existing, const QByteArray &value)
{
    if (existing.isEmpty())
        return value;
    const bool isCookie = name.compare(QByteArrayView("cookie"), Qt::CaseInsensitive) == 0;
    QByteArray joined = existing;
    joined += isCookie ? "; " : ", ";
    joined += value;
    return joined;
}

// RFC 9112 §3.2 / RFC 9110 §7.2: the Host value is the authority without userinfo; IPv6 literals in
// brackets; the scheme's default port left out.
QByteArray hostHeaderValue(const QUrl &url)
{
    const QString host = url.host(QUrl::FullyEncoded);
    QByteArray value = host.contains(QLatin1Char(':')) ? ('[' + host.toLatin1() + ']') : host.toLatin1();
    if (url.port() != -1 && url.port() != (url.scheme() == QLatin1String("https") ? 443 : 80))
        value += ':' + QByteArray::number(url.port());
    return value;
}

} // namespace

HttpClient::HttpClient(Options options, QObject *parent)
    : QObject(parent)
    , m_options(std::move(options))
    , m_proxyFactory(std::make_unique<ProxyFactory>(m_options.proxyMode, m_options.proxyUrl))
    , m_destinationResolver(m_options.destinations, m_options.resolver)
{
    if (m_options.userAgent.isEmpty())
        m_options.userAgent = QByteArray("Portico/") + app_identity::kVersion.latin1();
    m_manualProxyInvalid = m_proxyFactory->isMisconfigured();
}

QNetworkAccessManager *HttpClient::network()
{
    // Made on first use: a client on the Http1 engine never needs one (and saves its memory).
    if (!m_network) {
        m_network = new QNetworkAccessManager(this);
        // Qt 6 follows "no less safe" redirects by default; Portico follows them by hand so every hop
        // passes the URL policy and loses credentials when it changes origin (docs/architecture.md, "Security rules").
        m_network->setRedirectPolicy(QNetworkRequest::ManualRedirectPolicy);
        m_network->setProxyFactory(new ProxyFactory(m_options.proxyMode, m_options.proxyUrl)); // QNAM owns it
    }
    return m_network;
}

HttpClient::~HttpClient()
{
    // Exchanges are children; delete them before the QNAM so each one releases its reply itself, silently.
    const QList<HttpExchange *> exchanges = findChildren<HttpExchange *>(QString(), Qt::FindDirectChildrenOnly);
    qDeleteAll(exchanges);
    delete m_http1Pool; // before the proxy factory its connections were made with
}

HttpExchange *HttpClient::send(HttpRequest request, QObject *context, std::function<void(Result<HttpResponse>)> done)
{
    Q_ASSERT(context);
    // send() hands over the whole body, so the body limit and the total timeout apply (no streaming).
    request.streaming = false;
    HttpExchange *exchange = open(std::move(request));
    // Bound to `context`: once it is destroyed the connection is gone and `done` never runs
    // (docs/architecture.md, "Async and errors"). finished() is emitted once and never inside open(), so neither is
    // `done`.
    connect(exchange, &HttpExchange::finished, context, [exchange, done = std::move(done)]() {
        if (exchange->error())
            done(*exchange->error());
        else
            done(exchange->response());
    });
    return exchange;
}

HttpExchange *HttpClient::open(HttpRequest request)
{
    auto *exchange = new HttpExchange(this, std::move(request));
    // Queued: even a request refused outright reports through finished() after open() has returned, so a
    // caller can connect its slots first and is never called back from inside its own call.
    QMetaObject::invokeMethod(
        exchange, [exchange]() { exchange->start(); }, Qt::QueuedConnection);
    return exchange;
}

QNetworkRequest HttpClient::networkRequest(const QUrl &url, const HttpHeaders &headers, const QHostAddress &address)
{
    QNetworkRequest request(url);
    bool pinned = false;
    if (!address.isNull() && address_class::hostLiteral(url.host()) != address) {
        // Connect to the checked address (requirements SEC-1) while the server still sees, and TLS still
        // verifies, the name: Qt's TLS backends use the peer verify name for the certificate check and as
        // SNI. Qt's HTTP/2 sends the URL's authority as :authority and drops Host, so this request keeps
        // to HTTP/1.1.
        QUrl addressUrl = url;
        addressUrl.setHost(address.toString());
        request.setUrl(addressUrl);
        request.setPeerVerifyName(url.host());
        request.setAttribute(QNetworkRequest::Http2AllowedAttribute, false);
        pinned = true;
    }
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    // No shared cookie jar: the only cookies sent are those the caller puts in the request, so the
    // cross-origin header stripping in HttpExchange covers every credential that leaves Portico.
    request.setAttribute(QNetworkRequest::CookieLoadControlAttribute, QNetworkRequest::Manual);
    request.setAttribute(QNetworkRequest::CookieSaveControlAttribute, QNetworkRequest::Manual);
    bool hasUserAgent = false;
    bool hasHost = false;
    for (const auto &[name, value] : headers) {
        if (name.compare(QByteArrayView("user-agent"), Qt::CaseInsensitive) == 0)
            hasUserAgent = true;
        if (name.compare(QByteArrayView("host"), Qt::CaseInsensitive) == 0)
            hasHost = true;
        request.setRawHeader(name, joinedValue(name, request.rawHeader(name), value));
    }
    if (!hasUserAgent)
        request.setRawHeader("User-Agent", m_options.userAgent);
    if (pinned && !hasHost)
        request.setRawHeader("Host", hostHeaderValue(url));
    if (url.scheme() == QLatin1String("https")) {
        if (const std::optional<QSslConfiguration> &configuration = sslConfiguration())
            request.setSslConfiguration(*configuration);
    }
    return request;
}

Result<void> HttpClient::checkUrl(const QUrl &url)
{
    if (!m_lastAllowedUrl.isEmpty() && url == m_lastAllowedUrl)
        return Result<void>::success();
    Result<void> allowed = url_policy::check(url);
    if (allowed.ok())
        m_lastAllowedUrl = url;
    return allowed;
}

QString HttpClient::redactedUrl(const QUrl &url)
{
    if (m_lastRedactedUrl.isEmpty() || url != m_lastRedactedUrl) {
        m_lastRedaction = redaction::redactUrl(url);
        m_lastRedactedUrl = url;
    }
    return m_lastRedaction;
}

const std::optional<QSslConfiguration> &HttpClient::sslConfiguration()
{
    if (!m_sslConfigurationBuilt && !m_options.extraCaCertificates.isEmpty()) {
        // The default configuration loads system roots on demand, and adding CAs to it turns that off
        // (QSslConfiguration::addCaCertificates): list the system roots explicitly, then the extras,
        // so a custom CA widens trust instead of replacing it.
        QSslConfiguration configuration = QSslConfiguration::defaultConfiguration();
        configuration.setCaCertificates(QSslConfiguration::systemCaCertificates() + m_options.extraCaCertificates);
        m_sslConfiguration = std::move(configuration);
    }
    m_sslConfigurationBuilt = true;
    return m_sslConfiguration;
}

Result<QByteArray> HttpClient::http1RequestHead(const QByteArray &method, const QUrl &url, const HttpHeaders &headers,
                                                qsizetype bodySize)
{
    if (m_http1TargetUrl.isEmpty() || url != m_http1TargetUrl) {
        // RFC 9112 §3.2.1: origin-form, the path and query as sent on the wire ("/" for an empty path).
        QByteArray target = url.path(QUrl::FullyEncoded).toLatin1();
        if (target.isEmpty())
            target = "/";
        if (url.hasQuery())
            target += '?' + url.query(QUrl::FullyEncoded).toLatin1();
        // Remembered: an MCP client sends nearly every request to the same URL.
        m_http1TargetUrl = url;
        m_http1Target = std::move(target);
        m_http1Host = hostHeaderValue(url);
    }
    const QByteArray &target = m_http1Target;

    QByteArray head;
    head.reserve(256 + bodySize / 1024);
    head += method;
    head += ' ';
    head += target;
    head += " HTTP/1.1\r\n";
    bool hasHost = false;
    bool hasUserAgent = false;
    for (const auto &[name, value] : headers) {
        // RFC 9110 §5.5 / RFC 9112 §5: a field value with CR, LF or NUL could end the header section early
        // and smuggle a second request; a name must be a token. Refuse rather than send.
        bool valid = isHttpToken(name);
        for (const char c : value)
            valid = valid && c != '\r' && c != '\n' && c != '\0';
        if (!valid) {
            return Error(ErrorCode::InvalidArgument, QStringLiteral("A request header is not valid HTTP."),
                         QStringLiteral("header %1 refused").arg(QString::fromLatin1(name.left(64))));
        }
        const QByteArrayView view(name);
        // Set by the connection itself (RFC 9112 §6.2, §9.6): a caller's value could break the framing.
        if (view.compare("content-length", Qt::CaseInsensitive) == 0
            || view.compare("transfer-encoding", Qt::CaseInsensitive) == 0
            || view.compare("connection", Qt::CaseInsensitive) == 0)
            continue;
        hasHost = hasHost || view.compare("host", Qt::CaseInsensitive) == 0;
        hasUserAgent = hasUserAgent || view.compare("user-agent", Qt::CaseInsensitive) == 0;
        head += name;
        head += ": ";
        head += value;
        head += "\r\n";
    }
    if (!hasHost) {
        head += "Host: ";
        head += m_http1Host;
        head += "\r\n";
    }
    if (!hasUserAgent) {
        head += "User-Agent: ";
        head += m_options.userAgent;
        head += "\r\n";
    }
    // §6.2: a request with a body says its length; so does a POST or PUT with an empty one (§6.3 rule 6
    // lets the server take a missing length as zero, but some proxies answer 411).
    if (bodySize > 0 || method == "POST" || method == "PUT" || method == "PATCH") {
        head += "Content-Length: ";
        head += QByteArray::number(bodySize);
        head += "\r\n";
    }
    head += "\r\n";
    return head;
}

Http1ConnectionPool &HttpClient::http1Pool()
{
    if (!m_http1Pool)
        m_http1Pool =
            new Http1ConnectionPool([this](const QUrl &url) { return proxyFor(url); }, sslConfiguration(), this);
    return *m_http1Pool;
}

QNetworkProxy HttpClient::proxyFor(const QUrl &url) const
{
    // A socket can use no proxy, an HTTP proxy (CONNECT, RFC 9110 §9.3.6) or SOCKS5 (RFC 1928); the first of
    // those the settings list is taken. None usable: the settings' own failure mode.
    const QList<QNetworkProxy> proxies = m_proxyFactory->queryProxy(QNetworkProxyQuery(url));
    for (const QNetworkProxy &proxy : proxies) {
        if (proxy.type() == QNetworkProxy::NoProxy || proxy.type() == QNetworkProxy::HttpProxy
            || proxy.type() == QNetworkProxy::Socks5Proxy)
            return proxy;
    }
    return proxies.value(0, QNetworkProxy(QNetworkProxy::NoProxy));
}

bool HttpClient::proxyUsableFor(const QUrl &url) const
{
    return !m_manualProxyInvalid || url_policy::isLoopbackHost(url.host());
}

Result<QList<QSslCertificate>> HttpClient::loadCaCertificates(const QString &pemFile)
{
    const QString name = QFileInfo(pemFile).fileName();
    if (pemFile.isEmpty())
        return Error(ErrorCode::InvalidArgument, QStringLiteral("No CA certificate file was given."));
    QFile file(pemFile);
    if (!file.exists()) {
        return Error(ErrorCode::InvalidArgument, QStringLiteral("The CA certificate file %1 does not exist.").arg(name),
                     pemFile);
    }
    if (!file.open(QIODevice::ReadOnly)) {
        return Error(ErrorCode::InvalidArgument, QStringLiteral("The CA certificate file %1 cannot be read.").arg(name),
                     pemFile + QStringLiteral(": ") + file.errorString());
    }
    // A bundle is at most a few hundred certificates; anything far larger is not a CA file.
    constexpr qint64 kMaxBundleBytes = 16 * 1024 * 1024;
    if (file.size() > kMaxBundleBytes) {
        return Error(ErrorCode::InvalidArgument, QStringLiteral("The CA certificate file %1 is too large.").arg(name),
                     pemFile);
    }
    const QList<QSslCertificate> certificates = QSslCertificate::fromData(file.readAll(), QSsl::Pem);
    if (certificates.isEmpty()) {
        return Error(ErrorCode::InvalidArgument,
                     QStringLiteral("The file %1 holds no PEM certificate (-----BEGIN CERTIFICATE-----).").arg(name),
                     pemFile);
    }
    return certificates;
}

} // namespace portico
