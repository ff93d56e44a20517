#pragma once

#include "common/result.h"

#include <QString>
#include <QUrl>

// The URL rules every outgoing request and every server-supplied URL must pass (docs/architecture.md,
// "Security rules"): https everywhere, plain http only to loopback hosts, no credentials in the URL.
namespace portico::url_policy {

// 127.0.0.0/8, ::1 (and IPv4-mapped loopback), or the name "localhost" (RFC 6761 §6.3), any case.
[[nodiscard]] bool isLoopbackHost(const QString &host);

// Ok for an absolute https URL, or an http URL whose host is loopback; UrlRejected otherwise (invalid,
// relative, another scheme, http to a remote host, or userinfo such as https://user:pass@host/).
[[nodiscard]] Result<void> check(const QUrl &url);

// RFC 6454 origin equality: scheme, host and port, with the scheme's default port filled in.
[[nodiscard]] bool isSameOrigin(const QUrl &a, const QUrl &b);

} // namespace portico::url_policy
