// AuthSession, the authorization engine of one server, against a scriptable fake authorization server on
// loopback (adversarial and timing cases a real peer cannot produce on cue; the real oidc-provider runs in
// tests/integration/tst_authsession_oidc.cpp). Requirements AUTH-6, AUTH-18, AUTH-36–AUTH-43, SEC-4, SEC-9, SEC-11,
// ATTACK-1, ATTACK-2, ATTACK-6, ATTACK-10.

#include "auth/authsession.h"
#include "auth/servercredentials.h"
#include "auth/useragent.h"
#include "loopbackhttpserver.h"
#include "net/httpclient.h"
#include "secrets/inmemorysecretstore.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTest>
#include <QTimer>
#include <QUrlQuery>

#include <optional>

using namespace portico;
using portico::testing::LoopbackHttpServer;
namespace fake = portico::testing;

namespace {

QByteArray json(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

fake::HttpResponse jsonResponse(const QJsonObject &object, int status = 200)
{
    fake::HttpResponse response;
    response.status = status;
    response.headers = {{"Content-Type", "application/json"}, {"Cache-Control", "no-store"}};
    response.body = json(object);
    return response;
}

QUrlQuery form(const fake::HttpRequest &request)
{
    QByteArray body = request.body;
    body.replace('+', ' ');
    return QUrlQuery(QString::fromUtf8(body));
}

QString formValue(const fake::HttpRequest &request, const QString &name)
{
    return form(request).queryItemValue(name, QUrl::FullyDecoded);
}

// A scriptable authorization server: metadata, DCR, token (code / refresh with rotation), revocation.
class FakeAuthorizationServer
{
public:
    explicit FakeAuthorizationServer(const QString &name)
        : m_name(name)
    {
        QVERIFY(server.listen());
        issuer = QStringLiteral("http://127.0.0.1:%1").arg(server.port());
        server.route("GET", "/.well-known/oauth-authorization-server", [this](const fake::HttpRequest &) {
            QJsonObject metadata{
                {QStringLiteral("issuer"), metadataIssuer.isEmpty() ? issuer : metadataIssuer},
                {QStringLiteral("authorization_endpoint"), QString(issuer + QStringLiteral("/authorize"))},
                {QStringLiteral("token_endpoint"), QString(issuer + QStringLiteral("/token"))},
                {QStringLiteral("registration_endpoint"), QString(issuer + QStringLiteral("/register"))},
                {QStringLiteral("revocation_endpoint"), QString(issuer + QStringLiteral("/revoke"))},
                {QStringLiteral("response_types_supported"), QJsonArray{QStringLiteral("code")}},
                {QStringLiteral("grant_types_supported"),
                 QJsonArray{QStringLiteral("authorization_code"), QStringLiteral("refresh_token")}},
                {QStringLiteral("code_challenge_methods_supported"), QJsonArray{QStringLiteral("S256")}},
                {QStringLiteral("token_endpoint_auth_methods_supported"), QJsonArray{QStringLiteral("none")}},
                {QStringLiteral("scopes_supported"),
                 QJsonArray{QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("offline_access")}},
                {QStringLiteral("authorization_response_iss_parameter_supported"), true}};
            return jsonResponse(metadata);
        });
        server.route("POST", "/register", [this](const fake::HttpRequest &request) {
            ++registrations;
            // RFC 7591 §3.2.1: the AS returns the metadata it registered (here: what was asked for).
            QJsonObject registered = QJsonDocument::fromJson(request.body).object();
            registered.insert(QStringLiteral("client_id"), clientId());
            return jsonResponse(registered, 201);
        });
        server.route("POST", "/token", [this](const fake::HttpRequest &request) {
            const QString grant = formValue(request, QStringLiteral("grant_type"));
            if (grant == QLatin1StringView("authorization_code")) {
                ++codeExchanges;
                if (formValue(request, QStringLiteral("code")) != m_issuedCode)
                    return jsonResponse({{QStringLiteral("error"), QStringLiteral("invalid_grant")}}, 400);
                return issueTokens(formValue(request, QStringLiteral("scope")).isEmpty() ? m_lastAuthorizedScope
                                                                                         : QString());
            }
            if (grant == QLatin1StringView("refresh_token")) {
                ++refreshes;
                if (refreshRejects || formValue(request, QStringLiteral("refresh_token")) != currentRefreshToken)
                    return jsonResponse({{QStringLiteral("error"), QStringLiteral("invalid_grant")}}, 400);
                return issueTokens(m_lastAuthorizedScope);
            }
            return jsonResponse({{QStringLiteral("error"), QStringLiteral("unsupported_grant_type")}}, 400);
        });
        server.route("POST", "/revoke", [this](const fake::HttpRequest &request) {
            revokedTokens.append(formValue(request, QStringLiteral("token")));
            revokedHints.append(formValue(request, QStringLiteral("token_type_hint")));
            return jsonResponse({});
        });
    }

    // What a browser would come back with after the person approved: the AS's redirect.
    QUrl approve(const QUrl &authorizationUrl)
    {
        const QUrlQuery query(authorizationUrl);
        m_lastAuthorizedScope = query.queryItemValue(QStringLiteral("scope"), QUrl::FullyDecoded);
        authorizedScopes.append(m_lastAuthorizedScope);
        authorizedClientIds.append(query.queryItemValue(QStringLiteral("client_id"), QUrl::FullyDecoded));
        m_issuedCode = QStringLiteral("code-%1-%2").arg(m_name).arg(authorizedScopes.size());
        QUrl redirect(query.queryItemValue(QStringLiteral("redirect_uri"), QUrl::FullyDecoded));
        QUrlQuery back;
        back.addQueryItem(QStringLiteral("code"), m_issuedCode);
        back.addQueryItem(QStringLiteral("state"), query.queryItemValue(QStringLiteral("state"), QUrl::FullyDecoded));
        back.addQueryItem(QStringLiteral("iss"), QString::fromLatin1(QUrl::toPercentEncoding(issuer)));
        redirect.setQuery(back);
        return redirect;
    }

    [[nodiscard]] QString clientId() const { return QStringLiteral("client-of-%1").arg(m_name); }
    [[nodiscard]] QList<fake::HttpRequest> requestsTo(const QByteArray &path) const
    {
        QList<fake::HttpRequest> found;
        for (const fake::HttpRequest &request : server.requests()) {
            if (request.path() == path)
                found.append(request);
        }
        return found;
    }

    LoopbackHttpServer server;
    QString issuer;
    QString metadataIssuer; // Requirements ATTACK-1: what the document claims, when it should differ
    int accessTokenLifetime = 3600;
    bool refreshRejects = false;
    int registrations = 0;
    int codeExchanges = 0;
    int refreshes = 0;
    QStringList authorizedScopes;
    QStringList authorizedClientIds;
    QStringList issuedAccessTokens;
    QString currentRefreshToken;
    QStringList revokedTokens;
    QStringList revokedHints;

private:
    fake::HttpResponse issueTokens(const QString &scope)
    {
        const int serial = static_cast<int>(issuedAccessTokens.size()) + 1;
        const QString access = QStringLiteral("at-%1-%2-secretvalue").arg(m_name).arg(serial);
        issuedAccessTokens.append(access);
        currentRefreshToken = QStringLiteral("rt-%1-%2-secretvalue").arg(m_name).arg(serial); // rotation
        QJsonObject body{{QStringLiteral("access_token"), access},
                         {QStringLiteral("token_type"), QStringLiteral("Bearer")},
                         {QStringLiteral("expires_in"), accessTokenLifetime},
                         {QStringLiteral("refresh_token"), currentRefreshToken}};
        if (!scope.isEmpty())
            body.insert(QStringLiteral("scope"), scope);
        return jsonResponse(body);
    }

    QString m_name;
    QString m_issuedCode;
    QString m_lastAuthorizedScope;
};

// The protected resource: serves PRM naming one of the fake authorization servers.
class FakeResourceServer
{
public:
    FakeResourceServer()
    {
        QVERIFY(server.listen());
        mcpUrl = server.url(QStringLiteral("/mcp"));
        server.route("GET", "/.well-known/oauth-protected-resource/mcp", [this](const fake::HttpRequest &) {
            return jsonResponse({{QStringLiteral("resource"), resource.isEmpty() ? mcpUrl.toString() : resource},
                                 {QStringLiteral("authorization_servers"), QJsonArray{authorizationServer}},
                                 {QStringLiteral("scopes_supported"), QJsonArray{QStringLiteral("a")}}});
        });
    }

    [[nodiscard]] QString prmUrl() const
    {
        return server.url(QStringLiteral("/.well-known/oauth-protected-resource/mcp")).toString();
    }

    // A 401/403 as the MCP server would send it, for a request that carried `sentToken`.
    [[nodiscard]] HttpResponse challenge(int status, const QString &scope, const QString &sentToken = {}) const
    {
        HttpResponse response;
        response.status = status;
        QByteArray value = status == 403 ? "Bearer error=\"insufficient_scope\"" : "Bearer error=\"invalid_token\"";
        if (!scope.isEmpty())
            value += ", scope=\"" + scope.toUtf8() + '"';
        value += ", resource_metadata=\"" + prmUrl().toUtf8() + '"';
        response.headers = {{"WWW-Authenticate", value}};
        response.url = mcpUrl;
        if (!sentToken.isEmpty())
            response.sentAuthorizationDigest =
                HttpResponse::authorizationDigest(QByteArray("Bearer " + sentToken.toUtf8()));
        return response;
    }

    LoopbackHttpServer server;
    QUrl mcpUrl;
    QString authorizationServer;
    QString resource; // PRM `resource` when it should not be mcpUrl (requirements ATTACK-2)
};

// A user agent that approves at once, through the fake AS, and counts how often a page was shown.
class ApprovingUserAgent : public UserAgent
{
public:
    explicit ApprovingUserAgent(QList<FakeAuthorizationServer *> servers)
        : m_servers(std::move(servers))
    {}

    Result<QUrl> prepareRedirect(quint16 preferredPort) override
    {
        preferredPorts.append(preferredPort);
        return QUrl(QStringLiteral("http://127.0.0.1:%1/callback").arg(preferredPort == 0 ? 49152 : preferredPort));
    }

    void authorize(const Prompt &prompt, QObject *context, CallbackDone done) override
    {
        prompts.append(prompt);
        QTimer::singleShot(0, context, [this, prompt, done]() {
            if (declines)
                return done(Error(ErrorCode::Cancelled, QStringLiteral("closed")));
            for (FakeAuthorizationServer *server : m_servers) {
                if (prompt.authorizationUrl.toString().startsWith(server->issuer))
                    return done(server->approve(prompt.authorizationUrl));
            }
            done(Error(ErrorCode::InteractionRequired, QStringLiteral("unknown AS")));
        });
    }

    void cancel() override {}

    QList<Prompt> prompts;
    QList<quint16> preferredPorts;
    bool declines = false;

private:
    QList<FakeAuthorizationServer *> m_servers;
};

// A keychain that is not there (requirements SEC-4: no plaintext fallback; the session keeps working in memory).
class UnavailableSecretStore final : public SecretStore
{
public:
    void readSecret(const QString &, QObject *context, ReadCallback done) override
    {
        ++reads;
        QTimer::singleShot(0, context, [done]() { done(unavailable()); });
    }
    void writeSecret(const QString &, const QByteArray &, QObject *context, WriteCallback done) override
    {
        ++writes;
        QTimer::singleShot(0, context, [done]() { done(unavailable()); });
    }
    void deleteSecret(const QString &, QObject *context, WriteCallback done) override
    {
        QTimer::singleShot(0, context, [done]() { done(unavailable()); });
    }
    int reads = 0;
    int writes = 0;

private:
    static Error unavailable() { return Error(ErrorCode::KeychainUnavailable, QStringLiteral("No keychain.")); }
};

struct ChallengeOutcome
{
    bool answered = false;
    bool retry = false;
};

} // namespace

class TestAuthSession : public QObject
{
    Q_OBJECT

private:
    struct Fixture
    {
        FakeAuthorizationServer as1{QStringLiteral("as1")};
        FakeAuthorizationServer as2{QStringLiteral("as2")};
        FakeResourceServer rs;
        ApprovingUserAgent userAgent{{&as1, &as2}};
        InMemorySecretStore secrets;
        HttpClient http{noProxy()};

