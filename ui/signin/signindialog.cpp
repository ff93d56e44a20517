#include "signin/signindialog.h"

#include "common/redaction.h"
#include "net/urlpolicy.h"
#include "signin/pastedaddressfield.h"
#include "signin/redirectcapturepage.h"

#include <QClipboard>
#include <QDesktopServices>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QStackedWidget>
#include <QTimer>
#include <QVBoxLayout>
#include <QWebEngineCertificateError>
#include <QWebEngineLoadingInfo>
#include <QWebEngineNewWindowRequest>
#include <QWebEngineProfile>
#include <QWebEngineSettings>
#include <QWebEngineView>

#include <utility>

namespace portico {

namespace {

// RFC 6454 §6.1 serialisation (scheme://host[:port]), the host in ASCII (IDNA A-labels) so that a
// look-alike Unicode name cannot pass for a familiar one in the origin line (requirements UI-3: the origin must be
// something a person can trust). A default port is left out, as browsers show it.
QString originOf(const QUrl &url)
{
    if (url.host().isEmpty())
        return url.scheme().isEmpty() ? QString() : url.scheme() + u':';
    return url.adjusted(QUrl::RemovePath | QUrl::RemoveQuery | QUrl::RemoveFragment | QUrl::RemoveUserInfo)
        .toString(QUrl::FullyEncoded);
}

QString hostOf(const QString &url)
{
    return QUrl(url).host(QUrl::FullyEncoded);
}

// Google's refusal of embedded browsers (requirements UI-3) names
// this error in the URL or the title of its error page.
constexpr QLatin1StringView kEmbeddedRefusalMarker{"disallowed_useragent"};

} // namespace

SignInDialog::SignInDialog(const UserAgent::Prompt &prompt, QWidget *parent)
    : QDialog(parent)
    , m_prompt(prompt)
    , m_opener([](const QUrl &url) { return QDesktopServices::openUrl(url); })
{
    setObjectName(QStringLiteral("signInDialog"));
    const QString issuerHost = hostOf(!prompt.issuer.isEmpty() ? prompt.issuer : prompt.authorizationUrl.toString());
    const QString serverName = !prompt.serverName.isEmpty() ? prompt.serverName : tr("The server");
    setWindowTitle(tr("Sign in for %1").arg(serverName));
    resize(900, 760);

    m_heading = new QLabel(tr("Sign in at %1 to let Portico use “%2” for you.").arg(issuerHost, serverName), this);
    m_heading->setObjectName(QStringLiteral("heading"));
    m_heading->setTextFormat(Qt::PlainText); // server-supplied names are never markup (requirements SEC-10)
    m_heading->setWordWrap(true);

    // Requirements UI-6, AUTH-39: a step-up names exactly the scopes that are new, before the person consents again.
    m_stepUpBanner = new QLabel(this);
    m_stepUpBanner->setObjectName(QStringLiteral("stepUpBanner"));
    m_stepUpBanner->setTextFormat(Qt::PlainText);
    m_stepUpBanner->setWordWrap(true);
    m_stepUpBanner->setMargin(8);
    m_stepUpBanner->setAutoFillBackground(true);
    m_stepUpBanner->setBackgroundRole(QPalette::Highlight); // palette roles only: dark themes work
    m_stepUpBanner->setForegroundRole(QPalette::HighlightedText);
    m_stepUpBanner->setAccessibleName(tr("More access requested"));
    if (!prompt.newScopes.isEmpty()) {
        m_stepUpBanner->setText(
            tr("%1 asks for more access: %2").arg(serverName, prompt.newScopes.join(QLatin1StringView(", "))));
    } else {
        m_stepUpBanner->hide();
    }

    // Requirements UI-3: where the page comes from and whether the connection is encrypted, always in view.
    m_originLabel = new QLabel(this);
    m_originLabel->setObjectName(QStringLiteral("originLabel"));
    m_originLabel->setTextFormat(Qt::PlainText);
    m_originLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_originLabel->setAccessibleName(tr("Page address and connection"));
    QFont originFont = m_originLabel->font();
    originFont.setBold(true);
    m_originLabel->setFont(originFont);

    // Requirements UI-3: a fresh off-the-record profile per flow (no storage name), so nothing of one sign-in (cookies,
    // cache, local storage) is left for the next or on disk. No QWebChannel is ever attached: the page has
    // no way into Portico.
    m_profile = new QWebEngineProfile(this);
    m_profile->setPersistentCookiesPolicy(QWebEngineProfile::NoPersistentCookies);
    m_view = new QWebEngineView(this);
    m_view->setObjectName(QStringLiteral("signInView"));
    m_view->setAccessibleName(tr("Sign-in page"));
    m_page = new RedirectCapturePage(prompt.redirectUri, m_profile, m_view);
    m_page->setDestinations(prompt.destinations);
    m_view->setPage(m_page);
    QWebEngineSettings *settings = m_page->settings();
    settings->setAttribute(QWebEngineSettings::JavascriptCanAccessClipboard, false);
    settings->setAttribute(QWebEngineSettings::LocalContentCanAccessRemoteUrls, false);
    settings->setAttribute(QWebEngineSettings::LocalContentCanAccessFileUrls, false);
    settings->setAttribute(QWebEngineSettings::PluginsEnabled, false);
    settings->setAttribute(QWebEngineSettings::ScreenCaptureEnabled, false);

    m_messagePane = new QLabel(this);
    m_messagePane->setObjectName(QStringLiteral("messagePane"));
    m_messagePane->setTextFormat(Qt::PlainText);
    m_messagePane->setWordWrap(true);
    m_messagePane->setAlignment(Qt::AlignCenter);
    m_messagePane->setMargin(24);
    m_messagePane->setAccessibleName(tr("Sign-in message"));
    m_stack = new QStackedWidget(this);
    m_stack->addWidget(m_view);
    m_stack->addWidget(m_messagePane);

    m_progress = new QProgressBar(this);
    m_progress->setObjectName(QStringLiteral("loadProgress"));
    m_progress->setAccessibleName(tr("Page loading progress"));
    m_progress->setRange(0, 100);
    m_progress->setTextVisible(false);
    m_progress->setMaximumHeight(6);
    m_progress->hide();

    m_status = new QLabel(tr("Opening the sign-in page…"), this);
    m_status->setObjectName(QStringLiteral("statusLine"));
    m_status->setTextFormat(Qt::PlainText);
    m_status->setWordWrap(true);
    m_status->setAccessibleName(tr("Sign-in status"));

    m_pasteField = new PastedAddressField(this);
    m_pasteField->hide();

    m_copyButton = new QPushButton(tr("Copy &link"), this);
    m_copyButton->setObjectName(QStringLiteral("copyLinkButton"));
    m_copyButton->setAccessibleName(tr("Copy the sign-in link"));
    m_copyButton->setToolTip(tr("Copies the address of this sign-in page."));
    m_systemBrowserButton = new QPushButton(tr("Continue in &system browser"), this);
    m_systemBrowserButton->setObjectName(QStringLiteral("systemBrowserButton"));
    m_systemBrowserButton->setAccessibleName(tr("Continue in system browser"));
    m_systemBrowserButton->setToolTip(tr("Signs in with your usual web browser instead of this window."));
    m_cancelButton = new QPushButton(tr("&Cancel"), this);
    m_cancelButton->setObjectName(QStringLiteral("cancelButton"));
    m_cancelButton->setAccessibleName(tr("Cancel sign-in"));
    // Enter belongs to the page's own forms, never to a dialog button; Escape cancels (QDialog).
    for (QPushButton *button : {m_copyButton, m_systemBrowserButton, m_cancelButton}) {
        button->setAutoDefault(false);
        button->setDefault(false);
    }
    connect(m_copyButton, &QPushButton::clicked, this, &SignInDialog::copyLink);
    connect(m_systemBrowserButton, &QPushButton::clicked, this, &SignInDialog::requestSystemBrowser);
    connect(m_cancelButton, &QPushButton::clicked, this, &SignInDialog::reject);

    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_copyButton);
    buttons->addWidget(m_systemBrowserButton);
    buttons->addStretch(1);
    buttons->addWidget(m_cancelButton);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_heading);
    layout->addWidget(m_stepUpBanner);
    layout->addWidget(m_originLabel);
    layout->addWidget(m_progress);
    layout->addWidget(m_stack, 1);
    layout->addWidget(m_status);
    layout->addWidget(m_pasteField);
    layout->addLayout(buttons);

    setTabOrder(m_view, m_copyButton);
    setTabOrder(m_copyButton, m_systemBrowserButton);
    setTabOrder(m_systemBrowserButton, m_cancelButton);

    connect(m_page, &RedirectCapturePage::redirectCaptured, this, [this](const QUrl &url) {
        if (m_finished)
            return;
        m_finished = true;
        m_progress->hide();
        setStatus(tr("Signed in. Portico is finishing the sign-in…"));
        Q_EMIT callbackCaught(url);
    });
    connect(m_page, &RedirectCapturePage::navigationRefused, this,
            [this](const QUrl &, const QString &message) { onNavigationRefused(message); });
    connect(m_page, &QWebEnginePage::urlChanged, this, [this](const QUrl &url) {
        updateOrigin(url);
        checkForEmbeddedRefusal(url.toString());
    });
    connect(m_page, &QWebEnginePage::titleChanged, this, &SignInDialog::checkForEmbeddedRefusal);
    connect(m_page, &QWebEnginePage::loadProgress, m_progress, &QProgressBar::setValue);
    connect(m_page, &QWebEnginePage::loadingChanged, this, &SignInDialog::onLoadingChanged);
    connect(m_page, &QWebEnginePage::certificateError, this, &SignInDialog::onCertificateError);
    connect(m_page, &QWebEnginePage::newWindowRequested, this, &SignInDialog::onNewWindowRequested);
    // Requirements UI-3: the sign-in page gets no camera, microphone, location, notifications or screen: it needs none.
    connect(m_page, &QWebEnginePage::featurePermissionRequested, this,
            [this](const QUrl &origin, QWebEnginePage::Feature feature) {
                m_page->setFeaturePermission(origin, feature, QWebEnginePage::PermissionDeniedByUser);
            });

    updateOrigin(prompt.authorizationUrl);
}

