#pragma once

#include "common/result.h"
#include "mcp/transport.h"

#include <QObject>
#include <QPointer>
#include <QUrl>

#include <functional>
#include <optional>

namespace portico {

class HttpClient;
class McpSession;

// Finds out which generation of MCP a server speaks and hands back a started session (requirements TRANSPORT-2):
// 1. a 2026-07-28 request (server/discover with per-request _meta): success, or a modern error
//    (-32020/-32021/-32022, or 404 with -32601), means the server is modern;
// 2. otherwise (400/404/405, or an answer a 2025 server gives) a 2025 session: initialize;
// 3. if that is refused with 400/404/405, the HTTP+SSE (2024-11-05) transport (a GET that must open an
//    event stream with an `endpoint` event).
// A remembered era is tried first; when it fails in a way that suggests the server changed, the probe
// runs again. 401/403 during the probe go to the AuthorizationHandler first (requirements TRANSPORT-2: handle a 401
// first).
class EraDetector : public QObject
{
    Q_OBJECT

public:
    // Creates the transport for an era (the caller decides ownership and configuration).
    using TransportFactory = std::function<Transport *(ProtocolEra era, const QUrl &url)>;
    // Creates and configures the session on a transport (handlers, limits) before it is started.
    using SessionFactory = std::function<McpSession *(Transport *transport)>;

    struct Connected
    {
        ProtocolEra era;
        QPointer<Transport> transport;
        QPointer<McpSession> session;
    };

    EraDetector(HttpClient *http, TransportFactory transports, SessionFactory sessions, QObject *parent = nullptr);

    void setAuthorizationHandler(AuthorizationHandler *handler) { m_authorization = handler; }

    // `done` runs once, later, while `context` lives. On failure every transport and session it made is
    // deleted; on success the caller owns the ones in Connected (as its factories arranged).
    // With `onlyRemembered`, a failure of the remembered era is final (the person chose the transport).
    void connectTo(const QUrl &url, std::optional<ProtocolEra> remembered, bool onlyRemembered, QObject *context,
                   std::function<void(Result<Connected>)> done);

    // Does this failure of a remembered era suggest that the server now speaks another one?
    [[nodiscard]] static bool suggestsOtherEra(const Error &error);

private:
    void probeModern(const QUrl &url, int authorizationAttempts, std::function<void(Result<bool>)> done);
    void startEra(ProtocolEra era, const QUrl &url, std::function<void(Result<Connected>)> done);
    void fullProbe(const QUrl &url, std::function<void(Result<Connected>)> done);

    HttpClient *m_http;
    TransportFactory m_transports;
    SessionFactory m_sessions;
    AuthorizationHandler *m_authorization = nullptr;
};

} // namespace portico
