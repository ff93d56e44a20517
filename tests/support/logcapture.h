#pragma once

#include <QLoggingCategory>
#include <QMutex>
#include <QMutexLocker>
#include <QString>
#include <QStringList>

namespace portico::testing {

// Every message Qt logs while it is installed (all portico.* categories on, debug included), each line prefixed
// with its category, for asserting what never appears — a code, a token, an attacker's text (requirements SEC-4).
// One at a time: it replaces the message handler and the filter rules, and restores both when destroyed.
class LogCapture
{
public:
    LogCapture()
    {
        QLoggingCategory::setFilterRules(QStringLiteral("portico.*=true"));
        {
            const QMutexLocker lock(&s_mutex);
            s_lines.clear();
        }
        m_previous = qInstallMessageHandler(&LogCapture::handle);
    }
    ~LogCapture()
    {
        qInstallMessageHandler(m_previous);
        QLoggingCategory::setFilterRules(QString());
    }
    LogCapture(const LogCapture &) = delete;
    LogCapture &operator=(const LogCapture &) = delete;

    [[nodiscard]] static QString text()
    {
        const QMutexLocker lock(&s_mutex);
        return s_lines.join(QLatin1Char('\n'));
    }

private:
    static void handle(QtMsgType, const QMessageLogContext &context, const QString &message)
    {
        const QMutexLocker lock(&s_mutex);
        s_lines.append(QString::fromLatin1(context.category ? context.category : "") + QLatin1Char(' ') + message);
    }

    static inline QMutex s_mutex;
    static inline QStringList s_lines;
    QtMessageHandler m_previous = nullptr;
};

} // namespace portico::testing
