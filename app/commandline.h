#pragma once

#include <QCommandLineParser>
#include <QString>
#include <QStringList>

namespace portico {

// Portico's command line (QCommandLineParser). Exit codes are part of the contract and documented in
// --help: 0 success, 1 failure at run time, 2 a usage error (unknown option, bad value).
class CommandLine
{
public:
    enum class Action {
        RunGui,
        ShowHelp,
        ShowVersion,
        UsageError,
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

private:
    void addQtOptions();

    QCommandLineParser m_parser;
    QCommandLineOption m_helpOption;
    QCommandLineOption m_versionOption;
    QString m_usageError;
};

} // namespace portico
