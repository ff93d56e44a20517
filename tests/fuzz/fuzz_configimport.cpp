// Fuzz target: another app's configuration file, as Import reads it: format detection and every format's
// reader (Claude Desktop with mcp-remote arguments, VS Code with inputs, Cursor, Zed).
#include "config/configimport.h"
#include "fuzzsupport.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    portico::fuzzing::ensureApplication();
    const QByteArrayView input = portico::fuzzing::bytesOf(data, size);
    (void)portico::ConfigImport::preview(input, std::nullopt, {});
    for (const auto format : {portico::ConfigFormat::ClaudeDesktop, portico::ConfigFormat::VsCode,
                              portico::ConfigFormat::Cursor, portico::ConfigFormat::Zed})
        (void)portico::ConfigImport::preview(input, format, {});
    return 0;
}