SignInDialog::~SignInDialog()
{
    // Qt WebEngine: a page must be gone before its profile, and the profile is a child of this dialog.
    delete m_view;
    m_view = nullptr;
    m_page = nullptr;
}

QWebEngineView *SignInDialog::view() const
{
    return m_view;
}

QString SignInDialog::originText() const
{
    return m_originLabel->text();
}

QString SignInDialog::stepUpText() const
{
    return m_prompt.newScopes.isEmpty() ? QString() : m_stepUpBanner->text();
}

QString SignInDialog::statusText() const
{
    return m_status->text();
}

void SignInDialog::setUrlOpener(UrlOpener opener)
{
    m_opener = std::move(opener);
}

void SignInDialog::setPastedAddressHandler(std::function<Result<void>(const QString &pasted)> handler)
{
    m_pasteField->setHandler(std::move(handler));
}

PastedAddressField *SignInDialog::pastedAddressField() const
{
    return m_pasteField;
}

void SignInDialog::showEvent(QShowEvent *event)
{
    QDialog::showEvent(event);
    if (m_started)
        return;
    m_started = true;
    // Queued, so whoever opened the dialog has its signals connected before anything is reported.
    QTimer::singleShot(0, this, &SignInDialog::startLoading);
}

void SignInDialog::startLoading()
{
    if (m_finished)
        return;
    // Requirements SEC-3, UI-3: only https, or http to this computer; javascript:, data:, file: and the like never
    // load.
    if (const Result<void> allowed = url_policy::check(m_prompt.authorizationUrl); !allowed.ok()) {
        failClosed(Error(ErrorCode::UrlRejected,
                         tr("Portico refused to open the sign-in page because its address is not safe."),
                         allowed.error().detail()),
                   tr("Portico did not open this sign-in page: its address is not a secure web address. "
                      "Nothing was loaded."));
        return;
    }
    m_view->load(m_prompt.authorizationUrl);
}

