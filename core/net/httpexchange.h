#pragma once

#include "common/error.h"
#include "common/result.h"
#include "net/http1connection.h"
#include "net/httpmessage.h"

#include <QDateTime>
#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QHostAddress>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QStringList>

#include <optional>

class QNetworkReply;

namespace portico {

class HttpClient;

// One request and its response, as a job: created by HttpClient::open(), it reports progress through
// signals and ends with finished() exactly once (never synchronously inside open()). abort() ends it with
// ErrorCode::Cancelled. The exchange deletes itself (deleteLater) after finished(); hold it in a QPointer.
// Each hop goes through the client's engine (HttpClientOptions::Engine): a QNetworkReply, or a request on
// one of the client's own HTTP/1.1 connections (the Http1Connection::Receiver side of this class).
class HttpExchange : public QObject, private Http1Connection::Receiver
{
    Q_OBJECT

public:
    // Deleting a running exchange stops it silently (no finished()); abort() is the way to cancel.
    ~HttpExchange() override;

    [[nodiscard]] const HttpRequest &request() const { return m_request; }
    // Valid from headersReceived() on: status and headers (body only for non-streaming requests, at finish).
    [[nodiscard]] const HttpResponse &response() const { return m_response; }
    // Set when finished() reports a failure (transport error, timeout, limit, policy, cancel).
    [[nodiscard]] const std::optional<Error> &error() const { return m_error; }
    [[nodiscard]] bool isFinished() const { return m_finished; }

    // Stops the exchange; finished() follows with ErrorCode::Cancelled unless it already finished. It is
    // emitted before abort() returns (also when abort() is called from a slot of this exchange's signals).
    void abort();

Q_SIGNALS:
    // The final (post-redirect) status line and headers arrived.
    void headersReceived();
    // Streaming requests only: the next bytes of the body, as they arrive.
    void dataReceived(const QByteArray &chunk);
    // The exchange is over: error() says whether it failed; for success response() is complete.
    void finished();

private:
    friend class HttpClient;
    HttpExchange(HttpClient *client, HttpRequest request);

    enum class Limit {
        Response,
        Idle,
        Total,
    };

    void start();
    void startHop();
    // The hop's addresses were checked (net/destinationresolver.h): send to them, or fail.
    void onDestinationResolved(Result<QList<QHostAddress>> addresses);
    // Sends the hop to m_hopAddresses[m_hopAddressIndex] (by name when there are none: through a proxy).
    void sendHop();
    // QNetworkAccessManager engine: the reply's signals, turned into the hop events below.
    void onMetaDataChanged();
    void onReadyRead();
    void onReplyFinished();
    // Http1 engine.
    void sendOnHttp1Connection(bool freshConnection);
    void http1ResponseHead(int status, const HttpHeaders &headers) override;
    void http1ResponseBody(const QByteArray &bytes) override;
    void http1ResponseComplete() override;
    void http1Failed(const Http1Failure &failure) override;
    // Hop events, whatever the engine.
    void onHopHead(int status, HttpHeaders headers);
    // The next body bytes: passed on for streaming requests, collected (within the size limit) otherwise.
    void onHopBody(const QByteArray &bytes);
    void onTimeout(Limit limit);
    void followRedirect();
    void fail(Error error);
    void succeed();
    void finish();
    void releaseReply();
    void recordHop(const QString &error);
    void restartIdleTimer();
    // (Re-)arms the timer for the earliest deadline when it would fire too late; stops it when none is left.
    void scheduleLimits();
    void timerEvent(QTimerEvent *event) override;
    [[nodiscard]] QString describeHop() const;

    HttpClient *m_client;
    HttpRequest m_request;
    HttpResponse m_response;
    std::optional<Error> m_error;
    bool m_finished = false;

    // The current hop: what it sends (redirects change method, URL, headers and body) and what came back.
    QByteArray m_hopMethod;
    QUrl m_hopUrl;
    HttpHeaders m_hopHeaders;
    QByteArray m_hopBody;               // shares m_request.body's bytes (implicit sharing): never a second copy
    QList<QHostAddress> m_hopAddresses; // checked; the hop connects to these only
    qsizetype m_hopAddressIndex = 0;    // QtNetwork engine: the one this reply went to
    int m_lookupId = -1;                // a running DNS lookup of the hop's host
    QPointer<QNetworkReply> m_reply;
    bool m_onHttp1Connection = false; // a request of this hop is with the client's Http1ConnectionPool
    bool m_http1Retried = false;
    bool m_hopSent = false;
    bool m_hopHeadersSeen = false;
    int m_hopStatus = 0;
    qint64 m_hopResponseBytes = 0;
    QDateTime m_hopStarted;
    QElapsedTimer m_hopClock;
    QStringList m_sslErrors;
    int m_redirects = 0;

    // The three time limits as deadlines, watched by one timer armed at the earliest of them: moving the
    // idle deadline on every chunk costs nothing, and a request that ends early cancels one timer, not three.
    QDeadlineTimer m_responseDeadline{QDeadlineTimer::Forever};
    QDeadlineTimer m_idleDeadline{QDeadlineTimer::Forever};
    QDeadlineTimer m_totalDeadline{QDeadlineTimer::Forever};
    QDeadlineTimer m_timerArmedFor{QDeadlineTimer::Forever};
    int m_timerId = 0;
};

} // namespace portico
