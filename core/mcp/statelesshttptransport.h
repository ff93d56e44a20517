#pragma once

#include "mcp/transport.h"

#include <QHash>
#include <QPointer>
#include <QStringList>

#include <memory>
#include <optional>

namespace portico {

class HttpExchange;
class ResponseStream;

// Streamable HTTP as 2026-07-28 servers speak it: stateless, one POST per request, nothing remembered between
// requests (streamable-http.mdx; basic/index.mdx §Statelessness; requirements TRANSPORT-3–TRANSPORT-20).
// - Every POST carries Accept/Content-Type, MCP-Protocol-Version equal to the request's
//   _meta["io.modelcontextprotocol/protocolVersion"] (requirements TRANSPORT-6), the credentials, `Mcp-Method`, and
//   `Mcp-Name` (params.name or params.uri) on tools/call, resources/read and prompts/get, encoded per
//   header_value_encoding (requirements TRANSPORT-11); then RequestOptions::extraHeaders (the session's Mcp-Param-*,
//   requirements TRANSPORT-12).
// - Replies are JSON or an SSE stream of notifications related to the request followed by the response
//   (requirements TRANSPORT-5). Progress extends the request's timeout up to its hard maximum
//   (requirements TRANSPORT-8).
// - There are no sessions, no GET stream, no DELETE and no Last-Event-ID: a stream that ends without the
//   response loses the request; it is never resumed (requirements TRANSPORT-19). A Mcp-Session-Id a server hands out is
//   ignored.
// - Cancellation and timeouts close that request's stream; notifications/cancelled is never sent over HTTP,
//   and late responses are ignored (requirements TRANSPORT-18; basic/patterns/cancellation.mdx §Transport-Specific
//   Cancellation).
// - A non-2xx reply whose body is a JSON-RPC error answers the request, so the session sees -32020
//   HeaderMismatch, -32021, -32022 (with `data`) or 404 + -32601 as RPC errors (requirements TRANSPORT-13,
//   TRANSPORT-14, TRANSPORT-17, TRANSPORT-2).
// - 401/403 go to the AuthorizationHandler, and the message is sent again at most twice.
// - subscriptions/listen (requirements TRANSPORT-20, basic/patterns/subscriptions.mdx): openSubscription() keeps a
//   long-lived stream open, checks its acknowledgement, emits the change notifications it carries, and reconnects with
//   backoff after an abrupt drop.
class StatelessHttpTransport : public Transport
{
    Q_OBJECT

public:
    StatelessHttpTransport(HttpClient *http, QUrl endpoint, QObject *parent = nullptr);
    ~StatelessHttpTransport() override;

    [[nodiscard]] ProtocolEra era() const override { return ProtocolEra::Stateless2026; }

    qint64 sendRequest(const QString &method, const QJsonObject &params, const RequestOptions &options,
                       QObject *context, Completion completion) override;
    // 2026-07-28 defines no client notification over Streamable HTTP (streamable-http.mdx §Sending Messages,
    // Note). notifications/cancelled is translated into closing that request's stream (requirements TRANSPORT-18) and
    // never sent; any other notification is POSTed with the transport mechanics the spec keeps (202 = accepted).
    void sendNotification(const QString &method, const QJsonObject &params,
                          std::function<void(Result<void>)> done = {}) override;
    // Servers of this era send no requests and the client MUST NOT send JSON-RPC responses: nothing is sent,
    // transportError() says so.
    void sendResponse(const QJsonObject &response) override;
    void cancelRequest(qint64 id, const QString &reason) override;
    // Aborts every stream (requests fail as Cancelled, subscriptions end); there is no session to DELETE.
    void close() override;

    // --- subscriptions/listen (requirements TRANSPORT-20) ---
    // `filter` is the SubscriptionFilter (toolsListChanged, promptsListChanged, resourcesListChanged,
    // resourceSubscriptions); `meta` the per-request _meta the session puts on every request
    // (requirements TRANSPORT-10). Missing protocolVersion/clientCapabilities are filled from protocolVersion() and {}
    // so header and body agree. Returns a handle for closeSubscription(); each (re)connection is a new request with a
    // new id (requirements TRANSPORT-19).
    qint64 openSubscription(const QJsonObject &filter, const QJsonObject &meta = {});
    // Closes the stream (the cancellation signal on HTTP); subscriptionEnded() follows with a Cancelled error.
    void closeSubscription(qint64 handle);
    [[nodiscard]] bool hasSubscription(qint64 handle) const { return m_subscriptions.contains(handle); }

    // How long a response stream may stay open after its final response before Portico closes it.
    static constexpr int kResponseLingerMilliseconds = 1000;

    // Reconnection after abrupt drops: consecutive failed attempts (no acknowledgement) before giving up,
    // and the backoff between them (doubling from the first, capped).
    static constexpr int kMaxSubscriptionReconnects = 5;
    static constexpr int kFirstReconnectDelayMilliseconds = 1000;
    static constexpr int kMaxReconnectDelayMilliseconds = 30'000;
    // Tests shorten the backoff.
    void setReconnectDelayForTesting(int firstMilliseconds) { m_firstReconnectDelay = firstMilliseconds; }

Q_SIGNALS:
    // The server acknowledged the subscription (first message on its stream). `acknowledged` is the filter it
    // agreed to honour; `refused` names what was asked for and left out (types, or resource URIs)
    // (requirements TRANSPORT-20 SHOULD).
    void subscriptionAcknowledged(qint64 handle, const QJsonObject &acknowledged, const QStringList &refused);
    // The subscription is over: `graceful` when the server answered the listen request (or cancelled it),
    // otherwise `error` says why (closed by the client: Cancelled; refused; reconnections exhausted).
    void subscriptionEnded(qint64 handle, bool graceful, const std::optional<portico::Error> &error);

private:
    struct PostContext;  // one POST: a PostedMessage, and what its headers are computed from
    struct Subscription; // one subscriptions/listen across reconnections

    void post(const std::shared_ptr<PostContext> &context);
    void onPostFinished(const std::shared_ptr<PostContext> &context, HttpExchange *exchange,
                        const std::shared_ptr<ResponseStream> &stream);
    // Messages on the response stream of request `ownId` (-1: a notification's POST).
    void dispatch(const QJsonObject &message, qint64 ownId, HttpExchange *exchange);

    void connectSubscription(qint64 handle);
    void onSubscriptionMessage(qint64 handle, qint64 requestId, const QJsonObject &message);
    void onSubscriptionFinished(qint64 handle, qint64 requestId, HttpExchange *exchange,
                                const std::shared_ptr<ResponseStream> &stream);
    void endSubscription(qint64 handle, bool graceful, const std::optional<Error> &error);

    PendingRequests m_pending;
    QHash<qint64, QPointer<HttpExchange>> m_requestExchanges;
    QHash<qint64, std::shared_ptr<Subscription>> m_subscriptions;
    qint64 m_nextSubscriptionHandle = 1;
    int m_firstReconnectDelay = kFirstReconnectDelayMilliseconds;
};

} // namespace portico
