// Saving, duplicating and removing servers through the main window, with a keychain that can fail or be
// slow: the registry never claims a secret the keychain does not hold, removal leaves no secret behind, and
// a connection never reads a secret before it was written (docs/architecture.md, "Saving a server").
#include "config/serverconfig.h"
#include "config/serverregistry.h"
#include "host/connectionmanager.h"
#include "mainwindow/mainwindow.h"
#include "secrets/inmemorysecretstore.h"
#include "secrets/secretstore.h"

#include <QAbstractButton>
#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QDialog>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <memory>

using namespace portico;

namespace {

// The product's keychain contract, recording every operation in order; writes can be made to fail.
class RecordingSecretStore final : public SecretStore
{
public:
    struct Operation
    {
        QString kind; // "read", "write", "delete"
        QString key;
        bool found = false;        // reads: whether a secret was there
        bool byConnection = false; // reads: for a server's authorization engine (context is an AuthSession)
    };

    void readSecret(const QString &key, QObject *context, ReadCallback done) override
    {
        const bool byConnection = context && context->inherits("portico::AuthSession");
        m_log.append({QStringLiteral("read"), key, m_store.secret(key).has_value(), byConnection});
        m_store.readSecret(key, context, std::move(done));
    }
    void writeSecret(const QString &key, const QByteArray &secret, QObject *context, WriteCallback done) override
    {
        m_log.append({QStringLiteral("write"), key, false, false});
        if (failWrites) {
            QTimer::singleShot(0, context, [done = std::move(done)]() {
                done(Error(ErrorCode::KeychainUnavailable, QStringLiteral("The keychain is not available.")));
            });
            return;
        }
        m_store.writeSecret(key, secret, context, std::move(done));
    }
    void deleteSecret(const QString &key, QObject *context, WriteCallback done) override
    {
        m_log.append({QStringLiteral("delete"), key, false, false});
        m_store.deleteSecret(key, context, std::move(done));
    }

    bool failWrites = false;
    InMemorySecretStore &contents() { return m_store; }
    const QList<Operation> &log() const { return m_log; }

private:
    InMemorySecretStore m_store;
    QList<Operation> m_log;
};

// Answers the next message box the window shows (question or warning) with `button`, and records its text.
class MessageBoxAnswerer : public QObject
{
public:
    explicit MessageBoxAnswerer(QMessageBox::StandardButton button)
        : m_button(button)
    {
        connect(&m_timer, &QTimer::timeout, this, [this]() {
            for (QWidget *widget : QApplication::topLevelWidgets()) {
                auto *box = qobject_cast<QMessageBox *>(widget);
                if (!box || !box->isVisible())
                    continue;
                texts.append(box->text());
                QAbstractButton *answer = box->button(m_button);
                if (!answer)
                    answer = box->button(QMessageBox::Ok);
                if (answer)
                    answer->click();
                else
                    box->close();
            }
        });
        m_timer.start(20);
    }
    QStringList texts;

private:
    QMessageBox::StandardButton m_button;
    QTimer m_timer;
};

} // namespace

class TestServerWorkflows : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void keychainFailureOnSaveLeavesTheRegistryAsItWas();
    void removalDeletesEverySecretTheServerOwns();
    void aNewSecretIsWrittenBeforeTheConnectionReadsIt();
    void anEditedSecretIsWrittenBeforeTheConnectionReadsIt();

private:
    QDialog *fillNewServer(MainWindow &window, const QString &secret);

    QTemporaryDir m_dir;
    std::unique_ptr<ServerRegistry> m_registry;
    RecordingSecretStore m_secrets;
};

void TestServerWorkflows::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(m_dir.isValid());
}

void TestServerWorkflows::init()
{
    QFile::remove(m_dir.filePath(QStringLiteral("servers.json")));
    m_registry = std::make_unique<ServerRegistry>(m_dir.filePath(QStringLiteral("servers.json")));
    QVERIFY(m_registry->load().ok());
    m_secrets.failWrites = false;
    for (const QString &key : m_secrets.contents().keys())
        m_secrets.contents().deleteSecret(key, nullptr, [](Result<void>) {});
}

