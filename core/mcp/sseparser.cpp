#include "mcp/sseparser.h"

#include <algorithm>
#include <climits>
#include <cstring>
#include <utility>

// References below are to WHATWG HTML §9.2.6 "Interpreting an event stream" (the event stream format is
// §9.2.5). The parser is a small state machine over bytes: everything except field names (at most a few
// bytes per line) is found with memchr and copied in bulk, so a byte is looked at a constant number of
// times however the stream is cut into chunks.

namespace portico {

namespace {

constexpr int BomSize = 3;
constexpr char Bom[BomSize] = {'\xEF', '\xBB', '\xBF'};

// The default type of a dispatched event, shared rather than allocated per event.
const QByteArray &messageType()
{
    static const QByteArray type = QByteArrayLiteral("message");
    return type;
}

// Finds the next CR or LF in one chunk. It remembers where the next CR and the next LF are, so each is
// searched for once per occurrence: a chunk holding only LF line ends costs one memchr for CR in total,
// not one per line.
class LineEndFinder
{
public:
    LineEndFinder(const char *begin, const char *end)
        : m_begin(begin)
        , m_size(end - begin)
    {}

    // The first CR or LF at or after `from`, or the chunk end.
    const char *find(const char *from)
    {
        const qsizetype offset = from - m_begin;
        if (m_nextCr < offset)
            m_nextCr = search(offset, '\r');
        if (m_nextLf < offset)
            m_nextLf = search(offset, '\n');
        return m_begin + std::min(m_nextCr, m_nextLf);
    }

private:
    qsizetype search(qsizetype offset, char c) const
    {
        const void *hit = std::memchr(m_begin + offset, c, static_cast<size_t>(m_size - offset));
        return hit ? static_cast<const char *>(hit) - m_begin : m_size;
    }

