#pragma once

#include "auth/attemptbudget.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QString>

#include <optional>

namespace portico {

// The circuit breaker of one server's authorization engine (requirements SEC-15): token requests and sign-in
// pages are counted in sliding windows, and once a server has refused what it got too often, Portico stops
// asking and says why, until the person acts (reset()) or the window passes.
class AccessBreaker
{
    Q_DECLARE_TR_FUNCTIONS(AccessBreaker)

public:
    // Why Portico stopped, for the person; `isNews` is true once per trip (the timeline records it once).
    struct Refusal
    {
        QString message;
        bool isNews = true;
    };

    AccessBreaker(int maxTokenRequestsPerMinute, int maxSignInsPerTenMinutes);

    // nullopt when one more token request (and, for a sign-in, one more sign-in page) fits at `now`.
    [[nodiscard]] std::optional<Refusal> check(const QDateTime &now, bool signIn);
    void countTokenRequest(const QDateTime &now) { m_tokenRequests.spend(now); }
    void countSignIn(const QDateTime &now) { m_signIns.spend(now); }
    // The person signed in again or connected again: Portico may ask again.
    void reset();

private:
    AttemptBudget m_tokenRequests;
    AttemptBudget m_signIns;
    bool m_reported = false;
};

} // namespace portico
