#pragma once

#include "mcp/reconnectbackoff.h"
#include "mcp/transport.h"

#include <QHash>
#include <QPointer>

#include <chrono>
#include <memory>
#include <optional>

namespace portico {

class HttpExchange;
class ResponseStream;

// Streamable HTTP as 2025-03-26 … 2025-11-25 servers speak it (requirements TRANSPORT-3–TRANSPORT-9,
// TRANSPORT-21–TRANSPORT-27):
// - every message is its own POST; replies come as JSON or as an SSE stream that may carry notifications
//   and server requests before the response (requirements TRANSPORT-3–TRANSPORT-5);
// - the session id the server hands out is echoed on every later request, and a 404 on a request that
//   carried it means the session is gone (requirements TRANSPORT-22, TRANSPORT-23);
// - a response stream that ends before the response is resumed with GET + Last-Event-ID after the
//   server's `retry` delay (requirements TRANSPORT-27); the standalone GET stream carries server-initiated messages
//   (requirements TRANSPORT-25); both reconnect with backoff, the `retry` value being its floor (ReconnectBackoff);
// - cancellation is an explicit notifications/cancelled (requirements TRANSPORT-27: a disconnect is not a
//   cancellation);
// - close() DELETEs the session (requirements TRANSPORT-24).
class StreamableHttpTransport : public Transport
{
    Q_OBJECT

public:
    StreamableHttpTransport(HttpClient *http, QUrl endpoint, QObject *parent = nullptr);
    ~StreamableHttpTransport() override;

    [[nodiscard]] ProtocolEra era() const override { return ProtocolEra::StreamableHttp2025; }
    [[nodiscard]] const QByteArray &sessionId() const { return m_sessionId; }
    // Forgets the session (before a new initialize after SessionExpired).
    void resetSession();

    // Opens the standalone GET stream for messages the server sends on its own (requirements TRANSPORT-25). 404/405/400
    // mean the server offers none: that is fine. The stream is reopened with backoff when it drops; a redirect to
    // another origin or a refused destination ends it with transportError() (requirements SEC-1, SEC-2).
    void openEventStream();

    qint64 sendRequest(const QString &method, const QJsonObject &params, const RequestOptions &options,
                       QObject *context, Completion completion) override;
    void sendNotification(const QString &method, const QJsonObject &params,
                          std::function<void(Result<void>)> done = {}) override;
    void sendResponse(const QJsonObject &response) override;
    void cancelRequest(qint64 id, const QString &reason) override;
    void close() override;

    // Reconnection policy of resumed and standalone streams (requirements TRANSPORT-27, SEC-12): a response stream
    // is resumed at most this many times in a row without a stable connection (ReconnectBackoff), and waits the
    // server's `retry` (else kDefaultRetryMilliseconds) or the backoff, whichever is longer.
    static constexpr int kMaxResumeAttempts = 5;
    static constexpr int kDefaultRetryMilliseconds = 1000;

private:
    struct PostContext; // one POST: a PostedMessage, and whether it carried the session

    void post(std::shared_ptr<PostContext> context);
    void onPostFinished(const std::shared_ptr<PostContext> &context, HttpExchange *exchange,
                        const std::shared_ptr<ResponseStream> &stream);
    // Resumes the stream of the `awaited` requests after `delay`; `retryMilliseconds` is the server's latest `retry`.
    void resumeStream(QList<qint64> awaited, QByteArray lastEventId, int retryMilliseconds,
                      std::shared_ptr<ReconnectBackoff> backoff, std::chrono::milliseconds delay);
    // `emptyStreak`: connections in a row that delivered no message.
    void startListening(int emptyStreak);
    // Reads an exchange's response into dispatchIncoming(), adopting the session id it may hand out.
    std::shared_ptr<ResponseStream> attachReader(HttpExchange *exchange);
    void adoptSessionId(const HttpResponse &response);
    [[nodiscard]] HttpHeaders sessionHeaders() const;

    PendingRequests m_pending;
    QByteArray m_sessionId;
    QHash<qint64, QPointer<HttpExchange>> m_requestExchanges;
    QPointer<HttpExchange> m_listenStream;
    bool m_listening = false;
    ReconnectBackoff m_listenBackoff;
    std::optional<int> m_listenRetry; // the server's latest `retry` on that stream (WHATWG: it lasts)
};

} // namespace portico
