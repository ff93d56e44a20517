#pragma once

#include "common/result.h"

#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QHash>
#include <QJsonObject>
#include <QObject>
#include <QPointer>

#include <chrono>
#include <functional>

namespace portico {

// The requests a client has in flight on one connection: id allocation, per-request timeouts that progress
// may extend up to a hard maximum, cancellation, and late or unknown responses (requirements TRANSPORT-8, TRANSPORT-9,
// TRANSPORT-18, FEATURE-6).
//
// Completion receives the whole JSON-RPC response message (with "result" or "error": an error response is
// an answer, not a failure of the exchange), or an Error when no answer came: Timeout, Cancelled, or the
// transport's failure. It runs exactly once, never synchronously inside a call of this class's API, and
// never after its context is destroyed.
class PendingRequests : public QObject
{
    Q_OBJECT

public:
    struct Limits
    {
        std::chrono::milliseconds timeout{60'000};   // without any sign of life
        std::chrono::milliseconds maxTotal{600'000}; // progress never extends a request beyond this
    };
    using Completion = std::function<void(Result<QJsonObject>)>;

    explicit PendingRequests(QObject *parent = nullptr);
    ~PendingRequests() override;

    // A fresh id, unique among in-flight requests (ids are never reused within a connection).
    [[nodiscard]] qint64 allocateId();

    void add(qint64 id, const QString &method, Limits limits, QObject *context, Completion completion);
    [[nodiscard]] bool contains(qint64 id) const { return m_entries.contains(id); }
    [[nodiscard]] qsizetype size() const { return m_entries.size(); }

    // Completes the request the response names. False (and nothing happens) for an id that is not in
    // flight: a late answer to a timed-out or cancelled request, or a bogus one, is ignored.
    bool resolve(const QJsonObject &response);
    // A progress notification for the request whose progressToken is `id` (Portico uses the request id as
    // its token, unique among active requests): restarts its timeout, never past its maximum.
    void noteProgress(qint64 id);
    // Ends the request with `error` (the transport lost it, or the caller cancelled).
    void fail(qint64 id, const Error &error);
    void failAll(const Error &error);

Q_SIGNALS:
    // The request ran out of time and was completed with ErrorCode::Timeout; the transport should cancel it
    // on the wire (close its stream, or send notifications/cancelled).
    void timedOut(qint64 id, const QString &method);

private:
    struct Entry
    {
        QString method;
        Limits limits;
        QPointer<QObject> context;
        Completion completion;
        QElapsedTimer age;
        QDeadlineTimer deadline; // the end of the current timeout (restarted by progress)
    };

    void complete(qint64 id, Result<QJsonObject> outcome);
    void expire(qint64 id);
    // One timer for every request, armed at the earliest deadline: a request costs no timer object of its
    // own, and one that is answered in time cancels nothing (the timer looks again when it fires).
    void scheduleExpiry();
    void timerEvent(QTimerEvent *event) override;

    QHash<qint64, Entry> m_entries;
    qint64 m_nextId = 1;
    int m_timerId = 0;
    QDeadlineTimer m_timerArmedFor{QDeadlineTimer::Forever};
};

} // namespace portico
