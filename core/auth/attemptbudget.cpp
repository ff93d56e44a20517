#include "auth/attemptbudget.h"

namespace portico {

AttemptBudget::AttemptBudget(int limit, std::chrono::seconds window)
    : m_limit(limit)
    , m_window(window)
{}

void AttemptBudget::forgetBefore(const QDateTime &now)
{
    const QDateTime start = now.addSecs(-m_window.count());
    while (!m_attempts.isEmpty() && m_attempts.constFirst() <= start)
        m_attempts.removeFirst();
}

bool AttemptBudget::hasRoom(const QDateTime &now)
{
    return spent(now) < m_limit;
}

void AttemptBudget::spend(const QDateTime &now)
{
    m_attempts.append(now);
}

int AttemptBudget::spent(const QDateTime &now)
{
    forgetBefore(now);
    return static_cast<int>(m_attempts.size());
}

} // namespace portico
