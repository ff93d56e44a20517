#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QPair>
#include <QString>
#include <QUrl>

#include <chrono>
#include <optional>

namespace portico {

using HttpHeaders = QList<QPair<QByteArray, QByteArray>>;

// RFC 9110 §5.6.2: a token (a method, a field name): one or more tchar, nothing else.
[[nodiscard]] bool isHttpToken(QByteArrayView text);

// What to send. Plain data: HttpClient applies the URL policy, limits and redirects.
struct HttpRequest
{
    QByteArray method = "GET";
    QUrl url;
    HttpHeaders headers;
    QByteArray body;
    // A short label for the exchange log and the Activity view: "mcp", "discovery", "registration", ...
    QString purpose;
    // Streaming (SSE): body bytes are delivered as they arrive through HttpExchange::dataReceived, no body
    // size limit applies here (the SSE parser bounds each event) and no total timeout unless one is given.
    bool streaming = false;
    // Follow 3xx hop by hop (each hop re-checked); when false, a 3xx is returned as the response.
    bool followRedirects = true;
    // Redirects are followed only within the request's origin, whatever the status (redirect_policy::nextHop): for
    // requests whose answer Portico takes as the chosen server's own words, an MCP event stream (requirements SEC-2).
    bool redirectOnlyWithinOrigin = false;
    // Overrides HttpClient::Options::totalTimeout for this request.
    std::optional<std::chrono::milliseconds> totalTimeout;
    // The URL's query is a response for someone else, chosen by a third party (an OAuth redirect delivered to the
    // loopback listener): the exchange log and error details show its parameter names only, never a value
    // (requirements SEC-7).
    bool hideQueryValues = false;
};

// What came back: the final response after redirects. Any HTTP status is a response, not an error.
struct HttpResponse
{
    int status = 0;
    HttpHeaders headers;
    QByteArray body; // empty for streaming requests
    QUrl url;        // the URL that answered (after redirects)
    // A digest of the Authorization header the answering hop was sent with (empty when none): lets the
    // authorization engine tell a 401 for the token it holds now from a 401 for one it has already replaced
    // (requirements AUTH-38: refresh once, not once per request in flight). Never the header itself.
    QByteArray sentAuthorizationDigest;

    // The digest sentAuthorizationDigest holds for an Authorization header value.
    [[nodiscard]] static QByteArray authorizationDigest(QByteArrayView authorizationValue);
    // The first value of a header, case-insensitive; empty when absent.
    [[nodiscard]] QByteArray header(QByteArrayView name) const;
    // Every value of a header, in order (e.g. several WWW-Authenticate challenges). Note that
    // QNetworkAccessManager joins repeated fields into one value with ", " (RFC 9110 §5.3; Set-Cookie with
    // "\n"), so parsers of list-valued fields must split that value themselves.
    [[nodiscard]] QList<QByteArray> headerValues(QByteArrayView name) const;
    [[nodiscard]] bool isSuccess() const { return status >= 200 && status < 300; }
};

} // namespace portico
