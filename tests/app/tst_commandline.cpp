// The portico executable as people and scripts use it: --version, --help, documented exit codes, an
// offscreen start that stays up until it is told to close (SIGTERM closes it like the window's button),
// and the headless configuration commands --list, --import and --export (no display, a throwaway home).

#include "processrun.h"
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <csignal>
#include <memory>

class TestCommandLine : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void printsVersion();
    void helpDocumentsEveryOptionAndExitCodes();
    void rejectsUnknownOptionWithUsageExitCode_data();
    void rejectsUnknownOptionWithUsageExitCode();
    void startsOffscreenAndStaysUpUntilTerminated();
    void listsNothingOnAFreshHome();
    void importsRemoteServersAndSkipsLocalOnes();
    void importsNothingTwice();
    void dryRunChangesNothing();
    void malformedImportExitsOneAndChangesNothing_data();
    void malformedImportExitsOneAndChangesNothing();
    void importNeedingTheKeychainFailsClearlyWithoutOne();
    void importWithoutSecretsNeedsNoKeychain();
    void exportWritesNoSecretsAndRefusesToOverwrite();

private:
    using Run = portico::testing::ProcessRun;
    Run run(const QStringList &arguments, const QProcessEnvironment &environment);
    Run run(const QStringList &arguments) { return run(arguments, m_environment); }
    [[nodiscard]] QString serversFile() const;
    [[nodiscard]] QByteArray serversFileBytes() const;
    [[nodiscard]] static QString sample(const char *name);

    QString m_executable;
    std::unique_ptr<QTemporaryDir> m_home;
    QProcessEnvironment m_environment;
};

namespace {

// Every secret marker in tests/data/config: none may ever reach servers.json, an export or the terminal.
const QList<QByteArray> kSecretMarkers{"lin_api_SECRET_claude_header_1", "entra_SECRET_client_secret_2",
                                       "ctx7_SECRET_vscode_header_3",    "cursor_SECRET_client_secret_4",
                                       "geonode_SECRET_cursor_header_5", "zed_SECRET_header_6",
                                       "zed_SECRET_client_secret_7"};

bool containsSecret(const QByteArray &text)
{
    return std::any_of(kSecretMarkers.cbegin(), kSecretMarkers.cend(),
                       [&text](const QByteArray &marker) { return text.contains(marker); });
}

} // namespace

QString TestCommandLine::sample(const char *name)
{
    return QStringLiteral(PORTICO_TEST_DATA_DIR "/") + QString::fromLatin1(name);
}

QString TestCommandLine::serversFile() const
{
    return m_home->filePath(QStringLiteral("config/dev.portico.Portico/servers.json"));
}

