#pragma once

#include "common/result.h"
#include "net/addressclass.h"

#include <QHostAddress>
#include <QList>
#include <QUrl>

namespace portico {

// Which addresses HttpClient may connect to (requirements SEC-1): a hostile server must not turn Portico
// into a way into the person's private networks (a redirect to https://10.0.0.5/, a name that resolves to
// the cloud metadata service 169.254.169.254). HttpClient checks every address of every hop before a
// single packet is sent, and connects to exactly the address it checked (httpclient.h).
// Public addresses are always allowed; link-local, unspecified, multicast and broadcast ones never.
struct DestinationPolicy
{
    bool allowLoopback = true; // 127/8, ::1 and the name "localhost"
    bool allowPrivate = false; // RFC 1918, CGNAT 100.64/10, fc00::/7

    // The policy for requests on behalf of a server the person configured at `configuredUrl`: a server on
    // a loopback address may reach loopback, one on a private address may reach private networks (and
    // neither the other), a public one neither. allowPrivateNetwork (the person's per-server setting)
    // allows both. A host name is classified by its literal only, without a lookup ("localhost" is
    // loopback, any other name public).
    [[nodiscard]] static DestinationPolicy forConfiguredServer(const QUrl &configuredUrl, bool allowPrivateNetwork);

    [[nodiscard]] bool allows(AddressClass addressClass) const;
    [[nodiscard]] bool allows(const QHostAddress &address) const { return allows(address_class::classify(address)); }

    // Ok when `address` (the one `url` leads to) is allowed; UrlRejected otherwise, e.g. "Portico did not
    // connect to https://10.0.0.5/: 10.0.0.5 is a private network address, and this server is not
    // configured on one." The URL is redacted.
    [[nodiscard]] Result<void> check(const QUrl &url, const QHostAddress &address) const;
    // The same for every address a name resolved to: refused if any one is forbidden (see httpclient.h).
    [[nodiscard]] Result<void> check(const QUrl &url, const QList<QHostAddress> &addresses) const;
    // The check that needs no lookup: a URL whose host is an address literal (in any spelling) or
    // "localhost"; Ok for any other host name.
    [[nodiscard]] Result<void> checkLiteral(const QUrl &url) const;

    friend bool operator==(const DestinationPolicy &, const DestinationPolicy &) = default;
};

} // namespace portico
