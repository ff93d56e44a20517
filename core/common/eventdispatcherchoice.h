#pragma once

namespace portico {

// Processes with no desktop and no keychain (portico --conformance, portico-bench) run on Qt's own event
// dispatcher (the documented QT_NO_GLIB switch). GLib's dispatcher signals its eventfd for every posted
// event and every socket-notifier change, where Qt's coalesces wake-ups: an MCP request costs 7 system
// calls instead of 15 (strace -c on portico-bench seq; docs/architecture.md, "Performance"). Everything that may touch
// the keychain keeps GLib's: QtKeychain's libsecret backend answers through GLib's main loop and never answers
// without it (`portico --call` then reports the keychain as unavailable), and the desktop's platform
// themes and input methods expect it too. Call before the QCoreApplication exists. A QT_NO_GLIB already
// in the environment (even empty, which keeps GLib) is left as it is.
void preferQtEventDispatcher();

} // namespace portico
