// One authorization-code flow (requirements AUTH-23–AUTH-28, AUTH-30–AUTH-33, SEC-6, ATTACK-4, ATTACK-5; RFC 6749 §4.1,
// RFC 7636, RFC 9207 §2.4): the authorization URL it builds and the redirect it accepts. The URL is taken apart here
// with an independent form decoder, not with the code under test. Generated verifiers and states are secrets: they are
// compared with QVERIFY on booleans and never printed (docs/architecture.md, "Security rules").

#include "auth/authorizationflow.h"
#include "auth/authservermetadata.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace portico;

namespace {

const QString kIssuer = QStringLiteral("http://127.0.0.1:1");
const QUrl kRedirectUri(QStringLiteral("http://127.0.0.1:5555/callback"));
// A test fixture, not a generated secret: it may appear in failure messages.
const QByteArray kCode = "c0de-7f3a";

AuthServerMetadata metadata(bool issAdvertised, const QString &issuer = kIssuer,
                            const QString &authorizationEndpoint = QStringLiteral("http://127.0.0.1:1/authorize"))
{
    QJsonObject document{
        {QStringLiteral("issuer"), issuer},
        {QStringLiteral("authorization_endpoint"), authorizationEndpoint},
        {QStringLiteral("token_endpoint"), QStringLiteral("http://127.0.0.1:1/token")},
        {QStringLiteral("code_challenge_methods_supported"), QJsonArray{QStringLiteral("S256")}},
        {QStringLiteral("response_types_supported"), QJsonArray{QStringLiteral("code")}},
    };
    // RFC 9207 §3: absent means "not advertised"; the false case writes it out to show it is read.
    document.insert(QStringLiteral("authorization_response_iss_parameter_supported"), issAdvertised);
    Result<AuthServerMetadata> parsed =
        AuthServerMetadata::fromJson(QJsonDocument(document).toJson(), issuer, discovery_urls::AsMetadataKind::OAuth);
    if (!parsed.ok())
        qFatal("test metadata rejected: %s", qPrintable(parsed.error().toString()));
    return std::move(parsed).value();
}

AuthorizationFlow::Parameters parameters(const QString &resource = QStringLiteral("http://127.0.0.1:2/mcp"),
                                         const QString &scopes = QStringLiteral("mcp:read mcp:write"))
{
    AuthorizationFlow::Parameters p;
    p.clientId = QStringLiteral("client-1");
    p.redirectUri = kRedirectUri;
    p.resource = resource;
    p.scopes = ScopeSet::parse(scopes).value();
    return p;
}

// application/x-www-form-urlencoded, decoded independently of the code under test: '+' is a space, then
// percent-decoding. Name/value pairs in order, duplicates kept.
QList<QPair<QString, QString>> formParameters(const QUrl &url)
{
    const auto decode = [](QByteArray encoded) {
        encoded.replace('+', ' ');
        return QString::fromUtf8(QByteArray::fromPercentEncoding(encoded));
    };
    QList<QPair<QString, QString>> result;
    const QByteArray query = url.query(QUrl::FullyEncoded).toLatin1();
    for (const QByteArray &piece : query.split('&')) {
        if (piece.isEmpty())
            continue;
        const qsizetype equals = piece.indexOf('=');
        result.append({decode(equals < 0 ? piece : piece.left(equals)),
                       decode(equals < 0 ? QByteArray() : piece.mid(equals + 1))});
    }
    return result;
}

QStringList names(const QList<QPair<QString, QString>> &parameters)
{
    QStringList list;
    for (const auto &parameter : parameters)
        list.append(parameter.first);
    return list;
}

QString value(const QList<QPair<QString, QString>> &parameters, const QString &name)
{
    for (const auto &parameter : parameters) {
        if (parameter.first == name)
            return parameter.second;
    }
    return {};
}

// The callback the loopback listener would catch: the redirect URI with `query`, where "STATE" stands for the
// flow's own state.
QUrl callback(const AuthorizationFlow &flow, QString query)
{
    query.replace(QStringLiteral("STATE"), QString::fromLatin1(flow.state()));
    return QUrl::fromEncoded(kRedirectUri.toEncoded() + '?' + query.toLatin1());
}

} // namespace

