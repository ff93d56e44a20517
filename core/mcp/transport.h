#pragma once

#include "common/result.h"
#include "mcp/pendingrequests.h"
#include "net/httpmessage.h"

#include <QHash>
#include <QJsonObject>
#include <QJsonValue>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QUrl>

#include <functional>
#include <memory>

namespace portico {

class AuthorizationHandler;
class HttpClient;
class HttpExchange;
class ResponseStream;

// The protocol generation a server speaks on the wire (requirements TRANSPORT-1, TRANSPORT-2).
enum class ProtocolEra {
    Stateless2026,      // 2026-07-28: no handshake, per-request _meta, Mcp-Method headers
    StreamableHttp2025, // 2025-03-26 … 2025-11-25: initialize, Mcp-Session-Id, GET stream
    HttpSse2024,        // 2024-11-05: GET SSE stream with an `endpoint` event, POSTs to that endpoint
};

// How JSON-RPC messages travel to one MCP server and back. A transport knows HTTP, headers, sessions and
// streams; it does not know the lifecycle (initialize) or the catalogs: McpSession does.
//
// Requests: sendRequest() assigns the id, sends, and completes with the response message (result or error)
// or an Error. Messages the server sends on its own — notifications and server-to-client requests — come
// out as signals, whatever stream carried them.
class Transport : public QObject
{
    Q_OBJECT

public:
    struct RequestOptions
    {
        PendingRequests::Limits limits;
        HttpHeaders extraHeaders; // e.g. Mcp-Param-* computed by the session (requirements TRANSPORT-12)
        // Ask for progress: the transport puts the request id into params._meta.progressToken, so tokens are
        // unique among active requests (requirements FEATURE-6) and progress can extend the timeout
        // (requirements TRANSPORT-8).
        bool wantsProgress = false;
    };

    using Completion = PendingRequests::Completion;

    Transport(HttpClient *http, QUrl endpoint, QObject *parent = nullptr);
    ~Transport() override;

    [[nodiscard]] virtual ProtocolEra era() const = 0;
    [[nodiscard]] const QUrl &endpoint() const { return m_endpoint; }

    // Credentials for every request and the 401/403 hand-off (may be null: no authorization).
    void setAuthorizationHandler(AuthorizationHandler *handler) { m_authorization = handler; }

    // The protocol version to announce in MCP-Protocol-Version (requirements TRANSPORT-6); the session sets it once
    // negotiated (initialize) or chosen (2026-07-28).
    void setProtocolVersion(const QString &version) { m_protocolVersion = version; }
    [[nodiscard]] const QString &protocolVersion() const { return m_protocolVersion; }

    // Gets the transport ready for messages (the HTTP+SSE (2024-11-05) transport opens its event stream and
    // waits for the `endpoint` event); the others are ready at once. `done` runs once, later, while `context`
    // lives.
    virtual void open(QObject *context, std::function<void(Result<void>)> done);

    // Sends a request; returns its id (also its progress token). `completion` follows the PendingRequests
    // contract (once, queued, only while `context` lives).
    virtual qint64 sendRequest(const QString &method, const QJsonObject &params, const RequestOptions &options,
                               QObject *context, Completion completion) = 0;
    // Sends a notification; `done` (optional) reports whether the server accepted it.
    virtual void sendNotification(const QString &method, const QJsonObject &params,
                                  std::function<void(Result<void>)> done = {}) = 0;
    // Answers a request the server sent (2025 and HTTP+SSE eras; 2026-07-28 servers send none).
    virtual void sendResponse(const QJsonObject &response) = 0;
    // Stops waiting for a request: it completes with ErrorCode::Cancelled, and the server is told in the
    // way the era prescribes (requirements TRANSPORT-18, TRANSPORT-27).
    virtual void cancelRequest(qint64 id, const QString &reason) = 0;
    // Ends the connection (2025: DELETE the session, requirements TRANSPORT-24). Pending requests fail as Cancelled.
    virtual void close() = 0;

Q_SIGNALS:
    void notificationReceived(const QString &method, const QJsonObject &params);
    void requestReceived(const QJsonValue &id, const QString &method, const QJsonObject &params);
    // The server forgot the session (404 on a request that carried one, requirements TRANSPORT-23): start a new one.
    void sessionExpired();
    // Something went wrong outside any single request (a stream the server sent garbage on, ...): shown in
    // the Activity view; the connection goes on where it can.
    void transportError(const portico::Error &error);

protected:
    // One message sent as its own POST (Streamable HTTP, both eras): kept whole so the very same message can
    // be sent again after authorization, with where its outcome goes. The transports extend it.
    struct PostedMessage
    {
        QByteArray body;
        qint64 requestId = -1; // -1: a notification, or a response to a server request
        HttpHeaders extraHeaders;
        int authorizationAttempts = 0;
        std::function<void(Result<void>)> accepted; // notifications and responses: did the server take it
    };

