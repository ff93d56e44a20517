#pragma once

#include "common/result.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

#include <functional>
#include <optional>

namespace portico {

// One dispatched server-sent event (WHATWG HTML §9.2.6 "dispatch the event").
struct SseEvent
{
    QByteArray type = "message"; // the `event` field, "message" when none was given
    QByteArray data;             // the `data` lines joined by LF, without the final LF
    QByteArray lastEventId;      // the stream's last event ID at dispatch (what Last-Event-ID resumes from)
};

// Incremental parser for text/event-stream, following every WHATWG rule: a leading UTF-8 BOM is skipped;
// lines end with CRLF, LF or CR (a CR at the end of one chunk and an LF at the start of the next are one
// line end); lines starting with ':' are comments; "field: value" loses one leading space of the value;
// `data` appends, `event` sets the type, `id` sets the last event ID unless it contains NUL, `retry` takes
// ASCII digits only; an empty line dispatches, but an event whose data buffer is empty is not dispatched
// (its id still counts: MCP servers send such "priming" events for resumption). Unknown fields are ignored.
//
// Bytes are scanned once (no re-scanning of buffered input), and one event may not grow beyond
// maxEventBytes (checklist B7, C13): past that, feed() fails with ErrorCode::MalformedResponse and the
// parser stays failed until reset().
class SseParser
{
public:
    using EventHandler = std::function<void(SseEvent &&event)>;

    explicit SseParser(qsizetype maxEventBytes = 8 * 1024 * 1024);

    // Parses the next bytes of the stream; calls `onEvent` for each event completed by them, in order.
    Result<void> feed(QByteArrayView bytes, const EventHandler &onEvent);

    // The last event ID seen so far (survives dispatches; what to send as Last-Event-ID on reconnect).
    [[nodiscard]] const QByteArray &lastEventId() const;
    // The reconnection time the server asked for with `retry`, if it did.
    [[nodiscard]] std::optional<int> retryMilliseconds() const;
    [[nodiscard]] bool hasFailed() const;
    // Forgets everything except lastEventId() and retryMilliseconds() (a new connection of the same stream).
    void reset();

private:
    // Implementation state: add what the implementation needs.
};

} // namespace portico
