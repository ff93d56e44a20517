#include "oidcloginuseragent.h"

#include "net/urlpolicy.h"
#include "peerprocess.h"

#include <QHash>
#include <QList>
#include <QNetworkCookieJar>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QPair>
#include <QRegularExpression>

namespace portico::testing {

namespace {

constexpr int kRequestTimeoutMs = 15000;
constexpr qsizetype kMaxErrorTextLength = 200;

// One HTML form as a browser would submit it (HTML Living Standard §4.10.21.4 "constructing the entry list",
// the parts oidc-provider's pages use).
struct HtmlForm
{
    QString action;
    QString method; // lower case; "get" when absent
    QList<QPair<QString, QString>> fields;
    bool hasPasswordField = false;

    [[nodiscard]] bool hasField(const QString &name) const
    {
        for (const auto &field : fields) {
            if (field.first == name)
                return true;
        }
        return false;
    }
    [[nodiscard]] QString value(const QString &name) const
    {
        for (const auto &field : fields) {
            if (field.first == name)
                return field.second;
        }
        return {};
    }
    void set(const QString &name, const QString &value)
    {
        for (auto &field : fields) {
            if (field.first == name) {
                field.second = value;
                return;
            }
        }
        fields.append({name, value});
    }
};

// The character references oidc-provider's templates produce (its escape function covers & < > " ') plus
// numeric ones, which is all a test page needs.
QString decodeEntities(QString text)
{
    static const QRegularExpression numeric(QStringLiteral("&#(x[0-9a-fA-F]+|[0-9]+);"));
    QString decoded;
    qsizetype last = 0;
    for (auto it = numeric.globalMatch(text); it.hasNext();) {
        const QRegularExpressionMatch match = it.next();
        decoded += QStringView(text).sliced(last, match.capturedStart() - last);
        const QString number = match.captured(1);
        bool ok = false;
        const uint code = number.startsWith(u'x') ? number.sliced(1).toUInt(&ok, 16) : number.toUInt(&ok, 10);
        if (ok && code > 0 && code <= 0x10FFFF) {
            const char32_t character = code;
            decoded += QString::fromUcs4(&character, 1);
        }
        last = match.capturedEnd();
    }
    decoded += QStringView(text).sliced(last);
    decoded.replace(QLatin1StringView("&quot;"), QLatin1StringView("\""));
    decoded.replace(QLatin1StringView("&apos;"), QLatin1StringView("'"));
    decoded.replace(QLatin1StringView("&lt;"), QLatin1StringView("<"));
    decoded.replace(QLatin1StringView("&gt;"), QLatin1StringView(">"));
    decoded.replace(QLatin1StringView("&amp;"), QLatin1StringView("&"));
    return decoded;
}

// Attributes of one start tag: names lower-cased, values decoded; a bare attribute (`required`) maps to "".
QHash<QString, QString> attributes(const QString &tagBody)
{
    static const QRegularExpression attribute(
        QStringLiteral(R"re(([^\s=/>"']+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>"']+)))?)re"));
    QHash<QString, QString> result;
    for (auto it = attribute.globalMatch(tagBody); it.hasNext();) {
        const QRegularExpressionMatch match = it.next();
        const QString name = match.captured(1).toLower();
        if (result.contains(name))
            continue; // HTML: the first occurrence wins
        QString value;
        for (int group = 2; group <= 4; ++group) {
            if (match.capturedStart(group) >= 0) {
                value = match.captured(group);
                break;
            }
        }
        result.insert(name, decodeEntities(value));
    }
    return result;
}

