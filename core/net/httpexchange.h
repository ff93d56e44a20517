#pragma once

#include "common/error.h"
#include "net/httpmessage.h"

#include <QObject>

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
    [[nodiscard]] const HttpRequest &request() const { return m_request; }
    // Valid from headersReceived() on: status and headers (body only for non-streaming requests, at finish).
    [[nodiscard]] const HttpResponse &response() const { return m_response; }
    // Set when finished() reports a failure (transport error, timeout, limit, policy, cancel).
    [[nodiscard]] const std::optional<Error> &error() const { return m_error; }
    [[nodiscard]] bool isFinished() const { return m_finished; }

    // Stops the exchange; finished() follows with ErrorCode::Cancelled unless it already finished.
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

    HttpClient *m_client;
    HttpRequest m_request;
    HttpResponse m_response;
    std::optional<Error> m_error;
    bool m_finished = false;
    // Implementation state (current reply, redirect count, timers, sizes) is HttpClient's business;
    // add private members here as the implementation needs them.
};

} // namespace portico
