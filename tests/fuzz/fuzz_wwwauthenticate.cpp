// Fuzz target: WWW-Authenticate challenges (RFC 9110 §11.6.1, RFC 6750 §3, RFC 9728 §5.1), one field value
// per part.
#include "auth/wwwauthenticate.h"
#include "fuzzsupport.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArrayView input = portico::fuzzing::bytesOf(data, size);
    (void)portico::WwwAuthenticate::parse(input);
    (void)portico::WwwAuthenticate::parse(portico::fuzzing::splitInput(input, 4));
    return 0;
}
