#pragma once

namespace portico::bench {

// This process's memory as the kernel counts it (/proc/self/status), in MiB: the figures the side-by-side
// benchmark compares with the Node clients, which read the same file (bench/sidebyside/common.mjs).
struct ProcessMemory
{
    double rssMb = 0; // VmRSS: resident now
    double hwmMb = 0; // VmHWM: the peak resident size so far

    [[nodiscard]] static ProcessMemory current();
};

} // namespace portico::bench
