// ServerRegistry: servers.json written atomically, every change all-or-nothing, and a corrupt file left
// exactly as it is (and never overwritten) with a clear error.

#include "config/serverregistry.h"

#include "common/appidentity.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace portico;

class TestServerRegistry : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void defaultPathIsUnderTheApplicationId();
    void missingFileIsAnEmptyList();
    void addPersistsAtomicallyAndReloads();
    void updateAndRemoveAreSaved();
    void findsByIdAndNormalizedUrl();
    void invalidChangeChangesNothing();
    void failedWriteChangesNothing();
    void addAllIsAllOrNothing();
    void corruptFileIsReportedLeftUntouchedAndNeverOverwritten_data();
    void corruptFileIsReportedLeftUntouchedAndNeverOverwritten();
    void fileHoldsNoSecretHeaderValues();

private:
    QString path() const { return m_dir.filePath(QStringLiteral("config/servers.json")); }
    static ServerConfig server(const QString &name, const QString &url);
    static QByteArray read(const QString &path);

    QTemporaryDir m_dir;
};

ServerConfig TestServerRegistry::server(const QString &name, const QString &url)
{
    ServerConfig config;
    config.name = name;
    config.url = QUrl(url);
    return config;
}

QByteArray TestServerRegistry::read(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return file.readAll();
}

void TestServerRegistry::init()
{
    QVERIFY(m_dir.isValid());
    QFile::remove(path());
}

void TestServerRegistry::defaultPathIsUnderTheApplicationId()
{
    QStandardPaths::setTestModeEnabled(true);
    const QString expected = QStandardPaths::writableLocation(QStandardPaths::GenericConfigLocation)
                             + QStringLiteral("/dev.portico.Portico/servers.json");
    QCOMPARE(ServerRegistry::defaultFilePath(), expected);
    QVERIFY(expected.contains(app_identity::kApplicationId));
    QStandardPaths::setTestModeEnabled(false);
}

void TestServerRegistry::missingFileIsAnEmptyList()
{
    ServerRegistry registry(path());
    QVERIFY(registry.load().ok());
    QVERIFY(registry.servers().isEmpty());
    QVERIFY(registry.isWritable());
    QVERIFY(!QFile::exists(path())); // reading creates nothing
}

void TestServerRegistry::addPersistsAtomicallyAndReloads()
{
    ServerRegistry registry(path());
    QVERIFY(registry.load().ok());
    QSignalSpy added(&registry, &ServerRegistry::serverAdded);
    ServerConfig config = server(QStringLiteral("Example"), QStringLiteral("https://mcp.example.com/mcp"));
    config.scopes = {QStringLiteral("mcp:read")};
    QVERIFY(registry.add(config).ok());
    QCOMPARE(added.count(), 1);
    QCOMPARE(added.first().first().toString(), config.id());

    // Valid JSON with the schema version, and no temporary file left behind by QSaveFile.
    const QJsonObject root = QJsonDocument::fromJson(read(path())).object();
    QCOMPARE(root.value(QLatin1StringView("schemaVersion")).toInt(), ServerConfig::kSchemaVersion);
    QCOMPARE(QDir(QFileInfo(path()).absolutePath()).entryList(QDir::Files),
             QStringList{QStringLiteral("servers.json")});

    ServerRegistry reloaded(path());
    QVERIFY(reloaded.load().ok());
    QCOMPARE(reloaded.servers(), QList<ServerConfig>{config});
}

void TestServerRegistry::updateAndRemoveAreSaved()
{
    ServerRegistry registry(path());
    QVERIFY(registry.load().ok());
    ServerConfig config = server(QStringLiteral("A"), QStringLiteral("https://a.example/mcp"));
    QVERIFY(registry.add(config).ok());
    QSignalSpy updated(&registry, &ServerRegistry::serverUpdated);
    QSignalSpy removed(&registry, &ServerRegistry::serverRemoved);

    config.name = QStringLiteral("Renamed");
    QVERIFY(registry.update(config).ok());
    QCOMPARE(updated.count(), 1);
    ServerRegistry reloaded(path());
    QVERIFY(reloaded.load().ok());
    QCOMPARE(reloaded.servers().constFirst().name, QStringLiteral("Renamed"));

    QVERIFY(registry.remove(config.id()).ok());
    QCOMPARE(removed.count(), 1);
    QVERIFY(registry.servers().isEmpty());
    QVERIFY(reloaded.load().ok());
    QVERIFY(reloaded.servers().isEmpty());

    QCOMPARE(registry.remove(config.id()).error().code(), ErrorCode::InvalidArgument);
    QCOMPARE(registry.update(config).error().code(), ErrorCode::InvalidArgument);
}

void TestServerRegistry::findsByIdAndNormalizedUrl()
{
    ServerRegistry registry(path());
    QVERIFY(registry.load().ok());
    const ServerConfig config = server(QStringLiteral("A"), QStringLiteral("https://a.example/mcp"));
    QVERIFY(registry.add(config).ok());
    QCOMPARE(registry.find(config.id())->name, QStringLiteral("A"));
    QVERIFY(!registry.find(QStringLiteral("nope")));
    QCOMPARE(registry.findByUrl(QUrl(QStringLiteral("HTTPS://A.example:443/mcp/")))->id(), config.id());
    QVERIFY(!registry.findByUrl(QUrl(QStringLiteral("https://a.example/other"))));
}

