// The authorization peers work on their own, before Portico's OAuth engine is pointed at them:
// tests/peers/as.mjs (oidc-provider), tests/peers/rs.mjs (the MCP SDK's bearer middleware) and the test
// browser OidcLoginUserAgent, driven here by hand with raw QNetworkAccessManager requests and only
// Portico's smallest building blocks (Pkce, WwwAuthenticate, url_policy). Every check looks at what the
// peers answered and at what they counted (/test/stats), so a peer that does not do its part fails here
// and not, confusingly, in the engine's tests.
//
// Secrets: tokens, codes, verifiers and refresh tokens are compared with QVERIFY only (QCOMPARE would print
// them on failure) and never printed.

#include "auth/pkce.h"
#include "auth/wwwauthenticate.h"
#include "loopbackhttpserver.h"
#include "oidcloginuseragent.h"
#include "oidcpeers.h"

#include <QElapsedTimer>
#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QPointer>
#include <QTcpSocket>
#include <QTest>
#include <QUrlQuery>

#include <memory>
#include <optional>

using portico::Pkce;
using portico::Result;
using portico::WwwAuthenticate;
using portico::testing::LoopbackHttpServer;
using portico::testing::OidcLoginUserAgent;
using portico::testing::OidcPeers;

namespace {

using FormFields = QList<QPair<QString, QString>>;

struct Reply
{
    int status = 0;
    QByteArray body;
    QList<QNetworkReply::RawHeaderPair> headers;

    [[nodiscard]] QByteArray header(QByteArrayView name) const
    {
        for (const auto &[key, value] : headers) {
            if (key.compare(name, Qt::CaseInsensitive) == 0)
                return value;
        }
        return {};
    }
    [[nodiscard]] QJsonObject json() const { return QJsonDocument::fromJson(body).object(); }
};

// The tokens of one sign-in. Secrets: never print them.
struct Tokens
{
    QByteArray accessToken;
    QByteArray refreshToken;
    QJsonObject response; // the whole token response (holds the tokens too)
};

QByteArray formEncode(const FormFields &fields)
{
    QByteArray encoded;
    for (const auto &[name, value] : fields) {
        if (!encoded.isEmpty())
            encoded += '&';
        encoded += QUrl::toPercentEncoding(name) + '=' + QUrl::toPercentEncoding(value);
    }
    return encoded;
}

// The first JSON-RPC message of a Streamable HTTP response (JSON or SSE).
QJsonObject firstMessage(const Reply &reply)
{
    if (!reply.header("Content-Type").startsWith("text/event-stream"))
        return reply.json();
    for (const QByteArray &line : reply.body.split('\n')) {
        const QByteArray data = line.startsWith("data:") ? line.sliced(5).trimmed() : QByteArray();
        if (!data.isEmpty())
            return QJsonDocument::fromJson(data).object();
    }
    return {};
}

QString firstText(const QJsonObject &message)
{
    const QJsonArray content =
        message.value(QStringLiteral("result")).toObject().value(QStringLiteral("content")).toArray();
    return content.isEmpty() ? QString() : content.first().toObject().value(QStringLiteral("text")).toString();
}

QJsonObject toolCall(int id, const QString &tool, const QJsonObject &arguments)
{
    return QJsonObject{{QStringLiteral("jsonrpc"), QStringLiteral("2.0")},
                       {QStringLiteral("id"), id},
                       {QStringLiteral("method"), QStringLiteral("tools/call")},
                       {QStringLiteral("params"),
                        QJsonObject{{QStringLiteral("name"), tool}, {QStringLiteral("arguments"), arguments}}}};
}

QJsonObject initializeMessage()
{
    return QJsonObject{
        {QStringLiteral("jsonrpc"), QStringLiteral("2.0")},
        {QStringLiteral("id"), 1},
        {QStringLiteral("method"), QStringLiteral("initialize")},
        {QStringLiteral("params"), QJsonObject{{QStringLiteral("protocolVersion"), QStringLiteral("2025-06-18")},
                                               {QStringLiteral("capabilities"), QJsonObject{}},
                                               {QStringLiteral("clientInfo"),
                                                QJsonObject{{QStringLiteral("name"), QStringLiteral("portico-tests")},
                                                            {QStringLiteral("version"), QStringLiteral("0")}}}}}};
}

// For QVERIFY2, which evaluates its message even when the check passes.
QString describe(const std::optional<Result<QUrl>> &outcome)
{
    return outcome && !outcome->ok() ? outcome->error().toString() : QString();
}

QByteArray machineCredentials()
{
    return OidcPeers::kMachineClientId.toString().toLatin1() + ':'
           + OidcPeers::kMachineClientSecret.toString().toLatin1();
}

int statValue(const QJsonObject &stats, const QString &path)
{
    QJsonValue value = stats;
    for (const QString &part : path.split(u'.'))
        value = value.toObject().value(part);
    return value.toInt(-1);
}

} // namespace

class TestOidcPeers : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();

    // The resource server
    void refusesUnauthenticatedRequestWithBearerChallenge();
    void servesProtectedResourceMetadata();
    // The authorization server
    void servesAuthServerMetadataForPkceAndIss();
    void registersPublicNativeClient();
    void signsInThroughLoginAndConsentPages();
    void dropsOfflineAccessWithoutPromptConsent();
    void rejectsTokenRequestForUnknownResource();
    void issuesClientCredentialsTokenToMachineClient();
    // Both together
    void callsToolsWithBearerToken();
    void refusesAdminToolWithInsufficientScopeChallenge();
    void grantsAdminToolAfterSignInWithAdminScope();
    void refreshRotatesAndOldRefreshTokenFails();
    void revocationEndpointRevokesRefreshToken();
    void revokeAllGrantsMakesRefreshFail();
    void reportsEverySecretItIssuedOrReceived();
    void rejectsExpiredAccessToken();
    // The test browser
    void deniedConsentRedirectsWithAccessDenied();
    void fillsParsedFormAndStopsAtRedirectUri();
    void failsOnUnexpectedPage();
    void failsOnAuthorizationServerErrorPage();
    void refusesPlainHttpToRemoteHost();
    void cancelEndsFlowWithCancelled();

