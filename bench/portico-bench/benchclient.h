#pragma once

#include "common/result.h"

#include <QObject>
#include <QUrl>

#include <functional>
#include <memory>

namespace portico {
class HttpClient;
class McpSession;
} // namespace portico

namespace portico::bench {

class BenchTransport;

// One MCP client as the app builds one for a server it knows speaks 2025 Streamable HTTP: its own HttpClient
// (its own QNetworkAccessManager and connections), the app's transport and McpSession (no shortcut path).
class BenchClient : public QObject
{
    Q_OBJECT

public:
    explicit BenchClient(const QUrl &url, QObject *parent = nullptr);
    ~BenchClient() override;

    // initialize → result → notifications/initialized accepted; `done` runs once, later.
    void connectToServer(std::function<void(Result<void>)> done);
    void close();

    [[nodiscard]] McpSession *session() const { return m_session.get(); }

private:
    void finishConnect();

    std::unique_ptr<HttpClient> m_http;
    std::unique_ptr<BenchTransport> m_transport;
    std::unique_ptr<McpSession> m_session;
    std::function<void(Result<void>)> m_connectDone;
    std::optional<Error> m_connectError;
    bool m_started = false;
    bool m_initializedSent = false;
};

} // namespace portico::bench
