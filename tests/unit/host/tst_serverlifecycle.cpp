// ServerLifecycle: every change to the configured servers keeps the keychain and servers.json consistent
// (docs/architecture.md, "Saving a server"): secrets first, then the registry, undone when a step fails.
#include "auth/servercredentials.h"
#include "config/serverregistry.h"
#include "host/serverlifecycle.h"
#include "secrets/inmemorysecretstore.h"

#include "awaitresult.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace portico;

namespace {

// A keychain whose writes or deletes can be made to fail, delegating everything else.
class FlakySecretStore final : public SecretStore
{
public:
    void readSecret(const QString &key, QObject *context, ReadCallback done) override
    {
        inner.readSecret(key, context, std::move(done));
    }
    void writeSecret(const QString &key, const QByteArray &secret, QObject *context, WriteCallback done) override
    {
        if (++writes == failingWrite)
            return fail(context, std::move(done));
        inner.writeSecret(key, secret, context, std::move(done));
    }
    void deleteSecret(const QString &key, QObject *context, WriteCallback done) override
    {
        if (failDeletes)
            return fail(context, std::move(done));
        inner.deleteSecret(key, context, std::move(done));
    }

    InMemorySecretStore inner;
    int writes = 0;
    int failingWrite = -1;
    bool failDeletes = false;

private:
    static void fail(QObject *context, WriteCallback done)
    {
        QMetaObject::invokeMethod(
            context,
            [done]() { done(Error(ErrorCode::KeychainAccessDenied, QStringLiteral("The keychain said no."))); },
            Qt::QueuedConnection);
    }
};

ServerConfig exampleServer()
{
    ServerConfig config;
    config.name = QStringLiteral("Example");
    config.url = QUrl(QStringLiteral("https://mcp.example.com/mcp"));
    config.authorizationMode = ServerConfig::AuthorizationMode::PreRegisteredClient;
    config.clientId = QStringLiteral("portico-client");
    config.headers = {{QStringLiteral("X-Api-Key"), QString(), true},
                      {QStringLiteral("X-Team"), QStringLiteral("blue"), false}};
    return config;
}

QByteArray fileContents(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

} // namespace

class TestServerLifecycle : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void savesSecretsThenTheConfig();
    void aFailedSecretWriteChangesNothing();
    void aFailedRegistryWritePutsTheOldSecretsBack();
    void anEditDeletesTheSecretsOfDroppedHeaders();
    void anInvalidConfigTouchesNoSecret();
    void duplicateCopiesTheSecretsUnderTheNewId();
    void removeDeletesEverySecretThenTheConfig();
    void removeKeepsTheServerWhenASecretCannotBeDeleted();
    void neverAnswersADestroyedContext();

private:
    Result<void> save(const ServerConfig &config, ServerLifecycle::SecretEdits edits);

    QTemporaryDir m_dir;
    std::unique_ptr<ServerRegistry> m_registry;
    std::unique_ptr<FlakySecretStore> m_secrets;
    std::unique_ptr<ServerLifecycle> m_lifecycle;
};

void TestServerLifecycle::init()
{
    QVERIFY(m_dir.isValid());
    QFile::remove(m_dir.filePath(QStringLiteral("servers.json")));
    m_registry = std::make_unique<ServerRegistry>(m_dir.filePath(QStringLiteral("servers.json")));
    QVERIFY(m_registry->load().ok());
    m_secrets = std::make_unique<FlakySecretStore>();
    m_lifecycle = std::make_unique<ServerLifecycle>(*m_registry, m_secrets.get());
}

Result<void> TestServerLifecycle::save(const ServerConfig &config, ServerLifecycle::SecretEdits edits)
{
    auto outcome =
        testing::await<void>([&](QObject *context, auto done) { m_lifecycle->save(config, edits, context, done); });
    return outcome ? *outcome : Result<void>(Error(ErrorCode::Timeout, QStringLiteral("no answer")));
}

void TestServerLifecycle::savesSecretsThenTheConfig()
{
    const ServerConfig config = exampleServer();
    const Result<void> saved = save(config, {QByteArray("client-secret"), {{QStringLiteral("X-Api-Key"), "key-1"}}});
    QVERIFY2(saved.ok(), saved.ok() ? "" : qPrintable(saved.error().message()));
    QCOMPARE(m_registry->servers().size(), 1);
    QVERIFY2(m_registry->servers().constFirst().hasClientSecret, "the config must record the stored secret");
    QCOMPARE(m_secrets->inner.secret(config.clientSecretKey()), std::optional<QByteArray>("client-secret"));
    QCOMPARE(m_secrets->inner.secret(config.headerSecretKey(QStringLiteral("X-Api-Key"))),
             std::optional<QByteArray>("key-1"));
    QVERIFY(!fileContents(m_registry->filePath()).contains("client-secret"));
    QVERIFY(!fileContents(m_registry->filePath()).contains("key-1"));
}

void TestServerLifecycle::aFailedSecretWriteChangesNothing()
{
    m_secrets->failingWrite = 2; // the client secret is written, the header secret fails
    const Result<void> saved =
        save(exampleServer(), {QByteArray("client-secret"), {{QStringLiteral("X-Api-Key"), "key-1"}}});
    QVERIFY(!saved.ok());
    QCOMPARE(saved.error().code(), ErrorCode::KeychainAccessDenied);
    QVERIFY(m_registry->servers().isEmpty());
    QCOMPARE(m_secrets->inner.size(), 0);
}

