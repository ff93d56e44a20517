#include "keychain/userruntimedirectory.h"

#include <QDir>
#include <QFile>

#include <algorithm>
#include <cctype>

#include <sys/stat.h>
#include <unistd.h>

namespace portico::user_runtime_directory {

QString adoptWhenUnset(const QString &runtimeRoot)
{
    if (qEnvironmentVariableIsSet("DBUS_SESSION_BUS_ADDRESS") || qEnvironmentVariableIsSet("XDG_RUNTIME_DIR"))
        return {};
    const QString directory = QDir(runtimeRoot).filePath(QString::number(::getuid()));
    // XDG Base Directory Specification, XDG_RUNTIME_DIR: "MUST be owned by the user, and he MUST be the only one
    // having read and write access to it. Its Unix access mode MUST be 0700." lstat: a symlink is not adopted.
    struct stat info = {};
    if (::lstat(QFile::encodeName(directory).constData(), &info) != 0 || !S_ISDIR(info.st_mode)
        || info.st_uid != ::getuid() || (info.st_mode & 07777) != 0700)
        return {};
    qputenv("XDG_RUNTIME_DIR", QFile::encodeName(directory));
    // libdbus and GLib look for `bus` in XDG_RUNTIME_DIR by themselves; the address is set too for other D-Bus
    // implementations, when the path needs no escaping (D-Bus specification, "Server Addresses").
    const QByteArray bus = QFile::encodeName(QDir(directory).filePath(QStringLiteral("bus")));
    struct stat busInfo = {};
    const bool plainPath = std::all_of(bus.cbegin(), bus.cend(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '/' || c == '-' || c == '_' || c == '.';
    });
    if (plainPath && ::lstat(bus.constData(), &busInfo) == 0 && S_ISSOCK(busInfo.st_mode)
        && busInfo.st_uid == ::getuid())
        qputenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=" + bus);
    return directory;
}

} // namespace portico::user_runtime_directory
