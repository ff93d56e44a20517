#pragma once

#include "net/httpclient.h"

namespace portico::testing {

// HttpClient options for tests against loopback peers.

// The default options with the engine named by PORTICO_TEST_HTTP_ENGINE: "http1" selects the Http1
// engine (CMake registers "_http1" variants of the HttpClient tests that set it, since both engines must
// keep every promise of httpclient.h); unset, the default engine.
[[nodiscard]] HttpClient::Options engineOptions();

// engineOptions() with timeouts short enough that a hang fails the test fast, long enough for a loaded
// CI machine: response headers within 10 s, no 10 s without a byte, 20 s for a whole exchange.
[[nodiscard]] HttpClient::Options fastOptions();

} // namespace portico::testing
