#include "auth/clientregistration.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonValue>

namespace portico {

namespace {

// The credential blob's member names (toJson/fromJson). Stable: they are what the keychain holds. Where one
// exists, the RFC 7591 §2/§3.2.1 name is used.
constexpr QLatin1StringView kKind{"kind"};
constexpr QLatin1StringView kIssuer{"issuer"};
constexpr QLatin1StringView kClientId{"client_id"};
constexpr QLatin1StringView kClientSecret{"client_secret"};
constexpr QLatin1StringView kSecretExpiresAt{"client_secret_expires_at"};
constexpr QLatin1StringView kAuthMethod{"token_endpoint_auth_method"};
constexpr QLatin1StringView kPrivateKeyPem{"private_key_pem"};
constexpr QLatin1StringView kSigningAlgorithm{"signing_alg"};
constexpr QLatin1StringView kRedirectUri{"redirect_uri"};
constexpr QLatin1StringView kGrantTypes{"grant_types"};

Error invalidBlob(const QString &detail)
{
    return Error(ErrorCode::ConfigInvalid,
                 QCoreApplication::translate("ClientRegistration", "The stored client registration is damaged; "
                                                                   "Portico has to register again."),
                 detail);
}

Result<QString> blobString(const QJsonObject &object, QLatin1StringView name)
{
    const QJsonValue value = object.value(name);
    if (value.isUndefined() || value.isNull())
        return QString();
    if (!value.isString())
        return invalidBlob(QStringLiteral("'%1' is not a string").arg(QString(name)));
    return value.toString();
}

} // namespace

bool ClientRegistration::secretExpired(const QDateTime &now) const
{
    // RFC 7591 §3.2.1: client_secret_expires_at 0 (held as an invalid QDateTime) means it never expires.
    // Requirements AUTH-17: an expired secret means registering again, not presenting a dead secret.
    if (clientSecret.isEmpty() || !secretExpiresAt.isValid())
        return false;
    return now >= secretExpiresAt;
}

bool ClientRegistration::isUsableWith(const QString &otherIssuer) const
{
    // Requirements AUTH-15: a Client ID Metadata Document URL is the same client everywhere that supports CIMD.
    if (kind == Kind::MetadataDocument)
        return true;
    // Requirements AUTH-18 / SEP-2352 / requirements ATTACK-10 (c): a client id (and above all its secret) obtained
    // from one AS is never presented to another. The issuer is compared as a raw string, as everywhere else
    // (RFC 8414 §3.3). A registration that does not know its issuer cannot prove it belongs to this AS, so it is not
    // used.
    return !issuer.isEmpty() && issuer == otherIssuer;
}

QString ClientRegistration::kindName(Kind kind)
{
    switch (kind) {
    case Kind::PreRegistered:
        return QStringLiteral("pre-registered");
    case Kind::MetadataDocument:
        return QStringLiteral("metadata-document");
    case Kind::Dynamic:
        return QStringLiteral("dynamic");
    }
    Q_UNREACHABLE();
    return {};
}

QJsonObject ClientRegistration::toJson() const
{
    QJsonObject object;
    object.insert(kKind, kindName(kind));
    object.insert(kClientId, clientId);
    object.insert(kAuthMethod, tokenEndpointAuthMethod);
    if (!issuer.isEmpty())
        object.insert(kIssuer, issuer);
    if (!clientSecret.isEmpty())
        object.insert(kClientSecret, clientSecret);
    if (secretExpiresAt.isValid())
        object.insert(kSecretExpiresAt, secretExpiresAt.toUTC().toString(Qt::ISODateWithMs));
    if (!privateKeyPem.isEmpty())
        object.insert(kPrivateKeyPem, QString::fromLatin1(privateKeyPem)); // PEM is ASCII (RFC 7468 §2)
    if (!signingAlgorithm.isEmpty())
        object.insert(kSigningAlgorithm, signingAlgorithm);
    if (redirectUri.isValid())
        object.insert(kRedirectUri, redirectUri.toString(QUrl::FullyEncoded));
    if (!grantTypes.isEmpty())
        object.insert(kGrantTypes, QJsonArray::fromStringList(grantTypes));
    return object;
}

Result<ClientRegistration> ClientRegistration::fromJson(const QJsonObject &object)
{
    ClientRegistration client;

    const QJsonValue kindValue = object.value(kKind);
    if (!kindValue.isString())
        return invalidBlob(QStringLiteral("'kind' is missing or not a string"));
    bool kindKnown = false;
    for (const Kind candidate : {Kind::PreRegistered, Kind::MetadataDocument, Kind::Dynamic}) {
        if (kindValue.toString() == kindName(candidate)) {
            client.kind = candidate;
            kindKnown = true;
        }
    }
    if (!kindKnown)
        return invalidBlob(QStringLiteral("'kind' is not a known kind of registration"));

    // RFC 7591 §3.2.1: client_id is REQUIRED; a registration without one identifies nobody.
    Result<QString> clientId = blobString(object, kClientId);
    if (!clientId.ok())
        return clientId.error();
    if (clientId.value().isEmpty())
        return invalidBlob(QStringLiteral("'client_id' is missing or empty"));
    client.clientId = std::move(clientId).value();

    for (const auto &[name, target] :
         {std::pair{kIssuer, &client.issuer}, std::pair{kClientSecret, &client.clientSecret},
          std::pair{kSigningAlgorithm, &client.signingAlgorithm}}) {
        Result<QString> text = blobString(object, name);
        if (!text.ok())
            return text.error();
        *target = std::move(text).value();
    }

    Result<QString> method = blobString(object, kAuthMethod);
    if (!method.ok())
        return method.error();
    // Absent: RFC 7591's default would be client_secret_basic, but Portico always writes the member, and a
    // public client ("none") is the only safe reading of a blob that lost it.
    client.tokenEndpointAuthMethod = method.value().isEmpty() ? QString(kAuthNone) : std::move(method).value();

    Result<QString> expires = blobString(object, kSecretExpiresAt);
    if (!expires.ok())
        return expires.error();
    if (!expires.value().isEmpty()) {
        const QDateTime time = QDateTime::fromString(expires.value(), Qt::ISODateWithMs);
        if (!time.isValid())
            return invalidBlob(QStringLiteral("'client_secret_expires_at' is not an ISO 8601 time"));
        client.secretExpiresAt = time.toUTC();
    }

    Result<QString> pem = blobString(object, kPrivateKeyPem);
    if (!pem.ok())
        return pem.error();
    client.privateKeyPem = pem.value().toLatin1();

    Result<QString> redirect = blobString(object, kRedirectUri);
    if (!redirect.ok())
        return redirect.error();
    if (!redirect.value().isEmpty()) {
        const QUrl url(redirect.value(), QUrl::StrictMode);
        if (!url.isValid())
            return invalidBlob(QStringLiteral("'redirect_uri' is not a valid URL"));
        client.redirectUri = url;
    }

    const QJsonValue grants = object.value(kGrantTypes);
    if (!grants.isUndefined() && !grants.isNull()) {
        if (!grants.isArray())
            return invalidBlob(QStringLiteral("'grant_types' is not an array"));
        for (const QJsonValue &grant : grants.toArray()) {
            if (!grant.isString())
                return invalidBlob(QStringLiteral("an entry of 'grant_types' is not a string"));
            client.grantTypes.append(grant.toString());
        }
    }
    return client;
}

} // namespace portico
