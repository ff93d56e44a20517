// ConfigImport on sample files written from each host's documentation (tests/data/config): which entries
// are added, flagged as duplicates or skipped (and why), how OAuth fields and secret headers map, and that
// applying an import is all-or-nothing across the SecretStore and servers.json.

#include "awaitresult.h"
#include "config/configimport.h"
#include "config/serverregistry.h"
#include "host/serverlifecycle.h"
#include "secrets/inmemorysecretstore.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace portico;
using Action = ImportPreview::Entry::Action;

namespace {

QString sample(const char *name)
{
    return QStringLiteral(PORTICO_TEST_DATA_DIR "/") + QString::fromLatin1(name);
}

QByteArray readFile(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

// Every secret marker in the sample files.
const QList<QByteArray> kSecretMarkers{"lin_api_SECRET_claude_header_1", "entra_SECRET_client_secret_2",
                                       "ctx7_SECRET_vscode_header_3",    "cursor_SECRET_client_secret_4",
                                       "geonode_SECRET_cursor_header_5", "zed_SECRET_header_6",
                                       "zed_SECRET_client_secret_7"};

// A SecretStore whose n-th write fails (as a keychain that goes away mid-import would), delegating the rest.
class ScriptedSecretStore final : public SecretStore
{
public:
    void readSecret(const QString &key, QObject *context, ReadCallback done) override
    {
        inner.readSecret(key, context, std::move(done));
    }
    void writeSecret(const QString &key, const QByteArray &secret, QObject *context, WriteCallback done) override
    {
        ++writes;
        if (writes == failingWrite) {
            QMetaObject::invokeMethod(
                context,
                [done]() { done(Error(ErrorCode::KeychainUnavailable, QStringLiteral("keychain went away"))); },
                Qt::QueuedConnection);
            return;
        }
        inner.writeSecret(key, secret, context, std::move(done));
    }
    void deleteSecret(const QString &key, QObject *context, WriteCallback done) override
    {
        ++deletes;
        inner.deleteSecret(key, context, std::move(done));
    }

    InMemorySecretStore inner;
    int failingWrite = -1;
    int writes = 0;
    int deletes = 0;
};

const ImportPreview::Entry *row(const ImportPreview &preview, const QString &name)
{
    for (const ImportPreview::Entry &entry : preview.entries) {
        if (entry.name == name)
            return &entry;
    }
    return nullptr;
}

QString rowsText(const ImportPreview &preview)
{
    QStringList rows;
    for (const ImportPreview::Entry &entry : preview.entries)
        rows.append(entry.name + QLatin1Char('=') + ImportPreview::actionText(entry.action));
    return rows.join(QLatin1Char(' '));
}

std::optional<ServerConfig::Header> header(const ServerConfig &config, const QString &name)
{
    for (const ServerConfig::Header &h : config.headers) {
        if (h.name == name)
            return h;
    }
    return std::nullopt;
}

} // namespace

class TestConfigImport : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void detectsTheFormatFromContent_data();
    void detectsTheFormatFromContent();
    void previewsEachSampleFile_data();
    void previewsEachSampleFile();
    void mapsMcpRemoteWrappersWithOAuthFields();
    void mapsClaudeCodeStyleUrlEntries();
    void mapsVsCodeInputsHeadersAndClientId();
    void mapsCursorAuthAndEnvPlaceholders();
    void mapsZedUrlHeadersAndOAuth();
    void skipsWithReasons();
    void flagsDuplicatesOfTheRegistryAndWithinTheFile();
    void explicitFormatMustMatchTheFile();
    void malformedFileGivesAClearErrorAndChangesNothing_data();
    void malformedFileGivesAClearErrorAndChangesNothing();
    void refusesFilesTooLargeToBeConfigurations();
    void applyPutsSecretsInTheStoreAndNeverInServersJson();
    void applyUndoesSecretsWhenTheKeychainFails();
    void applyUndoesSecretsWhenTheRegistryCannotBeWritten();
    void applyNeverAnswersADestroyedContext();
    void findsKnownFilesInTheHome();

private:
    ImportPreview previewOf(const char *file, std::optional<ConfigFormat> format = std::nullopt,
                            const QList<ServerConfig> &existing = {});
    Result<qsizetype> applyAndWait(const ImportPreview &preview, ServerRegistry &registry, SecretStore &store);

