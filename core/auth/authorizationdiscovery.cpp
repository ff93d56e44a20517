#include "auth/authorizationdiscovery.h"
#include "net/urlpolicy.h"

#include "auth/discoveryurls.h"
#include "auth/metadatajson.h"
#include "common/redaction.h"
#include "net/httpclient.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMetaObject>
#include <QPointer>

#include <memory>
#include <utility>

namespace portico {

namespace {

using discovery_urls::AsMetadataUrl;
using discovery_urls::PrmUrl;
using Outcome = AuthorizationDiscovery::Outcome;
using Done = std::function<void(Result<Outcome>)>;

// The exchange log / Activity labels of the two kinds of request (docs/architecture.md, "Async and errors").
QString prmPurpose()
{
    return QStringLiteral("protected resource metadata");
}

QString asPurpose()
{
    return QStringLiteral("authorization server metadata");
}

Error discoveryFailed(const QString &message, const QString &detail, int httpStatus = 0)
{
    Error error(ErrorCode::DiscoveryFailed, message, detail);
    if (httpStatus != 0)
        error.withHttpStatus(httpStatus);
    return error;
}

bool isRedirect(int status)
{
    return status >= 300 && status < 400;
}

// Requirements AUTH-2 "when to move to the next URL": 4xx or 502 (TS SDK shouldAttemptFallback), and — since
// redirects are not followed (requirements SEC-2, ATTACK-8) — a 3xx, which says only that the document is not at this
// URL.
bool meansNotHere(int status)
{
    return isRedirect(status) || discovery_urls::shouldTryNextCandidate(status);
}

// RFC 9728 §3.2 / RFC 8414 §3.2: the metadata response is application/json. A missing Content-Type is
// tolerated (the JSON parser still decides), a declared non-JSON type (an HTML page served for every
// path, say) is not a metadata document.
bool isJsonContentType(const QByteArray &contentType)
{
    if (contentType.isEmpty())
        return true;
    const qsizetype semicolon = contentType.indexOf(';');
    const QByteArray mediaType = (semicolon < 0 ? contentType : contentType.left(semicolon)).trimmed().toLower();
    return mediaType == "application/json" || mediaType.endsWith("+json");
}

// One run of discover(): the candidates, where it is, and how to report. Shared by the callbacks of its
// requests; the callbacks are bound to the caller's context, so the run ends silently with it.
struct Run
{
    HttpClient *http = nullptr;
    AuthorizationDiscovery::Input input;
    AuthorizationDiscovery::StepLog log;
    QPointer<QObject> context;
    Done done;

    QList<PrmUrl> prmUrls;
    qsizetype prmIndex = 0;
    std::optional<ProtectedResourceMetadata> resourceMetadata;
    QUrl resourceMetadataUrl;

    QString issuer; // the raw issuer string the AS candidates were built from (RFC 8414 §3.1, §3.3)
    QList<AsMetadataUrl> asUrls;
    qsizetype asIndex = 0;
    bool legacy = false; // the 2025-03-26 path (requirements AUTH-13)

    void step(const QString &line) const
    {
        if (log)
            log(line);
    }

