#include "auth/clientregistrar.h"

#include "auth/metadatajson.h"
#include "auth/oautherrorresponse.h"
#include "common/redaction.h"
#include "net/httpclient.h"
#include "net/urlpolicy.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonValue>
#include <QMetaObject>
#include <QTimeZone>

#include <cmath>
#include <utility>

namespace portico {

namespace {

// Requirements SEC-12: a registration response is a few hundred bytes; 64 KiB is far beyond any real one.
constexpr qsizetype kMaxResponseBytes = 64 * 1024;
// RFC 6749 §5.2 / RFC 7591 §3.2.2 error codes are short ASCII words; anything longer is not one.

QString purpose()
{
    return QStringLiteral("client registration");
}

QString responseDocument()
{
    return QCoreApplication::translate("ClientRegistrar", "client registration response");
}

Error registrationFailed(const QString &detail, int httpStatus = 0)
{
    Error error(ErrorCode::RegistrationFailed,
                QCoreApplication::translate("ClientRegistrar",
                                            "The authorization server did not register Portico as a client."),
                detail);
    if (httpStatus != 0)
        error.withHttpStatus(httpStatus);
    return error;
}

// A metadata_json reader's error (MetadataInvalid) restated as a registration failure: the detail names
// the member, never its value when that could be the secret.
Error asRegistrationFailure(const Error &error, int httpStatus)
{
    return registrationFailed(error.detail(), httpStatus);
}

// Reports `error` later: docs/architecture.md, "Async and errors" wants the callback never synchronous and never after
// the context died, which a queued call to the context guarantees.
void failLater(QObject *context, std::function<void(Result<ClientRegistration>)> done, Error error)
{
    QMetaObject::invokeMethod(
        context, [done = std::move(done), error = std::move(error)]() { done(Result<ClientRegistration>(error)); },
        Qt::QueuedConnection);
}

QStringList requestedGrantTypes()
{
    // Requirements AUTH-16, AUTH-21 (SEP-2207): refresh_token asked for, so the AS may issue refresh tokens.
    return {QStringLiteral("authorization_code"), QStringLiteral("refresh_token")};
}

// The RFC 7591 §2 client metadata Portico sends (requirements AUTH-16).
QByteArray requestBody(const ClientRegistrar::ClientMetadata &client)
{
    QJsonObject body;
    body.insert(QLatin1StringView("redirect_uris"), QJsonArray{client.redirectUri.toString(QUrl::FullyEncoded)});
    body.insert(QLatin1StringView("client_name"),
                client.clientName.isEmpty() ? QStringLiteral("Portico") : client.clientName);
    body.insert(QLatin1StringView("grant_types"), QJsonArray::fromStringList(requestedGrantTypes()));
    body.insert(QLatin1StringView("response_types"), QJsonArray{QStringLiteral("code")});
    // Requirements AUTH-16: explicitly "none" — the RFC 7591 §2 default is client_secret_basic; Portico is a public
    // client.
    body.insert(QLatin1StringView("token_endpoint_auth_method"), QString(ClientRegistration::kAuthNone));
    // Requirements AUTH-16 (2026-07-28 MUST send a value; SEP-837) / OpenID Registration §2: a desktop app is "native".
    body.insert(QLatin1StringView("application_type"), QStringLiteral("native"));
    if (client.clientUri.isValid() && !client.clientUri.isEmpty())
        body.insert(QLatin1StringView("client_uri"), client.clientUri.toString(QUrl::FullyEncoded));
    if (!client.scope.isEmpty())
        body.insert(QLatin1StringView("scope"), client.scope);
    if (!client.softwareId.isEmpty())
        body.insert(QLatin1StringView("software_id"), client.softwareId);
    if (!client.softwareVersion.isEmpty())
        body.insert(QLatin1StringView("software_version"), client.softwareVersion);
    return QJsonDocument(body).toJson(QJsonDocument::Compact);
}

// RFC 7591 §3.2.2: a 400 with `error` (invalid_redirect_uri, invalid_client_metadata, ...) and an optional
// error_description — untrusted display text, put in the detail only shortened and redacted, never in the
// message (requirements SEC-10). Any other status is reported by number. The body is never echoed whole.
Error refused(const HttpResponse &response)
{
    const int status = response.status;
    if (status >= 300 && status < 400)
        // Requirements SEC-2: redirects of registration calls are not followed; the Location is not echoed.
        return registrationFailed(QStringLiteral("HTTP %1 redirect not followed (requirements SEC-2)").arg(status),
                                  status);

    const OAuthErrorResponse parsed = OAuthErrorResponse::parse(response.body);
    const QString &oauthError = parsed.error;
    const QString &description = parsed.description;

    QString message;
    if (oauthError == QLatin1StringView("invalid_redirect_uri")) {
        message = QCoreApplication::translate("ClientRegistrar",
                                              "The authorization server refused to register Portico because it does "
                                              "not accept Portico's redirect address.");
    } else if (oauthError == QLatin1StringView("invalid_client_metadata")) {
        message = QCoreApplication::translate("ClientRegistrar",
                                              "The authorization server refused to register Portico because it does "
                                              "not accept the client information Portico sent.");
    } else {
        message = QCoreApplication::translate("ClientRegistrar",
                                              "The authorization server did not register Portico as a client.");
    }
    QString detail = QStringLiteral("HTTP %1").arg(status);
    if (!oauthError.isEmpty())
        detail += QStringLiteral(", error \"%1\"").arg(oauthError);
    if (!description.isEmpty())
        detail += QStringLiteral(": %1").arg(description);
    Error error(ErrorCode::RegistrationFailed, message, detail);
    error.withHttpStatus(status);
    if (!oauthError.isEmpty())
        error.withOAuthError(oauthError);
    return error;
}

// RFC 7591 §3.2.1 client information response, read as the AS *returned* it (requirements AUTH-17).
Result<ClientRegistration> parseRegistration(const HttpResponse &response, const QString &issuer,
                                             const ClientRegistrar::ClientMetadata &client, const QDateTime &now)
{
    const int status = response.status;
    const QString document = responseDocument();
    // Requirements SEC-12: bounded before parsing.
    if (response.body.size() > kMaxResponseBytes)
        return registrationFailed(QStringLiteral("the response is %1 bytes; at most %2 are accepted")
                                      .arg(response.body.size())
                                      .arg(kMaxResponseBytes),
                                  status);
    Result<QJsonObject> parsed = metadata_json::parseObject(response.body, document);
    if (!parsed.ok())
        return asRegistrationFailure(parsed.error(), status);
    const QJsonObject object = std::move(parsed).value();

    ClientRegistration registration;
    registration.kind = ClientRegistration::Kind::Dynamic;
    // Requirements AUTH-18 (SEP-2352): bound to the issuer it was obtained from, as validated (raw string).
    registration.issuer = issuer;

    // RFC 7591 §3.2.1: client_id REQUIRED.
    Result<std::optional<QString>> clientId =
        metadata_json::optionalString(object, QLatin1StringView("client_id"), document);
    if (!clientId.ok())
        return asRegistrationFailure(clientId.error(), status);
    if (!clientId.value().has_value() || clientId.value()->isEmpty())
        return registrationFailed(QStringLiteral("the response has no client_id (RFC 7591 §3.2.1)"), status);
    registration.clientId = *clientId.value();

    Result<std::optional<QString>> secret =
        metadata_json::optionalString(object, QLatin1StringView("client_secret"), document);
    if (!secret.ok())
        return asRegistrationFailure(secret.error(), status);
    registration.clientSecret = secret.value().value_or(QString());

    // Requirements AUTH-17: the method the AS registered wins over the one requested; absent means it took "none" as
    // asked.
    Result<std::optional<QString>> method =
        metadata_json::optionalString(object, QLatin1StringView("token_endpoint_auth_method"), document);
    if (!method.ok())
        return asRegistrationFailure(method.error(), status);
    registration.tokenEndpointAuthMethod = method.value().value_or(QString(ClientRegistration::kAuthNone));
    const QString &chosen = registration.tokenEndpointAuthMethod;
    const bool secretMethod =
        chosen == ClientRegistration::kAuthClientSecretBasic || chosen == ClientRegistration::kAuthClientSecretPost;
    // Requirements AUTH-22: Portico can authenticate with none, client_secret_basic and client_secret_post here;
    // private_key_jwt needs a key Portico never registered, anything else is unknown.
    if (chosen != ClientRegistration::kAuthNone && !secretMethod)
        return registrationFailed(QStringLiteral("the server registered token_endpoint_auth_method %1, which Portico "
                                                 "cannot use for a dynamically registered client")
                                      .arg(metadata_json::quoted(chosen)),
                                  status);
    if (secretMethod && registration.clientSecret.isEmpty())
        return registrationFailed(
            QStringLiteral("the server registered token_endpoint_auth_method %1 but issued no client_secret")
                .arg(metadata_json::quoted(chosen)),
            status);

    // RFC 7591 §3.2.1: client_secret_expires_at, seconds since the epoch, 0 = never. Absent with a secret is
    // taken as never (many servers omit it).
    const QJsonValue expires = object.value(QLatin1StringView("client_secret_expires_at"));
    if (!expires.isUndefined() && !expires.isNull()) {
        const double seconds = expires.toDouble(-1);
        if (!expires.isDouble() || seconds < 0 || std::floor(seconds) != seconds || seconds > 253402300799.0)
            return registrationFailed(
                QStringLiteral("client_secret_expires_at is not a non-negative whole number of seconds"), status);
        if (seconds > 0)
            registration.secretExpiresAt =
                QDateTime::fromSecsSinceEpoch(static_cast<qint64>(seconds), QTimeZone::utc());
    }
    // Requirements AUTH-17: a secret that is already dead is no registration (the next step would be to register
    // again).
    if (registration.secretExpired(now))
        return registrationFailed(QStringLiteral("the client_secret it issued has already expired"), status);

    // Requirements AUTH-17: the redirect URI the AS registered. Portico's own when it is among them, else the first;
    // requirements AUTH-19: it must be https or loopback http, as every redirect URI Portico uses.
    Result<std::optional<QStringList>> redirects =
        metadata_json::optionalStringArray(object, QLatin1StringView("redirect_uris"), document);
    if (!redirects.ok())
        return asRegistrationFailure(redirects.error(), status);
    registration.redirectUri = client.redirectUri;
    if (redirects.value().has_value() && !redirects.value()->isEmpty()) {
        const QStringList &returned = *redirects.value();
        const QString requested = client.redirectUri.toString(QUrl::FullyEncoded);
        if (!returned.contains(requested)) {
            const QUrl first(returned.constFirst(), QUrl::StrictMode);
            const Result<void> allowed = url_policy::check(first);
            if (!allowed.ok() || first.hasFragment())
                return registrationFailed(
                    QStringLiteral(
                        "the registered redirect URI %1 is not https or loopback http (requirements AUTH-19)")
                        .arg(metadata_json::quoted(returned.constFirst())),
                    status);
            registration.redirectUri = first;
        }
    }

    // Requirements AUTH-17, AUTH-21: the grant types as registered; what was asked for when the AS does not say.
    Result<std::optional<QStringList>> grants =
        metadata_json::optionalStringArray(object, QLatin1StringView("grant_types"), document);
    if (!grants.ok())
        return asRegistrationFailure(grants.error(), status);
    registration.grantTypes = grants.value().value_or(requestedGrantTypes());
    return registration;
}

} // namespace

ClientRegistrar::ClientRegistrar(HttpClient &http, QObject *parent)
    : QObject(parent)
    , m_http(http)
{}

void ClientRegistrar::registerClient(const AuthServerMetadata &metadata, const ClientMetadata &client, QObject *context,
                                     std::function<void(Result<ClientRegistration>)> done)
{
    Q_ASSERT(context);
    // Requirements AUTH-14 step 3: DCR only where the AS offers it.
    if (metadata.registrationEndpoint().isEmpty()) {
        failLater(context, std::move(done),
                  Error(ErrorCode::DiscoveryFailed,
                        QCoreApplication::translate("ClientRegistrar",
                                                    "The authorization server does not offer client registration, "
                                                    "so Portico needs a client ID for it."),
                        QStringLiteral("the metadata of %1 has no registration_endpoint (RFC 8414 §2)")
                            .arg(metadata_json::quoted(metadata.issuer()))));
        return;
    }
    // Requirements AUTH-19 (RFC 8252 §7.3): the redirect URI registered is https or loopback http, nothing else.
    const Result<void> redirectAllowed = url_policy::check(client.redirectUri);
    if (!redirectAllowed.ok() || client.redirectUri.hasFragment()) {
        failLater(context, std::move(done),
                  Error(ErrorCode::InvalidArgument,
                        QCoreApplication::translate("ClientRegistrar",
                                                    "Portico's redirect address is not one it may register."),
                        QStringLiteral(
                            "redirect URI %1 is not https or loopback http without fragment (requirements AUTH-19)")
                            .arg(redaction::redactUrl(client.redirectUri))));
        return;
    }

    HttpRequest request;
    request.method = "POST";
    request.url = metadata.registrationEndpoint();
    request.headers = {{"Content-Type", "application/json"}, {"Accept", "application/json"}};
    request.body = requestBody(client);
    request.purpose = purpose();
    // Requirements SEC-2: a registration call is never re-sent to wherever a redirect points.
    request.followRedirects = false;

    std::function<QDateTime()> clock = m_clock;
    if (!clock)
        clock = [] { return QDateTime::currentDateTimeUtc(); };
    const QString issuer = metadata.issuer();
    m_http.send(std::move(request), context,
                [done = std::move(done), clock = std::move(clock), issuer, client](Result<HttpResponse> result) {
                    if (!result.ok()) {
                        done(result.error());
                        return;
                    }
                    const HttpResponse &response = result.value();
                    // Requirements AUTH-17 / RFC 7591 §3.2.1: 201 Created; 200 accepted too, as many servers send it.
                    if (response.status != 201 && response.status != 200) {
                        done(refused(response));
                        return;
                    }
                    done(parseRegistration(response, issuer, client, clock()));
                });
}

Result<ClientRegistration> ClientRegistrar::metadataDocumentClient(const QUrl &documentUrl, const QUrl &redirectUri)
{
    auto invalid = [](const QString &detail) {
        return Error(ErrorCode::InvalidArgument,
                     QCoreApplication::translate("ClientRegistrar",
                                                 "The client metadata document address is not usable as a client ID."),
                     detail);
    };
    // Requirements AUTH-15 / CIMD draft §3: an https URL (never plain http, not even to loopback) with a path, no
    // fragment; url_policy also refuses userinfo.
    if (!documentUrl.isValid() || documentUrl.scheme() != QLatin1StringView("https")
        || !url_policy::check(documentUrl).ok())
        return invalid(
            QStringLiteral("%1 is not an https URL (requirements AUTH-15)").arg(redaction::redactUrl(documentUrl)));
    if (documentUrl.path().isEmpty() || documentUrl.path() == QLatin1StringView("/"))
        return invalid(QStringLiteral("%1 has no path; a client ID metadata document URL must contain one")
                           .arg(redaction::redactUrl(documentUrl)));
    if (documentUrl.hasFragment())
        return invalid(QStringLiteral("%1 has a fragment").arg(redaction::redactUrl(documentUrl)));
    // Requirements AUTH-19: the redirect URI used with it is https or loopback http.
    if (!url_policy::check(redirectUri).ok() || redirectUri.hasFragment())
        return invalid(QStringLiteral("redirect URI %1 is not https or loopback http (requirements AUTH-19)")
                           .arg(redaction::redactUrl(redirectUri)));

    ClientRegistration registration;
    registration.kind = ClientRegistration::Kind::MetadataDocument;
    // Requirements AUTH-18: a CIMD client id is valid at every AS that supports CIMD, so it belongs to no single
    // issuer.
    registration.issuer = QString();
    registration.clientId = documentUrl.toString(QUrl::FullyEncoded);
    registration.tokenEndpointAuthMethod = QString(ClientRegistration::kAuthNone);
    registration.redirectUri = redirectUri;
    registration.grantTypes = requestedGrantTypes();
    return registration;
}

} // namespace portico
