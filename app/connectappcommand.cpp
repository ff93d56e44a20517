#include "connectappcommand.h"

#include "commandline.h"
#include "terminal.h"

#include "config/connectplan.h"
#include "config/serverregistry.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>

namespace portico {

namespace {

void out(const QString &text)
{
    terminal::printLine(stdout, text);
}

int fail(const QString &text)
{
    terminal::printLine(stderr, text);
    return CommandLine::kExitFailure;
}

// Where the last change to each app's file is kept for --undo: next to servers.json, keyed by the app's id.
QString undoRecordsPath()
{
    return QFileInfo(ServerRegistry::defaultFilePath()).absolutePath() + QStringLiteral("/connected-apps.json");
}

QJsonObject undoRecords()
{
    QFile file(undoRecordsPath());
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(file.readAll()).object();
}

bool saveUndoRecords(const QJsonObject &records)
{
    QDir().mkpath(QFileInfo(undoRecordsPath()).absolutePath());
    QSaveFile file(undoRecordsPath());
    return file.open(QIODevice::WriteOnly) && file.write(QJsonDocument(records).toJson()) >= 0 && file.commit();
}

// The configured servers SERVER names (by id, else by name), or all of them when it is empty.
Result<QList<BridgeServer>> serversNamed(const QString &server)
{
    ServerRegistry registry;
    if (const Result<void> loaded = registry.load(); !loaded)
        return loaded.error();
    QList<BridgeServer> servers;
    for (const ServerConfig &config : registry.servers()) {
        if (server.isEmpty() || config.id() == server || config.name == server)
            servers.append({config.id(), config.name, config.url});
    }
    if (const std::optional<ServerConfig> byId = registry.find(server))
        servers = {{byId->id(), byId->name, byId->url}}; // an id is never ambiguous
    if (servers.size() > 1 && !server.isEmpty())
        return Error(ErrorCode::ConfigInvalid, ConnectAppCommand::tr("Several servers are called “%1”; use the id "
                                                                     "from portico --list.")
                                                   .arg(server));
    if (servers.isEmpty())
        return Error(ErrorCode::ConfigInvalid,
                     server.isEmpty() ? ConnectAppCommand::tr("No server is configured yet.")
                                      : ConnectAppCommand::tr("No server called “%1” is configured (see portico "
                                                              "--list).")
                                            .arg(server));
    return servers;
}

// Prints what the plan does, then writes it (and keeps its undo record) unless it is a dry run.
int carryOut(const ConnectPlan &plan, bool dryRun)
{
    const QString app = connect_app::displayName(plan.app());
    out(QStringLiteral("%1: %2").arg(app, QDir::toNativeSeparators(plan.path())));
    bool mcpRemoteLeft = false;
    for (const ConnectPlan::Step &step : plan.steps()) {
        out(QStringLiteral("  ") + ConnectPlan::describe(step));
        mcpRemoteLeft = mcpRemoteLeft || !step.note.isEmpty();
    }
    if (mcpRemoteLeft)
        out(ConnectAppCommand::tr("With --replace, Portico's entry takes the mcp-remote entry's place instead."));
    if (!plan.changesFile()) {
        out(ConnectAppCommand::tr("Nothing to change."));
        return CommandLine::kExitSuccess;
    }
    if (dryRun) {
        out(plan.preview());
        out(ConnectAppCommand::tr("Nothing was changed (--dry-run)."));
        return CommandLine::kExitSuccess;
    }
    const Result<ConnectUndo> undo = plan.apply();
    if (!undo)
        return fail(undo.error().message());
    if (!undo.value().backupPath.isEmpty())
        out(ConnectAppCommand::tr("Backup: %1").arg(QDir::toNativeSeparators(undo.value().backupPath)));
    QJsonObject records = undoRecords();
    records.insert(connect_app::id(plan.app()), undo.value().toJson());
    if (!saveUndoRecords(records))
        return fail(ConnectAppCommand::tr("The file was written, but Portico could not note how to undo it "
                                          "(%1); the backup is still there.")
                        .arg(QDir::toNativeSeparators(undoRecordsPath())));
    out(ConnectAppCommand::tr("Restart %1 to use it. To undo: portico --connect-app %2 --undo")
            .arg(app, connect_app::id(plan.app())));
    return CommandLine::kExitSuccess;
}

} // namespace

int ConnectAppCommand::connect(const Options &options)
{
    const Result<QList<BridgeServer>> servers = serversNamed(options.server);
    if (!servers)
        return fail(servers.error().message());
    const Result<ConnectPlan> plan =
        ConnectPlan::connect(options.app, connect_app::defaultFilePath(options.app), servers.value(),
                             {connect_app::executablePath(), options.replaceMcpRemote});
    if (!plan)
        return fail(plan.error().message());
    return carryOut(plan.value(), options.dryRun);
}

int ConnectAppCommand::disconnect(const Options &options)
{
    QStringList ids;
    if (!options.server.isEmpty()) {
        // A server removed from Portico since can still be disconnected by its id.
        const Result<QList<BridgeServer>> servers = serversNamed(options.server);
        if (servers)
            ids.append(servers.value().constFirst().id);
        else
            ids.append(options.server);
    }
    const Result<ConnectPlan> plan =
        ConnectPlan::disconnect(options.app, connect_app::defaultFilePath(options.app), ids);
    if (!plan)
        return fail(plan.error().message());
    return carryOut(plan.value(), options.dryRun);
}

int ConnectAppCommand::undo(ConnectApp app)
{
    QJsonObject records = undoRecords();
    const std::optional<ConnectUndo> record = ConnectUndo::fromJson(records.value(connect_app::id(app)).toObject());
    if (!record)
        return fail(tr("Portico has no change to %1's file to undo.").arg(connect_app::displayName(app)));
    if (const Result<void> restored = record->restore(); !restored)
        return fail(restored.error().message());
    records.remove(connect_app::id(app));
    saveUndoRecords(records);
    out(record->backupPath.isEmpty()
            ? tr("%1 removed: Portico had created it.").arg(QDir::toNativeSeparators(record->path))
            : tr("%1 is back as it was before Portico's change.").arg(QDir::toNativeSeparators(record->path)));
    return CommandLine::kExitSuccess;
}

} // namespace portico
