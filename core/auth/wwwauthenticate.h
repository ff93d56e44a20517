#pragma once

#include "auth/scopeset.h"
#include "common/result.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QPair>
#include <QString>
#include <QStringView>
#include <QUrl>

#include <optional>

namespace portico {

// A parsed WWW-Authenticate field (RFC 9110 §11.6.1) and the Bearer challenge in it (RFC 6750 §3, RFC 9728
// §5.1), requirements AUTH-1–AUTH-3, AUTH-6, AUTH-38, AUTH-39.
//
// QNetworkAccessManager joins repeated header fields with ", " (see HttpResponse::headerValues), so one value
// may hold several challenges: `Basic realm="x", Bearer scope="a b", error="insufficient_scope"`. RFC 9110
// uses the comma both between auth-params and between challenges; a new challenge starts where a token is
// followed by whitespace and then something other than '=' (a token68 or an auth-param), or by a comma
// or the end (a challenge without parameters).
//
// Hostile input (requirements SEC-12, ATTACK-9): the value is bounded by kMaxLength, the numbers of challenges and
// parameters are bounded too, parsing is one linear pass, and every malformed value gives a
// MalformedResponse (ResponseTooLarge when too long) Error that names the byte offset, never a crash or a
// partial result. The server-supplied text is not echoed into the Error (requirements SEC-10).
class WwwAuthenticate
{
public:
    // Requirements SEC-12: limits on what a server can make us parse. Real challenges are well under 1 KiB.
    static constexpr qsizetype kMaxLength = 16 * 1024;
    static constexpr qsizetype kMaxChallenges = 32;
    static constexpr qsizetype kMaxParamsPerChallenge = 32;

    // One challenge (RFC 9110 §11.3): challenge = auth-scheme [ 1*SP ( token68 / #auth-param ) ]
    struct Challenge
    {
        QString scheme;  // as sent; compare with isScheme(), schemes are case-insensitive (RFC 9110 §11.1)
        QString token68; // empty unless the challenge carries a token68 instead of parameters
        // auth-params in order; names lower-cased (case-insensitive, RFC 9110 §11.2), values with quoted-pair
        // escapes removed (RFC 9110 §5.6.4) and decoded as UTF-8. A name occurs at most once (RFC 9110 §11.2,
        // RFC 6750 §3): a repeat makes the whole field malformed.
        QList<QPair<QString, QString>> params;

        [[nodiscard]] bool isScheme(QStringView name) const;
        // The value of a parameter (name matched case-insensitively), or nullopt when absent. An empty
        // quoted string (`error=""`) is present with an empty value.
        [[nodiscard]] std::optional<QString> param(QStringView name) const;
    };

    // Parses one field value. An empty value, or one of commas and whitespace only, is an error: a 401
    // that carries WWW-Authenticate must carry a challenge (RFC 9110 §11.6.1).
    [[nodiscard]] static Result<WwwAuthenticate> parse(QByteArrayView fieldValue);
    // Several field lines (HttpResponse::headerValues("WWW-Authenticate")), parsed as one list as RFC 9110
    // §5.3 allows; kMaxLength applies to the total.
    [[nodiscard]] static Result<WwwAuthenticate> parse(const QList<QByteArray> &fieldValues);

    [[nodiscard]] const QList<Challenge> &challenges() const { return m_challenges; }

    // The first challenge whose scheme is "Bearer" (any case, RFC 6750 §3, RFC 9110 §11.1). A server that
    // sends several Bearer challenges (different realms) is rare; the first one wins.
    [[nodiscard]] bool hasBearer() const { return m_bearerIndex >= 0; }
    [[nodiscard]] std::optional<Challenge> bearer() const;

    // The Bearer challenge's attributes; empty when there is no Bearer challenge or no such attribute.
    // RFC 6750 §3: error, error_description, realm, scope (error_uri is not read: nothing shows it).
    [[nodiscard]] QString error() const;
    // Untrusted server text (requirements SEC-10): show it as plain text only.
    [[nodiscard]] QString errorDescription() const;
    [[nodiscard]] QString realm() const;
    // RFC 6750 §3: the raw, space-delimited `scope` attribute.
    [[nodiscard]] QString scope() const;
    // The `scope` attribute as a ScopeSet (RFC 6750 §3, RFC 6749 §3.3); empty when absent. An invalid scope
    // token is an error. For scope selection (requirements AUTH-28) and step-up (requirements AUTH-39).
    [[nodiscard]] Result<ScopeSet> scopes() const;
    // RFC 9728 §5.1 `resource_metadata`, raw as sent: keep it for exact comparisons and for the Activity view.
    [[nodiscard]] QString resourceMetadata() const;
    // The same parsed in strict mode; an empty QUrl when absent, invalid or relative. Checking it against the
    // URL policy and SSRF rules (requirements SEC-1) and the expected resource (requirements AUTH-5, ATTACK-6) is the
    // caller's job.
    [[nodiscard]] QUrl resourceMetadataUrl() const;

    // RFC 6750 §3.1 error codes (case-sensitive values). insufficient_scope normally comes with 403 and asks
    // for step-up (requirements AUTH-38, AUTH-39); invalid_token with 401 asks for one refresh, then a full flow. The
    // status code is the caller's to check.
    [[nodiscard]] bool isInsufficientScope() const;
    [[nodiscard]] bool isInvalidToken() const;

private:
    [[nodiscard]] QString bearerParam(QStringView name) const;

    QList<Challenge> m_challenges;
    qsizetype m_bearerIndex = -1;
};

} // namespace portico
