#include "net/http1responseparser.h"

namespace portico {

namespace {

bool equalsIgnoringCase(QByteArrayView a, QByteArrayView b)
{
    return a.compare(b, Qt::CaseInsensitive) == 0;
}

// Calls `visit` with each trimmed item of a comma-separated list value (RFC 9110 §5.6.1), without copying.
template<typename Visit>
void forEachListItem(QByteArrayView value, Visit visit)
{
    while (true) {
        const qsizetype comma = value.indexOf(',');
        visit((comma < 0 ? value : value.first(comma)).trimmed());
        if (comma < 0)
            return;
        value = value.sliced(comma + 1);
    }
}

// True when the comma-separated list value holds `token`, any case.
bool listContains(QByteArrayView value, QByteArrayView token)
{
    bool found = false;
    forEachListItem(value, [&](QByteArrayView item) { found = found || equalsIgnoringCase(item, token); });
    return found;
}

constexpr qsizetype kMaxChunkLineBytes = 4096;

} // namespace

void Http1ResponseParser::reset(bool responseToHead)
{
    compact();
    m_state = State::Head;
    m_scanFrom = m_offset;
    m_remaining = 0;
    m_received = 0;
    m_responseToHead = responseToHead;
    m_keepAlive = true;
    m_ended = false;
}

void Http1ResponseParser::append(QByteArrayView bytes)
{
    m_received += bytes.size();
    if (m_offset == m_buffer.size()) {
        // The common case: everything before was consumed, so start over without moving bytes.
        m_buffer.clear();
        m_offset = 0;
        m_scanFrom = 0;
    }
    m_buffer.append(bytes);
}

void Http1ResponseParser::endOfInput()
{
    m_ended = true;
}

qsizetype Http1ResponseParser::lineEnd(qsizetype maxLength) const
{
    const qsizetype newline = m_buffer.indexOf('\n', m_offset);
    if (newline < 0)
        return m_buffer.size() - m_offset > maxLength ? -2 : -1;
    if (newline - m_offset > maxLength)
        return -2;
    return newline + 1;
}

Http1ResponseParser::Event Http1ResponseParser::next()
{
    for (;;) {
        const qsizetype available = m_buffer.size() - m_offset;
        switch (m_state) {
        case State::Head: {
            // RFC 9112 §2.2: the head ends with an empty line; a bare LF is accepted as a line ending.
            qsizetype end = -1;
            for (qsizetype i = m_buffer.indexOf('\n', qMax(m_scanFrom, m_offset)); i >= 0;
                 i = m_buffer.indexOf('\n', i + 1)) {
                if (i + 1 < m_buffer.size() && m_buffer.at(i + 1) == '\n') {
                    end = i + 2;
                    break;
                }
                if (i + 2 < m_buffer.size() && m_buffer.at(i + 1) == '\r' && m_buffer.at(i + 2) == '\n') {
                    end = i + 3;
                    break;
                }
            }
            if (end < 0) {
                if (available > kMaxHeadBytes)
                    return fail(QStringLiteral("the response head is larger than %1 bytes").arg(kMaxHeadBytes));
                if (m_ended)
                    return fail(available == 0 ? QStringLiteral("the connection closed before a response")
                                               : QStringLiteral("the connection closed inside the response head"));
                // Resume where a terminator could still start: the last two bytes may be "\n\r".
                m_scanFrom = qMax(m_offset, m_buffer.size() - 2);
                return {};
            }
            if (end - m_offset > kMaxHeadBytes)
                return fail(QStringLiteral("the response head is larger than %1 bytes").arg(kMaxHeadBytes));
            Event head = parseHead(end);
            if (head.kind != Event::Kind::NeedMore)
                return head;
            continue; // an interim 1xx response was skipped
        }
        case State::FixedBody: {
            if (m_remaining == 0)
                return complete();
            if (available == 0) {
                if (m_ended)
                    return fail(
                        QStringLiteral("the connection closed %1 bytes before the end of the body").arg(m_remaining));
                return {};
            }
            const qsizetype take = qsizetype(qMin<qint64>(m_remaining, available));
            Event body(Event::Kind::Body);
            if (m_offset == 0 && take == m_buffer.size())
                body.body = std::exchange(m_buffer, QByteArray()); // the whole buffer: no copy
            else
                body.body = m_buffer.mid(m_offset, take);
            m_offset = m_buffer.isEmpty() ? 0 : m_offset + take;
            m_remaining -= take;
            return body;
        }
        case State::ChunkSize: {
            // RFC 9112 §7.1: chunk-size [ chunk-ext ] CRLF.
            const qsizetype end = lineEnd(kMaxChunkLineBytes);
            if (end == -2)
                return fail(QStringLiteral("a chunk-size line is too long"));
            if (end < 0) {
                if (m_ended)
                    return fail(QStringLiteral("the connection closed inside the chunked body"));
                return {};
            }
            QByteArrayView line(m_buffer.constData() + m_offset, end - m_offset);
            m_offset = end;
            line = line.trimmed();
            if (const qsizetype semicolon = line.indexOf(';'); semicolon >= 0)
                line = line.first(semicolon).trimmed(); // extensions are ignored (§7.1.1)
            if (line.isEmpty() || line.size() > 15)
                return fail(QStringLiteral("a chunk size is missing or too large"));
            qint64 size = 0;
            for (const char c : line) {
                int digit = -1;
                if (c >= '0' && c <= '9')
                    digit = c - '0';
                else if (c >= 'a' && c <= 'f')
                    digit = c - 'a' + 10;
                else if (c >= 'A' && c <= 'F')
                    digit = c - 'A' + 10;
                if (digit < 0)
                    return fail(QStringLiteral("a chunk size is not hexadecimal"));
                size = size * 16 + digit;
            }
            m_remaining = size;
            m_state = size == 0 ? State::Trailers : State::ChunkData;
            continue;
        }
        case State::ChunkData: {
            if (m_remaining == 0) {
                m_state = State::ChunkDataEnd;
                continue;
            }
            if (available == 0) {
                if (m_ended)
                    return fail(QStringLiteral("the connection closed inside a chunk"));
                return {};
            }
            const qsizetype take = qsizetype(qMin<qint64>(m_remaining, available));
            Event body(Event::Kind::Body);
            body.body = m_buffer.mid(m_offset, take);
            m_offset += take;
            m_remaining -= take;
            return body;
        }
        case State::ChunkDataEnd: {
            const qsizetype end = lineEnd(2);
            if (end == -2
                || (end > 0 && QByteArrayView(m_buffer.constData() + m_offset, end - m_offset).trimmed().size()))
                return fail(QStringLiteral("a chunk is longer than its size"));
            if (end < 0) {
                if (m_ended)
                    return fail(QStringLiteral("the connection closed inside the chunked body"));
                return {};
            }
            m_offset = end;
            m_state = State::ChunkSize;
            continue;
        }
        case State::Trailers: {
            // §7.1.2: trailer fields are read and dropped; an empty line ends the message.
            const qsizetype end = lineEnd(kMaxHeadBytes);
            if (end == -2)
                return fail(QStringLiteral("a trailer field is too long"));
            if (end < 0) {
                if (m_ended)
                    return fail(QStringLiteral("the connection closed inside the trailer section"));
                return {};
            }
            const bool empty = QByteArrayView(m_buffer.constData() + m_offset, end - m_offset).trimmed().isEmpty();
            m_offset = end;
            if (empty)
                return complete();
            continue;
        }
        case State::UntilClose: {
            if (available > 0) {
                Event body(Event::Kind::Body);
                body.body = m_buffer.mid(m_offset);
                m_offset = m_buffer.size();
                return body;
            }
            if (m_ended)
                return complete();
            return {};
        }
        case State::Done:
        case State::Failed:
            return {};
        }
    }
}

Http1ResponseParser::Event Http1ResponseParser::parseHead(qsizetype headEnd)
{
    const QByteArrayView head(m_buffer.constData() + m_offset, headEnd - m_offset);
    m_offset = headEnd;
    m_scanFrom = headEnd;

    qsizetype lineStart = 0;
    auto nextLine = [&]() -> QByteArrayView {
        const qsizetype newline = head.indexOf('\n', lineStart);
        QByteArrayView line = head.sliced(lineStart, newline - lineStart);
        lineStart = newline + 1;
        if (line.endsWith('\r'))
            line.chop(1);
        return line;
    };

    // RFC 9112 §4: status-line = HTTP-version SP status-code SP [ reason-phrase ].
    const QByteArrayView statusLine = nextLine();
    if (statusLine.size() < 12 || !statusLine.startsWith("HTTP/1.") || statusLine.at(8) != ' '
        || (statusLine.size() > 12 && statusLine.at(12) != ' '))
        return fail(QStringLiteral("the status line is not HTTP/1.x"));
    const bool http10 = statusLine.at(7) == '0';
    int status = 0;
    for (const char c : statusLine.sliced(9, 3)) {
        if (c < '0' || c > '9')
            return fail(QStringLiteral("the status code is not three digits"));
        status = status * 10 + (c - '0');
    }
    if (status < 100)
        return fail(QStringLiteral("the status code %1 is out of range").arg(status));

    HttpHeaders headers;
    for (;;) {
        const QByteArrayView line = nextLine();
        if (line.isEmpty())
            break;
        if (line.front() == ' ' || line.front() == '\t') {
            // §5.2: obsolete line folding; a user agent replaces it with a space.
            if (headers.isEmpty())
                return fail(QStringLiteral("the header section starts with a folded line"));
            headers.last().second += ' ' + line.trimmed().toByteArray();
            continue;
        }
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0)
            return fail(QStringLiteral("a header line has no field name"));
        const QByteArrayView name = line.first(colon);
        if (!isHttpToken(name)) // also refuses whitespace before the colon (§5.1)
            return fail(QStringLiteral("a header field name is not a token"));
        headers.append({name.toByteArray(), line.sliced(colon + 1).trimmed().toByteArray()});
    }

