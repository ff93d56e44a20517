#pragma once

#include <QElapsedTimer>

#include <chrono>

namespace portico {

// How long an SSE stream waits before it reconnects (MCP 2025-11-25 transports, "Resumability and Redelivery";
// WHATWG HTML "Server-sent events", the `retry` field; requirements TRANSPORT-27, SEC-12, SEC-15). The server's
// `retry` value is a floor, never permission to spin: each reconnection in a row waits twice as long as the one
// before (from kFirstDelay up to kMaxDelay), or the server's value when that is longer. A connection that delivered
// a message does not reset that; only one that stayed up kStableConnection does. A server that closes every stream
// right after one event would otherwise make Portico reconnect as fast as it can answer; with the reset tied to
// time, reconnecting is at most once per kStableConnection even then.
class ReconnectBackoff
{
public:
    static constexpr std::chrono::milliseconds kFirstDelay{500};
    static constexpr std::chrono::milliseconds kMaxDelay{30'000};
    static constexpr std::chrono::milliseconds kStableConnection{10'000};

    // The stream is up (its response headers arrived): its time starts.
    void connected();
    // The stream ended: the delay before the next connection, at least `floor` (the server's `retry`, else the
    // caller's default). Counts one more reconnection in a row, unless the stream stayed up long enough to start over.
    [[nodiscard]] std::chrono::milliseconds nextDelay(std::chrono::milliseconds floor);
    // Reconnections in a row since the last stable connection (or the start).
    [[nodiscard]] int attempts() const { return m_attempts; }

private:
    QElapsedTimer m_up;
    int m_attempts = 0;
};

} // namespace portico
