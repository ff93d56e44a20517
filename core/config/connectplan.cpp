#include "config/connectplan.h"

#include "common/redaction.h"
#include "config/configformatreader.h"
#include "config/jsonc.h"
#include "config/jsoncedit.h"
#include "config/serverconfig.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QSaveFile>

#include <memory>

namespace portico {

namespace {

// The top-level object of `text` (none for a blank or missing file). Checked by the caller's first edit.
QJsonObject rootOf(const QByteArray &text)
{
    const Result<QJsonObject> root = jsonc::parseObject(text, jsonc::Dialect::Tolerant);
    return root ? root.value() : QJsonObject();
}

QJsonObject toObject(const connect_app::EntryMembers &entry)
{
    QJsonObject object;
    for (const auto &[key, value] : entry)
        object.insert(key, value);
    return object;
}

// Whether `entry` says at least what `wanted` says (an app may add members of its own, e.g. "env").
bool hasMembers(const QJsonObject &entry, const QJsonObject &wanted)
{
    for (auto it = wanted.constBegin(); it != wanted.constEnd(); ++it) {
        if (entry.value(it.key()) != it.value())
            return false;
    }
    return true;
}

// The name of the entry that wraps `url` in mcp-remote, as the importer reads it, or empty.
QString mcpRemoteEntryFor(const QJsonObject &servers, const ConfigFormatReader &reader, const QUrl &url)
{
    const QString wanted = ServerConfig::normalizedUrl(url);
    for (auto it = servers.constBegin(); it != servers.constEnd(); ++it) {
        const QJsonObject entry = it.value().toObject();
        if (!entry.contains(QLatin1StringView("command")) || !ConnectPlan::bridgedServerId(entry).isEmpty())
            continue;
        const RemoteServerSpec spec = reader.readEntry(entry);
        if (spec.skipReason.isEmpty() && !spec.urlText.isEmpty()
            && ServerConfig::normalizedUrl(QUrl(spec.urlText)) == wanted)
            return it.key();
    }
    return {};
}

QString uniqueKey(const QString &base, const QJsonObject &servers)
{
    QString key = base;
    for (int n = 2; servers.contains(key); ++n)
        key = base + QLatin1Char('-') + QString::number(n);
    return key;
}

} // namespace

QString ConnectPlan::bridgedServerId(const QJsonObject &entry)
{
    const QJsonValue command = entry.value(QLatin1StringView("command"));
    const QJsonArray args = entry.value(QLatin1StringView("args")).toArray();
    // "portico", or a packaged name such as "Portico-x86_64.AppImage".
    const bool isPortico =
        command.isString()
        && QFileInfo(command.toString()).fileName().startsWith(QLatin1StringView("portico"), Qt::CaseInsensitive);
    if (!isPortico || args.size() != 2 || args.at(0).toString() != QLatin1StringView("bridge"))
        return {};
    return args.at(1).toString();
}

QString ConnectPlan::entryName(const QString &serverName, const QString &serverId)
{
    QString name;
    for (const QChar c : serverName) {
        const bool allowed = (c.isLetterOrNumber() && c.unicode() < 128) || c == QLatin1Char('_');
        if (allowed)
            name.append(c.toLower());
        else if (!name.isEmpty() && !name.endsWith(QLatin1Char('-')))
            name.append(QLatin1Char('-'));
    }
    while (name.endsWith(QLatin1Char('-')))
        name.chop(1);
    name.truncate(48); // room for a "-2" and within every app's limit (Claude Code: 64)
    return name.isEmpty() ? QStringLiteral("portico-") + serverId.left(8) : name;
}

Result<void> ConnectPlan::read(ConnectApp app, const QString &path)
{
    m_app = app;
    m_path = path;
    QFile file(path);
    m_existed = file.exists();
    if (m_existed) {
        const QString where = QDir::toNativeSeparators(path);
        if (!file.open(QIODevice::ReadOnly))
            return Error(ErrorCode::FileAccessFailed, tr("Cannot read %1: %2").arg(where, file.errorString()));
        if (file.size() > jsonc_edit::kMaxFileSize)
            return Error(ErrorCode::ConfigInvalid, tr("%1 is too large; Portico changed nothing.").arg(where));
        m_before = file.readAll();
    }
    m_after = m_before;
    return Result<void>::success();
}

Result<ConnectPlan> ConnectPlan::connect(ConnectApp app, const QString &path, const QList<BridgeServer> &servers,
                                         const Options &options)
{
    ConnectPlan plan;
    if (Result<void> read = plan.read(app, path); !read)
        return read.error();
    const QString serversKey = config_format::serversKey(connect_app::format(app));
    for (const BridgeServer &server : servers) {
        const connect_app::EntryMembers entry = connect_app::bridgeEntry(app, options.command, server.id);
        const QJsonObject root = rootOf(plan.m_after);
        const QJsonObject existing = root.value(serversKey).toObject();
        const std::unique_ptr<ConfigFormatReader> reader =
            ConfigFormatReader::forFormat(connect_app::format(app), root);

        Step step{server.name, {}, Change::Added, {}};
        for (auto it = existing.constBegin(); it != existing.constEnd() && step.key.isEmpty(); ++it) {
            if (bridgedServerId(it.value().toObject()) == server.id) {
                step.key = it.key();
                step.change =
                    hasMembers(it.value().toObject(), toObject(entry)) ? Change::AlreadyThere : Change::Updated;
            }
        }
        const QString mcpRemote = step.key.isEmpty() ? mcpRemoteEntryFor(existing, *reader, server.url) : QString();
        if (!mcpRemote.isEmpty() && options.replaceMcpRemote) {
            step.key = mcpRemote;
            step.change = Change::ReplacedMcpRemote;
        } else if (step.key.isEmpty()) {
            step.key = uniqueKey(entryName(server.name, server.id), existing);
            if (!mcpRemote.isEmpty())
                step.note = tr("“%1” in the same file reaches this server through mcp-remote; it was left as it "
                               "is (ask for it to be replaced to use Portico's sign-in there too).")
                                .arg(mcpRemote);
        }
        if (step.change != Change::AlreadyThere) {
            Result<QByteArray> edited = jsonc_edit::setMember(plan.m_after, serversKey, step.key, entry);
            if (!edited)
                return Error(ErrorCode::ConfigInvalid,
                             tr("%1: %2 Portico changed nothing.")
                                 .arg(QDir::toNativeSeparators(path), edited.error().message()));
            plan.m_after = std::move(edited).value();
        }
        plan.m_steps.append(step);
    }
    return plan;
}

Result<ConnectPlan> ConnectPlan::disconnect(ConnectApp app, const QString &path, const QStringList &serverIds)
{
    ConnectPlan plan;
    if (Result<void> read = plan.read(app, path); !read)
        return read.error();
    const QString serversKey = config_format::serversKey(connect_app::format(app));
    const QJsonObject existing = rootOf(plan.m_before).value(serversKey).toObject();
    for (auto it = existing.constBegin(); it != existing.constEnd(); ++it) {
        const QString id = bridgedServerId(it.value().toObject());
        if (id.isEmpty() || (!serverIds.isEmpty() && !serverIds.contains(id)))
            continue;
        Result<QByteArray> edited = jsonc_edit::removeMember(plan.m_after, serversKey, it.key());
        if (!edited)
            return Error(
                ErrorCode::ConfigInvalid,
                tr("%1: %2 Portico changed nothing.").arg(QDir::toNativeSeparators(path), edited.error().message()));
        plan.m_after = std::move(edited).value();
        plan.m_steps.append({it.key(), it.key(), Change::Removed, {}});
    }
    // A malformed file is refused even when there is nothing to remove, so the person learns why.
    if (plan.m_existed) {
        if (Result<QByteArray> checked = jsonc_edit::removeMember(plan.m_before, serversKey, QString()); !checked)
            return Error(
                ErrorCode::ConfigInvalid,
                tr("%1: %2 Portico changed nothing.").arg(QDir::toNativeSeparators(path), checked.error().message()));
    }
    return plan;
}

QString ConnectPlan::describe(const Step &step)
{
    QString line;
    switch (step.change) {
    case Change::Added:
        line = tr("%1: added as “%2”").arg(step.serverName, step.key);
        break;
    case Change::Updated:
        line = tr("%1: “%2” updated to this Portico").arg(step.serverName, step.key);
        break;
    case Change::AlreadyThere:
        line = tr("%1: already connected as “%2”").arg(step.serverName, step.key);
        break;
    case Change::ReplacedMcpRemote:
        line = tr("%1: “%2” (mcp-remote) replaced by Portico's bridge").arg(step.serverName, step.key);
        break;
    case Change::Removed:
        line = tr("“%1” removed").arg(step.key);
        break;
    }
    return step.note.isEmpty() ? line : line + QStringLiteral("\n    ") + step.note;
}

QString ConnectPlan::preview() const
{
    const QStringList before = m_existed ? QString::fromUtf8(m_before).split(QLatin1Char('\n')) : QStringList();
    const QStringList after = QString::fromUtf8(m_after).split(QLatin1Char('\n'));
    qsizetype common = 0;
    while (common < before.size() && common < after.size() && before.at(common) == after.at(common))
        ++common;
    qsizetype tail = 0;
    while (tail < before.size() - common && tail < after.size() - common
           && before.at(before.size() - 1 - tail) == after.at(after.size() - 1 - tail))
        ++tail;
    constexpr qsizetype kContext = 2;
    QStringList lines{QStringLiteral("--- ") + QDir::toNativeSeparators(m_path),
                      QStringLiteral("+++ ") + QDir::toNativeSeparators(m_path)};
    for (qsizetype i = std::max<qsizetype>(0, common - kContext); i < common; ++i)
        lines.append(QStringLiteral("  ") + before.at(i));
    for (qsizetype i = common; i < before.size() - tail; ++i)
        lines.append(QStringLiteral("- ") + before.at(i));
    for (qsizetype i = common; i < after.size() - tail; ++i)
        lines.append(QStringLiteral("+ ") + after.at(i));
    for (qsizetype i = after.size() - tail; i < std::min(after.size(), after.size() - tail + kContext); ++i)
        lines.append(QStringLiteral("  ") + after.at(i));
    // The app's file may hold other servers' credentials (headers, an mcp-remote --header being replaced): the
    // preview is for a terminal or a dialog, so it never shows them.
    return redaction::redactText(lines.join(QLatin1Char('\n')));
}

Result<ConnectUndo> ConnectPlan::apply() const
{
    const QString where = QDir::toNativeSeparators(m_path);
    QFile current(m_path);
    const bool exists = current.exists();
    QByteArray now;
    if (exists && current.open(QIODevice::ReadOnly))
        now = current.readAll();
    if (exists != m_existed || now != m_before)
        return Error(ErrorCode::FileAccessFailed,
                     tr("%1 changed since Portico read it; nothing was written. Try again.").arg(where));

    ConnectUndo undo;
    undo.path = m_path;
    undo.when = QDateTime::currentDateTimeUtc();
    const QFileDevice::Permissions permissions = current.permissions();
    if (m_existed) {
        // Next to the file, so the person finds it; never over an older backup.
        const QString stem =
            m_path + QStringLiteral(".portico-backup-") + undo.when.toString(QStringLiteral("yyyyMMdd-HHmmss"));
        undo.backupPath = stem;
        for (int n = 2; QFile::exists(undo.backupPath); ++n)
            undo.backupPath = stem + QLatin1Char('-') + QString::number(n);
        QFile backup(undo.backupPath);
        if (!backup.open(QIODevice::WriteOnly | QIODevice::NewOnly) || backup.write(m_before) != m_before.size()
            || !backup.setPermissions(permissions) || !backup.flush())
            return Error(ErrorCode::FileAccessFailed,
                         tr("Cannot write the backup %1 (%2); nothing was changed.")
                             .arg(QDir::toNativeSeparators(undo.backupPath), backup.errorString()));
    } else if (!QDir().mkpath(QFileInfo(m_path).absolutePath())) {
        return Error(ErrorCode::FileAccessFailed, tr("Cannot create the folder of %1.").arg(where));
    }

    QSaveFile file(m_path);
    const bool written = file.open(QIODevice::WriteOnly) && file.write(m_after) == m_after.size()
                         && (!m_existed || file.setPermissions(permissions)) && file.commit();
    if (!written)
        return Error(ErrorCode::FileAccessFailed,
                     tr("Cannot write %1 (%2); it was left as it is.").arg(where, file.errorString()));
    undo.writtenSha256 = ConnectUndo::digest(m_after);
    return undo;
}

} // namespace portico