    QTemporaryDir m_dir;
};

void TestConfigImport::init()
{
    QVERIFY(m_dir.isValid());
    QFile::remove(m_dir.filePath(QStringLiteral("servers.json")));
}

ImportPreview TestConfigImport::previewOf(const char *file, std::optional<ConfigFormat> format,
                                          const QList<ServerConfig> &existing)
{
    Result<ImportPreview> preview = ConfigImport::previewFile(sample(file), format, existing);
    if (!preview.ok())
        qFatal("preview of %s failed: %s", file, qPrintable(preview.error().message()));
    return std::move(preview).value();
}

Result<qsizetype> TestConfigImport::applyAndWait(const ImportPreview &preview, ServerRegistry &registry,
                                                 SecretStore &store)
{
    ServerLifecycle lifecycle(registry, &store);
    bool synchronous = false;
    const auto outcome = portico::testing::await<qsizetype>(
        [&](QObject *context, auto done) { lifecycle.importServers(preview, context, done); }, 5000, &synchronous);
    if (synchronous)
        return Error(ErrorCode::InvalidArgument, QStringLiteral("apply answered synchronously"));
    if (!outcome)
        return Error(ErrorCode::Timeout, QStringLiteral("apply never answered"));
    return *outcome;
}

void TestConfigImport::detectsTheFormatFromContent_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<ConfigFormat>("format");
    QTest::newRow("claude") << sample("claude_desktop_config.json") << ConfigFormat::ClaudeDesktop;
    QTest::newRow("vscode") << sample("vscode-mcp.jsonc") << ConfigFormat::VsCode;
    QTest::newRow("cursor") << sample("cursor-mcp.json") << ConfigFormat::Cursor;
    QTest::newRow("zed") << sample("zed-settings.jsonc") << ConfigFormat::Zed;
}

void TestConfigImport::detectsTheFormatFromContent()
{
    QFETCH(QString, file);
    QFETCH(ConfigFormat, format);
    const Result<ImportPreview> preview = ConfigImport::previewFile(file, std::nullopt, {});
    QVERIFY2(preview.ok(), preview.ok() ? "" : qPrintable(preview.error().message()));
    QCOMPARE(preview.value().format, format);
    QCOMPARE(preview.value().sourcePath, file);

    // VS Code user settings.json nests the same under "mcp".
    const Result<ImportPreview> settings = ConfigImport::preview(
        R"({"editor.fontSize": 14, "mcp": {"servers": {"a": {"type": "http", "url": "https://a.example/mcp"}}}})",
        std::nullopt, {});
    QVERIFY(settings.ok());
    QCOMPARE(settings.value().format, ConfigFormat::VsCode);
    QCOMPARE(settings.value().count(Action::Add), 1);
}

void TestConfigImport::previewsEachSampleFile_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("rows");
    // QJsonObject orders members by name, so rows come alphabetically.
    QTest::newRow("claude") << "claude_desktop_config.json"
                            << "atlassian=add boldsign=add entra=add filesystem=skipped internal=skipped linear=add "
                               "notion=add templated=skipped";
    QTest::newRow("vscode") << "vscode-mcp.jsonc"
                            << "context7=add contoso=add github=add legacy=add memory=skipped perplexity=skipped";
    QTest::newRow("cursor") << "cursor-mcp.json"
                            << "context7-again=add geonode=add mittwald=add mittwald-copy=already configured "
                               "pipeshub=skipped remote-example=add server-name=skipped userjot=add";
    QTest::newRow("zed")
        << "zed-settings.jsonc"
        << "github-extension=skipped local-mcp-server=skipped older-command-form=add preregistered=add "
           "remote-mcp-server=add remote-mcp-server-with-oauth=add";
}

