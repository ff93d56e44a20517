// A protocol header that reaches into the authorization engine: the include-rule check must refuse it.
#pragma once

#include "auth/authsession.h"
#include "mcp/transport.h"
