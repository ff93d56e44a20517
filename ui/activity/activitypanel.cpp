#include "activity/activitypanel.h"

#include <QClipboard>
#include <QDir>
#include <QFileDialog>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QLabel>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSaveFile>
#include <QScrollBar>
#include <QVBoxLayout>

#include <algorithm>

namespace portico {

ActivityPanel::ActivityPanel(QWidget *parent)
    : QWidget(parent)
{
    setAccessibleName(tr("Activity"));
    auto *layout = new QVBoxLayout(this);

    auto *caption = new QLabel(tr("Sign-in steps and &network exchanges, oldest first:"), this);
    layout->addWidget(caption);

    m_view = new QPlainTextEdit(this);
    m_view->setReadOnly(true);
    m_view->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    m_view->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_view->setAccessibleName(tr("Activity log"));
    m_view->setAccessibleDescription(
        tr("The sign-in timeline and the HTTP exchanges with this server; addresses are redacted."));
    m_view->setPlaceholderText(tr("Nothing happened yet."));
    m_view->setTabChangesFocus(true); // Tab moves on to the buttons instead of being swallowed
    caption->setBuddy(m_view);
    layout->addWidget(m_view, 1);

    auto *buttons = new QHBoxLayout;
    buttons->addStretch(1);
    m_copyButton = new QPushButton(tr("&Copy"), this);
    m_copyButton->setAccessibleName(tr("Copy the activity"));
    m_copyButton->setToolTip(tr("Copy the activity to the clipboard, for a support request."));
    m_exportButton = new QPushButton(tr("&Export…"), this);
    m_exportButton->setAccessibleName(tr("Export the activity"));
    m_exportButton->setToolTip(tr("Save the activity as a text file, for a support request."));
    buttons->addWidget(m_copyButton);
    buttons->addWidget(m_exportButton);
    layout->addLayout(buttons);

    connect(m_copyButton, &QPushButton::clicked, this, &ActivityPanel::copyToClipboard);
    connect(m_exportButton, &QPushButton::clicked, this, &ActivityPanel::exportWithDialog);
    setTabOrder(m_view, m_copyButton);
    setTabOrder(m_copyButton, m_exportButton);
    render();
}

// --- sources ------------------------------------------------------------------------------------------------

void ActivityPanel::setAuthSession(AuthSession *session)
{
    disconnect(m_sessionConnection);
    m_session = session;
    if (session) {
        m_sessionConnection = connect(session, &AuthSession::stepAdded, this,
                                      [this](const AuthSession::Step &step) { add(step.at, formatStep(step)); });
    }
    rebuild();
}

void ActivityPanel::setExchangeLogs(const QList<ExchangeLog *> &logs)
{
    for (const QMetaObject::Connection &connection : std::as_const(m_logConnections))
        disconnect(connection);
    m_logConnections.clear();
    m_logs.clear();
    for (ExchangeLog *log : logs) {
        if (!log)
            continue;
        m_logs.append(log);
        m_logConnections.append(connect(log, &ExchangeLog::recordAdded, this, [this](const ExchangeRecord &record) {
            add(record.started, formatExchange(record));
        }));
    }
    rebuild();
}

void ActivityPanel::rebuild()
{
    m_entries.clear();
    if (m_session) {
        for (const AuthSession::Step &step : m_session->timeline())
            m_entries.append({step.at, formatStep(step)});
    }
    for (const QPointer<ExchangeLog> &log : std::as_const(m_logs)) {
        if (!log)
            continue;
        for (const ExchangeRecord &record : log->records())
            m_entries.append({record.started, formatExchange(record)});
    }
    // Newest last (requirements UI-5); stable so that entries of the same instant keep the order they happened in.
    std::stable_sort(m_entries.begin(), m_entries.end(), [](const Entry &a, const Entry &b) { return a.at < b.at; });
    if (m_entries.size() > kMaxLines)
        m_entries.remove(0, m_entries.size() - kMaxLines);
    render();
}

void ActivityPanel::add(const QDateTime &at, const QString &line)
{
    const bool newest = insertSorted({at, line});
    if (m_entries.size() > kMaxLines) {
        m_entries.removeFirst();
        render();
        return;
    }
    if (newest) {
        // The common case: the new line is the newest; append without re-rendering everything and keep
        // following the end only when the reader was already there.
        QScrollBar *bar = m_view->verticalScrollBar();
        const bool atEnd = bar->value() == bar->maximum();
        m_view->appendPlainText(line);
        if (atEnd)
            bar->setValue(bar->maximum());
        updateButtons();
        return;
    }
    render();
}

bool ActivityPanel::insertSorted(Entry entry)
{
    // After every entry at the same time or earlier: arrival order among equals.
    const auto position = std::upper_bound(m_entries.begin(), m_entries.end(), entry.at,
                                           [](const QDateTime &at, const Entry &e) { return at < e.at; });
    const bool last = position == m_entries.end();
    m_entries.insert(position, std::move(entry));
    return last;
}

void ActivityPanel::render()
{
    m_view->setPlainText(text());
    m_view->verticalScrollBar()->setValue(m_view->verticalScrollBar()->maximum());
    updateButtons();
}

void ActivityPanel::updateButtons()
{
    m_copyButton->setEnabled(!m_entries.isEmpty());
    m_exportButton->setEnabled(!m_entries.isEmpty());
}

// --- text -----------------------------------------------------------------------------------------------------

QString ActivityPanel::formatStep(const AuthSession::Step &step)
{
    // Requirements UI-5: each step with the URL tried and its status; ✓/✗ so a failure stands out.
    return tr("%1  %2 %3: %4")
        .arg(step.at.toLocalTime().toString(QStringLiteral("HH:mm:ss")),
             step.ok ? QStringLiteral("✓") : QStringLiteral("✗"), step.what, step.detail);
}

QString ActivityPanel::formatExchange(const ExchangeRecord &record)
{
    return tr("%1  ⇄ %2")
        .arg(record.started.toLocalTime().toString(QStringLiteral("HH:mm:ss")), ExchangeLog::formatRecord(record));
}

QString ActivityPanel::text() const
{
    QStringList lines;
    lines.reserve(m_entries.size());
    for (const Entry &entry : m_entries)
        lines.append(entry.line);
    return lines.join(QLatin1Char('\n'));
}

// --- copy and export ------------------------------------------------------------------------------------------

void ActivityPanel::copyToClipboard()
{
    if (QClipboard *clipboard = QGuiApplication::clipboard())
        clipboard->setText(text());
}

bool ActivityPanel::exportTo(const QString &filePath)
{
    // QSaveFile writes a temporary file and renames it on commit: a failure leaves no partial file behind.
    QSaveFile file(filePath);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Text))
        return false;
    QByteArray content = text().toUtf8();
    if (!content.isEmpty())
        content.append('\n');
    if (file.write(content) != content.size()) {
        file.cancelWriting();
        return false;
    }
    return file.commit();
}

void ActivityPanel::exportWithDialog()
{
    const QString suggested = QDir::home().filePath(
        tr("portico-activity-%1.txt").arg(QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmmss"))));
    const QString path = QFileDialog::getSaveFileName(this, tr("Export activity"), suggested, tr("Text files (*.txt)"));
    if (path.isEmpty())
        return;
    if (!exportTo(path)) {
        QMessageBox::warning(this, tr("Export activity"),
                             tr("The activity could not be saved to %1. Choose another folder and try again.")
                                 .arg(QDir::toNativeSeparators(path)));
    }
}

} // namespace portico
