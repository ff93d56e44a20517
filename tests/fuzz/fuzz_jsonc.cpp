// Fuzz target: JSONC (comments, trailing commas, BOM), the dialect of VS Code's and Zed's settings files.
#include "config/jsonc.h"
#include "fuzzsupport.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArrayView input = portico::fuzzing::bytesOf(data, size);
    const auto strict = portico::jsonc::toStrictJson(input);
    // toStrictJson keeps every offset: the result is exactly as long as the input.
    if (strict.ok() && strict.value().size() != input.size())
        __builtin_trap();
    (void)portico::jsonc::parseObject(input, portico::jsonc::Dialect::Tolerant);
    (void)portico::jsonc::parseObject(input, portico::jsonc::Dialect::Strict);
    return 0;
}
