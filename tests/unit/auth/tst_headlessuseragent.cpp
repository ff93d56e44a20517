// The headless user agent (requirements UI-3, AUTH-29, SEC-3, ATTACK-4, ATTACK-5; docs/architecture.md,
// "The conformance suite"): it binds the real loopback listener, GETs the authorization URL without following redirects
// and delivers a redirect to the listener the way a browser would. The "authorization server" is a LoopbackHttpServer
// that answers /authorize the way the conformance suite's mock does (an immediate 302 to
// redirect_uri?code=…&state=…[&iss=…]); the tests assert on what it received and on what the listener caught.

#include "auth/authorizationflow.h"
#include "auth/authservermetadata.h"
#include "auth/headlessuseragent.h"
#include "auth/interactivesignin.h"
#include "auth/signintimeline.h"
#include "auth/tokenclient.h"
#include "logcapture.h"
#include "loopbackhttpserver.h"
#include "net/httpclient.h"
#include "net/urlpolicy.h"
#include "testhttpoptions.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPointer>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>
#include <QUrlQuery>

#include <functional>
#include <memory>
#include <optional>

using namespace portico;
using namespace std::chrono_literals;
namespace peer = portico::testing;
using portico::testing::fastOptions;
using portico::testing::LogCapture;

namespace {

constexpr int kWaitMs = 10'000;

// What `done` received, and how often.
struct Outcome
{
    int calls = 0;
    std::optional<Result<QUrl>> result;

    UserAgent::CallbackDone callback()
    {
        return [this](Result<QUrl> r) {
            ++calls;
            result.emplace(std::move(r));
        };
    }
    [[nodiscard]] bool failedWith(ErrorCode code) const
    {
        return result && !result->ok() && result->error().code() == code;
    }
    [[nodiscard]] QByteArray describe() const
    {
        if (!result)
            return "no result";
        return result->ok() ? "ok: " + result->value().toEncoded() : result->error().toString().toUtf8();
    }
};

// The conformance mock's /authorize (docs/architecture.md, "The conformance suite"): 302 to redirect_uri with code and
// state, plus `iss` when `iss` is given.
peer::LoopbackHttpServer::Handler immediateRedirect(std::optional<QString> iss = std::nullopt)
{
    return [iss](const peer::HttpRequest &request) {
        const QUrlQuery query(QUrl::fromEncoded(request.target).query(QUrl::FullyEncoded));
        QUrl location(query.queryItemValue(QStringLiteral("redirect_uri"), QUrl::FullyDecoded));
        QUrlQuery back;
        back.addQueryItem(QStringLiteral("code"), QStringLiteral("test-auth-code"));
        back.addQueryItem(QStringLiteral("state"), query.queryItemValue(QStringLiteral("state"), QUrl::FullyEncoded));
        if (iss)
            back.addQueryItem(QStringLiteral("iss"), QString::fromLatin1(QUrl::toPercentEncoding(*iss)));
        location.setQuery(back);
        return peer::HttpResponse::redirect(location);
    };
}

// An /authorize that sends Portico straight back to its redirect_uri with the query `queryFor(state)`, where `state`
// is the request's state as sent (form-encoded).
peer::LoopbackHttpServer::Handler redirectBackWith(std::function<QString(const QString &state)> queryFor)
{
    return [queryFor = std::move(queryFor)](const peer::HttpRequest &request) {
        const QUrlQuery query(QUrl::fromEncoded(request.target).query(QUrl::FullyEncoded));
        QUrl location(query.queryItemValue(QStringLiteral("redirect_uri"), QUrl::FullyDecoded));
        location.setQuery(queryFor(query.queryItemValue(QStringLiteral("state"), QUrl::FullyEncoded)));
        return peer::HttpResponse::redirect(location);
    };
}

// For failure messages: the error of a failed result (evaluated only then).
QByteArray describe(const Result<QUrl> &result)
{
    return result.ok() ? QByteArray("ok") : result.error().toString().toUtf8();
}

QString issuerOf(const peer::LoopbackHttpServer &as)
{
    return QStringLiteral("http://127.0.0.1:%1").arg(as.port());
}

AuthServerMetadata metadataOf(const peer::LoopbackHttpServer &as, bool issAdvertised)
{
    const QString issuer = issuerOf(as);
    const QJsonObject document{
        {QStringLiteral("issuer"), issuer},
        {QStringLiteral("authorization_endpoint"), QString(issuer + QStringLiteral("/authorize"))},
        {QStringLiteral("token_endpoint"), QString(issuer + QStringLiteral("/token"))},
        {QStringLiteral("code_challenge_methods_supported"), QJsonArray{QStringLiteral("S256")}},
        {QStringLiteral("response_types_supported"), QJsonArray{QStringLiteral("code")}},
        {QStringLiteral("authorization_response_iss_parameter_supported"), issAdvertised},
    };
    Result<AuthServerMetadata> parsed =
        AuthServerMetadata::fromJson(QJsonDocument(document).toJson(), issuer, discovery_urls::AsMetadataKind::OAuth);
    if (!parsed.ok())
        qFatal("test metadata rejected: %s", qPrintable(parsed.error().toString()));
    return std::move(parsed).value();
}

UserAgent::Prompt promptFor(const QUrl &authorizationUrl, const QUrl &redirectUri)
{
    UserAgent::Prompt prompt;
    prompt.authorizationUrl = authorizationUrl;
    prompt.redirectUri = redirectUri;
    prompt.serverName = QStringLiteral("test server");
    prompt.issuer = QStringLiteral("http://127.0.0.1:1");
    return prompt;
}

// A plain authorization URL for tests that do not need a whole flow.
QUrl authorizeUrl(const peer::LoopbackHttpServer &as, const QUrl &redirectUri)
{
    QUrl url = as.url(QStringLiteral("/authorize"));
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("response_type"), QStringLiteral("code"));
    query.addQueryItem(QStringLiteral("redirect_uri"),
                       QString::fromLatin1(QUrl::toPercentEncoding(redirectUri.toString(QUrl::FullyEncoded))));
    query.addQueryItem(QStringLiteral("state"), QStringLiteral("st-1"));
    url.setQuery(query);
    return url;
}

