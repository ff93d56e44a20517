#pragma once

// Waiting in a test for one callback-style operation. Portico's asynchronous calls take a context QObject
// and a callback that receives exactly one Result<T>, never synchronously (docs/architecture.md, "Async and errors"); a
// test needs that Result in hand. Tests only: product code never blocks on an event loop.

#include "common/result.h"

#include <QByteArray>
#include <QObject>
#include <QTest>

#include <optional>
#include <utility>

namespace portico::testing {

// Long enough for a real Node peer on a loaded CI machine, short enough that a hang fails the test.
inline constexpr int kAwaitTimeoutMs = 30'000;

// Calls `start(context, callback)` and runs the event loop until the callback has been given its Result,
// or nullopt once `timeoutMs` have passed without one. The context dies on return, so a late callback can
// never touch the returned value. `calledSynchronously`, when given, tells whether the callback already
// ran inside `start` (which the callback contract forbids).
template<typename T, typename Start>
std::optional<Result<T>> await(Start start, int timeoutMs = kAwaitTimeoutMs, bool *calledSynchronously = nullptr)
{
    std::optional<Result<T>> outcome;
    QObject context;
    start(&context, [&outcome](Result<T> result) { outcome.emplace(std::move(result)); });
    if (calledSynchronously)
        *calledSynchronously = outcome.has_value();
    if (!QTest::qWaitFor([&outcome]() { return outcome.has_value(); }, timeoutMs))
        return std::nullopt;
    return outcome;
}

// What a QVERIFY2 shows about an awaited result: "no callback", "ok", or "error <code>: <text>" (the error
// text is the same secret-free text the product logs).
template<typename T>
QByteArray describe(const std::optional<Result<T>> &outcome)
{
    if (!outcome)
        return "no callback";
    if (outcome->ok())
        return "ok";
    return "error " + QByteArray::number(int(outcome->error().code())) + ": " + outcome->error().toString().toUtf8();
}

} // namespace portico::testing
