// Fuzz target: the stdio bridge reading newline-delimited JSON-RPC from the app (core/bridge/jsonlinereader),
// fed in chunks of varying size so that lines split across reads are covered too.
#include "bridge/jsonlinereader.h"
#include "fuzzsupport.h"

#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    portico::fuzzing::ensureApplication();
    if (size == 0)
        return 0;
    // The first byte picks the chunk size; a small line limit makes the over-long path reachable.
    const qsizetype chunk = qsizetype(data[0] % 64) + 1;
    const QByteArrayView input = portico::fuzzing::bytesOf(data + 1, size - 1);
    portico::JsonLineReader reader(4096);
    for (qsizetype offset = 0; offset < input.size(); offset += chunk) {
        for (const portico::JsonLineReader::Line &line :
             reader.append(input.sliced(offset, std::min(chunk, input.size() - offset)))) {
            // Every line is either a message or an error, never both, never neither.
            if ((line.errorCode == 0) == line.message.isEmpty())
                std::abort();
        }
    }
    (void)portico::JsonLineReader::parseLine(input);
    return 0;
}
