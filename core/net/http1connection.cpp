#include "net/http1connection.h"

#include <QPointer>
#include <QSignalBlocker>
#include <QSslSocket>
#include <QTimer>

namespace portico {

QString Http1Origin::key() const
{
    return (tls ? QStringLiteral("https://") : QStringLiteral("http://")) + host + QLatin1Char(':')
           + QString::number(port);
}

Http1Connection::Http1Connection(Http1Origin origin, QList<QHostAddress> addresses, const QNetworkProxy &proxy,
                                 const std::optional<QSslConfiguration> &tls, QObject *parent)
    : QObject(parent)
    , m_origin(std::move(origin))
    , m_addresses(std::move(addresses))
    , m_socket(new QSslSocket(this))
{
    m_socket->setProxy(proxy);
    if (m_origin.tls) {
        QSslConfiguration configuration = tls.value_or(QSslConfiguration::defaultConfiguration());
        // Only HTTP/1.1 is spoken here, so ALPN (RFC 7301) offers only that.
        configuration.setAllowedNextProtocols({QByteArrayLiteral("http/1.1")});
        configuration.setPeerVerifyMode(QSslSocket::VerifyPeer);
        m_socket->setSslConfiguration(configuration);
        m_socket->setPeerVerifyName(m_origin.host);
        // Recorded for the error detail only: ignoreSslErrors() is never called, so the handshake fails
        // and errorOccurred(SslHandshakeFailedError) follows (TLS errors fail closed, docs/architecture.md,
        // "Security rules").
        connect(m_socket, &QSslSocket::sslErrors, this, [this](const QList<QSslError> &errors) {
            for (const QSslError &error : errors)
                m_sslErrors.append(error.errorString());
        });
    }
    connect(m_socket, &QAbstractSocket::connected, this, [this]() {
        m_connected = true;
        m_unsentHead.clear();
        m_unsentBody.clear();
        // Requests are small and latency-bound: no Nagle delay (RFC 896) on top of the peer's delayed ACK.
        m_socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    });
    connect(m_socket, &QIODevice::readyRead, this, &Http1Connection::onReadyRead);
    connect(m_socket, &QAbstractSocket::disconnected, this, &Http1Connection::onDisconnected);
    connect(m_socket, &QAbstractSocket::errorOccurred, this, &Http1Connection::onError);
}

Http1Connection::~Http1Connection()
{
    m_receiver = nullptr;
    if (m_socket) {
        disconnect(m_socket, nullptr, this, nullptr);
        m_socket->abort();
    }
}

void Http1Connection::send(const QByteArray &head, const QByteArray &body, bool responseToHead, Receiver *receiver)
{
    Q_ASSERT(m_state == State::New || m_state == State::Idle);
    m_receiver = receiver;
    m_parser.reset(responseToHead);
    if (m_state == State::New) {
        connectToNextAddress();
        if (m_addresses.size() > 1) {
            m_unsentHead = head; // shared, not copied
            m_unsentBody = body;
        }
    }
    m_state = State::Busy;
    // Written now and flushed at once when the socket is connected (QSslSocket holds the bytes until the
    // handshake is done). One write for a small request: head and body leave in one segment.
    if (body.size() <= 16 * 1024) {
        m_socket->write(head + body);
    } else {
        m_socket->write(head);
        m_socket->write(body);
    }
    if (m_socket->state() == QAbstractSocket::ConnectedState)
        m_socket->flush();
}

bool Http1Connection::connectToNextAddress()
{
    if (m_addresses.isEmpty() && m_nextAddress == 0) {
        ++m_nextAddress;
        if (m_origin.tls)
            m_socket->connectToHostEncrypted(m_origin.host, m_origin.port);
        else
            m_socket->connectToHost(m_origin.host, m_origin.port);
        return true;
    }
    if (m_nextAddress >= m_addresses.size())
        return false;
    // The address as a literal: QAbstractSocket does no lookup for it, so the checked address is the one
    // connected to (no DNS rebinding between the check and the connection).
    const QString address = m_addresses.at(m_nextAddress++).toString();
    if (m_origin.tls)
        m_socket->connectToHostEncrypted(address, m_origin.port, m_origin.host);
    else
        m_socket->connectToHost(address, m_origin.port);
    return true;
}

void Http1Connection::abandon()
{
    m_receiver = nullptr;
    if (m_state == State::Busy)
        close();
}

void Http1Connection::onReadyRead()
{
    const QByteArray bytes = m_socket->readAll();
    if (m_state != State::Busy) {
        // Bytes nobody asked for on an idle connection: the framing is off, never reuse it.
        if (!bytes.isEmpty())
            close();
        return;
    }
    m_parser.append(bytes);
    dispatch();
}

void Http1Connection::dispatch()
{
    QPointer<Http1Connection> self(this);
    while (m_state == State::Busy && m_receiver) {
        Http1ResponseParser::Event event = m_parser.next();
        switch (event.kind) {
        case Http1ResponseParser::Event::Kind::NeedMore:
            return;
        case Http1ResponseParser::Event::Kind::Head:
            m_receiver->http1ResponseHead(event.status, event.headers);
            break;
        case Http1ResponseParser::Event::Kind::Body:
            m_receiver->http1ResponseBody(event.body);
            break;
        case Http1ResponseParser::Event::Kind::Complete: {
            Receiver *receiver = std::exchange(m_receiver, nullptr);
            ++m_completedResponses;
            const bool reusable = m_parser.keepAlive() && m_socket->state() == QAbstractSocket::ConnectedState;
            if (reusable) {
                m_state = State::Idle;
                m_idleSince.start();
            } else {
                close();
            }
            receiver->http1ResponseComplete();
            // The receiver's callback ran first so that a request it sends next can take this connection
            // only once the pool knows it is free.
            if (self && reusable && m_state == State::Idle)
                Q_EMIT becameIdle(this);
            return;
        }
        case Http1ResponseParser::Event::Kind::Failed: {
            Http1Failure failure;
            if (m_parser.inputEnded()) {
                // Cut short by the server closing the connection (a truncated body, a half-sent head).
                failure.socketError = QAbstractSocket::RemoteHostClosedError;
                failure.message = event.error;
                failure.retryOnFreshConnection = m_parser.nothingReceived() && m_completedResponses > 0;
            } else {
                failure.message = QStringLiteral("malformed HTTP/1.1 response: ") + event.error;
                failure.malformedResponse = true;
            }
            failRequest(std::move(failure));
            return;
        }
        }
        if (!self)
            return;
    }
}

void Http1Connection::onDisconnected()
{
    if (m_state == State::Busy) {
        // A body delimited by the close ends here; anything else was cut short.
        m_parser.endOfInput();
        const bool fresh = m_parser.nothingReceived();
        QPointer<Http1Connection> self(this);
        dispatch();
        if (!self)
            return;
        if (m_state == State::Busy && m_receiver) {
            Http1Failure failure;
            failure.socketError = QAbstractSocket::RemoteHostClosedError;
            failure.message = QStringLiteral("the server closed the connection");
            failure.retryOnFreshConnection = fresh && m_completedResponses > 0;
            failRequest(std::move(failure));
            return;
        }
    }
    close();
}

void Http1Connection::onError(QAbstractSocket::SocketError error)
{
    if (error == QAbstractSocket::RemoteHostClosedError) {
        onDisconnected();
        return;
    }
    if (m_state != State::Busy || !m_receiver) {
        close();
        return;
    }
    // Not reachable at this address: the next one of the name, as QAbstractSocket does for a name.
    const bool unreachable = error == QAbstractSocket::ConnectionRefusedError || error == QAbstractSocket::NetworkError
                             || error == QAbstractSocket::SocketTimeoutError;
    if (!m_connected && unreachable && m_nextAddress < m_addresses.size()) {
        // From the event loop: QAbstractSocket::errorOccurred says the socket may not be ready for a
        // reconnection inside the signal.
        QTimer::singleShot(0, this, [this]() {
            if (m_state != State::Busy || !m_receiver)
                return;
            {
                const QSignalBlocker quiet(m_socket);
                m_socket->abort();
            }
            m_sslErrors.clear();
            connectToNextAddress();
            m_socket->write(m_unsentHead + m_unsentBody);
        });
        return;
    }
    Http1Failure failure;
    failure.socketError = error;
    failure.message = m_socket->errorString();
    failure.sslErrors = m_sslErrors;
    failRequest(std::move(failure));
}

void Http1Connection::failRequest(Http1Failure failure)
{
    Receiver *receiver = std::exchange(m_receiver, nullptr);
    close();
    if (receiver)
        receiver->http1Failed(failure);
}

void Http1Connection::close()
{
    if (m_state == State::Closed)
        return;
    m_state = State::Closed;
    m_receiver = nullptr;
    disconnect(m_socket, nullptr, this, nullptr);
    m_socket->abort();
    Q_EMIT closed(this);
}

} // namespace portico