QByteArray TestCommandLine::serversFileBytes() const
{
    QFile file(serversFile());
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

void TestCommandLine::initTestCase()
{
    m_executable = qEnvironmentVariable("PORTICO_EXECUTABLE");
    QVERIFY2(QFile::exists(m_executable), "PORTICO_EXECUTABLE must name the built portico binary");
}

void TestCommandLine::init()
{
    // A throwaway home per test: the app's settings and server list must not touch the tester's own (nor
    // another test's), and no display is needed.
    m_home = std::make_unique<QTemporaryDir>();
    QVERIFY(m_home->isValid());
    m_environment = QProcessEnvironment::systemEnvironment();
    m_environment.insert(QStringLiteral("HOME"), m_home->path());
    m_environment.insert(QStringLiteral("XDG_CONFIG_HOME"), m_home->filePath(QStringLiteral("config")));
    m_environment.insert(QStringLiteral("XDG_DATA_HOME"), m_home->filePath(QStringLiteral("data")));
    m_environment.remove(QStringLiteral("DISPLAY"));
    m_environment.remove(QStringLiteral("WAYLAND_DISPLAY"));
    m_environment.remove(QStringLiteral("QT_QPA_PLATFORM"));
}

TestCommandLine::Run TestCommandLine::run(const QStringList &arguments, const QProcessEnvironment &environment)
{
    return portico::testing::runProcess(m_executable, arguments, environment);
}

void TestCommandLine::printsVersion()
{
    // No display on purpose: --version must not need one.
    for (const QString &option : {QStringLiteral("--version"), QStringLiteral("-v")}) {
        const Run result = run({option}, m_environment);
        QCOMPARE(result.exitCode, 0);
        QCOMPARE(result.out.trimmed(), QByteArray("Portico " PORTICO_EXPECTED_VERSION));
    }
}

void TestCommandLine::helpDocumentsEveryOptionAndExitCodes()
{
    const Run result = run({QStringLiteral("--help")});
    QCOMPARE(result.exitCode, 0);
    QVERIFY(result.out.startsWith("Usage: portico [options]"));
    for (const char *documented : {"--help", "--version", "--list", "--import <file>", "--format <format>", "--dry-run",
                                   "--export <format>", "--force", "--no-keychain", "claude|vscode|cursor|zed",
                                   "Exit codes:", "0  success", "1  failure", "2  usage error"})
        QVERIFY2(result.out.contains(documented), documented);
    // Qt's own options are accepted but not advertised as Portico's.
    QVERIFY(!result.out.contains("--platform"));
}

void TestCommandLine::rejectsUnknownOptionWithUsageExitCode_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QByteArray>("complaint");
    QTest::newRow("unknown option") << QStringList{QStringLiteral("--no-such-option")}
                                    << QByteArray("Unknown option 'no-such-option'");
    QTest::newRow("stray argument") << QStringList{QStringLiteral("https://mcp.example/mcp")}
                                    << QByteArray("Unexpected argument");
    QTest::newRow("--format alone") << QStringList{QStringLiteral("--format"), QStringLiteral("zed")}
                                    << QByteArray("--format goes with --import");
    QTest::newRow("unknown --format") << QStringList{QStringLiteral("--import"), QStringLiteral("x.json"),
                                                     QStringLiteral("--format"), QStringLiteral("windsurf")}
                                      << QByteArray("Unknown format 'windsurf'");
    QTest::newRow("--force alone") << QStringList{QStringLiteral("--force")}
                                   << QByteArray("--force goes with --export");
    QTest::newRow("--dry-run alone") << QStringList{QStringLiteral("--dry-run")}
                                     << QByteArray("--dry-run goes with --import");
    QTest::newRow("unknown export format")
        << QStringList{QStringLiteral("--export"), QStringLiteral("json"), QStringLiteral("out.json")}
        << QByteArray("Unknown format 'json'");
    QTest::newRow("export without file") << QStringList{QStringLiteral("--export"), QStringLiteral("vscode")}
                                         << QByteArray("--export needs a format and one file");
    QTest::newRow("two commands") << QStringList{QStringLiteral("--list"), QStringLiteral("--import"),
                                                 QStringLiteral("x.json")}
                                  << QByteArray("Use only one of");
}

void TestCommandLine::rejectsUnknownOptionWithUsageExitCode()
{
    QFETCH(QStringList, arguments);
    QFETCH(QByteArray, complaint);
    const Run result = run(arguments, m_environment);
    QCOMPARE(result.exitCode, 2);
    QVERIFY2(result.err.contains(complaint), result.err.constData());
    QVERIFY(result.err.contains("portico --help"));
}

void TestCommandLine::startsOffscreenAndStaysUpUntilTerminated()
{
    QProcessEnvironment environment = m_environment;
    environment.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    QProcess process;
    process.setProcessEnvironment(environment);
    process.start(m_executable, {});
    QVERIFY(process.waitForStarted(10000));
    QVERIFY2(!process.waitForFinished(3000), process.readAllStandardError().constData()); // still running
    QCOMPARE(process.state(), QProcess::Running);

    process.terminate(); // SIGTERM: closes the window and quits cleanly
    QVERIFY(process.waitForFinished(15000));
    QCOMPARE(process.exitStatus(), QProcess::NormalExit);
    QCOMPARE(process.exitCode(), 0);
    // Closing saved the window geometry where the application id says settings live.
    QVERIFY(QFile::exists(m_home->filePath(QStringLiteral("config/dev.portico.Portico/Portico.conf"))));
}

void TestCommandLine::listsNothingOnAFreshHome()
{
    const Run result = run({QStringLiteral("--list")});
    QCOMPARE(result.exitCode, 0);
    QVERIFY(result.out.isEmpty()); // a script reading the list sees an empty one
    QVERIFY(result.err.contains("No servers are configured."));
    QVERIFY(!QFile::exists(serversFile()));
}