void TestConfigImport::previewsEachSampleFile()
{
    QFETCH(QString, file);
    QFETCH(QString, rows);
    const ImportPreview preview = previewOf(file.toLatin1().constData());
    QCOMPARE(rowsText(preview), rows);
    for (const ImportPreview::Entry &entry : preview.entries) {
        QCOMPARE(entry.config.has_value(), entry.action != Action::Skip);
        if (entry.action != Action::Add)
            QVERIFY2(!entry.reason.isEmpty(), qPrintable(entry.name));
        if (entry.action != Action::Add)
            QVERIFY(entry.secrets.isEmpty());
        // Nothing a preview shows carries a secret.
        const QString shown = entry.name + entry.urlText + ImportPreview::describe(entry);
        for (const QByteArray &marker : kSecretMarkers)
            QVERIFY2(!shown.contains(QString::fromLatin1(marker)), qPrintable(shown));
    }
}

void TestConfigImport::mapsMcpRemoteWrappersWithOAuthFields()
{
    const ImportPreview preview = previewOf("claude_desktop_config.json");

    const ServerConfig atlassian = *row(preview, QStringLiteral("atlassian"))->config;
    QCOMPARE(atlassian.url, QUrl(QStringLiteral("https://mcp.atlassian.example/v1/sse")));
    QCOMPARE(atlassian.transport, ServerConfig::TransportChoice::HttpSse2024);
    QCOMPARE(atlassian.authorizationMode, ServerConfig::AuthorizationMode::Automatic);

    const ImportPreview::Entry *entraRow = row(preview, QStringLiteral("entra"));
    const ServerConfig entra = *entraRow->config;
    QCOMPARE(entra.authorizationMode, ServerConfig::AuthorizationMode::PreRegisteredClient);
    QCOMPARE(entra.clientId, QStringLiteral("11111111-2222-3333-4444-555555555555"));
    QVERIFY(entra.hasClientSecret);
    QCOMPARE(entra.scopes, (QStringList{QStringLiteral("api://portico/mcp.read"), QStringLiteral("offline_access")}));
    QVERIFY(!entra.sendResourceParameter);
    QCOMPARE(entra.fixedRedirectPort, std::optional<quint16>(3118));
    QCOMPARE(entra.caCertificatesFile, QStringLiteral("/etc/ssl/corp-root.pem"));
    QCOMPARE(entra.proxyMode, ProxyMode::Manual);
    QCOMPARE(entra.proxyUrl, QUrl(QStringLiteral("http://proxy.corp.example:3128")));
    QCOMPARE(entraRow->secrets.size(), 1);
    QCOMPARE(entraRow->secrets.constFirst().key, entra.clientSecretKey());
    QCOMPARE(entraRow->secrets.constFirst().value, QByteArray("entra_SECRET_client_secret_2"));
    QVERIFY(entraRow->notes.join(QLatin1Char(' ')).contains(QStringLiteral("--resource")));

    // "Authorization: Bearer ${AUTH_TOKEN}" with AUTH_TOKEN in the entry's env: resolved, to the keychain.
    const ImportPreview::Entry *linearRow = row(preview, QStringLiteral("linear"));
    const ServerConfig linear = *linearRow->config;
    QCOMPARE(header(linear, QStringLiteral("Authorization")),
             (ServerConfig::Header{QStringLiteral("Authorization"), QString(), true}));
    QCOMPARE(linear.authorizationMode, ServerConfig::AuthorizationMode::None);
    QCOMPARE(linearRow->secrets.size(), 1);
    QCOMPARE(linearRow->secrets.constFirst().key, linear.headerSecretKey(QStringLiteral("Authorization")));
    QCOMPARE(linearRow->secrets.constFirst().value, QByteArray("Bearer lin_api_SECRET_claude_header_1"));
}

