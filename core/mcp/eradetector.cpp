#include "mcp/eradetector.h"

#include "common/appidentity.h"
#include "common/redaction.h"
#include "mcp/authorizationhandler.h"
#include "mcp/jsonrpc.h"
#include "mcp/mcpsession.h"
#include "mcp/messagereader.h"
#include "net/httpclient.h"

#include <QCoreApplication>
#include <QJsonDocument>

namespace portico {

namespace {

constexpr int kMaxAuthorizationRetries = 2;

bool isFallbackStatus(int status)
{
    return status == 400 || status == 404 || status == 405;
}

// The first JSON-RPC message of a probe's body (JSON or SSE), if any.
std::optional<QJsonObject> firstMessage(const HttpResponse &response)
{
    Result<MessageReader::Format> format = MessageReader::formatFor(response.header("Content-Type"));
    if (!format.ok())
        return std::nullopt;
    std::optional<QJsonObject> first;
    MessageReader reader(format.value());
    const auto keep = [&first](const QJsonObject &message) {
        if (!first)
            first = message;
    };
    if (!reader.feed(response.body, keep).ok() || !reader.finish(keep).ok())
        return std::nullopt;
    return first;
}

} // namespace

EraDetector::EraDetector(HttpClient *http, TransportFactory transports, SessionFactory sessions, QObject *parent)
    : QObject(parent)
    , m_http(http)
    , m_transports(std::move(transports))
    , m_sessions(std::move(sessions))
{}

bool EraDetector::suggestsOtherEra(const Error &error)
{
    switch (error.code()) {
    case ErrorCode::HttpStatus:
        return isFallbackStatus(error.httpStatus());
    case ErrorCode::MalformedResponse:
    case ErrorCode::UnsupportedVersion:
    case ErrorCode::RpcError:
        return true;
    default:
        return false; // the network, TLS, a timeout or authorization: probing again would not help
    }
}

void EraDetector::connectTo(const QUrl &url, std::optional<ProtocolEra> remembered, bool onlyRemembered,
                            QObject *context, std::function<void(Result<Connected>)> done)
{
    QPointer<QObject> guard(context);
    auto deliver = [guard, done = std::move(done)](Result<Connected> result) {
        if (guard)
            done(std::move(result));
    };
    if (!remembered)
        return fullProbe(url, std::move(deliver));
    startEra(*remembered, url, [this, url, deliver, onlyRemembered](Result<Connected> result) {
        if (result.ok() || onlyRemembered || !suggestsOtherEra(result.error()))
            return deliver(std::move(result));
        fullProbe(url, deliver); // the server changed: find out again
    });
}

void EraDetector::fullProbe(const QUrl &url, std::function<void(Result<Connected>)> done)
{
    probeModern(url, 0, [this, url, done](Result<bool> modern) {
        if (!modern.ok())
            return done(modern.error());
        if (modern.value())
            return startEra(ProtocolEra::Stateless2026, url, done);
        startEra(ProtocolEra::StreamableHttp2025, url, [this, url, done](Result<Connected> streamable) {
            if (streamable.ok()
                || !(streamable.error().code() == ErrorCode::HttpStatus
                     && isFallbackStatus(streamable.error().httpStatus()))) {
                return done(std::move(streamable));
            }
            startEra(ProtocolEra::HttpSse2024, url, done);
        });
    });
}

void EraDetector::probeModern(const QUrl &url, int authorizationAttempts, std::function<void(Result<bool>)> done)
{
    const QString version = McpSession::supportedProtocolVersions(ProtocolEra::Stateless2026).constFirst();
    const QJsonObject meta{{QStringLiteral("io.modelcontextprotocol/protocolVersion"), version},
                           {QStringLiteral("io.modelcontextprotocol/clientCapabilities"), QJsonObject()},
                           {QStringLiteral("io.modelcontextprotocol/clientInfo"),
                            QJsonObject{{QStringLiteral("name"), QStringLiteral("Portico")},
                                        {QStringLiteral("version"), QString(app_identity::kVersion)}}}};
    HttpRequest request;
    request.method = "POST";
    request.url = url;
    request.headers = {{"Accept", "application/json, text/event-stream"},
                       {"Content-Type", "application/json"},
                       {"MCP-Protocol-Version", version.toLatin1()},
                       {"Mcp-Method", "server/discover"}};
    if (m_authorization)
        request.headers.append(m_authorization->credentialsFor(url));
    request.body =
        QJsonDocument(jsonrpc::request(0, QStringLiteral("server/discover"), {{QStringLiteral("_meta"), meta}}))
            .toJson(QJsonDocument::Compact);
    request.purpose = QStringLiteral("mcp-probe");
    m_http->send(std::move(request), this, [this, url, authorizationAttempts, done](Result<HttpResponse> result) {
        if (!result.ok())
            return done(result.error());
        const HttpResponse &response = result.value();
        if (response.status == 401 || response.status == 403) {
            if (!m_authorization || authorizationAttempts >= kMaxAuthorizationRetries) {
                return done(Error(ErrorCode::HttpStatus,
                                  QCoreApplication::translate("EraDetector", "The server requires you to sign in."))
                                .withHttpStatus(response.status));
            }
            m_authorization->handleChallenge(
                url, response, this, [this, url, authorizationAttempts, done, response](bool retry) {
                    if (!retry) {
                        return done(
                            Error(ErrorCode::HttpStatus,
                                  QCoreApplication::translate("EraDetector", "Access to the server was not granted."))
                                .withHttpStatus(response.status));
                    }
                    probeModern(url, authorizationAttempts + 1, done);
                });
            return;
        }
        const std::optional<QJsonObject> message = firstMessage(response);
        const int code =
            message ? message->value(QStringLiteral("error")).toObject().value(QStringLiteral("code")).toInt() : 0;
        if (response.isSuccess() && message && message->contains(QStringLiteral("result")))
            return done(true);
        if (code == jsonrpc::HeaderMismatch || code == jsonrpc::MissingRequiredClientCapability
            || code == jsonrpc::UnsupportedProtocolVersion) {
            return done(true);
        }
        if (response.status == 404 && code == jsonrpc::MethodNotFound)
            return done(true);
        if (response.isSuccess() || isFallbackStatus(response.status))
            return done(false); // what a 2025 (or HTTP+SSE) server answers
        return done(Error(ErrorCode::HttpStatus,
                          QCoreApplication::translate("EraDetector", "The server answered with HTTP status %1.")
                              .arg(response.status),
                          redaction::redactText(QString::fromUtf8(response.body.left(300)).simplified()))
                        .withHttpStatus(response.status));
    });
}

void EraDetector::startEra(ProtocolEra era, const QUrl &url, std::function<void(Result<Connected>)> done)
{
    Transport *transport = m_transports(era, url);
    if (m_authorization)
        transport->setAuthorizationHandler(m_authorization);
    McpSession *session = m_sessions(transport);
    QPointer<Transport> transportGuard(transport);
    QPointer<McpSession> sessionGuard(session);
    session->start(this, [era, transportGuard, sessionGuard, done](Result<void> started) {
        if (started.ok())
            return done(Connected{era, transportGuard, sessionGuard});
        // Nothing of a failed attempt stays behind.
        if (sessionGuard)
            sessionGuard->deleteLater();
        if (transportGuard) {
            transportGuard->close();
            transportGuard->deleteLater();
        }
        done(started.error());
    });
}

} // namespace portico
