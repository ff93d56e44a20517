#include "net/httpexchange.h"

#include "common/redaction.h"
#include "net/http1connectionpool.h"
#include "net/httpclient.h"
#include "net/networkfailure.h"
#include "net/redirectpolicy.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QSslError>
#include <QTimerEvent>

namespace portico {

namespace {

// "250 ms", "30 s", "1.5 s": time limits as a person reads them.
QString formatDuration(std::chrono::milliseconds duration)
{
    const qint64 ms = duration.count();
    if (ms < 1000)
        return QStringLiteral("%1 ms").arg(ms);
    if (ms % 1000 == 0)
        return QStringLiteral("%1 s").arg(ms / 1000);
    return QStringLiteral("%1 s").arg(double(ms) / 1000.0, 0, 'f', 1);
}

QString formatSize(qint64 bytes)
{
    if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) == 0)
        return QStringLiteral("%1 MiB").arg(bytes / (1024 * 1024));
    if (bytes >= 1024 && bytes % 1024 == 0)
        return QStringLiteral("%1 KiB").arg(bytes / 1024);
    return QStringLiteral("%1 bytes").arg(bytes);
}

} // namespace

HttpExchange::HttpExchange(HttpClient *client, HttpRequest request)
    : QObject(client)
    , m_client(client)
    , m_request(std::move(request))
{}

HttpExchange::~HttpExchange()
{
    releaseReply();
}

void HttpExchange::abort()
{
    if (m_finished)
        return;
    fail(Error(ErrorCode::Cancelled, QStringLiteral("The request was cancelled."), describeHop()));
}

void HttpExchange::start()
{
    if (m_finished)
        return; // aborted before the queued start ran
    const HttpClient::Options &options = m_client->options();
    // Streaming responses (SSE) may rightly stay open for hours: only a per-request limit bounds them.
    std::optional<std::chrono::milliseconds> total = m_request.totalTimeout;
    if (!total && !m_request.streaming)
        total = options.totalTimeout;
    if (total && total->count() > 0) {
        m_totalDeadline = QDeadlineTimer(*total);
        scheduleLimits();
    }

    m_hopMethod = m_request.method;
    m_hopUrl = m_request.url;
    m_hopHeaders = m_request.headers;
    m_hopBody = m_request.body;
    m_hopStarted = QDateTime::currentDateTimeUtc();
    if (const Result<void> allowed = m_client->checkUrl(m_hopUrl); !allowed.ok()) {
        fail(allowed.error());
        return;
    }
    if (!isHttpToken(m_hopMethod)) { // RFC 9110 §9.1: a method is a token
        fail(Error(ErrorCode::InvalidArgument, QStringLiteral("The request has no valid HTTP method."), describeHop()));
        return;
    }
    startHop();
}

void HttpExchange::startHop()
{
    m_hopStarted = QDateTime::currentDateTimeUtc();
    m_hopClock.start();
    m_hopSent = false;
    m_hopHeadersSeen = false;
    m_hopStatus = 0;
    m_hopResponseBytes = 0;
    m_sslErrors.clear();

    if (!m_client->proxyUsableFor(m_hopUrl)) {
        // Connecting directly when the person asked for a proxy could expose them: fail closed.
        fail(Error(ErrorCode::NetworkFailure,
                   QStringLiteral("The manual proxy setting is not a valid http:// or socks5:// address."),
                   describeHop()));
        return;
    }

    // From here to the response headers: the DNS lookup and the connection count too.
    if (const auto responseTimeout = m_client->options().responseTimeout; responseTimeout.count() > 0) {
        m_responseDeadline = QDeadlineTimer(responseTimeout);
        scheduleLimits();
    }
    const bool viaProxy = m_client->proxyFor(m_hopUrl).type() != QNetworkProxy::NoProxy;
    // For a literal or "localhost" the callback runs inside resolve(), and a slot of finished() may delete
    // this exchange there: `this` is touched afterwards only for a DNS lookup still running (id >= 0).
    const int lookupId = m_client->destinationResolver().resolve(m_hopUrl, viaProxy, describeHop(), this,
                                                                 [this](Result<QList<QHostAddress>> addresses) {
                                                                     m_lookupId = -1;
                                                                     onDestinationResolved(std::move(addresses));
                                                                 });
    if (lookupId >= 0)
        m_lookupId = lookupId;
}