QList<HtmlForm> parseForms(const QString &html)
{
    static const QRegularExpression formPattern(QStringLiteral(R"(<form\b([^>]*)>(.*?)</form\s*>)"),
                                                QRegularExpression::CaseInsensitiveOption
                                                    | QRegularExpression::DotMatchesEverythingOption);
    static const QRegularExpression inputPattern(QStringLiteral(R"(<input\b([^>]*)>)"),
                                                 QRegularExpression::CaseInsensitiveOption);
    static const QStringList notSubmitted{QStringLiteral("submit"), QStringLiteral("button"), QStringLiteral("image"),
                                          QStringLiteral("reset"), QStringLiteral("file")};
    QList<HtmlForm> forms;
    for (auto formIt = formPattern.globalMatch(html); formIt.hasNext();) {
        const QRegularExpressionMatch formMatch = formIt.next();
        const QHash<QString, QString> formAttributes = attributes(formMatch.captured(1));
        HtmlForm form;
        form.action = formAttributes.value(QStringLiteral("action"));
        form.method = formAttributes.value(QStringLiteral("method"), QStringLiteral("get")).toLower();
        for (auto inputIt = inputPattern.globalMatch(formMatch.captured(2)); inputIt.hasNext();) {
            const QHash<QString, QString> input = attributes(inputIt.next().captured(1));
            const QString type = input.value(QStringLiteral("type"), QStringLiteral("text")).toLower();
            if (type == QLatin1StringView("password"))
                form.hasPasswordField = true;
            const QString name = input.value(QStringLiteral("name"));
            if (name.isEmpty() || notSubmitted.contains(type))
                continue;
            if ((type == QLatin1StringView("checkbox") || type == QLatin1StringView("radio"))
                && !input.contains(QStringLiteral("checked")))
                continue;
            form.fields.append({name, input.value(QStringLiteral("value"))});
        }
        forms.append(form);
    }
    return forms;
}

// The "[ Cancel ]" link of oidc-provider's interaction pages (its abort URL).
QString cancelLink(const QString &html)
{
    static const QRegularExpression anchor(QStringLiteral(R"(<a\b([^>]*)>\s*\[?\s*Cancel\s*\]?\s*</a>)"),
                                           QRegularExpression::CaseInsensitiveOption);
    const QRegularExpressionMatch match = anchor.match(html);
    return match.hasMatch() ? attributes(match.captured(1)).value(QStringLiteral("href")) : QString();
}

// The visible text of an error page, short: oidc-provider's says what was wrong (redirect_uri mismatch,
// invalid_request ...) and holds no secret.
QString pageText(const QByteArray &html)
{
    static const QRegularExpression tags(QStringLiteral("<(style|script)\\b.*?</\\1\\s*>|<[^>]*>"),
                                         QRegularExpression::CaseInsensitiveOption
                                             | QRegularExpression::DotMatchesEverythingOption);
    QString text = decodeEntities(QString::fromUtf8(html).replace(tags, QStringLiteral(" "))).simplified();
    if (text.size() > kMaxErrorTextLength)
        text = text.left(kMaxErrorTextLength) + QStringLiteral("…");
    return text;
}

QByteArray formBody(const QList<QPair<QString, QString>> &fields)
{
    QByteArray body;
    for (const auto &[name, value] : fields) {
        if (!body.isEmpty())
            body += '&';
        body += QUrl::toPercentEncoding(name) + '=' + QUrl::toPercentEncoding(value);
    }
    return body;
}

// A URL for messages: without query and fragment (they carry state, challenges, codes).
QString withoutQuery(const QUrl &url)
{
    return url.adjusted(QUrl::RemoveQuery | QUrl::RemoveFragment | QUrl::RemoveUserInfo).toString();
}

} // namespace

OidcLoginUserAgent::OidcLoginUserAgent(QObject *parent)
    : QObject(parent)
    , m_loginName(QStringLiteral("alice"))
    , m_password(QStringLiteral("any-password"))
{
    // Redirects are followed here, hop by hop, so the redirect URI can be caught before it is requested.
    m_network.setRedirectPolicy(QNetworkRequest::ManualRedirectPolicy);
}

OidcLoginUserAgent::~OidcLoginUserAgent()
{
    if (m_reply) {
        m_reply->disconnect(this);
        m_reply->abort();
        m_reply->deleteLater();
    }
}

portico::Result<QUrl> OidcLoginUserAgent::prepareRedirect(quint16 preferredPort)
{
    const quint16 port = preferredPort != 0 ? preferredPort : PeerProcess::freeLoopbackPort();
    if (port == 0)
        return portico::Error(portico::ErrorCode::NetworkFailure, tr("No free loopback port was found."));
    QUrl redirect;
    redirect.setScheme(QStringLiteral("http"));
    redirect.setHost(QStringLiteral("127.0.0.1"));
    redirect.setPort(port);
    redirect.setPath(QStringLiteral("/callback"));
    return redirect;
}

