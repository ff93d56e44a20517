#pragma once

#include "bridge/jsonlinereader.h"

#include <QJsonObject>
#include <QObject>

#include <memory>

class QSocketNotifier;

namespace portico {

// The stdio side of the bridge: newline-delimited JSON-RPC read from one file descriptor and written to
// another (MCP 2025-11-25 basic/transports, "stdio"). Reading is driven by the event loop (QSocketNotifier),
// so nothing waits; a malformed line is answered with a JSON-RPC error right here and goes no further.
// Writing is a plain blocking write of one whole line, so messages never interleave. Nothing but JSON-RPC is
// ever written to the output descriptor (diagnostics go to stderr).
class StdioChannel : public QObject
{
    Q_OBJECT

public:
    // Does not own the descriptors (they are the process's stdin and stdout in the app).
    StdioChannel(int inputFd, int outputFd, QObject *parent = nullptr);
    ~StdioChannel() override;

    // Starts reading.
    void start();
    // Writes one message as one line; false when the output is gone (the client closed it).
    bool send(const QJsonObject &message);

Q_SIGNALS:
    void messageReceived(const QJsonObject &message);
    // The input reached its end (the client closed our stdin) or failed: the conversation is over.
    void inputClosed();

private:
    void readAvailable();

    int m_inputFd;
    int m_outputFd;
    JsonLineReader m_reader;
    std::unique_ptr<QSocketNotifier> m_notifier;
    bool m_outputBroken = false;
};

} // namespace portico
