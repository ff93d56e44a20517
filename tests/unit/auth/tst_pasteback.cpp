// Paste-back (requirements AUTH-45, SEC-7): the sign-in page was opened where its redirect cannot reach Portico
// (another computer), and the person pastes the address the browser ended at. The user agent here is the real
// loopback one (its listener bound on 127.0.0.1) whose "browser" is elsewhere: it opens nothing, and the tests
// paste what that browser would have shown. The authorization server is a LoopbackHttpServer whose token
// endpoint records the code it received; the flow and its validation are InteractiveSignIn's.

#include "auth/authorizationflow.h"
#include "auth/authservermetadata.h"
#include "auth/interactivesignin.h"
#include "auth/loopbackuseragent.h"
#include "auth/pastedredirect.h"
#include "auth/signintimeline.h"
#include "auth/tokenclient.h"
#include "logcapture.h"
#include "loopbackhttpserver.h"
#include "net/httpclient.h"
#include "testhttpoptions.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTcpSocket>
#include <QTest>
#include <QUrlQuery>

#include <memory>
#include <optional>

using namespace portico;
using namespace std::chrono_literals;
namespace peer = portico::testing;
using portico::testing::LogCapture;

namespace {

constexpr int kWaitMs = 10'000;
// Long enough for a test to see that nothing ended the flow.
constexpr int kSettleMs = 200;
const QString kCode = QStringLiteral("SECRETCODE-pasted");

// A loopback user agent whose browser is on another computer: the listener is real, the page is opened
// nowhere (the person copied the link).
class OtherComputerUserAgent : public LoopbackUserAgent
{
public:
    OtherComputerUserAgent()
        : LoopbackUserAgent(std::chrono::minutes(1))
    {}
    QList<Prompt> opened;

protected:
    void openPage(const Prompt &prompt) override { opened.append(prompt); }
};

// What a browser would show at the end of the sign-in: the redirect URI with `query`.
QString addressWith(const QUrl &redirectUri, const QString &query)
{
    return redirectUri.toString(QUrl::FullyEncoded) + u'?' + query;
}

} // namespace

class TestPasteBack : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<peer::LoopbackHttpServer> m_as;
    std::unique_ptr<HttpClient> m_http;
    std::unique_ptr<TokenClient> m_tokens;
    std::unique_ptr<SignInTimeline> m_timeline;
    std::unique_ptr<InteractiveSignIn> m_signIn;
    std::unique_ptr<OtherComputerUserAgent> m_agent;
    std::optional<Result<TokenSet>> m_outcome;
    QUrl m_redirectUri;
    QByteArrayList m_codesReceived; // by the token endpoint

    [[nodiscard]] QString issuer() const { return QStringLiteral("http://127.0.0.1:%1").arg(m_as->port()); }
    [[nodiscard]] QString issParameter() const
    {
        return QStringLiteral("iss=") + QString::fromLatin1(QUrl::toPercentEncoding(issuer()));
    }
    [[nodiscard]] QString state() const
    {
        return QString::fromLatin1(QUrl::toPercentEncoding(
            QString::fromUtf8(AuthorizationFlow::stateOf(m_agent->opened.constLast().authorizationUrl))));
    }
    // The address the real redirect would go to: code, state and iss.
    [[nodiscard]] QString realAddress() const
    {
        return addressWith(m_redirectUri, QStringLiteral("code=%1&state=%2&%3").arg(kCode, state(), issParameter()));
    }

    AuthServerMetadata metadata() const
    {
        const QJsonObject document{
            {QStringLiteral("issuer"), issuer()},
            {QStringLiteral("authorization_endpoint"), QString(issuer() + QStringLiteral("/authorize"))},
            {QStringLiteral("token_endpoint"), QString(issuer() + QStringLiteral("/token"))},
            {QStringLiteral("code_challenge_methods_supported"), QJsonArray{QStringLiteral("S256")}},
            {QStringLiteral("response_types_supported"), QJsonArray{QStringLiteral("code")}},
            {QStringLiteral("authorization_response_iss_parameter_supported"), true},
        };
        Result<AuthServerMetadata> parsed = AuthServerMetadata::fromJson(QJsonDocument(document).toJson(), issuer(),
                                                                         discovery_urls::AsMetadataKind::OAuth);
        if (!parsed.ok())
            qFatal("test metadata rejected: %s", qPrintable(parsed.error().toString()));
        return std::move(parsed).value();
    }

    // Starts a sign-in and waits until the (remote) page is "open".
    bool startSignIn()
    {
        const Result<QUrl> redirect = m_agent->prepareRedirect(0);
        if (!redirect.ok())
            return false;
        m_redirectUri = redirect.value();
        InteractiveSignIn::Request request;
        request.serverName = QStringLiteral("test server");
        request.client.clientId = QStringLiteral("test-client-id");
        request.redirectUri = m_redirectUri;
        m_signIn->start(metadata(), request, *m_agent, [this](Result<TokenSet> r) { m_outcome.emplace(std::move(r)); });
        return QTest::qWaitFor([this] { return !m_agent->opened.isEmpty(); }, kWaitMs);
    }

    // A paste that must be refused, leaving the flow waiting.
    void expectRefused(const QString &pasted, ErrorCode code, const QString &wording)
    {
        const Result<void> pastedResult = m_agent->completeWithPastedUrl(pasted);
        QVERIFY2(!pastedResult.ok(), "a paste that should have been refused was accepted");
        QCOMPARE(pastedResult.error().code(), code);
        QVERIFY2(pastedResult.error().message().contains(wording), qPrintable(pastedResult.error().message()));
        QVERIFY2(!pastedResult.error().toString().contains(kCode), "the error repeats the pasted code");
        QVERIFY2(!pastedResult.error().detail().contains(kCode), "the error detail repeats the pasted code");
        QTest::qWait(kSettleMs);
        QVERIFY2(!m_outcome.has_value(), "a refused paste ended the sign-in");
        QVERIFY(m_codesReceived.isEmpty());
    }

    // The right address ends the flow with tokens, and the code that reached the token endpoint is the pasted one.
    void expectSignedInWith(const QString &pasted)
    {
        const Result<void> accepted = m_agent->completeWithPastedUrl(pasted);
        QVERIFY2(accepted.ok(), qPrintable(accepted.ok() ? QString() : accepted.error().message()));
        QTRY_VERIFY_WITH_TIMEOUT(m_outcome.has_value(), kWaitMs);
        QVERIFY2(m_outcome->ok(), qPrintable(m_outcome->ok() ? QString() : m_outcome->error().toString()));
        QCOMPARE(m_codesReceived, QByteArrayList{kCode.toUtf8()});
    }

