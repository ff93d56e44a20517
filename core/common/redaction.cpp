#include "common/redaction.h"

#include <QRegularExpression>

#include <array>

namespace portico::redaction {

namespace {

// Names whose value is a credential wherever they appear (query, fragment, form body, JSON, header).
constexpr std::array kExactSensitiveNames{
    QLatin1StringView("code"),          // RFC 6749 §4.1.2 authorization code
    QLatin1StringView("code_verifier"), // RFC 7636 §4.5
    QLatin1StringView("device_code"),   // RFC 8628 §3.2
    QLatin1StringView("user_code"),     // RFC 8628 §3.2
    QLatin1StringView("token"),         // RFC 7009 §2.1 revocation, RFC 7662 introspection
    QLatin1StringView("authorization"), // RFC 9110 §11.6.2
    QLatin1StringView("proxy-authorization"),
    QLatin1StringView("cookie"),
    QLatin1StringView("set-cookie"),
    QLatin1StringView("dpop"),           // RFC 9449 proof (replayable within its window)
    QLatin1StringView("mcp-session-id"), // MCP transports: whoever holds it can act in the session
    QLatin1StringView("session_id"),
    QLatin1StringView("sessionid"),
    QLatin1StringView("apikey"),
};

// Suffixes and fragments that mark a credential: access_token, refresh_token, id_token, subject_token,
// registration_access_token (RFC 7592), client_secret, client_assertion (RFC 7523), password, api_key...
constexpr std::array kSensitiveSuffixes{
    QLatin1StringView("_token"), QLatin1StringView("-token"), QLatin1StringView("assertion"),
    QLatin1StringView("_key"),   QLatin1StringView("-key"),
};
constexpr std::array kSensitiveFragments{
    QLatin1StringView("secret"),
    QLatin1StringView("password"),
    QLatin1StringView("passwd"),
};

QString decodeComponent(QByteArrayView encoded)
{
    QByteArray bytes = encoded.toByteArray();
    bytes.replace('+', ' '); // application/x-www-form-urlencoded spells spaces as '+'
    return QUrl::fromPercentEncoding(bytes);
}

enum class Mask {
    SensitiveValues,
    AllValues,
};

// Masks the values of sensitive names (or of all names) in "a=1&b=2" style text, keeping everything else byte for
// byte.
QByteArray redactEncodedPairs(QByteArrayView encoded, Mask mask = Mask::SensitiveValues)
{
    QByteArray out;
    out.reserve(encoded.size());
    qsizetype start = 0;
    while (start <= encoded.size()) {
        qsizetype end = encoded.indexOf('&', start);
        if (end < 0)
            end = encoded.size();
        const QByteArrayView pair = encoded.sliced(start, end - start);
        const qsizetype equals = pair.indexOf('=');
        if (equals > 0 && (mask == Mask::AllValues || isSensitiveParameterName(decodeComponent(pair.first(equals))))) {
            out.append(pair.first(equals + 1));
            out.append(kMask.data(), kMask.size());
        } else if (mask == Mask::AllValues && equals < 0 && !pair.isEmpty()) {
            out.append(kMask.data(), kMask.size()); // a bare "value" without a name
        } else {
            out.append(pair);
        }
        if (end < encoded.size())
            out.append('&');
        start = end + 1;
    }
    return out;
}

// Replaces each match of `pattern` by what `replace` returns for it.
template<typename Replace>
QString replaceMatches(const QString &text, const QRegularExpression &pattern, Replace replace)
{
    QString out;
    qsizetype last = 0;
    QRegularExpressionMatchIterator it = pattern.globalMatch(text);
    while (it.hasNext()) {
        const QRegularExpressionMatch match = it.next();
        out.append(QStringView(text).sliced(last, match.capturedStart() - last));
        out.append(replace(match));
        last = match.capturedEnd();
    }
    out.append(QStringView(text).sliced(last));
    return out;
}

} // namespace

bool isSensitiveParameterName(QStringView name)
{
    const QString lower = name.trimmed().toString().toLower();
    if (lower.isEmpty())
        return false;
    for (const QLatin1StringView exact : kExactSensitiveNames) {
        if (lower == exact)
            return true;
    }
    for (const QLatin1StringView suffix : kSensitiveSuffixes) {
        if (lower.endsWith(suffix))
            return true;
    }
    for (const QLatin1StringView fragment : kSensitiveFragments) {
        if (lower.contains(fragment))
            return true;
    }
    return false;
}

namespace {

// redactUrl() and redactQueryValues(): the URL without its password, then the query and fragment masked by `mask`.
QString redactUrlWith(const QUrl &url, Mask mask)
{
    QUrl base = url;
    if (!base.password().isEmpty())
        base.setPassword(QStringLiteral("REDACTED"));
    QString out = base.toString(QUrl::RemoveQuery | QUrl::RemoveFragment | QUrl::FullyEncoded);
    if (url.hasQuery()) {
        out += QLatin1Char('?');
        out += QString::fromLatin1(redactEncodedPairs(url.query(QUrl::FullyEncoded).toLatin1(), mask));
    }
    // The implicit grant and some error pages put tokens in the fragment, form-encoded (RFC 6749 §4.2.2).
    if (url.hasFragment()) {
        out += QLatin1Char('#');
        out += QString::fromLatin1(redactEncodedPairs(url.fragment(QUrl::FullyEncoded).toLatin1(), mask));
    }
    return out;
}

} // namespace

QString redactUrl(const QUrl &url)
{
    if (!url.isValid())
        return redactText(url.toString());
    return redactUrlWith(url, Mask::SensitiveValues);
}

QString redactQueryValues(const QUrl &url)
{
    // An invalid URL cannot be taken apart safely: only what comes before its query is shown.
    if (!url.isValid())
        return redactText(url.toString().section(QLatin1Char('?'), 0, 0).section(QLatin1Char('#'), 0, 0));
    return redactUrlWith(url, Mask::AllValues);
}

QByteArray redactFormBody(QByteArrayView body)
{
    return redactEncodedPairs(body);
}

QByteArray redactHeaderValue(QByteArrayView name, QByteArrayView value)
{
    const QByteArray lowerName = name.trimmed().toByteArray().toLower();
    if (lowerName == "authorization" || lowerName == "proxy-authorization") {
        // Keep the scheme (RFC 9110 §11.4 credentials = auth-scheme [ 1*SP ( token68 / #auth-param ) ]).
        const QByteArray trimmed = value.trimmed().toByteArray();
        const qsizetype space = trimmed.indexOf(' ');
        if (space > 0)
            return trimmed.first(space) + ' ' + QByteArray(kMask.data(), kMask.size());
        return QByteArray(kMask.data(), kMask.size());
    }
    if (isSensitiveParameterName(QString::fromLatin1(lowerName)))
        return QByteArray(kMask.data(), kMask.size());
    // Anything else may still carry a URL with a code in it (Location) or a token in an error text.
    return redactText(QString::fromUtf8(value)).toUtf8();
}

QString redactText(QStringView text)
{
    // "name": "value" in JSON (token responses, registration responses, error bodies).
    static const QRegularExpression jsonPair(QStringLiteral(R"re("([^"\\]{1,64})"(\s*:\s*)"((?:[^"\\]|\\.)*)")re"));
    // name=value in query strings, form bodies and log text.
    static const QRegularExpression encodedPair(QStringLiteral(R"re(([A-Za-z0-9_.\-]{1,64})=([^&\s"'#<>]+))re"));
    // Header lines whose whole value is a credential.
    static const QRegularExpression headerLine(
        QStringLiteral(R"re(^(\s*(?:set-cookie|cookie|mcp-session-id|dpop|x-api-key)\s*:\s*)(\S.*)$)re"),
        QRegularExpression::CaseInsensitiveOption | QRegularExpression::MultilineOption);
    // Credentials after an HTTP auth scheme: a token68, not an auth-param list like `error="..."`.
    static const QRegularExpression schemeCredentials(
        QStringLiteral(
            R"re(\b(Bearer|Basic|DPoP|Negotiate)(\s+)(?![A-Za-z0-9!#$%&'*+.^_`|~-]+\s*=\s*(?:"|[A-Za-z0-9]))[A-Za-z0-9\-._~+/]+=*)re"),
        QRegularExpression::CaseInsensitiveOption);
    // JWTs (JWS compact: three parts; JWE: five), wherever they appear.
    static const QRegularExpression jwt(QStringLiteral(R"re(\beyJ[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]*){1,4})re"));

    QString out = text.toString();
    out = replaceMatches(out, jsonPair, [](const QRegularExpressionMatch &m) -> QString {
        if (!isSensitiveParameterName(m.capturedView(1)))
            return m.captured(0);
        return QLatin1Char('"') + m.captured(1) + QLatin1Char('"') + m.captured(2) + QLatin1Char('"') + kMask
               + QLatin1Char('"');
    });
    out = replaceMatches(out, encodedPair, [](const QRegularExpressionMatch &m) -> QString {
        if (!isSensitiveParameterName(m.capturedView(1)))
            return m.captured(0);
        return m.captured(1) + QLatin1Char('=') + kMask;
    });
    out = replaceMatches(out, headerLine,
                         [](const QRegularExpressionMatch &m) -> QString { return m.captured(1) + kMask; });
    out = replaceMatches(out, schemeCredentials, [](const QRegularExpressionMatch &m) -> QString {
        return m.captured(1) + m.captured(2) + kMask;
    });
    out = replaceMatches(out, jwt, [](const QRegularExpressionMatch &) { return QString(kMask); });
    return out;
}

} // namespace portico::redaction