    // RFC 9110 §15.2: a 1xx is interim; the final response follows (101 is never asked for).
    if (status < 200) {
        if (status == 101)
            return fail(QStringLiteral("the server switched protocols without being asked"));
        return {};
    }

    bool chunked = false;
    bool transferEncoded = false;
    std::optional<qint64> contentLength;
    m_keepAlive = !http10;
    for (const auto &[name, value] : std::as_const(headers)) {
        if (equalsIgnoringCase(name, "connection")) {
            if (listContains(value, "close"))
                m_keepAlive = false;
            else if (http10 && listContains(value, "keep-alive"))
                m_keepAlive = true;
        } else if (equalsIgnoringCase(name, "transfer-encoding")) {
            transferEncoded = true;
            // §6.1: chunked must be the final coding; any other ending means "read until close".
            QByteArrayView lastCoding;
            forEachListItem(value, [&](QByteArrayView coding) { lastCoding = coding; });
            chunked = equalsIgnoringCase(lastCoding, "chunked");
        } else if (equalsIgnoringCase(name, "content-length")) {
            // §6.3 rule 5: a list of identical values is one value; differing or invalid ones are fatal.
            bool valid = true;
            forEachListItem(value, [&](QByteArrayView digits) {
                bool ok = !digits.isEmpty() && digits.size() <= 18;
                for (const char c : digits)
                    ok = ok && c >= '0' && c <= '9';
                const qint64 length = ok ? digits.toLongLong() : -1;
                if (!ok || (contentLength && *contentLength != length))
                    valid = false;
                else
                    contentLength = length;
            });
            if (!valid)
                return fail(QStringLiteral("the Content-Length is not one number"));
        }
    }