    const char *m_begin;
    qsizetype m_size;
    qsizetype m_nextCr = -1; // -1: not searched yet; m_size: none left in the chunk
    qsizetype m_nextLf = -1;
};

bool isLineEnd(char c)
{
    return c == '\n' || c == '\r';
}

} // namespace

SseParser::SseParser(qsizetype maxEventBytes)
    : m_maxEventBytes(maxEventBytes)
{}

Result<void> SseParser::feed(QByteArrayView bytes, const EventHandler &onEvent)
{
    if (m_error)
        return *m_error;
    const char *begin = bytes.data();
    const char *end = begin + bytes.size();

    // §9.2.6: "One leading U+FEFF BYTE ORDER MARK character must be ignored if any are present" (the
    // UTF-8 decode step strips exactly one). It may arrive split over chunks, so match it byte by byte; if
    // the stream turns out not to start with a whole BOM, the bytes matched so far are ordinary content.
    if (!m_bomChecked) {
        while (begin < end && m_bomMatched < BomSize && *begin == Bom[m_bomMatched]) {
            ++m_bomMatched;
            ++begin;
        }
        if (m_bomMatched == BomSize) {
            m_bomChecked = true;
        } else if (begin == end) {
            return Result<void>::success(); // a BOM prefix so far: wait for the next bytes
        } else {
            m_bomChecked = true;
            if (!parse(Bom, Bom + m_bomMatched, onEvent))
                return *m_error;
        }
    }

    if (!parse(begin, end, onEvent))
        return *m_error;
    return Result<void>::success();
}

const QByteArray &SseParser::lastEventId() const
{
    return m_lastEventId;
}

std::optional<int> SseParser::retryMilliseconds() const
{
    return m_retry;
}

bool SseParser::hasFailed() const
{
    return m_error.has_value();
}

void SseParser::reset()
{
    m_data = QByteArray();
    m_eventType = QByteArray();
    m_value = QByteArray();
    m_idBuffer = m_lastEventId;
    m_error.reset();
    m_fieldNameLength = 0;
    m_state = LineState::LineStart;
    m_field = Field::Unknown;
    m_hasData = false;
    m_skipLf = false;
    // A new connection is a new stream, decoded afresh: its first bytes may carry a BOM again.
    m_bomMatched = 0;
    m_bomChecked = false;
}

bool SseParser::parse(const char *begin, const char *end, const EventHandler &onEvent)
{
    LineEndFinder lineEnds(begin, end);
    const char *p = begin;
    while (p < end) {
        // §9.2.6: a line ends with CRLF, LF or CR. After a CR, an LF (even at the start of the next
        // chunk) belongs to the same line end instead of ending an empty line.
        if (m_skipLf) {
            m_skipLf = false;
            if (*p == '\n') {
                ++p;
                continue;
            }
        }

        switch (m_state) {
        case LineState::LineStart:
            if (isLineEnd(*p)) {
                // §9.2.6: "If the line is empty (a blank line) → Dispatch the event".
                m_skipLf = *p == '\r';
                ++p;
                dispatch(onEvent);
                continue;
            }
            if (*p == ':') {
                // §9.2.6: "If the line starts with a U+003A COLON character (:) → Ignore the line."
                m_state = LineState::Comment;
                ++p;
                continue;
            }
            m_state = LineState::FieldName;
            m_fieldNameLength = 0;
            continue;

        case LineState::Comment: {
            const char *lineEnd = lineEnds.find(p);
            if (lineEnd == end)
                return true;
            m_skipLf = *lineEnd == '\r';
            m_state = LineState::LineStart;
            p = lineEnd + 1;
            continue;
        }

        case LineState::FieldName:
            // Field names are short: byte by byte is cheaper here than two memchr calls.
            for (; p < end; ++p) {
                const char c = *p;
                if (c == ':') {
                    // §9.2.6: the field name is everything before the first colon.
                    ++p;
                    resolveField();
                    if (!beginValue())
                        return false;
                    m_state = LineState::ValueStart;
                    break;
                }
                if (isLineEnd(c)) {
                    // §9.2.6: "Otherwise, the string is not empty but does not contain a U+003A COLON
                    // character (:) → Process the field using the whole line as the field name, and the
                    // empty string as the field value."
                    m_skipLf = c == '\r';
                    ++p;
                    resolveField();
                    if (!beginValue())
                        return false;
                    processValue({});
                    m_state = LineState::LineStart;
                    break;
                }
                if (m_fieldNameLength < MaxKnownFieldName)
                    m_fieldName[m_fieldNameLength] = c;
                if (m_fieldNameLength <= MaxKnownFieldName)
                    ++m_fieldNameLength;
            }
            continue;

        case LineState::ValueStart:
            // §9.2.6: "If value starts with a U+0020 SPACE character, remove it from value." Only one.
            if (*p == ' ')
                ++p;
            m_state = LineState::Value;
            continue;

        case LineState::Value: {
            const char *lineEnd = lineEnds.find(p);
            const qsizetype length = lineEnd - p;
            if (lineEnd == end) {
                // The line goes on in the next chunk: keep what must be kept, skip the rest.
                if (m_field != Field::Unknown && !admit(length))
                    return false;
                if (m_field == Field::Data)
                    m_data.append(p, length);
                else if (m_field != Field::Unknown)
                    m_value.append(p, length);
                return true;
            }
            m_skipLf = *lineEnd == '\r';
            m_state = LineState::LineStart;
            if (m_field != Field::Unknown && !admit(length))
                return false;
            if (m_field == Field::Data) {
                m_data.append(p, length);
            } else if (m_field != Field::Unknown) {
                if (m_value.isEmpty()) {
                    // The whole value is in this chunk: use it in place, without buffering.
                    processValue(QByteArrayView(p, length));
                } else {
                    m_value.append(p, length);
                    processValue(m_value);
                    m_value.truncate(0);
                }
            }
            p = lineEnd + 1;
            continue;
        }
        }
    }
    return true;
}

void SseParser::resolveField()
{
    // §9.2.6 "process the field": names are compared exactly (case-sensitive), and any other name is
    // ignored ("Otherwise → The field is ignored."). This runs for every line, hence length first.
    const auto named = [this](QByteArrayView known) {
        return m_fieldNameLength == known.size()
               && std::memcmp(m_fieldName, known.data(), static_cast<size_t>(known.size())) == 0;
    };
    if (named("data"))
        m_field = Field::Data;
    else if (named("id"))
        m_field = Field::Id;
    else if (named("event"))
        m_field = Field::Event;
    else if (named("retry"))
        m_field = Field::Retry;
    else
        m_field = Field::Unknown;
}

bool SseParser::beginValue()
{
    if (m_field != Field::Data)
        return true;
    // §9.2.6 `data`: "Append the field value to the data buffer, then append a single U+000A LINE FEED
    // (LF) character to the data buffer." The LF of the previous data line is written now, because a line
    // follows it; the LF of the last line is the one dispatch removes, so it is never written.
    if (m_hasData) {
        if (!admit(1))
            return false;
        m_data.append('\n');
    }
    m_hasData = true;
    return true;
}

void SseParser::processValue(QByteArrayView value)
{
    switch (m_field) {
    case Field::Data:
    case Field::Unknown:
        break; // data was appended as it arrived; unknown fields are ignored
    case Field::Event:
        // §9.2.6 `event`: "Set the event type buffer to field value." ("message" is shared, not copied.)
        if (value == QByteArrayView(messageType()))
            m_eventType = messageType();
        else
            m_eventType = value.toByteArray();
        break;
    case Field::Id:
        // §9.2.6 `id`: "If the field value does not contain U+0000 NULL, then set the last event ID buffer
        // to the field value. Otherwise, ignore the field." An empty value clears the ID.
        if (value.isEmpty())
            m_idBuffer = QByteArray();
        else if (!value.contains('\0'))
            m_idBuffer = value.toByteArray();
        break;
    case Field::Retry: {
        // §9.2.6 `retry`: "If the field value consists of only ASCII digits, then interpret the field value
        // as an integer in base ten, and set the event stream's reconnection time to that integer.
        // Otherwise, ignore the field." An empty value holds no integer and is ignored too; a value beyond
        // int saturates (the server asked for a very long wait).
        if (value.isEmpty())
            break;
        qint64 milliseconds = 0;
        for (const char c : value) {
            if (c < '0' || c > '9')
                return;
            if (milliseconds <= INT_MAX)
                milliseconds = milliseconds * 10 + (c - '0');
        }
        m_retry = static_cast<int>(std::min<qint64>(milliseconds, INT_MAX));
        break;
    }
    }
}

void SseParser::dispatch(const EventHandler &onEvent)
{
    // §9.2.6 "dispatch the event", step 1: the last event ID string takes the buffer's value, whether or
    // not an event follows (this is how a data-less event updates Last-Event-ID). Once copied, both share
    // one allocation, so comparing data pointers skips the usual case of an unchanged ID.
    if (m_lastEventId.constData() != m_idBuffer.constData())
        m_lastEventId = m_idBuffer;
    // Step 2: "If the data buffer is an empty string, set the data buffer and the event type buffer to
    // the empty string and return."
    if (!m_hasData) {
        m_eventType = QByteArray();
        return;
    }
    // Steps 3-5: the final LF was never written (see beginValue); the type defaults to "message"; both
    // buffers are emptied. Moving the data out hands its allocation to the caller without a copy.
    SseEvent event{m_eventType.isEmpty() ? messageType() : std::exchange(m_eventType, QByteArray()),
                   std::exchange(m_data, QByteArray()), m_lastEventId};
    m_hasData = false;
    onEvent(std::move(event));
}

bool SseParser::admit(qsizetype moreBytes)
{
    // Requirements SEC-12: one event may hold at most m_maxEventBytes; a server that never ends its event (or
    // its line) must not make the client buffer without bound.
    if (m_data.size() + m_eventType.size() + m_value.size() + moreBytes <= m_maxEventBytes)
        return true;
    fail();
    return false;
}

void SseParser::fail()
{
    m_error.emplace(ErrorCode::MalformedResponse,
                    QStringLiteral("The server sent an event larger than the limit of %1 bytes.").arg(m_maxEventBytes),
                    QStringLiteral("text/event-stream: one event (data, type and the line being read) exceeded "
                                   "maxEventBytes = %1; the stream was abandoned")
                        .arg(m_maxEventBytes));
    // Nothing more will be parsed until reset(): release what the oversize event held.
    m_data = QByteArray();
    m_eventType = QByteArray();
    m_value = QByteArray();
    m_hasData = false;
}

} // namespace portico
