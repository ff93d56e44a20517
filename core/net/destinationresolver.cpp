#include "net/destinationresolver.h"

#include "net/networkfailure.h"
#include "net/urlpolicy.h"

#include <QHostInfo>

namespace portico {

DestinationResolver::DestinationResolver(DestinationPolicy policy, Lookup testLookup)
    : m_policy(policy)
    , m_testLookup(std::move(testLookup))
{}

int DestinationResolver::resolve(const QUrl &url, bool viaProxy, const QString &hop, QObject *context, Done done) const
{
    const QString host = url.host();
    if (const std::optional<QHostAddress> literal = address_class::hostLiteral(host)) {
        done(checked(url, viaProxy, hop, {*literal}, QString()));
        return -1;
    }
    if (url_policy::isLoopbackHost(host)) {
        // "localhost": IPv4 first, as most local servers (and the test servers) listen there.
        Result<void> allowed = m_policy.checkLiteral(url);
        if (!allowed.ok())
            done(allowed.error());
        else
            done(QList<QHostAddress>{QHostAddress(QHostAddress::LocalHost), QHostAddress(QHostAddress::LocalHostIPv6)});
        return -1;
    }
    if (m_testLookup) {
        const QList<QHostAddress> addresses = m_testLookup(host);
        done(checked(url, viaProxy, hop, addresses, QStringLiteral("test lookup found no address")));
        return -1;
    }
    // The DNS answer is checked here; QHostInfo's cache makes a repeated lookup of one name cheap.
    return QHostInfo::lookupHost(host, context,
                                 [this, url, viaProxy, hop, done = std::move(done)](const QHostInfo &info) {
                                     done(checked(url, viaProxy, hop, info.addresses(), info.errorString()));
                                 });
}

void DestinationResolver::cancel(int lookupId)
{
    if (lookupId >= 0)
        QHostInfo::abortHostLookup(lookupId);
}

Result<QList<QHostAddress>> DestinationResolver::checked(const QUrl &url, bool viaProxy, const QString &hop,
                                                         const QList<QHostAddress> &addresses,
                                                         const QString &lookupError) const
{
    if (addresses.isEmpty()) {
        if (viaProxy)
            return QList<QHostAddress>(); // the proxy resolves it (see the class comment)
        return network_failure::describe(QNetworkReply::HostNotFoundError, lookupError, {}, url.host(), hop);
    }
    if (Result<void> allowed = m_policy.check(url, addresses); !allowed.ok())
        return allowed.error();
    if (viaProxy)
        return QList<QHostAddress>();
    return addresses;
}

} // namespace portico
