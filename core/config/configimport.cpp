#include "config/configimport.h"

#include "config/configformatreader.h"
#include "config/connectapp.h"
#include "config/importentrybuilder.h"
#include "config/jsonc.h"
#include "config/remoteserverspec.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>

#include <memory>
#include <utility>

namespace portico {

std::optional<ConfigFormat> ConfigImport::detectFormat(const QJsonObject &root)
{
    if (root.contains(config_format::serversKey(ConfigFormat::Zed)))
        return ConfigFormat::Zed;
    const QString vsCodeKey = config_format::serversKey(ConfigFormat::VsCode);
    if (root.contains(vsCodeKey) || root.value(QLatin1StringView("mcp")).toObject().contains(vsCodeKey))
        return ConfigFormat::VsCode;
    // Claude Desktop and Cursor share "mcpServers"; Cursor's own marks are "auth" and ${env:NAME}.
    const QString mcpServersKey = config_format::serversKey(ConfigFormat::ClaudeDesktop);
    if (!root.contains(mcpServersKey))
        return std::nullopt;
    const QJsonObject servers = root.value(mcpServersKey).toObject();
    for (auto it = servers.constBegin(); it != servers.constEnd(); ++it) {
        const QJsonObject entry = it.value().toObject();
        if (entry.contains(QLatin1StringView("auth")))
            return ConfigFormat::Cursor;
        const QByteArray text = QJsonDocument(entry).toJson(QJsonDocument::Compact);
        if (text.contains("${env:"))
            return ConfigFormat::Cursor;
    }
    return ConfigFormat::ClaudeDesktop;
}

Result<ImportPreview> ConfigImport::preview(QByteArrayView content, std::optional<ConfigFormat> format,
                                            const QList<ServerConfig> &existing)
{
    if (content.size() > kMaxFileSize)
        return Error(ErrorCode::ConfigInvalid, tr("The file is too large to be an MCP configuration."));
    const Result<QJsonObject> parsed = jsonc::parseObject(content, jsonc::Dialect::Tolerant);
    if (!parsed)
        return Error(ErrorCode::ConfigInvalid, tr("The file is not valid JSON. %1").arg(parsed.error().message()));
    const QJsonObject &root = parsed.value();

    ImportPreview preview;
    if (format) {
        preview.format = *format;
    } else if (const auto detected = detectFormat(root)) {
        preview.format = *detected;
    } else {
        return Error(ErrorCode::ConfigInvalid,
                     tr("The file is not an MCP configuration Portico knows: it has no \"mcpServers\" (Claude "
                        "Desktop, Cursor), \"servers\" (VS Code) or \"context_servers\" (Zed)."));
    }

    const std::unique_ptr<ConfigFormatReader> reader = ConfigFormatReader::forFormat(preview.format, root);
    const ConfigFormatReader::ServerMap map = reader->serverMap(root);
    if (map.value.isUndefined())
        return Error(ErrorCode::ConfigInvalid, tr("The file has no \"%1\", so it is not a %2 configuration.")
                                                   .arg(map.key, config_format::displayName(preview.format)));
    if (!map.value.isObject())
        return Error(ErrorCode::ConfigInvalid,
                     tr("\"%1\" must be an object that maps server names to servers.").arg(map.key));

    ImportEntryBuilder builder(existing);
    const QJsonObject servers = map.value.toObject();
    for (auto it = servers.constBegin(); it != servers.constEnd(); ++it) {
        const RemoteServerSpec spec = it.value().isObject()
                                          ? reader->readEntry(it.value().toObject())
                                          : RemoteServerSpec::skipped(tr("it is not a server entry (an object)"));
        preview.entries.append(builder.build(it.key(), spec));
    }
    return preview;
}

Result<ImportPreview> ConfigImport::previewFile(const QString &path, std::optional<ConfigFormat> format,
                                                const QList<ServerConfig> &existing)
{
    const QString where = QDir::toNativeSeparators(path);
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return Error(ErrorCode::FileAccessFailed, tr("Cannot read %1: %2").arg(where, file.errorString()));
    if (file.size() > kMaxFileSize)
        return Error(ErrorCode::ConfigInvalid, tr("%1 is too large to be an MCP configuration.").arg(where));
    const QByteArray content = file.read(kMaxFileSize + 1);
    Result<ImportPreview> result = preview(content, format, existing);
    if (!result)
        return Error(result.error().code(), where + QStringLiteral(": ") + result.error().message());
    ImportPreview preview = std::move(result).value();
    preview.sourcePath = path;
    return preview;
}

QList<ConfigImport::KnownFile> ConfigImport::knownConfigFiles()
{
    // The same files --connect-app writes to (connect_app::defaultFilePath knows where each system keeps them).
    QList<KnownFile> found;
    for (const ConnectApp app : connect_app::all()) {
        const QString path = connect_app::defaultFilePath(app);
        if (QFileInfo(path).isFile())
            found.append({connect_app::format(app), path});
    }
    return found;
}

} // namespace portico
