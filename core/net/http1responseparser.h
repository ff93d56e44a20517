#pragma once

#include "net/httpmessage.h"

#include <QByteArray>
#include <QString>

namespace portico {

// An incremental parser of one HTTP/1.1 response (RFC 9112) as it arrives on a connection: bytes go in
// with append(), events come out of next() until it answers NeedMore. It skips interim 1xx responses
// (RFC 9112 §4 / RFC 9110 §15.2), frames the body by Content-Length, by chunked transfer coding (§7.1) or
// by the end of the connection (§6.3 rule 8), and says whether the connection may carry another request.
// Bytes are scanned once: a partial line or chunk header waits in the buffer and is never rescanned from
// the start of the response.
class Http1ResponseParser
{
public:
    struct Event
    {
        enum class Kind {
            NeedMore, // nothing complete in the buffer: append more bytes (or call endOfInput())
            Head,     // status and headers (final response only; 1xx are skipped)
            Body,     // the next bytes of the body, de-chunked
            Complete, // the response is over; keepAlive() tells whether the connection can be reused
            Failed,   // the response is malformed (error names the rule); the connection must be closed
        };
        Event() = default;
        explicit Event(Kind eventKind)
            : kind(eventKind)
        {}

        Kind kind = Kind::NeedMore;
        int status = 0;
        HttpHeaders headers;
        QByteArray body;
        QString error;
    };

    // The largest status line + header section accepted (RFC 9112 §2.3 lets a client bound it).
    static constexpr qsizetype kMaxHeadBytes = 64 * 1024;

    // Starts a new response. A HEAD request's response (RFC 9110 §9.3.2) never has a body.
    void reset(bool responseToHead);
    void append(QByteArrayView bytes);
    // The peer closed the connection: completes a body delimited by the close, fails anything cut short.
    void endOfInput();
    Event next();

    // Valid once Complete was returned: false for "Connection: close", HTTP/1.0 without keep-alive, or a
    // body delimited by the end of the connection.
    [[nodiscard]] bool keepAlive() const { return m_keepAlive; }
    // True while nothing of the response has been received (a reused connection closed by the server
    // before answering may be retried on a fresh one).
    [[nodiscard]] bool nothingReceived() const { return m_received == 0; }
    // True after endOfInput(): a failure then means the response was cut short, not malformed.
    [[nodiscard]] bool inputEnded() const { return m_ended; }

private:
    enum class State {
        Head,
        FixedBody,
        ChunkSize,
        ChunkData,
        ChunkDataEnd,
        Trailers,
        UntilClose,
        Done,
        Failed,
    };

    Event parseHead(qsizetype headEnd);
    Event fail(QString error);
    Event complete();
    // The index just past the next line ending (CRLF, or a bare LF as §2.2 lets recipients accept) at or
    // after m_offset, or -1 when no full line is buffered yet.
    [[nodiscard]] qsizetype lineEnd(qsizetype maxLength) const;
    void compact();

    State m_state = State::Head;
    QByteArray m_buffer;
    qsizetype m_offset = 0;   // first unconsumed byte of m_buffer
    qsizetype m_scanFrom = 0; // where the search for the end of the head resumes
    qint64 m_remaining = 0;   // bytes left in the fixed body or the current chunk
    qint64 m_received = 0;
    bool m_responseToHead = false;
    bool m_keepAlive = true;
    bool m_ended = false;
};

} // namespace portico
