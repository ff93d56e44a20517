// The embedded sign-in page, offscreen with the real QtWebEngine: a navigation to the OAuth redirect URI
// is caught in acceptNavigationRequest and never reaches the network (requirements UI-3; RFC 8252 §7.3).
// The redirect target is a live loopback server, so a request that slipped through would be recorded.
// Only the main frame's navigation ends the sign-in, and the main frame never goes to an address literal the
// server's destination rule refuses (requirements SEC-1; the refused literal here is 0.0.0.0, which Linux
// connects to this computer, so even a navigation that slipped through would send nothing off loopback).

#include "loopbackhttpserver.h"
#include "signin/redirectcapturepage.h"

#include <QApplication>
#include <QSignalSpy>
#include <QTest>
#include <QUrlQuery>
#include <QWebEngineProfile>
#include <QWebEngineView>

#include <memory>

using namespace portico;
using portico::testing::HttpRequest;
using portico::testing::HttpResponse;
using portico::testing::LoopbackHttpServer;

class TestRedirectCapturePage : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void catchesServerRedirectWithoutContactingTarget();
    void catchesFormSubmissionWithoutContactingTarget();
    void letsOtherNavigationsThrough();
    void ignoresTheRedirectUriInASubframe();
    void refusesAMainFrameNavigationToAForbiddenAddress_data();
    void refusesAMainFrameNavigationToAForbiddenAddress();
    void blocksThePagesOtherRequestsToAForbiddenAddress();
    void matchesOnlyTheRedirectUri_data();
    void matchesOnlyTheRedirectUri();

private:
    // Loads `url` in a fresh off-the-record profile whose page catches `redirectUri` and keeps to `destinations`.
    void openPage(const QUrl &url, const QUrl &redirectUri, const DestinationPolicy &destinations = {});

    std::unique_ptr<LoopbackHttpServer> m_authorizationServer;
    std::unique_ptr<LoopbackHttpServer> m_redirectTarget;
    std::unique_ptr<QWebEngineProfile> m_profile;
    std::unique_ptr<QWebEngineView> m_view;
    RedirectCapturePage *m_page = nullptr;
};

void TestRedirectCapturePage::init()
{
    m_authorizationServer = std::make_unique<LoopbackHttpServer>();
    m_redirectTarget = std::make_unique<LoopbackHttpServer>();
    QVERIFY(m_authorizationServer->listen());
    QVERIFY(m_redirectTarget->listen());
    // Both servers answer normally, so any request that reached them would succeed and be recorded.
    m_redirectTarget->route("GET", "/callback", [](const HttpRequest &) {
        return HttpResponse::html("<html><body>callback reached</body></html>");
    });
    m_redirectTarget->route("GET", "/elsewhere", [](const HttpRequest &) {
        return HttpResponse::html("<html><body>elsewhere</body></html>");
    });
}

void TestRedirectCapturePage::cleanup()
{
    // A page must go before its profile (Qt WebEngine requirement).
    m_view.reset();
    m_page = nullptr;
    m_profile.reset();
    m_authorizationServer.reset();
    m_redirectTarget.reset();
}

void TestRedirectCapturePage::openPage(const QUrl &url, const QUrl &redirectUri, const DestinationPolicy &destinations)
{
    m_profile = std::make_unique<QWebEngineProfile>(); // no storage name: off the record
    m_view = std::make_unique<QWebEngineView>();
    m_page = new RedirectCapturePage(redirectUri, m_profile.get(), m_view.get());
    m_page->setDestinations(destinations);
    m_view->setPage(m_page);
    m_view->resize(800, 600);
    m_view->show();
    m_view->load(url);
}

void TestRedirectCapturePage::catchesServerRedirectWithoutContactingTarget()
{
    const QUrl redirectUri = m_redirectTarget->url(QStringLiteral("/callback"));
    QUrl response = redirectUri;
    response.setQuery(QStringLiteral("code=abc123&state=xyz&iss=http%3A%2F%2F127.0.0.1"));
    m_authorizationServer->route("GET", "/authorize",
                                 [response](const HttpRequest &) { return HttpResponse::redirect(response, 302); });

    openPage(m_authorizationServer->url(QStringLiteral("/authorize?response_type=code")), redirectUri);
    QSignalSpy captured(m_page, &RedirectCapturePage::redirectCaptured);
    QVERIFY(captured.wait(30000));

    const QUrl capturedUrl = captured.constFirst().constFirst().toUrl();
    const QUrlQuery query(capturedUrl);
    QCOMPARE(query.queryItemValue(QStringLiteral("code")), QStringLiteral("abc123"));
    QCOMPARE(query.queryItemValue(QStringLiteral("state")), QStringLiteral("xyz"));
    QCOMPARE(m_authorizationServer->requests().size(), 1);

    // Give a stray request time to arrive: the redirect target must still have seen none.
    QTest::qWait(750);
    QCOMPARE(m_redirectTarget->requests().size(), 0);
    QCOMPARE(captured.size(), 1);
}