private:
    Reply send(const QByteArray &verb, const QUrl &url, const QByteArray &body = {},
               const QList<QPair<QByteArray, QByteArray>> &headers = {});
    Reply postForm(const QUrl &url, const FormFields &fields, const QByteArray &basicCredentials = {});
    Reply postMcp(const QByteArray &accessToken, const QJsonObject &message);
    void registerClient(QString *clientId);
    enum class PromptConsent {
        WithOfflineAccess,
        Never
    };
    QUrl authorizationUrl(const QString &clientId, const QUrl &redirectUri, const Pkce &pkce, const QByteArray &state,
                          const QString &scope, PromptConsent promptConsent = PromptConsent::WithOfflineAccess) const;
    void runAgent(OidcLoginUserAgent &agent, const QUrl &url, const QUrl &redirectUri,
                  std::optional<Result<QUrl>> *outcome);
    void signIn(const QString &scope, Tokens *tokens, OidcLoginUserAgent *agent = nullptr,
                PromptConsent promptConsent = PromptConsent::WithOfflineAccess);
    Reply refresh(const QByteArray &refreshToken);

    std::unique_ptr<OidcPeers> m_peers;
    QNetworkAccessManager m_network;
    QJsonObject m_asMetadata;
    QUrl m_authorizationEndpoint;
    QUrl m_tokenEndpoint;
    QUrl m_registrationEndpoint;
    QUrl m_revocationEndpoint;
    QString m_clientId; // a public native client registered in initTestCase
};

// --- helpers ---

Reply TestOidcPeers::send(const QByteArray &verb, const QUrl &url, const QByteArray &body,
                          const QList<QPair<QByteArray, QByteArray>> &headers)
{
    QNetworkRequest request(url);
    request.setTransferTimeout(20000);
    for (const auto &[name, value] : headers)
        request.setRawHeader(name, value);
    std::unique_ptr<QNetworkReply> reply(m_network.sendCustomRequest(request, verb, body));
    QEventLoop loop;
    connect(reply.get(), &QNetworkReply::finished, &loop, &QEventLoop::quit);
    if (!reply->isFinished())
        loop.exec();
    return Reply{reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), reply->readAll(),
                 reply->rawHeaderPairs()};
}

Reply TestOidcPeers::postForm(const QUrl &url, const FormFields &fields, const QByteArray &basicCredentials)
{
    QList<QPair<QByteArray, QByteArray>> headers{{"Content-Type", "application/x-www-form-urlencoded"},
                                                 {"Accept", "application/json"}};
    if (!basicCredentials.isEmpty())
        headers.append({"Authorization", "Basic " + basicCredentials.toBase64()});
    return send("POST", url, formEncode(fields), headers);
}

Reply TestOidcPeers::postMcp(const QByteArray &accessToken, const QJsonObject &message)
{
    QList<QPair<QByteArray, QByteArray>> headers{{"Content-Type", "application/json"},
                                                 {"Accept", "application/json, text/event-stream"},
                                                 {"MCP-Protocol-Version", "2025-06-18"}};
    if (!accessToken.isEmpty())
        headers.append({"Authorization", "Bearer " + accessToken}); // Requirements AUTH-36: header only, never the URL
    return send("POST", m_peers->mcpUrl(), QJsonDocument(message).toJson(QJsonDocument::Compact), headers);
}

// Requirements AUTH-16, AUTH-21 (SEP-837): a public native client, no secret, with the refresh_token grant. A native
// client's loopback redirect matches any port (RFC 8252 §7.3; docs/architecture.md, "Test environment").
void TestOidcPeers::registerClient(QString *clientId)
{
    const QJsonObject metadata{
        {QStringLiteral("client_name"), QStringLiteral("Portico peer tests")},
        {QStringLiteral("redirect_uris"), QJsonArray{QStringLiteral("http://127.0.0.1/callback")}},
        {QStringLiteral("grant_types"),
         QJsonArray{QStringLiteral("authorization_code"), QStringLiteral("refresh_token")}},
        {QStringLiteral("response_types"), QJsonArray{QStringLiteral("code")}},
        {QStringLiteral("token_endpoint_auth_method"), QStringLiteral("none")},
        {QStringLiteral("application_type"), QStringLiteral("native")},
    };
    const Reply reply = send("POST", m_registrationEndpoint, QJsonDocument(metadata).toJson(QJsonDocument::Compact),
                             {{"Content-Type", "application/json"}, {"Accept", "application/json"}});
    QCOMPARE(reply.status, 201); // Requirements AUTH-17
    const QJsonObject client = reply.json();
    *clientId = client.value(QStringLiteral("client_id")).toString();
    QVERIFY(!clientId->isEmpty());
    QVERIFY2(!client.contains(QStringLiteral("client_secret")), "a public client must not get a secret");
    QCOMPARE(client.value(QStringLiteral("token_endpoint_auth_method")).toString(), QStringLiteral("none"));
    QVERIFY(client.value(QStringLiteral("grant_types")).toArray().contains(QStringLiteral("refresh_token")));
    QCOMPARE(client.value(QStringLiteral("application_type")).toString(), QStringLiteral("native"));
}

// Requirements AUTH-26: authorization_endpoint + response_type, client_id, redirect_uri, code_challenge(+method),
// state, scope, resource (RFC 8707 §2).
QUrl TestOidcPeers::authorizationUrl(const QString &clientId, const QUrl &redirectUri, const Pkce &pkce,
                                     const QByteArray &state, const QString &scope, PromptConsent promptConsent) const
{
    FormFields fields{
        {QStringLiteral("response_type"), QStringLiteral("code")},
        {QStringLiteral("client_id"), clientId},
        {QStringLiteral("redirect_uri"), redirectUri.toString()},
        {QStringLiteral("code_challenge"), QString::fromLatin1(pkce.challenge())},
        {QStringLiteral("code_challenge_method"), QString(Pkce::method())},
        {QStringLiteral("state"), QString::fromLatin1(state)},
        {QStringLiteral("scope"), scope},
        {QStringLiteral("resource"), m_peers->mcpUrl().toString()},
    };
    // OIDC Core §11: oidc-provider honours offline_access only together with prompt=consent and silently drops
    // it otherwise (no refresh token). The TS SDK adds prompt=consent whenever it asks for offline_access.
    if (promptConsent == PromptConsent::WithOfflineAccess
        && scope.split(u' ').contains(QStringLiteral("offline_access")))
        fields.append({QStringLiteral("prompt"), QStringLiteral("consent")});
    QUrl url = m_authorizationEndpoint;
    url.setQuery(QString::fromLatin1(formEncode(fields)), QUrl::StrictMode);
    return url;
}

void TestOidcPeers::runAgent(OidcLoginUserAgent &agent, const QUrl &url, const QUrl &redirectUri,
                             std::optional<Result<QUrl>> *outcome)
{
    agent.authorize(
        {url, redirectUri, QStringLiteral("Peer test server"), m_peers->asIssuer().toString(), {}, {}, {}, {}}, this,
        [outcome](Result<QUrl> result) { outcome->emplace(std::move(result)); });
    QVERIFY2(!outcome->has_value(), "done must never run synchronously");
    QTRY_VERIFY_WITH_TIMEOUT(outcome->has_value(), 30000);
}

