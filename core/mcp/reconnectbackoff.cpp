#include "mcp/reconnectbackoff.h"

#include <algorithm>

namespace portico {

void ReconnectBackoff::connected()
{
    m_up.start();
}

std::chrono::milliseconds ReconnectBackoff::nextDelay(std::chrono::milliseconds floor)
{
    if (m_up.isValid() && m_up.elapsed() >= kStableConnection.count())
        m_attempts = 0;
    m_up.invalidate();
    // 500 ms doubled 6 times passes the cap: no larger shift is needed (nor safe).
    const std::chrono::milliseconds backoff = std::min(kMaxDelay, kFirstDelay * (1 << std::min(m_attempts, 6)));
    ++m_attempts;
    return std::max(floor, backoff);
}

} // namespace portico
