#pragma once

#include <QByteArray>
#include <QList>
#include <QObject>
#include <QPair>
#include <QSslConfiguration>
#include <QTcpServer>
#include <QUrl>

#include <functional>
#include <optional>

class QSslCertificate;
class QSslKey;
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
// cannot imitate (pages that redirect on cue, a target that must receive nothing, responses that stall or
// trickle). One request per connection; every request is recorded so a test can assert what did — or did
// not — arrive. With listenTls() it speaks HTTPS (server-side QSslSocket) with the given certificate.
class LoopbackHttpServer : public QObject
{
    Q_OBJECT

public:
    using Handler = std::function<HttpResponse(const HttpRequest &)>;
    // Writes the response itself, at its own pace, on `socket` (which it may keep in a QPointer): slow
    // headers, chunked streams, stalls, abrupt closes. Close with socket->disconnectFromHost() when done.
    using StreamHandler = std::function<void(const HttpRequest &, QTcpSocket *socket)>;

    explicit LoopbackHttpServer(QObject *parent = nullptr);

    // Binds 127.0.0.1 on a free port; false if that failed.
    bool listen();
    // The same, serving HTTPS with this certificate and key (test certificates only).
    bool listenTls(const QSslCertificate &certificate, const QSslKey &key);
    [[nodiscard]] quint16 port() const;
    // http://127.0.0.1:<port><pathAndQuery> (https:// after listenTls()).
    [[nodiscard]] QUrl url(const QString &pathAndQuery) const;

    // Answers `method path` (path compared without the query) with `handler`; anything else gets 404.
    void route(const QByteArray &method, const QByteArray &path, Handler handler);
    // Hands `method path` to `handler`, which writes the response on the socket itself.
    void routeStream(const QByteArray &method, const QByteArray &path, StreamHandler handler);

    // For stream handlers: a status line and header block. With a content length, Content-Length is sent
    // (it need not match what follows); without one, Transfer-Encoding: chunked (RFC 9112 §7.1).
    [[nodiscard]] static QByteArray responseHead(int status, const QList<QPair<QByteArray, QByteArray>> &headers,
                                                 std::optional<qint64> contentLength);
    // One chunk of the chunked transfer coding; empty data makes the last chunk (RFC 9112 §7.1).
    [[nodiscard]] static QByteArray chunk(QByteArrayView data);

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
        StreamHandler stream;
    };

    // A QTcpServer that, once given a TLS configuration, wraps every accepted connection in a server-side
    // QSslSocket and starts the handshake (QSslSocket::startServerEncryption).
    class Listener : public QTcpServer
    {
    public:
        using QTcpServer::QTcpServer;
        std::optional<QSslConfiguration> tls;

    protected:
        void incomingConnection(qintptr descriptor) override;
    };

    Listener m_server;
    QList<Route> m_routes;
    QList<HttpRequest> m_requests;
    int m_connectionCount = 0;
};

} // namespace portico::testing