void TestCommandLine::importsRemoteServersAndSkipsLocalOnes()
{
    const Run imported =
        run({QStringLiteral("--import"), sample("claude_desktop_config.json"), QStringLiteral("--no-keychain")});
    QVERIFY2(imported.exitCode == 0, imported.err.constData());
    QVERIFY(imported.out.contains("(Claude Desktop):"));
    QVERIFY(imported.out.contains("skipped: local (stdio) server: Portico connects to remote servers only"));
    QVERIFY(imported.out.contains("skipped: unresolvable placeholder ${MCP_BASE_URL}"));
    QVERIFY(imported.out.contains("skipped: invalid URL"));
    QVERIFY(imported.out.contains("5 to add, 0 already configured, 3 skipped."));
    QVERIFY(imported.out.contains("Added 5 server(s)"));
    QVERIFY(imported.err.contains("--no-keychain keeps secrets in memory only"));
    QVERIFY(!containsSecret(imported.out + imported.err));

    const QByteArray json = serversFileBytes();
    QVERIFY(json.contains("\"schemaVersion\""));
    QVERIFY(!containsSecret(json));

    const Run listed = run({QStringLiteral("--list")});
    QCOMPARE(listed.exitCode, 0);
    const QList<QByteArray> lines = listed.out.trimmed().split('\n');
    QCOMPARE(lines.size(), 5);
    QVERIFY(lines.contains("entra\thttps://mcp.contoso.example/mcp\tpre-registered client"));
    QVERIFY(lines.contains("linear\thttps://mcp.linear.example/mcp\tno sign-in"));
    QVERIFY(lines.contains("atlassian\thttps://mcp.atlassian.example/v1/sse\tautomatic sign-in"));
}

void TestCommandLine::importsNothingTwice()
{
    const QStringList arguments{QStringLiteral("--import"), sample("zed-settings.jsonc"), QStringLiteral("--format"),
                                QStringLiteral("zed"), QStringLiteral("--no-keychain")};
    QCOMPARE(run(arguments).exitCode, 0);
    const QByteArray before = serversFileBytes();
    const Run again = run(arguments);
    QCOMPARE(again.exitCode, 0);
    QVERIFY(again.out.contains("0 to add, 4 already configured, 2 skipped."));
    QVERIFY(again.out.contains("already configured: already configured as"));
    QVERIFY(again.out.contains("Nothing to add."));
    QCOMPARE(serversFileBytes(), before);
}

void TestCommandLine::dryRunChangesNothing()
{
    const Run result = run({QStringLiteral("--import"), sample("cursor-mcp.json"), QStringLiteral("--dry-run")});
    QCOMPARE(result.exitCode, 0);
    QVERIFY(result.out.contains("(Cursor):"));
    QVERIFY(result.out.contains("Nothing was changed (--dry-run)."));
    QVERIFY(!QFile::exists(serversFile()));
}

void TestCommandLine::malformedImportExitsOneAndChangesNothing_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QByteArray>("complaint");
    QTest::newRow("claude") << sample("claude-malformed.json") << QByteArray("Line 7");
    QTest::newRow("vscode") << sample("vscode-malformed.jsonc") << QByteArray("Line 5");
    QTest::newRow("cursor") << sample("cursor-malformed.json") << QByteArray("\"mcpServers\" must be an object");
    QTest::newRow("zed") << sample("zed-malformed.jsonc") << QByteArray("Line 5");
    QTest::newRow("missing") << QStringLiteral("/nonexistent/portico-test/mcp.json") << QByteArray("Cannot read");
}

void TestCommandLine::malformedImportExitsOneAndChangesNothing()
{
    QFETCH(QString, file);
    QFETCH(QByteArray, complaint);
    QCOMPARE(run({QStringLiteral("--import"), sample("vscode-mcp.jsonc"), QStringLiteral("--no-keychain")}).exitCode,
             0);
    const QByteArray before = serversFileBytes();
    QVERIFY(!before.isEmpty());

    const Run result = run({QStringLiteral("--import"), file, QStringLiteral("--no-keychain")});
    QCOMPARE(result.exitCode, 1);
    QVERIFY2(result.err.contains("Nothing was imported."), result.err.constData());
    QVERIFY2(result.err.contains(complaint), result.err.constData());
    QCOMPARE(serversFileBytes(), before);
}