class TestAuthorizationFlow : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void authorizationUrlCarriesExactlyTheA27Parameters();
    void authorizationUrlKeepsTheEndpointsOwnQuery();
    void codeChallengeIsS256OfTheVerifier();
    void everyFlowHasFreshStateAndVerifier();
    void omitsScopeAndResourceWhenEmpty();
    void sendsResourceAndClientIdAsTheSameString_data();
    void sendsResourceAndClientIdAsTheSameString();
    void recordsIssuerAndTokenEndpointOfTheValidatedMetadata();
    void validatesCallback_data();
    void validatesCallback();
    void rejectsAReusedState();
    void errorWithUncheckedIssIsRejectedWithoutReadingIt_data();
    void errorWithUncheckedIssIsRejectedWithoutReadingIt();
    void errorWithCheckedIssIsAuthorizationDenied_data();
    void errorWithCheckedIssIsAuthorizationDenied();
    void comparesIssAfterFormDecodingOnly_data();
    void comparesIssAfterFormDecodingOnly();
    void matchesTheStateOfItsAuthorizationUrl_data();
    void matchesTheStateOfItsAuthorizationUrl();
};

void TestAuthorizationFlow::authorizationUrlCarriesExactlyTheA27Parameters()
{
    // Requirements AUTH-26 / OAuth 2.1 §4.1.1: exactly these parameters, each once, in this order.
    const AuthorizationFlow flow(metadata(true), parameters());
    const QUrl url = flow.authorizationUrl();
    QCOMPARE(url.scheme(), QStringLiteral("http"));
    QCOMPARE(url.host(), QStringLiteral("127.0.0.1"));
    QCOMPARE(url.port(), 1);
    QCOMPARE(url.path(), QStringLiteral("/authorize"));
    QVERIFY(url.fragment().isEmpty());

    const auto query = formParameters(url);
    QCOMPARE(names(query),
             (QStringList{QStringLiteral("response_type"), QStringLiteral("client_id"), QStringLiteral("redirect_uri"),
                          QStringLiteral("code_challenge"), QStringLiteral("code_challenge_method"),
                          QStringLiteral("state"), QStringLiteral("scope"), QStringLiteral("resource")}));
    QCOMPARE(value(query, QStringLiteral("response_type")), QStringLiteral("code"));
    QCOMPARE(value(query, QStringLiteral("client_id")), QStringLiteral("client-1"));
    QCOMPARE(value(query, QStringLiteral("redirect_uri")), QStringLiteral("http://127.0.0.1:5555/callback"));
    QCOMPARE(value(query, QStringLiteral("code_challenge_method")), QStringLiteral("S256"));
    QVERIFY(value(query, QStringLiteral("state")).toLatin1() == flow.state());
    QCOMPARE(value(query, QStringLiteral("scope")), QStringLiteral("mcp:read mcp:write"));
    QCOMPARE(value(query, QStringLiteral("resource")), QStringLiteral("http://127.0.0.1:2/mcp"));
    // The verifier itself never travels in the URL (requirements AUTH-23: only its challenge).
    QVERIFY(!url.toEncoded().contains(flow.codeVerifier()));
}

void TestAuthorizationFlow::authorizationUrlKeepsTheEndpointsOwnQuery()
{
    // RFC 6749 §3.1: the endpoint's query is retained; a parameter Portico sets is not sent twice.
    const AuthorizationFlow flow(
        metadata(false, kIssuer, QStringLiteral("http://127.0.0.1:1/authorize?tenant=a%2Bb&x=1&state=evil")),
        parameters());
    const auto query = formParameters(flow.authorizationUrl());
    QCOMPARE(value(query, QStringLiteral("tenant")), QStringLiteral("a+b"));
    QCOMPARE(value(query, QStringLiteral("x")), QStringLiteral("1"));
    QCOMPARE(names(query).count(QStringLiteral("state")), 1);
    QVERIFY(value(query, QStringLiteral("state")).toLatin1() == flow.state());
    QCOMPARE(names(query).count(QStringLiteral("response_type")), 1);
}