        Fixture() { rs.authorizationServer = as1.issuer; }

        static HttpClient::Options noProxy()
        {
            HttpClient::Options options;
            options.proxyMode = ProxyMode::None;
            return options;
        }

        AuthSession::Options options() const
        {
            AuthSession::Options options;
            options.serverId = QStringLiteral("server-1");
            options.serverName = QStringLiteral("Test server");
            options.mcpServerUrl = rs.mcpUrl;
            return options;
        }

        std::unique_ptr<AuthSession> session(SecretStore *store = nullptr, UserAgent *agent = nullptr)
        {
            return std::make_unique<AuthSession>(options(), http, store ? store : &secrets, agent ? agent : &userAgent);
        }
    };

    static ChallengeOutcome challenge(AuthSession &session, const HttpResponse &response, QObject *context)
    {
        auto outcome = std::make_shared<ChallengeOutcome>();
        session.handleChallenge(response.url, response, context, [outcome](bool retry) {
            outcome->answered = true;
            outcome->retry = retry;
        });
        if (!QTest::qWaitFor([outcome]() { return outcome->answered; }, 10'000))
            qWarning("no answer to the challenge within 10 s");
        return *outcome;
    }

    static QString bearerOf(AuthSession &session, const QUrl &url)
    {
        for (const auto &[name, value] : session.credentialsFor(url)) {
            if (name == "Authorization" && value.startsWith("Bearer "))
                return QString::fromUtf8(value.mid(7));
        }
        return {};
    }

private Q_SLOTS:
    // Requirements AUTH-36, AUTH-37, SEC-11: after sign-in the token goes to the MCP server's origin and nowhere else.
    void signsInOnFirstChallengeAndSendsTokenOnlyToTheServer()
    {
        Fixture f;
        auto session = f.session();
        const ChallengeOutcome outcome = challenge(*session, f.rs.challenge(401, QStringLiteral("a")), this);
        QVERIFY(outcome.retry);
        QCOMPARE(f.userAgent.prompts.size(), 1);
        QCOMPARE(f.as1.registrations, 1);
        QCOMPARE(f.as1.codeExchanges, 1);
        QCOMPARE(bearerOf(*session, f.rs.mcpUrl), f.as1.issuedAccessTokens.constLast());
        QVERIFY(bearerOf(*session, QUrl(f.as1.issuer + QStringLiteral("/token"))).isEmpty());
        QVERIFY(bearerOf(*session, f.rs.server.url(QStringLiteral("/other"))).size() > 0); // same origin
        QVERIFY(bearerOf(*session, QUrl(QStringLiteral("https://elsewhere.example/mcp"))).isEmpty());
        const AuthSession::Access access = session->access();
        QCOMPARE(access.issuer, f.as1.issuer);
        QCOMPARE(access.clientId, f.as1.clientId());
        QCOMPARE(access.registration, ClientRegistration::Kind::Dynamic);
        QVERIFY(access.grantedScopes.contains(u"a"));
        QVERIFY(access.hasRefreshToken);
        QVERIFY(access.remembered);
        QCOMPARE(session->state(), AuthSession::State::Authorized);
    }

    // Requirements SEC-4: the timeline is readable and holds no secret of any kind.
    void timelineNamesEveryStepAndNoSecret()
    {
        Fixture f;
        auto session = f.session();
        QVERIFY(challenge(*session, f.rs.challenge(401, QStringLiteral("a")), this).retry);
        const QString text = session->timelineText();
        for (const QString &what : {QStringLiteral("Discovery"), QStringLiteral("Registration"),
                                    QStringLiteral("Sign-in"), QStringLiteral("Token")}) {
            QVERIFY2(text.contains(what), qPrintable(what));
        }
        QVERIFY(text.contains(f.rs.prmUrl()));
        QVERIFY(!text.contains(QStringLiteral("secretvalue")));
        QVERIFY(!text.contains(QStringLiteral("code-as1")));
    }

    // Requirements AUTH-41: twenty requests refused at once for the same token cause one refresh, and all are retried.
    void manyConcurrentChallengesCauseOneRefresh()
    {
        Fixture f;
        auto session = f.session();
        QVERIFY(challenge(*session, f.rs.challenge(401, QStringLiteral("a")), this).retry);
        const QString refused = f.as1.issuedAccessTokens.constLast();
        int answered = 0;
        int retried = 0;
        for (int i = 0; i < 20; ++i) {
            const HttpResponse response = f.rs.challenge(401, {}, refused);
            session->handleChallenge(response.url, response, this, [&](bool retry) {
                ++answered;
                retried += retry ? 1 : 0;
            });
        }
        QTRY_COMPARE_WITH_TIMEOUT(answered, 20, 10'000);
        QCOMPARE(retried, 20);
        QCOMPARE(f.as1.refreshes, 1);
        QCOMPARE(f.userAgent.prompts.size(), 1);
        QCOMPARE(bearerOf(*session, f.rs.mcpUrl), f.as1.issuedAccessTokens.constLast());
    }

    // Requirements AUTH-38: a 401 for a token that was already replaced is retried with the new one, without a token
    // request.
    void challengeForAReplacedTokenIsRetriedWithoutRefresh()
    {
        Fixture f;
        auto session = f.session();
        QVERIFY(challenge(*session, f.rs.challenge(401, QStringLiteral("a")), this).retry);
        const ChallengeOutcome outcome =
            challenge(*session, f.rs.challenge(401, {}, QStringLiteral("an-older-token")), this);
        QVERIFY(outcome.retry);
        QCOMPARE(f.as1.refreshes, 0);
        QCOMPARE(f.as1.codeExchanges, 1);
    }

    // Requirements AUTH-42: a refused refresh token leads to exactly one interactive sign-in, and no loop.
    void invalidGrantOnRefreshLeadsToOneSignIn()
    {
        Fixture f;
        auto session = f.session();
        QVERIFY(challenge(*session, f.rs.challenge(401, QStringLiteral("a")), this).retry);
        f.as1.refreshRejects = true;
        const ChallengeOutcome outcome =
            challenge(*session, f.rs.challenge(401, {}, f.as1.issuedAccessTokens.constLast()), this);
        QVERIFY(outcome.retry);
        QCOMPARE(f.as1.refreshes, 1);
        QCOMPARE(f.userAgent.prompts.size(), 2);
        QCOMPARE(f.as1.registrations, 1); // the registration is kept (requirements AUTH-18: same issuer)
    }

    // Requirements AUTH-39, ATTACK-10 (b): the step-up asks for the union of what was requested and what is now
    // challenged.
    void stepUpRequestsTheUnionOfScopes()
    {
        Fixture f;
        auto session = f.session();
        QVERIFY(challenge(*session, f.rs.challenge(401, QStringLiteral("a")), this).retry);
        const QString first = f.as1.issuedAccessTokens.constLast();
        QVERIFY(challenge(*session, f.rs.challenge(403, QStringLiteral("b"), first), this).retry);
        QCOMPARE(f.as1.authorizedScopes.size(), 2);
        const QStringList second = f.as1.authorizedScopes.constLast().split(QLatin1Char(' '));
        QVERIFY(second.contains(QStringLiteral("a")));
        QVERIFY(second.contains(QStringLiteral("b")));
        QVERIFY(session->access().grantedScopes.contains(u"b"));
    }

    // Requirements ATTACK-10 (a), SEC-9: a server that still refuses a scope it got is not asked again; at most 3
    // sign-ins in a row.
    void stepUpStopsWhenGrantedScopesAreStillRefused()
    {
        Fixture f;
        auto session = f.session();
        QVERIFY(challenge(*session, f.rs.challenge(401, QStringLiteral("a")), this).retry);
        QVERIFY(
            challenge(*session, f.rs.challenge(403, QStringLiteral("b"), f.as1.issuedAccessTokens.constLast()), this)
                .retry);
        for (int i = 0; i < 5; ++i) {
            const ChallengeOutcome again = challenge(
                *session, f.rs.challenge(403, QStringLiteral("b"), f.as1.issuedAccessTokens.constLast()), this);
            QVERIFY(!again.retry);
        }
        QCOMPARE(f.userAgent.prompts.size(), 2);
        QVERIFY(session->lastError());
        QCOMPARE(session->lastError()->code(), ErrorCode::StepUpLimitReached);
    }

    void interactiveSignInsAreBoundedPerEpisode()
    {
        Fixture f;
        auto session = f.session();
        // A server that asks for a new scope every time: c1, c2, c3, ... never satisfied.
        QVERIFY(challenge(*session, f.rs.challenge(401, QStringLiteral("a")), this).retry);
        int prompts = 1;
        for (int i = 1; i <= 5; ++i) {
            const ChallengeOutcome outcome = challenge(
                *session, f.rs.challenge(403, QStringLiteral("c%1").arg(i), f.as1.issuedAccessTokens.constLast()),
                this);
            if (outcome.retry)
                ++prompts;
        }
        QCOMPARE(f.userAgent.prompts.size(), AuthSession::kMaxAuthorizationsPerEpisode);
        QCOMPARE(prompts, AuthSession::kMaxAuthorizationsPerEpisode);
    }

    // Requirements SEC-15: a server that answers 401 to every call, whatever token it got, gets at most
    // kMaxTokenRequestsPerMinute token requests however many calls there are; then the breaker says why and
    // stops, until the person re-authorizes.
    void serverRefusingEveryTokenGetsBoundedTokenRequests()
    {
        Fixture f;
        auto session = f.session();
        for (int call = 0; call < 20; ++call) {
            // What a transport does with each call (Transport::kMaxAuthorizationRetries): 401 for the token it
            // sent, authorize, send again with the new token, at most twice.
            for (int attempt = 0; attempt < 2; ++attempt) {
                const QString sent = bearerOf(*session, f.rs.mcpUrl);
                if (!challenge(*session, f.rs.challenge(401, QStringLiteral("a"), sent), this).retry)
                    break;
            }
        }
        QCOMPARE(f.as1.codeExchanges + f.as1.refreshes, AuthSession::kMaxTokenRequestsPerMinute);
        QCOMPARE(f.userAgent.prompts.size(), 1);
        QCOMPARE(session->state(), AuthSession::State::Failed);
        QVERIFY(session->lastError());
        QCOMPARE(session->lastError()->code(), ErrorCode::AccessRefusedRepeatedly);
        const QString message = session->lastError()->message();
        QVERIFY2(message.contains(QStringLiteral("The server refuses the access Portico got")), qPrintable(message));
        QVERIFY2(message.contains(QStringLiteral("%1 token requests").arg(AuthSession::kMaxTokenRequestsPerMinute)),
                 qPrintable(message));
        int breakerSteps = 0;
        for (const AuthSession::Step &step : session->timeline()) {
            if (step.what == QLatin1StringView("Access refused")) {
                ++breakerSteps;
                QVERIFY(!step.ok);
                QCOMPARE(step.detail, message);
            }
        }
        QCOMPARE(breakerSteps, 1); // said once, not once per call

        // The person re-authorizes: Portico asks again.
        std::optional<Result<void>> signedIn;
        session->signIn({}, [&signedIn](Result<void> outcome) { signedIn = outcome; });
        QTRY_VERIFY_WITH_TIMEOUT(signedIn.has_value(), 10'000);
        QVERIFY(signedIn->ok());
        QCOMPARE(f.as1.codeExchanges + f.as1.refreshes, AuthSession::kMaxTokenRequestsPerMinute + 1);
    }

    // Requirements SEC-15: a server that asks for one more scope after every sign-in, and takes a refreshed token in
    // between (so the guard of three sign-ins in a row never trips), opens at most kMaxSignInsPerTenMinutes pages in
    // ten minutes; once the window has passed, a page may open again.
    void signInsAreBoundedPerTenMinutes()
    {
        Fixture f;
        QDateTime clock = QDateTime::currentDateTimeUtc();
        auto session = f.session();
        session->setClock([&clock]() { return clock; });
        QVERIFY(challenge(*session, f.rs.challenge(401, QStringLiteral("a")), this).retry);
        std::optional<Error> refused;
        for (int round = 1; round <= 8; ++round) {
            clock = clock.addSecs(61); // eight rounds in under ten minutes, far from the token budget
            const ChallengeOutcome stepUp = challenge(
                *session, f.rs.challenge(403, QStringLiteral("c%1").arg(round), bearerOf(*session, f.rs.mcpUrl)), this);
            if (!stepUp.retry && !refused)
                refused = session->lastError();
            QVERIFY(challenge(*session, f.rs.challenge(401, {}, bearerOf(*session, f.rs.mcpUrl)), this).retry);
        }
        QCOMPARE(f.userAgent.prompts.size(), AuthSession::kMaxSignInsPerTenMinutes);
        QVERIFY(refused);
        QVERIFY2(refused->message().contains(QStringLiteral("refuses the access Portico got: %1 sign-ins")
                                                 .arg(AuthSession::kMaxSignInsPerTenMinutes)),
                 qPrintable(refused->message()));

        clock = clock.addSecs(600);
        QVERIFY(challenge(*session, f.rs.challenge(403, QStringLiteral("c9"), bearerOf(*session, f.rs.mcpUrl)), this)
                    .retry);
        QCOMPARE(f.userAgent.prompts.size(), AuthSession::kMaxSignInsPerTenMinutes + 1);
    }

    // Requirements ATTACK-2: a PRM naming another resource stops everything before registration or a page.
    void resourceMismatchOpensNoPage()
    {
        Fixture f;
        f.rs.resource = QStringLiteral("https://evil.example.com/mcp");
        auto session = f.session();
        QVERIFY(!challenge(*session, f.rs.challenge(401, QStringLiteral("a")), this).retry);
        QCOMPARE(f.userAgent.prompts.size(), 0);
        QCOMPARE(f.as1.server.requests().size(), 0);
        QCOMPARE(session->lastError()->code(), ErrorCode::ResourceMismatch);
    }

    // Requirements ATTACK-1: AS metadata whose issuer differs is not used at all: no registration, no page.
    void issuerMismatchOpensNoPage()
    {
        Fixture f;
        f.as1.metadataIssuer = f.as1.issuer + QLatin1Char('/');
        auto session = f.session();
        QVERIFY(!challenge(*session, f.rs.challenge(401, QStringLiteral("a")), this).retry);
        QCOMPARE(f.userAgent.prompts.size(), 0);
        QCOMPARE(f.as1.registrations, 0);
        QCOMPARE(session->lastError()->code(), ErrorCode::MetadataIssuerMismatch);
    }

    // Requirements AUTH-18, ATTACK-10 (c): when the PRM moves to another AS, the old client id is never presented
    // there.
    void migrationToAnotherServerRegistersAgain()
    {
        Fixture f;
        auto session = f.session();
        QVERIFY(challenge(*session, f.rs.challenge(401, QStringLiteral("a")), this).retry);
        f.rs.authorizationServer = f.as2.issuer;
        // A new PRM URL in the challenge means discover again (RFC 9728 §5.2); here the same URL with new content, so
        // the test names it through a query to make it differ.
        HttpResponse moved = f.rs.challenge(401, QStringLiteral("a"), f.as1.issuedAccessTokens.constLast());
        moved.headers = {{"WWW-Authenticate", "Bearer error=\"invalid_token\", resource_metadata=\""
                                                  + f.rs.prmUrl().toUtf8() + "?moved=1\""}};
        f.as1.refreshRejects = true; // the old AS no longer knows the grant
        QVERIFY(challenge(*session, moved, this).retry);
        QCOMPARE(f.as2.registrations, 1);
        QCOMPARE(f.as2.authorizedClientIds, QStringList{f.as2.clientId()});
        for (const fake::HttpRequest &request : f.as2.server.requests())
            QVERIFY(!request.body.contains(f.as1.clientId().toUtf8()));
        QCOMPARE(session->access().issuer, f.as2.issuer);
        QCOMPARE(bearerOf(*session, f.rs.mcpUrl), f.as2.issuedAccessTokens.constLast());
    }

    // Requirements SEC-4: what the keychain holds comes back in a new session, without a page.
    void newSessionWithTheSameKeychainNeedsNoSignIn()
    {
        Fixture f;
        {
            auto first = f.session();
            QVERIFY(challenge(*first, f.rs.challenge(401, QStringLiteral("a")), this).retry);
        }
        const QByteArray blob = f.secrets.secret(ServerCredentials::secretKey(QStringLiteral("server-1"))).value();
        QVERIFY(blob.contains("rt-as1-1"));
        auto second = f.session();
        bool loaded = false;
        second->load([&](Result<void>) { loaded = true; });
        QTRY_VERIFY(loaded);
        QCOMPARE(bearerOf(*second, f.rs.mcpUrl), f.as1.issuedAccessTokens.constLast());
        QCOMPARE(f.userAgent.prompts.size(), 1);
        QCOMPARE(second->state(), AuthSession::State::Authorized);
    }

    // Requirements SEC-4: no keychain → the session still works, in memory, and says it will not be remembered.
    void unavailableKeychainKeepsTheSessionInMemory()
    {
        Fixture f;
        UnavailableSecretStore store;
        auto session = f.session(&store);
        QVERIFY(challenge(*session, f.rs.challenge(401, QStringLiteral("a")), this).retry);
        QVERIFY(!bearerOf(*session, f.rs.mcpUrl).isEmpty());
        // The save was tried: an entry that could not be read is read first (requirements SEC-16: never overwrite
        // what might be another program's entry unseen), and that read failed too.
        QVERIFY(store.reads > 1 || store.writes > 0);
        QVERIFY(!session->access().remembered);
        QCOMPARE(session->access().keychain, KeychainStatus::Unavailable);
        QVERIFY(session->timelineText().contains(QStringLiteral("will not be remembered")));
    }

    // Requirements AUTH-43: sign-out revokes the refresh token at the AS and deletes the keychain entry.
    void signOutRevokesAndDeletes()
    {
        Fixture f;
        auto session = f.session();
        QVERIFY(challenge(*session, f.rs.challenge(401, QStringLiteral("a")), this).retry);
        const QString refresh = f.as1.currentRefreshToken;
        bool done = false;
        session->signOut([&](Result<void> outcome) {
            QVERIFY(outcome.ok());
            done = true;
        });
        QTRY_VERIFY(done);
        QCOMPARE(f.as1.revokedTokens, QStringList{refresh});
        QCOMPARE(f.as1.revokedHints, QStringList{QStringLiteral("refresh_token")});
        QVERIFY(!f.secrets.secret(ServerCredentials::secretKey(QStringLiteral("server-1"))).has_value());
        QVERIFY(bearerOf(*session, f.rs.mcpUrl).isEmpty());
        QCOMPARE(session->state(), AuthSession::State::SignedOut);
    }

    // Headless: no user agent means a clear "a person has to sign in", and no request to the AS.
    void withoutUserAgentReportsInteractionRequired()
    {
        Fixture f;
        auto session = std::make_unique<AuthSession>(f.options(), f.http, &f.secrets, nullptr);
        QVERIFY(!challenge(*session, f.rs.challenge(401, QStringLiteral("a")), this).retry);
        QCOMPARE(session->lastError()->code(), ErrorCode::InteractionRequired);
        QCOMPARE(f.as1.server.requests().size(), 0);
    }

    // Closing the page fails the attempt cleanly; the next challenge may try again.
    void cancelledSignInFailsCleanly()
    {
        Fixture f;
        f.userAgent.declines = true;
        auto session = f.session();
        QVERIFY(!challenge(*session, f.rs.challenge(401, QStringLiteral("a")), this).retry);
        QCOMPARE(session->lastError()->code(), ErrorCode::Cancelled);
        QCOMPARE(f.as1.codeExchanges, 0);
        f.userAgent.declines = false;
        QVERIFY(challenge(*session, f.rs.challenge(401, QStringLiteral("a")), this).retry);
        QCOMPARE(f.as1.registrations, 1); // registered once, kept across the cancelled attempt
    }

    // Requirements AUTH-20: the second sign-in asks the user agent for the port registered the first time.
    void keepsTheRegisteredRedirectPort()
    {
        Fixture f;
        auto session = f.session();
        QVERIFY(challenge(*session, f.rs.challenge(401, QStringLiteral("a")), this).retry);
        QVERIFY(
            challenge(*session, f.rs.challenge(403, QStringLiteral("b"), f.as1.issuedAccessTokens.constLast()), this)
                .retry);
        QCOMPARE(f.userAgent.preferredPorts.size(), 2);
        QCOMPARE(f.userAgent.preferredPorts.at(0), quint16(0));
        QCOMPARE(f.userAgent.preferredPorts.at(1), quint16(49152));
    }
};

QTEST_GUILESS_MAIN(TestAuthSession)
#include "tst_authsession.moc"
