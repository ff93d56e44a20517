#pragma once

#include "common/error.h"

#include <QAbstractSocket>
#include <QNetworkReply>
#include <QString>
#include <QStringList>

// The failures of an exchange itself (no HTTP response: refused, reset, TLS, proxy, DNS, ...) in the words
// Portico shows, the same for both engines of HttpClient (HttpClientOptions::Engine).
namespace portico::network_failure {

// QNetworkReply turns 4xx/5xx statuses into these error codes; for Portico they are responses like any other.
[[nodiscard]] bool isHttpStatusError(QNetworkReply::NetworkError code);

// One sentence for a person (no URL, no query, only the host) and the redacted technical detail: `hop` (the
// redacted method and URL), Qt's message and the TLS errors. Certificate problems are TlsFailure.
[[nodiscard]] Error describe(QNetworkReply::NetworkError code, const QString &qtMessage, const QStringList &sslErrors,
                             const QString &host, const QString &hop);

// The Http1 engine's socket errors in QNetworkReply's terms, so both engines report failures in the same
// words (describe above).
[[nodiscard]] QNetworkReply::NetworkError fromSocketError(QAbstractSocket::SocketError error);

} // namespace portico::network_failure