void HttpExchange::onDestinationResolved(Result<QList<QHostAddress>> addresses)
{
    if (m_finished)
        return;
    if (!addresses.ok()) {
        Error error = addresses.error();
        // A refused redirect target is the redirect's fault: the same words as the URL policy's refusals.
        if (error.code() == ErrorCode::UrlRejected && m_redirects > 0)
            error = Error(ErrorCode::RedirectRejected, error.message(), error.detail());
        fail(std::move(error));
        return;
    }
    m_hopAddresses = std::move(addresses).value();
    m_hopAddressIndex = 0;
    if (m_client->options().engine == HttpClientOptions::Engine::Http1) {
        m_http1Retried = false;
        sendOnHttp1Connection(false);
        return;
    }
    sendHop();
}

void HttpExchange::sendHop()
{
    const QNetworkRequest request =
        m_client->networkRequest(m_hopUrl, m_hopHeaders, m_hopAddresses.value(m_hopAddressIndex));
    QNetworkAccessManager *network = m_client->network();
    QNetworkReply *reply = nullptr;
    // The body goes to QNAM as the same implicitly shared QByteArray: no copy of the bytes is made here.
    if (m_hopMethod == "GET" && m_hopBody.isEmpty())
        reply = network->get(request);
    else if (m_hopMethod == "HEAD" && m_hopBody.isEmpty())
        reply = network->head(request);
    else if (m_hopMethod == "DELETE" && m_hopBody.isEmpty())
        reply = network->deleteResource(request);
    else if (m_hopMethod == "POST")
        reply = network->post(request, m_hopBody);
    else if (m_hopMethod == "PUT")
        reply = network->put(request, m_hopBody);
    else
        reply = network->sendCustomRequest(request, m_hopMethod, m_hopBody);
    m_reply = reply;
    m_hopSent = true;

    connect(reply, &QNetworkReply::metaDataChanged, this, &HttpExchange::onMetaDataChanged);
    connect(reply, &QIODevice::readyRead, this, &HttpExchange::onReadyRead);
    connect(reply, &QNetworkReply::finished, this, &HttpExchange::onReplyFinished);
    // Recorded for the error detail only. ignoreSslErrors() is never called: TLS errors fail closed.
    connect(reply, &QNetworkReply::sslErrors, this, [this](const QList<QSslError> &errors) {
        for (const QSslError &error : errors)
            m_sslErrors.append(error.errorString());
    });
}

void HttpExchange::sendOnHttp1Connection(bool freshConnection)
{
    Result<QByteArray> head = m_client->http1RequestHead(m_hopMethod, m_hopUrl, m_hopHeaders, m_hopBody.size());
    if (!head.ok()) {
        fail(head.error());
        return;
    }
    m_onHttp1Connection = true;
    m_hopSent = true;
    // The body is handed over as the same implicitly shared QByteArray: no copy of the bytes is made here.
    m_client->http1Pool().send(m_hopUrl, m_hopAddresses, std::move(head).value(), m_hopBody, m_hopMethod == "HEAD",
                               this, freshConnection);
}

void HttpExchange::http1ResponseHead(int status, const HttpHeaders &headers)
{
    onHopHead(status, headers);
}

void HttpExchange::http1ResponseBody(const QByteArray &bytes)
{
    onHopBody(bytes);
}

void HttpExchange::http1ResponseComplete()
{
    m_onHttp1Connection = false;
    if (m_finished)
        return;
    succeed();
}

void HttpExchange::http1Failed(const Http1Failure &failure)
{
    m_onHttp1Connection = false;
    if (m_finished)
        return;
    // RFC 9112 §9.3.1: a server may close an idle persistent connection just as a request is sent on it.
    // Not one byte was answered, so it is sent once more, on a fresh connection. §9.3.1 asks for care with
    // non-idempotent methods; a close without a byte of response on a reused connection is the keep-alive
    // race, not a processed request, which is how browsers and QNetworkAccessManager treat it too.
    if (failure.retryOnFreshConnection && !m_http1Retried) {
        m_http1Retried = true;
        sendOnHttp1Connection(true);
        return;
    }
    if (failure.malformedResponse) {
        fail(Error(ErrorCode::MalformedResponse,
                   QStringLiteral("%1 sent a response that is not valid HTTP/1.1.").arg(m_hopUrl.host()),
                   redaction::redactText(QString(describeHop() + QStringLiteral(": ") + failure.message))));
        return;
    }
    fail(network_failure::describe(network_failure::fromSocketError(failure.socketError), failure.message,
                                   failure.sslErrors, m_hopUrl.host(), describeHop()));
}

