#include "config/connectapp.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QStandardPaths>

namespace portico::connect_app {

QString id(ConnectApp app)
{
    switch (app) {
    case ConnectApp::ClaudeDesktop:
        return QStringLiteral("claude");
    case ConnectApp::ClaudeCode:
        return QStringLiteral("claude-code");
    case ConnectApp::Cursor:
        return QStringLiteral("cursor");
    case ConnectApp::VsCode:
        return QStringLiteral("vscode");
    case ConnectApp::Zed:
        return QStringLiteral("zed");
    }
    Q_UNREACHABLE();
    return {};
}

std::optional<ConnectApp> fromId(QStringView text)
{
    for (const ConnectApp app : all()) {
        if (text.compare(id(app), Qt::CaseInsensitive) == 0)
            return app;
    }
    return std::nullopt;
}

QList<ConnectApp> all()
{
    return {ConnectApp::ClaudeDesktop, ConnectApp::ClaudeCode, ConnectApp::Cursor, ConnectApp::VsCode, ConnectApp::Zed};
}

QString idList()
{
    QStringList ids;
    for (const ConnectApp app : all())
        ids.append(id(app));
    return ids.join(QLatin1Char('|'));
}

QString displayName(ConnectApp app)
{
    switch (app) {
    case ConnectApp::ClaudeDesktop:
        return QCoreApplication::translate("ConnectApp", "Claude Desktop");
    case ConnectApp::ClaudeCode:
        return QCoreApplication::translate("ConnectApp", "Claude Code");
    case ConnectApp::Cursor:
        return QCoreApplication::translate("ConnectApp", "Cursor");
    case ConnectApp::VsCode:
        return QCoreApplication::translate("ConnectApp", "VS Code");
    case ConnectApp::Zed:
        return QCoreApplication::translate("ConnectApp", "Zed");
    }
    Q_UNREACHABLE();
    return {};
}

ConfigFormat format(ConnectApp app)
{
    switch (app) {
    case ConnectApp::ClaudeDesktop:
    case ConnectApp::ClaudeCode:
        return ConfigFormat::ClaudeDesktop;
    case ConnectApp::Cursor:
        return ConfigFormat::Cursor;
    case ConnectApp::VsCode:
        return ConfigFormat::VsCode;
    case ConnectApp::Zed:
        return ConfigFormat::Zed;
    }
    Q_UNREACHABLE();
    return {};
}

QString defaultFilePath(ConnectApp app)
{
    // The same places ConfigImport::knownConfigFiles() looks in (Zed uses ~/.config on macOS too).
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
    switch (app) {
    case ConnectApp::ClaudeDesktop:
        return appData + QStringLiteral("/Claude/claude_desktop_config.json");
    case ConnectApp::ClaudeCode:
        return home + QStringLiteral("/.claude.json");
    case ConnectApp::Cursor:
        return home + QStringLiteral("/.cursor/mcp.json");
    case ConnectApp::VsCode:
        return appData + QStringLiteral("/Code/User/mcp.json");
    case ConnectApp::Zed:
        return zedSettings;
    }
    Q_UNREACHABLE();
    return {};
}

QString executablePath()
{
    // An AppImage sets APPIMAGE to its own path (AppImage documentation, "Environment variables").
    const QString appImage = qEnvironmentVariable("APPIMAGE");
    if (!appImage.isEmpty() && QFileInfo(appImage).isAbsolute())
        return appImage;
    return QCoreApplication::applicationFilePath();
}

EntryMembers bridgeEntry(ConnectApp app, const QString &command, const QString &serverId)
{
    const QJsonArray args{QStringLiteral("bridge"), serverId};
    EntryMembers entry;
    // VS Code requires "type" ("stdio" for a command); Claude Code writes it for every server it adds
    // (`claude mcp add`); the others read a "command" as a stdio server.
    if (app == ConnectApp::VsCode || app == ConnectApp::ClaudeCode)
        entry.append({QStringLiteral("type"), QStringLiteral("stdio")});
    entry.append({QStringLiteral("command"), command});
    entry.append({QStringLiteral("args"), args});
    return entry;
}

} // namespace portico::connect_app
