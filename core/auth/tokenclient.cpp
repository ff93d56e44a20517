#include "auth/tokenclient.h"

#include "auth/clientauthentication.h"
#include "auth/metadatajson.h"
#include "auth/oautherrorresponse.h"
#include "net/httpclient.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonValue>
#include <QMetaObject>
#include <QUrlQuery>

#include <optional>
#include <utility>

namespace portico {

namespace {

const QString kPurposeToken = QStringLiteral("token request");
const QString kPurposeRefresh = QStringLiteral("token refresh");
const QString kPurposeClientCredentials = QStringLiteral("token request (client credentials)");
const QString kPurposeRevocation = QStringLiteral("token revocation");

// The clock of a TokenClient, copied into callbacks that may outlive the client (they are bound to the
// caller's context, not to the TokenClient).
std::function<QDateTime()> clockOrSystem(std::function<QDateTime()> clock)
{
    if (clock)
        return clock;
    return [] { return QDateTime::currentDateTimeUtc(); };
}

// application/x-www-form-urlencoded (HTML §4.10.21.8 / RFC 6749 Appendix B) from the decoded items of
// `form`. QUrlQuery's own serialization leaves '+' as is, which a form decoder reads as a space, so a secret
// or code with a '+' would arrive changed: every key and value is percent-encoded here instead, leaving only
// RFC 3986 unreserved characters bare ('&', '=', '+', ' ' and '%' included).
QByteArray encodeForm(const QUrlQuery &form)
{
    QByteArray body;
    const QList<QPair<QString, QString>> items = form.queryItems(QUrl::FullyDecoded);
    for (const auto &[key, value] : items) {
        if (!body.isEmpty())
            body += '&';
        body += QUrl::toPercentEncoding(key);
        body += '=';
        body += QUrl::toPercentEncoding(value);
    }
    return body;
}

// Adds one form field to `form` so that form.queryItems(QUrl::FullyDecoded) gives back exactly `value`.
// QUrlQuery::addQueryItem guesses whether its input is already encoded: a value holding "%41" becomes "A"
// unless some other '%' in it is not followed by two hex digits. A secret, code or token must arrive byte for
// byte (requirements AUTH-22; RFC 6749 §4.1.3), so the value goes in percent-encoded and unambiguous.
void addFormItem(QUrlQuery &form, const QString &name, const QString &value)
{
    form.addQueryItem(name, QString::fromLatin1(QUrl::toPercentEncoding(value)));
}

// A non-200 answer of a token or revocation endpoint: TokenRequestFailed with the status and, when the body
// is an RFC 6749 §5.2 error response, its `error`. error_description is untrusted display text: it goes into
// the detail only shortened and redacted (metadata_json::quoted), never into the message.
Error endpointRefused(const HttpResponse &response, bool revocation)
{
    const int status = response.status;
    if (status >= 300 && status < 400) {
        // Requirements SEC-2: a redirect of a POST that carries a code, verifier, refresh token or secret is never
        // followed; re-sending it elsewhere is how such credentials leak. The Location is not echoed (it may carry
        // one).
        Error error(ErrorCode::TokenRequestFailed,
                    revocation ? QCoreApplication::translate(
                        "TokenClient", "The authorization server redirected the revocation request; Portico "
                                       "does not send tokens on to another address.")
                               : QCoreApplication::translate(
                                   "TokenClient", "The authorization server redirected the token request; Portico does "
                                                  "not send sign-in credentials on to another address."),
                    QStringLiteral("HTTP %1 redirect not followed (requirements SEC-2)").arg(status));
        error.withHttpStatus(status);
        return error;
    }

    const OAuthErrorResponse parsed = OAuthErrorResponse::parse(response.body);
    const QString &oauthError = parsed.error;
    const QString &description = parsed.description;

    QString message;
    if (revocation) {
        message = QCoreApplication::translate("TokenClient",
                                              "The authorization server did not confirm that the token was revoked.");
    } else if (oauthError == QLatin1StringView("invalid_grant")) {
        // Requirements AUTH-42: the code or refresh token is dead (expired, used, revoked); the caller starts a full
        // sign-in.
        message = QCoreApplication::translate(
            "TokenClient", "The authorization server no longer accepts this sign-in; please sign in again.");
    } else if (oauthError == QLatin1StringView("invalid_client")
               || oauthError == QLatin1StringView("unauthorized_client")) {
        message = QCoreApplication::translate("TokenClient",
                                              "The authorization server did not accept Portico's client credentials.");
    } else if (oauthError == QLatin1StringView("invalid_scope")) {
        message = QCoreApplication::translate("TokenClient",
                                              "The authorization server refused the access that was requested.");
    } else {
        message = QCoreApplication::translate("TokenClient", "The authorization server refused the token request.");
    }

    QString detail = QStringLiteral("HTTP %1").arg(status);
    if (!oauthError.isEmpty())
        detail += QStringLiteral(", error \"%1\"").arg(oauthError);
    if (!description.isEmpty())
        detail += QStringLiteral(": %1").arg(description);
    Error error(ErrorCode::TokenRequestFailed, message, detail);
    error.withHttpStatus(status);
    if (!oauthError.isEmpty())
        error.withOAuthError(oauthError);
    return error;
}

// Reports `error` later, on `context`'s thread: docs/architecture.md, "Async and errors" wants the callback never
// synchronous and never after the context died, which a queued call to the context guarantees.
template<typename T>
void failLater(QObject *context, std::function<void(Result<T>)> done, Error error)
{
    QMetaObject::invokeMethod(
        context, [done = std::move(done), error = std::move(error)]() { done(Result<T>(error)); },
        Qt::QueuedConnection);
}

Error invalidArgument(const QString &message, const QString &detail)
{
    return Error(ErrorCode::InvalidArgument, message, detail);
}

// The request every token and revocation call makes: a form POST, never following redirects (requirements SEC-2).
HttpRequest formPost(const QUrl &url, const QUrlQuery &form, HttpHeaders headers, const QString &purpose)
{
    HttpRequest request;
    request.method = "POST";
    request.url = url;
    // RFC 6749 §3.2 / §4.1.3: "application/x-www-form-urlencoded"; §5.1 answers in JSON.
    headers.prepend({QByteArray("Accept"), QByteArray("application/json")});
    headers.prepend({QByteArray("Content-Type"), QByteArray("application/x-www-form-urlencoded")});
    request.headers = std::move(headers);
    request.body = encodeForm(form);
    request.purpose = purpose;
    request.followRedirects = false; // Requirements SEC-2: a 3xx comes back as the response and is refused above
    return request;
}

// The part every grant shares (requirements AUTH-22, AUTH-27, AUTH-34, AUTH-35, AUTH-41): `resource`, client
// authentication, the POST, and the response turned into a TokenSet. `previous` is the token set being refreshed
// (RFC 6749 §6).
void requestTokens(HttpClient &http, const std::function<QDateTime()> &clock, const TokenClient::Endpoint &endpoint,
                   QUrlQuery form, const QString &purpose, const ScopeSet &requested, std::optional<TokenSet> previous,
                   QObject *context, TokenClient::TokenCallback done)
{
    // Requirements AUTH-27, SEC-5 / RFC 8707 §2: the resource indicator on every token request, the same string as on
    // the authorization request; omitted only when the person chose to (empty resource).
    if (!endpoint.resource.isEmpty())
        addFormItem(form, QStringLiteral("resource"), endpoint.resource);
    HttpHeaders headers;
    const Result<void> authenticated =
        client_authentication::apply(endpoint.client, endpoint.issuer, clock(), form, headers);
    if (!authenticated.ok()) {
        failLater(context, std::move(done), authenticated.error());
        return;
    }
    // The lifetime counts from when the request left, not from when the answer arrived: the AS started the
    // clock somewhere in between (RFC 6749 §5.1 expires_in), and a slow answer must not make Portico believe
    // a token lives longer than it does (proactive refresh would then come too late).
    const QDateTime sent = clock();
    http.send(formPost(endpoint.tokenEndpoint, form, std::move(headers), purpose), context,
              [sent, requested, previous = std::move(previous), done = std::move(done)](Result<HttpResponse> result) {
                  if (!result.ok()) {
                      done(result.error()); // transport: UrlRejected, Timeout, ResponseTooLarge, ...
                      return;
                  }
                  const HttpResponse &response = result.value();
                  // Requirements AUTH-35: only a 200 carries tokens (RFC 6749 §5.1); 201, 204 and the rest do not.
                  if (response.status != 200) {
                      done(endpointRefused(response, false));
                      return;
                  }
                  Result<TokenSet> tokens =
                      TokenSet::fromTokenResponse(response.body, requested, sent, previous ? &*previous : nullptr);
                  if (!tokens.ok()) {
                      Error error = tokens.error();
                      error.withHttpStatus(response.status);
                      done(error);
                      return;
                  }
                  done(std::move(tokens));
              });
}

} // namespace

TokenClient::TokenClient(HttpClient &http, QObject *parent)
    : QObject(parent)
    , m_http(http)
    , m_clock([] { return QDateTime::currentDateTimeUtc(); })
{}

QDateTime TokenClient::now() const
{
    return m_clock ? m_clock() : QDateTime::currentDateTimeUtc();
}

void TokenClient::exchangeCode(const Endpoint &endpoint, const QByteArray &code, const QUrl &redirectUri,
                               const QByteArray &codeVerifier, const ScopeSet &requested, QObject *context,
                               TokenCallback done)
{
    Q_ASSERT(context);
    if (code.isEmpty() || codeVerifier.isEmpty() || !redirectUri.isValid()) {
        failLater(context, std::move(done),
                  invalidArgument(tr("The sign-in cannot be completed: the authorization response is incomplete."),
                                  QStringLiteral("exchangeCode needs a code, a code_verifier and a redirect_uri")));
        return;
    }
    // RFC 6749 §4.1.3 / OAuth 2.1 §4.1.3: grant_type, code, the same redirect_uri as on the authorization request, and
    // the PKCE code_verifier (RFC 7636 §4.5); client_id or client authentication and resource follow.
    QUrlQuery form;
    addFormItem(form, QStringLiteral("grant_type"), QStringLiteral("authorization_code"));
    addFormItem(form, QStringLiteral("code"), QString::fromUtf8(code));
    addFormItem(form, QStringLiteral("redirect_uri"), redirectUri.toString(QUrl::FullyEncoded));
    addFormItem(form, QStringLiteral("code_verifier"), QString::fromLatin1(codeVerifier));
    requestTokens(m_http, clockOrSystem(m_clock), endpoint, std::move(form), kPurposeToken, requested, std::nullopt,
                  context, std::move(done));
}

void TokenClient::refresh(const Endpoint &endpoint, const TokenSet &current, QObject *context, TokenCallback done)
{
    Q_ASSERT(context);
    // Requirements AUTH-35: no refresh token may have been issued; then there is nothing to refresh with (full
    // sign-in).
    if (!current.hasRefreshToken()) {
        failLater(context, std::move(done),
                  invalidArgument(tr("The sign-in cannot be renewed because the server issued no refresh token."),
                                  QStringLiteral("refresh needs a refresh_token")));
        return;
    }
    // Requirements AUTH-41 / OAuth 2.1 §4.3.1: grant_type, refresh_token, client authentication, resource. No scope:
    // "if omitted [it] is treated as equal to the scope originally granted" (RFC 6749 §6), which is therefore
    // what a response without `scope` means.
    QUrlQuery form;
    addFormItem(form, QStringLiteral("grant_type"), QStringLiteral("refresh_token"));
    addFormItem(form, QStringLiteral("refresh_token"), current.refreshToken);
    requestTokens(m_http, clockOrSystem(m_clock), endpoint, std::move(form), kPurposeRefresh, current.grantedScopes,
                  current, context, std::move(done));
}

void TokenClient::clientCredentials(const Endpoint &endpoint, const ScopeSet &scopes, QObject *context,
                                    TokenCallback done)
{
    Q_ASSERT(context);
    // RFC 6749 §4.4: "The client credentials grant type MUST only be used by confidential clients": a public
    // client ("none") has nothing to prove who it is with.
    if (endpoint.client.tokenEndpointAuthMethod == ClientRegistration::kAuthNone) {
        failLater(context, std::move(done),
                  invalidArgument(tr("Machine-to-machine sign-in needs a client secret or a private key."),
                                  QStringLiteral("client_credentials needs a confidential client (RFC 6749 §4.4)")));
        return;
    }
    // RFC 6749 §4.4.2 / SEP-1046: grant_type, optional scope, client authentication, resource.
    QUrlQuery form;
    addFormItem(form, QStringLiteral("grant_type"), QStringLiteral("client_credentials"));
    if (!scopes.isEmpty())
        addFormItem(form, QStringLiteral("scope"), scopes.toString());
    requestTokens(m_http, clockOrSystem(m_clock), endpoint, std::move(form), kPurposeClientCredentials, scopes,
                  std::nullopt, context, std::move(done));
}

void TokenClient::revoke(const QUrl &revocationEndpoint, const Endpoint &endpoint, const QString &token,
                         const QString &tokenTypeHint, QObject *context, std::function<void(Result<void>)> done)
{
    Q_ASSERT(context);
    if (token.isEmpty() || !revocationEndpoint.isValid()) {
        failLater(context, std::move(done),
                  invalidArgument(tr("There is no token to revoke, or no address to revoke it at."),
                                  QStringLiteral("revoke needs a token and a revocation endpoint")));
        return;
    }
    // Requirements AUTH-43 / RFC 7009 §2.1: token, token_type_hint (OPTIONAL), and the client authentication of the
    // token endpoint ("the client also includes its authentication credentials as described in Section 2.3 of
    // [RFC6749]"). No resource: RFC 7009 defines none.
    QUrlQuery form;
    addFormItem(form, QStringLiteral("token"), token);
    if (!tokenTypeHint.isEmpty())
        addFormItem(form, QStringLiteral("token_type_hint"), tokenTypeHint);
    HttpHeaders headers;
    const Result<void> authenticated =
        client_authentication::apply(endpoint.client, endpoint.issuer, now(), form, headers);
    if (!authenticated.ok()) {
        failLater(context, std::move(done), authenticated.error());
        return;
    }
    m_http.send(formPost(revocationEndpoint, form, std::move(headers), kPurposeRevocation), context,
                [done = std::move(done)](Result<HttpResponse> result) {
                    if (!result.ok()) {
                        done(result.error());
                        return;
                    }
                    // RFC 7009 §2.2: "The authorization server responds with HTTP status code 200 if the token
                    // has been revoked successfully or if the client submitted an invalid token" — an unknown
                    // token is success too. Other 2xx are read the same way (nothing is left to do).
                    if (result.value().isSuccess()) {
                        done(Result<void>::success());
                        return;
                    }
                    // An error (e.g. 503, RFC 7009 §2.2.1): reported; the caller deletes its copies anyway
                    // (requirements AUTH-43).
                    done(endpointRefused(result.value(), true));
                });
}

} // namespace portico