void SignInDialog::updateOrigin(const QUrl &url)
{
    if (m_finished)
        return; // the line keeps saying what the flow ended with
    if (url.isEmpty() || url.scheme() == QLatin1StringView("about"))
        return; // a page being emptied: the last real origin stays in view
    const QString origin = originOf(url);
    QString connection;
    if (url.scheme() == QLatin1StringView("https"))
        // Certificate errors fail closed (onCertificateError), so an https page that is showing had a
        // certificate Chromium trusts.
        connection = tr("secure connection");
    else if (url.scheme() == QLatin1StringView("http") && url_policy::isLoopbackHost(url.host()))
        connection = tr("not encrypted (local)");
    else
        connection = tr("not encrypted");
    m_originLabel->setText(tr("%1 — %2").arg(origin, connection));
}

void SignInDialog::onCertificateError(const QWebEngineCertificateError &error)
{
    // Requirements UI-3 / docs/architecture.md, "Security rules": TLS errors fail closed. Reject explicitly (never
    // acceptCertificate, never defer to a person): the page does not load and the flow ends with TlsFailure.
    QWebEngineCertificateError handle = error;
    handle.rejectCertificate();
    if (m_finished)
        return;
    const QString origin = originOf(error.url());
    m_originLabel->setText(tr("%1 — certificate not trusted").arg(origin));
    failClosed(
        Error(ErrorCode::TlsFailure,
              tr("The sign-in page at %1 could not prove its identity, so Portico did not open it.").arg(origin),
              QStringLiteral("%1 (%2)").arg(error.description(), redaction::redactUrl(error.url()))),
        tr("The sign-in page at %1 presented a certificate that cannot be trusted, so Portico stopped loading it: "
           "someone could be impersonating the server. Check the server address or ask its administrator.\n\n"
           "Details: %2")
            .arg(origin, error.description()));
}

