#pragma once

#include "common/result.h"
#include "net/destinationpolicy.h"

#include <QHostAddress>
#include <QList>
#include <QObject>
#include <QUrl>

#include <functional>

namespace portico {

// Turns the host of one hop into the addresses HttpClient may connect to (requirements SEC-1): an address
// literal and "localhost" (RFC 6761 §6.3: always this computer, never looked up) as they are, a name through
// DNS (QHostInfo) or the test lookup of HttpClientOptions::resolver. Every address is checked with the
// DestinationPolicy before anything is sent, and the hop connects to exactly these addresses, so a DNS answer
// that changes between the check and the connection (DNS rebinding) changes nothing.
//
// A name whose addresses include a single forbidden one is refused as a whole, rather than connecting to
// the allowed ones only: public and private addresses under one name is the shape of a rebinding attack
// (or of a broken split-horizon DNS), and a person is better told than served by a silent choice.
//
// Through a proxy the proxy resolves the name, so there is nothing to pin: the name is still looked up and
// its addresses checked, which refuses a name that points into a private network here. A name that does
// not resolve here is left to the proxy (a network where only the proxy can resolve names is common); the
// proxy's own answer is not seen by Portico.
class DestinationResolver
{
public:
    using Lookup = std::function<QList<QHostAddress>(const QString &hostName)>;
    using Done = std::function<void(Result<QList<QHostAddress>>)>;

    DestinationResolver(DestinationPolicy policy, Lookup testLookup);

    [[nodiscard]] const DestinationPolicy &policy() const { return m_policy; }

    // Resolves and checks `url`'s host. `done` gets the addresses to connect to, in the order to try them
    // (empty when `viaProxy`: connect by name), or UrlRejected (a forbidden address) or NetworkFailure (the
    // name does not resolve; `hop` goes into its detail). It runs before resolve() returns for a literal,
    // "localhost" and the test lookup; later for a DNS lookup, and never after `context` is destroyed.
    // Returns the id of a running DNS lookup for cancel(), or -1.
    int resolve(const QUrl &url, bool viaProxy, const QString &hop, QObject *context, Done done) const;
    static void cancel(int lookupId);

private:
    [[nodiscard]] Result<QList<QHostAddress>> checked(const QUrl &url, bool viaProxy, const QString &hop,
                                                      const QList<QHostAddress> &addresses,
                                                      const QString &lookupError) const;

    DestinationPolicy m_policy;
    Lookup m_testLookup;
};

} // namespace portico
