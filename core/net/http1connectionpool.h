#pragma once

#include "net/http1connection.h"

#include <QHash>
#include <QList>
#include <QNetworkProxy>
#include <QObject>
#include <QSslConfiguration>
#include <QUrl>

#include <functional>
#include <optional>

namespace portico {

// The persistent HTTP/1.1 connections of one HttpClient (its Engine::Http1 requests), per origin: an idle
// connection is reused (the most recently used first), a new one is opened while the origin has fewer
// than kMaxConnectionsPerOrigin, and otherwise the request waits for the first connection to come free.
class Http1ConnectionPool : public QObject
{
    Q_OBJECT

public:
    // Up to 8 at once per origin: an MCP client keeps one long-lived GET event stream and may have several
    // requests in flight (RFC 9112 §9.4 sets no number; browsers use 6).
    static constexpr int kMaxConnectionsPerOrigin = 8;
    // An idle connection older than this is closed instead of reused: a server or a middlebox may have
    // dropped it silently, and a request sent on it would wait for the response timeout.
    static constexpr qint64 kMaxIdleMs = 30'000;

    using ProxyForUrl = std::function<QNetworkProxy(const QUrl &)>;

    Http1ConnectionPool(ProxyForUrl proxyForUrl, std::optional<QSslConfiguration> tls, QObject *parent = nullptr);
    ~Http1ConnectionPool() override;

    // Sends the request on a connection to the URL's origin, now or when one is free; the receiver gets
    // the response (or the failure). freshConnection: never an idle one (a retry after the keep-alive
    // race). Until cancel(receiver), the receiver must outlive the request.
    // `addresses`: the checked addresses of the URL's host, for a new connection (Http1Connection).
    void send(const QUrl &url, const QList<QHostAddress> &addresses, QByteArray head, QByteArray body,
              bool responseToHead, Http1Connection::Receiver *receiver, bool freshConnection = false);
    // Forgets the receiver's request: dropped from the queue, or its connection abandoned.
    void cancel(Http1Connection::Receiver *receiver);

private:
    struct Waiting
    {
        Http1Origin origin;
        QByteArray head;
        QByteArray body;
        bool responseToHead = false;
        Http1Connection::Receiver *receiver = nullptr;
        bool freshConnection = false;
        QUrl url; // for the proxy settings, when a connection is opened for it
        QList<QHostAddress> addresses;
    };

    void start(Waiting request);
    void onIdle(Http1Connection *connection);
    void onClosed(Http1Connection *connection);
    // Drops the connection from the pool and deletes it (later); its request, if any, gets no callback.
    void discard(Http1Connection *connection);
    void startWaiting(const QString &key);

    ProxyForUrl m_proxyForUrl;
    std::optional<QSslConfiguration> m_tls;
    QHash<QString, QList<Http1Connection *>> m_connections; // per Http1Origin::key()
    QHash<QString, QList<Waiting>> m_waiting;
    QHash<Http1Connection::Receiver *, Http1Connection *> m_active;
};

} // namespace portico
