// Fuzz target: an elicitation request's schema from a server and the content checked against it (MCP
// 2025-11-25 client/elicitation, "Requested Schema"): the schema part, then "\n--\n", then the content.
#include "fuzzsupport.h"
#include "mcp/elicitationschema.h"

#include <QJsonDocument>
#include <QJsonObject>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    portico::fuzzing::ensureApplication();
    const QList<QByteArray> parts = portico::fuzzing::splitInput(portico::fuzzing::bytesOf(data, size), 2);
    const QJsonObject schema = QJsonDocument::fromJson(parts.value(0)).object();
    const QJsonObject content = QJsonDocument::fromJson(parts.value(1)).object();
    (void)portico::elicitation_schema::validate(content, schema);
    (void)portico::elicitation_schema::validate(QJsonObject(), schema);
    return 0;
}