void TestAuthorizationFlow::codeChallengeIsS256OfTheVerifier()
{
    // Requirements AUTH-23 / RFC 7636 §4.2: code_challenge = BASE64URL(SHA-256(verifier)), method S256.
    const AuthorizationFlow flow(metadata(true), parameters());
    const auto query = formParameters(flow.authorizationUrl());
    QVERIFY(Pkce::isValidVerifier(flow.codeVerifier()));
    QVERIFY(value(query, QStringLiteral("code_challenge")).toLatin1() == Pkce::s256Challenge(flow.codeVerifier()));
    QVERIFY(value(query, QStringLiteral("code_challenge")).toLatin1() != flow.codeVerifier());
}

void TestAuthorizationFlow::everyFlowHasFreshStateAndVerifier()
{
    // Requirements AUTH-23 (never reuse a verifier), RFC 6749 §10.12 (fresh state, at least 128 bits: 22+ base64url
    // characters).
    const AuthServerMetadata as = metadata(true);
    const AuthorizationFlow first(as, parameters());
    const AuthorizationFlow second(as, parameters());
    QVERIFY(first.codeVerifier() != second.codeVerifier());
    QVERIFY(first.state() != second.state());
    QVERIFY(first.state().size() * 6 >= 128);
    QVERIFY(first.authorizationUrl() != second.authorizationUrl());
}

void TestAuthorizationFlow::omitsScopeAndResourceWhenEmpty()
{
    // Requirements AUTH-28 step 3 (conformance auth/scope-omitted-when-undefined); RFC 8707 §2: resource omitted only
    // by the setting.
    const AuthorizationFlow flow(metadata(true), parameters(QString(), QString()));
    const QStringList sent = names(formParameters(flow.authorizationUrl()));
    QVERIFY(!sent.contains(QStringLiteral("scope")));
    QVERIFY(!sent.contains(QStringLiteral("resource")));
    QCOMPARE(sent.size(), 6);
}

void TestAuthorizationFlow::sendsResourceAndClientIdAsTheSameString_data()
{
    QTest::addColumn<QString>("resource");
    QTest::addColumn<QString>("clientId");
    // RFC 8707 §2: the same string on the authorize and token requests, whatever characters it holds; no
    // normalization (case, trailing slash, percent-encoding) on the way.
    QTest::newRow("plain") << QStringLiteral("https://mcp.test/mcp") << QStringLiteral("client-1");
    QTest::newRow("query with & and =") << QStringLiteral("https://mcp.test/mcp?a=1&b=2")
                                        << QStringLiteral("https://client.test/meta.json?x=1&y=2");
    QTest::newRow("plus and space") << QStringLiteral("https://mcp.test/a+b c") << QStringLiteral("id+with space");
    QTest::newRow("already percent-encoded") << QStringLiteral("https://mcp.test/a%2Fb") << QStringLiteral("id%20x");
    QTest::newRow("trailing slash kept") << QStringLiteral("https://mcp.test/") << QStringLiteral("c");
    QTest::newRow("case kept") << QStringLiteral("https://MCP.test:443/MCP") << QStringLiteral("C");
    QTest::newRow("hash") << QStringLiteral("https://mcp.test/x#y") << QStringLiteral("c#1");
    QTest::newRow("non-ASCII") << QStringLiteral("https://mcp.test/caf\u00e9") << QStringLiteral("cl\u00efent");
}

