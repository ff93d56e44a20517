#pragma once

#include "config/configformat.h"

#include <QCoreApplication>
#include <QString>

#include <optional>

namespace portico {

// The headless configuration commands: --list, --import and --export. They need no display (only a
// QCoreApplication, for the keychain's event loop) and return the process's exit code.
class ConfigCommands
{
    Q_DECLARE_TR_FUNCTIONS(ConfigCommands)

public:
    struct Options
    {
        // Secrets in an InMemorySecretStore instead of the keychain (tests, headless machines), with a warning.
        bool noKeychain = false;
    };

    explicit ConfigCommands(Options options);

    int list();
    int importFile(const QString &path, std::optional<ConfigFormat> format, bool dryRun);
    int exportFile(ConfigFormat format, const QString &path, bool force);

    // The one warning --no-keychain prints, wherever Portico runs.
    [[nodiscard]] static QString noKeychainWarning();

private:
    Options m_options;
};

} // namespace portico
