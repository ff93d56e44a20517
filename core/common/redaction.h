#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QString>
#include <QStringView>
#include <QUrl>

// Redaction: the one place that decides what a secret looks like, so nothing Portico logs, shows or
// exports can carry a token, code, verifier, client secret or credential header (docs/architecture.md,
// "Security rules"). Every function returns text that is safe to print; the secret parts are replaced by kMask.
namespace portico::redaction {

inline constexpr QLatin1StringView kMask{"[REDACTED]"};

// Is this query, form, JSON or header parameter name one whose value is secret?
// (OAuth 2.0 RFC 6749 §4.1–§6, RFC 7636 code_verifier, RFC 7523 client_assertion, RFC 8693 subject/actor
// tokens, RFC 8628 device_code, OpenID id_token, plus password/cookie style names.)
[[nodiscard]] bool isSensitiveParameterName(QStringView name);

// A URL with the values of sensitive query and fragment parameters and any userinfo password masked.
// Parameter names, order and everything else stay, so the URL remains useful in a support request.
[[nodiscard]] QString redactUrl(const QUrl &url);

// A URL with the value of EVERY query and fragment parameter masked (and any userinfo password): for a URL
// whose query is a response a third party chose — an OAuth redirect carries a code, and its state,
// error_description and error_uri may be an attacker's text (RFC 6749 §4.1.2, §10.12). Names and order stay.
[[nodiscard]] QString redactQueryValues(const QUrl &url);

// An application/x-www-form-urlencoded body (token and registration requests) with sensitive values masked.
[[nodiscard]] QByteArray redactFormBody(QByteArrayView body);

// One header's value, ready to print. Authorization-like headers keep their scheme ("Bearer [REDACTED]")
// so a reader can tell Basic from Bearer; cookies and session ids are masked whole.
[[nodiscard]] QByteArray redactHeaderValue(QByteArrayView name, QByteArrayView value);

// Free text (log lines, error bodies, JSON): masks bearer/basic credentials, JWTs, `name=value` and
// `"name": "value"` pairs whose name is sensitive, and URLs' sensitive parameters.
[[nodiscard]] QString redactText(QStringView text);

} // namespace portico::redaction
