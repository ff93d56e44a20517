#pragma once

#include "mcp/sseparser.h"
#include "mcp/transport.h"

#include <QPointer>

#include <functional>
#include <memory>

namespace portico {

class HttpExchange;

// The deprecated HTTP+SSE (2024-11-05) transport (requirements TRANSPORT-28): a GET opens an event stream whose first
// event, `endpoint`, names the URL to POST messages to; that URL must be on the same origin as the stream
// (requirements SEC-1, as the reference SDK requires). Every message the server sends — responses included — arrives on
// the stream as a `message` event. A dropped stream ends the conversation: pending requests fail and
// sessionExpired() asks the session to start again (the next request reopens the stream).
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
    void startStream();
    void onEvent(SseEvent &&event);
    void onStreamEnded(const std::optional<Error> &failure);
    // POSTs one message once the endpoint is known (queued until then); `failed` reports a refused POST.
    void postMessage(QByteArray body, std::function<void(Result<void>)> accepted);
    void flushQueue(const std::optional<Error> &failure);

    PendingRequests m_pending;
    QPointer<HttpExchange> m_stream;
    SseParser m_parser;
    QUrl m_postUrl;
    std::optional<Error> m_streamFailure;
    QList<std::function<void(Result<void>)>> m_openWaiters;
    QList<std::pair<QByteArray, std::function<void(Result<void>)>>> m_queue;
};

} // namespace portico
