#include "keychain/secretserviceprobe.h"

#include <QDBusConnection>
#include <QDBusMessage>
#include <QDBusMetaType>
#include <QDBusObjectPath>
#include <QDBusPendingCallWatcher>
#include <QDBusPendingReply>
#include <QMap>
#include <QObject>

#include <dlfcn.h>

namespace portico {

void SecretServiceProbe::findItem(const QString &service, const QString &key, int timeoutMs, QObject *context,
                                  std::function<void(ItemState)> done)
{
    using Attributes = QMap<QString, QString>;
    qDBusRegisterMetaType<Attributes>();
    QDBusMessage search = QDBusMessage::createMethodCall(
        QStringLiteral("org.freedesktop.secrets"), QStringLiteral("/org/freedesktop/secrets"),
        QStringLiteral("org.freedesktop.Secret.Service"), QStringLiteral("SearchItems"));
    // Only a question to a service already there: never start one (QtKeychain's own call did, if it could).
    search.setAutoStartService(false);
    // The attributes QtKeychain's libsecret schema stores: the service as "server", the key as "user".
    search << QVariant::fromValue(Attributes{{QStringLiteral("server"), service}, {QStringLiteral("user"), key}});
    auto *watcher = new QDBusPendingCallWatcher(QDBusConnection::sessionBus().asyncCall(search, timeoutMs), context);
    QObject::connect(watcher, &QDBusPendingCallWatcher::finished, context,
                     [done = std::move(done)](QDBusPendingCallWatcher *finished) {
                         finished->deleteLater();
                         const QDBusPendingReply<QList<QDBusObjectPath>, QList<QDBusObjectPath>> reply = *finished;
                         if (reply.isError())
                             return done(ItemState::Unknown);
                         if (!reply.argumentAt<1>().isEmpty())
                             return done(ItemState::Locked);
                         done(reply.argumentAt<0>().isEmpty() ? ItemState::Absent : ItemState::Unlocked);
                     });
}

void SecretServiceProbe::forgetConnection()
{
    // RTLD_NOLOAD: only the copy QtKeychain already loaded; never load libsecret for this.
    void *libsecret = dlopen("libsecret-1.so.0", RTLD_NOW | RTLD_NOLOAD);
    if (!libsecret)
        return;
    using Disconnect = void (*)();
    if (auto disconnect = reinterpret_cast<Disconnect>(dlsym(libsecret, "secret_service_disconnect")))
        disconnect();
    dlclose(libsecret);
}

} // namespace portico
