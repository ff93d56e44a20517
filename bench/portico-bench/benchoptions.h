#pragma once

#include "common/result.h"

#include <QString>
#include <QStringList>
#include <QUrl>

namespace portico::bench {

// portico-bench's command line, exactly as bench/README.md fixes it so any harness can drive it beside other clients:
//   portico-bench MODE --url URL [--duration S] [--warmup S] [--concurrency C] [--n N] [--warmup-n W]
//                      [--clients K] [--settle S] [--repeat R]
struct BenchOptions
{
    QString mode; // connect, seq, conc, list, idle, once
    QUrl url;
    double durationSeconds = 5;
    double warmupSeconds = 1;
    int concurrency = 8;
    int n = 20;
    int warmupN = 3;
    int clients = 20;
    double settleSeconds = 2;
    int repeat = 5;

    [[nodiscard]] static QStringList modes();
    // The options, or why the command line is not usable (a sentence for the person who typed it).
    [[nodiscard]] static Result<BenchOptions> parse(const QStringList &arguments);
    [[nodiscard]] static QString usage();
};

} // namespace portico::bench