// Whether a TCP connection to 127.0.0.1:port is accepted (the listener still open).
bool acceptsConnections(quint16 port)
{
    QTcpSocket socket;
    bool connected = false;
    bool ended = false;
    QObject::connect(&socket, &QTcpSocket::connected, &socket, [&] { connected = ended = true; });
    QObject::connect(&socket, &QTcpSocket::errorOccurred, &socket, [&](QAbstractSocket::SocketError) { ended = true; });
    socket.connectToHost(QHostAddress::LocalHost, port);
    if (!QTest::qWaitFor([&] { return ended; }, kWaitMs))
        return true; // neither connected nor refused: treat as open, which fails the callers' checks
    socket.abort();
    return connected;
}

} // namespace

class TestHeadlessUserAgent : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void deliversTheRedirectToTheListener();
    void completesConformanceIssScenarios_data();
    void completesConformanceIssScenarios();
    void loginPageIsInteractionRequired();
    void redirectElsewhereIsNotFollowed_data();
    void redirectElsewhereIsNotFollowed();
    void errorStatusIsInteractionRequired();
    void refusesUnsafeAuthorizationUrls_data();
    void refusesUnsafeAuthorizationUrls();
    void unsafeUrlErrorSpeaksToThePerson();
    void cancelEndsTheFlowOnceWithCancelled();
    void neverCallsBackAfterTheContextDied();
    void keepsThePreferredPortOrFallsBack();
    void ignoresAForgedCallback();
    void aRedirectWithAnotherStateIsRejected();
    void refusesAnAuthorizationUrlWithoutState();
    void logsNoValueOfARejectedRedirect_data();
    void logsNoValueOfARejectedRedirect();

private:
    std::unique_ptr<peer::LoopbackHttpServer> m_as;
    std::unique_ptr<HttpClient> m_http;
    std::unique_ptr<HeadlessUserAgent> m_agent;
};

