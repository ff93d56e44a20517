#pragma once

#include "auth/scopeset.h"
#include "common/result.h"

#include <QByteArrayView>
#include <QDateTime>
#include <QJsonObject>
#include <QString>

namespace portico {

// The tokens one grant produced (requirements AUTH-35): what the token endpoint returned, with the lifetime turned
// into an absolute expiry so that a restart (or a second process reading the keychain) knows how long the
// access token still lives. Held in memory by AuthSession and stored, inside the server's credential blob,
// only in the SecretStore (requirements SEC-4). Has no debug or string output on purpose: it holds secrets.
struct TokenSet
{
    QString accessToken;
    QString refreshToken; // empty when none was issued (requirements AUTH-35: never assume one)
    QString idToken;      // OpenID Connect id_token, kept only to show account claims (never trusted)
    // The scope the AS granted (RFC 6749 §5.1: `scope`, or — when absent — the scope requested).
    ScopeSet grantedScopes;
    QDateTime obtainedAt;  // UTC, when the token response arrived
    QDateTime expiresAt;   // UTC; invalid when the AS gave no expires_in (then unknown, treated as valid)
    QDateTime refreshedAt; // UTC, the last successful refresh; invalid before the first

    [[nodiscard]] bool hasAccessToken() const { return !accessToken.isEmpty(); }
    [[nodiscard]] bool hasRefreshToken() const { return !refreshToken.isEmpty(); }
    // True when the access token is past expiresAt minus `margin` at `now` (false when expiry is unknown).
    [[nodiscard]] bool expiresWithin(qint64 marginSeconds, const QDateTime &now) const;

    // Parses a token endpoint response body (the caller checked the 200 status; requirements AUTH-35, RFC 6749
    // §5.1): a JSON object at most 64 KiB (requirements SEC-12) with a non-empty string access_token, token_type equal
    // to "Bearer" in any case (RFC 6749 §7.1 / RFC 6750), an optional positive integer expires_in, an optional
    // scope (RFC 6749 §3.3 tokens; when absent the granted scope is `requested`), refresh_token, id_token.
    // TokenResponseInvalid otherwise, with a message that names the problem and never a value.
    // `previous` is for refresh responses (RFC 6749 §6): a response without refresh_token keeps the old one.
    [[nodiscard]] static Result<TokenSet> fromTokenResponse(QByteArrayView json, const ScopeSet &requested,
                                                            const QDateTime &now, const TokenSet *previous = nullptr);

    // For the credential blob in the keychain only (never for a file or a log). fromJson accepts what
    // toJson writes; ConfigInvalid otherwise.
    [[nodiscard]] QJsonObject toJson() const;
    [[nodiscard]] static Result<TokenSet> fromJson(const QJsonObject &object);

    // Display-only claims of the id_token payload (name, email, preferred_username, sub, iss), decoded
    // without verification (architecture.md: shown, never trusted for security). Empty when none.
    [[nodiscard]] QJsonObject accountClaims() const;

    friend bool operator==(const TokenSet &, const TokenSet &) = default;
};

} // namespace portico
