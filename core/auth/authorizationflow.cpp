#include "auth/authorizationflow.h"

#include "auth/authservermetadata.h"

#include <QCoreApplication>
#include <QHash>
#include <QList>
#include <QStringList>
#include <QUrlQuery>

#include <algorithm>
#include <utility>

namespace portico {

namespace {

QString trFlow(const char *text)
{
    return QCoreApplication::translate("AuthorizationFlow", text);
}

Error rejected(const char *message, QString detail = {})
{
    return Error(ErrorCode::CallbackRejected, trFlow(message), std::move(detail));
}

// The parameter names Portico itself puts on the authorization request (requirements AUTH-26). RFC 6749 §3.1: "Request
// and response parameters MUST NOT be included more than once", so a same-named parameter already on the
// endpoint's URL is dropped and Portico's value wins.
const QList<QLatin1StringView> &requestParameterNames()
{
    static const QList<QLatin1StringView> names = {
        QLatin1StringView("response_type"),
        QLatin1StringView("client_id"),
        QLatin1StringView("redirect_uri"),
        QLatin1StringView("code_challenge"),
        QLatin1StringView("code_challenge_method"),
        QLatin1StringView("state"),
        QLatin1StringView("scope"),
        QLatin1StringView("resource"),
        QLatin1StringView("prompt"),
    };
    return names;
}

// application/x-www-form-urlencoded value (WHATWG URL §5.2 / RFC 6749 Appendix B): everything but the RFC 3986
// unreserved characters is percent-encoded, so '+', '&', '=', ' ' and '#' survive as data (a space becomes
// %20, which every form decoder reads as a space too).
QByteArray formEncode(const QString &value)
{
    return QUrl::toPercentEncoding(value);
}

// The inverse for one encoded name or value: '+' means space in this encoding (RFC 6749 Appendix B), and it
// must become one BEFORE percent-decoding so that an encoded "%2B" stays a literal '+'.
QString formDecode(QString encoded)
{
    encoded.replace(QLatin1Char('+'), QLatin1Char(' '));
    return QUrl::fromPercentEncoding(encoded.toUtf8());
}

// Comparing `state` takes the same time however many leading characters match (RFC 6749 §10.12 asks for a
// value an attacker cannot guess; a timing oracle would help guessing it byte by byte).
bool constantTimeEquals(const QByteArray &a, const QByteArray &b)
{
    if (a.size() != b.size())
        return false;
    unsigned char difference = 0;
    for (qsizetype i = 0; i < a.size(); ++i)
        difference |= static_cast<unsigned char>(a.at(i) ^ b.at(i));
    return difference == 0;
}

// Text from the authorization server's error response is untrusted display text (requirements AUTH-32): no control
// characters (they could forge lines in the Activity view) and a bounded length.
QString displayText(const QString &untrusted, qsizetype maxLength)
{
    QString text;
    text.reserve(std::min(untrusted.size(), maxLength));
    for (const QChar c : untrusted) {
        if (text.size() >= maxLength)
            break;
        text.append(c.category() == QChar::Other_Control ? QLatin1Char(' ') : c);
    }
    return text.trimmed();
}

// The decoded callback parameters, name -> every value in order.
struct CallbackParameters
{
    QHash<QString, QStringList> values;