void TestAuthorizationFlow::sendsResourceAndClientIdAsTheSameString()
{
    QFETCH(QString, resource);
    QFETCH(QString, clientId);
    AuthorizationFlow::Parameters p = parameters(resource);
    p.clientId = clientId;
    const AuthorizationFlow flow(metadata(true), p);
    const QUrl url = flow.authorizationUrl();
    QVERIFY(url.isValid());
    // The URL survives a trip through its encoded form, as a browser receives it.
    const auto query = formParameters(QUrl::fromEncoded(url.toEncoded()));
    QCOMPARE(value(query, QStringLiteral("resource")), resource);
    QCOMPARE(value(query, QStringLiteral("client_id")), clientId);
    QCOMPARE(flow.parameters().resource, resource);
    QCOMPARE(names(query).size(), 8);
}

void TestAuthorizationFlow::recordsIssuerAndTokenEndpointOfTheValidatedMetadata()
{
    // Requirements AUTH-25, AUTH-33, SEC-6: the record holds the issuer and token endpoint of the metadata it was built
    // from.
    const AuthorizationFlow flow(metadata(true), parameters());
    QCOMPARE(flow.issuer(), kIssuer);
    QCOMPARE(flow.tokenEndpoint(), QUrl(QStringLiteral("http://127.0.0.1:1/token")));
    QCOMPARE(flow.parameters().clientId, QStringLiteral("client-1"));
    QCOMPARE(flow.parameters().redirectUri, kRedirectUri);
    QCOMPARE(flow.parameters().scopes.toString(), QStringLiteral("mcp:read mcp:write"));
    QVERIFY(!flow.isConsumed());
}

void TestAuthorizationFlow::validatesCallback_data()
{
    QTest::addColumn<bool>("issAdvertised");
    QTest::addColumn<QString>("query");
    QTest::addColumn<bool>("accepted");
    QTest::addColumn<QByteArray>("expectedCode");

    const QByteArray code = kCode;
    // Requirements ATTACK-5 (e) / conformance auth/iss-supported, auth/iss-not-advertised: proceed.
    QTest::newRow("iss-supported: advertised, correct iss")
        << true << QStringLiteral("code=c0de-7f3a&state=STATE&iss=http://127.0.0.1:1") << true << code;
    QTest::newRow("iss-not-advertised: absent")
        << false << QStringLiteral("code=c0de-7f3a&state=STATE") << true << code;
    QTest::newRow("not advertised, correct iss present")
        << false << QStringLiteral("state=STATE&iss=http%3A%2F%2F127.0.0.1%3A1&code=c0de-7f3a") << true << code;
    QTest::newRow("code is form-decoded")
        << false << QStringLiteral("code=a%2Bb+c%26d&state=STATE") << true << QByteArray("a+b c&d");
    // Requirements ATTACK-5 (a) auth/iss-supported-missing.
    QTest::newRow("D5a advertised, iss absent")
        << true << QStringLiteral("code=c0de-7f3a&state=STATE") << false << QByteArray();
    // Requirements ATTACK-5 (b) auth/iss-wrong-issuer.
    QTest::newRow("D5b advertised, wrong iss")
        << true << QStringLiteral("code=c0de-7f3a&state=STATE&iss=https://evil.example.com") << false << QByteArray();
    // Requirements ATTACK-5 (c) auth/iss-unexpected.
    QTest::newRow("D5c not advertised, wrong iss")
        << false << QStringLiteral("code=c0de-7f3a&state=STATE&iss=https://evil.example.com") << false << QByteArray();
    // Requirements ATTACK-5 (d) auth/iss-normalized: a trailing slash is a different issuer (RFC 9207 §2.4: no
    // normalization).
    QTest::newRow("D5d advertised, trailing slash")
        << true << QStringLiteral("code=c0de-7f3a&state=STATE&iss=http://127.0.0.1:1/") << false << QByteArray();
    QTest::newRow("D5d not advertised, trailing slash")
        << false << QStringLiteral("code=c0de-7f3a&state=STATE&iss=http://127.0.0.1:1/") << false << QByteArray();
    QTest::newRow("iss with upper-case scheme")
        << true << QStringLiteral("code=c0de-7f3a&state=STATE&iss=HTTP://127.0.0.1:1") << false << QByteArray();
    QTest::newRow("iss with localhost for 127.0.0.1")
        << true << QStringLiteral("code=c0de-7f3a&state=STATE&iss=http://localhost:1") << false << QByteArray();
    QTest::newRow("iss empty") << false << QStringLiteral("code=c0de-7f3a&state=STATE&iss=") << false << QByteArray();
    QTest::newRow("iss twice, one right")
        << true << QStringLiteral("code=c0de-7f3a&state=STATE&iss=http://127.0.0.1:1&iss=https://evil.example.com")
        << false << QByteArray();
    // Requirements ATTACK-4, AUTH-30: state missing, changed, empty, repeated.
    QTest::newRow("D4 state missing") << false << QStringLiteral("code=c0de-7f3a") << false << QByteArray();
    QTest::newRow("D4 state changed") << false << QStringLiteral("code=c0de-7f3a&state=STATEx") << false
                                      << QByteArray();
    QTest::newRow("D4 state of another flow")
        << false << QStringLiteral("code=c0de-7f3a&state=AAAAAAAAAAAAAAAAAAAA") << false << QByteArray();
    QTest::newRow("state empty") << false << QStringLiteral("code=c0de-7f3a&state=") << false << QByteArray();
    QTest::newRow("state twice") << false << QStringLiteral("code=c0de-7f3a&state=STATE&state=STATE") << false
                                 << QByteArray();
    QTest::newRow("state only in the fragment")
        << false << QStringLiteral("code=c0de-7f3a#state=STATE") << false << QByteArray();
    // RFC 6749 §4.1.2: the code must be there, once.
    QTest::newRow("code missing") << true << QStringLiteral("state=STATE&iss=http://127.0.0.1:1") << false
                                  << QByteArray();
    QTest::newRow("code empty") << false << QStringLiteral("code=&state=STATE") << false << QByteArray();
    QTest::newRow("code twice") << false << QStringLiteral("code=c0de-7f3a&code=other&state=STATE") << false
                                << QByteArray();
    QTest::newRow("no query at all") << false << QString() << false << QByteArray();
}

