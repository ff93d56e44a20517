// The portico executable as people and scripts use it: --version, --help, documented exit codes, and an
// offscreen start that stays up until it is told to close (SIGTERM closes it like the window's button).

#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>

class TestCommandLine : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void printsVersion();
    void helpDocumentsEveryOptionAndExitCodes();
    void rejectsUnknownOptionWithUsageExitCode_data();
    void rejectsUnknownOptionWithUsageExitCode();
    void startsOffscreenAndStaysUpUntilTerminated();

private:
    struct Run
    {
        int exitCode = -1;
        QByteArray out;
        QByteArray err;
    };
    Run run(const QStringList &arguments, const QProcessEnvironment &environment);

    QString m_executable;
    QTemporaryDir m_home;
    QProcessEnvironment m_environment;
};

void TestCommandLine::initTestCase()
{
    m_executable = qEnvironmentVariable("PORTICO_EXECUTABLE");
    QVERIFY2(QFile::exists(m_executable), "PORTICO_EXECUTABLE must name the built portico binary");
    QVERIFY(m_home.isValid());
    // A throwaway home: the app's settings must not touch the tester's own, and no display is needed.
    m_environment = QProcessEnvironment::systemEnvironment();
    m_environment.insert(QStringLiteral("HOME"), m_home.path());
    m_environment.insert(QStringLiteral("XDG_CONFIG_HOME"), m_home.filePath(QStringLiteral("config")));
    m_environment.insert(QStringLiteral("XDG_DATA_HOME"), m_home.filePath(QStringLiteral("data")));
    m_environment.remove(QStringLiteral("DISPLAY"));
    m_environment.remove(QStringLiteral("WAYLAND_DISPLAY"));
    m_environment.remove(QStringLiteral("QT_QPA_PLATFORM"));
}

TestCommandLine::Run TestCommandLine::run(const QStringList &arguments, const QProcessEnvironment &environment)
{
    QProcess process;
    process.setProcessEnvironment(environment);
    process.start(m_executable, arguments);
    if (!process.waitForFinished(30000)) {
        process.kill();
        process.waitForFinished();
        return {};
    }
    return {process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1, process.readAllStandardOutput(),
            process.readAllStandardError()};
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
    const Run result = run({QStringLiteral("--help")}, m_environment);
    QCOMPARE(result.exitCode, 0);
    QVERIFY(result.out.startsWith("Usage: portico [options]"));
    for (const char *documented : {"--help", "--version", "Exit codes:", "0  success", "2  usage error"})
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
    QVERIFY(QFile::exists(m_home.filePath(QStringLiteral("config/dev.portico.Portico/Portico.conf"))));
}

QTEST_GUILESS_MAIN(TestCommandLine)
#include "tst_commandline.moc"
