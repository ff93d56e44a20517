#include "auth/loopbackredirectcatcher.h"

#include "auth/authorizationflow.h"

#include <QCoreApplication>
#include <QHostAddress>
#include <QList>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>

namespace portico {

namespace {

// Requirements SEC-12: the request head (request line and header fields) of one connection is read up to this size; a
// browser's redirect with a code, state and iss is far below it.
constexpr qsizetype kMaxHeadBytes = 16 * 1024;
// Requirements SEC-12: a connection that sends no complete head within this time is dropped, so an idle local process
// cannot hold the listener's sockets open.
constexpr int kConnectionReadTimeoutMs = 10'000;

// The end of the request head: the first empty line (RFC 9112 §2.1), CRLF or, tolerated (§2.2), bare LF.
// Returns the offset just past it, or -1 while incomplete.
qsizetype headEnd(const QByteArray &buffer)
{
    const qsizetype crlf = buffer.indexOf("\r\n\r\n");
    const qsizetype lf = buffer.indexOf("\n\n");
    if (crlf >= 0 && (lf < 0 || crlf < lf))
        return crlf + 4;
    if (lf >= 0)
        return lf + 2;
    return -1;
}

// The static page the browser shows after the redirect (requirements AUTH-29, RFC 8252 §7.3, requirements ATTACK-4):
// the same bytes whatever arrived — no parameter, no error text is reflected, so nothing from the URL can be injected
// into it.
QByteArray closePage()
{
    const QString sentence =
        QCoreApplication::translate("LoopbackRedirectCatcher", "You can close this window and return to Portico.")
            .toHtmlEscaped();
    return QByteArrayLiteral("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>Portico</title></head>"
                             "<body><p>")
           + sentence.toUtf8() + QByteArrayLiteral("</p></body></html>\n");
}

// The Host field must name the listener itself (RFC 9112 §3.2). A request for another host name that
// reached this port came through DNS rebinding from some web page, not from the redirect (requirements SEC-7).
bool isOwnHost(const QByteArray &host, quint16 port)
{
    const QByteArray value = host.trimmed().toLower();
    const QByteArray suffix = QByteArray(":") + QByteArray::number(port);
    return value == QByteArray("127.0.0.1") + suffix || value == QByteArray("localhost") + suffix;
}

} // namespace

LoopbackRedirectCatcher::LoopbackRedirectCatcher(QObject *parent)
    : QObject(parent)
    , m_server(new QTcpServer(this))
    , m_timeout(new QTimer(this))
{
    m_timeout->setSingleShot(true);
    connect(m_server, &QTcpServer::newConnection, this, &LoopbackRedirectCatcher::acceptConnection);
    connect(m_server, &QTcpServer::acceptError, this, [this](QAbstractSocket::SocketError) {
        if (m_done)
            return;
        const QString reason = m_server->errorString();
        finish();
        Q_EMIT failed(
            Error(ErrorCode::NetworkFailure, tr("Portico's sign-in listener stopped accepting connections."), reason));
    });
    // Requirements AUTH-29: a timeout ends the listener, so a flow nobody finishes does not leave a port open.
    connect(m_timeout, &QTimer::timeout, this, [this] {
        if (m_done)
            return;
        finish();
        Q_EMIT failed(Error(ErrorCode::Timeout,
                            tr("The sign-in took too long: the authorization server did not send Portico back in "
                               "time. Start the sign-in again.")));
    });
}

LoopbackRedirectCatcher::~LoopbackRedirectCatcher()
{
    // Drops the open connections while m_heads still exists (their signals then reach nobody).
    m_server->disconnect(this);
    close();
}

Result<void> LoopbackRedirectCatcher::listen(quint16 port, std::chrono::milliseconds timeout)
{
    if (m_done)
        return Error(ErrorCode::InvalidArgument,
                     tr("This sign-in listener has already finished; a new sign-in needs a new listener."));
    if (m_server->isListening())
        return Error(ErrorCode::InvalidArgument, tr("This sign-in listener is already listening."));
    // Requirements AUTH-29 / RFC 8252 §7.3, §8.3, requirements SEC-7: the IPv4 loopback interface only — never
    // QHostAddress::Any (0.0.0.0), which would let other machines on the network deliver (or probe for) the redirect.
    if (!m_server->listen(QHostAddress(QHostAddress::LocalHost), port)) {
        return Error(ErrorCode::NetworkFailure,
                     tr("Portico could not listen for the sign-in redirect on 127.0.0.1 port %1.").arg(port),
                     m_server->errorString());
    }
    m_port = m_server->serverPort();
    if (timeout.count() > 0)
        m_timeout->start(timeout);
    return Result<void>::success();
}

QUrl LoopbackRedirectCatcher::redirectUri() const
{
    // RFC 8252 §7.3: the IP literal, not "localhost" (§8.3: a name could resolve elsewhere).
    QUrl uri;
    uri.setScheme(QStringLiteral("http"));
    uri.setHost(QStringLiteral("127.0.0.1"));
    uri.setPort(m_port);
    uri.setPath(QString(kCallbackPath));
    return uri;
}

bool LoopbackRedirectCatcher::isListening() const
{
    return m_server->isListening();
}

void LoopbackRedirectCatcher::expectState(const QByteArray &state)
{
    m_expectedState = state;
}

void LoopbackRedirectCatcher::close()
{
    m_timeout->stop();
    m_server->close();
    const QList<QTcpSocket *> open = m_heads.keys();
    for (QTcpSocket *socket : open)
        drop(socket);
}

void LoopbackRedirectCatcher::finish()
{
    m_done = true;
    close();
}

void LoopbackRedirectCatcher::acceptConnection()
{
    while (QTcpSocket *socket = m_server->nextPendingConnection()) {
        if (m_done) {
            // One shot (requirements AUTH-29): after the callback nothing more is read.
            socket->abort();
            socket->deleteLater();
            continue;
        }
        m_heads.insert(socket, QByteArray());
        auto *readTimeout = new QTimer(socket);
        readTimeout->setSingleShot(true);
        connect(readTimeout, &QTimer::timeout, this, [this, socket] { drop(socket); });
        readTimeout->start(kConnectionReadTimeoutMs);
        connect(socket, &QTcpSocket::readyRead, this, [this, socket] { readRequest(socket); });
        connect(socket, &QTcpSocket::disconnected, this, [this, socket] {
            m_heads.remove(socket);
            socket->deleteLater();
        });
        // Bytes may have arrived with the connection itself.
        if (socket->bytesAvailable() > 0)
            readRequest(socket);
    }
}

void LoopbackRedirectCatcher::readRequest(QTcpSocket *socket)
{
    const auto entry = m_heads.find(socket);
    if (entry == m_heads.end())
        return; // already answered; whatever else it sends is ignored
    if (m_done) {
        drop(socket);
        return;
    }
    // Read no more than the limit allows (requirements SEC-12), so a flood cannot grow the buffer.
    entry->append(socket->read(kMaxHeadBytes + 1 - entry->size()));
    const qsizetype end = headEnd(*entry);
    if (end < 0) {
        if (entry->size() > kMaxHeadBytes)
            respond(socket, 431, "Request Header Fields Too Large", {});
        return;
    }
    if (end > kMaxHeadBytes) {
        respond(socket, 431, "Request Header Fields Too Large", {});
        return;
    }
    const QByteArray head = entry->left(end);

    // RFC 9112 §3: request-line = method SP request-target SP HTTP-version. Parsed by hand: exactly three
    // parts, an origin-form target (starts with '/'), HTTP/1.x.
    QList<QByteArray> lines = head.split('\n');
    for (QByteArray &line : lines) {
        if (line.endsWith('\r'))
            line.chop(1);
    }
    const QList<QByteArray> requestLine = lines.value(0).split(' ');
    if (requestLine.size() != 3 || !requestLine.at(1).startsWith('/') || !requestLine.at(2).startsWith("HTTP/1.")) {
        respond(socket, 400, "Bad Request", {});
        return;
    }
    const QByteArray &method = requestLine.at(0);
    const QByteArray &target = requestLine.at(1);
    for (const char c : target) {
        // RFC 3986 characters only: no controls, no spaces, no bytes outside ASCII in a request target.
        if (static_cast<unsigned char>(c) <= 0x20 || static_cast<unsigned char>(c) >= 0x7f) {
            respond(socket, 400, "Bad Request", {});
            return;
        }
    }
    QByteArray host;
    bool hostSeen = false;
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const qsizetype colon = lines.at(i).indexOf(':');
        if (colon > 0 && lines.at(i).left(colon).trimmed().compare("host", Qt::CaseInsensitive) == 0) {
            if (hostSeen) {
                // RFC 9112 §3.2: more than one Host field → 400.
                respond(socket, 400, "Bad Request", {});
                return;
            }
            hostSeen = true;
            host = lines.at(i).mid(colon + 1);
        }
    }

