#include "auth/clientauthentication.h"

#include "auth/clientassertion.h"

#include <QCoreApplication>
#include <QUrl>

namespace portico::client_authentication {

namespace {

Error unusable(const QString &message, const QString &detail)
{
    return Error(ErrorCode::InvalidArgument, message, detail);
}

// RFC 6749 §2.3.1: "the client identifier is encoded using the application/x-www-form-urlencoded encoding
// algorithm ... and the encoded value is used as the username; the client password is encoded using the same
// algorithm and used as the password". Everything but RFC 3986 unreserved characters is percent-encoded, so a
// ':' in the id cannot split the pair and a '+' in the secret cannot turn into a space. A space becomes %20
// rather than '+': form decoders read both, and decoders that only percent-decode read only %20.
QByteArray formEncoded(const QString &value)
{
    return QUrl::toPercentEncoding(value);
}

// Adds one form field to `form` so that form.queryItems(QUrl::FullyDecoded) gives back exactly `value`.
// QUrlQuery::addQueryItem guesses whether its input is already encoded: a value holding "%41" becomes "A"
// unless some other '%' in it is not followed by two hex digits. A secret, code or token must arrive byte for
// byte (requirements AUTH-22; RFC 6749 §4.1.3), so the value goes in percent-encoded and unambiguous.
void addFormItem(QUrlQuery &form, const QString &name, const QString &value)
{
    form.addQueryItem(name, QString::fromLatin1(QUrl::toPercentEncoding(value)));
}

} // namespace

Result<void> apply(const ClientRegistration &client, const QString &issuer, const QDateTime &now, QUrlQuery &form,
                   HttpHeaders &headers)
{
    const QString &method = client.tokenEndpointAuthMethod;
    if (client.clientId.isEmpty()) {
        return unusable(
            QCoreApplication::translate("ClientAuthentication", "The client registration has no client id."),
            QStringLiteral("token_endpoint_auth_method %1 needs a client_id").arg(method));
    }

    // Requirements AUTH-22 / conformance auth/token-endpoint-auth-none: a public client identifies itself in the body
    // (RFC 6749 §2.3.1, §4.1.3 "client_id REQUIRED, if the client is not authenticating").
    if (method == ClientRegistration::kAuthNone) {
        addFormItem(form, QStringLiteral("client_id"), client.clientId);
        return Result<void>::success();
    }

    // Requirements AUTH-22 / conformance auth/token-endpoint-auth-basic: HTTP Basic only, nothing in the body (RFC 6749
    // §2.3.1: "The client MUST NOT use more than one authentication method in each request").
    if (method == ClientRegistration::kAuthClientSecretBasic) {
        if (client.clientSecret.isEmpty())
            return unusable(
                QCoreApplication::translate("ClientAuthentication", "The client registration has no client secret."),
                QStringLiteral("client_secret_basic needs a client_secret"));
        const QByteArray credentials = formEncoded(client.clientId) + ':' + formEncoded(client.clientSecret);
        headers.append({QByteArray("Authorization"), QByteArray("Basic ") + credentials.toBase64()});
        return Result<void>::success();
    }

    // Requirements AUTH-22 / conformance auth/token-endpoint-auth-post: both in the body (RFC 6749 §2.3.1).
    if (method == ClientRegistration::kAuthClientSecretPost) {
        if (client.clientSecret.isEmpty())
            return unusable(
                QCoreApplication::translate("ClientAuthentication", "The client registration has no client secret."),
                QStringLiteral("client_secret_post needs a client_secret"));
        addFormItem(form, QStringLiteral("client_id"), client.clientId);
        addFormItem(form, QStringLiteral("client_secret"), client.clientSecret);
        return Result<void>::success();
    }

    // RFC 7523 §2.2 / OpenID Connect Core §9 / conformance auth/client-credentials-jwt: a fresh signed
    // assertion per request, its audience the AS's issuer (RFC 7523 §3 item 3).
    if (method == ClientRegistration::kAuthPrivateKeyJwt) {
        if (client.privateKeyPem.isEmpty())
            return unusable(
                QCoreApplication::translate("ClientAuthentication", "The client registration has no private key."),
                QStringLiteral("private_key_jwt needs a private key"));
        if (issuer.isEmpty())
            return unusable(QCoreApplication::translate(
                                "ClientAuthentication",
                                "The authorization server's issuer is unknown, so no client assertion can be "
                                "made for it."),
                            QStringLiteral("private_key_jwt needs the issuer as the assertion audience"));
        Result<QByteArray> assertion =
            client_assertion::sign(client.privateKeyPem, client.signingAlgorithm, client.clientId, issuer, now);
        if (!assertion.ok())
            return assertion.error();
        // client_id is OPTIONAL with an assertion (RFC 7521 §4.2) but harmless, and some servers want it.
        addFormItem(form, QStringLiteral("client_id"), client.clientId);
        addFormItem(form, QStringLiteral("client_assertion_type"), QString(client_assertion::kAssertionType));
        addFormItem(form, QStringLiteral("client_assertion"), QString::fromLatin1(assertion.value()));
        return Result<void>::success();
    }

    // A method Portico does not implement (tls_client_auth, client_secret_jwt, ...): nothing is sent rather
    // than guessing one that might leak a secret the AS did not expect.
    return unusable(QCoreApplication::translate(
                        "ClientAuthentication",
                        "The client registration uses a token endpoint authentication method that Portico does "
                        "not support."),
                    QStringLiteral("token_endpoint_auth_method \"%1\" is not supported").arg(method.left(64)));
}

} // namespace portico::client_authentication