    // Exactly one report per run (docs/architecture.md, "Async and errors").
    void finish(Result<Outcome> result)
    {
        Done callback = std::exchange(done, Done());
        if (callback)
            callback(std::move(result));
    }
};

using RunPtr = std::shared_ptr<Run>;

void tryNextPrm(const RunPtr &run);
void tryNextAs(const RunPtr &run);

// A GET of one metadata URL: no credentials (requirements SEC-11: the access token never goes to a metadata URL),
// Accept: application/json, redirects not followed (requirements SEC-2, ATTACK-8), through HttpClient (URL policy
// requirements SEC-1, TLS fail-closed requirements SEC-14, time and size limits requirements SEC-12). One StepLog line
// per request; URLs carry no secrets, and are redacted anyway in case a server put one in a query.
void fetch(const RunPtr &run, const QUrl &url, const QString &purpose,
           std::function<void(const HttpResponse &)> onAnswer)
{
    HttpRequest request;
    request.method = "GET";
    request.url = url;
    request.headers = {{"Accept", "application/json"}};
    request.purpose = purpose;
    request.followRedirects = false;
    const QString shownUrl = redaction::redactUrl(url);
    run->http->send(std::move(request), run->context.data(),
                    [run, shownUrl, onAnswer = std::move(onAnswer)](Result<HttpResponse> result) {
                        if (!result.ok()) {
                            run->step(
                                QStringLiteral("GET %1 → network error: %2").arg(shownUrl, result.error().message()));
                            // Requirements AUTH-2: a network error ends discovery; the transport error says what
                            // happened.
                            run->finish(result.error());
                            return;
                        }
                        run->step(QStringLiteral("GET %1 → %2").arg(shownUrl).arg(result.value().status));
                        onAnswer(result.value());
                    });
}

Result<void> checkContentType(const HttpResponse &response, const QString &document)
{
    const QByteArray contentType = response.header("Content-Type");
    if (isJsonContentType(contentType))
        return Result<void>::success();
    return metadata_json::invalid(document, QStringLiteral("the server sent %1 instead of JSON")
                                                .arg(metadata_json::quoted(QString::fromLatin1(contentType))));
}

void succeed(const RunPtr &run, AuthServerMetadata metadata, const QUrl &metadataUrl)
{
    Outcome outcome{run->resourceMetadata, std::move(metadata), QString(), run->resourceMetadataUrl, metadataUrl};
    // Requirements AUTH-5; RFC 8707 §2: the PRM's `resource` exactly as written; on the legacy path the server URL's
    // canonical form.
    outcome.resource = run->resourceMetadata ? run->resourceMetadata->resource()
                                             : AuthorizationDiscovery::canonicalResource(run->input.mcpServerUrl);
    run->finish(std::move(outcome));
}

void startAuthServer(const RunPtr &run, const QString &issuer, Result<QList<AsMetadataUrl>> urls)
{
    if (!urls.ok()) {
        run->finish(urls.error());
        return;
    }
    run->issuer = issuer;
    run->asUrls = std::move(urls).value();
    run->asIndex = 0;
    tryNextAs(run);
}

// Requirements AUTH-13: no PRM anywhere. With the fallback allowed, the MCP server's origin is the AS.
void noResourceMetadata(const RunPtr &run)
{
    if (!run->input.allowLegacyFallback) {
        // 2026-07-28 ASD: "abort, or use pre-configured values" — the caller holds the latter.
        run->finish(discoveryFailed(
            QCoreApplication::translate("AuthorizationDiscovery",
                                        "The server publishes no protected resource metadata, so Portico cannot "
                                        "find out where to sign in."),
            QStringLiteral("every well-known protected resource metadata URL answered \"not here\" (RFC 9728 "
                           "§3.1); the 2025-03-26 fallback is off")));
        return;
    }
    Result<QString> issuer = discovery_urls::legacyAuthorizationServerIssuer(run->input.mcpServerUrl);
    if (!issuer.ok()) {
        run->finish(issuer.error());
        return;
    }
    run->legacy = true;
    startAuthServer(run, issuer.value(),
                    discovery_urls::legacyAuthorizationServerMetadataUrls(run->input.mcpServerUrl));
}

void onPrmAnswer(const RunPtr &run, const PrmUrl &candidate, const HttpResponse &response)
{
    const int status = response.status;
    if (status == 200) {
        // RFC 9728 §3.2: only a 200 with a JSON object is a PRM; a bad document ends discovery (requirements AUTH-2: it
        // is not a reason to try the next URL).
        const Result<void> typed = checkContentType(
            response, QCoreApplication::translate("AuthorizationDiscovery", "protected resource metadata"));
        if (!typed.ok()) {
            run->finish(typed.error());
            return;
        }
        // Requirements AUTH-4, AUTH-5, SEC-1 (and requirements ATTACK-2: ResourceMismatch ends here, before any AS
        // request).
        Result<ProtectedResourceMetadata> parsed =
            ProtectedResourceMetadata::fromJson(response.body, run->input.mcpServerUrl);
        if (!parsed.ok()) {
            run->finish(parsed.error());
            return;
        }
        run->resourceMetadata = std::move(parsed).value();
        run->resourceMetadataUrl = candidate.url;
        // Requirements AUTH-7 (RFC 9728 §7.6): Portico picks the first authorization server listed.
        const QString issuer = run->resourceMetadata->authorizationServers().constFirst();
        startAuthServer(run, issuer, discovery_urls::authorizationServerMetadataUrls(issuer));
        return;
    }
    if (meansNotHere(status)) {
        if (candidate.kind == discovery_urls::PrmUrlKind::FromChallenge) {
            // Requirements AUTH-2 step 1: the header's URL and nothing else. The TS SDK does not fall back from it, and
            // the conformance trap prm-priority-order fails a client that then asks for the root PRM; nor is
            // this "no PRM at all", so the 2025-03-26 path does not apply either.
            run->finish(discoveryFailed(
                QCoreApplication::translate("AuthorizationDiscovery",
                                            "The protected resource metadata the server pointed to could not be "
                                            "fetched, so Portico cannot find out where to sign in."),
                QStringLiteral("the resource_metadata URL of the challenge answered HTTP %1").arg(status), status));
            return;
        }
        ++run->prmIndex;
        tryNextPrm(run);
        return;
    }
    // Requirements AUTH-2: other statuses (5xx except 502, 1xx/2xx other than 200) end discovery.
    run->finish(discoveryFailed(
        QCoreApplication::translate("AuthorizationDiscovery", "The server could not provide its protected resource "
                                                              "metadata, so Portico cannot find out where to sign in."),
        QStringLiteral("protected resource metadata request answered HTTP %1").arg(status), status));
}

void tryNextPrm(const RunPtr &run)
{
    if (run->prmIndex >= run->prmUrls.size()) {
        noResourceMetadata(run);
        return;
    }
    const PrmUrl candidate = run->prmUrls.at(run->prmIndex);
    fetch(run, candidate.url, prmPurpose(),
          [run, candidate](const HttpResponse &response) { onPrmAnswer(run, candidate, response); });
}

void legacyDefaults(const RunPtr &run)
{
    // Requirements AUTH-13 step 2 (2025-03-26 §Fallbacks): /authorize, /token, /register on the MCP server's origin.
    Result<AuthServerMetadata> defaults = AuthServerMetadata::legacyDefaults(run->input.mcpServerUrl);
    if (!defaults.ok()) {
        run->finish(defaults.error());
        return;
    }
    succeed(run, std::move(defaults).value(), QUrl());
}

void onAsAnswer(const RunPtr &run, const AsMetadataUrl &candidate, const HttpResponse &response)
{
    const int status = response.status;
    if (status == 200) {
        const Result<void> typed = checkContentType(
            response, QCoreApplication::translate("AuthorizationDiscovery", "authorization server metadata"));
        if (!typed.ok()) {
            run->finish(typed.error());
            return;
        }
        // Requirements AUTH-9–AUTH-12 (requirements ATTACK-1 issuer mismatch, ATTACK-3 no S256, ATTACK-7 bad
        // endpoints): an error ends discovery, and nothing of the rejected document is ever used — AuthServerMetadata
        // cannot hold an unchecked one.
        QString expectedIssuer = run->issuer;
        if (run->legacy) {
            // Requirements AUTH-13 (2025-03-26 §2.3.2): a 2025-03-26 client looks for metadata at the MCP server's
            // origin without knowing the issuer, and those servers name issuers with a path (e.g. {origin}/oauth). The
            // echo check (RFC 8414 §3.3) then compares against the issuer the document names, but only when it lives on
            // the very origin that was asked: metadata can never speak for another host, and the issuer accepted
            // here is the one the `iss` callback parameter must match (RFC 9207 §2.4).
            const QString named =
                QJsonDocument::fromJson(response.body).object().value(QStringLiteral("issuer")).toString();
            if (!named.isEmpty() && url_policy::isSameOrigin(QUrl(named), run->input.mcpServerUrl))
                expectedIssuer = named;
        }
        Result<AuthServerMetadata> parsed = AuthServerMetadata::fromJson(response.body, expectedIssuer, candidate.kind);
        if (!parsed.ok()) {
            run->finish(parsed.error());
            return;
        }
        succeed(run, std::move(parsed).value(), candidate.url);
        return;
    }
    if (run->legacy) {
        // Requirements AUTH-13 step 1 → 2: "if that returns 404" the default endpoints apply (a redirect, not followed,
        // is the same "not published here"). Anything else is a failure of the server, not an absence of metadata.
        if (status == 404 || isRedirect(status)) {
            legacyDefaults(run);
            return;
        }
    } else if (meansNotHere(status)) {
        // Requirements AUTH-2: the next candidate of the issuer; never the root forms for an issuer with a path (trap
        // 2).
        ++run->asIndex;
        tryNextAs(run);
        return;
    }
    run->finish(discoveryFailed(QCoreApplication::translate("AuthorizationDiscovery",
                                                            "The authorization server could not provide its "
                                                            "metadata, so Portico cannot sign in there."),
                                QStringLiteral("authorization server metadata for %1 answered HTTP %2")
                                    .arg(metadata_json::quoted(run->issuer))
                                    .arg(status),
                                status));
}

void tryNextAs(const RunPtr &run)
{
    if (run->asIndex >= run->asUrls.size()) {
        // Only reachable off the legacy path (it has one candidate, and its "not here" ends in the defaults).
        // 2026-07-28 ASD: an issuer named by a PRM gets no synthesized metadata.
        run->finish(discoveryFailed(
            QCoreApplication::translate("AuthorizationDiscovery",
                                        "The authorization server %1 publishes no metadata at any of the standard "
                                        "addresses, so Portico cannot sign in there.")
                .arg(metadata_json::quoted(run->issuer)),
            QStringLiteral("no RFC 8414 or OpenID Connect discovery document for issuer %1 (%2 URLs tried)")
                .arg(metadata_json::quoted(run->issuer))
                .arg(run->asUrls.size())));
        return;
    }
    const AsMetadataUrl candidate = run->asUrls.at(run->asIndex);
    fetch(run, candidate.url, asPurpose(),
          [run, candidate](const HttpResponse &response) { onAsAnswer(run, candidate, response); });
}

} // namespace

AuthorizationDiscovery::AuthorizationDiscovery(HttpClient &http, QObject *parent)
    : QObject(parent)
    , m_http(http)
{}

void AuthorizationDiscovery::discover(const Input &input, const StepLog &log, QObject *context,
                                      std::function<void(Result<Outcome>)> done)
{
    Q_ASSERT(context);
    auto run = std::make_shared<Run>();
    run->http = &m_http;
    run->input = input;
    run->log = log;
    run->context = context;
    run->done = std::move(done);

    // Requirements AUTH-2 PRM steps 1–3: the header URL alone, or path-inserted then root; requirements SEC-1 on every
    // URL.
    Result<QList<PrmUrl>> urls =
        discovery_urls::protectedResourceMetadataUrls(input.mcpServerUrl, input.challengeResourceMetadata);
    if (!urls.ok()) {
        // docs/architecture.md, "Async and errors": the callback is never synchronous, not even for an error found up
        // front.
        QMetaObject::invokeMethod(
            context, [run, error = urls.error()]() { run->finish(error); }, Qt::QueuedConnection);
        return;
    }
    run->prmUrls = std::move(urls).value();
    tryNextPrm(run);
}

QString AuthorizationDiscovery::canonicalResource(const QUrl &mcpServerUrl)
{
    // Requirements AUTH-27 / RFC 8707 §2 / MCP 2026-07-28 authorization, 'Canonical Server URI': absolute, no fragment;
    // QUrl already keeps scheme and host in lower case. The default port is left out, the path (and query) kept as they
    // are, no '/' added.
    QUrl url = mcpServerUrl.adjusted(QUrl::RemoveFragment | QUrl::RemoveUserInfo);
    url.setScheme(url.scheme().toLower());
    url.setHost(url.host().toLower());
    const QString scheme = url.scheme();
    if ((scheme == QLatin1StringView("https") && url.port() == 443)
        || (scheme == QLatin1StringView("http") && url.port() == 80))
        url.setPort(-1);
    return url.toString(QUrl::FullyEncoded);
}

} // namespace portico