void SignInDialog::onLoadingChanged(const QWebEngineLoadingInfo &info)
{
    if (m_finished)
        return; // pitfall: a refused redirect ends its load as failed; that is the capture, not an error
    switch (info.status()) {
    case QWebEngineLoadingInfo::LoadStartedStatus:
        m_progress->setValue(0);
        m_progress->show();
        setStatus(tr("Loading %1…").arg(originOf(info.url())));
        break;
    case QWebEngineLoadingInfo::LoadSucceededStatus:
        m_progress->hide();
        setStatus(tr("Sign in on this page. Portico takes over by itself when you are done."));
        break;
    case QWebEngineLoadingInfo::LoadStoppedStatus:
        m_progress->hide();
        break;
    case QWebEngineLoadingInfo::LoadFailedStatus:
        m_progress->hide();
        setStatus(tr("The page could not be loaded (%1). Try again later, or continue in your system browser.")
                      .arg(info.errorString()));
        break;
    }
}

void SignInDialog::onNewWindowRequested(QWebEngineNewWindowRequest &request)
{
    // Requirements UI-3: popups and new windows never open inside Portico. Not calling request.openIn() leaves the
    // window unopened; the address goes to the system browser instead, if url_policy allows it (requirements SEC-3).
    const QUrl url = request.requestedUrl();
    if (m_page->targetsRedirectUri(url)) {
        // The redirect URI carries the code: never handed to another program.
        return;
    }
    if (!url_policy::check(url).ok()) {
        setStatus(tr("Portico did not open a window the page asked for, because its address is not safe."));
        return;
    }
    // Requirements SEC-1: the system browser is not sent into a network the server's rule keeps Portico out of.
    if (const Result<void> allowed = m_prompt.destinations.checkLiteral(url); !allowed.ok()) {
        setStatus(tr("Portico did not open a window the page asked for. %1").arg(allowed.error().message()));
        return;
    }
    if (m_opener && m_opener(url))
        setStatus(tr("The page opened %1 in your web browser.").arg(originOf(url)));
    else
        setStatus(tr("The page asked for a new window at %1, and Portico could not open your web browser.")
                      .arg(originOf(url)));
}

void SignInDialog::onNavigationRefused(const QString &message)
{
    if (m_finished)
        return;
    setStatus(message);
}

void SignInDialog::checkForEmbeddedRefusal(const QString &text)
{
    // Requirements UI-3: a page that refuses embedded browsers leads straight to the system-browser path.
    if (m_finished || m_switchRequested || !text.contains(kEmbeddedRefusalMarker, Qt::CaseInsensitive))
        return;
    setStatus(tr("This sign-in page does not work inside Portico; continuing in your web browser."));
    requestSystemBrowser();
}

void SignInDialog::copyLink()
{
    // The authorization URL holds no secret (the PKCE challenge, not the verifier; RFC 7636 §4.3).
    QGuiApplication::clipboard()->setText(m_prompt.authorizationUrl.toString(QUrl::FullyEncoded));
    setStatus(tr("The sign-in link was copied."));
    m_pasteField->show(); // the link may be opened where its redirect cannot reach Portico
}

void SignInDialog::requestSystemBrowser()
{
    if (m_finished || m_switchRequested)
        return;
    m_switchRequested = true;
    m_systemBrowserButton->setEnabled(false);
    Q_EMIT continueInSystemBrowserRequested();
}

void SignInDialog::showWaitingForSystemBrowser()
{
    if (m_finished)
        return;
    m_finished = true;
    m_switchRequested = true;
    m_page->triggerAction(QWebEnginePage::Stop);
    m_view->load(QUrl(QStringLiteral("about:blank"))); // no script of the old page keeps running
    m_progress->hide();
    m_systemBrowserButton->setEnabled(false);
    m_messagePane->setText(tr("Continue signing in in your web browser. Portico takes over by itself when you are "
                              "done there. Close this window to cancel the sign-in."));
    m_stack->setCurrentWidget(m_messagePane);
    setStatus(tr("Waiting for your web browser…"));
    m_pasteField->show(); // a browser on another computer cannot reach Portico's listener
}

void SignInDialog::failClosed(const Error &error, const QString &explanation)
{
    m_finished = true;
    m_page->triggerAction(QWebEnginePage::Stop);
    m_progress->hide();
    // Fail closed means no way around it from here: no system-browser detour past a bad certificate.
    m_systemBrowserButton->setEnabled(false);
    m_copyButton->setEnabled(false);
    m_pasteField->hide();
    m_cancelButton->setText(tr("&Close"));
    m_cancelButton->setAccessibleName(tr("Close"));
    m_messagePane->setText(explanation);
    m_stack->setCurrentWidget(m_messagePane);
    setStatus(error.message());
    m_cancelButton->setFocus();
    Q_EMIT failed(error);
}

void SignInDialog::setStatus(const QString &text)
{
    m_status->setText(text);
}

} // namespace portico
