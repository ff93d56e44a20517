#include "net/addressclass.h"

namespace portico::address_class {

namespace {

AddressClass classifyIpv4(quint32 address)
{
    const quint32 firstOctet = address >> 24;
    if (address == 0xFFFFFFFFu)
        return AddressClass::Broadcast; // RFC 919 limited broadcast
    if (firstOctet == 0)
        return AddressClass::Unspecified; // RFC 1122 §3.2.1.3 "this host on this network"
    if (firstOctet == 127)
        return AddressClass::Loopback;
    if (firstOctet == 10 || (address & 0xFFF00000u) == 0xAC100000u // 172.16.0.0/12
        || (address & 0xFFFF0000u) == 0xC0A80000u                  // 192.168.0.0/16
        || (address & 0xFFC00000u) == 0x64400000u) {               // 100.64.0.0/10, RFC 6598 shared space
        return AddressClass::Private;
    }
    if ((address & 0xFFFF0000u) == 0xA9FE0000u) // 169.254.0.0/16
        return AddressClass::LinkLocal;
    if ((address >> 28) == 0xE) // 224.0.0.0/4
        return AddressClass::Multicast;
    return AddressClass::Public;
}

quint32 ipv4At(const Q_IPV6ADDR &bytes, int offset)
{
    return (quint32(bytes[offset]) << 24) | (quint32(bytes[offset + 1]) << 16) | (quint32(bytes[offset + 2]) << 8)
           | quint32(bytes[offset + 3]);
}

bool allZero(const Q_IPV6ADDR &bytes, int from, int to)
{
    for (int i = from; i < to; ++i) {
        if (bytes[i] != 0)
            return false;
    }
    return true;
}

AddressClass classifyIpv6(const Q_IPV6ADDR &bytes)
{
    if (allZero(bytes, 0, 16))
        return AddressClass::Unspecified; // ::
    if (allZero(bytes, 0, 15) && bytes[15] == 1)
        return AddressClass::Loopback; // ::1
    // RFC 4291 §2.5.5.2 IPv4-mapped ::ffff:a.b.c.d, and §2.5.5.1 IPv4-compatible ::a.b.c.d (deprecated, but
    // some stacks still route it to the IPv4 address): the IPv4 address decides.
    if (allZero(bytes, 0, 10) && ((bytes[10] == 0xFF && bytes[11] == 0xFF) || (bytes[10] == 0 && bytes[11] == 0)))
        return classifyIpv4(ipv4At(bytes, 12));
    // RFC 6052 §2.1 well-known NAT64 prefix 64:ff9b::/96: a NAT64 gateway forwards to the embedded IPv4.
    if (bytes[0] == 0x00 && bytes[1] == 0x64 && bytes[2] == 0xFF && bytes[3] == 0x9B && allZero(bytes, 4, 12))
        return classifyIpv4(ipv4At(bytes, 12));
    // RFC 8215 local-use NAT64 prefix 64:ff9b:1::/48 leads into a network of its operator's choosing.
    if (bytes[0] == 0x00 && bytes[1] == 0x64 && bytes[2] == 0xFF && bytes[3] == 0x9B && bytes[4] == 0x00
        && bytes[5] == 0x01) {
        return AddressClass::Private;
    }
    // RFC 3056 §2 6to4 2002:a.b.c.d::/48: relayed to the embedded IPv4 address's site.
    if (bytes[0] == 0x20 && bytes[1] == 0x02)
        return classifyIpv4(ipv4At(bytes, 2)) == AddressClass::Public ? AddressClass::Public : AddressClass::Private;
    if (bytes[0] == 0xFF)
        return AddressClass::Multicast; // ff00::/8
    if (bytes[0] == 0xFE && (bytes[1] & 0xC0) == 0x80)
        return AddressClass::LinkLocal; // fe80::/10
    if ((bytes[0] & 0xFE) == 0xFC || (bytes[0] == 0xFE && (bytes[1] & 0xC0) == 0xC0))
        return AddressClass::Private; // fc00::/7 unique local (RFC 4193); fec0::/10 site-local (RFC 3879)
    return AddressClass::Public;
}

} // namespace

AddressClass classify(const QHostAddress &address)
{
    switch (address.protocol()) {
    case QAbstractSocket::IPv4Protocol:
        return classifyIpv4(address.toIPv4Address());
    case QAbstractSocket::IPv6Protocol:
        return classifyIpv6(address.toIPv6Address());
    default:
        return AddressClass::Unspecified;
    }
}

std::optional<QHostAddress> hostLiteral(const QString &host)
{
    QString text = host.trimmed();
    // A bracketed IPv6 literal as it appears in an authority (RFC 3986 §3.2.2).
    if (text.startsWith(QLatin1Char('[')) && text.endsWith(QLatin1Char(']')))
        text = text.sliced(1, text.size() - 2);
    if (text.isEmpty())
        return std::nullopt;
    const QHostAddress address(text);
    if (address.isNull())
        return std::nullopt;
    return address;
}

QString describe(AddressClass addressClass)
{
    switch (addressClass) {
    case AddressClass::Public:
        return QStringLiteral("a public address");
    case AddressClass::Loopback:
        return QStringLiteral("an address of this computer");
    case AddressClass::Private:
        return QStringLiteral("a private network address");
    case AddressClass::LinkLocal:
        return QStringLiteral("a link-local address");
    case AddressClass::Unspecified:
        return QStringLiteral("an unspecified address (it reaches this computer)");
    case AddressClass::Multicast:
        return QStringLiteral("a multicast address");
    case AddressClass::Broadcast:
        return QStringLiteral("a broadcast address");
    }
    return QString();
}

} // namespace portico::address_class
