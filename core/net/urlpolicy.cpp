#include "net/urlpolicy.h"

#include "common/redaction.h"

#include <QHostAddress>

namespace portico::url_policy {

namespace {

// RFC 6454 §4 step 5: the port, or the scheme's default port when the URL names none (RFC 9110 §4.2.1/§4.2.2
// for http/https, RFC 6455 §3 for ws/wss). Other schemes have no default here.
int effectivePort(const QUrl &url)
{
    const QString scheme = url.scheme();
    int defaultPort = -1;
    if (scheme == QLatin1String("https") || scheme == QLatin1String("wss"))
        defaultPort = 443;
    else if (scheme == QLatin1String("http") || scheme == QLatin1String("ws"))
        defaultPort = 80;
    return url.port(defaultPort);
}

Error rejected(const QString &message, const QUrl &url)
{
    // The detail names the URL so a person can see what was refused; redactUrl keeps codes and tokens out.
    return Error(ErrorCode::UrlRejected, message, redaction::redactUrl(url));
}

} // namespace

bool isLoopbackHost(const QString &host)
{
    QString name = host.trimmed();
    // A bracketed IPv6 literal as it appears in an authority (RFC 3986 §3.2.2).
    if (name.startsWith(QLatin1Char('[')) && name.endsWith(QLatin1Char(']')))
        name = name.sliced(1, name.size() - 2);
    if (name.isEmpty())
        return false;
    // RFC 6761 §6.3: "localhost." (and its trailing-dot-less spelling) always means this computer, in any
    // case. Names *under* .localhost are left out: not every resolver keeps them off the network.
    if (name.compare(QLatin1String("localhost"), Qt::CaseInsensitive) == 0
        || name.compare(QLatin1String("localhost."), Qt::CaseInsensitive) == 0) {
        return true;
    }
    const QHostAddress address(name);
    if (address.isNull())
        return false;
    // 127.0.0.0/8 (RFC 1122 §3.2.1.3), ::1 (RFC 4291 §2.5.3). An IPv4-mapped address (RFC 4291 §2.5.5.2)
    // such as ::ffff:127.0.0.1 is the IPv4 address it maps; check that explicitly rather than trusting
    // how QHostAddress classifies it.
    bool isMappedIpv4 = false;
    const quint32 ipv4 = address.toIPv4Address(&isMappedIpv4);
    if (isMappedIpv4)
        return (ipv4 >> 24) == 127;
    return address.isLoopback();
}

Result<void> check(const QUrl &url)
{
    if (!url.isValid() || url.isEmpty())
        return rejected(QStringLiteral("The address is not a valid URL."), url);
    if (url.isRelative())
        return rejected(QStringLiteral("The address is not an absolute URL."), url);
    // Credentials in a URL end up in logs, histories and Referer headers (RFC 3986 §3.2.1 deprecates
    // user:password; RFC 9110 §4.2.4 says senders must not generate userinfo in http(s) URIs).
    if (!url.userInfo().isEmpty() || url.authority().contains(QLatin1Char('@')))
        return rejected(QStringLiteral("The address contains a user name or password, which Portico refuses."), url);
    if (url.host().isEmpty())
        return rejected(QStringLiteral("The address has no host."), url);
    const QString scheme = url.scheme().toLower();
    if (scheme == QLatin1String("https"))
        return Result<void>::success();
    if (scheme == QLatin1String("http")) {
        // docs/architecture.md, "Security rules": plain http only where nothing leaves the machine.
        if (isLoopbackHost(url.host()))
            return Result<void>::success();
        return rejected(QStringLiteral("Portico only uses plain http for this computer; the address must use https."),
                        url);
    }
    return rejected(QStringLiteral("Portico only connects to https:// addresses (http:// for this computer)."), url);
}

bool isSameOrigin(const QUrl &a, const QUrl &b)
{
    // RFC 6454 §4: a URL without a host (invalid, relative, opaque) has a unique origin, equal to nothing.
    if (!a.isValid() || !b.isValid() || a.isRelative() || b.isRelative() || a.host().isEmpty() || b.host().isEmpty())
        return false;
    // §5: compare scheme, host and port. QUrl lower-cases scheme and registered names; the ACE form makes
    // an internationalized host compare equal to its punycode spelling (§4 step 4).
    return a.scheme().toLower() == b.scheme().toLower()
           && a.host(QUrl::FullyEncoded).compare(b.host(QUrl::FullyEncoded), Qt::CaseInsensitive) == 0
           && effectivePort(a) == effectivePort(b);
}

} // namespace portico::url_policy
