#pragma once

// Small helpers shared by the core/net tests: send a request and wait (bounded) for its one callback.

#include "awaitresult.h"
#include "net/httpclient.h"
#include "testhttpoptions.h"

#include <QTest>

#include <optional>

namespace portico::nettest {

// The engine under test: the HttpClient tests run once with each (CMake registers a "_http1" variant that
// sets PORTICO_TEST_HTTP_ENGINE=http1), since both must give every guarantee HttpClient documents.
using testing::engineOptions;

// Long enough for a loaded CI machine, short enough that a hang fails fast.
inline constexpr int kWaitMs = 10'000;

inline HttpRequest request(const QUrl &url, QByteArray method = "GET")
{
    HttpRequest r;
    r.method = std::move(method);
    r.url = url;
    r.purpose = QStringLiteral("test");
    return r;
}

// HttpClient::send() and a bounded wait for the callback. A test-side InvalidArgument error with the text
// "test: no callback" when none came (the real codes never use that text).
inline Result<HttpResponse> sendAndWait(HttpClient &client, HttpRequest request, int timeoutMs = kWaitMs)
{
    std::optional<Result<HttpResponse>> outcome = testing::await<HttpResponse>(
        [&](QObject *context, auto done) { client.send(std::move(request), context, done); }, timeoutMs);
    if (!outcome)
        return Error(ErrorCode::InvalidArgument, QStringLiteral("test: no callback"));
    return std::move(*outcome);
}

// "code: message (detail)" for QVERIFY2 messages.
inline QByteArray describe(const Result<HttpResponse> &result)
{
    if (result.ok())
        return "ok, status " + QByteArray::number(result.value().status);
    return "error " + QByteArray::number(int(result.error().code())) + ": " + result.error().toString().toUtf8();
}

} // namespace portico::nettest
