#include "host/serverlifecycle.h"

#include "auth/authsession.h"
#include "auth/servercredentials.h"
#include "config/importpreview.h"
#include "config/serverregistry.h"
#include "host/connectionmanager.h"
#include "secrets/secretbatch.h"
#include "secrets/secretstore.h"

#include <QMetaObject>
#include <QUuid>

#include <memory>

namespace portico {

namespace {

// Runs `done(result)` later on `context`'s thread, and not at all once `context` is gone.
template<typename T>
void deliverLater(QObject *context, std::function<void(Result<T>)> done, Result<T> result)
{
    QMetaObject::invokeMethod(
        context, [done = std::move(done), result = std::move(result)]() { done(result); }, Qt::QueuedConnection);
}

// Deletes a finished batch once its last callback has returned.
void dispose(SecretBatch *batch)
{
    batch->deleteLater();
}

bool isSecretHeader(const ServerConfig &config, const QString &name)
{
    for (const ServerConfig::Header &header : config.headers) {
        if (header.secret && header.name.compare(name, Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

} // namespace

ServerLifecycle::ServerLifecycle(ServerRegistry &registry, SecretStore *secrets, QObject *parent)
    : QObject(parent)
    , m_registry(registry)
    , m_secrets(secrets)
{}

ServerLifecycle::~ServerLifecycle() = default;

// Runs a secret batch, then `commit` (a registry write). When the batch fails nothing changed; when the
// commit fails the batch is undone. Either way `done` gets the first failure.
static void applyThenCommit(SecretStore *store, QList<SecretBatch::Change> changes, QObject *owner,
                            const QPointer<QObject> &context, const std::function<Result<void>()> &commit,
                            const std::function<void(Result<void>)> &done)
{
    const auto finish = [context, done](const Result<void> &result) {
        if (context)
            done(result);
    };
    if (changes.isEmpty() || !store) {
        if (!changes.isEmpty()) {
            return deliverLater<void>(owner, finish,
                                      Error(ErrorCode::KeychainUnavailable,
                                            ServerLifecycle::tr("No keychain is available to keep this server's "
                                                                "secrets, so nothing was changed.")));
        }
        return deliverLater<void>(
            owner, [finish, commit](const Result<void> &) { finish(commit()); }, Result<void>::success());
    }
    auto *batch = new SecretBatch(*store, std::move(changes), owner);
    batch->apply([batch, commit, finish](const Result<void> &applied) {
        if (!applied.ok()) {
            dispose(batch);
            return finish(applied);
        }
        Result<void> committed = commit();
        if (committed.ok()) {
            dispose(batch);
            return finish(committed);
        }
        batch->restore([batch, committed, finish](const Result<void> &restored) {
            dispose(batch);
            if (restored.ok())
                return finish(committed);
            const Error &cause = committed.error();
            finish(Error(cause.code(),
                         cause.message() + QLatin1Char(' ')
                             + ServerLifecycle::tr("Some secrets it had stored could not be removed again (%1).")
                                   .arg(restored.error().message()),
                         cause.detail()));
        });
    });
}

void ServerLifecycle::save(ServerConfig config, SecretEdits secrets, QObject *context, Callback done)
{
    QObject *target = context ? context : this;
    const std::optional<ServerConfig> existing = m_registry.find(config.id());
    QList<SecretBatch::Change> changes;
    const bool isNew = !existing.has_value();
    if (secrets.clientSecret) {
        config.hasClientSecret = !secrets.clientSecret->isEmpty();
        changes.append({config.clientSecretKey(),
                        secrets.clientSecret->isEmpty() ? std::nullopt : std::optional(*secrets.clientSecret), isNew});
    }
    for (auto it = secrets.headerValues.cbegin(); it != secrets.headerValues.cend(); ++it) {
        if (!isSecretHeader(config, it.key())) {
            return deliverLater<void>(
                target, std::move(done),
                Error(ErrorCode::InvalidArgument, tr("The header %1 is not marked secret, so its value cannot go to "
                                                     "the keychain.")
                                                      .arg(it.key())));
        }
        changes.append({config.headerSecretKey(it.key()), it.value(), isNew});
    }
    if (existing) {
        // A secret header the edit dropped (or made plain) leaves no secret behind.
        for (const ServerConfig::Header &header : existing->headers) {
            if (header.secret && !isSecretHeader(config, header.name))
                changes.append({existing->headerSecretKey(header.name), std::nullopt, false});
        }
    }
    // Bad input changes nothing: the registry's own checks run before any secret is touched.
    if (!m_registry.isWritable())
        return deliverLater<void>(target, std::move(done),
                                  Error(ErrorCode::ConfigInvalid, tr("The server list cannot be changed: it could "
                                                                     "not be read when Portico started.")));
    if (Result<void> valid = config.validate(); !valid.ok())
        return deliverLater<void>(target, std::move(done), valid);

    applyThenCommit(
        m_secrets, std::move(changes), this, target,
        [this, config, isNew]() { return isNew ? m_registry.add(config) : m_registry.update(config); }, done);
}

void ServerLifecycle::importServers(const ImportPreview &preview, QObject *context,
                                    std::function<void(Result<qsizetype>)> done)
{
    QObject *target = context ? context : this;
    QList<SecretBatch::Change> changes;
    for (const ImportPreview::PendingSecret &secret : preview.secretsToStore())
        changes.append({secret.key, secret.value, true}); // new servers: their keys hold nothing yet
    const QList<ServerConfig> configs = preview.configsToAdd();
    applyThenCommit(
        m_secrets, std::move(changes), this, target, [this, configs]() { return m_registry.addAll(configs); },
        [done = std::move(done), count = qsizetype(configs.size())](const Result<void> &result) {
            done(result.ok() ? Result<qsizetype>(count) : Result<qsizetype>(result.error()));
        });
}

void ServerLifecycle::duplicate(const QString &serverId, QObject *context,
                                std::function<void(Result<ServerConfig>)> done)
{
    QObject *target = context ? context : this;
    const std::optional<ServerConfig> original = m_registry.find(serverId);
    if (!original) {
        return deliverLater<ServerConfig>(
            target, std::move(done),
            Error(ErrorCode::InvalidArgument, tr("There is no server with the id %1.").arg(serverId)));
    }
    ServerConfig copy = *original;
    copy.setId(QUuid::createUuid().toString(QUuid::WithoutBraces));
    copy.name = tr("%1 (copy)").arg(original->name);
    copySecrets(*original, std::move(copy), target, std::move(done));
}

// What a duplicate carries while the original's secrets are read, one at a time.
struct ServerLifecycle::SecretCopy
{
    ServerConfig original;
    ServerConfig copy;
    bool clientSecretPending = false;
    QStringList headerNames; // secret headers still to read
    SecretEdits edits;
    QPointer<QObject> context;
    std::function<void(Result<ServerConfig>)> done;
};

// Reads the original's secrets one by one (a missing one stays missing in the copy), then saves the copy
// with them. A keychain that refuses a read stops the copy before anything was written.
void ServerLifecycle::copySecrets(ServerConfig original, ServerConfig copy, QObject *context,
                                  std::function<void(Result<ServerConfig>)> done)
{
    auto state = std::make_shared<SecretCopy>();
    state->original = std::move(original);
    state->copy = std::move(copy);
    state->copy.hasClientSecret = false; // until its secret is copied
    state->clientSecretPending = state->original.hasClientSecret && m_secrets;
    for (const ServerConfig::Header &header : state->original.headers) {
        if (header.secret && m_secrets)
            state->headerNames.append(header.name);
    }
    state->context = context;
    state->done = std::move(done);
    // Start on the next turn of the event loop, like every other path (never synchronously).
    QMetaObject::invokeMethod(
        this, [this, state]() { copyNextSecret(state); }, Qt::QueuedConnection);
}

void ServerLifecycle::copyNextSecret(const std::shared_ptr<SecretCopy> &state)
{
    const auto afterRead = [this, state](const std::function<void(const QByteArray &)> &keep) {
        return [this, state, keep](const Result<QByteArray> &read) {
            if (read.ok())
                keep(read.value());
            else if (read.error().code() != ErrorCode::SecretNotFound)
                return state->context ? state->done(read.error()) : void();
            copyNextSecret(state);
        };
    };
    if (state->clientSecretPending) {
        state->clientSecretPending = false;
        return m_secrets->readSecret(
            state->original.clientSecretKey(), this,
            afterRead([state](const QByteArray &value) { state->edits.clientSecret = value; }));
    }
    if (!state->headerNames.isEmpty()) {
        const QString name = state->headerNames.takeFirst();
        return m_secrets->readSecret(
            state->original.headerSecretKey(name), this,
            afterRead([state, name](const QByteArray &value) { state->edits.headerValues.insert(name, value); }));
    }
    if (!state->context)
        return;
    const ServerConfig copy = state->copy;
    save(copy, std::move(state->edits), state->context, [state, copy](const Result<void> &result) {
        state->done(result.ok() ? Result<ServerConfig>(copy) : Result<ServerConfig>(result.error()));
    });
}

void ServerLifecycle::remove(const QString &serverId, QObject *context, Callback done)
{
    QObject *target = context ? context : this;
    const std::optional<ServerConfig> config = m_registry.find(serverId);
    if (!config) {
        return deliverLater<void>(
            target, std::move(done),
            Error(ErrorCode::InvalidArgument, tr("There is no server with the id %1.").arg(serverId)));
    }
    AuthSession *auth = m_connections ? m_connections->authSession(serverId) : nullptr;
    if (!auth)
        return deleteSecretsAndConfig(*config, target, std::move(done));
    // Revocation first (RFC 7009 §2); local copies go whatever the authorization server answered.
    QPointer<QObject> guard(target);
    auth->signOut([this, config = *config, guard, done = std::move(done)](Result<void>) {
        if (guard)
            deleteSecretsAndConfig(config, guard, done);
    });
}

void ServerLifecycle::deleteSecretsAndConfig(const ServerConfig &config, QObject *context, Callback done)
{
    // Every key the server may own, whatever the config records: an earlier failure may have left one.
    QList<SecretBatch::Change> changes{{config.clientSecretKey(), std::nullopt, false},
                                       {ServerCredentials::secretKey(config.id()), std::nullopt, false}};
    for (const ServerConfig::Header &header : config.headers) {
        if (header.secret)
            changes.append({config.headerSecretKey(header.name), std::nullopt, false});
    }
    if (!m_secrets)
        changes.clear(); // nothing can have been stored
    const QString id = config.id();
    applyThenCommit(
        m_secrets, std::move(changes), this, context, [this, id]() { return m_registry.remove(id); }, done);
}

} // namespace portico
