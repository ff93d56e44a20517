#include "processmemory.h"

#include <QByteArray>
#include <QFile>

namespace portico::bench {

namespace {

// The "<name>:   1234 kB" line of /proc/self/status, in MiB (0 when absent, e.g. not on Linux).
double field(const QByteArray &status, QByteArrayView name)
{
    const QList<QByteArray> lines = status.split('\n');
    for (QByteArrayView line : lines) {
        if (!line.startsWith(name) || line.size() <= name.size() || line.at(name.size()) != ':')
            continue;
        QByteArrayView value = line.sliced(name.size() + 1).trimmed();
        if (value.endsWith("kB"))
            value.chop(2);
        return value.trimmed().toDouble() / 1024.0;
    }
    return 0;
}

} // namespace

ProcessMemory ProcessMemory::current()
{
    QFile file(QStringLiteral("/proc/self/status"));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    // /proc files report size 0: read until the end rather than by size.
    const QByteArray status = file.readAll();
    return {field(status, "VmRSS"), field(status, "VmHWM")};
}

} // namespace portico::bench
