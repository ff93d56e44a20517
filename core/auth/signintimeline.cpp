#include "auth/signintimeline.h"

#include "common/logging.h"

#include <QStringList>
#include <QUrl>

#include <utility>

namespace portico {

SignInTimeline::SignInTimeline(QString serverName, std::function<QDateTime()> clock, QObject *parent)
    : QObject(parent)
    , m_serverName(std::move(serverName))
    , m_clock(std::move(clock))
{}

void SignInTimeline::record(const QString &what, const QString &detail, bool ok)
{
    Step step{m_clock ? m_clock() : QDateTime::currentDateTimeUtc(), what, detail, ok};
    qCDebug(logging::auth).noquote() << m_serverName << (ok ? "" : "✗") << what << detail;
    m_steps.append(step);
    Q_EMIT stepAdded(step);
}

bool SignInTimeline::lastStepIs(const QString &what) const
{
    return !m_steps.isEmpty() && m_steps.constLast().what == what;
}

QString SignInTimeline::toText() const
{
    QStringList lines;
    lines.reserve(m_steps.size());
    for (const Step &step : m_steps) {
        lines.append(QStringLiteral("%1  %2%3: %4")
                         .arg(step.at.toString(Qt::ISODateWithMs), step.ok ? QString() : QStringLiteral("✗ "),
                              step.what, step.detail));
    }
    return lines.join(QLatin1Char('\n'));
}

QString SignInTimeline::hostOf(const QString &url)
{
    const QUrl parsed(url);
    return parsed.host().isEmpty() ? url : parsed.host();
}

QString SignInTimeline::scopeText(const ScopeSet &scopes)
{
    return scopes.isEmpty() ? tr("(none named)") : scopes.toString();
}

} // namespace portico