    const qsizetype queryStart = target.indexOf('?');
    const QByteArray path = queryStart < 0 ? target : target.left(queryStart);
    // Requirements AUTH-29, ATTACK-4: only GET on exactly the registered path, to this listener's own host name, is the
    // redirect. Everything else — other paths, other methods, a rebound host name — gets 404 and leaves the listener
    // waiting for the real one.
    if (method != "GET" || path != QByteArray(kCallbackPath.data(), kCallbackPath.size()) || !isOwnHost(host, m_port)) {
        respond(socket, 404, "Not Found", {});
        return;
    }

    const QByteArray absolute = QByteArray("http://127.0.0.1:") + QByteArray::number(m_port) + target;
    const QUrl callbackUrl = QUrl::fromEncoded(absolute);
    if (!callbackUrl.isValid()) {
        respond(socket, 400, "Bad Request", {});
        return;
    }

    // RFC 8252 §8.3, requirements ATTACK-4: another local process can send a forged redirect before the browser
    // does. Only the answer to this authorization request (its state) ends the one shot; anything else is refused
    // and the listener waits on, so a forgery cannot break the real sign-in.
    if (!AuthorizationFlow::answersState(callbackUrl, m_expectedState)) {
        respond(socket, 400, "Bad Request", {});
        return;
    }

