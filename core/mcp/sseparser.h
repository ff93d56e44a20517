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
// (its id still counts). Unknown fields are ignored. A final event without its terminating empty line is
// never dispatched (§9.2.6: "any pending data must be discarded").
//
// MCP "priming" events (`id: 42\ndata: \n\n`, sent so that a client can resume): the `data` line makes
// the data buffer non-empty (one LF), so by §9.2.6 such an event IS dispatched, with empty data; callers
// skip events with empty data. Only an event without any `data` line (`id: 42\n\n`) is swallowed here.
// Either way lastEventId() becomes "42".
//
// The parser works on bytes and does not decode UTF-8 (line ends, ':' and ' ' are ASCII and never occur
// inside a UTF-8 sequence): data and ids come out exactly as sent, and the caller decodes them.
//
// Bytes are scanned once (no re-scanning of buffered input), and one event may not grow beyond
// maxEventBytes (requirements TRANSPORT-7, SEC-12): past that, feed() fails with ErrorCode::MalformedResponse and the
// parser stays failed until reset(). What counts is what the parser must hold for the current event: its
// data (as it will be dispatched), its type, and the part of an `event`/`id`/`retry` line read so far.
// Comments and unknown fields are skipped without being held, so they never count.
class SseParser
{
public:
    using EventHandler = std::function<void(SseEvent &&event)>;

    explicit SseParser(qsizetype maxEventBytes = 8 * 1024 * 1024);

    // Parses the next bytes of the stream; calls `onEvent` for each event completed by them, in order.
    // Events completed before a failure in the same call have been delivered. `onEvent` must not call
    // feed() or reset() on this parser, nor destroy it.
    Result<void> feed(QByteArrayView bytes, const EventHandler &onEvent);

    // The last event ID seen so far (survives dispatches; what to send as Last-Event-ID on reconnect).
    // Like the EventSource's "last event ID string", it takes the `id` field's value when the event's
    // terminating empty line arrives, whether or not the event is dispatched.
    [[nodiscard]] const QByteArray &lastEventId() const;
    // The reconnection time the server asked for with `retry`, if it did (saturated at INT_MAX).
    [[nodiscard]] std::optional<int> retryMilliseconds() const;
    [[nodiscard]] bool hasFailed() const;
    // Forgets everything except lastEventId() and retryMilliseconds() (a new connection of the same stream).
    // The new stream starts with lastEventId() in its last event ID buffer, so its events without an `id`
    // carry the ID the connection resumed from (as browsers do when an EventSource reconnects).
    void reset();

private:
    // Where the scanner stands inside the current line (kept across feed() calls).
    enum class LineState : quint8 {
        LineStart,  // nothing of the current line seen yet
        Comment,    // after a leading ':': skip to the line end
        FieldName,  // reading the field name, up to ':' or the line end
        ValueStart, // just after ':': one optional space may follow
        Value,      // reading the value, up to the line end
    };
    enum class Field : quint8 {
        Unknown,
        Data,
        Event,
        Id,
        Retry,
    };
    // The longest field name that means something ("event", "retry"); longer names are unknown.
    static constexpr int MaxKnownFieldName = 5;

    bool parse(const char *begin, const char *end, const EventHandler &onEvent);
    void resolveField();
    bool beginValue();
    void processValue(QByteArrayView value);
    void dispatch(const EventHandler &onEvent);
    bool admit(qsizetype moreBytes);
    void fail();

    qsizetype m_maxEventBytes;
    // The §9.2.6 buffers. m_data is the data buffer *without* the LF that ends its last line: the LF that
    // §9.2.6 appends after every data line and removes at dispatch is only written once another data line
    // follows, and m_hasData says whether the buffer would be non-empty.
    QByteArray m_data;
    QByteArray m_eventType;
    QByteArray m_idBuffer;    // the "last event ID buffer": set by `id`
    QByteArray m_lastEventId; // the "last event ID string": copied from the buffer at each empty line
    QByteArray m_value;       // the value of an event/id/retry line that spans feed() calls
    std::optional<int> m_retry;
    std::optional<Error> m_error;
    char m_fieldName[MaxKnownFieldName] = {};
    qint8 m_fieldNameLength = 0; // MaxKnownFieldName + 1 once the name is too long to be a known one
    LineState m_state = LineState::LineStart;
    Field m_field = Field::Unknown;
    bool m_hasData = false;
    bool m_skipLf = false;     // the previous line ended with CR: an LF next belongs to that line end
    quint8 m_bomMatched = 0;   // bytes of a leading UTF-8 BOM matched so far
    bool m_bomChecked = false; // the stream start has been looked at (§9.2.6: one leading BOM only)
};

} // namespace portico
