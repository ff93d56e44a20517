#include "auth/pastedredirect.h"

#include <QCoreApplication>
#include <QString>

#include <array>
#include <utility>

namespace portico::pasted_redirect {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("portico::PastedRedirect", text);
}

// The enclosing pairs people and programs put around an address: plain and typographic quotes, Markdown
// code, and RFC 3986 Appendix C's <…> delimiters.
constexpr std::array<std::pair<char16_t, char16_t>, 6> kEnclosingPairs{{
    {u'"', u'"'},
    {u'\'', u'\''},
    {u'`', u'`'},
    {u'<', u'>'},
    {u'\u201C', u'\u201D'},
    {u'\u2018', u'\u2019'},
}};

QString withoutNoise(QStringView pasted)
{
    QStringView text = pasted.trimmed();
    for (const auto &[open, close] : kEnclosingPairs) {
        if (text.size() >= 2 && text.front() == QChar(open) && text.back() == QChar(close)) {
            text = text.sliced(1, text.size() - 2).trimmed();
            break;
        }
    }
    QString address;
    address.reserve(text.size());
    for (const QChar character : text) {
        if (!character.isSpace())
            address.append(character);
    }
    return address;
}

// The address without query, fragment and user info: what an error may name (the query holds the code).
int defaultPortOf(const QUrl &url)
{
    if (url.scheme() == QLatin1StringView("https"))
        return 443;
    return url.scheme() == QLatin1StringView("http") ? 80 : -1;
}

QString shown(const QUrl &url)
{
    return url.adjusted(QUrl::RemoveQuery | QUrl::RemoveFragment | QUrl::RemoveUserInfo).toDisplayString();
}

} // namespace

Result<QUrl> parse(QStringView pasted, const QUrl &redirectUri)
{
    const QString expected = shown(redirectUri);
    if (pasted.size() > kMaxPastedLength) {
        return Error(ErrorCode::InvalidArgument,
                     tr("The pasted text is too long to be the address you were sent to. Copy only the address "
                        "that starts with %1.")
                         .arg(expected));
    }
    QString address = withoutNoise(pasted);
    if (address.isEmpty()) {
        return Error(
            ErrorCode::InvalidArgument,
            tr("Paste the whole address your web browser shows after you signed in; it starts with %1.").arg(expected));
    }
    if (!address.contains(QLatin1StringView("://")))
        address.prepend(redirectUri.scheme() + QLatin1StringView("://"));
    const QUrl url(address, QUrl::StrictMode);
    if (!url.isValid() || url.host().isEmpty()) {
        return Error(ErrorCode::InvalidArgument,
                     tr("The pasted text is not a web address. Paste the whole address your web browser shows "
                        "after you signed in; it starts with %1.")
                         .arg(expected));
    }
    // RFC 8252 §7.3: the redirect goes to exactly this listener. QUrl has lower-cased scheme and host already;
    // a port left out means the scheme's default, as in a browser.
    const bool sameTarget = url.scheme() == redirectUri.scheme() && url.host() == redirectUri.host()
                            && url.port(defaultPortOf(url)) == redirectUri.port(defaultPortOf(redirectUri))
                            && url.path() == redirectUri.path() && url.userInfo().isEmpty();
    if (!sameTarget) {
        return Error(ErrorCode::InvalidArgument,
                     tr("The pasted address goes to %1, not to %2, where this sign-in waits. Paste the address "
                        "your web browser shows after you signed in.")
                         .arg(shown(url), expected));
    }
    if (url.query(QUrl::FullyEncoded).isEmpty()) {
        return Error(ErrorCode::InvalidArgument,
                     tr("The pasted address has no answer from the sign-in in it. Copy the whole address, with "
                        "everything after “?”."));
    }
    return url.adjusted(QUrl::RemoveFragment);
}

} // namespace portico::pasted_redirect
