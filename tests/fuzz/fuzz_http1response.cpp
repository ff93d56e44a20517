// Fuzz target: Http1ResponseParser (RFC 9112) on a response an MCP server sends, fed in pieces whose sizes
// the input's first byte chooses, then the end of the connection.
#include "fuzzsupport.h"
#include "net/http1responseparser.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    const qsizetype piece = 1 + data[0] % 64;
    const bool head = data[0] & 0x80;
    const QByteArrayView input = portico::fuzzing::bytesOf(data + 1, size - 1);
    portico::Http1ResponseParser parser;
    parser.reset(head);
    for (qsizetype at = 0; at < input.size(); at += piece) {
        parser.append(input.sliced(at, std::min(piece, input.size() - at)));
        for (;;) {
            const auto event = parser.next();
            using Kind = portico::Http1ResponseParser::Event::Kind;
            if (event.kind == Kind::NeedMore)
                break;
            if (event.kind == Kind::Failed || event.kind == Kind::Complete)
                return 0;
        }
    }
    parser.endOfInput();
    for (int i = 0; i < 1024; ++i) {
        const auto event = parser.next();
        using Kind = portico::Http1ResponseParser::Event::Kind;
        if (event.kind == Kind::NeedMore || event.kind == Kind::Failed || event.kind == Kind::Complete)
            break;
    }
    return 0;
}
