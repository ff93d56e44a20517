#pragma once

#include "auth/authsession.h"
#include "net/exchangelog.h"

#include <QDateTime>
#include <QList>
#include <QPointer>
#include <QWidget>

class QPlainTextEdit;
class QPushButton;

namespace portico {

// The Activity panel (requirements UI-5): the sign-in timeline of AuthSession (each step,
// the URL it used and how it ended) and the redacted HTTP exchanges of the server's ExchangeLogs, merged by
// time, newest last; "Copy" and "Export…" give the same text for a support request.
//
// Nothing here needs redacting: steps never hold a secret (AuthSession::Step) and exchange records are
// redacted when recorded (ExchangeLog, redaction::redactUrl / redactText; requirements SEC-4).
class ActivityPanel : public QWidget
{
    Q_OBJECT

public:
    explicit ActivityPanel(QWidget *parent = nullptr);

    // The sign-in timeline (its steps so far, then stepAdded); nullptr = none.
    void setAuthSession(AuthSession *session);
    // The redacted HTTP exchanges (their records so far, then recordAdded).
    void setExchangeLogs(const QList<ExchangeLog *> &logs);
    // What "Copy" / "Export" produce: one line per step or exchange, oldest first.
    [[nodiscard]] QString text() const;
    // Writes text() atomically (QSaveFile): false, and no partial file, on failure.
    bool exportTo(const QString &filePath);

    [[nodiscard]] QPlainTextEdit *view() const { return m_view; }
    [[nodiscard]] QPushButton *copyButton() const { return m_copyButton; }
    [[nodiscard]] QPushButton *exportButton() const { return m_exportButton; }

    // One timeline step as a line: "12:03:04  ✓ Discovery: GET … → 200" (local time).
    [[nodiscard]] static QString formatStep(const AuthSession::Step &step);
    // One exchange as a line: local time, then ExchangeLog::formatRecord (which carries the exact UTC time).
    [[nodiscard]] static QString formatExchange(const ExchangeRecord &record);

    // At most this many lines are kept (oldest dropped first); ExchangeLog is bounded the same way.
    static constexpr qsizetype kMaxLines = 5000;

private:
    struct Entry
    {
        QDateTime at;
        QString line;
    };

    void rebuild();
    void add(const QDateTime &at, const QString &line);
    bool insertSorted(Entry entry); // true when it became the newest
    void render();
    void updateButtons();
    void copyToClipboard();
    void exportWithDialog();

    QPointer<AuthSession> m_session;
    QMetaObject::Connection m_sessionConnection;
    QList<QPointer<ExchangeLog>> m_logs;
    QList<QMetaObject::Connection> m_logConnections;
    QList<Entry> m_entries;

    QPlainTextEdit *m_view = nullptr;
    QPushButton *m_copyButton = nullptr;
    QPushButton *m_exportButton = nullptr;
};

} // namespace portico
