#pragma once

#include "mcp/transport.h"
#include "peerprocess.h"

#include <QString>
#include <QUrl>

namespace portico::testing {

// The MCP reference server (@modelcontextprotocol/server-everything, pinned in tests/peers) as a test's
// peer: started in one of its HTTP modes on a loopback port, stopped when destroyed. Its modes are the
// protocol eras it speaks:
//   StreamableHttp2025  `streamableHttp`, endpoint /mcp (initialize, Mcp-Session-Id, GET stream);
//   HttpSse2024         `sse`, event stream at /sse, which names the endpoint for POSTs.
// It has no 2026 (stateless) mode.
class EverythingServer
{
public:
    EverythingServer() = default;
    EverythingServer(const EverythingServer &) = delete;
    EverythingServer &operator=(const EverythingServer &) = delete;

    // Starts the server speaking `era` on `port` (0: a free loopback port) and waits until it accepts
    // connections. Returns an error text, empty on success. A stopped server may be started again, on the
    // same port to play a server that restarts.
    QString start(ProtocolEra era = ProtocolEra::StreamableHttp2025, quint16 port = 0);
    void stop();

    [[nodiscard]] ProtocolEra era() const { return m_era; }
    [[nodiscard]] quint16 port() const { return m_process.port(); }
    // The URL a client connects to: http://127.0.0.1:<port>/mcp, or /sse for HttpSse2024.
    [[nodiscard]] QUrl endpoint() const;

private:
    PeerProcess m_process;
    ProtocolEra m_era = ProtocolEra::StreamableHttp2025;
};

} // namespace portico::testing
