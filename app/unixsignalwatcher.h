#pragma once

#include <QObject>

#include <initializer_list>
#include <vector>

class QSocketNotifier;

namespace portico {

// Turns SIGTERM/SIGINT/SIGHUP into a Qt signal, so Portico closes like a window closed by hand
// (settings saved, children stopped) when a session ends or a package script stops it. A signal handler
// may only do async-signal-safe work, so it writes the number into a socket pair that the event loop reads
// (the self-pipe pattern).
class UnixSignalWatcher : public QObject
{
    Q_OBJECT

public:
    explicit UnixSignalWatcher(std::initializer_list<int> signalNumbers, QObject *parent = nullptr);
    ~UnixSignalWatcher() override;

Q_SIGNALS:
    void signalReceived(int signalNumber);

private:
    void readPendingSignals();

    QSocketNotifier *m_notifier = nullptr;
    std::vector<int> m_signalNumbers;
};

} // namespace portico
