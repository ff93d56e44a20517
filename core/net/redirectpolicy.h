#pragma once

#include "common/result.h"
#include "net/httpmessage.h"

#include <QByteArray>
#include <QString>
#include <QUrl>

// How HttpClient follows a redirect by hand (never Qt's own handling): which statuses redirect, where a
// Location leads, which redirects are refused, and what the next request keeps of the one before it
// (RFC 9110 §15.4; docs/architecture.md, "Security rules"). Pure functions: HttpExchange does the sending and the
// logging.
namespace portico::redirect_policy {

// What one hop of an exchange sends; a redirect changes all four.
struct Hop
{
    QByteArray method;
    QUrl url;
    HttpHeaders headers;
    QByteArray body; // implicitly shared with the request's body: never a second copy
};

// The statuses whose Location is followed: 301, 302, 303, 307 and 308.
[[nodiscard]] bool isRedirectStatus(int status);

// The hop that follows `current` after a `status` response with `location`, when `redirectsSoFar` redirects
// were followed already. RedirectRejected when the location is missing or invalid, when there would be more
// than `maxRedirects`, when the target breaks the URL policy (net/urlpolicy.h) or downgrades https to http,
// for a 307/308 that would repeat at another origin a request with a body (or a method other than GET/HEAD),
// and, when `redirectOnlyWithinOrigin` (HttpRequest::redirectOnlyWithinOrigin), for any redirect to another origin.
// The messages name only the host; `hopDescription` (the redacted current hop) goes into the detail.
[[nodiscard]] Result<Hop> nextHop(const Hop &current, int status, const QByteArray &location, int redirectsSoFar,
                                  int maxRedirects, const QString &hopDescription,
                                  bool redirectOnlyWithinOrigin = false);

} // namespace portico::redirect_policy