// A whole sign-in by hand: PKCE + state (requirements AUTH-23; RFC 6749 §10.12), the login and consent pages through
// the test browser, the callback checks (requirements AUTH-30 state, RFC 9207 §2.4 iss), the code exchange with
// verifier and resource (RFC 6749 §4.1.3; RFC 8707 §2).
void TestOidcPeers::signIn(const QString &scope, Tokens *tokens, OidcLoginUserAgent *agentToUse,
                           PromptConsent promptConsent)
{
    OidcLoginUserAgent ownAgent;
    OidcLoginUserAgent &agent = agentToUse ? *agentToUse : ownAgent;
    const Pkce pkce = Pkce::generate();
    const QByteArray state = Pkce::generateState();
    const Result<QUrl> redirect = agent.prepareRedirect(0);
    QVERIFY(redirect.ok());

    std::optional<Result<QUrl>> outcome;
    runAgent(agent, authorizationUrl(m_clientId, redirect.value(), pkce, state, scope, promptConsent), redirect.value(),
             &outcome);
    if (QTest::currentTestFailed())
        return;
    QVERIFY2(outcome->ok(), qPrintable(describe(outcome)));
    const QUrl callback = outcome->value();
    QVERIFY(callback.adjusted(QUrl::RemoveQuery) == redirect.value());
    const QUrlQuery query(callback);
    QVERIFY2(!query.hasQueryItem(QStringLiteral("error")),
             qPrintable(query.queryItemValue(QStringLiteral("error"), QUrl::FullyDecoded)));
    QVERIFY2(query.queryItemValue(QStringLiteral("state"), QUrl::FullyDecoded) == QString::fromLatin1(state),
             "the callback must carry the state that was sent (requirements AUTH-30)");
    // RFC 9207 §2.4
    QCOMPARE(query.queryItemValue(QStringLiteral("iss"), QUrl::FullyDecoded), m_peers->asIssuer().toString());
    const QString code = query.queryItemValue(QStringLiteral("code"), QUrl::FullyDecoded);
    QVERIFY(!code.isEmpty());

    const Reply reply =
        postForm(m_tokenEndpoint, {
                                      {QStringLiteral("grant_type"), QStringLiteral("authorization_code")},
                                      {QStringLiteral("code"), code},
                                      {QStringLiteral("redirect_uri"), redirect.value().toString()},
                                      {QStringLiteral("code_verifier"), QString::fromLatin1(pkce.verifier())},
                                      {QStringLiteral("client_id"), m_clientId},
                                      {QStringLiteral("resource"), m_peers->mcpUrl().toString()},
                                  });
    QVERIFY2(reply.status == 200, qPrintable(reply.json().value(QStringLiteral("error")).toString()));
    tokens->response = reply.json();
    tokens->accessToken = tokens->response.value(QStringLiteral("access_token")).toString().toLatin1();
    tokens->refreshToken = tokens->response.value(QStringLiteral("refresh_token")).toString().toLatin1();
    QVERIFY(!tokens->accessToken.isEmpty());
    QCOMPARE(tokens->response.value(QStringLiteral("token_type")).toString().toLower(),
             QStringLiteral("bearer")); // Requirements AUTH-35
}

// Requirements AUTH-41: refresh with the client id and the resource (RFC 8707 §2), no scope.
Reply TestOidcPeers::refresh(const QByteArray &refreshToken)
{
    return postForm(m_tokenEndpoint, {
                                         {QStringLiteral("grant_type"), QStringLiteral("refresh_token")},
                                         {QStringLiteral("refresh_token"), QString::fromLatin1(refreshToken)},
                                         {QStringLiteral("client_id"), m_clientId},
                                         {QStringLiteral("resource"), m_peers->mcpUrl().toString()},
                                     });
}

// --- set-up ---

void TestOidcPeers::initTestCase()
{
    m_peers = std::make_unique<OidcPeers>();
    const QString error = m_peers->start();
    QVERIFY2(error.isEmpty(), qPrintable(error));
    qInfo("as.mjs + rs.mjs ready in %lld ms", static_cast<long long>(m_peers->startupMs()));

    const Reply metadata = send("GET", m_peers->authServerMetadataUrl());
    QCOMPARE(metadata.status, 200);
    m_asMetadata = metadata.json();
    m_authorizationEndpoint = QUrl(m_asMetadata.value(QStringLiteral("authorization_endpoint")).toString());
    m_tokenEndpoint = QUrl(m_asMetadata.value(QStringLiteral("token_endpoint")).toString());
    m_registrationEndpoint = QUrl(m_asMetadata.value(QStringLiteral("registration_endpoint")).toString());
    m_revocationEndpoint = QUrl(m_asMetadata.value(QStringLiteral("revocation_endpoint")).toString());
    QVERIFY(m_authorizationEndpoint.isValid() && m_tokenEndpoint.isValid());
    QVERIFY(m_registrationEndpoint.isValid() && m_revocationEndpoint.isValid());
    registerClient(&m_clientId);
}

void TestOidcPeers::cleanupTestCase()
{
    m_peers.reset();
}

// --- the resource server ---

// Requirements AUTH-1, AUTH-2 and the 2025-06-18 flow's first step: a request without a token gets 401 with a Bearer
// challenge naming the PRM (RFC 9728 §5.1) and the scope to ask for (requirements AUTH-28).
void TestOidcPeers::refusesUnauthenticatedRequestWithBearerChallenge()
{
    const QJsonObject before = m_peers->rsStats();
    const Reply reply = postMcp({}, initializeMessage());
    QCOMPARE(reply.status, 401);
    const Result<WwwAuthenticate> challenge = WwwAuthenticate::parse(reply.header("WWW-Authenticate"));
    QVERIFY2(challenge.ok(), qPrintable(challenge.ok() ? QString() : challenge.error().toString()));
    QVERIFY(challenge.value().hasBearer());
    QCOMPARE(challenge.value().error(), QStringLiteral("invalid_token"));
    QCOMPARE(challenge.value().scope(), QStringLiteral("mcp:tools"));
    QCOMPARE(challenge.value().bearer()->param(u"resource_metadata").value_or(QString()),
             m_peers->protectedResourceMetadataUrl().toString());

    // A malformed token is refused the same way, not with a 500.
    const Reply forged = postMcp("abc.def.ghi", initializeMessage());
    QCOMPARE(forged.status, 401);

    const QJsonObject after = m_peers->rsStats();
    QCOMPARE(statValue(after, QStringLiteral("requests")) - statValue(before, QStringLiteral("requests")), 2);
    QCOMPARE(statValue(after, QStringLiteral("rejected401")) - statValue(before, QStringLiteral("rejected401")), 2);
    QCOMPARE(statValue(after, QStringLiteral("authorizedRequests")),
             statValue(before, QStringLiteral("authorizedRequests")));
}