void TestConfigImport::mapsClaudeCodeStyleUrlEntries()
{
    const ImportPreview preview = previewOf("claude_desktop_config.json");
    const ServerConfig notion = *row(preview, QStringLiteral("notion"))->config;
    QCOMPARE(notion.url, QUrl(QStringLiteral("https://mcp.notion.example/mcp")));
    QCOMPARE(notion.transport, ServerConfig::TransportChoice::Automatic);
    QVERIFY(notion.headers.isEmpty());

    // ${BOLDSIGN_API_KEY} comes from Claude's environment, not the file: a secret header Portico asks for.
    const ImportPreview::Entry *boldsignRow = row(preview, QStringLiteral("boldsign"));
    const ServerConfig boldsign = *boldsignRow->config;
    QCOMPARE(header(boldsign, QStringLiteral("X-API-Key")),
             (ServerConfig::Header{QStringLiteral("X-API-Key"), QString(), true}));
    QVERIFY(boldsignRow->secrets.isEmpty());
    QVERIFY(boldsignRow->notes.join(QLatin1Char(' ')).contains(QStringLiteral("${BOLDSIGN_API_KEY}")));
    QCOMPARE(boldsign.fixedRedirectPort, std::optional<quint16>(8080));
}

void TestConfigImport::mapsVsCodeInputsHeadersAndClientId()
{
    const ImportPreview preview = previewOf("vscode-mcp.jsonc");
    const ImportPreview::Entry *githubRow = row(preview, QStringLiteral("github"));
    const ServerConfig github = *githubRow->config;
    QCOMPARE(github.url, QUrl(QStringLiteral("https://api.githubcopilot.example/mcp/")));
    QCOMPARE(header(github, QStringLiteral("Authorization"))->secret, true);
    QVERIFY(githubRow->secrets.isEmpty()); // VS Code prompts for it; the file does not have it
    const QString notes = githubRow->notes.join(QLatin1Char(' '));
    QVERIFY2(notes.contains(QStringLiteral("GitHub Personal Access Token")), qPrintable(notes));

    const ImportPreview::Entry *context7Row = row(preview, QStringLiteral("context7"));
    const ServerConfig context7 = *context7Row->config;
    QCOMPARE(header(context7, QStringLiteral("X-Client")),
             (ServerConfig::Header{QStringLiteral("X-Client"), QStringLiteral("portico-tests"), false}));
    QCOMPARE(header(context7, QStringLiteral("CONTEXT7_API_KEY"))->secret, true);
    QCOMPARE(context7Row->secrets.size(), 1);
    QCOMPARE(context7Row->secrets.constFirst().value, QByteArray("ctx7_SECRET_vscode_header_3"));
    QCOMPARE(context7.authorizationMode, ServerConfig::AuthorizationMode::Automatic);

    QCOMPARE(row(preview, QStringLiteral("legacy"))->config->transport, ServerConfig::TransportChoice::HttpSse2024);
    const ServerConfig contoso = *row(preview, QStringLiteral("contoso"))->config;
    QCOMPARE(contoso.authorizationMode, ServerConfig::AuthorizationMode::PreRegisteredClient);
    QCOMPARE(contoso.clientId, QStringLiteral("vscode-preregistered-client"));
    QVERIFY(!contoso.hasClientSecret);
}

