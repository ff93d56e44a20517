#include "mcp/pendingrequests.h"

#include "mcp/jsonrpc.h"

#include <QCoreApplication>
#include <QMetaObject>
#include <QTimerEvent>

#include <algorithm>

namespace portico {

PendingRequests::PendingRequests(QObject *parent)
    : QObject(parent)
{}

PendingRequests::~PendingRequests() = default;

qint64 PendingRequests::allocateId()
{
    return m_nextId++;
}

void PendingRequests::add(qint64 id, const QString &method, Limits limits, QObject *context, Completion completion)
{
    Entry entry{
        method, limits, context, std::move(completion), {}, QDeadlineTimer(std::min(limits.timeout, limits.maxTotal))};
    entry.age.start();
    m_entries.insert(id, std::move(entry));
    scheduleExpiry();
}

bool PendingRequests::resolve(const QJsonObject &response)
{
    const QJsonValue id = response.value(QStringLiteral("id"));
    // Portico only issues integer ids; anything else cannot be one of ours.
    if (!id.isDouble() || !jsonrpc::isValidId(id) || !m_entries.contains(id.toInteger()))
        return false;
    complete(id.toInteger(), response);
    return true;
}

void PendingRequests::noteProgress(qint64 id)
{
    const auto it = m_entries.find(id);
    if (it == m_entries.end())
        return;
    // Progress MAY reset the timeout, but a hard maximum always holds (MCP basic/patterns/cancellation
    // §Timeouts; requirements TRANSPORT-8).
    const auto elapsed = std::chrono::milliseconds(it->age.elapsed());
    const auto remaining = it->limits.maxTotal - elapsed;
    if (remaining <= std::chrono::milliseconds::zero())
        return; // the deadline already is the maximum
    it->deadline = QDeadlineTimer(std::min(it->limits.timeout, remaining));
    scheduleExpiry();
}

void PendingRequests::fail(qint64 id, const Error &error)
{
    if (m_entries.contains(id))
        complete(id, error);
}

void PendingRequests::failAll(const Error &error)
{
    const QList<qint64> ids = m_entries.keys();
    for (const qint64 id : ids)
        complete(id, error);
}

void PendingRequests::expire(qint64 id)
{
    const auto it = m_entries.constFind(id);
    if (it == m_entries.cend())
        return;
    const QString method = it->method;
    const qint64 seconds = it->age.elapsed() / 1000;
    complete(id, Error(ErrorCode::Timeout,
                       QCoreApplication::translate("PendingRequests", "The server did not answer in time."),
                       QStringLiteral("%1 (id %2) got no response within %3 s").arg(method).arg(id).arg(seconds)));
    Q_EMIT timedOut(id, method);
}

void PendingRequests::complete(qint64 id, Result<QJsonObject> outcome)
{
    Entry entry = m_entries.take(id);
    if (m_entries.isEmpty() && m_timerId != 0) {
        killTimer(std::exchange(m_timerId, 0));
        m_timerArmedFor = QDeadlineTimer(QDeadlineTimer::Forever);
    }
    if (entry.context.isNull())
        return;
    // Queued: a completion never runs inside resolve()/fail() callers' stacks, so a caller may send the
    // next request from it without re-entering the transport.
    QMetaObject::invokeMethod(
        entry.context.data(),
        [completion = std::move(entry.completion), outcome = std::move(outcome)]() mutable {
            completion(std::move(outcome));
        },
        Qt::QueuedConnection);
}

void PendingRequests::scheduleExpiry()
{
    QDeadlineTimer earliest(QDeadlineTimer::Forever);
    for (const Entry &entry : std::as_const(m_entries)) {
        if (entry.deadline < earliest)
            earliest = entry.deadline;
    }
    if (m_timerId != 0 && !(earliest < m_timerArmedFor))
        return; // fires early enough; timerEvent() looks again then
    if (m_timerId != 0)
        killTimer(std::exchange(m_timerId, 0));
    m_timerArmedFor = earliest;
    if (!earliest.isForever())
        m_timerId = startTimer(std::chrono::milliseconds(qMax<qint64>(0, earliest.remainingTime())));
}

void PendingRequests::timerEvent(QTimerEvent *event)
{
    if (event->timerId() != m_timerId) {
        QObject::timerEvent(event);
        return;
    }
    killTimer(std::exchange(m_timerId, 0));
    m_timerArmedFor = QDeadlineTimer(QDeadlineTimer::Forever);
    QList<qint64> expired;
    for (auto it = m_entries.cbegin(); it != m_entries.cend(); ++it) {
        if (it->deadline.hasExpired())
            expired.append(it.key());
    }
    std::sort(expired.begin(), expired.end()); // oldest request first
    // A timedOut() slot may end the connection and this object with it.
    const QPointer<PendingRequests> self(this);
    for (const qint64 id : std::as_const(expired)) {
        if (!self)
            return;
        expire(id);
    }
    if (self)
        scheduleExpiry();
}

} // namespace portico
