#pragma once

#include <QtGlobal>

namespace portico {

// A process's memory as the kernel counts it (/proc/<pid>/status), in MiB: the figures the side-by-side
// benchmark compares with the Node clients, which read the same file (bench/sidebyside/common.mjs), and the
// whole-app figures of the desktop (docs/architecture.md, "Performance"). All zero where /proc does not exist.
struct ProcessMemory
{
    double rssMb = 0; // VmRSS: resident now
    double hwmMb = 0; // VmHWM: the peak resident size so far

    // This process.
    [[nodiscard]] static ProcessMemory current();
    // This process and every process it started, transitively (the embedded browser's helper processes
    // included), summed; hwmMb is the sum of their peaks.
    [[nodiscard]] static ProcessMemory currentTree();
};

} // namespace portico