void TestConfigImport::mapsCursorAuthAndEnvPlaceholders()
{
    const ImportPreview preview = previewOf("cursor-mcp.json");
    const ImportPreview::Entry *mittwaldRow = row(preview, QStringLiteral("mittwald"));
    const ServerConfig mittwald = *mittwaldRow->config;
    QCOMPARE(mittwald.authorizationMode, ServerConfig::AuthorizationMode::PreRegisteredClient);
    QCOMPARE(mittwald.clientId, QStringLiteral("cursor-static-client"));
    QVERIFY(mittwald.hasClientSecret);
    QCOMPARE(mittwald.scopes, (QStringList{QStringLiteral("mcp"), QStringLiteral("offline_access")}));
    QCOMPARE(mittwaldRow->secrets.size(), 1);
    QCOMPARE(mittwaldRow->secrets.constFirst().key, mittwald.clientSecretKey());

    const ImportPreview::Entry *userjotRow = row(preview, QStringLiteral("userjot"));
    QCOMPARE(header(*userjotRow->config, QStringLiteral("Authorization"))->secret, true);
    QVERIFY(userjotRow->secrets.isEmpty());
    QVERIFY(userjotRow->notes.join(QLatin1Char(' ')).contains(QStringLiteral("${env:USERJOT_API_TOKEN}")));
    QCOMPARE(userjotRow->config->authorizationMode, ServerConfig::AuthorizationMode::None);

    const ImportPreview::Entry *geonodeRow = row(preview, QStringLiteral("geonode"));
    QCOMPARE(geonodeRow->secrets.constFirst().value, QByteArray("geonode_SECRET_cursor_header_5"));

    const ServerConfig wrapped = *row(preview, QStringLiteral("remote-example"))->config;
    QCOMPARE(wrapped.url, QUrl(QStringLiteral("https://remote.mcp.server.example/sse")));
}

void TestConfigImport::mapsZedUrlHeadersAndOAuth()
{
    const ImportPreview preview = previewOf("zed-settings.jsonc");
    const ImportPreview::Entry *tokenRow = row(preview, QStringLiteral("remote-mcp-server"));
    QCOMPARE(tokenRow->secrets.constFirst().value, QByteArray("Bearer zed_SECRET_header_6"));
    QCOMPARE(tokenRow->config->authorizationMode, ServerConfig::AuthorizationMode::None);

    const ServerConfig oauth = *row(preview, QStringLiteral("remote-mcp-server-with-oauth"))->config;
    QCOMPARE(oauth.authorizationMode, ServerConfig::AuthorizationMode::Automatic);

    const ImportPreview::Entry *preregisteredRow = row(preview, QStringLiteral("preregistered"));
    QCOMPARE(preregisteredRow->config->clientId, QStringLiteral("zed-client"));
    QVERIFY(preregisteredRow->config->hasClientSecret);
    QCOMPARE(preregisteredRow->secrets.constFirst().value, QByteArray("zed_SECRET_client_secret_7"));

    QCOMPARE(row(preview, QStringLiteral("older-command-form"))->config->url,
             QUrl(QStringLiteral("https://old.example.com/sse")));
}

