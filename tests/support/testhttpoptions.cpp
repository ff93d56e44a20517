#include "testhttpoptions.h"

#include <QLatin1StringView>

namespace portico::testing {

using namespace std::chrono_literals;

HttpClient::Options engineOptions()
{
    HttpClient::Options options;
    if (qEnvironmentVariable("PORTICO_TEST_HTTP_ENGINE") == QLatin1StringView("http1"))
        options.engine = HttpClient::Options::Engine::Http1;
    return options;
}

HttpClient::Options fastOptions()
{
    HttpClient::Options options = engineOptions();
    options.responseTimeout = 10s;
    options.idleTimeout = 10s;
    options.totalTimeout = 20s;
    return options;
}

} // namespace portico::testing
