#include "common/processmemory.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QDir>
#include <QFile>

namespace portico {

namespace {

// The "<name>:   1234 kB" line of /proc/<pid>/status, in MiB (0 when absent, e.g. not on Linux).
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

QByteArray readProcFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    // /proc files report size 0: read until the end rather than by size.
    return file.readAll();
}

ProcessMemory memoryOf(const QString &pid)
{
    const QByteArray status = readProcFile(QStringLiteral("/proc/%1/status").arg(pid));
    return {field(status, "VmRSS"), field(status, "VmHWM")};
}

} // namespace

ProcessMemory ProcessMemory::current()
{
    return memoryOf(QStringLiteral("self"));
}

ProcessMemory ProcessMemory::currentTree()
{
    ProcessMemory total;
    QList<QString> pending{QString::number(QCoreApplication::applicationPid())};
    while (!pending.isEmpty()) {
        const QString pid = pending.takeLast();
        const ProcessMemory one = memoryOf(pid);
        total.rssMb += one.rssMb;
        total.hwmMb += one.hwmMb;
        // proc(5): /proc/<pid>/task/<tid>/children lists the children each thread started.
        const QStringList tasks =
            QDir(QStringLiteral("/proc/%1/task").arg(pid)).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
        for (const QString &task : tasks) {
            const QByteArray children = readProcFile(QStringLiteral("/proc/%1/task/%2/children").arg(pid, task));
            for (const QByteArray &child : children.split(' ')) {
                if (!child.trimmed().isEmpty())
                    pending.append(QString::fromLatin1(child.trimmed()));
            }
        }
    }
    return total;
}

} // namespace portico
