// Fuzz target: reading JSON-RPC messages from a server's JSON body (one message or a batch).
#include "fuzzsupport.h"
#include "mcp/messagereader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    portico::fuzzing::ensureApplication();
    const QByteArray text = portico::fuzzing::bytesOf(data, size).toByteArray();
    (void)portico::MessageReader::parseMessages(text, [](const QJsonObject &) {});
    portico::MessageReader reader(portico::MessageReader::Format::Json, 1024 * 1024);
    (void)reader.feed(text, [](const QJsonObject &) {});
    (void)reader.finish([](const QJsonObject &) {});
    return 0;
}
