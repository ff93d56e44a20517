#pragma once

#include "net/http1responseparser.h"
#include "net/httpmessage.h"

#include <QAbstractSocket>
#include <QElapsedTimer>
#include <QHostAddress>
#include <QList>
#include <QNetworkProxy>
#include <QObject>
#include <QSslConfiguration>
#include <QStringList>

#include <optional>

class QSslSocket;

namespace portico {

// Where a connection goes: scheme (TLS or not), host and port. Connections are reused only for the same one.
struct Http1Origin
{
    bool tls = false;
    QString host;
    quint16 port = 0;

    // "https://host:port": the pool's key.
    [[nodiscard]] QString key() const;
};

// Why an exchange on a connection failed, in the socket's terms; HttpExchange turns it into an Error.
struct Http1Failure
{
    QAbstractSocket::SocketError socketError = QAbstractSocket::UnknownSocketError;
    QString message;       // the socket's or the parser's description (no secrets: no request data)
    QStringList sslErrors; // certificate problems, when the TLS handshake was refused for them
    bool malformedResponse = false;
    // The connection had already carried a response and the server closed it before answering this one
    // (the keep-alive race of RFC 9112 §9.3.1): sending the request again on a fresh connection is safe.
    bool retryOnFreshConnection = false;
};

// One persistent HTTP/1.1 connection (RFC 9112 §9) over a QTcpSocket or, for https, a QSslSocket that
// verifies the certificate and host name and fails closed on any TLS error. It carries one request at a
// time (no pipelining, §9.3.2) and lives in the thread that uses it: no worker thread, no queued signal
// per response, which is where QNetworkAccessManager spends most of a small request's time.
// Owned by Http1ConnectionPool.
class Http1Connection : public QObject
{
    Q_OBJECT

public:
    // Who gets the response of the request in flight. Callbacks may abandon() the connection (or delete
    // the receiver after abandoning); nothing is called on a receiver after abandon().
    class Receiver
    {
    public:
        virtual void http1ResponseHead(int status, const HttpHeaders &headers) = 0;
        virtual void http1ResponseBody(const QByteArray &bytes) = 0;
        virtual void http1ResponseComplete() = 0;
        virtual void http1Failed(const Http1Failure &failure) = 0;

    protected:
        ~Receiver() = default;
    };

    // `addresses`: the checked addresses of the origin's host (requirements SEC-1), tried in order until one
    // accepts the connection; TLS still verifies the certificate for (and sends SNI of) the host name.
    // Empty: connect by name, which only a proxy connection does (the proxy resolves the name).
    Http1Connection(Http1Origin origin, QList<QHostAddress> addresses, const QNetworkProxy &proxy,
                    const std::optional<QSslConfiguration> &tls, QObject *parent = nullptr);
    ~Http1Connection() override;

    [[nodiscard]] const Http1Origin &origin() const { return m_origin; }
    [[nodiscard]] bool isIdle() const { return m_state == State::Idle; }
    // How long an idle connection has been waiting (for the pool's reuse limit).
    [[nodiscard]] qint64 idleMs() const { return m_idleSince.isValid() ? m_idleSince.elapsed() : 0; }

    // Sends a request (the serialized head and the body); connects first when needed. Only on an idle or
    // new connection.
    void send(const QByteArray &head, const QByteArray &body, bool responseToHead, Receiver *receiver);
    // The receiver no longer wants the response: a connection in the middle of one is closed (its framing
    // is lost), an idle one is left as it is. No callback follows.
    void abandon();

Q_SIGNALS:
    // The response was complete and the connection can carry another request.
    void becameIdle(portico::Http1Connection *connection);
    // The connection is unusable from now on (closed, failed, abandoned mid-response); the pool deletes it.
    void closed(portico::Http1Connection *connection);

private:
    enum class State {
        New,
        Busy,
        Idle,
        Closed,
    };

    // Connects to the next of m_addresses (or by name); false when none is left.
    bool connectToNextAddress();
    void onReadyRead();
    void onDisconnected();
    void onError(QAbstractSocket::SocketError error);
    // Hands parser events to the receiver until the parser needs more bytes or the response ended.
    void dispatch();
    void failRequest(Http1Failure failure);
    void close();

    Http1Origin m_origin;
    QList<QHostAddress> m_addresses;
    qsizetype m_nextAddress = 0;
    // The request written before the socket connected: written again when another address is tried.
    QByteArray m_unsentHead;
    QByteArray m_unsentBody;
    bool m_connected = false;
    QSslSocket *m_socket = nullptr;
    Http1ResponseParser m_parser;
    Receiver *m_receiver = nullptr;
    State m_state = State::New;
    int m_completedResponses = 0;
    QStringList m_sslErrors;
    QElapsedTimer m_idleSince;
};

} // namespace portico