void TestHeadlessUserAgent::init()
{
    m_as = std::make_unique<peer::LoopbackHttpServer>();
    QVERIFY(m_as->listen());
    m_http = std::make_unique<HttpClient>(fastOptions());
    m_agent = std::make_unique<HeadlessUserAgent>(*m_http);
}

void TestHeadlessUserAgent::cleanup()
{
    m_agent.reset();
    m_http.reset();
    m_as.reset();
}

void TestHeadlessUserAgent::deliversTheRedirectToTheListener()
{
    // docs/architecture.md, "The conformance suite": the mock AS redirects at once; the redirect lands on the real
    // listener (requirements AUTH-29).
    m_as->route("GET", "/authorize", immediateRedirect());
    const Result<QUrl> redirect = m_agent->prepareRedirect(0);
    QVERIFY2(redirect.ok(), describe(redirect).constData());
    QCOMPARE(redirect.value().host(), QStringLiteral("127.0.0.1"));
    QCOMPARE(redirect.value().path(), QStringLiteral("/callback"));
    QVERIFY(acceptsConnections(static_cast<quint16>(redirect.value().port())));

    Outcome outcome;
    QObject context;
    m_agent->authorize(promptFor(authorizeUrl(*m_as, redirect.value()), redirect.value()), &context,
                       outcome.callback());
    QCOMPARE(outcome.calls, 0); // never synchronously
    QTRY_COMPARE_WITH_TIMEOUT(outcome.calls, 1, kWaitMs);
    QVERIFY2(outcome.result->ok(), outcome.describe().constData());

    const QUrl caught = outcome.result->value();
    QCOMPARE(caught.host(), QStringLiteral("127.0.0.1"));
    QCOMPARE(caught.port(), redirect.value().port());
    QCOMPARE(caught.path(), QStringLiteral("/callback"));
    const QUrlQuery query(caught);
    QCOMPARE(query.queryItemValue(QStringLiteral("code")), QStringLiteral("test-auth-code"));
    QCOMPARE(query.queryItemValue(QStringLiteral("state")), QStringLiteral("st-1"));

    // What the AS received: one GET of /authorize, nothing else.
    QCOMPARE(m_as->requests().size(), 1);
    QCOMPARE(m_as->requests().first().method, QByteArray("GET"));
    QCOMPARE(m_as->requests().first().path(), QByteArray("/authorize"));
    // Both hops went through HttpClient with their purposes: the AS first, then the listener.
    QTRY_COMPARE_WITH_TIMEOUT(m_http->exchangeLog().records().size(), 2, kWaitMs);
    QCOMPARE(m_http->exchangeLog().records().at(0).purpose, QStringLiteral("authorization request"));
    QCOMPARE(m_http->exchangeLog().records().at(0).status, 302);
    QCOMPARE(m_http->exchangeLog().records().at(1).purpose, QStringLiteral("redirect to the loopback listener"));
    QCOMPARE(m_http->exchangeLog().records().at(1).status, 200);
    // One shot (requirements AUTH-29): the listener is closed after the callback.
    QVERIFY(!acceptsConnections(static_cast<quint16>(redirect.value().port())));
    QTest::qWait(50);
    QCOMPARE(outcome.calls, 1);
}

void TestHeadlessUserAgent::completesConformanceIssScenarios_data()
{
    QTest::addColumn<bool>("issAdvertised");
    QTest::addColumn<QString>("iss"); // "-" = the mock sends none; "ISSUER" = the AS's own issuer
    QTest::addColumn<bool>("accepted");
    // Conformance auth/iss-* (requirements ATTACK-5; RFC 9207 §2.4): the agent delivers every redirect;
    // AuthorizationFlow decides.
    QTest::newRow("auth/iss-supported") << true << QStringLiteral("ISSUER") << true;
    QTest::newRow("auth/iss-not-advertised") << false << QStringLiteral("-") << true;
    QTest::newRow("auth/iss-supported-missing") << true << QStringLiteral("-") << false;
    QTest::newRow("auth/iss-wrong-issuer") << true << QStringLiteral("https://evil.example.com") << false;
    QTest::newRow("auth/iss-unexpected") << false << QStringLiteral("https://evil.example.com") << false;
    QTest::newRow("auth/iss-normalized") << true << QStringLiteral("ISSUER/") << false;
}

