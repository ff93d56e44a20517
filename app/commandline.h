#pragma once

#include "config/configformat.h"
#include "config/connectapp.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QString>
#include <QStringList>
#include <QUrl>

#include <optional>

namespace portico {

// Portico's command line (QCommandLineParser). Exit codes are part of the contract and documented in
// --help: 0 success, 1 failure at run time, 2 a usage error (unknown option, bad value).
class CommandLine
{
    Q_DECLARE_TR_FUNCTIONS(CommandLine)

public:
    enum class Action {
        RunGui,
        ShowHelp,
        ShowVersion,
        UsageError,
        ListServers,   // --list
        ImportConfig,  // --import FILE [--format NAME] [--dry-run]
        ExportConfig,  // --export FORMAT FILE [--force]
        Conformance,   // --conformance URL: the headless client the MCP conformance suite drives
        CallTool,      // --call SERVER TOOL [--arguments JSON]: one tool call with the stored sign-in
        Bridge,        // bridge SERVER: the server as a stdio MCP server, with the stored sign-in
        ConnectApp,    // --connect-app APP [SERVER] [--dry-run] [--replace] [--undo]: a bridge entry in APP's file
        DisconnectApp, // --disconnect-app APP [SERVER] [--dry-run] [--undo]: Portico's bridge entries taken out
    };

    static constexpr int kExitSuccess = 0;
    static constexpr int kExitFailure = 1;
    static constexpr int kExitUsageError = 2;

    CommandLine();

    // Parses the whole command line, before any application object exists, so that help, version and
    // usage errors need no display. Qt's own options (-platform, -style, ...) are accepted and left for
    // QApplication.
    Action parse(const QStringList &arguments);

    [[nodiscard]] QString helpText() const;
    [[nodiscard]] static QString versionText();
    // What was wrong with the arguments, for Action::UsageError; one line, ready for stderr.
    [[nodiscard]] const QString &usageError() const { return m_usageError; }

    // The values of the configuration commands, valid after parse() returned their action.
    [[nodiscard]] const QString &configFile() const { return m_configFile; }
    // The server URL of --conformance.
    [[nodiscard]] const QUrl &conformanceUrl() const { return m_conformanceUrl; }
    // --call: the server (name or id), the tool and its JSON arguments ("{}" when not given).
    [[nodiscard]] const QString &callServer() const { return m_callServer; }
    [[nodiscard]] const QString &callTool() const { return m_callTool; }
    [[nodiscard]] const QString &callArguments() const { return m_callArguments; }
    // bridge: the server (name, id or URL).
    [[nodiscard]] const QString &bridgeServer() const { return m_bridgeServer; }
    [[nodiscard]] std::optional<ConfigFormat> configFormat() const { return m_configFormat; }
    // --connect-app / --disconnect-app: the app, and the server (name or id; empty: every server).
    [[nodiscard]] ConnectApp connectApp() const { return m_connectApp; }
    [[nodiscard]] const QString &connectServer() const { return m_connectServer; }
    [[nodiscard]] bool replace() const;
    [[nodiscard]] bool undo() const;
    [[nodiscard]] bool dryRun() const;
    [[nodiscard]] bool force() const;
    // Secrets in memory only, for tests and headless machines without a Secret Service.
    [[nodiscard]] bool noKeychain() const;

private:
    void addQtOptions();
    Action usageError(QString message);
    Action parseConnectApp(bool connect);

    QCommandLineParser m_parser;
    QCommandLineOption m_helpOption;
    QCommandLineOption m_versionOption;
    QCommandLineOption m_listOption;
    QCommandLineOption m_importOption;
    QCommandLineOption m_formatOption;
    QCommandLineOption m_dryRunOption;
    QCommandLineOption m_exportOption;
    QCommandLineOption m_forceOption;
    QCommandLineOption m_noKeychainOption;
    QCommandLineOption m_conformanceOption;
    QCommandLineOption m_callOption;
    QCommandLineOption m_argumentsOption;
    QCommandLineOption m_connectAppOption;
    QCommandLineOption m_disconnectAppOption;
    QCommandLineOption m_replaceOption;
    QCommandLineOption m_undoOption;
    QString m_usageError;
    QString m_configFile;
    std::optional<ConfigFormat> m_configFormat;
    QUrl m_conformanceUrl;
    QString m_callServer;
    QString m_callTool;
    QString m_callArguments;
    QString m_bridgeServer;
    ConnectApp m_connectApp = ConnectApp::ClaudeDesktop;
    QString m_connectServer;
};

} // namespace portico
