#pragma once

#include "common/result.h"

#include <QByteArrayView>
#include <QJsonObject>
#include <QLatin1StringView>
#include <QString>
#include <QStringList>
#include <QUrl>

#include <optional>

// Reading the JSON of discovery documents (RFC 9728 Protected Resource Metadata, RFC 8414 / OpenID Connect
// Discovery authorization server metadata) with the resource limits of requirements SEC-12, and the member rules
// both documents share. Every failure is ErrorCode::MetadataInvalid; messages quote server text only
// shortened, never whole.
namespace portico::metadata_json {

// Requirements SEC-12: metadata documents are small; anything bigger is refused before parsing.
inline constexpr qsizetype kMaxDocumentBytes = 256 * 1024;
// Requirements SEC-12, ATTACK-9: real metadata nests two levels deep; a 10^6-deep document is refused by a linear scan
// before the (recursive) JSON parser sees it.
inline constexpr int kMaxDepth = 32;
// Bounds on what a document may make Portico keep and show (requirements SEC-12).
inline constexpr qsizetype kMaxArrayEntries = 1000;
inline constexpr qsizetype kMaxStringLength = 8 * 1024;

// The error every rule below reports. `document` names the document ("protected resource metadata").
[[nodiscard]] Error invalid(const QString &document, const QString &detail);

// Server-supplied text for an error detail: at most 120 characters, control characters replaced, quoted.
[[nodiscard]] QString quoted(QStringView untrusted);

// A JSON object of at most kMaxDocumentBytes and kMaxDepth nesting levels (RFC 9728 §3.2 and RFC 8414 §3.2:
// the response is a JSON object; RFC 9728 §3.2).
[[nodiscard]] Result<QJsonObject> parseObject(QByteArrayView json, const QString &document);

// Member readers. Absent (or JSON null) gives std::nullopt; present with the wrong type, too long or too many
// entries is an error: a member the specification defines must have its defined type (RFC 9728 §2, RFC 8414
// §2), while unknown members are ignored (RFC 9728 §3.2, RFC 8414 §3.2).
[[nodiscard]] Result<std::optional<QString>> optionalString(const QJsonObject &object, QLatin1StringView name,
                                                            const QString &document);
[[nodiscard]] Result<std::optional<QStringList>> optionalStringArray(const QJsonObject &object, QLatin1StringView name,
                                                                     const QString &document);
[[nodiscard]] Result<std::optional<bool>> optionalBool(const QJsonObject &object, QLatin1StringView name,
                                                       const QString &document);

// `name` as an array of RFC 6749 §3.3 scope tokens (a space would smuggle a second scope); absent is
// std::nullopt, so a caller can tell it from an empty list.
[[nodiscard]] Result<std::optional<QStringList>> optionalScopeArray(const QJsonObject &object, QLatin1StringView name,
                                                                    const QString &document);

// A server-supplied URL member (requirements SEC-1, SEC-3, AUTH-10): parsed strictly, absolute, https (http only to
// loopback) through url_policy, and without a fragment (RFC 6749 §3.1/§3.2 for endpoints, RFC 8414 §2 and
// RFC 9728 §1.2 for identifiers). `raw` is the JSON string as sent.
[[nodiscard]] Result<QUrl> serverUrl(const QString &raw, QLatin1StringView name, const QString &document);

} // namespace portico::metadata_json