// A pre-registered client with a typed secret, ready to be saved.
QDialog *TestServerWorkflows::fillNewServer(MainWindow &window, const QString &secret)
{
    QDialog *dialog = window.openServerEditor();
    if (!dialog)
        return nullptr;
    dialog->findChild<QLineEdit *>(QStringLiteral("urlEdit"))->setText(QStringLiteral("https://mcp.example.com/mcp"));
    dialog->findChild<QLineEdit *>(QStringLiteral("nameEdit"))->setText(QStringLiteral("Example"));
    auto *mode = dialog->findChild<QComboBox *>(QStringLiteral("modeBox"));
    mode->setCurrentIndex(mode->findData(int(ServerConfig::AuthorizationMode::PreRegisteredClient)));
    dialog->findChild<QLineEdit *>(QStringLiteral("clientIdEdit"))->setText(QStringLiteral("portico-client"));
    dialog->findChild<QLineEdit *>(QStringLiteral("secretEdit"))->setText(secret);
    return dialog;
}

void TestServerWorkflows::keychainFailureOnSaveLeavesTheRegistryAsItWas()
{
    MainWindow window(m_registry.get(), &m_secrets);
    window.show();
    m_secrets.failWrites = true;
    MessageBoxAnswerer answerer(QMessageBox::Ok);

    QDialog *dialog = fillNewServer(window, QStringLiteral("s3cret"));
    QVERIFY(dialog);
    dialog->findChild<QPushButton *>(QStringLiteral("saveButton"))->click();

    // The person is told, and nothing claims a secret that is not stored.
    QTRY_VERIFY_WITH_TIMEOUT(!answerer.texts.isEmpty(), 5000);
    QVERIFY2(answerer.texts.constFirst().contains(QStringLiteral("keychain"), Qt::CaseInsensitive),
             qPrintable(answerer.texts.constFirst()));
    QTest::qWait(100);
    QVERIFY2(m_registry->servers().isEmpty(), "the registry lists a server whose secret was never stored");
    QCOMPARE(m_secrets.contents().size(), 0);
}

void TestServerWorkflows::removalDeletesEverySecretTheServerOwns()
{
    ServerConfig imported;
    imported.name = QStringLiteral("Imported");
    imported.url = QUrl(QStringLiteral("https://mcp.example.com/mcp"));
    imported.authorizationMode = ServerConfig::AuthorizationMode::None;
    imported.clientId = QStringLiteral("portico-client");
    imported.hasClientSecret = true;
    imported.headers = {{QStringLiteral("Authorization"), QString(), true},
                        {QStringLiteral("X-Api-Key"), QString(), true},
                        {QStringLiteral("X-Team"), QStringLiteral("blue"), false}};
    QVERIFY(m_registry->add(imported).ok());
    InMemorySecretStore &stored = m_secrets.contents();
    stored.writeSecret(imported.clientSecretKey(), "client-secret", nullptr, [](Result<void>) {});
    stored.writeSecret(imported.headerSecretKey(QStringLiteral("Authorization")), "Bearer abc", nullptr,
                       [](Result<void>) {});
    stored.writeSecret(imported.headerSecretKey(QStringLiteral("X-Api-Key")), "key-123", nullptr, [](Result<void>) {});
    QCOMPARE(stored.size(), 3);

    MainWindow window(m_registry.get(), &m_secrets);
    window.show();
    window.selectServer(imported.id());
    MessageBoxAnswerer answerer(QMessageBox::Yes);
    window.findChild<QAction *>(QStringLiteral("removeServerAction"))->trigger();

    QTRY_VERIFY_WITH_TIMEOUT(m_registry->servers().isEmpty(), 5000);
    QTRY_COMPARE_WITH_TIMEOUT(stored.keys(), QStringList(), 5000);
}

