// Fuzz target: an address a person pasted as the end of a sign-in (requirements AUTH-45), read against a
// redirect URI; the first part is the paste, a second part (after "\n--\n") replaces the redirect URI.
#include "auth/pastedredirect.h"
#include "fuzzsupport.h"

#include <QString>
#include <QUrl>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    portico::fuzzing::ensureApplication();
    const QList<QByteArray> parts = portico::fuzzing::splitInput(portico::fuzzing::bytesOf(data, size), 2);
    const QUrl redirectUri = parts.size() > 1 ? QUrl(QString::fromUtf8(parts.at(1)))
                                              : QUrl(QStringLiteral("http://127.0.0.1:49152/callback"));
    const portico::Result<QUrl> parsed =
        portico::pasted_redirect::parse(QString::fromUtf8(parts.value(0)), redirectUri);
    if (parsed.ok() && parsed.value().query().isEmpty())
        __builtin_trap(); // an accepted paste always carries the answer's query
    return 0;
}