void TestHeadlessUserAgent::completesConformanceIssScenarios()
{
    QFETCH(bool, issAdvertised);
    QFETCH(QString, iss);
    QFETCH(bool, accepted);
    iss.replace(QStringLiteral("ISSUER"), issuerOf(*m_as));
    m_as->route("GET", "/authorize",
                immediateRedirect(iss == QStringLiteral("-") ? std::nullopt : std::optional<QString>(iss)));

    const Result<QUrl> redirect = m_agent->prepareRedirect(0);
    QVERIFY(redirect.ok());
    AuthorizationFlow::Parameters parameters;
    parameters.clientId = QStringLiteral("test-client-id");
    parameters.redirectUri = redirect.value();
    parameters.resource = QStringLiteral("http://127.0.0.1:2/mcp");
    AuthorizationFlow flow(metadataOf(*m_as, issAdvertised), parameters);

    Outcome outcome;
    QObject context;
    m_agent->authorize(promptFor(flow.authorizationUrl(), redirect.value()), &context, outcome.callback());
    QTRY_COMPARE_WITH_TIMEOUT(outcome.calls, 1, kWaitMs);
    QVERIFY2(outcome.result->ok(), outcome.describe().constData());

    // The AS saw the flow's own request (requirements AUTH-26): the state it echoed is the flow's.
    QCOMPARE(m_as->requests().size(), 1);
    const QUrlQuery sent(QUrl::fromEncoded(m_as->requests().first().target));
    QVERIFY(sent.queryItemValue(QStringLiteral("state")).toLatin1() == flow.state());
    QCOMPARE(sent.queryItemValue(QStringLiteral("redirect_uri"), QUrl::FullyDecoded), redirect.value().toString());

    const Result<QByteArray> code = flow.validateCallback(outcome.result->value());
    QCOMPARE(code.ok(), accepted);
    if (accepted)
        QCOMPARE(code.value(), QByteArray("test-auth-code"));
    else
        QCOMPARE(code.error().code(), ErrorCode::CallbackRejected);
}

void TestHeadlessUserAgent::loginPageIsInteractionRequired()
{
    m_as->route("GET", "/authorize", [](const peer::HttpRequest &) {
        return peer::HttpResponse::html("<form action=\"/login\"><input name=\"password\"></form>");
    });
    const Result<QUrl> redirect = m_agent->prepareRedirect(0);
    QVERIFY(redirect.ok());
    Outcome outcome;
    QObject context;
    m_agent->authorize(promptFor(authorizeUrl(*m_as, redirect.value()), redirect.value()), &context,
                       outcome.callback());
    QTRY_COMPARE_WITH_TIMEOUT(outcome.calls, 1, kWaitMs);
    QVERIFY2(outcome.failedWith(ErrorCode::InteractionRequired), outcome.describe().constData());
    QVERIFY(!outcome.result->error().message().isEmpty());
    QCOMPARE(m_as->requests().size(), 1);
    // The listener does not stay open for a flow that is over.
    QVERIFY(!acceptsConnections(static_cast<quint16>(redirect.value().port())));
}

void TestHeadlessUserAgent::redirectElsewhereIsNotFollowed_data()
{
    QTest::addColumn<QString>("location"); // "AS" = the AS's origin, "CB" = the redirect URI
    QTest::newRow("login page on the AS") << QStringLiteral("AS/login?next=%2Fauthorize");
    QTest::newRow("relative login page") << QStringLiteral("/login");
    QTest::newRow("another IdP") << QStringLiteral("https://idp.example.com/login");
    QTest::newRow("listener origin, other path") << QStringLiteral("CBx?code=c&state=st-1");
    QTest::newRow("listener origin, sub path") << QStringLiteral("CB/more?code=c&state=st-1");
}

