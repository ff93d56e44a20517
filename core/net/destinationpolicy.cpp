#include "net/destinationpolicy.h"

#include "common/redaction.h"
#include "net/urlpolicy.h"

namespace portico {

namespace {

// Why an allowed class would still be refused for this policy: the second half of the message.
QString reasonRefused(AddressClass addressClass)
{
    switch (addressClass) {
    case AddressClass::Loopback:
        return QStringLiteral("and this server is not configured on this computer");
    case AddressClass::Private:
        return QStringLiteral("and this server is not configured on one");
    default:
        return QStringLiteral("which Portico never connects to");
    }
}

// "localhost" (RFC 6761 §6.3) counts as a loopback literal: it never needs a lookup to be classified.
bool isLocalhostName(const QString &host)
{
    return !address_class::hostLiteral(host) && url_policy::isLoopbackHost(host);
}

} // namespace

DestinationPolicy DestinationPolicy::forConfiguredServer(const QUrl &configuredUrl, bool allowPrivateNetwork)
{
    DestinationPolicy policy;
    policy.allowLoopback = allowPrivateNetwork;
    policy.allowPrivate = allowPrivateNetwork;
    if (allowPrivateNetwork)
        return policy;
    // The literal only: a lookup here would make the policy depend on whatever DNS said at that moment.
    const QString host = configuredUrl.host();
    if (isLocalhostName(host)) {
        policy.allowLoopback = true;
    } else if (const std::optional<QHostAddress> literal = address_class::hostLiteral(host)) {
        const AddressClass addressClass = address_class::classify(*literal);
        policy.allowLoopback = addressClass == AddressClass::Loopback;
        policy.allowPrivate = addressClass == AddressClass::Private;
    }
    return policy;
}

bool DestinationPolicy::allows(AddressClass addressClass) const
{
    switch (addressClass) {
    case AddressClass::Public:
        return true;
    case AddressClass::Loopback:
        return allowLoopback;
    case AddressClass::Private:
        return allowPrivate;
    case AddressClass::LinkLocal:
    case AddressClass::Unspecified:
    case AddressClass::Multicast:
    case AddressClass::Broadcast:
        return false;
    }
    return false;
}

Result<void> DestinationPolicy::check(const QUrl &url, const QHostAddress &address) const
{
    return check(url, QList<QHostAddress>{address});
}

Result<void> DestinationPolicy::check(const QUrl &url, const QList<QHostAddress> &addresses) const
{
    const bool literal = address_class::hostLiteral(url.host()).has_value();
    for (const QHostAddress &address : addresses) {
        const AddressClass addressClass = address_class::classify(address);
        if (allows(addressClass))
            continue;
        const QString shownUrl = redaction::redactUrl(url);
        const QString shownAddress = address.toString();
        // A literal host names the address itself; a name gets "its name resolves to ...".
        const QString what = literal ? QStringLiteral("%1 is %2, %3").arg(shownAddress)
                                     : QStringLiteral("its name resolves to %1, %2, %3").arg(shownAddress);
        return Error(ErrorCode::UrlRejected,
                     QStringLiteral("Portico did not connect to %1: %2.")
                         .arg(shownUrl, what.arg(address_class::describe(addressClass), reasonRefused(addressClass))),
                     QStringLiteral("destination %1 refused (loopback %2, private networks %3): %4")
                         .arg(shownAddress, allowLoopback ? QStringLiteral("allowed") : QStringLiteral("refused"),
                              allowPrivate ? QStringLiteral("allowed") : QStringLiteral("refused"), shownUrl));
    }
    return Result<void>::success();
}

Result<void> DestinationPolicy::checkLiteral(const QUrl &url) const
{
    const QString host = url.host();
    if (const std::optional<QHostAddress> literal = address_class::hostLiteral(host))
        return check(url, *literal);
    if (isLocalhostName(host) && !allowLoopback) {
        const QString shownUrl = redaction::redactUrl(url);
        return Error(ErrorCode::UrlRejected,
                     QStringLiteral("Portico did not connect to %1: %2 is this computer, %3.")
                         .arg(shownUrl, host, reasonRefused(AddressClass::Loopback)),
                     QStringLiteral("destination %1 refused (loopback refused): %2").arg(host, shownUrl));
    }
    return Result<void>::success();
}

} // namespace portico
