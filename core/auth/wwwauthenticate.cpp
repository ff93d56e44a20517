#include "auth/wwwauthenticate.h"

#include <utility>

namespace portico {

namespace {

using Challenge = WwwAuthenticate::Challenge;

// RFC 9110 §5.6.2: tchar = "!" / "#" / "$" / "%" / "&" / "'" / "*" / "+" / "-" / "." / "^" / "_" / "`" / "|"
// / "~" / DIGIT / ALPHA
bool isTchar(char c)
{
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
        return true;
    switch (c) {
    case '!':
    case '#':
    case '$':
    case '%':
    case '&':
    case '\'':
    case '*':
    case '+':
    case '-':
    case '.':
    case '^':
    case '_':
    case '`':
    case '|':
    case '~':
        return true;
    default:
        return false;
    }
}

// RFC 9110 §11.2: token68 = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="
bool isToken68Char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.'
           || c == '_' || c == '~' || c == '+' || c == '/';
}

// RFC 9110 §5.6.3: OWS / BWS = *( SP / HTAB )
bool isWs(char c)
{
    return c == ' ' || c == '\t';
}

// RFC 9110 §5.5: a field value holds no CR, LF or NUL, and other controls are not field-vchar either.
bool isForbiddenControl(char c)
{
    const auto u = static_cast<unsigned char>(c);
    return (u < 0x20 && c != '\t') || u == 0x7F;
}

// An unquoted auth-param value. RFC 9110 §11.2 allows only a token there; Portico also takes the other
// visible ASCII characters except the list and quoting delimiters, because servers send unquoted URLs
// (`resource_metadata=https://...`) and the reference SDK accepts them (interop). The value must still
// start with a tchar, which keeps `name==` (a token68) apart from a parameter.
bool isUnquotedValueChar(char c)
{
    const auto u = static_cast<unsigned char>(c);
    return u > 0x20 && u < 0x7F && c != ',' && c != '"' && c != '\\';
}

class Parser
{
public:
    explicit Parser(QByteArrayView in)
        : m_in(in)
    {}

    Result<QList<Challenge>> run();

private:
    [[nodiscard]] bool atEnd() const { return m_pos >= m_in.size(); }
    [[nodiscard]] char peek() const { return m_in[m_pos]; }
    void skipWs(qsizetype &pos) const
    {
        while (pos < m_in.size() && isWs(m_in[pos]))
            ++pos;
    }
    // RFC 9110 §5.6.1.2: a recipient accepts empty list elements, so ", ," and leading or trailing commas
    // are only separators.
    void skipSeparators()
    {
        while (!atEnd() && (isWs(peek()) || peek() == ','))
            ++m_pos;
    }
    [[nodiscard]] qsizetype tokenEnd(qsizetype from) const
    {
        while (from < m_in.size() && isTchar(m_in[from]))
            ++from;
        return from;
    }
    // auth-param = token BWS "=" BWS ( token / quoted-string ) (RFC 9110 §11.2). Deciding this from the
    // next few bytes is what tells "more parameters of this challenge" from "the next challenge".
    [[nodiscard]] bool looksLikeAuthParam(qsizetype from) const;

    [[nodiscard]] std::optional<Error> readAuthParam(Challenge &challenge);
    [[nodiscard]] std::optional<Error> readQuotedString(QByteArray &out);
    [[nodiscard]] std::optional<Error> readToken68(Challenge &challenge);

    [[nodiscard]] Error malformed(const QString &what) const
    {
        // The offset, not the text: the value is server-supplied and may be long or hostile (requirements SEC-10,
        // SEC-12).
        return Error(ErrorCode::MalformedResponse, QStringLiteral("The server's WWW-Authenticate header is malformed."),
                     QStringLiteral("WWW-Authenticate: %1 at byte %2 (RFC 9110 §11.6.1)").arg(what).arg(m_pos));
    }

