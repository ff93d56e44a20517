// Portico's entry point: identity, command line, then either a headless configuration command or the GUI.

#include "bridgecommand.h"
#include "callcommand.h"
#include "commandline.h"
#include "configcommands.h"
#include "conformancerunner.h"
#include "connectappcommand.h"
#include "connectedidleprobe.h"
#include "firstpaintprobe.h"
#include "terminal.h"
#include "unixsignalwatcher.h"

#include "common/appidentity.h"
#include "common/eventdispatcherchoice.h"
#include "config/serverregistry.h"
#include "elicitation/dialogelicitationhandler.h"
#include "host/connectionmanager.h"
#include "keychain/keychainsecretstore.h"
#include "mainwindow/mainwindow.h"
#include "secrets/inmemorysecretstore.h"
#include "signin/systembrowseruseragent.h"
#include "signin/webengineuseragent.h"

#include <QApplication>
#include <QIcon>
#include <QLocale>
#include <QMessageBox>
#include <QTranslator>

#include <csignal>
#include <cstdio>
#include <memory>
#include <optional>
#include <unistd.h>

namespace {

void setApplicationIdentity()
{
    using namespace portico::app_identity;
    QCoreApplication::setApplicationName(kApplicationName);
    QCoreApplication::setApplicationVersion(kVersion);
    // The organisation is the application id, so QSettings lands in ~/.config/<app id>/ and nothing
    // Portico stores can be confused with another program's (the same id names the keychain service).
    QCoreApplication::setOrganizationName(kApplicationId);
    QCoreApplication::setOrganizationDomain(QStringLiteral("portico.dev"));
}

// Chromium refuses to start as root with its sandbox on (it aborts the whole process). Root desktops
// are rare but CI and containers run as root; there the sandbox cannot work anyway, so say so and go on.
void allowWebEngineAsRoot()
{
    if (::geteuid() == 0 && !qEnvironmentVariableIsSet("QTWEBENGINE_DISABLE_SANDBOX")) {
        qputenv("QTWEBENGINE_DISABLE_SANDBOX", "1");
        std::fputs("Portico: running as root, so the embedded browser runs without its sandbox.\n", stderr);
    }
}

// Answers help, version, usage errors and the configuration commands on the terminal; std::nullopt
// means "run the GUI".
std::optional<int> answerOnTerminal(int argc, char **argv, const portico::CommandLine &commandLine,
                                    portico::CommandLine::Action action)
{
    using Action = portico::CommandLine::Action;
    using portico::terminal::printLine;
    switch (action) {
    case Action::ShowHelp:
        printLine(stdout, commandLine.helpText());
        return portico::CommandLine::kExitSuccess;
    case Action::ShowVersion:
        printLine(stdout, portico::CommandLine::versionText());
        return portico::CommandLine::kExitSuccess;
    case Action::UsageError:
        printLine(stderr, commandLine.usageError());
        printLine(stderr, QStringLiteral("Try 'portico --help'."));
        return portico::CommandLine::kExitUsageError;
    case Action::ListServers:
    case Action::ImportConfig:
    case Action::ExportConfig: {
        // A core application only: these run without a display, over SSH or in scripts.
        QCoreApplication app(argc, argv);
        portico::ConfigCommands commands({commandLine.noKeychain()});
        if (action == Action::ListServers)
            return commands.list();
        if (action == Action::ImportConfig)
            return commands.importFile(commandLine.configFile(), commandLine.configFormat(), commandLine.dryRun());
        return commands.exportFile(*commandLine.configFormat(), commandLine.configFile(), commandLine.force());
    }
    case Action::Conformance: {
        // The same ServerConnection and McpSession as the GUI, with no window and nothing stored.
        portico::preferQtEventDispatcher();
        QCoreApplication app(argc, argv);
        portico::ConformanceRunner runner(commandLine.conformanceUrl());
        QObject::connect(&runner, &portico::ConformanceRunner::finished, &app, &QCoreApplication::exit);
        runner.start();
        return QCoreApplication::exec();
    }
    case Action::CallTool: {
        QCoreApplication app(argc, argv);
        portico::CallCommand command({commandLine.noKeychain()});
        QObject::connect(&command, &portico::CallCommand::finished, &app, &QCoreApplication::exit);
        command.start(commandLine.callServer(), commandLine.callTool(), commandLine.callArguments());
        return QCoreApplication::exec();
    }
    case Action::Bridge: {
        // stdout is the JSON-RPC channel: a core application only, no window, no browser engine started.
        std::signal(SIGPIPE, SIG_IGN); // a client that went away is seen as a failed write, not a crash
        QCoreApplication app(argc, argv);
        portico::BridgeCommand command({commandLine.noKeychain()});
        QObject::connect(&command, &portico::BridgeCommand::finished, &app, &QCoreApplication::exit);
        portico::UnixSignalWatcher signalWatcher({SIGTERM, SIGINT, SIGHUP});
        QObject::connect(&signalWatcher, &portico::UnixSignalWatcher::signalReceived, &command,
                         &portico::BridgeCommand::stop);
        command.start(commandLine.bridgeServer());
        return QCoreApplication::exec();
    }
    case Action::ConnectApp:
    case Action::DisconnectApp: {
        QCoreApplication app(argc, argv); // for applicationFilePath(); no display needed
        if (commandLine.undo())
            return portico::ConnectAppCommand::undo(commandLine.connectApp());
        const portico::ConnectAppCommand::Options options{commandLine.connectApp(), commandLine.connectServer(),
                                                          commandLine.dryRun(), commandLine.replace()};
        return action == Action::ConnectApp ? portico::ConnectAppCommand::connect(options)
                                            : portico::ConnectAppCommand::disconnect(options);
    }
    case Action::RunGui:
        break;
    }
    return std::nullopt;
}

} // namespace

