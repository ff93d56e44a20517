#pragma once

#include <QByteArrayView>
#include <QString>

namespace portico {

// The error body of a refused OAuth request (RFC 6749 §5.2 token errors, RFC 7591 §3.2.2 registration
// errors, RFC 7009 §2.2.1 revocation errors): `error` only when it is a well-formed error code, and
// `error_description` as untrusted display text, quoted and cut short (requirements SEC-10, SEC-12).
struct OAuthErrorResponse
{
    static constexpr qsizetype kMaxBodyBytes = 64 * 1024;
    static constexpr qsizetype kMaxErrorCodeLength = 64;

    QString error;       // empty when the body has none (or not a valid one)
    QString description; // quoted for display; empty when none

    // Reads a JSON error body of at most kMaxBodyBytes; anything else gives an empty result.
    [[nodiscard]] static OAuthErrorResponse parse(QByteArrayView body);
    // RFC 6749 §5.2: error = 1*NQSCHAR (%x20-21 / %x23-5B / %x5D-7E). A value outside that is not an OAuth
    // error code and is never reported as one (it would be shown and compared as if it were).
    [[nodiscard]] static bool isErrorCode(const QString &code);
};

} // namespace portico