    Event event(Event::Kind::Head);
    event.status = status;
    event.headers = std::move(headers);

    // §6.3: how the body ends, in the rules' order.
    if (m_responseToHead || status == 204 || status == 304) {
        m_remaining = 0;
        m_state = State::FixedBody;
    } else if (transferEncoded) {
        // §6.3 rule 3: Transfer-Encoding overrides Content-Length, and such a message ends the connection
        // (§6.1: it may be an attempt at request smuggling).
        if (contentLength)
            m_keepAlive = false;
        if (chunked) {
            m_state = State::ChunkSize;
        } else {
            m_keepAlive = false;
            m_state = State::UntilClose;
        }
    } else if (contentLength) {
        m_remaining = *contentLength;
        m_state = State::FixedBody;
    } else {
        m_keepAlive = false; // rule 8: the body ends when the server closes the connection
        m_state = State::UntilClose;
    }
    return event;
}

Http1ResponseParser::Event Http1ResponseParser::fail(QString error)
{
    m_state = State::Failed;
    m_keepAlive = false;
    Event event(Event::Kind::Failed);
    event.error = std::move(error);
    return event;
}

Http1ResponseParser::Event Http1ResponseParser::complete()
{
    m_state = State::Done;
    // Bytes after the end of a response nobody asked for (no pipelining) mean the framing is not what both
    // sides think: never reuse such a connection.
    if (m_offset < m_buffer.size())
        m_keepAlive = false;
    compact();
    return Event(Event::Kind::Complete);
}

void Http1ResponseParser::compact()
{
    if (m_offset >= m_buffer.size()) {
        m_buffer.clear();
        m_offset = 0;
    } else if (m_offset > 0) {
        m_buffer.remove(0, m_offset);
        m_offset = 0;
    }
    m_scanFrom = 0;
}

} // namespace portico