void TestConfigImport::skipsWithReasons()
{
    const ImportPreview claude = previewOf("claude_desktop_config.json");
    QCOMPARE(row(claude, QStringLiteral("filesystem"))->reason,
             QStringLiteral("local (stdio) server: Portico connects to remote servers only"));
    QVERIFY(row(claude, QStringLiteral("internal"))->reason.startsWith(QStringLiteral("invalid URL")));
    QVERIFY(row(claude, QStringLiteral("templated"))
                ->reason.contains(QStringLiteral("unresolvable placeholder ${MCP_BASE_URL}")));

    const ImportPreview cursor = previewOf("cursor-mcp.json");
    QVERIFY(row(cursor, QStringLiteral("pipeshub"))->reason.contains(QStringLiteral("unresolvable placeholder")));
    QVERIFY(row(cursor, QStringLiteral("pipeshub"))->reason.contains(QStringLiteral("client id")));

    const ImportPreview vscode = previewOf("vscode-mcp.jsonc");
    QVERIFY(row(vscode, QStringLiteral("perplexity"))->reason.startsWith(QStringLiteral("local (stdio)")));

    const ImportPreview zed = previewOf("zed-settings.jsonc");
    QVERIFY(row(zed, QStringLiteral("github-extension"))->reason.contains(QStringLiteral("extension")));

    // Found by fuzz_configimport: a callback port too large for any integer was converted anyway (undefined
    // behaviour); now it is refused like every port out of range.
    for (const char *port : {"8e59", "-1e300", "65536", "0"}) {
        const QByteArray file = QByteArray(R"({"mcpServers":{"huge":{"type":"http","url":"https://x.example/mcp",)")
                                + R"("oauth":{"clientId":"c","callbackPort":)" + port + "}}}}";
        const Result<ImportPreview> preview = ConfigImport::preview(file, std::nullopt, {});
        QVERIFY(preview.ok());
        QCOMPARE(row(preview.value(), QStringLiteral("huge"))->action, Action::Skip);
        QVERIFY2(row(preview.value(), QStringLiteral("huge"))->reason.contains(QStringLiteral("between 1 and 65535")),
                 port);
    }
}

void TestConfigImport::flagsDuplicatesOfTheRegistryAndWithinTheFile()
{
    ServerConfig existing;
    existing.name = QStringLiteral("Context7 (mine)");
    existing.url = QUrl(QStringLiteral("https://mcp.context7.example/mcp"));
    const ImportPreview preview = previewOf("cursor-mcp.json", std::nullopt, {existing});

    const ImportPreview::Entry *again = row(preview, QStringLiteral("context7-again"));
    QCOMPARE(again->action, Action::Duplicate);
    QVERIFY(again->reason.contains(QStringLiteral("Context7 (mine)")));
    const ImportPreview::Entry *copy = row(preview, QStringLiteral("mittwald-copy"));
    QCOMPARE(copy->action, Action::Duplicate);
    QVERIFY(copy->reason.contains(QStringLiteral("mittwald")));
    QVERIFY(copy->reason.contains(QStringLiteral("earlier in this file")));
    for (const ServerConfig &config : preview.configsToAdd())
        QVERIFY(ServerConfig::normalizedUrl(config.url) != ServerConfig::normalizedUrl(existing.url));
}

void TestConfigImport::explicitFormatMustMatchTheFile()
{
    const Result<ImportPreview> wrong = ConfigImport::previewFile(sample("cursor-mcp.json"), ConfigFormat::Zed, {});
    QVERIFY(!wrong.ok());
    QVERIFY2(wrong.error().message().contains(QStringLiteral("context_servers")), qPrintable(wrong.error().message()));
    // Claude Desktop and Cursor share "mcpServers": an explicit choice is honoured.
    const ImportPreview asClaude = previewOf("cursor-mcp.json", ConfigFormat::ClaudeDesktop);
    QCOMPARE(asClaude.format, ConfigFormat::ClaudeDesktop);

    const Result<ImportPreview> unknown = ConfigImport::preview(R"({"editor.fontSize": 14})", std::nullopt, {});
    QVERIFY(!unknown.ok());
    QVERIFY(unknown.error().message().contains(QStringLiteral("mcpServers")));
}

void TestConfigImport::malformedFileGivesAClearErrorAndChangesNothing_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("complaint");
    QTest::newRow("claude") << "claude-malformed.json"
                            << "Line 7";
    QTest::newRow("vscode") << "vscode-malformed.jsonc"
                            << "Line 5";
    QTest::newRow("cursor") << "cursor-malformed.json"
                            << "\"mcpServers\" must be an object";
    QTest::newRow("zed") << "zed-malformed.jsonc"
                         << "Line 5";
}

