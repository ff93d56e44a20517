#pragma once

#include "mcp/reconnectbackoff.h"
#include "mcp/sseparser.h"
#include "mcp/transport.h"

#include <QElapsedTimer>
#include <QPointer>
#include <QTimer>

#include <chrono>
#include <functional>
#include <memory>
#include <optional>

namespace portico {

class HttpExchange;

// The deprecated HTTP+SSE (2024-11-05) transport (requirements TRANSPORT-28): a GET opens an event stream whose first
// event, `endpoint`, names the URL to POST messages to; that URL must be on the same origin as the stream
// (requirements SEC-1, as the reference SDK requires). Every message the server sends — responses included — arrives on
// the stream as a `message` event. A dropped stream ends the conversation: pending requests fail and
// sessionExpired() asks the session to start again (the next request reopens the stream). The stream is reopened on
// ReconnectBackoff's schedule, however quickly the server drops it (requirements SEC-15).
//
// Whoever is called from here (open() and send callbacks, signals) may close or delete the transport: events are
// handled only after the parser is done with a chunk, and nothing of the transport is touched after such a call
// without checking that it still exists.
class HttpSseTransport : public Transport
{
    Q_OBJECT

public:
    HttpSseTransport(HttpClient *http, QUrl sseUrl, QObject *parent = nullptr);
    ~HttpSseTransport() override;

    [[nodiscard]] ProtocolEra era() const override { return ProtocolEra::HttpSse2024; }
    // Where messages are POSTed, once the `endpoint` event arrived.
    [[nodiscard]] const QUrl &messageEndpoint() const { return m_postUrl; }

    void open(QObject *context, std::function<void(Result<void>)> done) override;
    qint64 sendRequest(const QString &method, const QJsonObject &params, const RequestOptions &options,
                       QObject *context, Completion completion) override;
    void sendNotification(const QString &method, const QJsonObject &params,
                          std::function<void(Result<void>)> done = {}) override;
    void sendResponse(const QJsonObject &response) override;
    void cancelRequest(qint64 id, const QString &reason) override;
    void close() override;

private:
    // Opens the event stream unless it is open or opening; after a stream ended, once the backoff's delay is over.
    void startStream();
    void connectStream();
    void onStreamData(HttpExchange *exchange, const QByteArray &chunk);
    void onEvent(SseEvent &&event);
    void onStreamEnded(const std::optional<Error> &failure);
    // The `endpoint` event's URL when it is on the stream's origin; the refusal, naming it and why, otherwise.
    [[nodiscard]] Result<QUrl> acceptEndpoint(const QByteArray &data) const;
    // Tells everyone waiting in open(), each later and only while their context lives.
    void settleOpenWaiters(const Result<void> &outcome);
    // POSTs one message once the endpoint is known (queued until then); `accepted` reports whether the server took it.
    void postMessage(QByteArray body, std::function<void(Result<void>)> accepted);
    // Sends the queued messages, or fails them with `failure`. False when a callback deleted the transport.
    bool flushQueue(const std::optional<Error> &failure);

    struct OpenWaiter
    {
        QPointer<QObject> context;
        std::function<void(Result<void>)> done;
    };

    PendingRequests m_pending;
    QPointer<HttpExchange> m_stream;
    SseParser m_parser;
    QUrl m_postUrl;
    std::optional<Error> m_streamFailure;
    QList<OpenWaiter> m_openWaiters;
    QList<std::pair<QByteArray, std::function<void(Result<void>)>>> m_queue;

    // Reopening a dropped stream (requirements SEC-15): the delay decided when the last stream ended, counted from
    // then, and the timer that opens the next one.
    ReconnectBackoff m_backoff;
    std::optional<int> m_retryMilliseconds; // the server's latest `retry` (WHATWG: it lasts across connections)
    std::chrono::milliseconds m_reconnectDelay{0};
    QElapsedTimer m_sinceStreamEnded;
    QTimer m_reconnectTimer;
};

} // namespace portico
