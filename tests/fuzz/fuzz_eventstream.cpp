// Fuzz target: a text/event-stream body (SseParser through MessageReader, WHATWG SSE rules) in pieces
// whose size the first byte chooses, and each event's data read as JSON-RPC.
#include "fuzzsupport.h"
#include "mcp/messagereader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    const qsizetype piece = 1 + data[0] % 97;
    const QByteArrayView input = portico::fuzzing::bytesOf(data + 1, size - 1);
    portico::MessageReader reader(portico::MessageReader::Format::EventStream, 64 * 1024);
    const auto ignore = [](const QJsonObject &) {};
    for (qsizetype at = 0; at < input.size(); at += piece) {
        if (!reader.feed(input.sliced(at, std::min(piece, input.size() - at)), ignore).ok())
            return 0;
    }
    (void)reader.finish(ignore);
    (void)reader.lastEventId();
    (void)reader.retryMilliseconds();
    return 0;
}
