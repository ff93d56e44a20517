#include "benchmodes.h"

#include "benchclient.h"
#include "common/processmemory.h"
#include "mcp/mcpsession.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QJsonArray>
#include <QTimer>

#include <algorithm>
#include <cmath>

namespace portico::bench {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("portico::bench::BenchModes", text);
}

// Figures with three decimals: enough for milliseconds and MiB, short enough to read.
double rounded(double value, int digits = 3)
{
    const double scale = std::pow(10.0, digits);
    return std::round(value * scale) / scale;
}

double millisecondsSince(const QElapsedTimer &timer)
{
    return static_cast<double>(timer.nsecsElapsed()) / 1e6;
}

double median(std::vector<double> values)
{
    return BenchModes::percentile(std::move(values), 50);
}

// The echo tool of the fast server and of server-everything answers "Echo: <message>" (bench/README.md: the seq and
// conc modes check the text, so a client that skips work cannot look fast).
Result<void> checkEcho(const Result<QJsonObject> &result)
{
    if (!result.ok())
        return result.error();
    const QString text = result.value()
                             .value(QStringLiteral("content"))
                             .toArray()
                             .at(0)
                             .toObject()
                             .value(QStringLiteral("text"))
                             .toString();
    if (text != u"Echo: hello")
        return Error(ErrorCode::MalformedResponse, tr("The echo tool did not answer “Echo: hello”."));
    return Result<void>::success();
}

const QJsonObject &echoArguments()
{
    static const QJsonObject arguments{{QStringLiteral("message"), QStringLiteral("hello")}};
    return arguments;
}

} // namespace

BenchModes::BenchModes(BenchOptions options, QObject *parent)
    : QObject(parent)
    , m_options(std::move(options))
{}

BenchModes::~BenchModes() = default;

double BenchModes::percentile(std::vector<double> values, double p)
{
    if (values.empty())
        return 0;
    std::sort(values.begin(), values.end());
    const auto rank = static_cast<qsizetype>(std::ceil(p / 100.0 * static_cast<double>(values.size()))) - 1;
    return values.at(static_cast<size_t>(std::clamp<qsizetype>(rank, 0, static_cast<qsizetype>(values.size()) - 1)));
}

template<typename T>
Result<T> BenchModes::wait(const std::function<void(std::function<void(Result<T>)>)> &start)
{
    QEventLoop loop;
    std::optional<Result<T>> outcome;
    start([&outcome, &loop](Result<T> result) {
        outcome.emplace(std::move(result));
        loop.quit();
    });
    if (!outcome)
        loop.exec();
    return std::move(*outcome);
}

void BenchModes::settle(double seconds)
{
    QEventLoop loop;
    QTimer::singleShot(static_cast<int>(seconds * 1000), &loop, &QEventLoop::quit);
    loop.exec();
}

Result<std::unique_ptr<BenchClient>> BenchModes::connectedClient()
{
    auto client = std::make_unique<BenchClient>(m_options.url);
    const Result<void> connected =
        wait<void>([&client](std::function<void(Result<void>)> done) { client->connectToServer(std::move(done)); });
    if (!connected.ok())
        return connected.error();
    return client;
}

Result<QJsonObject> BenchModes::run()
{
    const QString &mode = m_options.mode;
    Result<QJsonObject> result = mode == u"connect" ? connectMode()
                                 : mode == u"seq"   ? callsMode(1)
                                 : mode == u"conc"  ? callsMode(m_options.concurrency)
                                 : mode == u"list"  ? listMode()
                                 : mode == u"idle"  ? idleMode()
                                                    : onceMode();
    if (!result.ok())
        return result;
    QJsonObject object = result.value();
    object.insert(QStringLiteral("client"), QStringLiteral("portico"));
    object.insert(QStringLiteral("mode"), mode);
    return object;
}

