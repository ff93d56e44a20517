// ConfigExport: every format is written without secrets (placeholders or left out, and listed), and
// ConfigImport reads each export back to the same servers, less those secrets.

#include "config/configexport.h"
#include "config/configimport.h"
#include "config/serverregistry.h"
#include "host/serverlifecycle.h"
#include "secrets/inmemorysecretstore.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace portico;

namespace {

ServerConfig make(const QString &name, const QString &url)
{
    ServerConfig config;
    config.name = name;
    config.url = QUrl(url);
    return config;
}

const ServerConfig::Header kTenant{QStringLiteral("X-Tenant"), QStringLiteral("acme"), false};
const ServerConfig::Header kAuthorization{QStringLiteral("Authorization"), QString(), true};

struct Case
{
    QList<ServerConfig> servers;
    QList<ServerConfig> expected; // what importing the export gives, by name
};

} // namespace

Q_DECLARE_METATYPE(Case)

class TestConfigExport : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void roundTripsThroughImport_data();
    void roundTripsThroughImport();
    void exportsNoSecretsFromImportedSamples();
    void vsCodeSecretsBecomePasswordInputs();
    void listsSettingsTheFormatCannotHold();
    void keepsServersWithTheSameName();
    void refusesToOverwriteUnlessAsked();
};

void TestConfigExport::roundTripsThroughImport_data()
{
    QTest::addColumn<ConfigFormat>("format");
    QTest::addColumn<Case>("roundTrip");

    ServerConfig plain = make(QStringLiteral("plain"), QStringLiteral("https://plain.example/mcp"));
    plain.headers = {kTenant};
    ServerConfig sse = make(QStringLiteral("sse server"), QStringLiteral("https://sse.example/sse"));
    sse.transport = ServerConfig::TransportChoice::HttpSse2024;
    ServerConfig token = make(QStringLiteral("token"), QStringLiteral("https://token.example/mcp"));
    token.headers = {kAuthorization};
    token.authorizationMode = ServerConfig::AuthorizationMode::None;
    ServerConfig client = make(QStringLiteral("client"), QStringLiteral("https://client.example/mcp"));
    client.authorizationMode = ServerConfig::AuthorizationMode::PreRegisteredClient;
    client.clientId = QStringLiteral("client-123");
    client.hasClientSecret = true;
    ServerConfig noSecret = client;
    noSecret.hasClientSecret = false; // the secret stays in Portico; the other host asks for it

    QTest::newRow("vscode") << ConfigFormat::VsCode << Case{{plain, sse, token, client}, {plain, sse, token, noSecret}};

    ServerConfig apiKey = make(QStringLiteral("api key"), QStringLiteral("https://key.example/mcp"));
    apiKey.headers = {{QStringLiteral("X-Api-Key"), QString(), true}, kTenant};
    ServerConfig scoped = client;
    scoped.scopes = {QStringLiteral("mcp:read"), QStringLiteral("offline_access")};
    QTest::newRow("cursor") << ConfigFormat::Cursor << Case{{plain, apiKey, scoped}, {plain, apiKey, scoped}};

    ServerConfig tokenLeftOut = token; // Zed has no placeholder: the header is left out, so Zed signs in itself
    tokenLeftOut.headers.clear();
    tokenLeftOut.authorizationMode = ServerConfig::AuthorizationMode::Automatic;
    QTest::newRow("zed") << ConfigFormat::Zed << Case{{plain, token, client}, {plain, tokenLeftOut, noSecret}};

    ServerConfig full = make(QStringLiteral("Entra via mcp-remote"), QStringLiteral("https://entra.example/mcp"));
    full.transport = ServerConfig::TransportChoice::StreamableHttp2025;
    full.authorizationMode = ServerConfig::AuthorizationMode::PreRegisteredClient;
    full.clientId = QStringLiteral("11111111-2222-3333-4444-555555555555");
    full.hasClientSecret = true;
    full.scopes = {QStringLiteral("api://portico/mcp.read"), QStringLiteral("offline_access")};
    full.sendResourceParameter = false;
    full.fixedRedirectPort = 3118;
    full.caCertificatesFile = QStringLiteral("/etc/ssl/corp.pem");
    full.proxyMode = ProxyMode::Manual;
    full.proxyUrl = QUrl(QStringLiteral("http://proxy.example:3128"));
    full.headers = {kAuthorization, kTenant};
    ServerConfig fullBack = full;
    fullBack.hasClientSecret = false; // mcp-remote takes it only inside --static-oauth-client-info
    QTest::newRow("claude") << ConfigFormat::ClaudeDesktop
                            << Case{{full, sse, plain, token}, {fullBack, sse, plain, token}};
}

