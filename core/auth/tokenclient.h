#pragma once

#include "auth/clientregistration.h"
#include "auth/scopeset.h"
#include "auth/tokenset.h"
#include "common/result.h"

#include <QByteArray>
#include <QDateTime>
#include <QObject>
#include <QString>
#include <QUrl>

#include <functional>

namespace portico {

class HttpClient;

// Every request Portico makes to a token or revocation endpoint (requirements AUTH-22, AUTH-27, AUTH-34, AUTH-35,
// AUTH-41, AUTH-43): form-urlencoded POSTs with the client authentication of the registration, `resource` on every
// token request (RFC 8707 §2; omitted only when `resource` is empty, the person's "omit resource" setting), redirects
// never followed (requirements SEC-2: a code, verifier, refresh token or secret is never re-posted elsewhere), and
// responses parsed by TokenSet::fromTokenResponse. Errors carry the HTTP status and the OAuth `error`
// (Error::oauthError(), e.g. "invalid_grant" for a dead refresh token, requirements AUTH-42) and never a secret.
class TokenClient : public QObject
{
    Q_OBJECT

public:
    using TokenCallback = std::function<void(Result<TokenSet>)>;

    // What every token request needs to know about the AS and the client.
    struct Endpoint
    {
        QUrl tokenEndpoint; // from validated metadata of `issuer` only (requirements AUTH-33)
        QString issuer;     // the `aud` of a private_key_jwt assertion (RFC 7523 §3)
        ClientRegistration client;
        QString resource; // RFC 8707 value, the same string as on the authorization request (requirements AUTH-27)
    };

    explicit TokenClient(HttpClient &http, QObject *parent = nullptr);

    // Clock for tests (expiry is computed from it); default QDateTime::currentDateTimeUtc.
    void setClock(std::function<QDateTime()> clock) { m_clock = std::move(clock); }

    // RFC 6749 §4.1.3: grant_type=authorization_code, code, redirect_uri, code_verifier, (client_id), resource.
    // `requested` becomes the granted scope when the response has none (RFC 6749 §5.1).
    void exchangeCode(const Endpoint &endpoint, const QByteArray &code, const QUrl &redirectUri,
                      const QByteArray &codeVerifier, const ScopeSet &requested, QObject *context, TokenCallback done);

    // Requirements AUTH-41: grant_type=refresh_token, refresh_token, (client_id), resource. The result keeps the old
    // refresh token when the response has none and carries refreshedAt (RFC 6749 §6).
    void refresh(const Endpoint &endpoint, const TokenSet &current, QObject *context, TokenCallback done);

    // RFC 6749 §4.4 (SEP-1046 machine-to-machine): grant_type=client_credentials, scope when not empty,
    // resource; client authentication by secret (basic/post) or private_key_jwt.
    void clientCredentials(const Endpoint &endpoint, const ScopeSet &scopes, QObject *context, TokenCallback done);

    // RFC 7009 §2.1 (requirements AUTH-43): token, token_type_hint, client authentication. 200 is success even for an
    // unknown token (§2.2); an error response is reported but the caller deletes local copies anyway.
    void revoke(const QUrl &revocationEndpoint, const Endpoint &endpoint, const QString &token,
                const QString &tokenTypeHint, QObject *context, std::function<void(Result<void>)> done);

private:
    QDateTime now() const;

    HttpClient &m_http;
    std::function<QDateTime()> m_clock;
};

} // namespace portico
