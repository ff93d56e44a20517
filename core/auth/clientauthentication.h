#pragma once

#include "auth/clientregistration.h"
#include "common/result.h"
#include "net/httpmessage.h"

#include <QDateTime>
#include <QUrlQuery>

// Client authentication at the token and revocation endpoints (requirements AUTH-22; RFC 6749 §2.3.1; RFC 7523
// §2.2; conformance auth/token-endpoint-auth-{basic,post,none}, auth/pre-registration).
namespace portico::client_authentication {

// Adds what `client.tokenEndpointAuthMethod` requires to the form and the headers:
//  - none: client_id in the body;
//  - client_secret_basic: Authorization: Basic base64(urlencode(id) ":" urlencode(secret)) (RFC 6749
//    §2.3.1 form-urlencodes both before joining), nothing in the body;
//  - client_secret_post: client_id and client_secret in the body;
//  - private_key_jwt: client_id, client_assertion_type and a fresh client_assertion with aud = `issuer`.
// InvalidArgument for a method that needs a secret or key the registration lacks, or an unknown method.
// Values go into `form` percent-encoded, so read them back with QUrl::FullyDecoded (QUrlQuery would otherwise
// take a literal "%41" in a secret for an encoded 'A'); on failure nothing is added.
[[nodiscard]] Result<void> apply(const ClientRegistration &client, const QString &issuer, const QDateTime &now,
                                 QUrlQuery &form, HttpHeaders &headers);

} // namespace portico::client_authentication
