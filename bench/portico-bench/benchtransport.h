#pragma once

#include "mcp/streamablehttptransport.h"

namespace portico::bench {

// The app's Streamable HTTP transport, unchanged, plus one observation: when the server accepted
// notifications/initialized. The benchmark's connect mode (bench/README.md) times a connection up to that moment (the
// SDK's Client.connect() waits for it too), while McpSession reports the session ready as soon as the initialize result
// is in.
class BenchTransport : public StreamableHttpTransport
{
    Q_OBJECT

public:
    using StreamableHttpTransport::StreamableHttpTransport;

    void sendNotification(const QString &method, const QJsonObject &params,
                          std::function<void(Result<void>)> done = {}) override;

Q_SIGNALS:
    // The POST of notifications/initialized ended: accepted (2xx) or why not.
    void initializedSent(const portico::Result<void> &outcome);
};

} // namespace portico::bench
