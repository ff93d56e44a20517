#include "commandline.h"

#include "common/appidentity.h"

#include <QCoreApplication>

namespace portico {

namespace {

QString formatIds()
{
    QStringList ids;
    for (const ConfigFormat format : config_format::all())
        ids.append(config_format::id(format));
    return ids.join(QLatin1Char('|'));
}

} // namespace

CommandLine::CommandLine()
    : m_helpOption({QStringLiteral("h"), QStringLiteral("help")}, tr("Show this help and exit."))
    , m_versionOption({QStringLiteral("v"), QStringLiteral("version")}, tr("Show Portico's version and exit."))
    , m_listOption(QStringLiteral("list"), tr("List the configured servers, one a line: name, URL, sign-in mode."))
    , m_importOption(QStringLiteral("import"),
                     tr("Import the remote servers of another MCP host's configuration file (Claude Desktop, VS "
                        "Code, Cursor, Zed): print what is added, already configured or skipped (and why), then "
                        "add the new ones. Secrets go to the system keychain, never to Portico's files. A file "
                        "that cannot be read changes nothing."),
                     tr("file"))
    , m_formatOption(QStringLiteral("format"),
                     tr("With --import: read the file as this format instead of detecting it (%1).").arg(formatIds()),
                     tr("format"))
    , m_dryRunOption(
          QStringLiteral("dry-run"),
          tr("With --import, --connect-app or --disconnect-app: print what would happen and change nothing."))
    , m_exportOption(QStringLiteral("export"),
                     tr("Write the configured servers to the file given after the format (%1), without any "
                        "secret: secret values become the format's placeholders or are left out, and Portico "
                        "lists what was left out. Example: portico --export vscode mcp.json")
                         .arg(formatIds()),
                     tr("format"))
    , m_forceOption(QStringLiteral("force"), tr("With --export: replace the file if it exists."))
    , m_noKeychainOption(QStringLiteral("no-keychain"),
                         tr("For tests and headless machines without a keychain: keep secrets in memory only. "
                            "They are lost when Portico exits, and Portico warns about it."))
    , m_conformanceOption(QStringLiteral("conformance"),
                          tr("Run headless against the server URL given last, as the official MCP conformance "
                             "suite expects: no window, no keychain, nothing stored; connect, list and call every "
                             "tool, answer questions from schema defaults. Reads MCP_CONFORMANCE_SCENARIO, "
                             "MCP_CONFORMANCE_CONTEXT and MCP_CONFORMANCE_PROTOCOL_VERSION. Exit code 0 when "
                             "everything worked, 1 otherwise."))
    , m_callOption(QStringLiteral("call"),
                   tr("Call one tool of a configured server (by name or id) without a window, with the sign-in "
                      "stored in the keychain (renewed when needed), and print its result. The tool name follows. "
                      "Example: portico --call \"My server\" echo --arguments '{\"message\":\"hi\"}'"),
                   tr("server"))
    , m_argumentsOption(QStringLiteral("arguments"), tr("With --call: the tool's arguments as a JSON object."),
                        tr("json"))
    , m_connectAppOption(QStringLiteral("connect-app"),
                         tr("Let another MCP app (%1) use a configured server (name or id, given after the app; "
                            "every server when none is given) through `portico bridge`, with the sign-in stored in "
                            "Portico: adds the entry to the app's own configuration file and keeps the rest of the "
                            "file as it is. A backup is written next to the file first. Example: portico "
                            "--connect-app claude \"My server\"")
                             .arg(connect_app::idList()),
                         tr("app"))
    , m_disconnectAppOption(QStringLiteral("disconnect-app"),
                            tr("Take Portico's bridge entry for a server (every Portico entry when none is given) "
                               "out of the app's configuration file."),
                            tr("app"))
    , m_replaceOption(QStringLiteral("replace"),
                      tr("With --connect-app: replace an mcp-remote entry for the same server URL by Portico's "
                         "bridge (without it, such an entry is reported and left as it is)."))
    , m_undoOption(QStringLiteral("undo"),
                   tr("With --connect-app or --disconnect-app: put back the app's file as it was before Portico's "
                      "last change to it, unless the file changed since."))
{
    m_parser.setApplicationDescription(
        tr("Portico connects to remote MCP servers, signs you in when they ask for it, and shows what access "
           "you granted.\n"
           "\n"
           "Examples:\n"
           "  portico --import ~/.cursor/mcp.json\n"
           "  portico --import claude_desktop_config.json --dry-run\n"
           "  portico --export vscode mcp.json\n"
           "  portico --conformance http://localhost:3000/mcp\n"
           "  portico --call \"My server\" echo --arguments '{\"message\":\"hi\"}'\n"
           "  portico bridge \"My server\"    (a stdio MCP server for another MCP host)\n"
           "  portico --connect-app claude \"My server\" --dry-run\n"
           "\n"
           "Exit codes:\n"
           "  0  success\n"
           "  1  failure while running: --import found the file malformed or could not store\n"
           "     the servers (nothing was changed then); --export found the file already\n"
           "     there (without --force) or could not write it; --conformance failed a step;\n"
           "     --call could not connect, needs a sign-in in the window, or the tool failed\n"
           "     (bridge: 1 when SERVER is unknown; otherwise it runs until stdin ends)\n"
           "     --connect-app / --disconnect-app found the app's file malformed, changed\n"
           "     since Portico read it, or not writable (nothing was changed then)\n"
           "  2  usage error (unknown option or bad value)"));
    m_parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    m_parser.addPositionalArgument(tr("file"), tr("With --export: the file to write."), tr("[file]"));
    m_parser.addPositionalArgument(
        tr("bridge"),
        tr("bridge SERVER: offer a server (configured, by name or id, or any MCP server URL) to another MCP host "
           "as a stdio MCP server, with the sign-in stored in Portico. Never opens a browser: sign in to the "
           "server in Portico's window first."),
        tr("[bridge SERVER]"));
    for (const QCommandLineOption *option :
         {&m_helpOption, &m_versionOption, &m_listOption, &m_importOption, &m_formatOption, &m_dryRunOption,
          &m_exportOption, &m_forceOption, &m_noKeychainOption, &m_conformanceOption, &m_callOption, &m_argumentsOption,
          &m_connectAppOption, &m_disconnectAppOption, &m_replaceOption, &m_undoOption})
        m_parser.addOption(*option);
    addQtOptions();
}

void CommandLine::addQtOptions()
{
    // The options QGuiApplication and QApplication take for themselves (Qt documentation of both
    // constructors), hidden from --help, so they reach Qt instead of being refused as unknown.
    static const char *const withValue[] = {
        "platform",    "platformpluginpath", "platformtheme", "plugin",  "qmljsdebugger", "qwindowgeometry",
        "qwindowicon", "qwindowtitle",       "session",       "display", "geometry",      "style",
        "stylesheet"};
    static const char *const flags[] = {"reverse", "widgetcount", "nograb", "dograb", "sync"};
    for (const char *name : withValue) {
        QCommandLineOption option(QString::fromLatin1(name), QString(), QStringLiteral("value"));
        option.setFlags(QCommandLineOption::HiddenFromHelp);
        m_parser.addOption(option);
    }
    for (const char *name : flags) {
        QCommandLineOption option(QString::fromLatin1(name));
        option.setFlags(QCommandLineOption::HiddenFromHelp);
        m_parser.addOption(option);
    }
}

CommandLine::Action CommandLine::usageError(QString message)
{
    m_usageError = std::move(message);
    return Action::UsageError;
}

CommandLine::Action CommandLine::parse(const QStringList &arguments)
{
    if (!m_parser.parse(arguments))
        return usageError(m_parser.errorText());
    if (m_parser.isSet(m_helpOption))
        return Action::ShowHelp;
    if (m_parser.isSet(m_versionOption))
        return Action::ShowVersion;

    const bool list = m_parser.isSet(m_listOption);
    const bool import = m_parser.isSet(m_importOption);
    const bool exportServers = m_parser.isSet(m_exportOption);
    if (int(list) + int(import) + int(exportServers) > 1)
        return usageError(tr("Use only one of --list, --import and --export."));
    if (m_parser.isSet(m_formatOption) && !import)
        return usageError(tr("--format goes with --import."));
    const bool connectApp = m_parser.isSet(m_connectAppOption);
    const bool disconnectApp = m_parser.isSet(m_disconnectAppOption);
    if (m_parser.isSet(m_dryRunOption) && !import && !connectApp && !disconnectApp)
        return usageError(tr("--dry-run goes with --import, --connect-app or --disconnect-app."));
    if (m_parser.isSet(m_forceOption) && !exportServers)
        return usageError(tr("--force goes with --export."));
    if (connectApp || disconnectApp)
        return parseConnectApp(connectApp);
    if (m_parser.isSet(m_replaceOption) || m_parser.isSet(m_undoOption))
        return usageError(tr("--replace and --undo go with --connect-app or --disconnect-app."));

    const QStringList positional = m_parser.positionalArguments();
    if (!positional.isEmpty() && positional.constFirst() == QLatin1StringView("bridge") && !list && !import
        && !exportServers && !m_parser.isSet(m_conformanceOption) && !m_parser.isSet(m_callOption)
        && !m_parser.isSet(m_argumentsOption)) {
        if (positional.size() != 2)
            return usageError(tr("bridge needs one server (name, id or URL), e.g. portico bridge \"My server\"."));
        m_bridgeServer = positional.at(1);
        return Action::Bridge;
    }
    if (m_parser.isSet(m_conformanceOption)) {
        if (list || import || exportServers)
            return usageError(tr("--conformance runs alone."));
        // The suite appends the server URL as the last argument (docs/architecture.md, "The conformance suite").
        if (positional.size() != 1)
            return usageError(
                tr("--conformance needs the server URL, e.g. portico --conformance http://localhost:3000/mcp."));
        m_conformanceUrl = QUrl(positional.constFirst(), QUrl::StrictMode);
        if (!m_conformanceUrl.isValid() || m_conformanceUrl.isRelative())
            return usageError(tr("'%1' is not a URL.").arg(positional.constFirst()));
        return Action::Conformance;
    }
    if (m_parser.isSet(m_argumentsOption) && !m_parser.isSet(m_callOption))
        return usageError(tr("--arguments goes with --call."));
    if (m_parser.isSet(m_callOption)) {
        if (list || import || exportServers)
            return usageError(tr("--call runs alone."));
        if (positional.size() != 1)
            return usageError(tr("--call needs a server and one tool name, e.g. portico --call \"My server\" echo."));
        m_callServer = m_parser.value(m_callOption);
        m_callTool = positional.constFirst();
        m_callArguments = m_parser.isSet(m_argumentsOption) ? m_parser.value(m_argumentsOption) : QStringLiteral("{}");
        return Action::CallTool;
    }
    if (exportServers) {
        const QString formatName = m_parser.value(m_exportOption);
        m_configFormat = config_format::fromId(formatName);
        if (!m_configFormat)
            return usageError(tr("Unknown format '%1' for --export (use %2).").arg(formatName, formatIds()));
        if (positional.size() != 1)
            return usageError(tr("--export needs a format and one file, e.g. portico --export vscode mcp.json."));
        m_configFile = positional.constFirst();
        return Action::ExportConfig;
    }
    if (!positional.isEmpty())
        return usageError(tr("Unexpected argument '%1'.").arg(positional.constFirst()));
    if (list)
        return Action::ListServers;
    if (import) {
        m_configFile = m_parser.value(m_importOption);
        if (m_configFile.isEmpty())
            return usageError(tr("--import needs a file."));
        if (m_parser.isSet(m_formatOption)) {
            const QString formatName = m_parser.value(m_formatOption);
            m_configFormat = config_format::fromId(formatName);
            if (!m_configFormat)
                return usageError(tr("Unknown format '%1' for --format (use %2).").arg(formatName, formatIds()));
        }
        return Action::ImportConfig;
    }
    return Action::RunGui;
}

CommandLine::Action CommandLine::parseConnectApp(bool connect)
{
    if (m_parser.isSet(m_listOption) || m_parser.isSet(m_importOption) || m_parser.isSet(m_exportOption)
        || m_parser.isSet(m_conformanceOption) || m_parser.isSet(m_callOption) || m_parser.isSet(m_argumentsOption)
        || (m_parser.isSet(m_connectAppOption) && m_parser.isSet(m_disconnectAppOption)))
        return usageError(tr("--connect-app and --disconnect-app run alone."));
    const QString name = m_parser.value(connect ? m_connectAppOption : m_disconnectAppOption);
    const std::optional<ConnectApp> app = connect_app::fromId(name);
    if (!app)
        return usageError(tr("Unknown app '%1' (use %2).").arg(name, connect_app::idList()));
    m_connectApp = *app;
    const QStringList positional = m_parser.positionalArguments();
    if (positional.size() > 1)
        return usageError(tr("Give at most one server, e.g. portico --connect-app %1 \"My server\".").arg(name));
    if (m_parser.isSet(m_undoOption) && (!positional.isEmpty() || m_parser.isSet(m_replaceOption)))
        return usageError(tr("--undo takes back Portico's last change to the app's file; it takes no server."));
    if (m_parser.isSet(m_replaceOption) && !connect)
        return usageError(tr("--replace goes with --connect-app."));
    m_connectServer = positional.value(0);
    return connect ? Action::ConnectApp : Action::DisconnectApp;
}

bool CommandLine::replace() const
{
    return m_parser.isSet(m_replaceOption);
}

bool CommandLine::undo() const
{
    return m_parser.isSet(m_undoOption);
}

bool CommandLine::dryRun() const
{
    return m_parser.isSet(m_dryRunOption);
}

bool CommandLine::force() const
{
    return m_parser.isSet(m_forceOption);
}

bool CommandLine::noKeychain() const
{
    return m_parser.isSet(m_noKeychainOption);
}

QString CommandLine::helpText() const
{
    // Without an application object (on purpose: help needs no display) Qt names the program
    // "<executable_name>"; the installed command is `portico`.
    QString text = m_parser.helpText();
    text.replace(QStringLiteral("<executable_name>"), QStringLiteral("portico"));
    return text;
}

QString CommandLine::versionText()
{
    return app_identity::kApplicationName + QLatin1Char(' ') + app_identity::kVersion;
}

} // namespace portico