    QByteArrayView m_in;
    qsizetype m_pos = 0;
};

bool Parser::looksLikeAuthParam(qsizetype from) const
{
    qsizetype pos = tokenEnd(from);
    if (pos == from)
        return false;
    skipWs(pos);
    if (pos >= m_in.size() || m_in[pos] != '=')
        return false;
    ++pos;
    skipWs(pos);
    return pos < m_in.size() && (m_in[pos] == '"' || isTchar(m_in[pos]));
}

std::optional<Error> Parser::readQuotedString(QByteArray &out)
{
    // RFC 9110 §5.6.4: quoted-string = DQUOTE *( qdtext / quoted-pair ) DQUOTE; quoted-pair = "\" ( HTAB /
    // SP / VCHAR / obs-text ). Controls were rejected up front, so every remaining byte is one of those.
    Q_ASSERT(peek() == '"');
    ++m_pos;
    while (!atEnd()) {
        const char c = peek();
        if (c == '"') {
            ++m_pos;
            return std::nullopt;
        }
        if (c == '\\') {
            ++m_pos;
            if (atEnd())
                break;
        }
        out.append(peek());
        ++m_pos;
    }
    return malformed(QStringLiteral("unterminated quoted-string"));
}

std::optional<Error> Parser::readAuthParam(Challenge &challenge)
{
    const qsizetype nameEnd = tokenEnd(m_pos);
    // RFC 9110 §11.2: parameter names are case-insensitive; keep them lower-cased for lookup.
    const QString name = QString::fromLatin1(m_in.sliced(m_pos, nameEnd - m_pos)).toLower();
    m_pos = nameEnd;
    skipWs(m_pos);
    Q_ASSERT(peek() == '=');
    ++m_pos;
    skipWs(m_pos);

    QByteArray raw;
    if (peek() == '"') {
        if (auto error = readQuotedString(raw))
            return error;
    } else {
        const qsizetype start = m_pos;
        while (!atEnd() && isUnquotedValueChar(peek()))
            ++m_pos;
        raw = m_in.sliced(start, m_pos - start).toByteArray();
    }

    // RFC 9110 §11.2 and RFC 6750 §3: a parameter name occurs at most once per challenge. Two `scope` or
    // `resource_metadata` values are a parser-differential trap, so the whole field is refused.
    for (const auto &param : std::as_const(challenge.params)) {
        if (param.first == name)
            return malformed(QStringLiteral("auth-param \"%1\" repeated").arg(name.left(64)));
    }
    if (challenge.params.size() >= WwwAuthenticate::kMaxParamsPerChallenge)
        return malformed(
            QStringLiteral("more than %1 auth-params in one challenge").arg(WwwAuthenticate::kMaxParamsPerChallenge));
    // Header octets beyond ASCII are decoded as UTF-8 (what servers actually send in error_description);
    // invalid sequences become U+FFFD.
    challenge.params.append({name, QString::fromUtf8(raw)});
    return std::nullopt;
}

std::optional<Error> Parser::readToken68(Challenge &challenge)
{
    // RFC 9110 §11.2: token68 = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="
    const qsizetype start = m_pos;
    while (!atEnd() && isToken68Char(peek()))
        ++m_pos;
    if (m_pos == start)
        return malformed(QStringLiteral("expected a token68 or an auth-param after the auth-scheme"));
    while (!atEnd() && peek() == '=')
        ++m_pos;
    challenge.token68 = QString::fromLatin1(m_in.sliced(start, m_pos - start));
    return std::nullopt;
}

Result<QList<Challenge>> Parser::run()
{
    // RFC 9110 §5.5: no controls in a field value (QNetworkAccessManager would not deliver CR/LF, but NUL
    // and others can arrive). One pass up front keeps the grammar below simple.
    for (m_pos = 0; m_pos < m_in.size(); ++m_pos) {
        if (isForbiddenControl(m_in[m_pos]))
            return malformed(QStringLiteral("control character"));
    }
    m_pos = 0;

    QList<Challenge> challenges;
    // RFC 9110 §11.6.1: WWW-Authenticate = #challenge
    while (true) {
        skipSeparators();
        if (atEnd())
            break;

        // challenge = auth-scheme [ 1*SP ( token68 / #auth-param ) ]; auth-scheme = token (RFC 9110 §11.1)
        const qsizetype schemeEnd = tokenEnd(m_pos);
        if (schemeEnd == m_pos)
            return malformed(QStringLiteral("expected an auth-scheme"));
        // `realm="x"` where a scheme belongs: at the start, or after a token68 challenge, which takes none.
        if (looksLikeAuthParam(m_pos))
            return malformed(QStringLiteral("auth-param without a challenge that can take it"));
        if (challenges.size() >= WwwAuthenticate::kMaxChallenges)
            return malformed(QStringLiteral("more than %1 challenges").arg(WwwAuthenticate::kMaxChallenges));

        Challenge challenge;
        challenge.scheme = QString::fromLatin1(m_in.sliced(m_pos, schemeEnd - m_pos));
        m_pos = schemeEnd;
        const qsizetype afterScheme = m_pos;
        skipWs(m_pos);

        if (!atEnd() && peek() != ',') {
            if (m_pos == afterScheme) // RFC 9110 §11.3: 1*SP between the scheme and what follows
                return malformed(QStringLiteral("expected whitespace after the auth-scheme"));
            if (!looksLikeAuthParam(m_pos)) {
                if (auto error = readToken68(challenge))
                    return *error;
                skipWs(m_pos);
                if (!atEnd() && peek() != ',')
                    return malformed(QStringLiteral("expected ',' after a token68"));
                challenges.append(std::move(challenge));
                continue; // a token68 challenge has no auth-params
            }
            if (auto error = readAuthParam(challenge))
                return *error;
        }

        // #auth-param: after a comma comes either another parameter of this challenge or the next challenge.
        while (true) {
            skipWs(m_pos);
            if (atEnd())
                break;
            if (peek() != ',')
                return malformed(QStringLiteral("expected ',' after an auth-param"));
            skipSeparators();
            if (atEnd() || !looksLikeAuthParam(m_pos))
                break; // the next challenge (or garbage, which the outer loop reports) starts here
            if (auto error = readAuthParam(challenge))
                return *error;
        }
        challenges.append(std::move(challenge));
    }

    if (challenges.isEmpty())
        return malformed(QStringLiteral("no challenge"));
    return challenges;
}

Error tooLarge(qsizetype size)
{
    return Error(ErrorCode::ResponseTooLarge, QStringLiteral("The server's WWW-Authenticate header is too large."),
                 QStringLiteral("WWW-Authenticate of %1 bytes exceeds the limit of %2 bytes (requirements SEC-12)")
                     .arg(size)
                     .arg(WwwAuthenticate::kMaxLength));
}

} // namespace