private Q_SLOTS:
    void init()
    {
        m_as = std::make_unique<peer::LoopbackHttpServer>();
        QVERIFY(m_as->listen());
        m_codesReceived.clear();
        m_as->route("POST", "/token", [this](const peer::HttpRequest &request) {
            const QUrlQuery form(QString::fromUtf8(request.body));
            m_codesReceived.append(form.queryItemValue(QStringLiteral("code"), QUrl::FullyDecoded).toUtf8());
            peer::HttpResponse response;
            response.headers = {{"Content-Type", "application/json"}};
            response.body = R"({"access_token":"at-1","token_type":"Bearer","expires_in":3600})";
            return response;
        });
        m_http = std::make_unique<HttpClient>(peer::fastOptions());
        m_tokens = std::make_unique<TokenClient>(*m_http);
        m_timeline = std::make_unique<SignInTimeline>(QStringLiteral("test server"),
                                                      [] { return QDateTime::currentDateTimeUtc(); });
        m_signIn = std::make_unique<InteractiveSignIn>(
            *m_tokens, *m_timeline, DestinationResolver(m_http->options().destinations, m_http->options().resolver));
        m_agent = std::make_unique<OtherComputerUserAgent>();
        m_outcome.reset();
        QVERIFY(startSignIn());
    }

    void cleanup()
    {
        m_signIn.reset();
        m_agent.reset();
        m_timeline.reset();
        m_tokens.reset();
        m_http.reset();
        m_as.reset();
    }

    // The real redirect, pasted as people paste it: the sign-in ends with tokens.
    void rightAddressSignsIn_data()
    {
        QTest::addColumn<QString>("decoration"); // %1 = the address
        QTest::newRow("as is") << QStringLiteral("%1");
        QTest::newRow("white space and a line break") << QStringLiteral("  \t%1 \r\n");
        QTest::newRow("double quotes") << QStringLiteral(" \"%1\" ");
        QTest::newRow("single quotes") << QStringLiteral("'%1'");
        QTest::newRow("typographic quotes") << QStringLiteral("\u201C%1\u201D");
        QTest::newRow("angle brackets") << QStringLiteral("<%1>");
        QTest::newRow("with a fragment") << QStringLiteral("%1#done");
    }
    void rightAddressSignsIn()
    {
        QFETCH(QString, decoration);
        expectSignedInWith(decoration.arg(realAddress()));
    }

    // A browser that hides "http://" and a terminal that wrapped the long line.
    void schemeLeftOutAndWrappedLinesAreAccepted()
    {
        QString address = realAddress().sliced(QStringLiteral("http://").size());
        address.insert(address.size() / 2, QStringLiteral("\n  "));
        expectSignedInWith(address);
    }

    // Requirements AUTH-45, RFC 8252 §7.3: only the redirect URI itself; anything else is refused, nothing changes, the
    // flow goes on waiting — and the real address still works afterwards.
    void anotherTargetIsRefusedAndTheFlowWaits_data()
    {
        QTest::addColumn<QString>("from"); // replaced in the real address
        QTest::addColumn<QString>("to");
        QTest::addColumn<QString>("wording");
        QTest::newRow("other host") << QStringLiteral("127.0.0.1") << QStringLiteral("localhost")
                                    << QStringLiteral("not to http://127.0.0.1");
        QTest::newRow("remote host") << QStringLiteral("127.0.0.1") << QStringLiteral("evil.example")
                                     << QStringLiteral("goes to http://evil.example");
        QTest::newRow("other path") << QStringLiteral("/callback") << QStringLiteral("/callbackother")
                                    << QStringLiteral("/callbackother");
        QTest::newRow("https") << QStringLiteral("http://") << QStringLiteral("https://")
                               << QStringLiteral("goes to https://");
        QTest::newRow("user info") << QStringLiteral("http://") << QStringLiteral("http://user@")
                                   << QStringLiteral("where this sign-in waits");
        QTest::newRow("no query") << QStringLiteral("?") << QStringLiteral("#")
                                  << QStringLiteral("no answer from the sign-in");
        QTest::newRow("not an address") << QStringLiteral("http://127.0.0.1") << QStringLiteral("http://[::1")
                                        << QStringLiteral("not a web address");
    }
    void anotherTargetIsRefusedAndTheFlowWaits()
    {
        QFETCH(QString, from);
        QFETCH(QString, to);
        QFETCH(QString, wording);
        QString pasted = realAddress();
        QVERIFY(pasted.contains(from));
        pasted.replace(pasted.indexOf(from), from.size(), to);
        expectRefused(pasted, ErrorCode::InvalidArgument, wording);
        expectSignedInWith(realAddress());
    }

    void otherPortIsRefused()
    {
        QString pasted = realAddress();
        const QString port = QStringLiteral(":%1/").arg(m_redirectUri.port());
        pasted.replace(port, QStringLiteral(":%1/").arg(m_redirectUri.port() == 1 ? 2 : 1));
        expectRefused(pasted, ErrorCode::InvalidArgument, QStringLiteral("where this sign-in waits"));
        expectRefused(QStringLiteral("   "), ErrorCode::InvalidArgument, QStringLiteral("Paste the whole address"));
        expectSignedInWith(realAddress());
    }

    // Requirements AUTH-30, SEC-7: a wrong or missing state is refused with the words of a forged callback — the flow's
    // own validation says it — and the flow keeps waiting; a forged callback at the listener changes nothing
    // either; then the real address signs in.
    void wrongStateIsRefusedLikeAForgedCallback()
    {
        const QString forged =
            addressWith(m_redirectUri, QStringLiteral("code=%1&state=WRONG&%2").arg(kCode, issParameter()));
        expectRefused(forged, ErrorCode::CallbackRejected, QStringLiteral("does not belong to the sign-in"));
        expectRefused(addressWith(m_redirectUri, QStringLiteral("code=%1&%2").arg(kCode, issParameter())),
                      ErrorCode::CallbackRejected, QStringLiteral("no valid state"));
        // The same forgery at the listener: 400, and the flow still waits.
        QTcpSocket socket;
        socket.connectToHost(QHostAddress::LocalHost, static_cast<quint16>(m_redirectUri.port()));
        QVERIFY(socket.waitForConnected(kWaitMs));
        socket.write("GET /callback?code=x&state=WRONG HTTP/1.1\r\nHost: 127.0.0.1:"
                     + QByteArray::number(m_redirectUri.port()) + "\r\n\r\n");
        QTRY_VERIFY_WITH_TIMEOUT(socket.bytesAvailable() > 0 || socket.state() != QAbstractSocket::ConnectedState,
                                 kWaitMs);
        QVERIFY(socket.readAll().startsWith("HTTP/1.1 400"));
        QVERIFY(!m_outcome.has_value());
        QVERIFY(m_timeline->toText().contains(QStringLiteral("A pasted address was refused")));
        expectSignedInWith(realAddress());
    }

    // RFC 9207 §2.4, requirements AUTH-31, SEC-7: the right state from another issuer (a mix-up, or an address from
    // another sign-in) is refused and spends nothing: the real answer still signs in.
    void wrongIssIsRefusedAndTheFlowWaits()
    {
        expectRefused(
            addressWith(m_redirectUri,
                        QStringLiteral("code=%1&state=%2&iss=https%3A%2F%2Fevil.example").arg(kCode, state())),
            ErrorCode::CallbackRejected, QStringLiteral("different authorization server"));
        // Advertised iss missing (RFC 9207 §2.4).
        expectRefused(addressWith(m_redirectUri, QStringLiteral("code=%1&state=%2").arg(kCode, state())),
                      ErrorCode::CallbackRejected, QStringLiteral("rejected"));
        expectSignedInWith(realAddress());
    }

    // Requirements AUTH-32: the authorization server's own error, from the right issuer, is the flow's answer: the
    // sign-in ends with that OAuth error and no code goes anywhere.
    void accessDeniedEndsWithTheOAuthError()
    {
        const Result<void> accepted = m_agent->completeWithPastedUrl(
            addressWith(m_redirectUri, QStringLiteral("error=access_denied&state=%1&%2").arg(state(), issParameter())));
        QVERIFY(accepted.ok());
        QTRY_VERIFY_WITH_TIMEOUT(m_outcome.has_value(), kWaitMs);
        QVERIFY(!m_outcome->ok());
        QCOMPARE(m_outcome->error().code(), ErrorCode::AuthorizationDenied);
        QCOMPARE(m_outcome->error().oauthError(), QStringLiteral("access_denied"));
        QVERIFY(m_codesReceived.isEmpty());
    }

    // After the flow ended, nothing is waiting: a paste is refused.
    void noPasteWithoutAFlow()
    {
        expectSignedInWith(realAddress());
        const Result<void> late = m_agent->completeWithPastedUrl(realAddress());
        QVERIFY(!late.ok());
        QCOMPARE(m_codesReceived.size(), 1);
    }

    // Requirements SEC-4, SEC-7: neither refused nor accepted pastes put the code into a log, an error or the timeline.
    void thePastedCodeIsNeverLoggedOrShown()
    {
        LogCapture log;
        QStringList errors;
        const QStringList refused{
            addressWith(QUrl(QStringLiteral("http://evil.example/callback")), QStringLiteral("code=%1").arg(kCode)),
            addressWith(m_redirectUri, QStringLiteral("code=%1&state=WRONG").arg(kCode)),
            addressWith(m_redirectUri, QStringLiteral("code=%1&state=%2&iss=x").arg(kCode, state())),
            QStringLiteral("http://[%1").arg(kCode),
        };
        for (const QString &pasted : refused) {
            const Result<void> result = m_agent->completeWithPastedUrl(pasted);
            QVERIFY(!result.ok());
            errors << result.error().toString() << result.error().detail();
        }
        expectSignedInWith(realAddress());
        const QString everything = LogCapture::text() + u'\n' + errors.join(u'\n') + u'\n' + m_timeline->toText()
                                   + u'\n' + m_http->exchangeLog().toText();
        QVERIFY2(!everything.contains(QStringLiteral("SECRETCODE")), qPrintable(everything));
        QVERIFY(m_timeline->toText().contains(QStringLiteral("A pasted address was refused")));
    }

    // The parser alone, for the cases the flow above does not reach.
    void parserIsStrictAboutTheTarget()
    {
        const QUrl redirect(QStringLiteral("http://127.0.0.1:49152/callback"));
        QVERIFY(pasted_redirect::parse(u"http://127.0.0.1:49152/callback?code=a&state=b", redirect).ok());
        QVERIFY(!pasted_redirect::parse(u"http://127.0.0.1/callback?code=a", redirect).ok()); // default port
        QVERIFY(!pasted_redirect::parse(u"http://127.0.0.1:49152/callback/?code=a", redirect).ok());
        QVERIFY(!pasted_redirect::parse(u"http://127.0.0.1:49152/Callback?code=a", redirect).ok());
        QVERIFY(!pasted_redirect::parse(QString(pasted_redirect::kMaxPastedLength + 1, u'a'), redirect).ok());
        QVERIFY(!pasted_redirect::parse(u"javascript://127.0.0.1:49152/callback?code=a", redirect).ok());
    }
};

QTEST_GUILESS_MAIN(TestPasteBack)
#include "tst_pasteback.moc"