void HttpExchange::onMetaDataChanged()
{
    if (!m_reply || m_finished || m_hopHeadersSeen)
        return;
    const QVariant status = m_reply->attribute(QNetworkRequest::HttpStatusCodeAttribute);
    if (!status.isValid())
        return;
    onHopHead(status.toInt(), m_reply->rawHeaderPairs());
}

void HttpExchange::onHopHead(int status, HttpHeaders headers)
{
    if (m_finished || m_hopHeadersSeen)
        return;
    m_hopHeadersSeen = true;
    m_hopStatus = status;
    m_responseDeadline = QDeadlineTimer(QDeadlineTimer::Forever);
    m_response.headers = std::move(headers);

    if (m_request.followRedirects && redirect_policy::isRedirectStatus(m_hopStatus)
        && !m_response.header("Location").isEmpty()) {
        followRedirect();
        return;
    }

    m_response.status = m_hopStatus;
    m_response.url = m_hopUrl;
    m_response.sentAuthorizationDigest.clear();
    for (const auto &[name, value] : std::as_const(m_hopHeaders)) {
        if (QByteArrayView(name).compare("Authorization", Qt::CaseInsensitive) == 0)
            m_response.sentAuthorizationDigest = HttpResponse::authorizationDigest(value);
    }

    if (!m_request.streaming) {
        const HttpClient::Options &options = m_client->options();
        bool announced = false;
        const qint64 length = m_response.header("Content-Length").trimmed().toLongLong(&announced);
        // A HEAD response announces the size of a body it does not send (RFC 9110 §9.3.2).
        if (announced && m_hopMethod != "HEAD") {
            if (length > options.maxBodyBytes) {
                // Refuse before a single body byte is read (requirements SEC-12).
                fail(Error(ErrorCode::ResponseTooLarge,
                           QStringLiteral("The response from %1 is larger than the %2 limit.")
                               .arg(m_hopUrl.host(), formatSize(options.maxBodyBytes)),
                           QStringLiteral("Content-Length %1 exceeds maxBodyBytes %2: %3")
                               .arg(length)
                               .arg(options.maxBodyBytes)
                               .arg(describeHop())));
                return;
            }
            if (length > 0)
                m_response.body.reserve(length); // one allocation instead of growing chunk by chunk
        }
        restartIdleTimer();
    }

    // Last statement: a slot may abort the exchange (or delete it); bytes that follow are read on readyRead.
    Q_EMIT headersReceived();
}

void HttpExchange::onReadyRead()
{
    if (!m_reply || m_finished || !m_hopHeadersSeen)
        return; // bytes before the headers stay in the reply until they are known
    const qint64 available = m_reply->bytesAvailable();
    if (available <= 0)
        return;
    onHopBody(m_reply->readAll());
}

void HttpExchange::onHopBody(const QByteArray &bytes)
{
    if (!m_hopHeadersSeen || m_finished)
        return;
    if (m_request.streaming) {
        m_hopResponseBytes += bytes.size();
        Q_EMIT dataReceived(bytes); // nothing after this: a slot may abort or delete the exchange
        return;
    }
    const HttpClient::Options &options = m_client->options();
    if (m_response.body.size() + bytes.size() > options.maxBodyBytes) {
        fail(Error(
            ErrorCode::ResponseTooLarge,
            QStringLiteral("The response from %1 is larger than the %2 limit.")
                .arg(m_hopUrl.host(), formatSize(options.maxBodyBytes)),
            QStringLiteral("more than maxBodyBytes %1 received: %2").arg(options.maxBodyBytes).arg(describeHop())));
        return;
    }
    m_response.body.append(bytes); // into the reserved body: one copy of each byte
    m_hopResponseBytes += bytes.size();
    restartIdleTimer();
}

