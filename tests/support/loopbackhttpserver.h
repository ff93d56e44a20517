#pragma once

#include <QByteArray>
#include <QList>
#include <QObject>
#include <QPair>
#include <QTcpServer>
#include <QUrl>

#include <functional>

class QTcpSocket;

namespace portico::testing {

struct HttpRequest
{
    QByteArray method;
    QByteArray target; // path and query, as sent
    QList<QPair<QByteArray, QByteArray>> headers;
    QByteArray body;

    [[nodiscard]] QByteArray path() const;
    [[nodiscard]] QByteArray header(QByteArrayView name) const;
};

struct HttpResponse
{
    int status = 200;
    QList<QPair<QByteArray, QByteArray>> headers;
    QByteArray body;

    static HttpResponse html(QByteArray body);
    static HttpResponse redirect(const QUrl &location, int status = 302);
    static HttpResponse notFound();
};

// A tiny HTTP/1.1 server on 127.0.0.1 with an ephemeral port, for tests that need a peer a real one
// cannot imitate (pages that redirect on cue, a target that must receive nothing). One request per
// connection; every request is recorded so a test can assert what did — or did not — arrive.
class LoopbackHttpServer : public QObject
{
    Q_OBJECT

public:
    using Handler = std::function<HttpResponse(const HttpRequest &)>;

    explicit LoopbackHttpServer(QObject *parent = nullptr);

    // Binds 127.0.0.1 on a free port; false if that failed.
    bool listen();
    [[nodiscard]] quint16 port() const;
    [[nodiscard]] QUrl url(const QString &pathAndQuery) const;

    // Answers `method path` (path compared without the query) with `handler`; anything else gets 404.
    void route(const QByteArray &method, const QByteArray &path, Handler handler);

    [[nodiscard]] const QList<HttpRequest> &requests() const { return m_requests; }
    [[nodiscard]] int connectionCount() const { return m_connectionCount; }

Q_SIGNALS:
    void requestReceived(const portico::testing::HttpRequest &request);

private:
    void acceptConnections();
    void readFrom(QTcpSocket *socket);
    void respond(QTcpSocket *socket, const HttpRequest &request);

    struct Route
    {
        QByteArray method;
        QByteArray path;
        Handler handler;
    };

    QTcpServer m_server;
    QList<Route> m_routes;
    QList<HttpRequest> m_requests;
    int m_connectionCount = 0;
};

} // namespace portico::testing
