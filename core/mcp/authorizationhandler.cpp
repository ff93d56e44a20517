#include "mcp/authorizationhandler.h"

namespace portico {

// Out of line so the vtable lives in one translation unit.
AuthorizationHandler::~AuthorizationHandler() = default;

} // namespace portico
