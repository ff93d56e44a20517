// Fuzz target: jsonc_edit, the text editor --connect-app uses on other apps' JSON and JSONC files. Whatever the
// file holds, an edit either is refused or gives a file the JSONC reader parses, with exactly the bridge entry
// under the servers key and every other server as it was; removing the entry again leaves none.
#include "config/connectapp.h"
#include "config/jsonc.h"
#include "config/jsoncedit.h"
#include "fuzzsupport.h"

#include <QJsonArray>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    portico::fuzzing::ensureApplication();
    using namespace portico;
    const QByteArrayView input = fuzzing::bytesOf(data, size);
    const QString serversKey = QStringLiteral("mcpServers");
    const QString key = QStringLiteral("portico-test");
    const connect_app::EntryMembers entry =
        connect_app::bridgeEntry(ConnectApp::VsCode, QStringLiteral("/usr/bin/portico"), QStringLiteral("id"));
    QJsonObject expected;
    for (const auto &[name, value] : entry)
        expected.insert(name, value);

    const Result<QJsonObject> before = jsonc::parseObject(input, jsonc::Dialect::Tolerant);
    const Result<QByteArray> edited = jsonc_edit::setMember(input, serversKey, key, entry);
    if (!edited)
        return 0;
    const Result<QJsonObject> after = jsonc::parseObject(edited.value(), jsonc::Dialect::Tolerant);
    if (!after)
        __builtin_trap(); // the edit broke the file
    QJsonObject servers = after.value().value(serversKey).toObject();
    if (servers.value(key).toObject() != expected)
        __builtin_trap(); // the entry is not what was written
    if (before) {
        // Every other server, and every other top-level member, is as it was.
        QJsonObject others = before.value().value(serversKey).toObject();
        others.remove(key);
        servers.remove(key);
        QJsonObject rootBefore = before.value();
        QJsonObject rootAfter = after.value();
        rootBefore.remove(serversKey);
        rootAfter.remove(serversKey);
        if (servers != others || rootBefore != rootAfter)
            __builtin_trap();
    }

    const Result<QByteArray> removed = jsonc_edit::removeMember(edited.value(), serversKey, key);
    if (!removed)
        __builtin_trap();
    const Result<QJsonObject> reread = jsonc::parseObject(removed.value(), jsonc::Dialect::Tolerant);
    if (!reread)
        __builtin_trap(); // removing broke the file
    const bool hadKey = before && before.value().value(serversKey).toObject().contains(key);
    if (!hadKey && reread.value().value(serversKey).toObject().contains(key))
        __builtin_trap();
    return 0;
}
