#pragma once

#include <QDateTime>
#include <QObject>
#include <QTimer>

#include <functional>

namespace portico {

struct TokenSet;

// When to renew an access token before it expires (proactive refresh), so a request in use never waits for a
// refresh after a 401. The timer is set a share of the token's lifetime before expiry (refreshMarginMs()).
// Only a grant in use is renewed: due() fires when the token was attached to a request since it last
// changed; a grant that was idle when its time came is renewed at its next use instead (noteUse()).
class RefreshScheduler : public QObject
{
    Q_OBJECT

public:
    explicit RefreshScheduler(std::function<QDateTime()> clock, QObject *parent = nullptr);

    // Off: never due (tests that need an expired token).
    void setEnabled(bool enabled) { m_enabled = enabled; }

    // New tokens (or none): nothing used them yet; the timer restarts for them, or stops when they cannot
    // be refreshed or do not expire.
    void restart(const TokenSet *tokens);
    void stop() { m_timer.stop(); }

    // `tokens` were attached to a request. True when they are due for renewal now: the timer already fired
    // while they were idle (the caller then refreshes in the background; this request still carries them).
    [[nodiscard]] bool noteUse(const TokenSet &tokens);

Q_SIGNALS:
    // The renewal time of tokens in use has come.
    void due();

private:
    [[nodiscard]] QDateTime now() const;
    [[nodiscard]] static qint64 refreshMarginMs(const TokenSet &tokens);

    std::function<QDateTime()> m_clock;
    QTimer m_timer;
    bool m_enabled = true;
    bool m_usedSinceTokenChange = false;
};

} // namespace portico