bool WwwAuthenticate::Challenge::isScheme(QStringView name) const
{
    // RFC 9110 §11.1: "It uses a case-insensitive token to identify the authentication scheme"
    return scheme.compare(name, Qt::CaseInsensitive) == 0;
}

std::optional<QString> WwwAuthenticate::Challenge::param(QStringView name) const
{
    for (const auto &p : params) {
        if (p.first.compare(name, Qt::CaseInsensitive) == 0)
            return p.second;
    }
    return std::nullopt;
}

Result<WwwAuthenticate> WwwAuthenticate::parse(QByteArrayView fieldValue)
{
    // Requirements SEC-12, ATTACK-9: a 1 MB header is refused before any work is done.
    if (fieldValue.size() > kMaxLength)
        return tooLarge(fieldValue.size());
    Parser parser(fieldValue);
    auto challenges = parser.run();
    if (!challenges)
        return challenges.error();

    WwwAuthenticate result;
    result.m_challenges = std::move(challenges).value();
    for (qsizetype i = 0; i < result.m_challenges.size(); ++i) {
        // RFC 6750 §3: the Bearer auth-scheme
        if (result.m_challenges.at(i).isScheme(u"Bearer")) {
            result.m_bearerIndex = i;
            break;
        }
    }
    return result;
}

Result<WwwAuthenticate> WwwAuthenticate::parse(const QList<QByteArray> &fieldValues)
{
    // RFC 9110 §5.3: field lines of one name combine into one comma-separated list, exactly what
    // QNetworkAccessManager does itself. The total is checked before anything is joined (requirements SEC-12).
    qsizetype total = 0;
    for (const QByteArray &value : fieldValues)
        total += value.size() + 2; // ", "
    if (!fieldValues.isEmpty())
        total -= 2;
    if (total > kMaxLength)
        return tooLarge(total);
    return parse(QByteArrayView(fieldValues.join(QByteArrayView(", "))));
}

std::optional<WwwAuthenticate::Challenge> WwwAuthenticate::bearer() const
{
    if (m_bearerIndex < 0)
        return std::nullopt;
    return m_challenges.at(m_bearerIndex);
}

QString WwwAuthenticate::bearerParam(QStringView name) const
{
    if (m_bearerIndex < 0)
        return {};
    return m_challenges.at(m_bearerIndex).param(name).value_or(QString());
}

QString WwwAuthenticate::error() const
{
    return bearerParam(u"error"); // RFC 6750 §3
}

QString WwwAuthenticate::errorDescription() const
{
    return bearerParam(u"error_description"); // RFC 6750 §3
}

QString WwwAuthenticate::realm() const
{
    return bearerParam(u"realm"); // RFC 6750 §3, RFC 9110 §11.5
}

QString WwwAuthenticate::scope() const
{
    return bearerParam(u"scope"); // RFC 6750 §3
}

Result<ScopeSet> WwwAuthenticate::scopes() const
{
    // RFC 6750 §3: "a space-delimited list of case-sensitive scope values" (RFC 6749 §3.3 syntax).
    return ScopeSet::parse(scope());
}

QString WwwAuthenticate::resourceMetadata() const
{
    return bearerParam(u"resource_metadata"); // RFC 9728 §5.1
}

QUrl WwwAuthenticate::resourceMetadataUrl() const
{
    const QString raw = resourceMetadata();
    if (raw.isEmpty())
        return {};
    const QUrl url(raw, QUrl::StrictMode);
    // RFC 9728 §5.1: the URL of the metadata document, so absolute; the URL policy comes later (requirements SEC-1).
    if (!url.isValid() || url.isRelative())
        return {};
    return url;
}

bool WwwAuthenticate::isInsufficientScope() const
{
    // RFC 6750 §3.1 (403, step-up: requirements AUTH-38, AUTH-39)
    return error() == QLatin1StringView("insufficient_scope");
}

bool WwwAuthenticate::isInvalidToken() const
{
    // RFC 6750 §3.1 (401: refresh once, then re-authorize: requirements AUTH-38)
    return error() == QLatin1StringView("invalid_token");
}

} // namespace portico
