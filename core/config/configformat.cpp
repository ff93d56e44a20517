#include "config/configformat.h"

#include <QCoreApplication>

namespace portico::config_format {

QString id(ConfigFormat format)
{
    switch (format) {
    case ConfigFormat::ClaudeDesktop:
        return QStringLiteral("claude");
    case ConfigFormat::VsCode:
        return QStringLiteral("vscode");
    case ConfigFormat::Cursor:
        return QStringLiteral("cursor");
    case ConfigFormat::Zed:
        return QStringLiteral("zed");
    }
    Q_UNREACHABLE();
    return {};
}

std::optional<ConfigFormat> fromId(QStringView text)
{
    for (const ConfigFormat format : all()) {
        if (text.compare(id(format), Qt::CaseInsensitive) == 0)
            return format;
    }
    return std::nullopt;
}

QString displayName(ConfigFormat format)
{
    switch (format) {
    case ConfigFormat::ClaudeDesktop:
        return QCoreApplication::translate("ConfigFormat", "Claude Desktop");
    case ConfigFormat::VsCode:
        return QCoreApplication::translate("ConfigFormat", "VS Code");
    case ConfigFormat::Cursor:
        return QCoreApplication::translate("ConfigFormat", "Cursor");
    case ConfigFormat::Zed:
        return QCoreApplication::translate("ConfigFormat", "Zed");
    }
    Q_UNREACHABLE();
    return {};
}

QList<ConfigFormat> all()
{
    return {ConfigFormat::ClaudeDesktop, ConfigFormat::VsCode, ConfigFormat::Cursor, ConfigFormat::Zed};
}

QString serversKey(ConfigFormat format)
{
    switch (format) {
    case ConfigFormat::ClaudeDesktop:
    case ConfigFormat::Cursor:
        return QStringLiteral("mcpServers");
    case ConfigFormat::VsCode:
        return QStringLiteral("servers");
    case ConfigFormat::Zed:
        return QStringLiteral("context_servers");
    }
    Q_UNREACHABLE();
    return {};
}

} // namespace portico::config_format
