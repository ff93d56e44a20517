#include "net/redirectpolicy.h"

#include "common/redaction.h"
#include "net/urlpolicy.h"

namespace portico::redirect_policy {

namespace {

// Credentials a redirect must not carry to another origin (RFC 9110 §15.4: a user agent must take care not
// to leak credentials; Fetch §4.4 step 13 removes Authorization on cross-origin redirects). Every header
// the redaction helper calls secret (Cookie, Mcp-Session-Id, DPoP, X-Api-Key, ...) goes with them.
bool isCredentialHeader(const QByteArray &name)
{
    const QByteArrayView view(name);
    return view.compare(QByteArrayView("authorization"), Qt::CaseInsensitive) == 0
           || view.compare(QByteArrayView("proxy-authorization"), Qt::CaseInsensitive) == 0
           || view.compare(QByteArrayView("cookie"), Qt::CaseInsensitive) == 0
           || redaction::isSensitiveParameterName(QString::fromLatin1(name));
}

// Headers that describe a request body (Fetch "request-body-header name"), dropped with the body when a
// redirect turns the request into a GET.
bool isBodyHeader(const QByteArray &name)
{
    const QByteArrayView view(name);
    for (const char *bodyHeader :
         {"content-type", "content-length", "content-encoding", "content-language", "content-location"}) {
        if (view.compare(QByteArrayView(bodyHeader), Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

} // namespace

bool isRedirectStatus(int status)
{
    // RFC 9110 §15.4.2–§15.4.9: the redirections that carry a Location to follow. 300 (a choice for the
    // user), 304 (a cache answer) and 305/306 (deprecated, unused) are returned as they are.
    return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
}

Result<Hop> nextHop(const Hop &current, int status, const QByteArray &location, int redirectsSoFar, int maxRedirects,
                    const QString &hopDescription, bool redirectOnlyWithinOrigin)
{
    const QString host = current.url.host();
    // RFC 9110 §10.2.2: Location is a URI reference, relative ones resolved against the request's URI
    // (RFC 3986 §5). Tolerant parsing: servers do send unencoded spaces and non-ASCII.
    QUrl target = QUrl::fromEncoded(location);
    if (location.isEmpty() || !target.isValid()) {
        return Error(ErrorCode::RedirectRejected,
                     QStringLiteral("%1 sent a redirect without a valid location.").arg(host), hopDescription);
    }
    target = current.url.resolved(target);
    // §10.2.2: a Location without a fragment inherits the original one.
    if (!target.hasFragment() && current.url.hasFragment())
        target.setFragment(current.url.fragment(QUrl::FullyEncoded), QUrl::TolerantMode);

    if (redirectsSoFar >= maxRedirects) {
        return Error(ErrorCode::RedirectRejected,
                     QStringLiteral("%1 redirected more than %2 times.").arg(host).arg(maxRedirects),
                     QStringLiteral("redirect %1 to %2 refused: %3")
                         .arg(redirectsSoFar + 1)
                         .arg(redaction::redactUrl(target), hopDescription));
    }
    // Every hop passes the same policy as the first request (docs/architecture.md, "Security rules").
    if (const Result<void> allowed = url_policy::check(target); !allowed.ok()) {
        return Error(ErrorCode::RedirectRejected,
                     QStringLiteral("%1 redirected to an address Portico does not connect to.").arg(host),
                     QStringLiteral("redirect to %1 refused (%2): %3")
                         .arg(allowed.error().detail(), allowed.error().message(), hopDescription));
    }
    // No https -> http downgrade, even to loopback: what was sent under TLS must not continue in clear.
    if (current.url.scheme() == QLatin1String("https") && target.scheme() == QLatin1String("http")) {
        return Error(ErrorCode::RedirectRejected,
                     QStringLiteral("%1 redirected from https to plain http, which Portico refuses.").arg(host),
                     QStringLiteral("redirect to %1 refused: %2").arg(redaction::redactUrl(target), hopDescription));
    }

    // RFC 9110 §15.4.8/§15.4.9: 307 and 308 repeat the method and the body. To another origin that would hand
    // what was meant for this server (a JSON-RPC message, a token request's code or client secret) to a
    // server the person never chose: refused, whatever the credentials (requirements SEC-2). Same-origin
    // 307/308 and body-less GET/HEAD keep working.
    // A request whose answer is taken as the chosen server's own words (an MCP event stream: its messages,
    // server requests included) follows no redirect to another origin at all, whatever the status: after a
    // 301/302/303 the GET would reach that origin just as after a 307.
    const bool repeatsRequest = status == 307 || status == 308;
    const bool hasBody = !current.body.isEmpty() || (current.method != "GET" && current.method != "HEAD");
    if (((repeatsRequest && hasBody) || redirectOnlyWithinOrigin) && !url_policy::isSameOrigin(current.url, target)) {
        const QString message =
            repeatsRequest && hasBody
                ? QStringLiteral("%1 redirected a %2 request to another server (%3); Portico does not send its "
                                 "content there.")
                : QStringLiteral("%1 redirected a %2 request to another server (%3); Portico takes this server's "
                                 "messages from its own origin only.");
        return Error(ErrorCode::RedirectRejected, message.arg(host, QString::fromLatin1(current.method), target.host()),
                     QStringLiteral("%1 redirect to %2 refused: %3")
                         .arg(status)
                         .arg(redaction::redactUrl(target), hopDescription));
    }

    Hop next = current;
    // RFC 9110 §15.4.4: after 303 the next request is a GET (HEAD stays HEAD, §15.4.4 "GET or HEAD").
    // §15.4.2/§15.4.3: after 301/302 user agents historically switch POST to GET; Portico does so for every
    // method but GET/HEAD, as browsers do. §15.4.8/§15.4.9: 307/308 keep the method and the body.
    const bool becomesGet =
        status == 303 ? current.method != "HEAD"
                      : (status == 301 || status == 302) && current.method != "GET" && current.method != "HEAD";
    if (becomesGet) {
        next.method = "GET";
        next.body = QByteArray();
        next.headers.removeIf([](const QPair<QByteArray, QByteArray> &header) { return isBodyHeader(header.first); });
    }
    if (!url_policy::isSameOrigin(current.url, target)) {
        // Once dropped, credentials stay dropped for the rest of the chain, even if it comes back.
        next.headers.removeIf([](const QPair<QByteArray, QByteArray> &header) {
            return isCredentialHeader(header.first)
                   || QByteArrayView(header.first).compare(QByteArrayView("host"), Qt::CaseInsensitive) == 0;
        });
    }
    next.url = target;
    return next;
}

} // namespace portico::redirect_policy