    [[nodiscard]] bool has(const QString &name) const { return values.contains(name); }
    [[nodiscard]] qsizetype count(const QString &name) const { return values.value(name).size(); }
    [[nodiscard]] QString first(const QString &name) const
    {
        const QStringList list = values.value(name);
        return list.isEmpty() ? QString() : list.constFirst();
    }
};

CallbackParameters parseCallback(const QUrl &callbackUrl)
{
    // The fully encoded query, split with QUrlQuery, then each name and value form-decoded by hand: QUrlQuery's
    // own FullyDecoded leaves '+' alone, which would turn `iss=https://a+b` into a different string than
    // the AS meant (RFC 9207 §2.4: compare after form-url-decoding).
    CallbackParameters parameters;
    const QUrlQuery query(callbackUrl.query(QUrl::FullyEncoded));
    const QList<QPair<QString, QString>> items = query.queryItems(QUrl::FullyEncoded);
    for (const auto &[name, value] : items)
        parameters.values[formDecode(name)].append(formDecode(value));
    return parameters;
}

} // namespace

AuthorizationFlow::AuthorizationFlow(const AuthServerMetadata &metadata, Parameters parameters)
    // Requirements AUTH-25, SEC-6: one AS per flow record, its issuer and token endpoint from the validated metadata.
    : m_issuer(metadata.issuer())
    , m_authorizationEndpoint(metadata.authorizationEndpoint())
    , m_tokenEndpoint(metadata.tokenEndpoint())
    , m_issParameterSupported(metadata.authorizationResponseIssParameterSupported())
    , m_parameters(std::move(parameters))
    // Requirements AUTH-23: a fresh verifier per flow; RFC 6749 §10.12: a fresh state of 256 bits, both from the OS
    // CSPRNG.
    , m_pkce(Pkce::generate())
    , m_state(Pkce::generateState())
{}

QUrl AuthorizationFlow::authorizationUrl() const
{
    // Keep the endpoint's own query (RFC 6749 §3.1: "MUST be retained when adding additional query
    // parameters"), minus any parameter Portico sets itself (sent once only, RFC 6749 §3.1).
    QList<QByteArray> pieces;
    const QByteArray ownQuery = m_authorizationEndpoint.query(QUrl::FullyEncoded).toUtf8();
    if (!ownQuery.isEmpty()) {
        for (const QByteArray &piece : ownQuery.split('&')) {
            if (piece.isEmpty())
                continue;
            const qsizetype equals = piece.indexOf('=');
            const QString name = formDecode(QString::fromUtf8(equals < 0 ? piece : piece.left(equals)));
            if (!requestParameterNames().contains(name))
                pieces.append(piece);
        }
    }

    const auto add = [&pieces](QLatin1StringView name, const QString &value) {
        pieces.append(QByteArray(name.data(), name.size()) + '=' + formEncode(value));
    };
    // Requirements AUTH-26 / OAuth 2.1 §4.1.1, in that order.
    add(QLatin1StringView("response_type"), QStringLiteral("code"));
    add(QLatin1StringView("client_id"), m_parameters.clientId);
    // The same string the token request sends (requirements AUTH-34; RFC 6749 §4.1.3 "identical").
    add(QLatin1StringView("redirect_uri"), m_parameters.redirectUri.toString(QUrl::FullyEncoded));
    add(QLatin1StringView("code_challenge"), QString::fromLatin1(m_pkce.challenge()));
    add(QLatin1StringView("code_challenge_method"), QString(Pkce::method()));
    add(QLatin1StringView("state"), QString::fromLatin1(m_state));
    // Requirements AUTH-28 step 3: an empty selection omits `scope` (conformance auth/scope-omitted-when-undefined).
    if (!m_parameters.scopes.isEmpty())
        add(QLatin1StringView("scope"), m_parameters.scopes.toString());
    // RFC 8707 §2: the resource string exactly as given (the same string on the token request); empty = the
    // person's setting to omit it for an IdP that rejects it.
    if (!m_parameters.resource.isEmpty())
        add(QLatin1StringView("resource"), m_parameters.resource);
    // OpenID Connect Core §11: an OpenID provider issues a refresh token for offline_access only when the
    // request carries prompt=consent (oidc-provider drops offline_access without it; the TS SDK sends it
    // too). Plain OAuth servers ignore the parameter.
    if (m_parameters.scopes.contains(u"offline_access"))
        add(QLatin1StringView("prompt"), QStringLiteral("consent"));

    QUrl url = m_authorizationEndpoint;
    // StrictMode: the query is already fully percent-encoded; QUrl must keep %2B, %26 and %3D as they are.
    url.setQuery(QString::fromLatin1(pieces.join('&')), QUrl::StrictMode);
    return url;
}

QByteArray AuthorizationFlow::stateOf(const QUrl &url)
{
    const CallbackParameters parameters = parseCallback(url);
    const QString stateKey = QStringLiteral("state");
    return parameters.count(stateKey) == 1 ? parameters.first(stateKey).toUtf8() : QByteArray();
}

bool AuthorizationFlow::answersState(const QUrl &callbackUrl, const QByteArray &state)
{
    return !state.isEmpty() && constantTimeEquals(stateOf(callbackUrl), state);
}

Result<QByteArray> AuthorizationFlow::validateCallback(const QUrl &callbackUrl)
{
    // Requirements ATTACK-4: a flow answers one redirect. A second callback — a replay, or a second tab — is discarded.
    if (m_consumed)
        return rejected(QT_TRANSLATE_NOOP("AuthorizationFlow",
                                          "The sign-in response was rejected because this sign-in was already "
                                          "completed. Start the sign-in again."),
                        QStringLiteral("state already used"));

    const CallbackParameters parameters = parseCallback(callbackUrl);

    // 1. state (requirements AUTH-30, ATTACK-4; RFC 6749 §4.1.2, §10.12): present once and equal to the one this flow
    //    sent.
    const QString stateKey = QStringLiteral("state");
    if (parameters.count(stateKey) != 1 || parameters.first(stateKey).isEmpty())
        return rejected(QT_TRANSLATE_NOOP("AuthorizationFlow",
                                          "The sign-in response was rejected because it carries no valid state. "
                                          "Start the sign-in again."),
                        parameters.count(stateKey) > 1 ? QStringLiteral("state repeated")
                                                       : QStringLiteral("state missing"));
    if (!constantTimeEquals(parameters.first(stateKey).toUtf8(), m_state))
        return rejected(QT_TRANSLATE_NOOP("AuthorizationFlow",
                                          "The sign-in response was rejected because it does not belong to the "
                                          "sign-in Portico started. Start the sign-in again."),
                        QStringLiteral("state mismatch"));
    // The state matched: this authorization request has been answered. Whatever follows — a code, an error or
    // a rejected iss — the state is spent and cannot be presented again (requirements ATTACK-4: a reused state is
    // rejected).
    m_consumed = true;

    // 2. iss (RFC 9207 §2.4, requirements AUTH-31, SEC-6), before any other response parameter is read
    //    (requirements AUTH-32). An exact string compare with the issuer recorded from validated metadata: no case
    //    folding, default-port or trailing-slash normalization (requirements ATTACK-5 (d): "https://as.test/" is not
    //    "https://as.test").
    const QString issKey = QStringLiteral("iss");
    const qsizetype issCount = parameters.count(issKey);
    if (issCount > 1)
        return rejected(QT_TRANSLATE_NOOP("AuthorizationFlow",
                                          "The sign-in response was rejected because it names its issuer more "
                                          "than once."),
                        QStringLiteral("iss repeated; expected issuer %1").arg(m_issuer));
    if (issCount == 1) {
        // RFC 9207 §2.4: present, whether advertised or not (requirements ATTACK-5 (b, c, d)) → must equal.
        if (parameters.first(issKey) != m_issuer)
            return rejected(QT_TRANSLATE_NOOP("AuthorizationFlow",
                                              "The sign-in response was rejected because it comes from a different "
                                              "authorization server than the one Portico asked. Start the sign-in "
                                              "again."),
                            QStringLiteral("iss mismatch; expected issuer %1").arg(m_issuer));
    } else if (m_issParameterSupported) {
        // RFC 9207 §2.4: advertised (authorization_response_iss_parameter_supported) but absent (requirements ATTACK-5
        // (a)).
        return rejected(QT_TRANSLATE_NOOP("AuthorizationFlow",
                                          "The sign-in response was rejected because the authorization server "
                                          "promised to name itself in it and did not. Start the sign-in again."),
                        QStringLiteral("iss missing although advertised; expected issuer %1").arg(m_issuer));
    }
    // Not advertised and absent: proceed (requirements ATTACK-5 (e)).

    // 3. An error response (RFC 6749 §4.1.2.1): only now that iss checked may it be read and shown
    //    (requirements AUTH-32). The description is the AS's display text, untrusted: sanitized and kept in the detail
    //    only.
    const QString errorKey = QStringLiteral("error");
    if (parameters.has(errorKey)) {
        const QString oauthError = displayText(parameters.first(errorKey), 64);
        const QString description = displayText(parameters.first(QStringLiteral("error_description")), 500);
        Error denied(
            ErrorCode::AuthorizationDenied,
            QCoreApplication::translate("AuthorizationFlow", "The authorization server did not grant access (%1).")
                .arg(oauthError.isEmpty() ? QStringLiteral("?") : oauthError),
            description);
        denied.withOAuthError(oauthError);
        return denied;
    }

    // 4. The code (RFC 6749 §4.1.2): exactly once and not empty. Never put into a message: it is a secret.
    const QString codeKey = QStringLiteral("code");
    if (parameters.count(codeKey) != 1 || parameters.first(codeKey).isEmpty())
        return rejected(QT_TRANSLATE_NOOP("AuthorizationFlow",
                                          "The sign-in response was rejected because it carries no authorization "
                                          "code. Start the sign-in again."),
                        parameters.count(codeKey) > 1 ? QStringLiteral("code repeated")
                                                      : QStringLiteral("code missing"));
    return parameters.first(codeKey).toUtf8();
}

} // namespace portico