void TestConfigExport::roundTripsThroughImport()
{
    QFETCH(ConfigFormat, format);
    QFETCH(Case, roundTrip);
    const ConfigExport::Output output = ConfigExport::render(roundTrip.servers, format);
    const Result<ImportPreview> preview = ConfigImport::preview(output.content, std::nullopt, {});
    QVERIFY2(preview.ok(), preview.ok() ? "" : qPrintable(preview.error().message()));
    // Claude Desktop and Cursor share "mcpServers"; an export without Cursor's own marks reads as Claude's.
    if (format != ConfigFormat::Cursor)
        QCOMPARE(preview.value().format, format);
    const QList<ServerConfig> imported = preview.value().configsToAdd();
    QCOMPARE(imported.size(), roundTrip.expected.size());
    QVERIFY(preview.value().secretsToStore().isEmpty()); // nothing secret came back, because nothing left
    for (const ServerConfig &expected : roundTrip.expected) {
        const auto found = std::find_if(imported.cbegin(), imported.cend(),
                                        [&expected](const ServerConfig &c) { return c.name == expected.name; });
        QVERIFY2(found != imported.cend(), qPrintable(expected.name));
        ServerConfig actual = *found;
        actual.setId(expected.id());
        if (actual != expected)
            qWarning("%s", QJsonDocument(actual.toJson()).toJson().constData());
        QCOMPARE(actual, expected);
    }
}

void TestConfigExport::exportsNoSecretsFromImportedSamples()
{
    QTemporaryDir dir;
    ServerRegistry registry(dir.filePath(QStringLiteral("servers.json")));
    QVERIFY(registry.load().ok());
    InMemorySecretStore store;
    QObject context;
    ServerLifecycle lifecycle(registry, &store);
    for (const char *file :
         {"claude_desktop_config.json", "vscode-mcp.jsonc", "cursor-mcp.json", "zed-settings.jsonc"}) {
        const Result<ImportPreview> preview = ConfigImport::previewFile(
            QStringLiteral(PORTICO_TEST_DATA_DIR "/") + QString::fromLatin1(file), std::nullopt, registry.servers());
        QVERIFY(preview.ok());
        bool done = false;
        lifecycle.importServers(preview.value(), &context, [&](Result<qsizetype> r) { done = r.ok(); });
        QTRY_VERIFY(done);
    }
    QVERIFY(store.size() > 0);

    for (const ConfigFormat format : config_format::all()) {
        const ConfigExport::Output output = ConfigExport::render(registry.servers(), format);
        const QString leftOut = output.leftOut.join(QLatin1Char('\n'));
        for (const QString &key : store.keys()) {
            const QByteArray secret = *store.secret(key);
            // The whole value, and the token without its "Bearer " scheme.
            const QByteArray bare = secret.mid(secret.indexOf(' ') + 1);
            QVERIFY2(!output.content.contains(bare), qPrintable(config_format::id(format)));
            QVERIFY(!leftOut.contains(QString::fromUtf8(bare)));
        }
        // The samples' secret markers all read "..._SECRET_...".
        QVERIFY(!output.content.contains("_SECRET_"));
        QVERIFY2(!output.leftOut.isEmpty(), qPrintable(config_format::id(format)));
        // What it wrote reads back as the same format.
        const Result<ImportPreview> back = ConfigImport::preview(output.content, format, {});
        QVERIFY(back.ok());
        QCOMPARE(back.value().count(ImportPreview::Entry::Action::Add), registry.servers().size());
    }
}

