#include "connectedidleprobe.h"

#include "common/processmemory.h"
#include "host/connectionmanager.h"
#include "host/serverconnection.h"
#include "signin/webengineuseragent.h"

#include <QCoreApplication>
#include <QTimer>

#include <cstdio>

namespace portico {

namespace {

constexpr int kPollMs = 100;
constexpr int kMaxPolls = 600;     // 60 s for every server to connect
constexpr int kPageShownMs = 4000; // the page loads and renders meanwhile

long kb(double mb)
{
    return long(mb * 1024.0 + 0.5);
}

} // namespace

ConnectedIdleProbe::ConnectedIdleProbe(ConnectionManager *connections, QWidget *window,
                                       std::chrono::milliseconds settle, QUrl signInPage, QObject *parent)
    : QObject(parent)
    , m_connections(connections)
    , m_window(window)
    , m_settle(settle)
    , m_signInPage(std::move(signInPage))
{}

ConnectedIdleProbe::~ConnectedIdleProbe() = default;

void ConnectedIdleProbe::start()
{
    QTimer::singleShot(kPollMs, this, &ConnectedIdleProbe::waitForConnections);
}

void ConnectedIdleProbe::waitForConnections()
{
    const QList<ServerConnection *> connections = m_connections->connections();
    const bool allConnected = std::all_of(connections.begin(), connections.end(), [](ServerConnection *connection) {
        return connection->state() == ServerConnection::State::Connected;
    });
    if (!allConnected && ++m_polls < kMaxPolls) {
        QTimer::singleShot(kPollMs, this, &ConnectedIdleProbe::waitForConnections);
        return;
    }
    QTimer::singleShot(m_settle, this, &ConnectedIdleProbe::measureIdle);
}

void ConnectedIdleProbe::measureIdle()
{
    const QList<ServerConnection *> connections = m_connections->connections();
    const auto connected = std::count_if(connections.begin(), connections.end(), [](ServerConnection *connection) {
        return connection->state() == ServerConnection::State::Connected;
    });
    std::fprintf(stderr, "portico-bench-idle servers=%lld connected=%lld rss_kb=%ld tree_rss_kb=%ld\n",
                 static_cast<long long>(connections.size()), static_cast<long long>(connected),
                 kb(ProcessMemory::current().rssMb), kb(ProcessMemory::currentTree().rssMb));
    if (m_signInPage.isEmpty()) {
        QCoreApplication::quit();
        return;
    }
    openSignInPage();
}

void ConnectedIdleProbe::openSignInPage()
{
    auto userAgent = std::make_shared<WebEngineUserAgent>(m_window);
    m_userAgent = userAgent;
    UserAgent::Prompt prompt;
    prompt.authorizationUrl = m_signInPage;
    prompt.redirectUri = userAgent->prepareRedirect(0).value();
    prompt.serverName = QStringLiteral("benchmark");
    userAgent->authorize(prompt, this, [](const Result<QUrl> &) {});
    QTimer::singleShot(kPageShownMs, this, &ConnectedIdleProbe::closeSignInPage);
}

void ConnectedIdleProbe::closeSignInPage()
{
    m_pageTreeMb = ProcessMemory::currentTree().rssMb;
    m_userAgent->cancel();
    m_userAgent.reset();
    QTimer::singleShot(m_settle, this, &ConnectedIdleProbe::measureAfterSignIn);
}

void ConnectedIdleProbe::measureAfterSignIn()
{
    std::fprintf(stderr, "portico-bench-signin page_tree_rss_kb=%ld after_rss_kb=%ld after_tree_rss_kb=%ld\n",
                 kb(m_pageTreeMb), kb(ProcessMemory::current().rssMb), kb(ProcessMemory::currentTree().rssMb));
    QCoreApplication::quit();
}

} // namespace portico