void OidcLoginUserAgent::authorize(const Prompt &prompt, QObject *context, CallbackDone done)
{
    ++m_authorizeCalls;
    if (m_reply) {
        // One flow at a time, like a browser window; the running flow goes on.
        QMetaObject::invokeMethod(
            this,
            [done = std::move(done), guard = QPointer<QObject>(context), hadContext = context != nullptr] {
                if (!hadContext || guard)
                    done(portico::Error(portico::ErrorCode::InvalidArgument,
                                        tr("A sign-in is already in progress in this test browser.")));
            },
            Qt::QueuedConnection);
        return;
    }
    m_done = std::move(done);
    m_context = context;
    m_hasContext = context != nullptr;
    m_redirectUri = prompt.redirectUri;
    m_steps = 0;
    m_lastError.clear();

    // Requirements SEC-3: only https, or http to a loopback host, is ever opened.
    if (const auto allowed = portico::url_policy::check(prompt.authorizationUrl); !allowed.ok()) {
        fail(portico::ErrorCode::UrlRejected,
             tr("The authorization URL was refused: %1").arg(allowed.error().message()));
        return;
    }
    if (!m_redirectUri.isValid() || m_redirectUri.isRelative()) {
        fail(portico::ErrorCode::InvalidArgument, tr("The sign-in has no valid redirect URI."));
        return;
    }
    get(prompt.authorizationUrl);
}

void OidcLoginUserAgent::cancel()
{
    if (!m_done)
        return;
    if (m_reply) {
        m_reply->disconnect(this);
        m_reply->abort();
        m_reply->deleteLater();
        m_reply = nullptr;
    }
    fail(portico::ErrorCode::Cancelled, tr("The sign-in was cancelled."));
}

void OidcLoginUserAgent::clearCookies()
{
    m_network.setCookieJar(new QNetworkCookieJar(&m_network));
}

void OidcLoginUserAgent::get(const QUrl &url)
{
    QNetworkRequest request(url);
    request.setRawHeader("Accept", "text/html,application/xhtml+xml;q=0.9,*/*;q=0.8");
    request.setTransferTimeout(kRequestTimeoutMs);
    send(m_network.get(request));
}

void OidcLoginUserAgent::post(const QUrl &url, const QByteArray &body)
{
    QNetworkRequest request(url);
    request.setRawHeader("Accept", "text/html,application/xhtml+xml;q=0.9,*/*;q=0.8");
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/x-www-form-urlencoded"));
    request.setTransferTimeout(kRequestTimeoutMs);
    send(m_network.post(request, body));
}

void OidcLoginUserAgent::send(QNetworkReply *reply)
{
    ++m_requestsSent;
    ++m_steps;
    m_reply = reply;
    connect(reply, &QNetworkReply::finished, this, [this, reply] { onFinished(reply); });
}

void OidcLoginUserAgent::onFinished(QNetworkReply *reply)
{
    reply->deleteLater();
    if (reply != m_reply)
        return;
    m_reply = nullptr;

    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QUrl url = reply->url();
    if (status == 0) {
        fail(portico::ErrorCode::NetworkFailure,
             tr("The test browser could not load %1: %2").arg(withoutQuery(url), reply->errorString()));
        return;
    }
    if (m_steps >= kMaxSteps) {
        fail(portico::ErrorCode::RedirectRejected,
             tr("The sign-in took more than %1 pages and redirects; it looks like a loop.").arg(kMaxSteps));
        return;
    }

    if (status >= 300 && status < 400) {
        const QByteArray location = reply->rawHeader("Location");
        if (location.isEmpty()) {
            fail(portico::ErrorCode::MalformedResponse,
                 tr("%1 answered with a redirect without a Location.").arg(withoutQuery(url)));
            return;
        }
        const QUrl target = url.resolved(QUrl::fromEncoded(location));
        // The end of the flow: the AS sends the browser to the client's redirect URI (requirements AUTH-29–AUTH-31 are
        // then the client's business). Stop here, as the embedded page does, and hand the URL over.
        if (isRedirectTarget(target)) {
            finish(target);
            return;
        }
        if (const auto allowed = portico::url_policy::check(target); !allowed.ok()) {
            fail(portico::ErrorCode::RedirectRejected,
                 tr("The sign-in redirected to a refused URL: %1").arg(allowed.error().message()));
            return;
        }
        get(target);
        return;
    }

    const QByteArray body = reply->readAll();
    if (status != 200) {
        fail(portico::ErrorCode::HttpStatus,
             tr("The sign-in page %1 answered HTTP %2: %3").arg(withoutQuery(url)).arg(status).arg(pageText(body)));
        return;
    }
    handlePage(url, body);
}