void HttpExchange::onReplyFinished()
{
    QNetworkReply *reply = m_reply;
    if (!reply || m_finished)
        return;
    QPointer<HttpExchange> self(this);
    // Some error responses (a 401 Qt could not answer, for one) end without an earlier metaDataChanged.
    if (!m_hopHeadersSeen) {
        onMetaDataChanged();
        if (!self || m_finished || m_reply != reply)
            return; // failed, or turned into a redirect
    }
    if (m_hopHeadersSeen) {
        onReadyRead(); // whatever arrived together with the end
        if (!self || m_finished)
            return;
    }

    const QNetworkReply::NetworkError code = reply->error();
    // The next checked address of the name when this one could not be reached (as QAbstractSocket does
    // for a name): nothing was sent to the server yet.
    if (!m_hopHeadersSeen && m_hopAddressIndex + 1 < m_hopAddresses.size()
        && (code == QNetworkReply::ConnectionRefusedError || code == QNetworkReply::UnknownNetworkError
            || code == QNetworkReply::TemporaryNetworkFailureError)) {
        releaseReply();
        ++m_hopAddressIndex;
        sendHop();
        return;
    }
    // Any HTTP status is a response, 4xx and 5xx included; only the exchange itself can fail.
    if (m_hopHeadersSeen
        && (code == QNetworkReply::NoError || (m_hopStatus >= 400 && network_failure::isHttpStatusError(code)))) {
        succeed();
        return;
    }
    if (code == QNetworkReply::NoError) {
        fail(Error(ErrorCode::NetworkFailure,
                   QStringLiteral("%1 closed the connection without an HTTP response.").arg(m_hopUrl.host()),
                   describeHop()));
        return;
    }
    fail(network_failure::describe(code, reply->errorString(), m_sslErrors, m_hopUrl.host(), describeHop()));
}

void HttpExchange::onTimeout(Limit limit)
{
    if (m_finished)
        return;
    const HttpClient::Options &options = m_client->options();
    const QString host = m_hopUrl.isEmpty() ? m_request.url.host() : m_hopUrl.host();
    QString message;
    QString detail;
    switch (limit) {
    case Limit::Response:
        message = QStringLiteral("%1 did not answer within %2.").arg(host, formatDuration(options.responseTimeout));
        detail =
            QStringLiteral("response timeout (%1 ms) before the response headers").arg(options.responseTimeout.count());
        break;
    case Limit::Idle:
        message = QStringLiteral("%1 stopped sending data for %2.").arg(host, formatDuration(options.idleTimeout));
        detail = QStringLiteral("idle timeout (%1 ms) between response bytes").arg(options.idleTimeout.count());
        break;
    case Limit::Total: {
        const std::chrono::milliseconds total = m_request.totalTimeout.value_or(options.totalTimeout);
        message = QStringLiteral("The exchange with %1 took longer than %2.").arg(host, formatDuration(total));
        detail = QStringLiteral("total timeout (%1 ms) for the whole exchange").arg(total.count());
        break;
    }
    }
    fail(Error(ErrorCode::Timeout, message, detail + QStringLiteral(": ") + describeHop()));
}

void HttpExchange::followRedirect()
{
    const redirect_policy::Hop current{m_hopMethod, m_hopUrl, m_hopHeaders, m_hopBody};
    Result<redirect_policy::Hop> next =
        redirect_policy::nextHop(current, m_hopStatus, m_response.header("Location").trimmed(), m_redirects,
                                 m_client->options().maxRedirects, describeHop(), m_request.redirectOnlyWithinOrigin);
    if (!next.ok()) {
        fail(next.error());
        return;
    }

    recordHop({});
    releaseReply(); // the body of a redirect is of no use: abort rather than download it
    ++m_redirects;
    redirect_policy::Hop hop = std::move(next).value();
    m_hopMethod = std::move(hop.method);
    m_hopUrl = std::move(hop.url);
    m_hopHeaders = std::move(hop.headers);
    m_hopBody = std::move(hop.body);
    startHop();
}

