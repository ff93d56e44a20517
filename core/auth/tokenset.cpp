#include "auth/tokenset.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QJsonValue>

#include <algorithm>
#include <cmath>
#include <utility>

namespace portico {

namespace {

// Requirements SEC-12: a token response is a few kilobytes at most (a JWT access token, a refresh token, an
// id_token); anything bigger is refused before the JSON parser sees it.
constexpr qsizetype kMaxTokenResponseBytes = 64 * 1024;
// Requirements SEC-12: the longest lifetime taken literally. Larger values are clamped rather than refused: they
// mean "practically never" and must not overflow the expiry arithmetic.
constexpr double kMaxLifetimeSeconds = 10.0 * 365 * 24 * 3600;
// What accountClaims() shows of one claim (display only).
constexpr qsizetype kMaxClaimLength = 256;

// The credential blob's member names (toJson/fromJson). Stable: they are what the keychain holds.
constexpr QLatin1StringView kAccessToken{"access_token"};
constexpr QLatin1StringView kRefreshToken{"refresh_token"};
constexpr QLatin1StringView kIdToken{"id_token"};
constexpr QLatin1StringView kTokenType{"token_type"};
constexpr QLatin1StringView kExpiresIn{"expires_in"};
constexpr QLatin1StringView kScope{"scope"};
constexpr QLatin1StringView kObtainedAt{"obtained_at"};
constexpr QLatin1StringView kExpiresAt{"expires_at"};
constexpr QLatin1StringView kRefreshedAt{"refreshed_at"};

// Requirements AUTH-35: every refusal of a token response has the same message for a person; the detail names the
// problem (a member name, a type), never a value, since the values are credentials (requirements SEC-4).
Error invalidResponse(const QString &detail)
{
    return Error(ErrorCode::TokenResponseInvalid,
                 QCoreApplication::translate("TokenSet", "The authorization server sent a token response that "
                                                         "Portico cannot use."),
                 detail);
}

Error invalidBlob(const QString &detail)
{
    return Error(ErrorCode::ConfigInvalid,
                 QCoreApplication::translate("TokenSet", "The stored sign-in tokens are damaged; please sign in "
                                                         "again."),
                 detail);
}

// An optional string member of a token response: absent or null is an empty string, another type is an
// error (RFC 6749 §5.1 defines every member used here as a string).
Result<QString> optionalResponseString(const QJsonObject &object, QLatin1StringView name)
{
    const QJsonValue value = object.value(name);
    if (value.isUndefined() || value.isNull())
        return QString();
    if (!value.isString())
        return invalidResponse(QStringLiteral("'%1' is not a string").arg(QString(name)));
    return value.toString();
}

QString isoUtc(const QDateTime &time)
{
    return time.toUTC().toString(Qt::ISODateWithMs);
}

// A blob timestamp: absent means "not set" (an invalid QDateTime); present, it must be an ISO 8601 string.
Result<QDateTime> blobTime(const QJsonObject &object, QLatin1StringView name)
{
    const QJsonValue value = object.value(name);
    if (value.isUndefined() || value.isNull())
        return QDateTime();
    if (!value.isString())
        return invalidBlob(QStringLiteral("'%1' is not a string").arg(QString(name)));
    const QDateTime time = QDateTime::fromString(value.toString(), Qt::ISODateWithMs);
    if (!time.isValid())
        return invalidBlob(QStringLiteral("'%1' is not an ISO 8601 time").arg(QString(name)));
    return time.toUTC();
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

bool TokenSet::expiresWithin(qint64 marginSeconds, const QDateTime &now) const
{
    // Unknown expiry (no expires_in, RFC 6749 §5.1 RECOMMENDED only): treated as valid until the resource
    // server says otherwise with a 401 (requirements AUTH-41 refresh on 401).
    if (!expiresAt.isValid())
        return false;
    return now.addSecs(marginSeconds) >= expiresAt;
}

Result<TokenSet> TokenSet::fromTokenResponse(QByteArrayView json, const ScopeSet &requested, const QDateTime &now,
                                             const TokenSet *previous)
{
    // Requirements SEC-12, ATTACK-9: the size limit first, so an oversize body costs nothing more.
    if (json.size() > kMaxTokenResponseBytes) {
        return invalidResponse(QStringLiteral("the response is %1 bytes; at most %2 are accepted")
                                   .arg(json.size())
                                   .arg(kMaxTokenResponseBytes));
    }
    // Requirements ATTACK-9: a non-JSON body. QJsonDocument refuses nesting deeper than its own limit (DeepNesting),
    // and 64 KiB bound the rest. The parser's message names a position, never content.
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(json.toByteArray(), &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return invalidResponse(QStringLiteral("the response is not JSON (%1 at offset %2)")
                                   .arg(parseError.errorString())
                                   .arg(parseError.offset));
    // RFC 6749 §5.1: "the parameters [are] in the entity-body of the HTTP response ... a JSON object".
    if (!document.isObject())
        return invalidResponse(QStringLiteral("the response is not a JSON object"));
    const QJsonObject object = document.object();

    // Requirements AUTH-35, ATTACK-9: access_token REQUIRED, a non-empty string.
    const QJsonValue accessToken = object.value(kAccessToken);
    if (accessToken.isUndefined() || accessToken.isNull())
        return invalidResponse(QStringLiteral("'access_token' is missing"));
    if (!accessToken.isString())
        return invalidResponse(QStringLiteral("'access_token' is not a string"));
    if (accessToken.toString().isEmpty())
        return invalidResponse(QStringLiteral("'access_token' is empty"));

    // Requirements AUTH-35: token_type REQUIRED (RFC 6749 §5.1) and "Bearer", compared case-insensitively
    // (RFC 6749 §5.1: "the value is case insensitive"; RFC 6750). Another type (mac, DPoP, N_A) is a token Portico does
    // not know how to present, so it is refused rather than sent as a bearer token.
    const QJsonValue tokenType = object.value(kTokenType);
    if (tokenType.isUndefined() || tokenType.isNull())
        return invalidResponse(QStringLiteral("'token_type' is missing"));
    if (!tokenType.isString())
        return invalidResponse(QStringLiteral("'token_type' is not a string"));
    if (tokenType.toString().compare(QLatin1StringView("Bearer"), Qt::CaseInsensitive) != 0) {
        return invalidResponse(QStringLiteral("'token_type' is not Bearer"));
    }

    TokenSet tokens;
    tokens.accessToken = accessToken.toString();
    tokens.obtainedAt = now.toUTC();

    // Requirements AUTH-35: expires_in is RECOMMENDED (RFC 6749 §5.1): "the lifetime in seconds", a positive integer. A
    // string, a fraction, zero or a negative number is a broken response: guessing could keep a dead token.
    const QJsonValue expiresIn = object.value(kExpiresIn);
    if (!expiresIn.isUndefined() && !expiresIn.isNull()) {
        if (!expiresIn.isDouble())
            return invalidResponse(QStringLiteral("'expires_in' is not a number"));
        const double seconds = expiresIn.toDouble();
        if (!std::isfinite(seconds) || seconds != std::floor(seconds) || seconds <= 0)
            return invalidResponse(QStringLiteral("'expires_in' is not a positive whole number of seconds"));
        tokens.expiresAt = tokens.obtainedAt.addSecs(static_cast<qint64>(std::min(seconds, kMaxLifetimeSeconds)));
    }

    // Requirements AUTH-35: the granted scope (it may differ from the request). RFC 6749 §5.1: scope is OPTIONAL "if
    // identical to the scope requested", so absence means the requested scope.
    const QJsonValue scope = object.value(kScope);
    if (scope.isUndefined() || scope.isNull()) {
        tokens.grantedScopes = requested;
    } else {
        if (!scope.isString())
            return invalidResponse(QStringLiteral("'scope' is not a string"));
        Result<ScopeSet> granted = ScopeSet::parse(scope.toString());
        if (!granted.ok()) // RFC 6749 §3.3 scope-token: a malformed scope is not shown as if it were granted
            return invalidResponse(QStringLiteral("'scope' is not a list of scope tokens"));
        tokens.grantedScopes = std::move(granted).value();
    }

    // Requirements AUTH-35: don't assume a refresh token is issued. An empty string counts as none.
    Result<QString> refreshToken = optionalResponseString(object, kRefreshToken);
    if (!refreshToken.ok())
        return refreshToken.error();
    tokens.refreshToken = std::move(refreshToken).value();

    Result<QString> idToken = optionalResponseString(object, kIdToken);
    if (!idToken.ok())
        return idToken.error();
    tokens.idToken = std::move(idToken).value();

    if (previous) {
        // RFC 6749 §6: "The authorization server MAY issue a new refresh token, in which case the client MUST
        // discard the old refresh token" — and when it issues none, the old one stays valid (requirements AUTH-41).
        if (tokens.refreshToken.isEmpty())
            tokens.refreshToken = previous->refreshToken;
        // OpenID Connect Core §12.2: a refresh response MAY omit the id_token; the account shown stays the same.
        if (tokens.idToken.isEmpty())
            tokens.idToken = previous->idToken;
        tokens.refreshedAt = tokens.obtainedAt;
    }
    return tokens;
}

QJsonObject TokenSet::toJson() const
{
    // Only members that are set: fromJson reads an absent member as "not set", so the round trip is exact.
    QJsonObject object;
    if (!accessToken.isEmpty())
        object.insert(kAccessToken, accessToken);
    if (!refreshToken.isEmpty())
        object.insert(kRefreshToken, refreshToken);
    if (!idToken.isEmpty())
        object.insert(kIdToken, idToken);
    if (!grantedScopes.isEmpty())
        object.insert(kScope, grantedScopes.toString());
    if (obtainedAt.isValid())
        object.insert(kObtainedAt, isoUtc(obtainedAt));
    if (expiresAt.isValid())
        object.insert(kExpiresAt, isoUtc(expiresAt));
    if (refreshedAt.isValid())
        object.insert(kRefreshedAt, isoUtc(refreshedAt));
    return object;
}

Result<TokenSet> TokenSet::fromJson(const QJsonObject &object)
{
    TokenSet tokens;
    Result<QString> accessToken = blobString(object, kAccessToken);
    if (!accessToken.ok())
        return accessToken.error();
    tokens.accessToken = std::move(accessToken).value();
    Result<QString> refreshToken = blobString(object, kRefreshToken);
    if (!refreshToken.ok())
        return refreshToken.error();
    tokens.refreshToken = std::move(refreshToken).value();
    Result<QString> idToken = blobString(object, kIdToken);
    if (!idToken.ok())
        return idToken.error();
    tokens.idToken = std::move(idToken).value();

    Result<QString> scope = blobString(object, kScope);
    if (!scope.ok())
        return scope.error();
    Result<ScopeSet> scopes = ScopeSet::parse(scope.value());
    if (!scopes.ok())
        return invalidBlob(QStringLiteral("'scope' is not a list of scope tokens"));
    tokens.grantedScopes = std::move(scopes).value();

    for (const auto &[name, target] :
         {std::pair{kObtainedAt, &tokens.obtainedAt}, std::pair{kExpiresAt, &tokens.expiresAt},
          std::pair{kRefreshedAt, &tokens.refreshedAt}}) {
        Result<QDateTime> time = blobTime(object, name);
        if (!time.ok())
            return time.error();
        *target = std::move(time).value();
    }
    return tokens;
}

QJsonObject TokenSet::accountClaims() const
{
    // architecture.md: the id_token is shown, never trusted. Its signature is not checked (the token came
    // straight from the token endpoint over TLS, OpenID Connect Core §3.1.3.7 item 6), and nothing here
    // decides access. A JWS compact serialization is header.payload.signature (RFC 7515 §7.1).
    if (idToken.isEmpty())
        return {};
    const QList<QStringView> parts = QStringView(idToken).split(u'.');
    if (parts.size() != 3)
        return {};
    const QByteArray::FromBase64Result payload = QByteArray::fromBase64Encoding(
        parts.at(1).toLatin1(), QByteArray::Base64UrlEncoding | QByteArray::AbortOnBase64DecodingErrors);
    if (!payload)
        return {};
    const QJsonDocument document = QJsonDocument::fromJson(*payload);
    if (!document.isObject())
        return {};
    const QJsonObject claims = document.object();
    QJsonObject shown;
    // OpenID Connect Core §5.1 standard claims that say who signed in; display strings only.
    for (const QLatin1StringView name :
         {QLatin1StringView("name"), QLatin1StringView("email"), QLatin1StringView("preferred_username"),
          QLatin1StringView("sub"), QLatin1StringView("iss")}) {
        const QJsonValue value = claims.value(name);
        if (value.isString() && !value.toString().isEmpty())
            shown.insert(name, value.toString().left(kMaxClaimLength));
    }
    return shown;
}

} // namespace portico
