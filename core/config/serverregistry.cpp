#include "config/serverregistry.h"

#include "common/appidentity.h"
#include "config/jsonc.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>
#include <QStandardPaths>

#include <algorithm>

namespace portico {

ServerRegistry::ServerRegistry(QObject *parent)
    : ServerRegistry(defaultFilePath(), parent)
{}

ServerRegistry::ServerRegistry(QString filePath, QObject *parent)
    : QObject(parent)
    , m_filePath(std::move(filePath))
{}

QString ServerRegistry::defaultFilePath()
{
    // GenericConfigLocation is $XDG_CONFIG_HOME (~/.config) on Linux; the folder is the application id, the
    // same one QSettings uses for Portico.conf, so everything Portico keeps is in one place.
    return QStandardPaths::writableLocation(QStandardPaths::GenericConfigLocation) + QLatin1Char('/')
           + app_identity::kApplicationId + QStringLiteral("/servers.json");
}

Result<void> ServerRegistry::load()
{
    const auto fail = [this](Error error) -> Result<void> {
        m_loadError = error;
        if (!m_servers.isEmpty()) {
            m_servers.clear();
            Q_EMIT serversReset();
        }
        return error;
    };
    const QString where = QDir::toNativeSeparators(m_filePath);

    QFile file(m_filePath);
    if (!file.exists()) {
        m_loadError.reset();
        m_servers.clear();
        Q_EMIT serversReset();
        return Result<void>::success();
    }
    if (!file.open(QIODevice::ReadOnly))
        return fail(Error(ErrorCode::FileAccessFailed, tr("Portico cannot read its server list %1.").arg(where),
                          file.errorString()));
    const QByteArray bytes = file.readAll();

    // Whatever is wrong, the file stays as it is: it may be the only copy of someone's configuration.
    const QString keep = tr("Portico left the file untouched and will not change it until it is fixed or moved away.");
    // Portico writes strict JSON; reading it strictly too means a hand edit that only another tool's
    // dialect accepts is reported rather than half understood.
    const Result<QJsonObject> parsed = jsonc::parseObject(bytes, jsonc::Dialect::Strict);
    if (!parsed)
        return fail(Error(ErrorCode::ConfigInvalid,
                          tr("The server list %1 is not valid JSON: %2").arg(where, parsed.error().message())
                              + QLatin1Char(' ') + keep));
    const QJsonObject &root = parsed.value();
    const QJsonValue version = root.value(QLatin1StringView("schemaVersion"));
    if (!version.isDouble())
        return fail(Error(ErrorCode::ConfigInvalid,
                          tr("The server list %1 has no schema version.").arg(where) + QLatin1Char(' ') + keep));
    if (version.toInt() > ServerConfig::kSchemaVersion)
        return fail(Error(ErrorCode::ConfigInvalid,
                          tr("The server list %1 was written by a newer Portico (schema %2; this one reads %3).")
                                  .arg(where)
                                  .arg(version.toInt())
                                  .arg(ServerConfig::kSchemaVersion)
                              + QLatin1Char(' ') + keep));
    if (!root.value(QLatin1StringView("servers")).isArray())
        return fail(Error(ErrorCode::ConfigInvalid,
                          tr("The server list %1 has no \"servers\" list.").arg(where) + QLatin1Char(' ') + keep));

    QList<ServerConfig> servers;
    QStringList ids;
    const QJsonArray array = root.value(QLatin1StringView("servers")).toArray();
    for (qsizetype i = 0; i < array.size(); ++i) {
        Result<ServerConfig> config = ServerConfig::fromJson(array.at(i).toObject());
        if (!config)
            return fail(Error(ErrorCode::ConfigInvalid,
                              tr("Server %1 in %2 is not valid: %3").arg(i + 1).arg(where, config.error().message())
                                  + QLatin1Char(' ') + keep));
        if (ids.contains(config.value().id()))
            return fail(Error(ErrorCode::ConfigInvalid,
                              tr("Server %1 in %2 repeats the id of another server.").arg(i + 1).arg(where)
                                  + QLatin1Char(' ') + keep));
        ids.append(config.value().id());
        servers.append(std::move(config).value());
    }
    m_loadError.reset();
    m_servers = std::move(servers);
    Q_EMIT serversReset();
    return Result<void>::success();
}

std::optional<ServerConfig> ServerRegistry::find(const QString &id) const
{
    const qsizetype index = indexOf(id);
    if (index < 0)
        return std::nullopt;
    return m_servers.at(index);
}

std::optional<ServerConfig> ServerRegistry::findByUrl(const QUrl &url) const
{
    const QString wanted = ServerConfig::normalizedUrl(url);
    if (wanted.isEmpty())
        return std::nullopt;
    for (const ServerConfig &config : m_servers) {
        if (ServerConfig::normalizedUrl(config.url) == wanted)
            return config;
    }
    return std::nullopt;
}

qsizetype ServerRegistry::indexOf(const QString &id) const
{
    for (qsizetype i = 0; i < m_servers.size(); ++i) {
        if (m_servers.at(i).id() == id)
            return i;
    }
    return -1;
}

Result<void> ServerRegistry::add(const ServerConfig &config)
{
    return addAll({config});
}

Result<void> ServerRegistry::addAll(const QList<ServerConfig> &configs)
{
    QList<ServerConfig> next = m_servers;
    for (const ServerConfig &config : configs) {
        const bool taken = std::any_of(next.cbegin(), next.cend(),
                                       [&config](const ServerConfig &other) { return other.id() == config.id(); });
        if (taken)
            return Error(ErrorCode::InvalidArgument, tr("A server with the id %1 already exists.").arg(config.id()));
        next.append(config);
    }
    if (const Result<void> written = commit(next); !written)
        return written;
    for (const ServerConfig &config : configs)
        Q_EMIT serverAdded(config.id());
    return Result<void>::success();
}

Result<void> ServerRegistry::update(const ServerConfig &config)
{
    const qsizetype index = indexOf(config.id());
    if (index < 0)
        return Error(ErrorCode::InvalidArgument, tr("There is no server with the id %1.").arg(config.id()));
    QList<ServerConfig> next = m_servers;
    next[index] = config;
    if (const Result<void> written = commit(next); !written)
        return written;
    Q_EMIT serverUpdated(config.id());
    return Result<void>::success();
}

Result<void> ServerRegistry::remove(const QString &id)
{
    const qsizetype index = indexOf(id);
    if (index < 0)
        return Error(ErrorCode::InvalidArgument, tr("There is no server with the id %1.").arg(id));
    QList<ServerConfig> next = m_servers;
    next.removeAt(index);
    if (const Result<void> written = commit(next); !written)
        return written;
    Q_EMIT serverRemoved(id);
    return Result<void>::success();
}

Result<void> ServerRegistry::commit(const QList<ServerConfig> &servers)
{
    if (m_loadError) {
        return Error(ErrorCode::ConfigInvalid,
                     tr("Portico cannot change its server list until the file %1 can be read.")
                         .arg(QDir::toNativeSeparators(m_filePath)),
                     m_loadError->message());
    }
    QJsonArray array;
    for (const ServerConfig &config : servers) {
        if (const Result<void> valid = config.validate(); !valid)
            return Error(ErrorCode::ConfigInvalid, tr("\"%1\": %2").arg(config.name, valid.error().message()));
        array.append(config.toJson());
    }
    const QJsonObject root{{QStringLiteral("schemaVersion"), ServerConfig::kSchemaVersion},
                           {QStringLiteral("servers"), array}};

    const QString where = QDir::toNativeSeparators(m_filePath);
    const QString directory = QFileInfo(m_filePath).absolutePath();
    if (!QDir().mkpath(directory))
        return Error(
            ErrorCode::FileAccessFailed,
            tr("Portico cannot create the folder %1 for its server list.").arg(QDir::toNativeSeparators(directory)));
    // QSaveFile writes a temporary file next to the target and renames it over the target on commit(): a
    // crash or a full disk leaves the previous file whole (never half a list).
    QSaveFile file(m_filePath);
    if (!file.open(QIODevice::WriteOnly))
        return Error(ErrorCode::FileAccessFailed, tr("Portico cannot write its server list %1.").arg(where),
                     file.errorString());
    const QByteArray bytes = QJsonDocument(root).toJson(QJsonDocument::Indented);
    if (file.write(bytes) != bytes.size() || !file.commit())
        return Error(ErrorCode::FileAccessFailed, tr("Portico cannot write its server list %1.").arg(where),
                     file.errorString());
    m_servers = servers;
    return Result<void>::success();
}

} // namespace portico
