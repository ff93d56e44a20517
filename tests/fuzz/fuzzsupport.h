#pragma once

// What every fuzz target shares: a QCoreApplication (some Qt classes expect one), and the input split
// into parts, so one input can drive a parser with several arguments. libFuzzer calls
// LLVMFuzzerTestOneInput once per input; a crash, a sanitizer report or a leak is a finding.

#include <QByteArray>
#include <QByteArrayView>
#include <QCoreApplication>
#include <QList>

#include <cstddef>
#include <cstdint>

namespace portico::fuzzing {

inline void ensureApplication()
{
    static int argc = 1;
    static char name[] = "portico-fuzz";
    static char *argv[] = {name, nullptr};
    static QCoreApplication *application = QCoreApplication::instance() ? nullptr : new QCoreApplication(argc, argv);
    Q_UNUSED(application);
}

inline QByteArrayView bytesOf(const uint8_t *data, size_t size)
{
    return {reinterpret_cast<const char *>(data), qsizetype(size)};
}

// The input cut at each "\n--\n" into at most `maxParts` parts (the last part keeps the rest).
inline QList<QByteArray> splitInput(QByteArrayView input, int maxParts)
{
    QList<QByteArray> parts;
    const QByteArrayView separator("\n--\n");
    while (parts.size() < maxParts - 1) {
        const qsizetype at = input.indexOf(separator);
        if (at < 0)
            break;
        parts.append(input.first(at).toByteArray());
        input = input.sliced(at + separator.size());
    }
    parts.append(input.toByteArray());
    return parts;
}

} // namespace portico::fuzzing