// connect: W warm-up connections, then N fresh clients one after another, each timed from initialize to
// notifications/initialized accepted. first_ms is the process's very first connection (cold: DNS, the
// QNetworkAccessManager's first use), the others figures cover the N measured ones.
Result<QJsonObject> BenchModes::connectMode()
{
    std::vector<double> times;
    double first = 0;
    for (int i = 0; i < m_options.warmupN + m_options.n; ++i) {
        QElapsedTimer timer;
        timer.start();
        auto client = connectedClient();
        const double elapsed = millisecondsSince(timer);
        if (!client.ok())
            return client.error();
        if (i == 0)
            first = elapsed;
        if (i >= m_options.warmupN)
            times.push_back(elapsed);
        client.value()->close();
    }
    return QJsonObject{{QStringLiteral("median_ms"), rounded(median(times))},
                       {QStringLiteral("first_ms"), rounded(first)},
                       {QStringLiteral("min_ms"), rounded(*std::min_element(times.begin(), times.end()))},
                       {QStringLiteral("max_ms"), rounded(*std::max_element(times.begin(), times.end()))}};
}

// seq (one call in flight) and conc (C in flight) on one client: tools/call echo, warm-up not counted, then
// the measured window; a call that completes after the window closed is not counted.
Result<QJsonObject> BenchModes::callsMode(int concurrency)
{
    auto connected = connectedClient();
    if (!connected.ok())
        return connected.error();
    McpSession *session = connected.value()->session();

    struct State
    {
        QElapsedTimer clock;
        qint64 windowStart = -1; // ns on `clock`; -1: warming up
        qint64 windowEnd = -1;
        qint64 warmupNs = 0;
        qint64 durationNs = 0;
        int inFlight = 0;
        bool stopping = false;
        std::vector<double> latencies;
        std::optional<Error> error;
        std::function<void(Result<void>)> finished;
    };
    State state;
    state.warmupNs = static_cast<qint64>(m_options.warmupSeconds * 1e9);
    state.durationNs = static_cast<qint64>(m_options.durationSeconds * 1e9);
    state.latencies.reserve(1 << 16);

    std::function<void()> issue = [&state, &issue, session, this]() {
        const qint64 sent = state.clock.nsecsElapsed();
        ++state.inFlight;
        session->callTool(QStringLiteral("echo"), echoArguments(), this,
                          [&state, &issue, sent](Result<QJsonObject> result) {
                              --state.inFlight;
                              const qint64 now = state.clock.nsecsElapsed();
                              if (const Result<void> checked = checkEcho(result); !checked.ok() && !state.error) {
                                  state.error = checked.error();
                                  state.stopping = true;
                              }
                              if (!state.stopping) {
                                  if (state.windowStart < 0 && now >= state.warmupNs) {
                                      state.windowStart = now; // warm-up over: measure from here
                                  } else if (state.windowStart >= 0 && sent >= state.windowStart) {
                                      state.latencies.push_back(static_cast<double>(now - sent) / 1e6);
                                      if (now - state.windowStart >= state.durationNs) {
                                          state.stopping = true;
                                          state.windowEnd = now;
                                      }
                                  }
                              }
                              if (!state.stopping)
                                  issue();
                              else if (state.inFlight == 0 && state.finished)
                                  std::exchange(state.finished, {})(Result<void>::success());
                          });
    };

    const Result<void> ran = wait<void>([&state, &issue, concurrency](std::function<void(Result<void>)> done) {
        state.finished = std::move(done);
        state.clock.start();
        for (int i = 0; i < concurrency; ++i)
            issue();
    });
    if (state.error)
        return *state.error;
    if (!ran.ok())
        return ran.error();
    const double seconds = static_cast<double>(state.windowEnd - state.windowStart) / 1e9;
    const auto calls = static_cast<qint64>(state.latencies.size());
    const QJsonObject result{
        {QStringLiteral("rps"), rounded(static_cast<double>(calls) / seconds, 1)},
        {QStringLiteral("lat_ms"), QJsonObject{{QStringLiteral("p50"), rounded(percentile(state.latencies, 50))},
                                               {QStringLiteral("p99"), rounded(percentile(state.latencies, 99))}}},
        {QStringLiteral("calls"), calls},
        {QStringLiteral("mem_end"), QJsonObject{{QStringLiteral("rss_mb"), rounded(ProcessMemory::current().rssMb)}}},
    };
    connected.value()->close();
    return result;
}