// Requirements AUTH-5; RFC 9728 §3.2: PRM at the path-inserted well-known URL, naming this resource exactly and the AS.
void TestOidcPeers::servesProtectedResourceMetadata()
{
    const Reply reply = send("GET", m_peers->protectedResourceMetadataUrl());
    QCOMPARE(reply.status, 200);
    const QJsonObject prm = reply.json();
    QCOMPARE(prm.value(QStringLiteral("resource")).toString(), m_peers->mcpUrl().toString());
    QCOMPARE(prm.value(QStringLiteral("authorization_servers")).toArray(), QJsonArray{m_peers->asIssuer().toString()});
    QCOMPARE(prm.value(QStringLiteral("scopes_supported")).toArray(), QJsonArray{QStringLiteral("mcp:tools")});
}

// --- the authorization server ---

// Requirements AUTH-2, AUTH-9, AUTH-11, AUTH-12, AUTH-31: what the engine's discovery will read.
void TestOidcPeers::servesAuthServerMetadataForPkceAndIss()
{
    QCOMPARE(m_asMetadata.value(QStringLiteral("issuer")).toString(), m_peers->asIssuer().toString());
    QCOMPARE(m_asMetadata.value(QStringLiteral("code_challenge_methods_supported")).toArray(),
             QJsonArray{QStringLiteral("S256")});
    QVERIFY(m_asMetadata.value(QStringLiteral("response_types_supported")).toArray().contains(QStringLiteral("code")));
    QVERIFY(m_asMetadata.value(QStringLiteral("authorization_response_iss_parameter_supported")).toBool());
    QVERIFY(m_asMetadata.value(QStringLiteral("token_endpoint_auth_methods_supported"))
                .toArray()
                .contains(QStringLiteral("none")));
    const QJsonArray scopes = m_asMetadata.value(QStringLiteral("scopes_supported")).toArray();
    for (const QString &scope : {QStringLiteral("openid"), QStringLiteral("offline_access"),
                                 QStringLiteral("mcp:tools"), QStringLiteral("mcp:admin")})
        QVERIFY2(scopes.contains(scope), qPrintable(scope));
    // The OIDC discovery document is served too, with the same issuer (requirements AUTH-2).
    const Reply oidc =
        send("GET", m_peers->asIssuer().resolved(QUrl(QStringLiteral("/.well-known/openid-configuration"))));
    QCOMPARE(oidc.status, 200);
    QCOMPARE(oidc.json().value(QStringLiteral("issuer")).toString(), m_peers->asIssuer().toString());
}

// Requirements AUTH-16, AUTH-17, AUTH-21: DCR of a public native client; the AS counts it.
void TestOidcPeers::registersPublicNativeClient()
{
    const QJsonObject before = m_peers->asStats();
    QString clientId;
    registerClient(&clientId);
    if (QTest::currentTestFailed())
        return;
    QVERIFY(clientId != m_clientId);
    const QJsonObject after = m_peers->asStats();
    QCOMPARE(statValue(after, QStringLiteral("registrations")) - statValue(before, QStringLiteral("registrations")), 1);
}

// Requirements AUTH-23–AUTH-27, AUTH-30, AUTH-31, AUTH-34, AUTH-35: the real pages, each once; the code needs the
// verifier; a refresh token comes with offline_access; the access token is a JWT for the MCP server.
void TestOidcPeers::signsInThroughLoginAndConsentPages()
{
    const QJsonObject before = m_peers->asStats();
    OidcLoginUserAgent agent;
    QStringList pages;
    connect(&agent, &OidcLoginUserAgent::pageSeen, this, [&pages](const QString &kind) { pages.append(kind); });
    Tokens tokens;
    signIn(QStringLiteral("mcp:tools offline_access"), &tokens, &agent);
    if (QTest::currentTestFailed())
        return;
    QCOMPARE(agent.loginPagesSeen(), 1);
    QCOMPARE(agent.consentPagesSeen(), 1);
    QCOMPARE(pages, (QStringList{QStringLiteral("login"), QStringLiteral("consent")}));
    QVERIFY(agent.lastError().isEmpty());
    QVERIFY2(!tokens.refreshToken.isEmpty(), "offline_access + the refresh_token grant must give a refresh token");
    QVERIFY(
        tokens.response.value(QStringLiteral("scope")).toString().split(u' ').contains(QStringLiteral("mcp:tools")));
    QCOMPARE(tokens.response.value(QStringLiteral("expires_in")).toInt(), 600);

    // The access token is an RFC 9068 JWT whose aud is the MCP server (RFC 8707): read the payload only.
    const QList<QByteArray> parts = tokens.accessToken.split('.');
    QCOMPARE(parts.size(), 3);
    const QJsonObject payload =
        QJsonDocument::fromJson(
            QByteArray::fromBase64(parts.at(1), QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals))
            .object();
    QCOMPARE(payload.value(QStringLiteral("aud")).toString(), m_peers->mcpUrl().toString());
    QCOMPARE(payload.value(QStringLiteral("iss")).toString(), m_peers->asIssuer().toString());
    QCOMPARE(payload.value(QStringLiteral("sub")).toString(), QStringLiteral("alice"));
    QCOMPARE(payload.value(QStringLiteral("client_id")).toString(), m_clientId);

    // A code without its verifier is refused (PKCE, requirements AUTH-23): a second sign-in's code is tried without it.
    OidcLoginUserAgent second;
    const Pkce pkce = Pkce::generate();
    const QByteArray state = Pkce::generateState();
    const QUrl redirect = second.prepareRedirect(0).value();
    std::optional<Result<QUrl>> outcome;
    runAgent(second, authorizationUrl(m_clientId, redirect, pkce, state, QStringLiteral("mcp:tools")), redirect,
             &outcome);
    if (QTest::currentTestFailed())
        return;
    QVERIFY(outcome->ok());
    const Reply withoutVerifier = postForm(
        m_tokenEndpoint, {{QStringLiteral("grant_type"), QStringLiteral("authorization_code")},
                          {QStringLiteral("code"),
                           QUrlQuery(outcome->value()).queryItemValue(QStringLiteral("code"), QUrl::FullyDecoded)},
                          {QStringLiteral("redirect_uri"), redirect.toString()},
                          {QStringLiteral("client_id"), m_clientId},
                          {QStringLiteral("resource"), m_peers->mcpUrl().toString()}});
    QCOMPARE(withoutVerifier.status, 400);
    QCOMPARE(withoutVerifier.json().value(QStringLiteral("error")).toString(), QStringLiteral("invalid_grant"));

    const QJsonObject after = m_peers->asStats();
    QCOMPARE(statValue(after, QStringLiteral("tokenRequests.authorization_code"))
                 - statValue(before, QStringLiteral("tokenRequests.authorization_code")),
             2);
}

