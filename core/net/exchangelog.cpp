#include "net/exchangelog.h"

#include "common/logging.h"

#include <QStringBuilder>

namespace portico {

namespace {

// Decimal units, one decimal place ("120 B", "3.2 kB", "1.5 MB"), as the Activity view prints sizes.
QString formatBytes(qint64 bytes)
{
    if (bytes < 1000)
        return QString::number(bytes) + QStringLiteral(" B");
    if (bytes < 1000 * 1000)
        return QString::number(double(bytes) / 1000.0, 'f', 1) + QStringLiteral(" kB");
    if (bytes < 1000LL * 1000 * 1000)
        return QString::number(double(bytes) / 1e6, 'f', 1) + QStringLiteral(" MB");
    return QString::number(double(bytes) / 1e9, 'f', 1) + QStringLiteral(" GB");
}

} // namespace

ExchangeLog::ExchangeLog(qsizetype capacity, QObject *parent)
    : QObject(parent)
    , m_capacity(qMax<qsizetype>(1, capacity))
{}

void ExchangeLog::append(ExchangeRecord record)
{
    // A ring: Qt 6's QList keeps free space at its front, so dropping the oldest record is cheap.
    while (m_records.size() >= m_capacity)
        m_records.removeFirst();
    m_records.append(std::move(record));
    qCDebug(logging::net).noquote() << formatRecord(m_records.constLast());
    Q_EMIT recordAdded(m_records.constLast());
}

void ExchangeLog::clear()
{
    m_records.clear();
}

QString ExchangeLog::formatRecord(const ExchangeRecord &record)
{
    // Only fields that are redacted at the source or cannot hold a secret: no header value, no body.
    QString line = record.started.toUTC().toString(Qt::ISODateWithMs) % QLatin1Char(' ')
                   % (record.purpose.isEmpty() ? QStringLiteral("-") : record.purpose) % QLatin1Char(' ')
                   % QString::fromLatin1(record.method) % QLatin1Char(' ') % record.url % QStringLiteral(" -> ")
                   % (record.status > 0 ? QString::number(record.status) : QStringLiteral("no response"))
                   % QStringLiteral(" in ") % QString::number(record.durationMs) % QStringLiteral(" ms (")
                   % formatBytes(record.requestBytes) % QStringLiteral(" / ") % formatBytes(record.responseBytes)
                   % QLatin1Char(')');
    if (!record.error.isEmpty())
        line += QStringLiteral(": ") % record.error;
    return line;
}

QString ExchangeLog::toText() const
{
    QString text;
    for (const ExchangeRecord &record : m_records)
        text += formatRecord(record) % QLatin1Char('\n');
    return text;
}

} // namespace portico
