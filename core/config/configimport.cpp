#include "config/configimport.h"

#include "config/configformatreader.h"
#include "config/importentrybuilder.h"
#include "config/jsonc.h"
#include "config/mcpserversreader.h"
#include "config/remoteserverspec.h"
#include "config/vscodereader.h"
#include "config/zedreader.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QStandardPaths>

#include <memory>
#include <utility>

namespace portico {

namespace {

// The reader for `format`; `root` is the whole file (VS Code's reader takes its "inputs" from it).
std::unique_ptr<ConfigFormatReader> readerFor(ConfigFormat format, const QJsonObject &root)
{
    switch (format) {
    case ConfigFormat::ClaudeDesktop:
    case ConfigFormat::Cursor:
        return std::make_unique<McpServersReader>(format);
    case ConfigFormat::VsCode:
        return std::make_unique<VsCodeReader>(root);
    case ConfigFormat::Zed:
        return std::make_unique<ZedReader>();
    }
    Q_UNREACHABLE();
    return {};
}

} // namespace

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

    const std::unique_ptr<ConfigFormatReader> reader = readerFor(preview.format, root);
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
    // The systems differ in where applications keep their settings (Zed uses ~/.config on macOS too).
    const QString home = QDir::homePath();
#if defined(Q_OS_MACOS)
    const QString appData = home + QStringLiteral("/Library/Application Support");
    const QString zedSettings = home + QStringLiteral("/.config/zed/settings.json");
#elif defined(Q_OS_WIN)
    const QString appData = qEnvironmentVariable("APPDATA");
    const QString zedSettings = appData + QStringLiteral("/Zed/settings.json");
#else
    const QString appData = QStandardPaths::writableLocation(QStandardPaths::GenericConfigLocation);
    const QString zedSettings = appData + QStringLiteral("/zed/settings.json");
#endif
    const QList<KnownFile> candidates{
        {ConfigFormat::ClaudeDesktop, appData + QStringLiteral("/Claude/claude_desktop_config.json")},
        {ConfigFormat::ClaudeDesktop, home + QStringLiteral("/.claude.json")},
        {ConfigFormat::Cursor, home + QStringLiteral("/.cursor/mcp.json")},
        {ConfigFormat::VsCode, appData + QStringLiteral("/Code/User/mcp.json")},
        {ConfigFormat::Zed, zedSettings},
    };
    QList<KnownFile> found;
    for (const KnownFile &candidate : candidates) {
        if (QFileInfo(candidate.path).isFile())
            found.append(candidate);
    }
    return found;
}

} // namespace portico