// SEP-2207 "MUST NOT assume it will get a refresh token", made real: offline_access without prompt=consent is
// dropped (OIDC Core §11), the sign-in still works, and no refresh token comes back.
void TestOidcPeers::dropsOfflineAccessWithoutPromptConsent()
{
    Tokens tokens;
    signIn(QStringLiteral("mcp:tools offline_access"), &tokens, nullptr, PromptConsent::Never);
    if (QTest::currentTestFailed())
        return;
    QVERIFY2(tokens.refreshToken.isEmpty(), "oidc-provider drops offline_access without prompt=consent");
    QVERIFY(!tokens.response.value(QStringLiteral("scope")).toString().contains(QStringLiteral("offline_access")));
}

// Requirements AUTH-27 / RFC 8707 §2: the resource must match exactly; a trailing slash is another resource.
void TestOidcPeers::rejectsTokenRequestForUnknownResource()
{
    const Reply reply = postForm(m_tokenEndpoint,
                                 {{QStringLiteral("grant_type"), QStringLiteral("client_credentials")},
                                  {QStringLiteral("scope"), QStringLiteral("mcp:tools")},
                                  {QStringLiteral("resource"), m_peers->mcpUrl().toString() + u'/'}},
                                 machineCredentials());
    QCOMPARE(reply.status, 400);
    QCOMPARE(reply.json().value(QStringLiteral("error")).toString(), QStringLiteral("invalid_target"));
}

// Requirements AUTH-22 (client_secret_basic) and requirements AUTH-40: the static machine client gets a token for
// mcp:tools only.
void TestOidcPeers::issuesClientCredentialsTokenToMachineClient()
{
    const QJsonObject asBefore = m_peers->asStats();
    const QByteArray credentials = machineCredentials();
    const FormFields request{{QStringLiteral("grant_type"), QStringLiteral("client_credentials")},
                             {QStringLiteral("scope"), QStringLiteral("mcp:tools")},
                             {QStringLiteral("resource"), m_peers->mcpUrl().toString()}};
    const Reply reply = postForm(m_tokenEndpoint, request, credentials);
    QCOMPARE(reply.status, 200);
    const QJsonObject response = reply.json();
    QCOMPARE(response.value(QStringLiteral("scope")).toString(), QStringLiteral("mcp:tools"));
    QVERIFY2(!response.contains(QStringLiteral("refresh_token")), "client_credentials gets no refresh token");
    const QByteArray accessToken = response.value(QStringLiteral("access_token")).toString().toLatin1();

    const Reply whoami = postMcp(accessToken, toolCall(2, QStringLiteral("whoami"), {}));
    QCOMPARE(whoami.status, 200);
    const QJsonObject identity = QJsonDocument::fromJson(firstText(firstMessage(whoami)).toUtf8()).object();
    QCOMPARE(identity.value(QStringLiteral("client_id")).toString(), QString(OidcPeers::kMachineClientId));
    QCOMPARE(identity.value(QStringLiteral("scopes")).toArray(), QJsonArray{QStringLiteral("mcp:tools")});

    // Not allowed mcp:admin; a wrong secret is invalid_client.
    FormFields admin = request;
    admin[1].second = QStringLiteral("mcp:tools mcp:admin");
    const Reply adminReply = postForm(m_tokenEndpoint, admin, credentials);
    QCOMPARE(adminReply.status, 400);
    QCOMPARE(adminReply.json().value(QStringLiteral("error")).toString(), QStringLiteral("invalid_scope"));
    const Reply wrongSecret = postForm(m_tokenEndpoint, request, QByteArrayLiteral("portico-machine:wrong"));
    QCOMPARE(wrongSecret.status, 401);
    QCOMPARE(wrongSecret.json().value(QStringLiteral("error")).toString(), QStringLiteral("invalid_client"));

    const QJsonObject asAfter = m_peers->asStats();
    QCOMPARE(statValue(asAfter, QStringLiteral("tokenRequests.client_credentials"))
                 - statValue(asBefore, QStringLiteral("tokenRequests.client_credentials")),
             3);
}

// --- both together ---

// Requirements AUTH-36, AUTH-37: with the bearer, initialize and tools/call succeed; the RS saw exactly this token.
void TestOidcPeers::callsToolsWithBearerToken()
{
    Tokens tokens;
    signIn(QStringLiteral("mcp:tools"), &tokens);
    if (QTest::currentTestFailed())
        return;
    const QJsonObject before = m_peers->rsStats();

    const Reply initialize = postMcp(tokens.accessToken, initializeMessage());
    QCOMPARE(initialize.status, 200);
    const QJsonObject result = firstMessage(initialize).value(QStringLiteral("result")).toObject();
    QCOMPARE(result.value(QStringLiteral("serverInfo")).toObject().value(QStringLiteral("name")).toString(),
             QStringLiteral("portico-protected-test-server"));

    const Reply echo = postMcp(tokens.accessToken, toolCall(2, QStringLiteral("echo"),
                                                            {{QStringLiteral("message"), QStringLiteral("hello")}}));
    QCOMPARE(echo.status, 200);
    QCOMPARE(firstText(firstMessage(echo)), QStringLiteral("Echo: hello"));

    const Reply whoami = postMcp(tokens.accessToken, toolCall(3, QStringLiteral("whoami"), {}));
    QCOMPARE(whoami.status, 200);
    const QJsonObject identity = QJsonDocument::fromJson(firstText(firstMessage(whoami)).toUtf8()).object();
    QCOMPARE(identity.value(QStringLiteral("sub")).toString(), QStringLiteral("alice"));
    QCOMPARE(identity.value(QStringLiteral("client_id")).toString(), m_clientId);
    QCOMPARE(identity.value(QStringLiteral("scopes")).toArray(), QJsonArray{QStringLiteral("mcp:tools")});

    const QJsonObject after = m_peers->rsStats();
    QCOMPARE(statValue(after, QStringLiteral("authorizedRequests"))
                 - statValue(before, QStringLiteral("authorizedRequests")),
             3);
    QCOMPARE(statValue(after, QStringLiteral("tokensSeen")) - statValue(before, QStringLiteral("tokensSeen")), 1);
}

