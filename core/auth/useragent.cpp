#include "auth/useragent.h"

namespace portico {

UserAgent::~UserAgent() = default;

} // namespace portico
