#include "firstpaintprobe.h"

#include "common/processmemory.h"

#include <QCoreApplication>
#include <QEvent>
#include <QTimer>

#include <cstdio>
#include <ctime>

namespace portico {

bool FirstPaintProbe::eventFilter(QObject *watched, QEvent *event)
{
    if (event->type() == QEvent::Paint && !m_seen) {
        m_seen = true;
        // After this paint is done, not before: the window is on screen when the event loop comes back.
        QTimer::singleShot(0, this, []() {
            timespec now{};
            ::clock_gettime(CLOCK_MONOTONIC, &now);
            const long rssKb = long(ProcessMemory::current().rssMb * 1024.0 + 0.5);
            std::fprintf(stderr, "portico-bench-first-window monotonic_ns=%lld rss_kb=%ld\n",
                         static_cast<long long>(now.tv_sec) * 1'000'000'000LL + now.tv_nsec, rssKb);
            QCoreApplication::quit();
        });
    }
    return QObject::eventFilter(watched, event);
}

} // namespace portico
