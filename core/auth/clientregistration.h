#pragma once

#include "common/result.h"

#include <QByteArray>
#include <QDateTime>
#include <QJsonObject>
#include <QString>
#include <QStringList>
#include <QUrl>

namespace portico {

// The OAuth client Portico is at one authorization server (requirements AUTH-14–AUTH-22): how it came to exist, its
// id, its secret or signing key, and how it authenticates at the token endpoint. Bound to the issuer it was
// obtained from: it is never presented to another AS (requirements AUTH-18, SEP-2352), except a CIMD client id, which
// is a URL and valid at every AS that supports CIMD. Holds secrets: no string or debug output.
struct ClientRegistration
{
    enum class Kind {
        PreRegistered,    // configured by the person (server editor, import), or the conformance context
        MetadataDocument, // the client id is the URL of Portico's Client ID Metadata Document (requirements AUTH-15)
        Dynamic,          // RFC 7591 dynamic client registration (requirements AUTH-16, AUTH-17)
    };

    // RFC 7591 / OpenID token_endpoint_auth_method values Portico implements (requirements AUTH-22; RFC 7523 §2.2).
    static constexpr QLatin1StringView kAuthNone{"none"};
    static constexpr QLatin1StringView kAuthClientSecretBasic{"client_secret_basic"};
    static constexpr QLatin1StringView kAuthClientSecretPost{"client_secret_post"};
    static constexpr QLatin1StringView kAuthPrivateKeyJwt{"private_key_jwt"};

    Kind kind = Kind::Dynamic;
    QString issuer; // the AS issuer this client belongs to (raw string, requirements AUTH-18); empty = any (CIMD)
    QString clientId;
    QString clientSecret;      // empty for public clients
    QDateTime secretExpiresAt; // UTC; invalid = never (RFC 7591 client_secret_expires_at = 0)
    QString tokenEndpointAuthMethod = QString(kAuthNone);
    QByteArray privateKeyPem; // private_key_jwt only: PKCS#8 PEM (EC P-256 or RSA)
    QString signingAlgorithm; // private_key_jwt only: "ES256" or "RS256"
    QUrl redirectUri;         // the redirect URI registered (DCR) or configured; invalid when none
    QStringList grantTypes;   // as registered (AUTH-21: includes refresh_token for Portico's own registrations)

    // True when a secret was issued and its expiry has passed (requirements AUTH-17: re-register).
    [[nodiscard]] bool secretExpired(const QDateTime &now) const;
    // True when this registration may be presented to `issuer` (requirements AUTH-18): same issuer, or a CIMD client
    // id.
    [[nodiscard]] bool isUsableWith(const QString &issuer) const;

    [[nodiscard]] static QString kindName(Kind kind); // "pre-registered", "metadata-document", "dynamic"

    // For the credential blob in the keychain only. fromJson accepts what toJson writes; ConfigInvalid else.
    [[nodiscard]] QJsonObject toJson() const;
    [[nodiscard]] static Result<ClientRegistration> fromJson(const QJsonObject &object);

    friend bool operator==(const ClientRegistration &, const ClientRegistration &) = default;
};

} // namespace portico
