#pragma once

#include "common/error.h"
#include "net/httpmessage.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QObject>
#include <QPointer>
#include <QStringList>
#include <QTimer>

#include <optional>

class QNetworkReply;

namespace portico {

class HttpClient;

// One request and its response, as a job: created by HttpClient::open(), it reports progress through
// signals and ends with finished() exactly once (never synchronously inside open()). abort() ends it with
// ErrorCode::Cancelled. The exchange deletes itself (deleteLater) after finished(); hold it in a QPointer.
class HttpExchange : public QObject
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
    void onMetaDataChanged();
    void onReadyRead();
    void onReplyFinished();
    void onTimeout(Limit limit);
    void followRedirect();
    void fail(Error error);
    void succeed();
    void finish();
    void releaseReply();
    void recordHop(const QString &error);
    void restartIdleTimer();
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
    QByteArray m_hopBody; // shares m_request.body's bytes (implicit sharing): never a second copy
    QPointer<QNetworkReply> m_reply;
    bool m_hopSent = false;
    bool m_hopHeadersSeen = false;
    int m_hopStatus = 0;
    qint64 m_hopResponseBytes = 0;
    QDateTime m_hopStarted;
    QElapsedTimer m_hopClock;
    QStringList m_sslErrors;
    int m_redirects = 0;

    QTimer m_responseTimer;
    QTimer m_idleTimer;
    QTimer m_totalTimer;
};

} // namespace portico
