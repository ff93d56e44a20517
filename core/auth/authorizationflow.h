#pragma once

#include "auth/pkce.h"
#include "auth/scopeset.h"
#include "common/result.h"

#include <QByteArray>
#include <QString>
#include <QUrl>

namespace portico {

class AuthServerMetadata;

// One authorization-code flow (requirements AUTH-23–AUTH-28, AUTH-30–AUTH-33): the record stored before the browser
// opens (requirements AUTH-25) — issuer, PKCE verifier, state, redirect URI, client id, resource, scopes and token
// endpoint — the authorization URL built from it (requirements AUTH-26), and the validation of the redirect that comes
// back, in the order of requirements AUTH-29–AUTH-33: state, then the RFC 9207 iss table, then error/code. Single use:
// a validated callback consumes the flow (requirements ATTACK-4: a state that was already used is rejected).
class AuthorizationFlow
{
public:
    struct Parameters
    {
        QString clientId;
        QUrl redirectUri;
        // RFC 8707 value; empty = omit `resource` (the person's setting for IdPs that reject it, requirements AUTH-27).
        QString resource;
        ScopeSet scopes; // empty = omit `scope` (requirements AUTH-28 step 3)
    };

    // A fresh PKCE pair and state from the CSPRNG (requirements AUTH-23; RFC 6749 §10.12); issuer, endpoints and the
    // iss flag are taken from validated metadata (requirements AUTH-25, AUTH-33, SEC-6).
    AuthorizationFlow(const AuthServerMetadata &metadata, Parameters parameters);

    // Requirements AUTH-26: authorization_endpoint with response_type=code, client_id, redirect_uri, code_challenge,
    // code_challenge_method=S256, state, scope (when not empty), resource (when not empty); query
    // parameters already on the endpoint are kept. Form-encoded so that '+', '&', ' ' survive.
    [[nodiscard]] QUrl authorizationUrl() const;

    // Validates the redirect `callbackUrl` (the full URL the user agent caught), in order:
    //  1. state present and equal to this flow's state, and the flow not used before (requirements AUTH-30, ATTACK-4):
    //     CallbackRejected otherwise;
    //  2. iss (RFC 9207 §2.4, requirements AUTH-31) compared as an exact string after form-decoding: advertised +
    //     present → must equal; advertised + absent → reject; not advertised + present → must equal; not advertised +
    //     absent → proceed. CallbackRejected otherwise, and the response's error fields are neither read
    //     nor put in the message (requirements AUTH-32);
    //  3. `error` present → AuthorizationDenied with oauthError() = error and error_description in the
    //     detail (display text, untrusted; requirements AUTH-32 allows it only now that iss checked);
    //  4. `code` present and non-empty → the code. CallbackRejected otherwise.
    // Once a callback carried the right state, the flow is consumed whatever followed (code, error or a
    // rejected iss): the state is spent (requirements ATTACK-4), and later calls fail with CallbackRejected. A wrong or
    // missing state does not consume it, so a local probe cannot cancel the real redirect.
    [[nodiscard]] Result<QByteArray> validateCallback(const QUrl &callbackUrl);

    // The form-decoded value of the one `state` parameter in `url`'s query — an authorization URL or the redirect
    // that answers it; empty when it is absent, empty or repeated (RFC 6749 §4.1.1, §4.1.2).
    [[nodiscard]] static QByteArray stateOf(const QUrl &url);
    // Whether the redirect `callbackUrl` answers the request that sent `state` (RFC 6749 §4.1.2: "the exact value
    // received from the client"), compared in constant time. An empty `state` matches nothing.
    [[nodiscard]] static bool answersState(const QUrl &callbackUrl, const QByteArray &state);

    [[nodiscard]] const QString &issuer() const { return m_issuer; }
    [[nodiscard]] const QUrl &tokenEndpoint() const { return m_tokenEndpoint; }
    [[nodiscard]] const Parameters &parameters() const { return m_parameters; }
    [[nodiscard]] const QByteArray &codeVerifier() const { return m_pkce.verifier(); }
    [[nodiscard]] const QByteArray &state() const { return m_state; }
    [[nodiscard]] bool isConsumed() const { return m_consumed; }

private:
    QString m_issuer;
    QUrl m_authorizationEndpoint;
    QUrl m_tokenEndpoint;
    bool m_issParameterSupported = false;
    Parameters m_parameters;
    Pkce m_pkce;
    QByteArray m_state;
    bool m_consumed = false;
};

} // namespace portico
