// Fuzz target: the documents discovery reads from servers Portico does not control: protected-resource
// metadata (RFC 9728) and authorization-server metadata (RFC 8414 / OpenID Connect Discovery).
#include "auth/authservermetadata.h"
#include "auth/protectedresourcemetadata.h"
#include "fuzzsupport.h"

#include <QUrl>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    portico::fuzzing::ensureApplication();
    const QByteArrayView input = portico::fuzzing::bytesOf(data, size);
    static const QUrl server(QStringLiteral("https://mcp.example.com/tenant/mcp"));
    (void)portico::ProtectedResourceMetadata::fromJson(input, server);
    (void)portico::AuthServerMetadata::fromJson(input, QStringLiteral("https://as.example.com/tenant"),
                                                portico::discovery_urls::AsMetadataKind::OAuth);
    (void)portico::AuthServerMetadata::fromJson(input, QStringLiteral("https://as.example.com"),
                                                portico::discovery_urls::AsMetadataKind::OpenIdConnect);
    return 0;
}