void TestHeadlessUserAgent::redirectElsewhereIsNotFollowed()
{
    // A redirect that does not go back to the redirect URI is where a person would continue: InteractionRequired,
    // and the target receives nothing.
    QFETCH(QString, location);
    const Result<QUrl> redirect = m_agent->prepareRedirect(0);
    QVERIFY(redirect.ok());
    location.replace(QStringLiteral("AS"), issuerOf(*m_as));
    location.replace(QStringLiteral("CB"), redirect.value().toString());
    m_as->route("GET", "/authorize", [location](const peer::HttpRequest &) {
        return peer::HttpResponse{302, {{"Location", location.toUtf8()}}, {}};
    });
    m_as->route("GET", "/login", [](const peer::HttpRequest &) { return peer::HttpResponse::html("login"); });

    Outcome outcome;
    QObject context;
    m_agent->authorize(promptFor(authorizeUrl(*m_as, redirect.value()), redirect.value()), &context,
                       outcome.callback());
    QTRY_COMPARE_WITH_TIMEOUT(outcome.calls, 1, kWaitMs);
    QVERIFY2(outcome.failedWith(ErrorCode::InteractionRequired), outcome.describe().constData());
    QTest::qWait(100);
    QCOMPARE(m_as->requests().size(), 1);
    QCOMPARE(m_as->requests().first().path(), QByteArray("/authorize"));
    QCOMPARE(m_http->exchangeLog().records().size(), 1);
}

void TestHeadlessUserAgent::errorStatusIsInteractionRequired()
{
    m_as->route("GET", "/authorize", [](const peer::HttpRequest &) {
        return peer::HttpResponse{500, {{"Content-Type", "text/plain"}}, "boom"};
    });
    const Result<QUrl> redirect = m_agent->prepareRedirect(0);
    QVERIFY(redirect.ok());
    Outcome outcome;
    QObject context;
    m_agent->authorize(promptFor(authorizeUrl(*m_as, redirect.value()), redirect.value()), &context,
                       outcome.callback());
    QTRY_COMPARE_WITH_TIMEOUT(outcome.calls, 1, kWaitMs);
    QVERIFY2(outcome.failedWith(ErrorCode::InteractionRequired), outcome.describe().constData());
    QCOMPARE(m_as->requests().size(), 1);
}

void TestHeadlessUserAgent::refusesUnsafeAuthorizationUrls_data()
{
    QTest::addColumn<QString>("url");
    // Requirements SEC-3, UI-3, ATTACK-7: https only, http only to loopback; no other scheme. Refused before any
    // request.
    QTest::newRow("javascript:") << QStringLiteral("javascript:alert(1)");
    QTest::newRow("data:") << QStringLiteral("data:text/html,<script>alert(1)</script>");
    QTest::newRow("file:") << QStringLiteral("file:///etc/passwd");
    QTest::newRow("vbscript:") << QStringLiteral("vbscript:msgbox(1)");
    QTest::newRow("http to a remote host") << QStringLiteral("http://as.example.com/authorize?state=s");
    QTest::newRow("userinfo") << QStringLiteral("https://user:pw@as.example.com/authorize");
    QTest::newRow("relative") << QStringLiteral("/authorize");
}

void TestHeadlessUserAgent::refusesUnsafeAuthorizationUrls()
{
    QFETCH(QString, url);
    m_as->route("GET", "/authorize", immediateRedirect());
    const Result<QUrl> redirect = m_agent->prepareRedirect(0);
    QVERIFY(redirect.ok());
    Outcome outcome;
    QObject context;
    m_agent->authorize(promptFor(QUrl(url), redirect.value()), &context, outcome.callback());
    QCOMPARE(outcome.calls, 0);
    QTRY_COMPARE_WITH_TIMEOUT(outcome.calls, 1, kWaitMs);
    QVERIFY2(outcome.failedWith(ErrorCode::UrlRejected), outcome.describe().constData());
    // No request of any kind left HttpClient.
    QVERIFY(m_http->exchangeLog().records().isEmpty());
    QVERIFY(m_as->requests().isEmpty());
}