void TestConfigExport::vsCodeSecretsBecomePasswordInputs()
{
    ServerConfig token = make(QStringLiteral("GitHub MCP"), QStringLiteral("https://api.github.example/mcp/"));
    token.headers = {kAuthorization};
    token.authorizationMode = ServerConfig::AuthorizationMode::None;
    const ConfigExport::Output output = ConfigExport::render({token}, ConfigFormat::VsCode);
    const QJsonObject root = QJsonDocument::fromJson(output.content).object();
    const QJsonArray inputs = root.value(QLatin1StringView("inputs")).toArray();
    QCOMPARE(inputs.size(), 1);
    const QJsonObject input = inputs.first().toObject();
    QCOMPARE(input.value(QLatin1StringView("type")).toString(), QStringLiteral("promptString"));
    QCOMPARE(input.value(QLatin1StringView("password")).toBool(), true);
    const QString id = input.value(QLatin1StringView("id")).toString();
    QCOMPARE(id, QStringLiteral("github-mcp-authorization"));
    const QJsonObject server =
        root.value(QLatin1StringView("servers")).toObject().value(QLatin1StringView("GitHub MCP")).toObject();
    QCOMPARE(server.value(QLatin1StringView("type")).toString(), QStringLiteral("http"));
    QCOMPARE(server.value(QLatin1StringView("headers")).toObject().value(QLatin1StringView("Authorization")).toString(),
             QStringLiteral("${input:%1}").arg(id));
    QVERIFY(output.leftOut.join(QLatin1Char(' ')).contains(id));
}

void TestConfigExport::listsSettingsTheFormatCannotHold()
{
    ServerConfig config = make(QStringLiteral("corp"), QStringLiteral("https://corp.example/mcp"));
    config.caCertificatesFile = QStringLiteral("/etc/ssl/corp.pem");
    config.fixedRedirectPort = 3118;
    config.sendResourceParameter = false;
    config.scopes = {QStringLiteral("a")};
    config.transport = ServerConfig::TransportChoice::Stateless2026;
    const ConfigExport::Output vscode = ConfigExport::render({config}, ConfigFormat::VsCode);
    const QString text = vscode.leftOut.join(QLatin1Char('\n'));
    for (const char *what : {"CA certificates", "redirect port", "resource parameter", "scopes", "transport"})
        QVERIFY2(text.contains(QString::fromLatin1(what)), what);
    QVERIFY(!QJsonDocument::fromJson(vscode.content).toJson().contains("corp.pem"));

    // Claude Desktop's mcp-remote can say all but the stateless transport.
    const ConfigExport::Output claude = ConfigExport::render({config}, ConfigFormat::ClaudeDesktop);
    QCOMPARE(claude.leftOut.size(), 1);
    QVERIFY(claude.leftOut.constFirst().contains(QStringLiteral("transport")));
    QVERIFY(claude.content.contains("NODE_EXTRA_CA_CERTS"));
}

void TestConfigExport::keepsServersWithTheSameName()
{
    const ServerConfig a = make(QStringLiteral("Same"), QStringLiteral("https://a.example/mcp"));
    const ServerConfig b = make(QStringLiteral("Same"), QStringLiteral("https://b.example/mcp"));
    const ConfigExport::Output output = ConfigExport::render({a, b}, ConfigFormat::Cursor);
    const QJsonObject servers =
        QJsonDocument::fromJson(output.content).object().value(QLatin1StringView("mcpServers")).toObject();
    QCOMPARE(servers.keys(), (QStringList{QStringLiteral("Same"), QStringLiteral("Same (2)")}));
}

void TestConfigExport::refusesToOverwriteUnlessAsked()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("mcp.json"));
    {
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("precious");
    }
    const QList<ServerConfig> servers{make(QStringLiteral("a"), QStringLiteral("https://a.example/mcp"))};
    const Result<ConfigExport::Output> refused = ConfigExport::writeFile(servers, ConfigFormat::VsCode, path, false);
    QVERIFY(!refused.ok());
    QVERIFY(refused.error().message().contains(QStringLiteral("already exists")));
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.readAll(), QByteArray("precious"));
    file.close();

    const Result<ConfigExport::Output> written = ConfigExport::writeFile(servers, ConfigFormat::VsCode, path, true);
    QVERIFY(written.ok());
    QVERIFY(file.open(QIODevice::ReadOnly));
    QVERIFY(QJsonDocument::fromJson(file.readAll()).object().contains(QLatin1StringView("servers")));
}

QTEST_GUILESS_MAIN(TestConfigExport)
#include "tst_configexport.moc"
