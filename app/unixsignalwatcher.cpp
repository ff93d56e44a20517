#include "unixsignalwatcher.h"

#include <QSocketNotifier>

#include <csignal>
#include <sys/socket.h>
#include <unistd.h>

namespace portico {

namespace {

// One process-wide pair: [0] is read by the event loop, [1] written by the handler.
int g_signalSockets[2] = {-1, -1};

extern "C" void forwardSignal(int signalNumber)
{
    const unsigned char number = static_cast<unsigned char>(signalNumber);
    // write(2) is async-signal-safe; if the pipe is full, the signal is already pending anyway.
    [[maybe_unused]] const ssize_t written = ::write(g_signalSockets[1], &number, sizeof number);
}

} // namespace

UnixSignalWatcher::UnixSignalWatcher(std::initializer_list<int> signalNumbers, QObject *parent)
    : QObject(parent)
    , m_signalNumbers(signalNumbers)
{
    if (g_signalSockets[0] < 0 && ::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, g_signalSockets) != 0) {
        qWarning("Portico: cannot create the signal socket pair; SIGTERM will end Portico abruptly");
        return;
    }
    m_notifier = new QSocketNotifier(g_signalSockets[0], QSocketNotifier::Read, this);
    connect(m_notifier, &QSocketNotifier::activated, this, &UnixSignalWatcher::readPendingSignals);

    struct sigaction action = {};
    action.sa_handler = forwardSignal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    for (const int signalNumber : m_signalNumbers)
        ::sigaction(signalNumber, &action, nullptr);
}

UnixSignalWatcher::~UnixSignalWatcher()
{
    // Nobody reads the socket any more: give the signals their default meaning back.
    for (const int signalNumber : m_signalNumbers)
        std::signal(signalNumber, SIG_DFL);
}

void UnixSignalWatcher::readPendingSignals()
{
    unsigned char number = 0;
    if (::read(g_signalSockets[0], &number, sizeof number) == sizeof number)
        Q_EMIT signalReceived(number);
}

} // namespace portico
