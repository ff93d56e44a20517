#include "loopbackhttpserver.h"

#include <QHostAddress>
#include <QSslCertificate>
#include <QSslKey>
#include <QSslSocket>
#include <QTcpSocket>

namespace portico::testing {

namespace {

QByteArray reasonPhrase(int status)
{
    switch (status) {
    case 200:
        return "OK";
    case 204:
        return "No Content";
    case 301:
        return "Moved Permanently";
    case 302:
        return "Found";
    case 303:
        return "See Other";
    case 307:
        return "Temporary Redirect";
    case 308:
        return "Permanent Redirect";
    case 401:
        return "Unauthorized";
    case 403:
        return "Forbidden";
    case 404:
        return "Not Found";
    case 500:
        return "Internal Server Error";
    case 503:
        return "Service Unavailable";
    default:
        return "Status";
    }
}

} // namespace

QByteArray HttpRequest::path() const
{
    const qsizetype query = target.indexOf('?');
    return query < 0 ? target : target.first(query);
}

QByteArray HttpRequest::header(QByteArrayView name) const
{
    for (const auto &[key, value] : headers) {
        if (key.compare(name, Qt::CaseInsensitive) == 0)
            return value;
    }
    return {};
}

HttpResponse HttpResponse::html(QByteArray body)
{
    return {200, {{"Content-Type", "text/html; charset=utf-8"}}, std::move(body)};
}

HttpResponse HttpResponse::redirect(const QUrl &location, int status)
{
    return {status, {{"Location", location.toEncoded()}}, {}};
}

HttpResponse HttpResponse::notFound()
{
    return {404, {{"Content-Type", "text/plain"}}, "not found"};
}

LoopbackHttpServer::LoopbackHttpServer(QObject *parent)
    : QObject(parent)
{
    connect(&m_server, &QTcpServer::newConnection, this, &LoopbackHttpServer::acceptConnections);
}

bool LoopbackHttpServer::listen()
{
    return m_server.listen(QHostAddress::LocalHost, 0);
}

bool LoopbackHttpServer::listenTls(const QSslCertificate &certificate, const QSslKey &key)
{
    if (certificate.isNull() || key.isNull() || !QSslSocket::supportsSsl())
        return false;
    QSslConfiguration configuration = QSslConfiguration::defaultConfiguration();
    configuration.setLocalCertificate(certificate);
    configuration.setPrivateKey(key);
    configuration.setPeerVerifyMode(QSslSocket::VerifyNone); // no client certificates
    m_server.tls = configuration;
    return m_server.listen(QHostAddress::LocalHost, 0);
}

void LoopbackHttpServer::Listener::incomingConnection(qintptr descriptor)
{
    if (!tls) {
        QTcpServer::incomingConnection(descriptor);
        return;
    }
    auto *socket = new QSslSocket(this);
    if (!socket->setSocketDescriptor(descriptor)) {
        delete socket;
        return;
    }
    socket->setSslConfiguration(*tls);
    // readyRead only reports decrypted bytes; a failed handshake ends in disconnected() (and deleteLater).
    addPendingConnection(socket);
    socket->startServerEncryption();
}

quint16 LoopbackHttpServer::port() const
{
    return m_server.serverPort();
}

QUrl LoopbackHttpServer::url(const QString &pathAndQuery) const
{
    const QString scheme = m_server.tls ? QStringLiteral("https") : QStringLiteral("http");
    return QUrl(QStringLiteral("%1://127.0.0.1:%2%3").arg(scheme).arg(port()).arg(pathAndQuery), QUrl::StrictMode);
}

void LoopbackHttpServer::route(const QByteArray &method, const QByteArray &path, Handler handler)
{
    m_routes.append({method, path, std::move(handler), {}});
}

void LoopbackHttpServer::routeStream(const QByteArray &method, const QByteArray &path, StreamHandler handler)
{
    m_routes.append({method, path, {}, std::move(handler)});
}

QByteArray LoopbackHttpServer::responseHead(int status, const QList<QPair<QByteArray, QByteArray>> &headers,
                                            std::optional<qint64> contentLength)
{
    QByteArray wire = "HTTP/1.1 " + QByteArray::number(status) + ' ' + reasonPhrase(status) + "\r\n";
    for (const auto &[name, value] : headers)
        wire += name + ": " + value + "\r\n";
    if (contentLength)
        wire += "Content-Length: " + QByteArray::number(*contentLength) + "\r\n";
    else
        wire += "Transfer-Encoding: chunked\r\n";
    wire += "Connection: close\r\n\r\n";
    return wire;
}

QByteArray LoopbackHttpServer::chunk(QByteArrayView data)
{
    return QByteArray::number(data.size(), 16) + "\r\n" + data.toByteArray() + "\r\n";
}

void LoopbackHttpServer::acceptConnections()
{
    while (QTcpSocket *socket = m_server.nextPendingConnection()) {
        ++m_connectionCount;
        connect(socket, &QTcpSocket::readyRead, this, [this, socket]() { readFrom(socket); });
        connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
    }
}

void LoopbackHttpServer::readFrom(QTcpSocket *socket)
{
    // The request is complete once the header block and Content-Length bytes of body have arrived.
    QByteArray buffered = socket->property("buffered").toByteArray() + socket->readAll();
    socket->setProperty("buffered", buffered);
    const qsizetype headerEnd = buffered.indexOf("\r\n\r\n");
    if (headerEnd < 0)
        return;
    const QList<QByteArray> lines = buffered.first(headerEnd).split('\n');
    const QList<QByteArray> requestLine = lines.constFirst().trimmed().split(' ');
    if (requestLine.size() < 2) {
        socket->disconnectFromHost();
        return;
    }
    HttpRequest request{requestLine.at(0), requestLine.at(1), {}, {}};
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const qsizetype colon = lines.at(i).indexOf(':');
        if (colon > 0)
            request.headers.append({lines.at(i).first(colon).trimmed(), lines.at(i).sliced(colon + 1).trimmed()});
    }
    const qsizetype contentLength = request.header("Content-Length").toLongLong();
    if (buffered.size() - headerEnd - 4 < contentLength)
        return;
    request.body = buffered.sliced(headerEnd + 4, contentLength);
    socket->setProperty("buffered", QVariant());
    m_requests.append(request);
    Q_EMIT requestReceived(request);
    respond(socket, request);
}

void LoopbackHttpServer::respond(QTcpSocket *socket, const HttpRequest &request)
{
    HttpResponse response = HttpResponse::notFound();
    for (const Route &route : std::as_const(m_routes)) {
        if (route.method == request.method && route.path == request.path()) {
            if (route.stream) {
                route.stream(request, socket);
                return;
            }
            response = route.handler(request);
            break;
        }
    }
    QByteArray wire = "HTTP/1.1 " + QByteArray::number(response.status) + ' ' + reasonPhrase(response.status) + "\r\n";
    for (const auto &[name, value] : std::as_const(response.headers))
        wire += name + ": " + value + "\r\n";
    wire += "Content-Length: " + QByteArray::number(response.body.size()) + "\r\nConnection: close\r\n\r\n";
    wire += response.body;
    socket->write(wire);
    socket->disconnectFromHost();
}

} // namespace portico::testing