void TestAuthorizationFlow::validatesCallback()
{
    QFETCH(bool, issAdvertised);
    QFETCH(QString, query);
    QFETCH(bool, accepted);
    QFETCH(QByteArray, expectedCode);

    AuthorizationFlow flow(metadata(issAdvertised), parameters());
    const Result<QByteArray> result = flow.validateCallback(callback(flow, query));
    QVERIFY2(result.ok() == accepted, result.ok() ? "accepted" : qPrintable(result.error().toString()));
    if (accepted) {
        QCOMPARE(result.value(), expectedCode);
        QVERIFY(flow.isConsumed());
        return;
    }
    QCOMPARE(result.error().code(), ErrorCode::CallbackRejected);
    // The code is a secret: no rejection repeats it (docs/architecture.md, "Security rules"), nor the flow's state.
    QVERIFY(!result.error().toString().contains(QString::fromLatin1(kCode)));
    QVERIFY(!result.error().toString().contains(QString::fromLatin1(flow.state())));
}

void TestAuthorizationFlow::rejectsAReusedState()
{
    // Requirements ATTACK-4: a state that was already used is rejected — the replayed callback yields no second code.
    AuthorizationFlow flow(metadata(true), parameters());
    const QUrl url = callback(flow, QStringLiteral("code=c0de-7f3a&state=STATE&iss=http://127.0.0.1:1"));
    QVERIFY(flow.validateCallback(url).ok());
    QVERIFY(flow.isConsumed());
    const Result<QByteArray> replay = flow.validateCallback(url);
    QVERIFY(!replay.ok());
    QCOMPARE(replay.error().code(), ErrorCode::CallbackRejected);

    // An answer with the right state spends it whatever it says: after an error response, a later code for the
    // same state is refused too.
    AuthorizationFlow denied(metadata(false), parameters());
    QCOMPARE(
        denied.validateCallback(callback(denied, QStringLiteral("error=access_denied&state=STATE"))).error().code(),
        ErrorCode::AuthorizationDenied);
    QVERIFY(!denied.validateCallback(callback(denied, QStringLiteral("code=c0de-7f3a&state=STATE"))).ok());

    // A wrong state does not spend the flow: the real redirect can still arrive.
    AuthorizationFlow probed(metadata(false), parameters());
    QVERIFY(!probed.validateCallback(callback(probed, QStringLiteral("code=x&state=guess"))).ok());
    QVERIFY(!probed.isConsumed());
    QVERIFY(probed.validateCallback(callback(probed, QStringLiteral("code=c0de-7f3a&state=STATE"))).ok());
}