void OidcLoginUserAgent::handlePage(const QUrl &pageUrl, const QByteArray &body)
{
    const QString html = QString::fromUtf8(body);
    for (HtmlForm form : parseForms(html)) {
        const bool isLogin = form.hasField(QStringLiteral("login")) && form.hasPasswordField;
        const bool isConsent = form.value(QStringLiteral("prompt")) == QLatin1StringView("consent");
        if (!isLogin && !isConsent)
            continue;
        if (form.method != QLatin1StringView("post")) {
            fail(portico::ErrorCode::InteractionRequired,
                 tr("The form on %1 is not sent with POST.").arg(withoutQuery(pageUrl)));
            return;
        }
        const QUrl action = pageUrl.resolved(QUrl(form.action));
        if (const auto allowed = portico::url_policy::check(action); !allowed.ok()) {
            fail(portico::ErrorCode::UrlRejected,
                 tr("The form on %1 posts to a refused URL: %2").arg(withoutQuery(pageUrl), allowed.error().message()));
            return;
        }
        if (isLogin) {
            ++m_loginPagesSeen;
            Q_EMIT pageSeen(QStringLiteral("login"));
            form.set(QStringLiteral("login"), m_loginName);
            form.set(QStringLiteral("password"), m_password);
            post(action, formBody(form.fields));
            return;
        }
        ++m_consentPagesSeen;
        Q_EMIT pageSeen(QStringLiteral("consent"));
        if (m_denyConsent) {
            const QString cancel = cancelLink(html);
            if (cancel.isEmpty()) {
                fail(portico::ErrorCode::InteractionRequired,
                     tr("The consent page %1 has no Cancel link.").arg(withoutQuery(pageUrl)));
                return;
            }
            get(pageUrl.resolved(QUrl(cancel)));
            return;
        }
        post(action, formBody(form.fields));
        return;
    }
    fail(portico::ErrorCode::InteractionRequired,
         tr("The page %1 is neither the sign-in nor the consent page of the authorization server.")
             .arg(withoutQuery(pageUrl)));
}

bool OidcLoginUserAgent::isRedirectTarget(const QUrl &url) const
{
    // "Starts with the redirect URI", at a component boundary: http://127.0.0.1:1/callbackX is not it.
    const QString base = m_redirectUri.toString(QUrl::FullyEncoded);
    const QString target = url.toString(QUrl::FullyEncoded);
    if (!target.startsWith(base))
        return false;
    return target.size() == base.size() || target.at(base.size()) == u'?' || target.at(base.size()) == u'#';
}

void OidcLoginUserAgent::fail(portico::ErrorCode code, const QString &message)
{
    m_lastError = message;
    finish(portico::Error(code, message));
}

void OidcLoginUserAgent::finish(portico::Result<QUrl> result)
{
    CallbackDone done = std::move(m_done);
    m_done = nullptr;
    const QPointer<QObject> context = m_context;
    const bool hadContext = m_hasContext;
    m_context = nullptr;
    m_hasContext = false;
    if (!done)
        return;
    // Never synchronously, never after the context is gone (useragent.h).
    QMetaObject::invokeMethod(
        this,
        [done = std::move(done), context, hadContext, result = std::move(result)]() mutable {
            if (!hadContext || context)
                done(std::move(result));
        },
        Qt::QueuedConnection);
}

} // namespace portico::testing
