#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QObject>
#include <QString>

namespace portico {

// One HTTP exchange (or one redirect hop) as the Activity view shows it. Everything here is already
// redacted: URLs through redaction::redactUrl, error texts through redaction::redactText.
struct ExchangeRecord
{
    QDateTime started; // UTC
    QString purpose;   // HttpRequest::purpose
    QByteArray method;
    QString url;    // redacted
    int status = 0; // 0 when no response arrived
    qint64 durationMs = 0;
    qint64 requestBytes = 0;
    qint64 responseBytes = 0;
    QString error; // empty on success; redacted
};

// The most recent exchanges, bounded (oldest dropped first), for the Activity view and support exports.
class ExchangeLog : public QObject
{
    Q_OBJECT

public:
    explicit ExchangeLog(qsizetype capacity = 500, QObject *parent = nullptr);

    void append(ExchangeRecord record);
    [[nodiscard]] const QList<ExchangeRecord> &records() const { return m_records; }
    void clear();
    // One line per exchange: "2026-11-22T01:02:03.456Z mcp POST https://… -> 200 in 41 ms (120 B / 3.2 kB)".
    [[nodiscard]] QString toText() const;
    // One record as one line of toText() (also what the portico.net logging category prints).
    [[nodiscard]] static QString formatRecord(const ExchangeRecord &record);

Q_SIGNALS:
    void recordAdded(const portico::ExchangeRecord &record);

private:
    qsizetype m_capacity;
    QList<ExchangeRecord> m_records;
};

} // namespace portico
