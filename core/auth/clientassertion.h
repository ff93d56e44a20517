#pragma once

#include "common/result.h"

#include <QByteArray>
#include <QDateTime>
#include <QString>

// RFC 7523 §2.2 client assertions for private_key_jwt (OpenID Connect Core §9), signed with OpenSSL.
// Used for the client-credentials grant (SEP-1046, conformance auth/client-credentials-jwt) and for any
// token request of a client registered with private_key_jwt.
namespace portico::client_assertion {

// A compact JWS: header {alg, typ:"JWT"}, payload {iss = sub = clientId, aud = audience, iat, exp = iat +
// lifetime, jti (128 random bits)}. `algorithm` is "ES256" (the key must be EC P-256; the signature is the
// 64-byte R||S form of RFC 7518 §3.4, not DER) or "RS256" (an RSA key of at least 2048 bits). The key is a
// PEM private key (PKCS#8 or traditional). ClientAssertionFailed for an unreadable key, a key that does
// not fit the algorithm, or another algorithm; the message never contains key material.
[[nodiscard]] Result<QByteArray> sign(const QByteArray &privateKeyPem, const QString &algorithm,
                                      const QString &clientId, const QString &audience, const QDateTime &now,
                                      int lifetimeSeconds = 300);

// RFC 7523 §2.2 client_assertion_type.
inline constexpr QLatin1StringView kAssertionType{"urn:ietf:params:oauth:client-assertion-type:jwt-bearer"};

} // namespace portico::client_assertion
