#include "mcp/headervalueencoding.h"

#include <QCoreApplication>
#include <QStringDecoder>

#include <algorithm>

namespace portico::header_value_encoding {

namespace {

bool looksLikeSentinel(QStringView value)
{
    // "starts with =?base64? and ends with ?=" (streamable-http.mdx §Value Encoding), read literally: the two
    // markers may overlap ("=?base64?=" is encoded too), which costs nothing and removes every ambiguity.
    return value.startsWith(kPrefix) && value.endsWith(kSuffix);
}

} // namespace

bool isSafePlain(QStringView value)
{
    // RFC 9110 §5.5 allows visible ASCII, space and tab in field values; the MCP rule is stricter: tab and
    // outer whitespace would be lost or altered by intermediaries (and the conformance suite expects a tab to
    // be encoded), so only 0x20–0x7E pass, and a space only inside the value.
    const bool printable =
        std::all_of(value.cbegin(), value.cend(), [](QChar c) { return c.unicode() >= 0x20 && c.unicode() <= 0x7e; });
    if (!printable)
        return false;
    if (!value.isEmpty() && (value.front() == u' ' || value.back() == u' '))
        return false;
    return !looksLikeSentinel(value);
}

QByteArray encode(QStringView value)
{
    if (isSafePlain(value)) {
        // Latin-1 of printable ASCII is the bytes themselves. An empty value stays a non-null QByteArray so
        // the header is still sent (an empty string is a value, not an absent one).
        QByteArray plain = value.toLatin1();
        if (plain.isNull())
            plain = QByteArray("");
        return plain;
    }
    QByteArray encoded = QByteArray(kPrefix.data(), kPrefix.size());
    encoded += value.toUtf8().toBase64(); // standard alphabet, with padding (the spec's examples)
    encoded += QByteArray(kSuffix.data(), kSuffix.size());
    return encoded;
}

Result<QString> decode(const QByteArray &headerValue)
{
    const QByteArrayView prefix(kPrefix.data(), kPrefix.size());
    const QByteArrayView suffix(kSuffix.data(), kSuffix.size());
    if (headerValue.size() < prefix.size() + suffix.size() || !headerValue.startsWith(prefix)
        || !headerValue.endsWith(suffix)) {
        return QString::fromLatin1(headerValue);
    }
    const QByteArray payload = headerValue.sliced(prefix.size(), headerValue.size() - prefix.size() - suffix.size());
    const QByteArray::FromBase64Result bytes =
        QByteArray::fromBase64Encoding(payload, QByteArray::Base64Encoding | QByteArray::AbortOnBase64DecodingErrors);
    const auto malformed = [&headerValue](const char *why) {
        return Error(ErrorCode::MalformedResponse,
                     QCoreApplication::translate("HeaderValueEncoding", "A header value could not be decoded."),
                     QStringLiteral("%1: %2").arg(QString::fromLatin1(why),
                                                  QString::fromLatin1(headerValue.left(100).toPercentEncoding())));
    };
    if (!bytes)
        return malformed("invalid base64 in sentinel value");
    QStringDecoder toUtf16(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    QString text = toUtf16(*bytes);
    if (toUtf16.hasError())
        return malformed("sentinel value is not UTF-8");
    return text;
}

} // namespace portico::header_value_encoding
