#include "commandline.h"

#include "common/appidentity.h"

#include <QCoreApplication>

namespace portico {

CommandLine::CommandLine()
    : m_helpOption({QStringLiteral("h"), QStringLiteral("help")},
                   QCoreApplication::translate("CommandLine", "Show this help and exit."))
    , m_versionOption({QStringLiteral("v"), QStringLiteral("version")},
                      QCoreApplication::translate("CommandLine", "Show Portico's version and exit."))
{
    m_parser.setApplicationDescription(QCoreApplication::translate(
        "CommandLine",
        "Portico connects to remote MCP servers, signs you in when they ask for it, and shows what access "
        "you granted.\n"
        "\n"
        "Exit codes:\n"
        "  0  success\n"
        "  1  failure while running\n"
        "  2  usage error (unknown option or bad value)"));
    m_parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    m_parser.addOption(m_helpOption);
    m_parser.addOption(m_versionOption);
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

CommandLine::Action CommandLine::parse(const QStringList &arguments)
{
    if (!m_parser.parse(arguments)) {
        m_usageError = m_parser.errorText();
        return Action::UsageError;
    }
    if (m_parser.isSet(m_helpOption))
        return Action::ShowHelp;
    if (m_parser.isSet(m_versionOption))
        return Action::ShowVersion;
    if (!m_parser.positionalArguments().isEmpty()) {
        m_usageError = QCoreApplication::translate("CommandLine", "Unexpected argument '%1'.")
                           .arg(m_parser.positionalArguments().constFirst());
        return Action::UsageError;
    }
    return Action::RunGui;
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