// Requirements AUTH-38, AUTH-39: admin-echo without mcp:admin is 403 insufficient_scope naming the scope set to ask for
// next.
void TestOidcPeers::refusesAdminToolWithInsufficientScopeChallenge()
{
    Tokens tokens;
    signIn(QStringLiteral("mcp:tools"), &tokens);
    if (QTest::currentTestFailed())
        return;
    const QJsonObject before = m_peers->rsStats();
    const Reply reply = postMcp(tokens.accessToken, toolCall(4, QStringLiteral("admin-echo"),
                                                             {{QStringLiteral("message"), QStringLiteral("x")}}));
    QCOMPARE(reply.status, 403);
    const QByteArray expected = QByteArray(R"(Bearer error="insufficient_scope", scope="mcp:tools mcp:admin", )")
                                + "resource_metadata=\"" + m_peers->protectedResourceMetadataUrl().toEncoded() + '"';
    QCOMPARE(reply.header("WWW-Authenticate"), expected);
    const Result<WwwAuthenticate> challenge = WwwAuthenticate::parse(reply.header("WWW-Authenticate"));
    QVERIFY(challenge.ok());
    QCOMPARE(challenge.value().error(), QStringLiteral("insufficient_scope"));
    QCOMPARE(challenge.value().scope(), QStringLiteral("mcp:tools mcp:admin"));

    // Plain tools still work with the same token.
    const Reply echo = postMcp(tokens.accessToken,
                               toolCall(5, QStringLiteral("echo"), {{QStringLiteral("message"), QStringLiteral("y")}}));
    QCOMPARE(echo.status, 200);
    const QJsonObject after = m_peers->rsStats();
    QCOMPARE(statValue(after, QStringLiteral("rejected403")) - statValue(before, QStringLiteral("rejected403")), 1);
}

// Requirements AUTH-39 step 2–3: re-authorized with the union of scopes, the same call succeeds.
void TestOidcPeers::grantsAdminToolAfterSignInWithAdminScope()
{
    Tokens tokens;
    signIn(QStringLiteral("mcp:tools mcp:admin"), &tokens);
    if (QTest::currentTestFailed())
        return;
    const Reply reply = postMcp(tokens.accessToken, toolCall(6, QStringLiteral("admin-echo"),
                                                             {{QStringLiteral("message"), QStringLiteral("up")}}));
    QCOMPARE(reply.status, 200);
    QCOMPARE(firstText(firstMessage(reply)), QStringLiteral("Admin echo: up"));
}

// Requirements AUTH-41, AUTH-42: a refresh rotates the refresh token; the new access token works; the old refresh token
// is then invalid_grant, and so, after that replay, is the new one. The AS counts all three.
void TestOidcPeers::refreshRotatesAndOldRefreshTokenFails()
{
    Tokens tokens;
    signIn(QStringLiteral("mcp:tools offline_access"), &tokens);
    if (QTest::currentTestFailed())
        return;
    QVERIFY(!tokens.refreshToken.isEmpty());
    const QJsonObject asBefore = m_peers->asStats();
    const QJsonObject rsBefore = m_peers->rsStats();

    const Reply refreshed = refresh(tokens.refreshToken);
    QCOMPARE(refreshed.status, 200);
    const QByteArray newAccess = refreshed.json().value(QStringLiteral("access_token")).toString().toLatin1();
    const QByteArray newRefresh = refreshed.json().value(QStringLiteral("refresh_token")).toString().toLatin1();
    QVERIFY(!newAccess.isEmpty() && newAccess != tokens.accessToken);
    QVERIFY2(!newRefresh.isEmpty() && newRefresh != tokens.refreshToken, "the refresh token must rotate");

    const Reply echo =
        postMcp(newAccess, toolCall(7, QStringLiteral("echo"), {{QStringLiteral("message"), QStringLiteral("again")}}));
    QCOMPARE(echo.status, 200);
    QCOMPARE(firstText(firstMessage(echo)), QStringLiteral("Echo: again"));

    const Reply reused = refresh(tokens.refreshToken);
    QCOMPARE(reused.status, 400);
    QCOMPARE(reused.json().value(QStringLiteral("error")).toString(), QStringLiteral("invalid_grant"));
    // Reuse detection: replaying a rotated refresh token revokes the whole grant, the newer refresh token
    // included (requirements AUTH-41: why refreshes must be serialized).
    const Reply newerAfterReuse = refresh(newRefresh);
    QCOMPARE(newerAfterReuse.status, 400);
    QCOMPARE(newerAfterReuse.json().value(QStringLiteral("error")).toString(), QStringLiteral("invalid_grant"));

    const QJsonObject asAfter = m_peers->asStats();
    QCOMPARE(statValue(asAfter, QStringLiteral("tokenRequests.refresh_token"))
                 - statValue(asBefore, QStringLiteral("tokenRequests.refresh_token")),
             3);
    QCOMPARE(statValue(asAfter, QStringLiteral("refreshSuccess"))
                 - statValue(asBefore, QStringLiteral("refreshSuccess")),
             1);
    QCOMPARE(statValue(asAfter, QStringLiteral("refreshFailed")) - statValue(asBefore, QStringLiteral("refreshFailed")),
             2);
    const QJsonObject rsAfter = m_peers->rsStats();
    QCOMPARE(statValue(rsAfter, QStringLiteral("tokensSeen")) - statValue(rsBefore, QStringLiteral("tokensSeen")), 1);
}

// Requirements AUTH-43 / RFC 7009: revoking the refresh token (public client: client_id only) makes it useless.
void TestOidcPeers::revocationEndpointRevokesRefreshToken()
{
    Tokens tokens;
    signIn(QStringLiteral("mcp:tools offline_access"), &tokens);
    if (QTest::currentTestFailed())
        return;
    const QJsonObject before = m_peers->asStats();
    const Reply revoked =
        postForm(m_revocationEndpoint, {{QStringLiteral("token"), QString::fromLatin1(tokens.refreshToken)},
                                        {QStringLiteral("token_type_hint"), QStringLiteral("refresh_token")},
                                        {QStringLiteral("client_id"), m_clientId}});
    QCOMPARE(revoked.status, 200);
    const Reply afterRevocation = refresh(tokens.refreshToken);
    QCOMPARE(afterRevocation.status, 400);
    QCOMPARE(afterRevocation.json().value(QStringLiteral("error")).toString(), QStringLiteral("invalid_grant"));
    const QJsonObject after = m_peers->asStats();
    QCOMPARE(statValue(after, QStringLiteral("revocations")) - statValue(before, QStringLiteral("revocations")), 1);
    QCOMPARE(statValue(after, QStringLiteral("refreshFailed")) - statValue(before, QStringLiteral("refreshFailed")), 1);
}