void TestConfigImport::malformedFileGivesAClearErrorAndChangesNothing()
{
    QFETCH(QString, file);
    QFETCH(QString, complaint);
    ServerRegistry registry(m_dir.filePath(QStringLiteral("servers.json")));
    QVERIFY(registry.load().ok());
    ServerConfig existing;
    existing.name = QStringLiteral("Existing");
    existing.url = QUrl(QStringLiteral("https://existing.example/mcp"));
    QVERIFY(registry.add(existing).ok());
    InMemorySecretStore store;
    QObject context;
    store.writeSecret(QStringLiteral("server/x/header/authorization"), "keep", &context, [](Result<void>) {});
    const QByteArray registryBefore = readFile(registry.filePath());

    const Result<ImportPreview> preview =
        ConfigImport::previewFile(sample(file.toLatin1().constData()), std::nullopt, registry.servers());
    QVERIFY(!preview.ok());
    QCOMPARE(preview.error().code(), ErrorCode::ConfigInvalid);
    QVERIFY2(preview.error().message().contains(complaint), qPrintable(preview.error().message()));
    QVERIFY(preview.error().message().contains(file)); // names the file
    QCOMPARE(readFile(registry.filePath()), registryBefore);
    QCOMPARE(store.keys(), QStringList{QStringLiteral("server/x/header/authorization")});
    QCOMPARE(registry.servers().size(), 1);
}

void TestConfigImport::refusesFilesTooLargeToBeConfigurations()
{
    QByteArray huge = "{\"mcpServers\": {}, \"padding\": \"";
    huge += QByteArray(ConfigImport::kMaxFileSize, 'x');
    huge += "\"}";
    const Result<ImportPreview> preview = ConfigImport::preview(huge, std::nullopt, {});
    QVERIFY(!preview.ok());
    QVERIFY(preview.error().message().contains(QStringLiteral("too large")));
}

void TestConfigImport::applyPutsSecretsInTheStoreAndNeverInServersJson()
{
    ServerRegistry registry(m_dir.filePath(QStringLiteral("servers.json")));
    QVERIFY(registry.load().ok());
    InMemorySecretStore store;
    qsizetype expectedServers = 0;
    for (const char *file :
         {"claude_desktop_config.json", "vscode-mcp.jsonc", "cursor-mcp.json", "zed-settings.jsonc"}) {
        const ImportPreview preview = previewOf(file, std::nullopt, registry.servers());
        expectedServers += preview.count(Action::Add);
        const Result<qsizetype> applied = applyAndWait(preview, registry, store);
        QVERIFY2(applied.ok(), applied.ok() ? "" : qPrintable(applied.error().message()));
        QCOMPARE(applied.value(), preview.count(Action::Add));
    }
    QCOMPARE(registry.servers().size(), expectedServers);

    const QByteArray json = readFile(registry.filePath());
    for (const QByteArray &marker : kSecretMarkers) {
        QVERIFY2(!json.contains(marker), marker.constData());
        bool stored = false;
        for (const QString &key : store.keys())
            stored = stored || store.secret(key)->contains(marker);
        QVERIFY2(stored, marker.constData());
    }
    QCOMPARE(store.size(), kSecretMarkers.size());

    // Each secret sits under its server's key, and the config says it exists.
    const ServerConfig entra = *registry.findByUrl(QUrl(QStringLiteral("https://mcp.contoso.example/mcp")));
    QVERIFY(entra.hasClientSecret);
    QCOMPARE(store.secret(entra.clientSecretKey()), std::optional<QByteArray>("entra_SECRET_client_secret_2"));
    const ServerConfig zed = *registry.findByUrl(QUrl(QStringLiteral("https://example.com/mcp")));
    QCOMPARE(store.secret(zed.headerSecretKey(QStringLiteral("Authorization"))),
             std::optional<QByteArray>("Bearer zed_SECRET_header_6"));

    // Importing the same file again adds nothing: everything is a duplicate now.
    const ImportPreview again = previewOf("zed-settings.jsonc", std::nullopt, registry.servers());
    QCOMPARE(again.count(Action::Add), 0);
    QCOMPARE(again.count(Action::Duplicate), 4);
}

