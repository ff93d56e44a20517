#include "mcptestclient.h"

#include "awaitresult.h"
#include "mcp/httpssetransport.h"
#include "mcp/statelesshttptransport.h"
#include "mcp/streamablehttptransport.h"

namespace portico::testing {

std::unique_ptr<McpTestClient> McpTestClient::connect(const QUrl &endpoint, ProtocolEra era,
                                                      const std::function<void(McpSession &)> &prepare, int timeoutMs)
{
    auto client = std::make_unique<McpTestClient>();
    switch (era) {
    case ProtocolEra::Stateless2026:
        client->transport = std::make_unique<StatelessHttpTransport>(client->http.get(), endpoint);
        break;
    case ProtocolEra::StreamableHttp2025:
        client->transport = std::make_unique<StreamableHttpTransport>(client->http.get(), endpoint);
        break;
    case ProtocolEra::HttpSse2024:
        client->transport = std::make_unique<HttpSseTransport>(client->http.get(), endpoint);
        break;
    }
    client->session = std::make_unique<McpSession>(client->transport.get());
    if (prepare)
        prepare(*client->session);
    const auto started =
        await<void>([&client](QObject *context, auto done) { client->session->start(context, done); }, timeoutMs);
    if (!started || !started->ok()) {
        qWarning("MCP session with %s did not start: %s", qPrintable(endpoint.toString()),
                 describe(started).constData());
        return nullptr;
    }
    return client;
}

} // namespace portico::testing
