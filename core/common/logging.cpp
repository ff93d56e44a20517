#include "common/logging.h"

namespace portico::logging {

Q_LOGGING_CATEGORY(net, "portico.net", QtInfoMsg)
Q_LOGGING_CATEGORY(auth, "portico.auth", QtInfoMsg)

} // namespace portico::logging
