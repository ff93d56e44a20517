#pragma once

#include "auth/clientregistration.h"
#include "auth/scopeset.h"
#include "auth/tokenset.h"
#include "common/result.h"

#include <QByteArray>
#include <QMap>
#include <QString>
#include <QUrl>

namespace portico {

// Everything one server's sign-in leaves behind, as the one blob Portico keeps in the OS keychain per server
// (requirements SEC-4: never in a file). Grants are kept per authorization server issuer (requirements AUTH-18;
// RFC 9728 §7.6: a client and its tokens are never presented to another AS), and each grant holds what a refresh or a
// revocation needs without discovery: the token and revocation endpoints, the RFC 8707 resource and the scopes
// requested. Holds secrets: no string or debug output; toBlob() is for SecretStore::writeSecret only.
struct ServerCredentials
{
    static constexpr int kFormatVersion = 1;

    struct Grant
    {
        ClientRegistration client;
        TokenSet tokens;          // empty access token when only the registration is kept
        QString resource;         // the RFC 8707 value the tokens were issued for (requirements AUTH-27, AUTH-37)
        QUrl tokenEndpoint;       // from the issuer's validated metadata (requirements AUTH-33)
        QUrl revocationEndpoint;  // RFC 7009, invalid when the AS has none (requirements AUTH-43)
        ScopeSet requestedScopes; // the scope of the last authorization request (AUTH-39: step-up unions it)

        friend bool operator==(const Grant &, const Grant &) = default;
    };

    QString currentIssuer; // the issuer the server's PRM named last (requirements AUTH-18: migration changes it)
    QMap<QString, Grant> grants;

    // The grant of the current issuer, or nullptr.
    [[nodiscard]] const Grant *current() const;
    [[nodiscard]] Grant *current();

    // The keychain key of a server's blob.
    [[nodiscard]] static QString secretKey(const QString &serverId);

    [[nodiscard]] QByteArray toBlob() const;
    // ConfigInvalid for a blob that is not JSON, of a newer format, or malformed.
    [[nodiscard]] static Result<ServerCredentials> fromBlob(const QByteArray &blob);

    friend bool operator==(const ServerCredentials &, const ServerCredentials &) = default;
};

} // namespace portico