void TestRedirectCapturePage::catchesFormSubmissionWithoutContactingTarget()
{
    const QUrl redirectUri = m_redirectTarget->url(QStringLiteral("/callback"));
    const QByteArray page = "<html><body><form id='f' method='get' action='" + redirectUri.toEncoded()
                            + "'><input type='hidden' name='code' value='c0de'>"
                              "<input type='hidden' name='state' value='s1'></form>"
                              "<script>document.getElementById('f').submit();</script></body></html>";
    m_authorizationServer->route("GET", "/consent", [page](const HttpRequest &) { return HttpResponse::html(page); });

    openPage(m_authorizationServer->url(QStringLiteral("/consent")), redirectUri);
    QSignalSpy captured(m_page, &RedirectCapturePage::redirectCaptured);
    QVERIFY(captured.wait(30000));
    QCOMPARE(QUrlQuery(captured.constFirst().constFirst().toUrl()).queryItemValue(QStringLiteral("code")),
             QStringLiteral("c0de"));

    QTest::qWait(750);
    QCOMPARE(m_redirectTarget->requests().size(), 0);
}

void TestRedirectCapturePage::letsOtherNavigationsThrough()
{
    // The control case: the same server on another path is reached, so the checks above can fail.
    const QUrl redirectUri = m_redirectTarget->url(QStringLiteral("/callback"));
    m_authorizationServer->route("GET", "/authorize", [this](const HttpRequest &) {
        return HttpResponse::redirect(m_redirectTarget->url(QStringLiteral("/elsewhere?code=not-for-us")), 302);
    });

    openPage(m_authorizationServer->url(QStringLiteral("/authorize")), redirectUri);
    QSignalSpy captured(m_page, &RedirectCapturePage::redirectCaptured);
    QSignalSpy loaded(m_page, &QWebEnginePage::loadFinished);
    QVERIFY(loaded.wait(30000));
    QTRY_COMPARE_WITH_TIMEOUT(m_redirectTarget->requests().size(), 1, 10000);
    QCOMPARE(m_redirectTarget->requests().constFirst().path(), QByteArray("/elsewhere"));
    QCOMPARE(captured.size(), 0);
    QVERIFY(!m_page->hasCaptured());
}

void TestRedirectCapturePage::ignoresTheRedirectUriInASubframe()
{
    // A frame on the login page (an advertisement, a hostile widget) navigates to the redirect URI with a made-up
    // code: refused like any navigation there, and it does not end the sign-in. The real redirect, in the main
    // frame a moment later, does.
    const QUrl redirectUri = m_redirectTarget->url(QStringLiteral("/callback"));
    const QByteArray bogus = redirectUri.toEncoded() + "?code=bogus&state=forged";
    const QByteArray real = redirectUri.toEncoded() + "?code=real&state=s1";
    const QByteArray page = "<html><body><iframe src='" + bogus
                            + "'></iframe><script>setTimeout(() => { location.href = '" + real
                            + "'; }, 1000);</script></body></html>";
    m_authorizationServer->route("GET", "/login", [page](const HttpRequest &) { return HttpResponse::html(page); });

    openPage(m_authorizationServer->url(QStringLiteral("/login")), redirectUri);
    QSignalSpy captured(m_page, &RedirectCapturePage::redirectCaptured);
    QVERIFY(captured.wait(30000));
    QCOMPARE(QUrlQuery(captured.constFirst().constFirst().toUrl()).queryItemValue(QStringLiteral("code")),
             QStringLiteral("real"));
    QTest::qWait(750);
    QCOMPARE(captured.size(), 1);
    QCOMPARE(m_redirectTarget->requests().size(), 0);
}

void TestRedirectCapturePage::refusesAMainFrameNavigationToAForbiddenAddress_data()
{
    QTest::addColumn<QString>("target"); // %1: the redirect target's port
    QTest::addColumn<QString>("shown");
    QTest::newRow("server redirect, dotted")
        << QStringLiteral("https://0.0.0.0:%1/elsewhere") << QStringLiteral("0.0.0.0");
    QTest::newRow("server redirect, short form")
        << QStringLiteral("https://0:%1/elsewhere") << QStringLiteral("0.0.0.0");
    QTest::newRow("server redirect, IPv6") << QStringLiteral("https://[::]:%1/elsewhere") << QStringLiteral("::");
}

