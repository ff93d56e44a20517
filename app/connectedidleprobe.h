#pragma once

#include <QObject>
#include <QUrl>

#include <chrono>
#include <memory>

class QWidget;

namespace portico {

class ConnectionManager;
class UserAgent;

// Hidden hook for the whole-app memory figures of the benchmark (bench/sidebyside/run.py; docs/architecture.md,
// "Performance"), beside FirstPaintProbe: with PORTICO_BENCH_IDLE=<settle seconds> it waits until every configured
// server is connected (at most 60 s), lets the app settle, and prints
//   portico-bench-idle servers=N connected=M rss_kb=… tree_rss_kb=…
// With PORTICO_BENCH_SIGNIN_PAGE=<url> as well, it then shows the real sign-in dialog (WebEngineUserAgent)
// on that page for a few seconds, closes it, settles again and prints
//   portico-bench-signin page_tree_rss_kb=… after_rss_kb=… after_tree_rss_kb=…
// then quits. tree_* count Portico and every process it started (the embedded browser's helpers).
// Not for users: it exists so that the benchmark measures the real application.
class ConnectedIdleProbe : public QObject
{
public:
    ConnectedIdleProbe(ConnectionManager *connections, QWidget *window, std::chrono::milliseconds settle,
                       QUrl signInPage, QObject *parent = nullptr);
    ~ConnectedIdleProbe() override;

    void start();

private:
    void waitForConnections();
    void measureIdle();
    void openSignInPage();
    void closeSignInPage();
    void measureAfterSignIn();

    ConnectionManager *m_connections;
    QWidget *m_window;
    std::chrono::milliseconds m_settle;
    QUrl m_signInPage;
    int m_polls = 0;
    std::shared_ptr<UserAgent> m_userAgent;
    double m_pageTreeMb = 0;
};

} // namespace portico
