#pragma once

#include <QObject>

namespace portico {

// Hidden hook for the startup benchmark (bench/sidebyside/run.py; docs/architecture.md, "Performance"): with
// PORTICO_BENCH_STARTUP set, main() installs it on the main window; the window's first paint prints its
// CLOCK_MONOTONIC time (the harness took the same clock before starting the process) and the resident
// memory, then Portico quits. Not documented for users: it exists only so the benchmark measures the real
// startup path.
class FirstPaintProbe : public QObject
{
public:
    using QObject::QObject;

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    bool m_seen = false;
};

} // namespace portico
