// Paste-back in the sign-in dialog (requirements AUTH-45, SEC-7), offscreen with the real QtWebEngine: the
// "Paste the address you were sent to…" field shows once the page may be open where its redirect cannot reach
// Portico (the system browser, a copied link), refuses a wrong address inline while the sign-in keeps waiting,
// and ends the flow with the right one. The system browser here is on "another computer": it receives the
// page's address and never comes back.
#include "auth/useragent.h"
#include "loopbackhttpserver.h"
#include "signin/pastedaddressfield.h"
#include "signin/signindialog.h"
#include "signin/webengineuseragent.h"

#include <QApplication>
#include <QLineEdit>
#include <QPointer>
#include <QPushButton>
#include <QSignalSpy>
#include <QTest>
#include <QUrlQuery>
#include <QWebEnginePage>
#include <QWebEngineView>

#include <memory>
#include <optional>

using namespace portico;
using portico::testing::HttpResponse;
using portico::testing::LoopbackHttpServer;

namespace {

constexpr int kPageTimeout = 30000;

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
};

} // namespace

class TestSignInPaste : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<LoopbackHttpServer> m_authorizationServer;
    QList<QUrl> m_opened;

    // Starts a flow in the dialog, waits for its page, and returns the dialog.
    SignInDialog *startFlow(WebEngineUserAgent &agent, const QUrl &redirectUri, Outcome &outcome)
    {
        UserAgent::Prompt prompt;
        prompt.authorizationUrl = m_authorizationServer->url(QStringLiteral("/authorize?state=paste-state"));
        prompt.redirectUri = redirectUri;
        prompt.serverName = QStringLiteral("Example Files");
        prompt.issuer = m_authorizationServer->url(QString()).toString();
        agent.authorize(prompt, this, outcome.callback());
        SignInDialog *dialog = agent.currentDialog();
        if (!dialog)
            return nullptr;
        QSignalSpy loaded(dialog->view()->page(), &QWebEnginePage::loadFinished);
        return loaded.wait(kPageTimeout) ? dialog : nullptr;
    }

    static void paste(SignInDialog *dialog, const QString &text)
    {
        PastedAddressField *field = dialog->pastedAddressField();
        field->lineEdit()->setText(text);
        QTest::mouseClick(field->findChild<QPushButton *>(QStringLiteral("pastedAddressContinue")), Qt::LeftButton);
    }

private Q_SLOTS:
    void init()
    {
        m_authorizationServer = std::make_unique<LoopbackHttpServer>();
        QVERIFY(m_authorizationServer->listen());
        m_authorizationServer->route("GET", "/authorize", [](const portico::testing::HttpRequest &) {
            return HttpResponse::html("<html><body><form><input name=login></form></body></html>");
        });
        m_opened.clear();
    }

    void cleanup()
    {
        QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
        m_authorizationServer.reset();
    }

    // After "Continue in system browser": the field appears; a wrong address and a wrong state are refused
    // inline and the flow waits; the real address, quoted as copied, ends it.
    void systemBrowserOnAnotherComputer()
    {
        WebEngineUserAgent agent;
        agent.setUrlOpener([this](const QUrl &url) {
            m_opened.append(url);
            return true;
        });
        const Result<QUrl> redirect = agent.prepareRedirect(0);
        QVERIFY(redirect.ok());
        Outcome outcome;
        QPointer<SignInDialog> dialog = startFlow(agent, redirect.value(), outcome);
        QVERIFY(dialog);
        QVERIFY(!dialog->pastedAddressField()->isVisible()); // the embedded page catches its own redirect

        QTest::mouseClick(dialog->findChild<QPushButton *>(QStringLiteral("systemBrowserButton")), Qt::LeftButton);
        QTRY_VERIFY(dialog->pastedAddressField()->isVisible());
        QCOMPARE(m_opened.size(), 1);
        QTest::mouseClick(dialog->findChild<QPushButton *>(QStringLiteral("pasteAddressButton")), Qt::LeftButton);
        QVERIFY(dialog->pastedAddressField()->lineEdit()->isVisible());

        const QString good = redirect.value().toString() + QStringLiteral("?code=SECRET-dialog&state=paste-state");
        QString elsewhere = good;
        elsewhere.replace(QStringLiteral("127.0.0.1"), QStringLiteral("localhost"));
        paste(dialog, elsewhere);
        QVERIFY2(dialog->pastedAddressField()->errorText().contains(QStringLiteral("where this sign-in waits")),
                 qPrintable(dialog->pastedAddressField()->errorText()));
        QVERIFY(!dialog->pastedAddressField()->errorText().contains(QStringLiteral("SECRET")));

        QString otherState = good;
        otherState.replace(QStringLiteral("paste-state"), QStringLiteral("other-state"));
        paste(dialog, otherState);
        QVERIFY2(dialog->pastedAddressField()->errorText().contains(QStringLiteral("does not answer this sign-in")),
                 qPrintable(dialog->pastedAddressField()->errorText()));
        QTest::qWait(200);
        QVERIFY(!outcome.result.has_value());
        QVERIFY(dialog && dialog->isVisible());

        paste(dialog, QStringLiteral("  \"%1\"\n").arg(good));
        QTRY_VERIFY_WITH_TIMEOUT(outcome.result.has_value(), kPageTimeout);
        QVERIFY(outcome.result->ok());
        QCOMPARE(QUrlQuery(outcome.result->value()).queryItemValue(QStringLiteral("code")),
                 QStringLiteral("SECRET-dialog"));
        QTRY_VERIFY(dialog.isNull());
        QTest::qWait(200);
        QCOMPARE(outcome.calls, 1);
    }

    // After "Copy link" (the link may be opened anywhere) the field appears too, and ends the embedded flow.
    void copiedLinkOpenedElsewhere()
    {
        WebEngineUserAgent agent;
        const Result<QUrl> redirect = agent.prepareRedirect(0);
        QVERIFY(redirect.ok());
        Outcome outcome;
        QPointer<SignInDialog> dialog = startFlow(agent, redirect.value(), outcome);
        QVERIFY(dialog);
        QTest::mouseClick(dialog->findChild<QPushButton *>(QStringLiteral("copyLinkButton")), Qt::LeftButton);
        QVERIFY(dialog->pastedAddressField()->isVisible());
        dialog->pastedAddressField()->expand();
        paste(dialog, redirect.value().toString() + QStringLiteral("?error=access_denied&state=paste-state"));
        QTRY_VERIFY_WITH_TIMEOUT(outcome.result.has_value(), kPageTimeout);
        QVERIFY(outcome.result->ok()); // the AS's error is the flow's answer; InteractiveSignIn reads it
        QCOMPARE(QUrlQuery(outcome.result->value()).queryItemValue(QStringLiteral("error")),
                 QStringLiteral("access_denied"));
    }
};

QTEST_MAIN(TestSignInPaste)
#include "tst_signinpaste.moc"
