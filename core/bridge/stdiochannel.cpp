#include "bridge/stdiochannel.h"

#include "mcp/jsonrpc.h"

#include <QJsonDocument>
#include <QSocketNotifier>

#include <cerrno>
#include <poll.h>
#include <unistd.h>

namespace portico {

StdioChannel::StdioChannel(int inputFd, int outputFd, QObject *parent)
    : QObject(parent)
    , m_inputFd(inputFd)
    , m_outputFd(outputFd)
{}

StdioChannel::~StdioChannel() = default;

void StdioChannel::start()
{
    m_notifier = std::make_unique<QSocketNotifier>(m_inputFd, QSocketNotifier::Read);
    connect(m_notifier.get(), &QSocketNotifier::activated, this, &StdioChannel::readAvailable);
}

void StdioChannel::readAvailable()
{
    // One read per wake-up: the notifier said there is data (or the end), so this does not block, and the
    // descriptor's flags (shared with the parent process) stay as they are.
    char buffer[64 * 1024];
    ssize_t count = 0;
    do {
        count = ::read(m_inputFd, buffer, sizeof buffer);
    } while (count < 0 && errno == EINTR);
    if (count <= 0) {
        if (count < 0 && errno == EAGAIN)
            return;
        m_notifier->setEnabled(false);
        Q_EMIT inputClosed();
        return;
    }
    for (const JsonLineReader::Line &line : m_reader.append(QByteArrayView(buffer, count))) {
        if (line.errorCode != 0) {
            send(jsonrpc::errorResponse(line.id, line.errorCode, line.errorMessage));
            continue;
        }
        Q_EMIT messageReceived(line.message);
    }
}

bool StdioChannel::send(const QJsonObject &message)
{
    if (m_outputBroken)
        return false;
    QByteArray line = QJsonDocument(message).toJson(QJsonDocument::Compact);
    line.append('\n');
    const char *data = line.constData();
    qsizetype left = line.size();
    while (left > 0) {
        const ssize_t written = ::write(m_outputFd, data, size_t(left));
        if (written < 0) {
            if (errno == EINTR)
                continue;
            if (errno == EAGAIN) {
                // A non-blocking stdout (the flag belongs to the shared file description): wait until the
                // client reads.
                pollfd writable{m_outputFd, POLLOUT, 0};
                ::poll(&writable, 1, -1);
                continue;
            }
            m_outputBroken = true; // EPIPE: the client is gone
            return false;
        }
        data += written;
        left -= written;
    }
    return true;
}

} // namespace portico