    // The one response this listener handles (requirements AUTH-29): the static page, then the listener closes.
    respond(socket, 200, "OK", closePage());
    m_done = true;
    m_timeout->stop();
    m_server->close();
    const QList<QTcpSocket *> others = m_heads.keys();
    for (QTcpSocket *other : others) {
        if (other != socket)
            drop(other);
    }
    Q_EMIT callbackReceived(callbackUrl);
}

void LoopbackRedirectCatcher::respond(QTcpSocket *socket, int status, QByteArrayView reason, const QByteArray &body)
{
    m_heads.remove(socket);
    socket->disconnect(this); // nothing more is read from this connection
    connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
    QByteArray response = "HTTP/1.1 " + QByteArray::number(status) + ' ' + reason.toByteArray() + "\r\n";
    if (!body.isEmpty())
        response += "Content-Type: text/html; charset=utf-8\r\n";
    // RFC 8252 §7.3: the page is shown once; no-store keeps the callback URL's response out of caches, and the
    // page needs no script, style, frame or referrer (the URL it was loaded from holds the code).
    response += "Cache-Control: no-store\r\n"
                "Pragma: no-cache\r\n"
                "Content-Security-Policy: default-src 'none'\r\n"
                "Referrer-Policy: no-referrer\r\n"
                "X-Content-Type-Options: nosniff\r\n"
                "Content-Length: "
                + QByteArray::number(body.size())
                + "\r\n"
                  "Connection: close\r\n\r\n"
                + body;
    socket->write(response);
    // Closes once the bytes are written (QAbstractSocket::disconnectFromHost waits for the write buffer).
    socket->disconnectFromHost();
}

void LoopbackRedirectCatcher::drop(QTcpSocket *socket)
{
    m_heads.remove(socket);
    socket->disconnect(this);
    socket->abort();
    socket->deleteLater();
}

} // namespace portico
