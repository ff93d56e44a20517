#pragma once

#include <QLoggingCategory>

// Portico's logging categories. Debug output is off unless enabled (QT_LOGGING_RULES="portico.*=true");
// whatever is logged is already redacted (docs/architecture.md, "Security rules": no token, code, verifier or secret
// ever).
namespace portico::logging {

Q_DECLARE_LOGGING_CATEGORY(net)  // portico.net: every HTTP exchange, one redacted line each
Q_DECLARE_LOGGING_CATEGORY(auth) // portico.auth: every sign-in step of every server (the timeline)

} // namespace portico::logging
