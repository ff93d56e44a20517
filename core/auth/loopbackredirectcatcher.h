#pragma once

#include "common/result.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QHash>
#include <QObject>
#include <QString>
#include <QUrl>

#include <chrono>

class QTcpServer;
class QTcpSocket;
class QTimer;

namespace portico {

// The loopback redirect listener of RFC 8252 §7.3 (requirements AUTH-29, SEC-7, ATTACK-4): bound to 127.0.0.1 only,
// never 0.0.0.0; on a chosen port (the registered one, requirements AUTH-20) or an ephemeral one; accepts GET requests
// for exactly the callback path (others get 404 and are otherwise ignored). Any local process can reach the port
// (RFC 8252 §8.3), so a request on that path ends the listener only when it carries the `state` of the authorization
// request (expectState()): callbackReceived() with the full URL, a static page that reflects none of the
// parameters, and the listener closes. A wrong, repeated or missing state — or any callback before the state is
// known — gets 400 and the listener keeps waiting for the real redirect (requirements ATTACK-4). A timeout ends it
// with failed(Timeout). Requests are read with a size limit (16 KiB of request head) and a per-connection read
// timeout.
class LoopbackRedirectCatcher : public QObject
{
    Q_OBJECT

public:
    static constexpr QLatin1StringView kCallbackPath{"/callback"};

    explicit LoopbackRedirectCatcher(QObject *parent = nullptr);
    ~LoopbackRedirectCatcher() override;

    // Binds 127.0.0.1:`port` (0 = ephemeral) and starts the timeout. A busy port → NetworkFailure with a
    // message naming the port. Calling it again after a callback or failure is an error (one shot).
    [[nodiscard]] Result<void> listen(quint16 port = 0, std::chrono::milliseconds timeout = std::chrono::minutes(10));

    // http://127.0.0.1:<port>/callback — valid after listen().
    [[nodiscard]] QUrl redirectUri() const;
    [[nodiscard]] bool isListening() const;

    // The `state` the redirect must carry (AuthorizationFlow::answersState). Until it is set, no callback is
    // accepted: the authorization request, and so the real redirect, does not exist yet.
    void expectState(const QByteArray &state);

    // Stops listening without a callback (no signal).
    void close();

Q_SIGNALS:
    // The browser arrived at the callback path: `callbackUrl` carries its query, unvalidated.
    void callbackReceived(const QUrl &callbackUrl);
    // Timeout (ErrorCode::Timeout) or a listener error.
    void failed(const portico::Error &error);

private:
    void acceptConnection();
    void readRequest(QTcpSocket *socket);
    // Writes a complete response (Connection: close) and closes the connection once it is sent.
    void respond(QTcpSocket *socket, int status, QByteArrayView reason, const QByteArray &body);
    // Ends a connection at once (timeout, one shot over, close()).
    void drop(QTcpSocket *socket);
    // Ends the listener for good: no more connections, open ones dropped, the timeout stopped.
    void finish();

    QTcpServer *m_server = nullptr;
    QTimer *m_timeout = nullptr;
    bool m_done = false;
    quint16 m_port = 0;
    QByteArray m_expectedState;
    // The request head read so far, per open connection (at most kMaxHeadBytes each).
    QHash<QTcpSocket *, QByteArray> m_heads;
};

} // namespace portico