void TestHeadlessUserAgent::unsafeUrlErrorSpeaksToThePerson()
{
    // LoopbackUserAgent's URL check, shared with SystemBrowserUserAgent (tst_signindialog pins the same): the
    // person reads one sentence (message); the detail is the refused address, redacted, for the Activity view —
    // not url_policy's sentence a second time.
    LoopbackUserAgent &agent = *m_agent;
    const QUrl unsafe(QStringLiteral("http://as.example.com/authorize?state=s&code_challenge=c"));
    const Result<QUrl> redirect = agent.prepareRedirect(0);
    QVERIFY(redirect.ok());
    Outcome outcome;
    QObject context;
    agent.authorize(promptFor(unsafe, redirect.value()), &context, outcome.callback());
    QTRY_COMPARE_WITH_TIMEOUT(outcome.calls, 1, kWaitMs);
    QVERIFY2(outcome.failedWith(ErrorCode::UrlRejected), outcome.describe().constData());
    const Error &error = outcome.result->error();
    const Error policy = url_policy::check(unsafe).error();
    QCOMPARE(error.message(),
             QStringLiteral("Portico refused to open the sign-in page because its address is not safe."));
    QCOMPARE(error.detail(), policy.detail());
    QVERIFY(error.detail().contains(QStringLiteral("as.example.com")));
    QVERIFY(error.detail() != policy.message());
}

void TestHeadlessUserAgent::cancelEndsTheFlowOnceWithCancelled()
{
    // The AS never answers; cancel() ends the flow with Cancelled, once, and releases the listener.
    m_as->routeStream("GET", "/authorize", [](const peer::HttpRequest &, QTcpSocket *) {});
    const Result<QUrl> redirect = m_agent->prepareRedirect(0);
    QVERIFY(redirect.ok());
    Outcome outcome;
    QObject context;
    m_agent->authorize(promptFor(authorizeUrl(*m_as, redirect.value()), redirect.value()), &context,
                       outcome.callback());
    QTRY_COMPARE_WITH_TIMEOUT(m_as->requests().size(), 1, kWaitMs);
    m_agent->cancel();
    m_agent->cancel();
    QTRY_COMPARE_WITH_TIMEOUT(outcome.calls, 1, kWaitMs);
    QVERIFY2(outcome.failedWith(ErrorCode::Cancelled), outcome.describe().constData());
    QVERIFY(!acceptsConnections(static_cast<quint16>(redirect.value().port())));
    QTest::qWait(200);
    QCOMPARE(outcome.calls, 1);

    // The agent is free for the next flow.
    m_as->route("GET", "/authorize", immediateRedirect());
    const Result<QUrl> again = m_agent->prepareRedirect(0);
    QVERIFY(again.ok());
}

void TestHeadlessUserAgent::neverCallsBackAfterTheContextDied()
{
    m_as->routeStream("GET", "/authorize", [](const peer::HttpRequest &, QTcpSocket *) {});
    const Result<QUrl> redirect = m_agent->prepareRedirect(0);
    QVERIFY(redirect.ok());
    Outcome outcome;
    auto context = std::make_unique<QObject>();
    m_agent->authorize(promptFor(authorizeUrl(*m_as, redirect.value()), redirect.value()), context.get(),
                       outcome.callback());
    QTRY_COMPARE_WITH_TIMEOUT(m_as->requests().size(), 1, kWaitMs);
    m_agent->cancel();
    context.reset(); // before the queued callback runs
    QTest::qWait(200);
    QCOMPARE(outcome.calls, 0);
}

void TestHeadlessUserAgent::keepsThePreferredPortOrFallsBack()
{
    // Requirements AUTH-20: the registered port when it is free.
    quint16 freePort = 0;
    {
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost));
        freePort = probe.serverPort();
    }
    const Result<QUrl> preferred = m_agent->prepareRedirect(freePort);
    QVERIFY2(preferred.ok(), describe(preferred).constData());
    QCOMPARE(preferred.value().port(), int(freePort));
    QVERIFY(acceptsConnections(freePort));

    // Busy: an ephemeral port instead (RFC 8252 §7.3), and the old listener is released.
    QTcpServer holder;
    QVERIFY(holder.listen(QHostAddress::LocalHost));
    const Result<QUrl> fallback = m_agent->prepareRedirect(holder.serverPort());
    QVERIFY2(fallback.ok(), describe(fallback).constData());
    QVERIFY(fallback.value().port() != int(holder.serverPort()));
    QVERIFY(fallback.value().port() > 0);
    QVERIFY(acceptsConnections(static_cast<quint16>(fallback.value().port())));
    QVERIFY(!acceptsConnections(freePort));
}

