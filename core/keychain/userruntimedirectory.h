#pragma once

#include <QString>

namespace portico::user_runtime_directory {

// Finds the person's session bus when the process was started with a stripped environment.
//
// Apps start `portico bridge` with only a few variables: the MCP SDK's StdioClientTransport, for one, passes
// HOME, LOGNAME, PATH, SHELL, TERM and USER unless told otherwise. Without DBUS_SESSION_BUS_ADDRESS and
// XDG_RUNTIME_DIR, libsecret cannot find the session bus, so the keychain, and with it every stored sign-in,
// is out of reach. The runtime directory has a well-known place (pam_systemd creates `/run/user/<uid>`, and the
// bus listens on `bus` inside it), so when neither variable is set this sets XDG_RUNTIME_DIR to that directory,
// and DBUS_SESSION_BUS_ADDRESS to its `bus` socket when there is one, but only for a directory that passes the
// XDG Base Directory Specification's rule for it: owned by this user, who alone may read, write or enter it
// (mode 0700). Anything else is left alone, and the keychain then reports itself unavailable as before.
//
// Returns the directory it adopted, or an empty string. Call it before anything uses D-Bus.
QString adoptWhenUnset(const QString &runtimeRoot = QStringLiteral("/run/user"));

} // namespace portico::user_runtime_directory
