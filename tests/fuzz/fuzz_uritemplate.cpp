// Fuzz target: a resource template a server lists (RFC 6570), parsed and expanded with a string, a list
// and an associative array for every variable name it holds.
#include "fuzzsupport.h"
#include "mcp/uritemplate.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QString text = QString::fromUtf8(portico::fuzzing::bytesOf(data, size));
    const portico::UriTemplate uriTemplate(text);
    if (!uriTemplate.isValid())
        return 0;
    portico::UriTemplate::Values strings;
    portico::UriTemplate::Values lists;
    portico::UriTemplate::Values pairs;
    for (const QString &name : uriTemplate.variableNames()) {
        strings.insert(name, QStringLiteral("a/b?c=d&e#f%g h\u00e9\U0001F600"));
        lists.insert(name, QStringList{QStringLiteral("x,y"), QString(), QStringLiteral("/z")});
        pairs.insert(name, portico::UriTemplate::Pairs{{QStringLiteral("k=1"), QStringLiteral("v&2")}});
    }
    (void)uriTemplate.expand({});
    (void)uriTemplate.expand(strings);
    (void)uriTemplate.expand(lists);
    (void)uriTemplate.expand(pairs);
    return 0;
}