void TestHeadlessUserAgent::ignoresAForgedCallback()
{
    // RFC 8252 §8.3, requirements SEC-7, ATTACK-4: another local process reaches /callback first — before the page
    // opens and while the authorization request is on its way. The listener refuses both (their state is not the
    // request's) and the real redirect still completes the sign-in.
    std::optional<HttpResponse> early;
    std::optional<HttpResponse> during;
    QPointer<QTcpSocket> authorizeSocket;
    QByteArray realState;
    m_as->routeStream("GET", "/authorize", [&](const peer::HttpRequest &request, QTcpSocket *socket) {
        authorizeSocket = socket;
        realState = QUrlQuery(QUrl::fromEncoded(request.target)).queryItemValue(QStringLiteral("state")).toLatin1();
    });
    const Result<QUrl> redirect = m_agent->prepareRedirect(0);
    QVERIFY(redirect.ok());
    const auto forge = [this, &redirect](std::optional<HttpResponse> &answer) {
        QUrl forged = redirect.value();
        forged.setQuery(QStringLiteral("code=evil&state=guess"));
        HttpRequest request;
        request.url = forged;
        request.purpose = QStringLiteral("test");
        m_http->send(request, this, [&answer](Result<HttpResponse> r) {
            if (r.ok())
                answer.emplace(r.value());
        });
        return QTest::qWaitFor([&answer] { return answer.has_value(); }, kWaitMs);
    };
    QVERIFY(forge(early));
    QCOMPARE(early->status, 400);

    Outcome outcome;
    QObject context;
    m_agent->authorize(promptFor(authorizeUrl(*m_as, redirect.value()), redirect.value()), &context,
                       outcome.callback());
    QTRY_VERIFY_WITH_TIMEOUT(authorizeSocket, kWaitMs);
    QVERIFY(forge(during));
    QCOMPARE(during->status, 400);
    QCOMPARE(outcome.calls, 0);

    // Now the authorization server answers the real request.
    QUrl back = redirect.value();
    back.setQuery(QStringLiteral("code=real-code&state=") + QString::fromLatin1(realState));
    authorizeSocket->write(peer::LoopbackHttpServer::responseHead(302, {{"Location", back.toEncoded()}}, 0));
    authorizeSocket->disconnectFromHost();
    QTRY_COMPARE_WITH_TIMEOUT(outcome.calls, 1, kWaitMs);
    QVERIFY2(outcome.result->ok(), outcome.describe().constData());
    QCOMPARE(QUrlQuery(outcome.result->value()).queryItemValue(QStringLiteral("code")), QStringLiteral("real-code"));
    QCOMPARE(realState, QByteArray("st-1"));
}

void TestHeadlessUserAgent::aRedirectWithAnotherStateIsRejected()
{
    // The authorization server itself sends Portico back with a state that is not the request's: the listener
    // refuses it, and the flow ends at once with CallbackRejected rather than waiting for the timeout.
    m_as->route("GET", "/authorize",
                redirectBackWith([](const QString &) { return QStringLiteral("code=c&state=other"); }));
    const Result<QUrl> redirect = m_agent->prepareRedirect(0);
    QVERIFY(redirect.ok());
    Outcome outcome;
    QObject context;
    m_agent->authorize(promptFor(authorizeUrl(*m_as, redirect.value()), redirect.value()), &context,
                       outcome.callback());
    QTRY_COMPARE_WITH_TIMEOUT(outcome.calls, 1, kWaitMs);
    QVERIFY2(outcome.failedWith(ErrorCode::CallbackRejected), outcome.describe().constData());
    QVERIFY(!acceptsConnections(static_cast<quint16>(redirect.value().port())));
}

