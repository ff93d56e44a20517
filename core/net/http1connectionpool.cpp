#include "net/http1connectionpool.h"

#include <QUrl>

namespace portico {

Http1ConnectionPool::Http1ConnectionPool(ProxyForUrl proxyForUrl, std::optional<QSslConfiguration> tls, QObject *parent)
    : QObject(parent)
    , m_proxyForUrl(std::move(proxyForUrl))
    , m_tls(std::move(tls))
{}

Http1ConnectionPool::~Http1ConnectionPool()
{
    m_active.clear();
    m_waiting.clear();
    for (const QList<Http1Connection *> &connections : std::as_const(m_connections)) {
        for (Http1Connection *connection : connections) {
            disconnect(connection, nullptr, this, nullptr);
            delete connection;
        }
    }
}

void Http1ConnectionPool::send(const QUrl &url, const QList<QHostAddress> &addresses, QByteArray head, QByteArray body,
                               bool responseToHead, Http1Connection::Receiver *receiver, bool freshConnection)
{
    Waiting request;
    request.origin.tls = url.scheme() == QLatin1String("https");
    request.origin.host = url.host();
    request.origin.port = quint16(url.port(request.origin.tls ? 443 : 80));
    request.head = std::move(head);
    request.body = std::move(body);
    request.responseToHead = responseToHead;
    request.receiver = receiver;
    request.freshConnection = freshConnection;
    request.url = url;
    request.addresses = addresses;
    start(std::move(request));
}

void Http1ConnectionPool::start(Waiting request)
{
    const QString key = request.origin.key();
    QList<Http1Connection *> &connections = m_connections[key];
    // Idle connections past their age (or all of them, for a retry) make room for a new one.
    for (Http1Connection *connection : QList<Http1Connection *>(connections)) {
        if (connection->isIdle() && (request.freshConnection || connection->idleMs() > kMaxIdleMs))
            discard(connection);
    }
    Http1Connection *chosen = nullptr;
    // The most recently used idle connection: the likeliest to be still open at the server.
    for (qsizetype i = connections.size() - 1; i >= 0 && !chosen; --i) {
        if (connections.at(i)->isIdle())
            chosen = connections.at(i);
    }
    if (chosen) {
        connections.removeOne(chosen); // the most recently used stays last
        connections.append(chosen);
    } else {
        if (connections.size() >= kMaxConnectionsPerOrigin) {
            m_waiting[key].append(std::move(request));
            return;
        }
        // The proxy is looked up per connection, not per request (it depends on the origin only).
        // An idle connection was opened to a checked address of this origin too: reusing it is as safe.
        chosen = new Http1Connection(request.origin, request.addresses, m_proxyForUrl(request.url), m_tls, this);
        connect(chosen, &Http1Connection::becameIdle, this, &Http1ConnectionPool::onIdle);
        connect(chosen, &Http1Connection::closed, this, &Http1ConnectionPool::onClosed);
        connections.append(chosen);
    }
    m_active.insert(request.receiver, chosen);
    chosen->send(request.head, request.body, request.responseToHead, request.receiver);
}

void Http1ConnectionPool::cancel(Http1Connection::Receiver *receiver)
{
    if (Http1Connection *connection = m_active.take(receiver)) {
        connection->abandon();
        return;
    }
    for (auto it = m_waiting.begin(); it != m_waiting.end(); ++it)
        it->removeIf([receiver](const Waiting &request) { return request.receiver == receiver; });
}

void Http1ConnectionPool::onIdle(Http1Connection *connection)
{
    for (auto it = m_active.begin(); it != m_active.end();) {
        if (it.value() == connection)
            it = m_active.erase(it);
        else
            ++it;
    }
    startWaiting(connection->origin().key());
}

void Http1ConnectionPool::onClosed(Http1Connection *connection)
{
    const QString key = connection->origin().key();
    discard(connection);
    startWaiting(key);
}

void Http1ConnectionPool::discard(Http1Connection *connection)
{
    disconnect(connection, nullptr, this, nullptr);
    connection->abandon();
    m_connections[connection->origin().key()].removeOne(connection);
    for (auto it = m_active.begin(); it != m_active.end();) {
        if (it.value() == connection)
            it = m_active.erase(it);
        else
            ++it;
    }
    // Later: the connection may be inside one of its own functions.
    connection->deleteLater();
}

void Http1ConnectionPool::startWaiting(const QString &key)
{
    auto waiting = m_waiting.find(key);
    if (waiting == m_waiting.end() || waiting->isEmpty())
        return;
    Waiting request = waiting->takeFirst();
    start(std::move(request));
}

} // namespace portico
