#pragma once

#include "common/result.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QString>

#include <functional>
#include <optional>

namespace portico {

class SecretStore;

// Several secret changes made as one step that can be taken back: the way a server's secrets are saved
// before the registry claims they exist (docs/architecture.md, "Saving a server"). apply() writes or deletes
// the keys in order; when one fails, it puts back what it had already changed and reports that failure, so
// the keychain is as it was. After a successful apply(), restore() puts back what the keys held before
// (the caller's next step, e.g. the registry write, failed).
//
// What a key held before is read first, unless the change says the key is new (an import or a new server:
// nothing to read, and no keychain prompt for it). Secrets are held in memory only while the batch lives.
class SecretBatch : public QObject
{
    Q_OBJECT

public:
    struct Change
    {
        QString key;
        std::optional<QByteArray> value; // nullopt: delete the key
        bool keyIsNew = false;           // nothing stored under `key` yet: restoring deletes it
    };
    using Callback = std::function<void(Result<void>)>;

    SecretBatch(SecretStore &store, QList<Change> changes, QObject *parent = nullptr);
    ~SecretBatch() override;

    [[nodiscard]] bool isEmpty() const { return m_changes.isEmpty(); }

    // `done` runs exactly once, never synchronously, never after this batch is destroyed.
    void apply(Callback done);
    // Undoes a successful apply(). `done` gets the first failure, if any (the keys it could restore are
    // restored all the same).
    void restore(Callback done);

private:
    void readNext();
    void applyNext();
    void undo(qsizetype count, std::optional<Error> cause, Callback done);
    void finish(Callback done, Result<void> result);

    SecretStore &m_store;
    QList<Change> m_changes;
    QList<std::optional<QByteArray>> m_previous; // what each key held (nullopt: nothing)
    qsizetype m_next = 0;
    qsizetype m_applied = 0;
    Callback m_done;
};

} // namespace portico
