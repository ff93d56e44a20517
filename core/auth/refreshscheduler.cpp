#include "auth/refreshscheduler.h"

#include "auth/tokenset.h"

#include <algorithm>
#include <limits>
#include <utility>

namespace portico {

namespace {

// Proactive refresh happens a share of the token's lifetime before expiry, within these bounds.
constexpr qint64 kMinRefreshMarginMs = 2'000;
constexpr qint64 kMaxRefreshMarginMs = 60'000;

} // namespace

RefreshScheduler::RefreshScheduler(std::function<QDateTime()> clock, QObject *parent)
    : QObject(parent)
    , m_clock(std::move(clock))
{
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, [this]() {
        // Proactive refresh only for a grant in use: an idle server refreshes when it is next used.
        if (m_usedSinceTokenChange)
            Q_EMIT due();
    });
}

QDateTime RefreshScheduler::now() const
{
    return m_clock ? m_clock() : QDateTime::currentDateTimeUtc();
}

void RefreshScheduler::restart(const TokenSet *tokens)
{
    m_usedSinceTokenChange = false;
    m_timer.stop();
    if (!m_enabled || !tokens || !tokens->hasRefreshToken() || !tokens->expiresAt.isValid())
        return;
    const qint64 due = std::clamp<qint64>(now().msecsTo(tokens->expiresAt) - refreshMarginMs(*tokens), 0,
                                          std::numeric_limits<int>::max());
    m_timer.start(static_cast<int>(due));
}

bool RefreshScheduler::noteUse(const TokenSet &tokens)
{
    m_usedSinceTokenChange = true;
    // The timer only renews a grant in use; when it fired while the grant was idle, the first use after it
    // renews now.
    return m_enabled && !m_timer.isActive() && tokens.hasRefreshToken() && tokens.expiresAt.isValid()
           && now().msecsTo(tokens.expiresAt) <= refreshMarginMs(tokens);
}

qint64 RefreshScheduler::refreshMarginMs(const TokenSet &tokens)
{
    // A quarter of the token's lifetime before expiry, at least 2 s (JWT `exp` is in whole seconds and the
    // refresh itself takes a round trip), at most a minute, and never more than half the lifetime.
    const QDateTime issued = tokens.refreshedAt.isValid() ? tokens.refreshedAt : tokens.obtainedAt;
    const qint64 lifetimeMs = issued.isValid() ? issued.msecsTo(tokens.expiresAt) : kMaxRefreshMarginMs * 4;
    return std::min(std::clamp(lifetimeMs / 4, kMinRefreshMarginMs, kMaxRefreshMarginMs), lifetimeMs / 2);
}

} // namespace portico