int main(int argc, char **argv)
{
    setApplicationIdentity();
    // Parsed before any application object exists: help, version and usage errors need no display.
    QStringList arguments;
    for (int i = 0; i < argc; ++i)
        arguments.append(QString::fromLocal8Bit(argv[i]));
    portico::CommandLine commandLine;
    if (const auto exitCode = answerOnTerminal(argc, argv, commandLine, commandLine.parse(arguments)))
        return *exitCode;

    allowWebEngineAsRoot();
    // QtWebEngine shares OpenGL contexts with the widgets; this must be set before the application exists.
    QCoreApplication::setAttribute(Qt::AA_ShareOpenGLContexts);
    QApplication app(argc, argv);
    // The system language's translation, compiled in from translations/*.ts (requirements UI-8); none = English.
    QTranslator translator;
    if (translator.load(QLocale(), QStringLiteral("portico"), QStringLiteral("_"), QStringLiteral(":/i18n")))
        QCoreApplication::installTranslator(&translator);
    QGuiApplication::setDesktopFileName(portico::app_identity::kApplicationId);
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/portico/icons/portico.svg")));

    portico::ServerRegistry registry;
    const portico::Result<void> loaded = registry.load();
    std::unique_ptr<portico::SecretStore> secrets;
    if (commandLine.noKeychain()) {
        portico::terminal::printLine(stderr, portico::ConfigCommands::noKeychainWarning());
        secrets = std::make_unique<portico::InMemorySecretStore>();
    } else {
        secrets = std::make_unique<portico::KeychainSecretStore>(portico::app_identity::kApplicationId);
    }

    portico::MainWindow window(&registry, secrets.get());
    // One connection and one authorization engine per server. Sign-in pages appear only when the person
    // connects a server (never at start-up: no surprise pages), in the embedded page or the system browser
    // as the server's settings say (requirements UI-3).
    portico::ConnectionManager connections(&registry, secrets.get());
    portico::DialogElicitationHandler elicitation(&window);
    connections.setElicitationHandler(&elicitation);
    connections.setUserAgentFactory(
        [&window](const portico::ServerConfig &config) -> std::shared_ptr<portico::UserAgent> {
            if (config.useSystemBrowser)
                return std::make_shared<portico::SystemBrowserUserAgent>();
            return std::make_shared<portico::WebEngineUserAgent>(&window);
        });
    window.setConnectionManager(&connections);
    connections.connectAll();

    // A session logout or `kill` closes Portico the same way the window's close button does.
    portico::UnixSignalWatcher signalWatcher({SIGTERM, SIGINT, SIGHUP});
    QObject::connect(&signalWatcher, &portico::UnixSignalWatcher::signalReceived, &window, [&window]() {
        window.close();
        QCoreApplication::quit();
    });

    portico::FirstPaintProbe firstPaintProbe;
    if (qEnvironmentVariableIsSet("PORTICO_BENCH_STARTUP"))
        window.installEventFilter(&firstPaintProbe);
    std::optional<portico::ConnectedIdleProbe> idleProbe;
    if (qEnvironmentVariableIsSet("PORTICO_BENCH_IDLE")) {
        const double settleSeconds = qEnvironmentVariable("PORTICO_BENCH_IDLE").toDouble();
        idleProbe.emplace(&connections, &window, std::chrono::milliseconds(qint64(settleSeconds * 1000)),
                          QUrl(qEnvironmentVariable("PORTICO_BENCH_SIGNIN_PAGE")));
        idleProbe->start();
    }
    window.show();
    if (!loaded) {
        // Said once the window is up, without blocking it: the file stays as it is until the person fixes it.
        auto *box = new QMessageBox(QMessageBox::Warning, QObject::tr("Server list"), loaded.error().message(),
                                    QMessageBox::Ok, &window);
        box->setDetailedText(loaded.error().detail());
        box->setAttribute(Qt::WA_DeleteOnClose);
        box->open();
    }
    return QApplication::exec();
}
