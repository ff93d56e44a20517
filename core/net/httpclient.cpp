#include "net/httpclient.h"

#include "common/appidentity.h"
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

} // namespace

HttpClient::HttpClient(Options options, QObject *parent)
    : QObject(parent)
    , m_options(std::move(options))
    , m_network(new QNetworkAccessManager(this))
{
    if (m_options.userAgent.isEmpty())
        m_options.userAgent = QByteArray("Portico/") + app_identity::kVersion.latin1();
    // Qt 6 follows "no less safe" redirects by default; Portico follows them by hand so every hop passes
    // the URL policy and loses credentials when it changes origin (architecture.md §5).
    m_network->setRedirectPolicy(QNetworkRequest::ManualRedirectPolicy);
    auto *proxyFactory = new ProxyFactory(m_options.proxyMode, m_options.proxyUrl);
    m_manualProxyInvalid = proxyFactory->isMisconfigured();
    m_network->setProxyFactory(proxyFactory); // QNAM takes ownership
}

HttpClient::~HttpClient()
{
    // Exchanges are children; delete them before the QNAM so each one releases its reply itself, silently.
    const QList<HttpExchange *> exchanges = findChildren<HttpExchange *>(QString(), Qt::FindDirectChildrenOnly);
    qDeleteAll(exchanges);
}

HttpExchange *HttpClient::send(HttpRequest request, QObject *context, std::function<void(Result<HttpResponse>)> done)
{
    Q_ASSERT(context);
    // send() hands over the whole body, so the body limit and the total timeout apply (no streaming).
    request.streaming = false;
    HttpExchange *exchange = open(std::move(request));
    // Bound to `context`: once it is destroyed the connection is gone and `done` never runs
    // (architecture.md §4). finished() is emitted once and never inside open(), so neither is `done`.
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

QNetworkRequest HttpClient::networkRequest(const QUrl &url, const HttpHeaders &headers)
{
    QNetworkRequest request(url);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    // No shared cookie jar: the only cookies sent are those the caller puts in the request, so the
    // cross-origin header stripping in HttpExchange covers every credential that leaves Portico.
    request.setAttribute(QNetworkRequest::CookieLoadControlAttribute, QNetworkRequest::Manual);
    request.setAttribute(QNetworkRequest::CookieSaveControlAttribute, QNetworkRequest::Manual);
    bool hasUserAgent = false;
    for (const auto &[name, value] : headers) {
        if (name.compare(QByteArrayView("user-agent"), Qt::CaseInsensitive) == 0)
            hasUserAgent = true;
        request.setRawHeader(name, joinedValue(name, request.rawHeader(name), value));
    }
    if (!hasUserAgent)
        request.setRawHeader("User-Agent", m_options.userAgent);
    if (!m_options.extraCaCertificates.isEmpty() && url.scheme() == QLatin1String("https")) {
        if (!m_sslConfiguration) {
            // The default configuration loads system roots on demand, and adding CAs to it turns that off
            // (QSslConfiguration::addCaCertificates): list the system roots explicitly, then the extras,
            // so a custom CA widens trust instead of replacing it.
            QSslConfiguration configuration = QSslConfiguration::defaultConfiguration();
            configuration.setCaCertificates(QSslConfiguration::systemCaCertificates() + m_options.extraCaCertificates);
            m_sslConfiguration = std::move(configuration);
        }
        request.setSslConfiguration(*m_sslConfiguration);
    }
    return request;
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