// Requirements AUTH-42: after /test/revoke-all-grants every refresh is invalid_grant (the engine must then sign in
// again).
void TestOidcPeers::revokeAllGrantsMakesRefreshFail()
{
    Tokens first;
    Tokens second;
    signIn(QStringLiteral("mcp:tools offline_access"), &first);
    signIn(QStringLiteral("mcp:tools offline_access"), &second);
    if (QTest::currentTestFailed())
        return;
    const QJsonObject before = m_peers->asStats();
    const QJsonObject revoked = m_peers->revokeAllGrants();
    QVERIFY2(revoked.value(QStringLiteral("revoked")).toObject().value(QStringLiteral("grants")).toInt() >= 2,
             "both sign-ins' grants must be revoked");
    for (const Tokens *tokens : {&first, &second}) {
        const Reply reply = refresh(tokens->refreshToken);
        QCOMPARE(reply.status, 400);
        QCOMPARE(reply.json().value(QStringLiteral("error")).toString(), QStringLiteral("invalid_grant"));
    }
    const QJsonObject after = m_peers->asStats();
    QCOMPARE(statValue(after, QStringLiteral("refreshFailed")) - statValue(before, QStringLiteral("refreshFailed")), 2);
    QCOMPARE(statValue(after, QStringLiteral("refreshSuccess")), statValue(before, QStringLiteral("refreshSuccess")));

    // A new sign-in works again afterwards.
    Tokens fresh;
    signIn(QStringLiteral("mcp:tools offline_access"), &fresh);
    if (QTest::currentTestFailed())
        return;
    QCOMPARE(refresh(fresh.refreshToken).status, 200);
}

// /test/secrets (for the engine's leak checks, requirements SEC-4) lists what this sign-in exchanged: the code, the
// verifier, both tokens, and the machine client's secret. Compared, never printed.
void TestOidcPeers::reportsEverySecretItIssuedOrReceived()
{
    Tokens tokens;
    signIn(QStringLiteral("mcp:tools offline_access"), &tokens);
    if (QTest::currentTestFailed())
        return;
    const QJsonObject secrets = m_peers->asSecrets();
    QVERIFY(secrets.value(QStringLiteral("accessTokens")).toArray().contains(QString::fromLatin1(tokens.accessToken)));
    QVERIFY(
        secrets.value(QStringLiteral("refreshTokens")).toArray().contains(QString::fromLatin1(tokens.refreshToken)));
    QVERIFY(
        secrets.value(QStringLiteral("clientSecrets")).toArray().contains(QString(OidcPeers::kMachineClientSecret)));
    for (const QString &kind : {QStringLiteral("authorizationCodes"), QStringLiteral("codeVerifiers")})
        QVERIFY2(!secrets.value(kind).toArray().isEmpty(), qPrintable(kind));
}

// Options::accessTokenTtlSeconds reaches the AS, and the RS refuses an expired token with 401 invalid_token
// (requirements AUTH-38: the engine then refreshes).
void TestOidcPeers::rejectsExpiredAccessToken()
{
    OidcPeers shortLived(OidcPeers::Options{.accessTokenTtlSeconds = 2});
    const QString error = shortLived.start();
    QVERIFY2(error.isEmpty(), qPrintable(error));
    const QUrl tokenEndpoint = shortLived.asIssuer().resolved(QUrl(QStringLiteral("/token")));
    const QByteArray credentials = machineCredentials();
    const Reply token = postForm(tokenEndpoint,
                                 {{QStringLiteral("grant_type"), QStringLiteral("client_credentials")},
                                  {QStringLiteral("scope"), QStringLiteral("mcp:tools")},
                                  {QStringLiteral("resource"), shortLived.mcpUrl().toString()}},
                                 credentials);
    QCOMPARE(token.status, 200);
    QCOMPARE(token.json().value(QStringLiteral("expires_in")).toInt(), 2);
    const QByteArray accessToken = token.json().value(QStringLiteral("access_token")).toString().toLatin1();

    const QList<QPair<QByteArray, QByteArray>> headers{{"Content-Type", "application/json"},
                                                       {"Accept", "application/json, text/event-stream"},
                                                       {"Authorization", "Bearer " + accessToken}};
    const QByteArray body =
        QJsonDocument(toolCall(1, QStringLiteral("echo"), {{QStringLiteral("message"), QStringLiteral("t")}}))
            .toJson(QJsonDocument::Compact);
    QCOMPARE(send("POST", shortLived.mcpUrl(), body, headers).status, 200);
    QTest::qWait(3500);
    const Reply expired = send("POST", shortLived.mcpUrl(), body, headers);
    QCOMPARE(expired.status, 401);
    const Result<WwwAuthenticate> challenge = WwwAuthenticate::parse(expired.header("WWW-Authenticate"));
    QVERIFY(challenge.ok());
    QCOMPARE(challenge.value().error(), QStringLiteral("invalid_token"));
}

// --- the test browser ---

// Requirements AUTH-32's input: pressing Cancel on the consent page brings error=access_denied back, with state and
// iss.
void TestOidcPeers::deniedConsentRedirectsWithAccessDenied()
{
    OidcLoginUserAgent agent;
    agent.setDenyConsent(true);
    const Pkce pkce = Pkce::generate();
    const QByteArray state = Pkce::generateState();
    const QUrl redirect = agent.prepareRedirect(0).value();
    std::optional<Result<QUrl>> outcome;
    runAgent(agent, authorizationUrl(m_clientId, redirect, pkce, state, QStringLiteral("mcp:tools")), redirect,
             &outcome);
    if (QTest::currentTestFailed())
        return;
    QVERIFY2(outcome->ok(), qPrintable(describe(outcome)));
    const QUrlQuery query(outcome->value());
    QCOMPARE(query.queryItemValue(QStringLiteral("error")), QStringLiteral("access_denied"));
    QVERIFY(!query.hasQueryItem(QStringLiteral("code")));
    QVERIFY(query.queryItemValue(QStringLiteral("state"), QUrl::FullyDecoded) == QString::fromLatin1(state));
    QCOMPARE(query.queryItemValue(QStringLiteral("iss"), QUrl::FullyDecoded), m_peers->asIssuer().toString());
    QCOMPARE(agent.loginPagesSeen(), 1);
    QCOMPARE(agent.consentPagesSeen(), 1);
}

