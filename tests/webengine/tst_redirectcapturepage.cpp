// The embedded sign-in page, offscreen with the real QtWebEngine: a navigation to the OAuth redirect URI
// is caught in acceptNavigationRequest and never reaches the network (requirements UI-3; RFC 8252 §7.3).
// The redirect target is a live loopback server, so a request that slipped through would be recorded.

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
    void matchesOnlyTheRedirectUri_data();
    void matchesOnlyTheRedirectUri();

private:
    // Loads `url` in a fresh off-the-record profile whose page catches `redirectUri`.
    void openPage(const QUrl &url, const QUrl &redirectUri);

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

void TestRedirectCapturePage::openPage(const QUrl &url, const QUrl &redirectUri)
{
    m_profile = std::make_unique<QWebEngineProfile>(); // no storage name: off the record
    m_view = std::make_unique<QWebEngineView>();
    m_page = new RedirectCapturePage(redirectUri, m_profile.get(), m_view.get());
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
