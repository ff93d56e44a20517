#pragma once

#include "common/result.h"

#include <QStringView>
#include <QUrl>

namespace portico::pasted_redirect {

// The most a pasted address may hold: the loopback listener reads at most 16 KiB of request head
// (LoopbackRedirectCatcher), and an answer to the authorization request is far shorter.
inline constexpr qsizetype kMaxPastedLength = 16 * 1024;

// Reads what a person pasted as "the address the browser ended at" (requirements AUTH-45) and accepts it only
// as a redirect to `redirectUri`. Lenient where copying from a browser, a terminal or a chat message adds
// noise, strict about where the address points:
//  - surrounding white space and one pair of enclosing quotes or angle brackets ("…", '…', `…`, “…”, ‘…’,
//    <…>) are removed, and so is white space inside (a terminal or mail client wraps long lines; a URL
//    never holds a raw space, RFC 3986 §2);
//  - without "scheme://" the redirect URI's scheme is assumed: some browsers hide "http://" in the address
//    bar, so "127.0.0.1:49152/callback?code=…" is what gets copied;
//  - scheme, host, port and path must equal the redirect URI's exactly (no "localhost" for "127.0.0.1", no
//    other path), with no user info; a fragment is dropped (RFC 6749 §4.1.2 answers in the query);
//  - the query must not be empty: without it the paste holds no answer (no code, no error).
// The result is the redirect as the listener would have caught it, still unvalidated: state, iss and
// error/code are InteractiveSignIn's (AuthorizationFlow::validateCallback). Errors (InvalidArgument) say
// what is wrong and name the expected address; they never repeat the query (it holds the code, requirements
// SEC-4, SEC-7).
[[nodiscard]] Result<QUrl> parse(QStringView pasted, const QUrl &redirectUri);

} // namespace portico::pasted_redirect
