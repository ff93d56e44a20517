#include "secrets/secretbatch.h"

#include "secrets/secretstore.h"

#include <QMetaObject>

#include <memory>

namespace portico {

SecretBatch::SecretBatch(SecretStore &store, QList<Change> changes, QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_changes(std::move(changes))
{
    m_previous.resize(m_changes.size());
}

SecretBatch::~SecretBatch() = default;

void SecretBatch::apply(Callback done)
{
    m_done = std::move(done);
    m_next = 0;
    m_applied = 0;
    readNext();
}

void SecretBatch::readNext()
{
    while (m_next < m_changes.size() && m_changes.at(m_next).keyIsNew)
        ++m_next;
    if (m_next == m_changes.size()) {
        m_next = 0;
        return applyNext();
    }
    m_store.readSecret(m_changes.at(m_next).key, this, [this](Result<QByteArray> previous) {
        if (previous.ok()) {
            m_previous[m_next] = std::move(previous).value();
        } else if (previous.error().code() != ErrorCode::SecretNotFound) {
            // Without the old value nothing could be put back on failure: change nothing.
            return finish(std::move(m_done), previous.error());
        }
        ++m_next;
        readNext();
    });
}

void SecretBatch::applyNext()
{
    if (m_applied == m_changes.size())
        return finish(std::move(m_done), Result<void>::success());
    const Change &change = m_changes.at(m_applied);
    auto next = [this](const Result<void> &changed) {
        // A failed write stores nothing (SecretStore contract): only the changes before it are undone.
        if (!changed.ok())
            return undo(m_applied, changed.error(), std::move(m_done));
        ++m_applied;
        applyNext();
    };
    if (change.value)
        m_store.writeSecret(change.key, *change.value, this, next);
    else
        m_store.deleteSecret(change.key, this, next);
}

void SecretBatch::restore(Callback done)
{
    undo(m_applied, std::nullopt, std::move(done));
}

void SecretBatch::undo(qsizetype count, std::optional<Error> cause, Callback done)
{
    if (count == 0)
        return finish(std::move(done), cause ? Result<void>(*cause) : Result<void>::success());
    struct Progress
    {
        qsizetype pending;
        std::optional<Error> firstFailure;
        Callback done;
    };
    auto progress = std::make_shared<Progress>(Progress{count, std::nullopt, std::move(done)});
    for (qsizetype i = 0; i < count; ++i) {
        auto restored = [this, progress, cause](const Result<void> &result) {
            if (!result.ok() && !progress->firstFailure)
                progress->firstFailure = result.error();
            if (--progress->pending > 0)
                return;
            if (!cause)
                return finish(std::move(progress->done),
                              progress->firstFailure ? Result<void>(*progress->firstFailure) : Result<void>::success());
            Error reported = *cause;
            if (progress->firstFailure)
                reported = Error(cause->code(),
                                 cause->message() + QLatin1Char(' ')
                                     + tr("Some secrets could not be put back as they were (%1).")
                                           .arg(progress->firstFailure->message()),
                                 cause->detail());
            finish(std::move(progress->done), reported);
        };
        if (const std::optional<QByteArray> &previous = m_previous.at(i))
            m_store.writeSecret(m_changes.at(i).key, *previous, this, restored);
        else
            m_store.deleteSecret(m_changes.at(i).key, this, restored);
    }
}

void SecretBatch::finish(Callback done, Result<void> result)
{
    // Queued, so `done` never runs inside apply() or restore() (docs/architecture.md, "Async and errors").
    QMetaObject::invokeMethod(
        this, [done = std::move(done), result = std::move(result)]() { done(result); }, Qt::QueuedConnection);
}

} // namespace portico
