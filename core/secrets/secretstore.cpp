#include "secrets/secretstore.h"

namespace portico {

// Out of line so the vtable lives in one translation unit.
SecretStore::~SecretStore() = default;

} // namespace portico
