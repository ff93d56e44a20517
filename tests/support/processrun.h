#pragma once

#include <QByteArray>
#include <QProcess>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

namespace portico::testing {

// How one run of a program ended: its exit code (-1 when it crashed or had to be killed) and what it printed.
struct ProcessRun
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

// Runs `program` with `arguments` in `environment` to the end, for tests of the `portico` executable's modes. A run
// still going after `timeoutMs` is killed and reported with exit code -1 and no output.
inline ProcessRun runProcess(const QString &program, const QStringList &arguments,
                             const QProcessEnvironment &environment, int timeoutMs = 30000)
{
    QProcess process;
    process.setProcessEnvironment(environment);
    process.start(program, arguments);
    if (!process.waitForFinished(timeoutMs)) {
        process.kill();
        process.waitForFinished();
        return {};
    }
    return {process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1, process.readAllStandardOutput(),
            process.readAllStandardError()};
}

} // namespace portico::testing