void TestCommandLine::importNeedingTheKeychainFailsClearlyWithoutOne()
{
    // No Secret Service reachable: the import has secrets (an Authorization header), so it must fail,
    // clearly, and store nothing anywhere.
    QProcessEnvironment environment = m_environment;
    environment.insert(QStringLiteral("DBUS_SESSION_BUS_ADDRESS"),
                       QStringLiteral("unix:path=/nonexistent/portico-test-bus"));
    const Run result = run({QStringLiteral("--import"), sample("zed-settings.jsonc")}, environment);
    QCOMPARE(result.exitCode, 1);
    QVERIFY2(result.err.contains("Nothing was imported: The system keychain is not available"), result.err.constData());
    QVERIFY(!QFile::exists(serversFile()));
    QVERIFY(!containsSecret(result.out + result.err));
}

void TestCommandLine::importWithoutSecretsNeedsNoKeychain()
{
    const QString path = m_home->filePath(QStringLiteral("mcp.json"));
    {
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(R"({"servers": {"context7": {"type": "http", "url": "https://mcp.context7.example/mcp"}}})");
    }
    QProcessEnvironment environment = m_environment;
    environment.insert(QStringLiteral("DBUS_SESSION_BUS_ADDRESS"),
                       QStringLiteral("unix:path=/nonexistent/portico-test-bus"));
    const Run result = run({QStringLiteral("--import"), path}, environment);
    QVERIFY2(result.exitCode == 0, result.err.constData());
    QVERIFY(result.out.contains("Added 1 server(s)"));
    QVERIFY(serversFileBytes().contains("https://mcp.context7.example/mcp"));
}

void TestCommandLine::exportWritesNoSecretsAndRefusesToOverwrite()
{
    for (const char *file : {"claude_desktop_config.json", "vscode-mcp.jsonc", "cursor-mcp.json", "zed-settings.jsonc"})
        QCOMPARE(run({QStringLiteral("--import"), sample(file), QStringLiteral("--no-keychain")}).exitCode, 0);

    for (const char *format : {"claude", "vscode", "cursor", "zed"}) {
        const QString path = m_home->filePath(QStringLiteral("export-%1.json").arg(QLatin1StringView(format)));
        const Run exported = run({QStringLiteral("--export"), QString::fromLatin1(format), path});
        QVERIFY2(exported.exitCode == 0, exported.err.constData());
        QVERIFY(exported.out.contains("Wrote 17 server(s)"));
        QVERIFY(exported.out.contains("Left out"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray content = file.readAll();
        QVERIFY2(!containsSecret(content), format);
        QVERIFY(!containsSecret(exported.out + exported.err));

        // The export reads back: a dry-run import of it finds every server already configured.
        const Run back = run({QStringLiteral("--import"), path, QStringLiteral("--dry-run")});
        QCOMPARE(back.exitCode, 0);
        QVERIFY2(back.out.contains("0 to add, 17 already configured, 0 skipped."), back.out.constData());
    }

    const QString existing = m_home->filePath(QStringLiteral("export-vscode.json"));
    QFile original(existing);
    QVERIFY(original.open(QIODevice::ReadOnly));
    const QByteArray before = original.readAll();
    original.close();
    QVERIFY(QFile::resize(existing, before.size() - 1)); // make it different from a fresh export
    const Run refused = run({QStringLiteral("--export"), QStringLiteral("vscode"), existing});
    QCOMPARE(refused.exitCode, 1);
    QVERIFY(refused.err.contains("already exists"));
    QVERIFY(refused.err.contains("--force"));
    QVERIFY(original.open(QIODevice::ReadOnly));
    QCOMPARE(original.readAll().size(), before.size() - 1);
    original.close();

    const Run forced = run({QStringLiteral("--export"), QStringLiteral("vscode"), existing, QStringLiteral("--force")});
    QCOMPARE(forced.exitCode, 0);
    QVERIFY(original.open(QIODevice::ReadOnly));
    QCOMPARE(original.readAll(), before);
}

QTEST_GUILESS_MAIN(TestCommandLine)
#include "tst_commandline.moc"