void HttpExchange::fail(Error error)
{
    if (m_finished)
        return;
    recordHop(error.toString());
    releaseReply();
    m_error = std::move(error);
    finish();
}

void HttpExchange::succeed()
{
    recordHop({});
    releaseReply();
    finish();
}

void HttpExchange::finish()
{
    m_finished = true;
    if (m_timerId != 0)
        killTimer(std::exchange(m_timerId, 0));
    deleteLater();
    // Last statement: a slot may delete the exchange (a pending deleteLater is then simply dropped).
    Q_EMIT finished();
}

void HttpExchange::releaseReply()
{
    DestinationResolver::cancel(std::exchange(m_lookupId, -1));
    if (std::exchange(m_onHttp1Connection, false))
        m_client->http1Pool().cancel(this);
    QNetworkReply *reply = m_reply;
    m_reply = nullptr;
    if (!reply)
        return;
    disconnect(reply, nullptr, this, nullptr);
    if (reply->isRunning())
        reply->abort(); // emits finished() synchronously, to nobody now
    reply->deleteLater();
}

void HttpExchange::recordHop(const QString &error)
{
    if (!m_hopStarted.isValid())
        return; // aborted before anything was attempted
    ExchangeRecord record;
    record.started = m_hopStarted;
    record.purpose = m_request.purpose;
    record.method = m_hopMethod;
    record.url = m_request.hideQueryValues ? redaction::redactQueryValues(m_hopUrl) : m_client->redactedUrl(m_hopUrl);
    record.status = m_hopStatus;
    record.durationMs = m_hopClock.isValid() ? m_hopClock.elapsed() : 0;
    record.requestBytes = m_hopSent ? m_hopBody.size() : 0; // 0 when refused before sending
    record.responseBytes = m_hopResponseBytes;
    if (!error.isEmpty())
        record.error = redaction::redactText(error);
    m_hopStarted = QDateTime(); // one record per hop
    m_client->exchangeLog().append(std::move(record));
}

void HttpExchange::restartIdleTimer()
{
    const auto idleTimeout = m_client->options().idleTimeout;
    if (!m_request.streaming && idleTimeout.count() > 0) {
        m_idleDeadline = QDeadlineTimer(idleTimeout);
        scheduleLimits();
    }
}

void HttpExchange::scheduleLimits()
{
    if (m_finished)
        return;
    QDeadlineTimer earliest(QDeadlineTimer::Forever);
    for (const QDeadlineTimer &deadline : {m_responseDeadline, m_idleDeadline, m_totalDeadline}) {
        if (deadline < earliest)
            earliest = deadline;
    }
    if (earliest.isForever()) {
        if (m_timerId != 0)
            killTimer(std::exchange(m_timerId, 0));
        return;
    }
    if (m_timerId != 0 && !(earliest < m_timerArmedFor))
        return; // fires early enough; timerEvent() looks again then
    if (m_timerId != 0)
        killTimer(m_timerId);
    m_timerArmedFor = earliest;
    m_timerId = startTimer(std::chrono::milliseconds(qMax<qint64>(0, earliest.remainingTime())));
}

void HttpExchange::timerEvent(QTimerEvent *event)
{
    if (event->timerId() != m_timerId) {
        QObject::timerEvent(event);
        return;
    }
    killTimer(std::exchange(m_timerId, 0));
    m_timerArmedFor = QDeadlineTimer(QDeadlineTimer::Forever);
    if (m_responseDeadline.hasExpired())
        return onTimeout(Limit::Response);
    if (m_idleDeadline.hasExpired())
        return onTimeout(Limit::Idle);
    if (m_totalDeadline.hasExpired())
        return onTimeout(Limit::Total);
    scheduleLimits(); // woke early (coarse timers may) or a deadline moved on: wait for the next one
}

QString HttpExchange::describeHop() const
{
    const QByteArray &method = m_hopMethod.isEmpty() ? m_request.method : m_hopMethod;
    const QUrl &url = m_hopUrl.isEmpty() ? m_request.url : m_hopUrl;
    return QString::fromLatin1(method) + QLatin1Char(' ')
           + (m_request.hideQueryValues ? redaction::redactQueryValues(url) : redaction::redactUrl(url));
}

} // namespace portico
