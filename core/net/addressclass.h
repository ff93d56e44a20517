#pragma once

#include <QHostAddress>
#include <QString>

#include <optional>

// What kind of network an IP address belongs to, for DestinationPolicy (requirements SEC-1). Every
// spelling of an address is reduced to one answer: an IPv4 address written in IPv6 (IPv4-mapped ::ffff:a.b.c.d
// and IPv4-compatible ::a.b.c.d, RFC 4291 §2.5.5; NAT64 64:ff9b::/96, RFC 6052 §2.1) is classified as the
// IPv4 address it carries; a 6to4 address (2002::/16, RFC 3056 §2) is private when the IPv4 address it
// carries is not public.
namespace portico {

enum class AddressClass {
    Public,
    Loopback,    // 127.0.0.0/8 (RFC 1122 §3.2.1.3), ::1 (RFC 4291 §2.5.3)
    Private,     // 10/8, 172.16/12, 192.168/16 (RFC 1918 §3), 100.64/10 (RFC 6598), fc00::/7 (RFC 4193)
    LinkLocal,   // 169.254/16 (RFC 3927), fe80::/10 (RFC 4291 §2.5.6): cloud metadata services live here
    Unspecified, // 0.0.0.0/8 (RFC 1122 §3.2.1.3 "this network"; Linux connects 0.0.0.0 to itself), ::
    Multicast,   // 224/4 (RFC 5771), ff00::/8 (RFC 4291 §2.7)
    Broadcast,   // 255.255.255.255 (RFC 919)
};

namespace address_class {

// The class of an address (IPv4 or IPv6); a null address counts as Unspecified.
[[nodiscard]] AddressClass classify(const QHostAddress &address);

// The address a URL host names literally, in any spelling QUrl accepts (it normalizes decimal, octal, hex
// and short IPv4 forms such as 2852039166, 0251.0376.0251.0376, 0xa9fea9fe and 127.1 to dotted quads,
// and lower-cases IPv6); brackets allowed. nullopt for a host name.
[[nodiscard]] std::optional<QHostAddress> hostLiteral(const QString &host);

// "a private network address", "an address of this computer", ...: for messages.
[[nodiscard]] QString describe(AddressClass addressClass);

} // namespace address_class

} // namespace portico
