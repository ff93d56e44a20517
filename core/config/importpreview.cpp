#include "config/importpreview.h"

#include <algorithm>

namespace portico {

qsizetype ImportPreview::count(Entry::Action action) const
{
    return std::count_if(entries.cbegin(), entries.cend(), [action](const Entry &e) { return e.action == action; });
}

QList<ServerConfig> ImportPreview::configsToAdd() const
{
    QList<ServerConfig> configs;
    for (const Entry &entry : entries) {
        if (entry.action == Entry::Action::Add && entry.config)
            configs.append(*entry.config);
    }
    return configs;
}

QList<ImportPreview::PendingSecret> ImportPreview::secretsToStore() const
{
    QList<PendingSecret> secrets;
    for (const Entry &entry : entries) {
        if (entry.action == Entry::Action::Add)
            secrets.append(entry.secrets);
    }
    return secrets;
}

QString ImportPreview::actionText(Entry::Action action)
{
    switch (action) {
    case Entry::Action::Add:
        return tr("add");
    case Entry::Action::Duplicate:
        return tr("already configured");
    case Entry::Action::Skip:
        return tr("skipped");
    }
    Q_UNREACHABLE();
    return {};
}

QString ImportPreview::describe(const Entry &entry)
{
    QString text = actionText(entry.action);
    if (!entry.reason.isEmpty())
        text += QStringLiteral(": ") + entry.reason;
    if (entry.action == Entry::Action::Add && !entry.notes.isEmpty())
        text += QStringLiteral(" (") + entry.notes.join(QStringLiteral("; ")) + QLatin1Char(')');
    return text;
}

} // namespace portico
