// The authorization engine reading the config format: the include-rule check must refuse it.
#pragma once

#include "config/serverconfig.h"