void TestServerWorkflows::aNewSecretIsWrittenBeforeTheConnectionReadsIt()
{
    ConnectionManager connections(m_registry.get(), &m_secrets);
    MainWindow window(m_registry.get(), &m_secrets);
    window.setConnectionManager(&connections);
    window.show();
    MessageBoxAnswerer answerer(QMessageBox::Ok);

    QDialog *dialog = fillNewServer(window, QStringLiteral("first-secret"));
    QVERIFY(dialog);
    dialog->findChild<QPushButton *>(QStringLiteral("saveButton"))->click();
    QTRY_COMPARE_WITH_TIMEOUT(m_registry->servers().size(), 1, 5000);
    const QString key = m_registry->servers().constFirst().clientSecretKey();
    QTRY_VERIFY_WITH_TIMEOUT(m_secrets.contents().secret(key).has_value(), 5000);
    QTest::qWait(100);

    // Every read of the secret came after its write, and found it.
    bool written = false;
    int reads = 0;
    for (const RecordingSecretStore::Operation &operation : m_secrets.log()) {
        if (operation.key != key)
            continue;
        if (operation.kind == QLatin1String("write"))
            written = true;
        if (operation.kind == QLatin1String("read") && operation.byConnection) {
            ++reads;
            QVERIFY2(written && operation.found, "the connection read the client secret before it was stored");
        }
    }
    QVERIFY2(reads > 0, "the connection never read the client secret");
    QVERIFY(answerer.texts.isEmpty());
}

void TestServerWorkflows::anEditedSecretIsWrittenBeforeTheConnectionReadsIt()
{
    ServerConfig existing;
    existing.name = QStringLiteral("Example");
    existing.url = QUrl(QStringLiteral("https://mcp.example.com/mcp"));
    existing.authorizationMode = ServerConfig::AuthorizationMode::PreRegisteredClient;
    existing.clientId = QStringLiteral("portico-client");
    existing.hasClientSecret = true;
    QVERIFY(m_registry->add(existing).ok());
    m_secrets.contents().writeSecret(existing.clientSecretKey(), "old-secret", nullptr, [](Result<void>) {});
    QTRY_VERIFY(m_secrets.contents().secret(existing.clientSecretKey()).has_value());

    ConnectionManager connections(m_registry.get(), &m_secrets);
    MainWindow window(m_registry.get(), &m_secrets);
    window.setConnectionManager(&connections);
    window.show();
    MessageBoxAnswerer answerer(QMessageBox::Ok);
    QTest::qWait(50);
    const qsizetype before = m_secrets.log().size();

    QDialog *dialog = window.openServerEditor(existing.id());
    QVERIFY(dialog);
    dialog->findChild<QLineEdit *>(QStringLiteral("secretEdit"))->setText(QStringLiteral("new-secret"));
    dialog->findChild<QPushButton *>(QStringLiteral("saveButton"))->click();
    QTRY_COMPARE_WITH_TIMEOUT(m_secrets.contents().secret(existing.clientSecretKey()).value_or(QByteArray()),
                              QByteArray("new-secret"), 5000);
    QTest::qWait(100);

    // After the edit, the connection reads the secret again, and only once the new one is stored.
    bool written = false;
    int reads = 0;
    for (qsizetype i = before; i < m_secrets.log().size(); ++i) {
        const RecordingSecretStore::Operation &operation = m_secrets.log().at(i);
        if (operation.key != existing.clientSecretKey())
            continue;
        if (operation.kind == QLatin1String("write"))
            written = true;
        if (operation.kind == QLatin1String("read") && operation.byConnection) {
            ++reads;
            QVERIFY2(written, "the connection read the old client secret before the new one was stored");
        }
    }
    QVERIFY2(reads > 0, "the connection never re-read the client secret after the edit");
    QVERIFY(answerer.texts.isEmpty());
}

QTEST_MAIN(TestServerWorkflows)
#include "tst_serverworkflows.moc"
