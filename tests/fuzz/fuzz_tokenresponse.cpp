// Fuzz target: what a token endpoint answers (RFC 6749 §5.1, §5.2), a registration endpoint answers
// (RFC 7591 §3.2) and the credential blob read back from the keychain.
#include "auth/clientregistration.h"
#include "auth/oautherrorresponse.h"
#include "auth/scopeset.h"
#include "auth/tokenset.h"
#include "fuzzsupport.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    portico::fuzzing::ensureApplication();
    const QByteArrayView input = portico::fuzzing::bytesOf(data, size);
    static const QDateTime now = QDateTime::fromSecsSinceEpoch(1'800'000'000, Qt::UTC);
    const portico::ScopeSet requested = portico::ScopeSet::fromList({QStringLiteral("mcp:read")}).value();
    const auto tokens = portico::TokenSet::fromTokenResponse(input, requested, now);
    if (tokens.ok())
        (void)portico::TokenSet::fromTokenResponse(input, requested, now, &tokens.value());
    (void)portico::OAuthErrorResponse::parse(input);
    const QJsonObject object = QJsonDocument::fromJson(input.toByteArray()).object();
    (void)portico::ClientRegistration::fromJson(object);
    (void)portico::TokenSet::fromJson(object);
    return 0;
}
