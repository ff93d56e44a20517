// Paste-back against the real peers (requirements AUTH-45, SEC-7): oidc-provider as the authorization server with
// its real login and consent pages, and an MCP server behind the MCP SDK's bearer middleware (tests/peers).
//
// Portico's user agent is the real loopback one, its listener bound on 127.0.0.1; the browser is "on another
// computer": OidcLoginUserAgent signs in through the real pages and stops at the final redirect without
// requesting it, so the listener never hears of it. The test then pastes that address, as a person would copy it
// from the other computer's address bar — after a mistaken paste that must change nothing — and the token that
// comes out must work at the MCP server.

#include "auth/authsession.h"
#include "auth/loopbackuseragent.h"
#include "awaitresult.h"
#include "config/serverconfig.h"
#include "host/serverconnection.h"
#include "host/serveroptions.h"
#include "mcp/mcpsession.h"
#include "net/httpclient.h"
#include "oidcloginuseragent.h"
#include "oidcpeers.h"
#include "secrets/inmemorysecretstore.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QTest>
#include <QUrlQuery>

#include <memory>
#include <optional>

using namespace portico;
using portico::testing::OidcLoginUserAgent;
using portico::testing::OidcPeers;

namespace {

constexpr int kWaitMs = 30'000;

// Portico's loopback user agent whose page opens in a browser Portico cannot reach: the "browser" signs in
// through the real pages and keeps the final address (what the person would see and copy), never delivering it.
class OtherComputerUserAgent : public LoopbackUserAgent
{
public:
    OtherComputerUserAgent()
        : LoopbackUserAgent(std::chrono::minutes(2))
    {}

    OidcLoginUserAgent browser;
    std::optional<Result<QUrl>> finalAddress;

protected:
    void openPage(const Prompt &prompt) override
    {
        // The browser gets the page only: no answersFlow, no way back into this flow.
        Prompt page = prompt;
        page.answersFlow = nullptr;
        browser.authorize(page, this, [this](Result<QUrl> reached) { finalAddress.emplace(std::move(reached)); });
    }
};

} // namespace

class TestPasteBackOidc : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<OidcPeers> m_peers;

private Q_SLOTS:
    void initTestCase()
    {
        m_peers = std::make_unique<OidcPeers>();
        const QString started = m_peers->start();
        QVERIFY2(started.isEmpty(), qPrintable(started));
    }

    void pastedAddressSignsInThroughTheRealPages()
    {
        ServerConfig config;
        config.name = QStringLiteral("Protected test server");
        config.url = m_peers->mcpUrl();
        config.transport = ServerConfig::TransportChoice::StreamableHttp2025;
        config.proxyMode = ProxyMode::None;
        InMemorySecretStore secrets;
        OtherComputerUserAgent agent;
        HttpClient::Options httpOptions;
        httpOptions.proxyMode = ProxyMode::None;
        HttpClient authHttp(httpOptions);
        AuthSession auth(server_options::authSessionOptions(config), authHttp, &secrets, &agent);
        ServerConnection connection(config, &secrets);
        connection.setAuthorizationHandler(&auth);

        connection.connectToServer();
        QTRY_VERIFY_WITH_TIMEOUT(agent.finalAddress.has_value(), kWaitMs);
        QVERIFY2(agent.finalAddress->ok(), qPrintable(agent.browser.lastError()));
        QCOMPARE(agent.browser.loginPagesSeen(), 1);
        QCOMPARE(agent.browser.consentPagesSeen(), 1);
        const QUrl address = agent.finalAddress->value();
        const QString code = QUrlQuery(address).queryItemValue(QStringLiteral("code"), QUrl::FullyDecoded);
        QVERIFY(!code.isEmpty());
        QCOMPARE(QUrlQuery(address).queryItemValue(QStringLiteral("iss"), QUrl::FullyDecoded),
                 m_peers->asIssuer().toString());

        // A mistaken paste (another sign-in's state) is refused like a forged callback; the sign-in still waits.
        QUrl other = address;
        QUrlQuery otherQuery(other);
        otherQuery.removeAllQueryItems(QStringLiteral("state"));
        otherQuery.addQueryItem(QStringLiteral("state"), QStringLiteral("another-sign-in"));
        other.setQuery(otherQuery);
        const Result<void> mistaken = agent.completeWithPastedUrl(other.toString(QUrl::FullyEncoded));
        QVERIFY(!mistaken.ok());
        QCOMPARE(mistaken.error().code(), ErrorCode::CallbackRejected);
        QVERIFY(!mistaken.error().toString().contains(code));
        QTest::qWait(300);
        QCOMPARE(connection.state(), ServerConnection::State::Authorizing);
        QCOMPARE(m_peers->asStats()
                     .value(QStringLiteral("tokenRequests"))
                     .toObject()
                     .value(QStringLiteral("authorization_code"))
                     .toInt(),
                 0);

        // The real address, as copied from a terminal: quoted, with a line break.
        const Result<void> pasted =
            agent.completeWithPastedUrl(QStringLiteral(" \"%1\"\n").arg(address.toString(QUrl::FullyEncoded)));
        QVERIFY2(pasted.ok(), qPrintable(pasted.ok() ? QString() : pasted.error().message()));
        QTRY_COMPARE_WITH_TIMEOUT(connection.state(), ServerConnection::State::Connected, kWaitMs);
        QCOMPARE(m_peers->asStats()
                     .value(QStringLiteral("tokenRequests"))
                     .toObject()
                     .value(QStringLiteral("authorization_code"))
                     .toInt(),
                 1);

        // The token works at the SDK-protected MCP server.
        McpSession *session = connection.session();
        QVERIFY(session);
        const auto result = portico::testing::await<QJsonObject>([&](QObject *context, auto done) {
            session->callTool(QStringLiteral("echo"), {{QStringLiteral("message"), QStringLiteral("pasted")}}, context,
                              done);
        });
        QVERIFY(result.has_value());
        QVERIFY2(result->ok(), qPrintable(result->ok() ? QString() : result->error().toString()));
        QCOMPARE(result->value()
                     .value(QStringLiteral("content"))
                     .toArray()
                     .at(0)
                     .toObject()
                     .value(QStringLiteral("text"))
                     .toString(),
                 QStringLiteral("Echo: pasted"));
        QVERIFY(m_peers->rsStats().value(QStringLiteral("authorizedRequests")).toInt() > 0);
        QVERIFY(auth.access().grantedScopes.contains(u"mcp:tools"));

        // Requirements SEC-4: the code never reached a log of Portico's.
        const QString logs = auth.timelineText() + u'\n' + authHttp.exchangeLog().toText();
        QVERIFY2(!logs.contains(code), "the authorization code is in the timeline or the exchange log");
        QVERIFY(auth.timelineText().contains(QStringLiteral("A pasted address was refused")));
    }
};

QTEST_GUILESS_MAIN(TestPasteBackOidc)
#include "tst_pasteback_oidc.moc"