// The agent reads forms from the HTML: relative action, hidden inputs kept and entity-decoded, login and
// password filled in; it stops at the redirect URI without requesting it (the embedded page's behaviour).
void TestOidcPeers::fillsParsedFormAndStopsAtRedirectUri()
{
    LoopbackHttpServer server;
    QVERIFY(server.listen());
    const QUrl redirect = server.url(QStringLiteral("/callback"));
    server.route("GET", "/authorize", [](const portico::testing::HttpRequest &) {
        return portico::testing::HttpResponse::html(
            "<html><body><form autocomplete=\"off\" action=\"submit/step?x=1&amp;y=2\" method=\"POST\">"
            "<input type=\"hidden\" name=\"prompt\" value=\"login\"/>"
            "<input type='hidden' name='token_hint' value='a&amp;b &quot;c&quot;'>"
            "<input required type=\"text\" name=\"login\" placeholder=\"Enter any login\">"
            "<input required type=\"password\" name=\"password\">"
            "<input type=\"checkbox\" name=\"remember\">"
            "<button type=\"submit\">Sign-in</button></form></body></html>");
    });
    server.route("POST", "/submit/step", [redirect](const portico::testing::HttpRequest &) {
        QUrl target = redirect;
        target.setQuery(QStringLiteral("code=test-code&state=s1"));
        return portico::testing::HttpResponse::redirect(target, 303);
    });
    server.route("GET", "/callback",
                 [](const portico::testing::HttpRequest &) { return portico::testing::HttpResponse::html("reached"); });

    OidcLoginUserAgent agent;
    agent.setLoginName(QStringLiteral("bob"));
    std::optional<Result<QUrl>> outcome;
    runAgent(agent, server.url(QStringLiteral("/authorize")), redirect, &outcome);
    if (QTest::currentTestFailed())
        return;
    QVERIFY2(outcome->ok(), qPrintable(describe(outcome)));
    QCOMPARE(QUrlQuery(outcome->value()).queryItemValue(QStringLiteral("state")), QStringLiteral("s1"));
    QCOMPARE(agent.loginPagesSeen(), 1);

    QCOMPARE(server.requests().size(), 2); // the page and the form post; never /callback
    const portico::testing::HttpRequest &posted = server.requests().at(1);
    QCOMPARE(posted.method, QByteArray("POST"));
    QCOMPARE(posted.target, QByteArray("/submit/step?x=1&y=2"));
    QCOMPARE(posted.header("Content-Type"), QByteArray("application/x-www-form-urlencoded"));
    const QUrlQuery form(QString::fromUtf8(posted.body));
    QCOMPARE(form.queryItemValue(QStringLiteral("prompt")), QStringLiteral("login"));
    QCOMPARE(form.queryItemValue(QStringLiteral("token_hint"), QUrl::FullyDecoded), QStringLiteral("a&b \"c\""));
    QCOMPARE(form.queryItemValue(QStringLiteral("login")), QStringLiteral("bob"));
    QVERIFY(!form.queryItemValue(QStringLiteral("password")).isEmpty());
    QVERIFY2(!form.hasQueryItem(QStringLiteral("remember")), "an unchecked checkbox is not submitted");
}

// Anything but the login or consent page ends the flow with an error; nothing more is requested.
void TestOidcPeers::failsOnUnexpectedPage()
{
    LoopbackHttpServer server;
    QVERIFY(server.listen());
    server.route("GET", "/authorize", [](const portico::testing::HttpRequest &) {
        return portico::testing::HttpResponse::html(
            "<html><body><form action=\"/search\"><input name=\"q\"></form></body></html>");
    });
    OidcLoginUserAgent agent;
    std::optional<Result<QUrl>> outcome;
    runAgent(agent, server.url(QStringLiteral("/authorize?state=s")), server.url(QStringLiteral("/callback")),
             &outcome);
    if (QTest::currentTestFailed())
        return;
    QVERIFY(!outcome->ok());
    QCOMPARE(outcome->error().code(), portico::ErrorCode::InteractionRequired);
    QVERIFY(!agent.lastError().isEmpty());
    QVERIFY2(!agent.lastError().contains(QStringLiteral("state=")), "messages leave queries out");
    QCOMPARE(server.requests().size(), 1);
}

// The AS's own error page (a redirect_uri it does not know) is an error, with its text.
void TestOidcPeers::failsOnAuthorizationServerErrorPage()
{
    OidcLoginUserAgent agent;
    const QUrl unregistered(QStringLiteral("http://127.0.0.1:1/not-registered"));
    std::optional<Result<QUrl>> outcome;
    runAgent(agent,
             authorizationUrl(m_clientId, unregistered, Pkce::generate(), Pkce::generateState(),
                              QStringLiteral("mcp:tools")),
             unregistered, &outcome);
    if (QTest::currentTestFailed())
        return;
    QVERIFY(!outcome->ok());
    QCOMPARE(outcome->error().code(), portico::ErrorCode::HttpStatus);
    QVERIFY2(agent.lastError().contains(QStringLiteral("redirect_uri")), qPrintable(agent.lastError()));
    QCOMPARE(agent.loginPagesSeen(), 0);
}

// Requirements SEC-3: plain http to a remote host is never opened.
void TestOidcPeers::refusesPlainHttpToRemoteHost()
{
    OidcLoginUserAgent agent;
    std::optional<Result<QUrl>> outcome;
    runAgent(agent, QUrl(QStringLiteral("http://example.com/authorize")),
             QUrl(QStringLiteral("http://127.0.0.1:1/callback")), &outcome);
    if (QTest::currentTestFailed())
        return;
    QVERIFY(!outcome->ok());
    QCOMPARE(outcome->error().code(), portico::ErrorCode::UrlRejected);
    QCOMPARE(agent.requestsSent(), 0);
}

// cancel() ends a flow whose page never arrives with Cancelled, once.
void TestOidcPeers::cancelEndsFlowWithCancelled()
{
    LoopbackHttpServer server;
    QVERIFY(server.listen());
    QList<QPointer<QTcpSocket>> stalled;
    server.routeStream("GET", "/authorize", [&stalled](const portico::testing::HttpRequest &, QTcpSocket *socket) {
        stalled.append(socket); // never answered
    });
    OidcLoginUserAgent agent;
    int calls = 0;
    std::optional<Result<QUrl>> outcome;
    agent.authorize(
        {server.url(QStringLiteral("/authorize")), server.url(QStringLiteral("/callback")), {}, {}, {}, {}, {}, {}},
        this, [&](Result<QUrl> result) {
            ++calls;
            outcome.emplace(std::move(result));
        });
    QTRY_COMPARE_WITH_TIMEOUT(server.requests().size(), 1, 10000);
    QVERIFY(agent.isBusy());
    agent.cancel();
    QTRY_VERIFY(outcome.has_value());
    QVERIFY(!outcome->ok());
    QCOMPARE(outcome->error().code(), portico::ErrorCode::Cancelled);
    QTest::qWait(50);
    QCOMPARE(calls, 1);
    QVERIFY(!agent.isBusy());
}

QTEST_GUILESS_MAIN(TestOidcPeers)
#include "tst_oidcpeers.moc"
