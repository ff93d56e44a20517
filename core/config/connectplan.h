#pragma once

#include "common/result.h"
#include "config/connectapp.h"
#include "config/connectundo.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>
#include <QUrl>

namespace portico {

// One configured server as another app reaches it through `portico bridge <id>`.
struct BridgeServer
{
    QString id;
    QString name;
    QUrl url;
};

// What connecting servers to another MCP app (or disconnecting them) would do to that app's configuration file,
// computed without touching it: the file's text before and after (jsonc_edit: one member inserted, replaced or
// removed per server, everything else byte for byte), one step per server for people, and a preview. apply()
// then writes it: a backup next to the file first, then the new text atomically, and hands back a ConnectUndo
// (requirements FEATURE-12).
class ConnectPlan
{
    Q_DECLARE_TR_FUNCTIONS(ConnectPlan)

public:
    enum class Change {
        Added,             // a new entry
        Updated,           // Portico's entry for the server, with another command path
        AlreadyThere,      // Portico's entry for the server, as it would write it
        ReplacedMcpRemote, // an mcp-remote entry for the server's URL now starts the bridge
        Removed,           // Portico's entry, taken out
    };
    struct Step
    {
        QString serverName; // the entry's name when disconnecting
        QString key;        // the entry's name in the file
        Change change = Change::Added;
        QString note; // e.g. an mcp-remote entry for the same URL that was left alone
    };
    struct Options
    {
        // The absolute path of the portico executable the app starts.
        QString command;
        // An mcp-remote entry for a server's URL is replaced by the bridge (else it stays and a note says so).
        bool replaceMcpRemote = false;
    };

    // Adds (or updates) a bridge entry for each of `servers` in `path`, a file of `app`'s.
    [[nodiscard]] static Result<ConnectPlan> connect(ConnectApp app, const QString &path,
                                                     const QList<BridgeServer> &servers, const Options &options);
    // Removes Portico's bridge entries for `serverIds` (all of Portico's entries when empty).
    [[nodiscard]] static Result<ConnectPlan> disconnect(ConnectApp app, const QString &path,
                                                        const QStringList &serverIds);

    // Whether a stdio entry starts Portico's bridge, and for which server id (empty when it does not).
    [[nodiscard]] static QString bridgedServerId(const QJsonObject &entry);
    // A server name as an entry name every app accepts: letters, digits, '-' and '_' (Claude Code's rule).
    [[nodiscard]] static QString entryName(const QString &serverName, const QString &serverId);

    [[nodiscard]] ConnectApp app() const { return m_app; }
    [[nodiscard]] const QString &path() const { return m_path; }
    [[nodiscard]] const QByteArray &before() const { return m_before; }
    [[nodiscard]] const QByteArray &after() const { return m_after; }
    [[nodiscard]] const QList<Step> &steps() const { return m_steps; }
    [[nodiscard]] bool changesFile() const { return m_after != m_before || (!m_existed && !m_after.isEmpty()); }
    // The changed lines, diff style ("-" before, "+" after, two lines of context).
    [[nodiscard]] QString preview() const;
    // One line per step, for people.
    [[nodiscard]] static QString describe(const Step &step);

    // Writes the file, after a backup of it (`<file>.portico-backup-<UTC time>`, with the file's permissions).
    // Refused, changing nothing, when the file changed since the plan read it.
    [[nodiscard]] Result<ConnectUndo> apply() const;

private:
    ConnectPlan() = default;
    [[nodiscard]] Result<void> read(ConnectApp app, const QString &path);

    ConnectApp m_app = ConnectApp::ClaudeDesktop;
    QString m_path;
    bool m_existed = false;
    QByteArray m_before;
    QByteArray m_after;
    QList<Step> m_steps;
};

} // namespace portico