void TestAuthorizationFlow::errorWithUncheckedIssIsRejectedWithoutReadingIt_data()
{
    QTest::addColumn<bool>("issAdvertised");
    QTest::addColumn<QString>("issParameter");
    // Requirements AUTH-32, ATTACK-5: an error response whose iss fails the RFC 9207 §2.4 table is not acted on, and
    // its error fields are not shown: a mix-up attacker's text must not reach the person.
    QTest::newRow("advertised, wrong iss") << true << QStringLiteral("&iss=https://evil.example.com");
    QTest::newRow("advertised, iss absent") << true << QString();
    QTest::newRow("not advertised, wrong iss") << false << QStringLiteral("&iss=https://evil.example.com");
    QTest::newRow("trailing slash") << false << QStringLiteral("&iss=http://127.0.0.1:1/");
}

void TestAuthorizationFlow::errorWithUncheckedIssIsRejectedWithoutReadingIt()
{
    QFETCH(bool, issAdvertised);
    QFETCH(QString, issParameter);
    AuthorizationFlow flow(metadata(issAdvertised), parameters());
    const Result<QByteArray> result = flow.validateCallback(
        callback(flow, QStringLiteral("error=temporarily_unavailable&error_description=Call+PHISHY+support+at+555&"
                                      "error_uri=https%3A%2F%2Fevil.example.com%2Fhelp&state=STATE")
                           + issParameter));
    QVERIFY(!result.ok());
    QCOMPARE(result.error().code(), ErrorCode::CallbackRejected);
    QVERIFY(result.error().oauthError().isEmpty());
    for (const QString &text : {result.error().message(), result.error().detail()}) {
        QVERIFY2(!text.contains(QStringLiteral("PHISHY")), qPrintable(text));
        QVERIFY2(!text.contains(QStringLiteral("temporarily_unavailable")), qPrintable(text));
        QVERIFY2(!text.contains(QStringLiteral("evil.example.com/help")), qPrintable(text));
    }
}

void TestAuthorizationFlow::errorWithCheckedIssIsAuthorizationDenied_data()
{
    QTest::addColumn<bool>("issAdvertised");
    QTest::addColumn<QString>("issParameter");
    QTest::newRow("advertised, correct iss") << true << QStringLiteral("&iss=http://127.0.0.1:1");
    QTest::newRow("not advertised, absent") << false << QString();
}

void TestAuthorizationFlow::errorWithCheckedIssIsAuthorizationDenied()
{
    // RFC 6749 §4.1.2.1 after RFC 9207 §2.4 passed: AuthorizationDenied, `error` as oauthError, the description (form-
    // decoded, display text only) in the detail.
    QFETCH(bool, issAdvertised);
    QFETCH(QString, issParameter);
    AuthorizationFlow flow(metadata(issAdvertised), parameters());
    const Result<QByteArray> result = flow.validateCallback(
        callback(flow, QStringLiteral("state=STATE&error=access_denied&error_description=The+user%0Asaid+no%2B")
                           + issParameter));
    QVERIFY(!result.ok());
    QCOMPARE(result.error().code(), ErrorCode::AuthorizationDenied);
    QCOMPARE(result.error().oauthError(), QStringLiteral("access_denied"));
    // The control character cannot forge a second line in the Activity view.
    QCOMPARE(result.error().detail(), QStringLiteral("The user said no+"));
    QVERIFY(!result.error().message().isEmpty());
}

