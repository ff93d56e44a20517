#pragma once

#include <QString>

#include <functional>

class QObject;

namespace portico {

// Asks the freedesktop Secret Service directly (over D-Bus, Secret Service API 0.2 "org.freedesktop.Secret.Service")
// what QtKeychain 0.13 with libsecret cannot tell: whether an entry exists but sits in a locked collection.
// libsecret tries to unlock such an entry with a prompt; when the person dismisses the prompt, or no prompter can
// show (no display, gcr-prompter missing), the read answers "entry not found" and a delete answers "done" although
// nothing was removed. SearchItems lists unlocked and locked items separately and never prompts.
//
// It also drops libsecret's cached connection to the service: libsecret keeps one per process, with an encryption
// session that dies with the daemon, so after gnome-keyring is restarted every call would fail with "The session
// does not exist" until Portico restarts.
class SecretServiceProbe
{
public:
    enum class ItemState {
        Absent,   // no entry under this service and key
        Unlocked, // there, and readable
        Locked,   // there, in a locked collection
        Unknown,  // the service did not answer the question
    };

    // `done` runs once, later, only while `context` lives (Unknown after `timeoutMs` without an answer).
    static void findItem(const QString &service, const QString &key, int timeoutMs, QObject *context,
                         std::function<void(ItemState)> done);

    // Makes libsecret connect afresh on its next call (secret_service_disconnect); does nothing when QtKeychain has
    // not loaded libsecret. QtKeychain loads libsecret at run time, so Portico does the same instead of linking it.
    static void forgetConnection();
};

} // namespace portico
