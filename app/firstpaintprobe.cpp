#include "firstpaintprobe.h"

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
            long rssKb = 0;
            if (std::FILE *status = std::fopen("/proc/self/status", "r")) {
                char line[256];
                while (std::fgets(line, sizeof line, status)) {
                    if (std::sscanf(line, "VmRSS: %ld kB", &rssKb) == 1)
                        break;
                }
                std::fclose(status);
            }
            std::fprintf(stderr, "portico-bench-first-window monotonic_ns=%lld rss_kb=%ld\n",
                         static_cast<long long>(now.tv_sec) * 1'000'000'000LL + now.tv_nsec, rssKb);
            QCoreApplication::quit();
        });
    }
    return QObject::eventFilter(watched, event);
}

} // namespace portico
