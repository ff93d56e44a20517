#pragma once

#include <QDateTime>
#include <QList>

#include <chrono>

namespace portico {

// At most `limit` attempts in any `window` (a sliding window over the times of the recent ones): the circuit
// breaker AuthSession puts on token requests and sign-ins, so a server that refuses every token it is given
// cannot make Portico ask again and again (requirements SEC-15). The caller passes the time, so a test clock works.
class AttemptBudget
{
public:
    AttemptBudget(int limit, std::chrono::seconds window);

    // Whether one more attempt fits in the window that ends at `now`.
    [[nodiscard]] bool hasRoom(const QDateTime &now);
    // Counts an attempt made at `now`.
    void spend(const QDateTime &now);
    // Attempts in the window that ends at `now`.
    [[nodiscard]] int spent(const QDateTime &now);
    // The person acted (signed in again, connected again): the budget is full again.
    void reset() { m_attempts.clear(); }

    [[nodiscard]] int limit() const { return m_limit; }
    [[nodiscard]] std::chrono::seconds window() const { return m_window; }

private:
    void forgetBefore(const QDateTime &now);

    int m_limit;
    std::chrono::seconds m_window;
    QList<QDateTime> m_attempts; // oldest first
};

} // namespace portico