void TestHeadlessUserAgent::refusesAnAuthorizationUrlWithoutState()
{
    // Without a state the listener could not tell the real redirect from a forged one: nothing is opened.
    m_as->route("GET", "/authorize", immediateRedirect());
    const Result<QUrl> redirect = m_agent->prepareRedirect(0);
    QVERIFY(redirect.ok());
    Outcome outcome;
    QObject context;
    m_agent->authorize(promptFor(m_as->url(QStringLiteral("/authorize?response_type=code")), redirect.value()),
                       &context, outcome.callback());
    QTRY_COMPARE_WITH_TIMEOUT(outcome.calls, 1, kWaitMs);
    QVERIFY2(outcome.failedWith(ErrorCode::InvalidArgument), outcome.describe().constData());
    QVERIFY(m_as->requests().isEmpty());
}

void TestHeadlessUserAgent::logsNoValueOfARejectedRedirect_data()
{
    QTest::addColumn<bool>("rightState");
    QTest::newRow("forged state") << false;
    QTest::newRow("right state, wrong iss") << true;
}

void TestHeadlessUserAgent::logsNoValueOfARejectedRedirect()
{
    // Requirements SEC-4, SEC-7, AUTH-32: the redirect's code is a secret, and its error_description / error_uri are
    // text whoever sent it chose; a redirect that fails the state or iss check is rejected without any of it reaching
    // the debug log (portico.*), the exchange log, the Error or the timeline.
    QFETCH(bool, rightState);
    LogCapture log;
    m_as->route("GET", "/authorize", redirectBackWith([rightState](const QString &state) -> QString {
                    return QStringLiteral("code=SECRETCODE&state=") + (rightState ? state : QStringLiteral("WRONG"))
                           + QStringLiteral(
                               "&iss=https%3A%2F%2Fevil.example&error=access_denied"
                               "&error_description=ATTACKER_TEXT&error_uri=https%3A%2F%2Fevil.example%2FATTACKER_URI");
                }));
    const Result<QUrl> redirect = m_agent->prepareRedirect(0);
    QVERIFY(redirect.ok());

    TokenClient tokens(*m_http);
    SignInTimeline timeline(QStringLiteral("test server"), [] { return QDateTime::currentDateTimeUtc(); });
    InteractiveSignIn signIn(tokens, timeline,
                             DestinationResolver(m_http->options().destinations, m_http->options().resolver));
    InteractiveSignIn::Request request;
    request.serverName = QStringLiteral("test server");
    request.client.clientId = QStringLiteral("test-client-id");
    request.redirectUri = redirect.value();
    request.resource = QStringLiteral("http://127.0.0.1:2/mcp");
    std::optional<Result<TokenSet>> outcome;
    signIn.start(metadataOf(*m_as, true), request, *m_agent, [&outcome](Result<TokenSet> r) { outcome.emplace(r); });
    QTRY_VERIFY_WITH_TIMEOUT(outcome.has_value(), kWaitMs);
    QVERIFY(!outcome->ok());
    QCOMPARE(outcome->error().code(), ErrorCode::CallbackRejected);
    QTRY_COMPARE_WITH_TIMEOUT(m_http->exchangeLog().records().size(), 2, kWaitMs);

    const QString everything = LogCapture::text() + QLatin1Char('\n') + outcome->error().toString() + QLatin1Char('\n')
                               + outcome->error().detail() + QLatin1Char('\n') + timeline.toText() + QLatin1Char('\n')
                               + m_http->exchangeLog().toText();
    for (const QLatin1StringView secret : {QLatin1StringView("SECRETCODE"), QLatin1StringView("ATTACKER_TEXT"),
                                           QLatin1StringView("ATTACKER_URI"), QLatin1StringView("WRONG")}) {
        QVERIFY2(!everything.contains(secret), qPrintable(QString(secret) + QStringLiteral(" in:\n") + everything));
    }
    // The capture did see the redirect's exchange (names only), so the assertions above are not vacuous.
    QVERIFY2(LogCapture::text().contains(QStringLiteral("redirect to the loopback listener")), qPrintable(everything));
    QVERIFY2(LogCapture::text().contains(QStringLiteral("error_description=[REDACTED]")), qPrintable(everything));
}

QTEST_GUILESS_MAIN(TestHeadlessUserAgent)
#include "tst_headlessuseragent.moc"
