#pragma once

#include <QCoreApplication>
#include <QHash>
#include <QJsonObject>
#include <QString>
#include <QStringList>

namespace portico {

// The ${...} placeholders other hosts' files use instead of values: ${NAME} (mcp-remote and Claude Code),
// ${env:NAME} (Cursor and VS Code), ${input:id} (VS Code prompts), ${userHome}, ${workspaceFolder}... (VS Code
// and Cursor predefined variables). Only ${NAME} and ${env:NAME} can be resolved, and only from the entry's
// own "env" object (see RemoteServerSpec::env); the others stay as written and are reported.
class PlaceholderResolver
{
    Q_DECLARE_TR_FUNCTIONS(PlaceholderResolver)

public:
    struct Resolved
    {
        QString text;
        QStringList unresolved; // the placeholders left, as written
    };

    // `inputDescriptions`: VS Code input id -> description, for describe().
    PlaceholderResolver(QJsonObject env, QHash<QString, QString> inputDescriptions);

    [[nodiscard]] Resolved resolve(const QString &value) const;
    // How placeholders read in a note: VS Code inputs by their description.
    [[nodiscard]] QString describe(const QStringList &placeholders) const;

private:
    QJsonObject m_env;
    QHash<QString, QString> m_inputDescriptions;
};

} // namespace portico