void TestRedirectCapturePage::refusesAMainFrameNavigationToAForbiddenAddress()
{
    QFETCH(QString, target);
    QFETCH(QString, shown);
    const QUrl redirectUri = m_redirectTarget->url(QStringLiteral("/callback"));
    const QUrl forbidden(target.arg(m_redirectTarget->url(QStringLiteral("/")).port()));
    QVERIFY(forbidden.isValid());
    m_authorizationServer->route("GET", "/authorize",
                                 [forbidden](const HttpRequest &) { return HttpResponse::redirect(forbidden, 302); });

    // The rule of a server configured on this computer: loopback allowed, the rest of the non-public space not.
    openPage(m_authorizationServer->url(QStringLiteral("/authorize")), redirectUri,
             DestinationPolicy::forConfiguredServer(m_authorizationServer->url(QStringLiteral("/")), false));
    QSignalSpy refused(m_page, &RedirectCapturePage::navigationRefused);
    QVERIFY(refused.wait(30000));
    const QString message = refused.constFirst().at(1).toString();
    QVERIFY2(message.contains(shown) && message.contains(QStringLiteral("never connects to")), qPrintable(message));
    QTest::qWait(750);
    QCOMPARE(m_redirectTarget->requests().size(), 0);
    QVERIFY(!m_page->hasCaptured());
}

void TestRedirectCapturePage::blocksThePagesOtherRequestsToAForbiddenAddress()
{
    // A login page's images, frames and fetches to a literal the rule refuses are never requested
    // (DestinationRequestInterceptor); the same page's requests to an allowed address are (the control).
    const int port = m_redirectTarget->url(QStringLiteral("/")).port();
    const QByteArray forbidden = "http://0.0.0.0:" + QByteArray::number(port);
    const QByteArray allowed = m_redirectTarget->url(QStringLiteral("/")).toEncoded();
    const QByteArray page = "<html><body><img src='" + forbidden + "/pixel'><iframe src='" + forbidden
                            + "/frame'></iframe><script>fetch('" + forbidden
                            + "/fetch').catch(() => {});</script><img src='" + allowed + "elsewhere'></body></html>";
    m_authorizationServer->route("GET", "/login", [page](const HttpRequest &) { return HttpResponse::html(page); });

    openPage(m_authorizationServer->url(QStringLiteral("/login")), m_redirectTarget->url(QStringLiteral("/callback")),
             DestinationPolicy::forConfiguredServer(m_authorizationServer->url(QStringLiteral("/")), false));
    QTRY_COMPARE_WITH_TIMEOUT(m_redirectTarget->requests().size(), 1, 30000);
    QTest::qWait(750);
    QCOMPARE(m_redirectTarget->requests().size(), 1);
    QCOMPARE(m_redirectTarget->requests().constFirst().path(), QByteArray("/elsewhere"));
}

void TestRedirectCapturePage::matchesOnlyTheRedirectUri_data()
{
    QTest::addColumn<QString>("candidate");
    QTest::addColumn<bool>("matches");
    QTest::newRow("with response parameters")
        << QStringLiteral("http://127.0.0.1:4711/callback?code=a&state=b") << true;
    QTest::newRow("with fragment") << QStringLiteral("http://127.0.0.1:4711/callback#x") << true;
    QTest::newRow("other path") << QStringLiteral("http://127.0.0.1:4711/callbackx") << false;
    QTest::newRow("other port") << QStringLiteral("http://127.0.0.1:4712/callback") << false;
    QTest::newRow("other host") << QStringLiteral("http://localhost:4711/callback") << false;
    QTest::newRow("other scheme") << QStringLiteral("https://127.0.0.1:4711/callback") << false;
}

void TestRedirectCapturePage::matchesOnlyTheRedirectUri()
{
    QFETCH(QString, candidate);
    QFETCH(bool, matches);
    QWebEngineProfile profile;
    {
        RedirectCapturePage page(QUrl(QStringLiteral("http://127.0.0.1:4711/callback")), &profile);
        QCOMPARE(page.targetsRedirectUri(QUrl(candidate, QUrl::StrictMode)), matches);
    }
}

QTEST_MAIN(TestRedirectCapturePage)
#include "tst_redirectcapturepage.moc"