// list: connect, then list every tool following nextCursor (McpSession::listTools, as the app does) R times.
Result<QJsonObject> BenchModes::listMode()
{
    const ProcessMemory before = ProcessMemory::current();
    auto connected = connectedClient();
    if (!connected.ok())
        return connected.error();
    McpSession *session = connected.value()->session();
    std::vector<double> times;
    qsizetype tools = 0;
    for (int i = 0; i < m_options.repeat; ++i) {
        QElapsedTimer timer;
        timer.start();
        const auto listed = wait<QList<Tool>>(
            [session, this](std::function<void(Result<QList<Tool>>)> done) { session->listTools(this, done); });
        times.push_back(millisecondsSince(timer));
        if (!listed.ok())
            return listed.error();
        tools = listed.value().size();
    }
    const ProcessMemory after = ProcessMemory::current();
    const double first = times.front();
    std::vector<double> warm(times.size() > 1 ? times.begin() + 1 : times.begin(), times.end());
    connected.value()->close();
    return QJsonObject{{QStringLiteral("ms"), rounded(first)},
                       {QStringLiteral("warm_median_ms"), rounded(median(warm))},
                       {QStringLiteral("tools"), tools},
                       {QStringLiteral("rss_before_mb"), rounded(before.rssMb)},
                       {QStringLiteral("rss_after_mb"), rounded(after.rssMb)},
                       {QStringLiteral("hwm_after_mb"), rounded(after.hwmMb)}};
}

// idle: resident memory with no client, with one connected, with K connected (settling S s before each).
Result<QJsonObject> BenchModes::idleMode()
{
    settle(m_options.settleSeconds);
    const double rss0 = ProcessMemory::current().rssMb;
    std::vector<std::unique_ptr<BenchClient>> clients;
    auto first = connectedClient();
    if (!first.ok())
        return first.error();
    clients.push_back(std::move(first).value());
    settle(m_options.settleSeconds);
    const double rss1 = ProcessMemory::current().rssMb;
    while (static_cast<int>(clients.size()) < m_options.clients) {
        auto client = connectedClient();
        if (!client.ok())
            return client.error();
        clients.push_back(std::move(client).value());
    }
    settle(m_options.settleSeconds);
    const double rss = ProcessMemory::current().rssMb;
    const auto count = static_cast<double>(clients.size());
    return QJsonObject{
        {QStringLiteral("rss0_mb"), rounded(rss0)},
        {QStringLiteral("rss1_mb"), rounded(rss1)},
        {QStringLiteral("rss_mb"), rounded(rss)},
        {QStringLiteral("clients"), static_cast<qint64>(clients.size())},
        {QStringLiteral("per_client_kb"), rounded(count > 1 ? (rss - rss1) * 1024 / (count - 1) : 0, 1)}};
}

// once: what a short-lived invocation does (connect, the first page of tools/list, one call, close); the
// harness times the whole process from outside.
Result<QJsonObject> BenchModes::onceMode()
{
    auto connected = connectedClient();
    if (!connected.ok())
        return connected.error();
    McpSession *session = connected.value()->session();
    const auto page = wait<QJsonObject>([session, this](std::function<void(Result<QJsonObject>)> done) {
        session->request(QStringLiteral("tools/list"), {}, this, done);
    });
    if (!page.ok())
        return page.error();
    const auto called = wait<QJsonObject>([session, this](std::function<void(Result<QJsonObject>)> done) {
        session->callTool(QStringLiteral("echo"), echoArguments(), this, done);
    });
    if (const Result<void> checked = checkEcho(called); !checked.ok())
        return checked.error();
    connected.value()->close();
    return QJsonObject{
        {QStringLiteral("tools_first_page"), page.value().value(QStringLiteral("tools")).toArray().size()}};
}

} // namespace portico::bench
