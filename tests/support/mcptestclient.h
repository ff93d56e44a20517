#pragma once

#include "mcp/mcpsession.h"
#include "mcp/transport.h"
#include "net/httpclient.h"

#include <QUrl>

#include <functional>
#include <memory>

namespace portico::testing {

// One MCP client of a test: its own HttpClient, the transport of one protocol era, and an McpSession on
// it, without ServerConnection's era detection, authorization or reconnection. The members are destroyed
// session first, then transport, then HttpClient: each uses the one declared before it.
struct McpTestClient
{
    std::unique_ptr<HttpClient> http = std::make_unique<HttpClient>();
    std::unique_ptr<Transport> transport;
    std::unique_ptr<McpSession> session;

    // A client of `endpoint` speaking `era`, its session started (McpSession::start). `prepare`, when
    // given, sees the session before it starts (an elicitation handler, request limits). Null, with a
    // warning saying why, when the session did not start within `timeoutMs`.
    static std::unique_ptr<McpTestClient> connect(const QUrl &endpoint, ProtocolEra era,
                                                  const std::function<void(McpSession &)> &prepare = {},
                                                  int timeoutMs = 30'000);
};

} // namespace portico::testing