    // At most this many authorizations for one message, so a server that keeps refusing cannot cause a
    // sign-in loop (requirements AUTH-39; conformance auth/scope-retry-limit allows ≤ 3).
    static constexpr int kMaxAuthorizationRetries = 2;

    // The errors every transport reports in the same words.
    [[nodiscard]] static Error malformed(const QString &detail);
    [[nodiscard]] static Error cancelled();
    // A non-2xx reply; the start of its body (redacted) is the detail.
    [[nodiscard]] static Error statusError(const HttpResponse &response, const QByteArray &body);

    // The params with _meta.progressToken = id when `options` asks for progress.
    [[nodiscard]] static QJsonObject withProgressToken(QJsonObject params, qint64 id, const RequestOptions &options);
    // Headers every POST of a message carries: Accept for both reply forms, Content-Type,
    // MCP-Protocol-Version, credentials (requirements TRANSPORT-4, TRANSPORT-6; the bearer token on every request).
    [[nodiscard]] HttpHeaders postHeaders(const QUrl &url) const;
    // Headers of a GET that opens or resumes an event stream (requirements TRANSPORT-25, TRANSPORT-27).
    [[nodiscard]] HttpHeaders streamHeaders(const QUrl &url) const;
    // Routes one message from the server, whatever stream carried it: a response completes its request in
    // `pending` (late or unknown ones are ignored, requirements TRANSPORT-18), progress extends its request's timeout
    // (requirements TRANSPORT-8), notifications and server requests go out as signals, anything else is a
    // transportError.
    void dispatchIncoming(const QJsonObject &message, PendingRequests &pending);

    // Hands a 401/403 reply to the AuthorizationHandler and returns true; false for any other status. Once
    // authorized, `resend` sends the very same message again with fresh credentials (unless the transport
    // was closed meanwhile). Without a handler, after kMaxAuthorizationRetries for one message (`attempts`
    // counts them), or when access is not granted, `fail` gets the error instead. `stillWanted` (optional)
    // is asked first when the authorization ends: false drops the message silently (cancelled meanwhile).
    bool retryAfterChallenge(const HttpResponse &response, const QByteArray &body, int &attempts,
                             std::function<void()> resend, std::function<void(const Error &)> fail,
                             std::function<bool()> stillWanted = {});
    // How a POSTed message ended. A request only fails here (its answer is a response): in `pending`, where
    // nothing happens when it was answered or cancelled already. A notification or response tells its
    // `accepted`; without one a failure is a transportError, unless it was a cancellation (Portico's own).
    void reportPosted(const PostedMessage &message, PendingRequests &pending, const Result<void> &outcome);
    // The first steps at the end of a POSTed message's exchange, the same in both Streamable HTTP eras:
    // `exchange` no longer carries the message's request (`requestExchanges`); a failed stream or exchange
    // fails the message (reportPosted); a 401/403 goes to retryAfterChallenge, and `resend` posts the very
    // same message again once authorized (a request is not, when it was cancelled or timed out meanwhile).
    // True when that settled the message; false leaves exchange->response() to the era's own rules.
    bool settlePostedExchange(const std::shared_ptr<PostedMessage> &message, HttpExchange *exchange,
                              const ResponseStream &stream, PendingRequests &pending,
                              QHash<qint64, QPointer<HttpExchange>> &requestExchanges, std::function<void()> resend);
    // The last steps for a 2xx reply to a POSTed message (both Streamable HTTP eras): the rest of the body is
    // read (a JSON body's message is handled now; garbage fails the message), a notification or response is
    // accepted. True when that settled the message or its request was answered on this stream; false for a
    // request whose stream ended without its response (what follows is the era's rule).
    bool settleReadReply(const PostedMessage &message, ResponseStream &stream, PendingRequests &pending);
    // Tells the server that Portico stopped waiting for request `id` (notifications/cancelled; `reason` is
    // left out when empty). Only the 2025 and HTTP+SSE eras cancel this way (requirements TRANSPORT-27); 2026-07-28
    // closes the request's stream instead (requirements TRANSPORT-18).
    void sendCancelledNotification(qint64 id, const QString &reason);

    HttpClient *m_http;
    QUrl m_endpoint;
    AuthorizationHandler *m_authorization = nullptr;
    QString m_protocolVersion;
    // close() ran (or the destructor): nothing more is sent, and late callbacks change nothing.
    bool m_closed = false;

private:
    // What every request carries besides its own headers: MCP-Protocol-Version and the credentials.
    void appendCommonHeaders(HttpHeaders &headers, const QUrl &url) const;
};

} // namespace portico
