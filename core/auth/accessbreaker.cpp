#include "auth/accessbreaker.h"

#include <chrono>

namespace portico {

AccessBreaker::AccessBreaker(int maxTokenRequestsPerMinute, int maxSignInsPerTenMinutes)
    : m_tokenRequests(maxTokenRequestsPerMinute, std::chrono::minutes(1))
    , m_signIns(maxSignInsPerTenMinutes, std::chrono::minutes(10))
{}

std::optional<AccessBreaker::Refusal> AccessBreaker::check(const QDateTime &now, bool signIn)
{
    // A sign-in ends in a code exchange, so it needs room in both budgets.
    QString message;
    if (!m_tokenRequests.hasRoom(now)) {
        message = tr("The server refuses the access Portico got: %1 token requests in the last minute (at most %2) "
                     "did not satisfy it. Portico stopped asking; re-authorize or connect again to try again.")
                      .arg(m_tokenRequests.spent(now))
                      .arg(m_tokenRequests.limit());
    } else if (signIn && !m_signIns.hasRoom(now)) {
        message = tr("The server refuses the access Portico got: %1 sign-ins in the last 10 minutes (at most %2) "
                     "did not satisfy it. Portico stopped asking; re-authorize or connect again to try again.")
                      .arg(m_signIns.spent(now))
                      .arg(m_signIns.limit());
    }
    if (message.isEmpty()) {
        m_reported = false; // a window passed: the next trip is news again
        return std::nullopt;
    }
    return Refusal{message, !std::exchange(m_reported, true)};
}

void AccessBreaker::reset()
{
    m_tokenRequests.reset();
    m_signIns.reset();
    m_reported = false;
}

} // namespace portico