void TestAuthorizationFlow::comparesIssAfterFormDecodingOnly_data()
{
    QTest::addColumn<QString>("issuer");
    QTest::addColumn<QString>("issParameter");
    QTest::addColumn<bool>("accepted");
    // RFC 9207 §2.4: compare after form-url-decoding — and nothing else. '+' is a space in that encoding; %2B is '+'.
    QTest::newRow("%2B is a plus") << QStringLiteral("http://127.0.0.1:1/t+1")
                                   << QStringLiteral("http%3A%2F%2F127.0.0.1%3A1%2Ft%2B1") << true;
    QTest::newRow("raw plus is a space") << QStringLiteral("http://127.0.0.1:1/t+1")
                                         << QStringLiteral("http://127.0.0.1:1/t+1") << false;
    QTest::newRow("double-encoded percent kept")
        << QStringLiteral("http://127.0.0.1:1/t%20x") << QStringLiteral("http://127.0.0.1:1/t%2520x") << true;
    QTest::newRow("percent-encoding not normalized")
        << QStringLiteral("http://127.0.0.1:1/t%20x") << QStringLiteral("http://127.0.0.1:1/t+x") << false;
    QTest::newRow("default port not dropped")
        << QStringLiteral("http://127.0.0.1:80") << QStringLiteral("http://127.0.0.1") << false;
}

void TestAuthorizationFlow::comparesIssAfterFormDecodingOnly()
{
    QFETCH(QString, issuer);
    QFETCH(QString, issParameter);
    QFETCH(bool, accepted);
    AuthorizationFlow flow(metadata(true, issuer, issuer + QStringLiteral("/authorize")), parameters());
    QCOMPARE(flow.issuer(), issuer);
    const Result<QByteArray> result =
        flow.validateCallback(callback(flow, QStringLiteral("code=c0de-7f3a&state=STATE&iss=") + issParameter));
    QVERIFY2(result.ok() == accepted, result.ok() ? "accepted" : qPrintable(result.error().toString()));
    if (!accepted)
        QCOMPARE(result.error().code(), ErrorCode::CallbackRejected);
}

void TestAuthorizationFlow::matchesTheStateOfItsAuthorizationUrl_data()
{
    QTest::addColumn<QString>("query"); // "STATE" = the flow's own state
    QTest::addColumn<bool>("answers");
    // What the loopback listener accepts (RFC 8252 §8.3): exactly the request's state, once, form-decoded.
    QTest::newRow("the state") << QStringLiteral("code=c&state=STATE") << true;
    QTest::newRow("state first") << QStringLiteral("state=STATE&code=c") << true;
    QTest::newRow("another state") << QStringLiteral("code=c&state=WRONG") << false;
    QTest::newRow("a prefix") << QStringLiteral("code=c&state=STATEx") << false;
    QTest::newRow("missing") << QStringLiteral("code=c") << false;
    QTest::newRow("empty") << QStringLiteral("code=c&state=") << false;
    QTest::newRow("repeated") << QStringLiteral("state=STATE&state=STATE") << false;
}

void TestAuthorizationFlow::matchesTheStateOfItsAuthorizationUrl()
{
    QFETCH(QString, query);
    QFETCH(bool, answers);
    const AuthorizationFlow flow(metadata(true), parameters());
    QCOMPARE(AuthorizationFlow::stateOf(flow.authorizationUrl()), flow.state());
    QUrl callback(QStringLiteral("http://127.0.0.1:5555/callback"));
    callback.setQuery(query.replace(QStringLiteral("STATE"), QString::fromLatin1(flow.state())));
    QCOMPARE(AuthorizationFlow::answersState(callback, flow.state()), answers);
    QVERIFY(!AuthorizationFlow::answersState(callback, QByteArray()));
    // Form decoding: '+' is a space and %2B a plus (RFC 6749 Appendix B).
    QVERIFY(AuthorizationFlow::answersState(QUrl(QStringLiteral("http://127.0.0.1/cb?state=a%2Bb+c")), "a+b c"));
}

QTEST_GUILESS_MAIN(TestAuthorizationFlow)
#include "tst_authorizationflow.moc"
