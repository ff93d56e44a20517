#include "configcommands.h"

#include "commandline.h"
#include "terminal.h"

#include "common/appidentity.h"
#include "common/redaction.h"
#include "config/configexport.h"
#include "config/configimport.h"
#include "config/serverregistry.h"
#include "host/serverlifecycle.h"
#include "keychain/keychainsecretstore.h"
#include "secrets/inmemorysecretstore.h"

#include <QDir>
#include <QFileInfo>

#include <memory>

namespace portico {

namespace {

// Text from an imported file (names, URLs) may hold control characters; an escape sequence must not reach
// the terminal, so they are shown as U+FFFD.
QString printable(const QString &text)
{
    QString shown = text;
    for (QChar &c : shown) {
        if (c.category() == QChar::Other_Control)
            c = QChar::ReplacementCharacter;
    }
    return shown;
}

void out(const QString &text)
{
    terminal::printLine(stdout, text);
}

void err(const QString &text)
{
    terminal::printLine(stderr, text);
}

// Loads servers.json, or says why not (a corrupt file is left as it is; ServerRegistry explains).
bool loadRegistry(ServerRegistry &registry)
{
    const Result<void> loaded = registry.load();
    if (!loaded)
        err(loaded.error().toString());
    return loaded.ok();
}

QString entryLine(const ImportPreview::Entry &entry)
{
    // Names and URLs as the file spells them (sensitive query values masked), then what happens and why.
    QString line = QStringLiteral("  ") + printable(entry.name);
    if (!entry.urlText.isEmpty())
        line += QStringLiteral("  ") + printable(entry.urlText);
    return line + QStringLiteral("\n      ") + printable(ImportPreview::describe(entry));
}

} // namespace

ConfigCommands::ConfigCommands(Options options)
    : m_options(options)
{}

QString ConfigCommands::noKeychainWarning()
{
    return tr("Warning: --no-keychain keeps secrets in memory only; they are lost when Portico exits. Use it "
              "for tests and headless machines only.");
}

int ConfigCommands::list()
{
    ServerRegistry registry;
    if (!loadRegistry(registry))
        return CommandLine::kExitFailure;
    if (registry.servers().isEmpty()) {
        // Nothing on stdout, so a script reading the list sees an empty one.
        err(tr("No servers are configured."));
        return CommandLine::kExitSuccess;
    }
    for (const ServerConfig &server : registry.servers()) {
        out(server.name + QLatin1Char('\t') + redaction::redactUrl(server.url) + QLatin1Char('\t')
            + ServerConfig::authorizationModeText(server.authorizationMode));
    }
    return CommandLine::kExitSuccess;
}

int ConfigCommands::importFile(const QString &path, std::optional<ConfigFormat> format, bool dryRun)
{
    ServerRegistry registry;
    if (!loadRegistry(registry))
        return CommandLine::kExitFailure;
    const Result<ImportPreview> previewed = ConfigImport::previewFile(path, format, registry.servers());
    if (!previewed) {
        err(tr("Nothing was imported. %1").arg(previewed.error().toString()));
        return CommandLine::kExitFailure;
    }
    const ImportPreview &preview = previewed.value();
    using Action = ImportPreview::Entry::Action;

    out(tr("%1 (%2):").arg(QDir::toNativeSeparators(path), config_format::displayName(preview.format)));
    for (const ImportPreview::Entry &entry : preview.entries)
        out(entryLine(entry));
    out(tr("%1 to add, %2 already configured, %3 skipped.")
            .arg(preview.count(Action::Add))
            .arg(preview.count(Action::Duplicate))
            .arg(preview.count(Action::Skip)));

    if (dryRun) {
        out(tr("Nothing was changed (--dry-run)."));
        return CommandLine::kExitSuccess;
    }
    if (preview.count(Action::Add) == 0) {
        out(tr("Nothing to add."));
        return CommandLine::kExitSuccess;
    }

    // The keychain is touched only when the file holds secrets.
    std::unique_ptr<SecretStore> secrets;
    if (m_options.noKeychain) {
        err(noKeychainWarning());
        secrets = std::make_unique<InMemorySecretStore>();
    } else {
        secrets = std::make_unique<KeychainSecretStore>(app_identity::kApplicationId);
    }

    std::optional<Result<qsizetype>> outcome;
    ServerLifecycle lifecycle(registry, secrets.get());
    lifecycle.importServers(preview, QCoreApplication::instance(), [&outcome](Result<qsizetype> r) {
        outcome = std::move(r);
        QCoreApplication::quit();
    });
    QCoreApplication::exec();
    if (!outcome || !outcome->ok()) {
        err(tr("Nothing was imported: %1")
                .arg(outcome ? outcome->error().toString() : tr("the import did not finish.")));
        return CommandLine::kExitFailure;
    }
    out(tr("Added %1 server(s) to %2.").arg(outcome->value()).arg(QDir::toNativeSeparators(registry.filePath())));
    return CommandLine::kExitSuccess;
}

int ConfigCommands::exportFile(ConfigFormat format, const QString &path, bool force)
{
    ServerRegistry registry;
    if (!loadRegistry(registry))
        return CommandLine::kExitFailure;
    const Result<ConfigExport::Output> written = ConfigExport::writeFile(registry.servers(), format, path, force);
    if (!written) {
        QString message = written.error().toString();
        if (!force && QFileInfo::exists(path))
            message += QLatin1Char(' ') + tr("Use --force to replace it.");
        err(message);
        return CommandLine::kExitFailure;
    }
    out(tr("Wrote %1 server(s) to %2 as %3.")
            .arg(registry.servers().size())
            .arg(QDir::toNativeSeparators(path), config_format::displayName(format)));
    if (!written.value().leftOut.isEmpty()) {
        out(tr("Left out (no secret is ever exported):"));
        for (const QString &line : written.value().leftOut)
            out(QStringLiteral("  ") + line);
    }
    return CommandLine::kExitSuccess;
}

} // namespace portico