void TestServerRegistry::invalidChangeChangesNothing()
{
    ServerRegistry registry(path());
    QVERIFY(registry.load().ok());
    QVERIFY(registry.add(server(QStringLiteral("A"), QStringLiteral("https://a.example/mcp"))).ok());
    const QByteArray before = read(path());
    QSignalSpy added(&registry, &ServerRegistry::serverAdded);

    const Result<void> result = registry.add(server(QStringLiteral("B"), QStringLiteral("http://b.example/mcp")));
    QVERIFY(!result.ok());
    QCOMPARE(result.error().code(), ErrorCode::ConfigInvalid);
    QVERIFY(result.error().message().contains(QStringLiteral("https")));
    QCOMPARE(read(path()), before);
    QCOMPARE(registry.servers().size(), 1);
    QCOMPARE(added.count(), 0);

    // The same id twice is refused too.
    const ServerConfig first = registry.servers().constFirst();
    QVERIFY(!registry.add(first).ok());
    QCOMPARE(read(path()), before);
}

void TestServerRegistry::failedWriteChangesNothing()
{
    // /proc refuses new folders even to root, so the write fails after validation.
    ServerRegistry registry(QStringLiteral("/proc/portico-test-no-such-dir/servers.json"));
    QVERIFY(registry.load().ok());
    QSignalSpy added(&registry, &ServerRegistry::serverAdded);
    const Result<void> result = registry.add(server(QStringLiteral("A"), QStringLiteral("https://a.example/mcp")));
    QVERIFY(!result.ok());
    QCOMPARE(result.error().code(), ErrorCode::FileAccessFailed);
    QVERIFY(registry.servers().isEmpty());
    QCOMPARE(added.count(), 0);
}

void TestServerRegistry::addAllIsAllOrNothing()
{
    ServerRegistry registry(path());
    QVERIFY(registry.load().ok());
    const ServerConfig good = server(QStringLiteral("Good"), QStringLiteral("https://good.example/mcp"));
    const ServerConfig bad = server(QStringLiteral(""), QStringLiteral("https://bad.example/mcp"));
    QVERIFY(!registry.addAll({good, bad}).ok());
    QVERIFY(registry.servers().isEmpty());
    QVERIFY(!QFile::exists(path()));

    QSignalSpy added(&registry, &ServerRegistry::serverAdded);
    const ServerConfig other = server(QStringLiteral("Other"), QStringLiteral("https://other.example/mcp"));
    QVERIFY(registry.addAll({good, other}).ok());
    QCOMPARE(added.count(), 2);
    QCOMPARE(registry.servers().size(), 2);
}

void TestServerRegistry::corruptFileIsReportedLeftUntouchedAndNeverOverwritten_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<QString>("complaint");
    QTest::newRow("truncated") << QByteArray("{\n  \"schemaVersion\": 1,\n  \"servers\": [\n    {\"id\": ")
                               << QStringLiteral("not valid JSON");
    QTest::newRow("comment") << QByteArray("// hand edit\n{\"schemaVersion\": 1, \"servers\": []}")
                             << QStringLiteral("Line 1");
    QTest::newRow("no version") << QByteArray(R"({"servers": []})") << QStringLiteral("schema version");
    QTest::newRow("newer schema") << QByteArray(R"({"schemaVersion": 99, "servers": []})")
                                  << QStringLiteral("newer Portico");
    QTest::newRow("invalid server") << QByteArray(
        R"({"schemaVersion": 1, "servers": [{"id": "0b8e8f9e-3c1e-4c59-9a43-0d0b9c9e1a11", "name": "A", "url": "http://remote.example/mcp"}]})")
                                    << QStringLiteral("Server 1");
}

void TestServerRegistry::corruptFileIsReportedLeftUntouchedAndNeverOverwritten()
{
    QFETCH(QByteArray, content);
    QFETCH(QString, complaint);
    QVERIFY(QDir().mkpath(QFileInfo(path()).absolutePath()));
    {
        QFile file(path());
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(content);
    }
    ServerRegistry registry(path());
    const Result<void> loaded = registry.load();
    QVERIFY(!loaded.ok());
    QCOMPARE(loaded.error().code(), ErrorCode::ConfigInvalid);
    QVERIFY2(loaded.error().message().contains(complaint), qPrintable(loaded.error().message()));
    QVERIFY(loaded.error().message().contains(QStringLiteral("untouched")));
    QVERIFY(registry.servers().isEmpty());
    QVERIFY(!registry.isWritable());

    const Result<void> added = registry.add(server(QStringLiteral("A"), QStringLiteral("https://a.example/mcp")));
    QVERIFY(!added.ok());
    QCOMPARE(read(path()), content);
    QVERIFY(registry.servers().isEmpty());
}

void TestServerRegistry::fileHoldsNoSecretHeaderValues()
{
    ServerRegistry registry(path());
    QVERIFY(registry.load().ok());
    ServerConfig config = server(QStringLiteral("A"), QStringLiteral("https://a.example/mcp"));
    config.headers = {{QStringLiteral("Authorization"), QString(), true},
                      {QStringLiteral("X-Tenant"), QStringLiteral("acme"), false}};
    QVERIFY(registry.add(config).ok());
    const QByteArray text = read(path());
    QVERIFY(text.contains("\"X-Tenant\""));
    QVERIFY(text.contains("acme"));
    QVERIFY(!text.contains("Bearer"));

    // A secret header given a value is refused before anything is written.
    config.headers = {{QStringLiteral("Authorization"), QStringLiteral("Bearer leaked"), false}};
    QVERIFY(!registry.update(config).ok());
    QVERIFY(!read(path()).contains("leaked"));
}

QTEST_GUILESS_MAIN(TestServerRegistry)
#include "tst_serverregistry.moc"
