#pragma once

#include "benchoptions.h"
#include "common/result.h"

#include <QJsonObject>
#include <QObject>

#include <functional>
#include <memory>
#include <vector>

namespace portico::bench {

class BenchClient;

// The six measurements of bench/README.md, each producing the JSON object of the contract (the last stdout line).
// Set-up steps wait in a local event loop (a benchmark driver may block; the code it measures never does);
// the measured loops chain callbacks, so no event-loop start/stop sits between two calls.
class BenchModes : public QObject
{
    Q_OBJECT

public:
    explicit BenchModes(BenchOptions options, QObject *parent = nullptr);
    ~BenchModes() override;

    // Runs options.mode: the JSON object, or the first failure (a connection, a wrong echo, ...).
    [[nodiscard]] Result<QJsonObject> run();

    // Nearest-rank percentile (p in 0…100) of unsorted values; 0 for none.
    [[nodiscard]] static double percentile(std::vector<double> values, double p);

private:
    [[nodiscard]] Result<QJsonObject> connectMode();
    [[nodiscard]] Result<QJsonObject> callsMode(int concurrency);
    [[nodiscard]] Result<QJsonObject> listMode();
    [[nodiscard]] Result<QJsonObject> idleMode();
    [[nodiscard]] Result<QJsonObject> onceMode();

    // A new client, connected; null with the error when it could not connect.
    [[nodiscard]] Result<std::unique_ptr<BenchClient>> connectedClient();
    // Runs the event loop until `start` calls back (start(done) begins something asynchronous).
    template<typename T>
    [[nodiscard]] Result<T> wait(const std::function<void(std::function<void(Result<T>)>)> &start);
    void settle(double seconds);

    BenchOptions m_options;
};

} // namespace portico::bench