void TestServerLifecycle::aFailedRegistryWritePutsTheOldSecretsBack()
{
    // A registry whose folder is replaced by a plain file after loading: the next write cannot succeed.
    const QString folder = m_dir.filePath(QStringLiteral("vanishing"));
    QVERIFY(QDir().mkpath(folder));
    ServerRegistry registry(folder + QStringLiteral("/servers.json"));
    QVERIFY(registry.load().ok());
    ServerLifecycle lifecycle(registry, m_secrets.get());
    ServerConfig config = exampleServer();
    QVERIFY(testing::await<void>([&](QObject *context, auto done) {
                lifecycle.save(config, {QByteArray("old-secret"), {}}, context, done);
            })->ok());
    config = *registry.find(config.id());
    QVERIFY(QDir(folder).removeRecursively());
    QFile blocker(folder);
    QVERIFY(blocker.open(QIODevice::WriteOnly));
    blocker.close();

    config.name = QStringLiteral("Renamed");
    const auto saved = testing::await<void>([&](QObject *context, auto done) {
        lifecycle.save(config, {QByteArray("new-secret"), {}}, context, done);
    });
    QVERIFY(saved && !saved->ok());
    QCOMPARE(saved->error().code(), ErrorCode::FileAccessFailed);
    QCOMPARE(m_secrets->inner.secret(config.clientSecretKey()), std::optional<QByteArray>("old-secret"));
    QCOMPARE(registry.find(config.id())->name, QStringLiteral("Example"));
}

void TestServerLifecycle::anEditDeletesTheSecretsOfDroppedHeaders()
{
    ServerConfig config = exampleServer();
    QVERIFY(save(config, {std::nullopt, {{QStringLiteral("X-Api-Key"), "key-1"}}}).ok());
    config = *m_registry->find(config.id());
    config.headers.removeFirst();
    QVERIFY(save(config, {}).ok());
    QCOMPARE(m_secrets->inner.size(), 0);
    QCOMPARE(m_registry->find(config.id())->headers.size(), 1);
}

void TestServerLifecycle::anInvalidConfigTouchesNoSecret()
{
    ServerConfig config = exampleServer();
    config.url = QUrl(QStringLiteral("ftp://mcp.example.com/"));
    const Result<void> saved = save(config, {QByteArray("client-secret"), {}});
    QVERIFY(!saved.ok());
    QCOMPARE(m_secrets->writes, 0);
    QVERIFY(m_registry->servers().isEmpty());
}

void TestServerLifecycle::duplicateCopiesTheSecretsUnderTheNewId()
{
    const ServerConfig original = exampleServer();
    QVERIFY(save(original, {QByteArray("client-secret"), {{QStringLiteral("X-Api-Key"), "key-1"}}}).ok());
    auto copied = testing::await<ServerConfig>(
        [&](QObject *context, auto done) { m_lifecycle->duplicate(original.id(), context, done); });
    QVERIFY(copied && copied->ok());
    const ServerConfig copy = copied->value();
    QVERIFY(copy.id() != original.id());
    QCOMPARE(copy.name, QStringLiteral("Example (copy)"));
    QCOMPARE(m_registry->servers().size(), 2);
    QVERIFY(m_registry->find(copy.id())->hasClientSecret);
    QCOMPARE(m_secrets->inner.secret(copy.clientSecretKey()), std::optional<QByteArray>("client-secret"));
    QCOMPARE(m_secrets->inner.secret(copy.headerSecretKey(QStringLiteral("X-Api-Key"))),
             std::optional<QByteArray>("key-1"));
    QCOMPARE(m_secrets->inner.size(), 4);
}

void TestServerLifecycle::removeDeletesEverySecretThenTheConfig()
{
    const ServerConfig config = exampleServer();
    QVERIFY(save(config, {QByteArray("client-secret"), {{QStringLiteral("X-Api-Key"), "key-1"}}}).ok());
    m_secrets->inner.writeSecret(ServerCredentials::secretKey(config.id()), "{\"tokens\":1}", nullptr,
                                 [](Result<void>) {});
    m_secrets->inner.writeSecret(QStringLiteral("another-server"), "stays", nullptr, [](Result<void>) {});
    QCOMPARE(m_secrets->inner.size(), 4);

    auto removed =
        testing::await<void>([&](QObject *context, auto done) { m_lifecycle->remove(config.id(), context, done); });
    QVERIFY(removed && removed->ok());
    QVERIFY(m_registry->servers().isEmpty());
    QCOMPARE(m_secrets->inner.keys(), QStringList{QStringLiteral("another-server")});
}

void TestServerLifecycle::removeKeepsTheServerWhenASecretCannotBeDeleted()
{
    const ServerConfig config = exampleServer();
    QVERIFY(save(config, {QByteArray("client-secret"), {}}).ok());
    m_secrets->failDeletes = true;
    auto removed =
        testing::await<void>([&](QObject *context, auto done) { m_lifecycle->remove(config.id(), context, done); });
    QVERIFY(removed && !removed->ok());
    QCOMPARE(removed->error().code(), ErrorCode::KeychainAccessDenied);
    QCOMPARE(m_registry->servers().size(), 1);
    QCOMPARE(m_secrets->inner.secret(config.clientSecretKey()), std::optional<QByteArray>("client-secret"));
}

void TestServerLifecycle::neverAnswersADestroyedContext()
{
    bool answered = false;
    {
        QObject context;
        m_lifecycle->save(exampleServer(), {QByteArray("client-secret"), {}}, &context,
                          [&answered](Result<void>) { answered = true; });
    }
    // The save itself completes; only the answer is dropped.
    QTRY_COMPARE(m_registry->servers().size(), 1);
    QTest::qWait(50);
    QVERIFY(!answered);
}

QTEST_GUILESS_MAIN(TestServerLifecycle)
#include "tst_serverlifecycle.moc"