void TestConfigImport::applyUndoesSecretsWhenTheKeychainFails()
{
    ServerRegistry registry(m_dir.filePath(QStringLiteral("servers.json")));
    QVERIFY(registry.load().ok());
    ServerConfig existing;
    existing.name = QStringLiteral("Existing");
    existing.url = QUrl(QStringLiteral("https://existing.example/mcp"));
    QVERIFY(registry.add(existing).ok());
    const QByteArray registryBefore = readFile(registry.filePath());

    ScriptedSecretStore store;
    QObject context;
    store.inner.writeSecret(QStringLiteral("unrelated"), "stays", &context, [](Result<void>) {});
    const ImportPreview preview = previewOf("cursor-mcp.json", std::nullopt, registry.servers());
    QCOMPARE(preview.secretsToStore().size(), 2);
    store.failingWrite = 2; // the first secret is written, the second fails

    const Result<qsizetype> applied = applyAndWait(preview, registry, store);
    QVERIFY(!applied.ok());
    QCOMPARE(applied.error().code(), ErrorCode::KeychainUnavailable);
    QCOMPARE(store.inner.keys(), QStringList{QStringLiteral("unrelated")});
    QCOMPARE(readFile(registry.filePath()), registryBefore);
    QCOMPARE(registry.servers().size(), 1);
}

void TestConfigImport::applyUndoesSecretsWhenTheRegistryCannotBeWritten()
{
    ServerRegistry registry(QStringLiteral("/proc/portico-test-no-such-dir/servers.json"));
    QVERIFY(registry.load().ok());
    InMemorySecretStore store;
    const ImportPreview preview = previewOf("zed-settings.jsonc");
    QCOMPARE(preview.secretsToStore().size(), 2);

    const Result<qsizetype> applied = applyAndWait(preview, registry, store);
    QVERIFY(!applied.ok());
    QCOMPARE(applied.error().code(), ErrorCode::FileAccessFailed);
    QCOMPARE(store.size(), 0);
    QVERIFY(registry.servers().isEmpty());
}

void TestConfigImport::applyNeverAnswersADestroyedContext()
{
    ServerRegistry registry(m_dir.filePath(QStringLiteral("servers.json")));
    QVERIFY(registry.load().ok());
    InMemorySecretStore store;
    bool answered = false;
    ServerLifecycle lifecycle(registry, &store);
    {
        QObject context;
        lifecycle.importServers(previewOf("zed-settings.jsonc"), &context, [&](Result<qsizetype>) { answered = true; });
    }
    // The import itself still completes (secrets and servers together); only the answer is dropped.
    QTRY_COMPARE(registry.servers().size(), 4);
    QTest::qWait(50);
    QVERIFY(!answered);
    QCOMPARE(store.size(), 2);
}

void TestConfigImport::findsKnownFilesInTheHome()
{
    const QByteArray oldHome = qgetenv("HOME");
    const QByteArray oldConfig = qgetenv("XDG_CONFIG_HOME");
    QTemporaryDir home;
    qputenv("HOME", home.path().toLocal8Bit());
    qputenv("XDG_CONFIG_HOME", home.filePath(QStringLiteral("config")).toLocal8Bit());
    QVERIFY(QDir().mkpath(home.filePath(QStringLiteral(".cursor"))));
    QVERIFY(QFile::copy(sample("cursor-mcp.json"), home.filePath(QStringLiteral(".cursor/mcp.json"))));
    QVERIFY(QDir().mkpath(home.filePath(QStringLiteral("config/zed"))));
    QVERIFY(QFile::copy(sample("zed-settings.jsonc"), home.filePath(QStringLiteral("config/zed/settings.json"))));

    const QList<ConfigImport::KnownFile> found = ConfigImport::knownConfigFiles();
    qputenv("HOME", oldHome);
    qputenv("XDG_CONFIG_HOME", oldConfig);
    QCOMPARE(found.size(), 2);
    QCOMPARE(found.at(0).format, ConfigFormat::Cursor);
    QCOMPARE(found.at(1).format, ConfigFormat::Zed);
}

QTEST_GUILESS_MAIN(TestConfigImport)
#include "tst_configimport.moc"
