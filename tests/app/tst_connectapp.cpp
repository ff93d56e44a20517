// `portico --connect-app` / `--disconnect-app` as a person runs them, in a throwaway home: the app's file gets
// Portico's bridge entry (read back by the importer's reader for that app) and keeps every other byte, --dry-run
// changes nothing, --undo puts the file back from its backup, disconnecting restores the file, and a malformed
// file is refused and left alone.

#include "config/jsonc.h"
#include "config/vscodereader.h"
#include "processrun.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace portico;

class TestConnectApp : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void connectsPreviewsUndoesAndDisconnects();
    void replacesAnMcpRemoteEntryWhenAsked();
    void refusesAMalformedFileAndChangesNothing();
    void refusesToUndoAfterTheAppChangedTheFile();
    void rejectsBadUsage_data();
    void rejectsBadUsage();

private:
    using Run = portico::testing::ProcessRun;
    Run run(const QStringList &arguments);
    [[nodiscard]] QString home(const char *relative) const { return m_home->filePath(QString::fromLatin1(relative)); }
    [[nodiscard]] QString serverId(const QString &name) const;
    void importServers();

    QString m_executable;
    std::unique_ptr<QTemporaryDir> m_home;
    QProcessEnvironment m_environment;
};

namespace {

// VS Code's mcp.json as a person keeps it: comments, tabs, a trailing comma.
const QByteArray kVsCodeFile =
    "{\n"
    "\t// my servers\n"
    "\t\"servers\": {\n"
    "\t\t\"github\": {\"type\": \"http\", \"url\": \"https://api.githubcopilot.com/mcp/\"},\n"
    "\t},\n"
    "\t\"inputs\": [] /* none */\n"
    "}\n";

QByteArray bytesOf(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

void write(const QString &path, const QByteArray &content)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    QCOMPARE(file.write(content), content.size());
}

QStringList backupsOf(const QString &path)
{
    const QFileInfo info(path);
    return QDir(info.absolutePath()).entryList({info.fileName() + QStringLiteral(".portico-backup-*")}, QDir::Files);
}

} // namespace

void TestConnectApp::initTestCase()
{
    m_executable = qEnvironmentVariable("PORTICO_EXECUTABLE");
    QVERIFY2(QFile::exists(m_executable), "PORTICO_EXECUTABLE must name the built portico binary");
}

void TestConnectApp::init()
{
    m_home = std::make_unique<QTemporaryDir>();
    QVERIFY(m_home->isValid());
    m_environment = QProcessEnvironment::systemEnvironment();
    m_environment.insert(QStringLiteral("HOME"), m_home->path());
    m_environment.insert(QStringLiteral("XDG_CONFIG_HOME"), home("config"));
    m_environment.insert(QStringLiteral("XDG_DATA_HOME"), home("data"));
    m_environment.remove(QStringLiteral("DISPLAY"));
    m_environment.remove(QStringLiteral("WAYLAND_DISPLAY"));
    m_environment.remove(QStringLiteral("APPIMAGE"));
    importServers();
}

TestConnectApp::Run TestConnectApp::run(const QStringList &arguments)
{
    return portico::testing::runProcess(m_executable, arguments, m_environment);
}

void TestConnectApp::importServers()
{
    // Two remote servers, no secrets: no keychain is needed.
    const QString file = home("import.json");
    write(file, "{\"mcpServers\": {\"Linear\": {\"command\": \"npx\", \"args\": [\"-y\", \"mcp-remote\", "
                "\"https://mcp.linear.app/sse\"]}, \"Docs\": {\"command\": \"npx\", \"args\": [\"mcp-remote\", "
                "\"https://docs.example.com/mcp\"]}}}");
    const Run imported = run({QStringLiteral("--import"), file});
    QVERIFY2(imported.exitCode == 0, imported.err.constData());
}

QString TestConnectApp::serverId(const QString &name) const
{
    const QJsonObject registry =
        QJsonDocument::fromJson(bytesOf(home("config/dev.portico.Portico/servers.json"))).object();
    for (const QJsonValue &server : registry.value(QLatin1StringView("servers")).toArray()) {
        if (server[QLatin1StringView("name")].toString() == name)
            return server[QLatin1StringView("id")].toString();
    }
    return {};
}

void TestConnectApp::connectsPreviewsUndoesAndDisconnects()
{
    const QString file = home("config/Code/User/mcp.json");
    write(file, kVsCodeFile);

    const Run preview = run({QStringLiteral("--connect-app"), QStringLiteral("vscode"), QStringLiteral("Linear"),
                             QStringLiteral("--dry-run")});
    QCOMPARE(preview.exitCode, 0);
    QVERIFY2(preview.out.contains("+ \t\t\"linear\": {"), preview.out.constData());
    QVERIFY(preview.out.contains("Nothing was changed (--dry-run)."));
    QCOMPARE(bytesOf(file), kVsCodeFile);
    QVERIFY(backupsOf(file).isEmpty());

    const Run connected = run({QStringLiteral("--connect-app"), QStringLiteral("vscode"), QStringLiteral("Linear")});
    QVERIFY2(connected.exitCode == 0, connected.err.constData());
    QVERIFY(connected.out.contains("added as “linear”"));
    const QByteArray written = bytesOf(file);
    // Everything that was there is still there, byte for byte, around the one new entry.
    QVERIFY(written.startsWith(kVsCodeFile.left(kVsCodeFile.indexOf("\t},\n\t\"inputs\""))));
    QVERIFY(written.endsWith("\t},\n\t\"inputs\": [] /* none */\n}\n"));
    // VS Code's reader (the importer's) finds the bridge entry: this portico, `bridge <id>`.
    const Result<QJsonObject> root = jsonc::parseObject(written, jsonc::Dialect::Tolerant);
    QVERIFY(root.ok());
    const QJsonObject servers = VsCodeReader(root.value()).serverMap(root.value()).value.toObject();
    QCOMPARE(servers.keys(), (QStringList{QStringLiteral("github"), QStringLiteral("linear")}));
    QCOMPARE(servers.value(QLatin1StringView("linear")).toObject(),
             QJsonObject(
                 {{QStringLiteral("type"), QStringLiteral("stdio")},
                  {QStringLiteral("command"), QFileInfo(m_executable).absoluteFilePath()},
                  {QStringLiteral("args"), QJsonArray{QStringLiteral("bridge"), serverId(QStringLiteral("Linear"))}}}));
    QCOMPARE(backupsOf(file).size(), 1);
    QCOMPARE(bytesOf(QFileInfo(file).absolutePath() + QLatin1Char('/') + backupsOf(file).constFirst()), kVsCodeFile);

    // Twice: nothing changes, no second backup.
    const Run again = run({QStringLiteral("--connect-app"), QStringLiteral("vscode"), QStringLiteral("Linear")});
    QCOMPARE(again.exitCode, 0);
    QVERIFY(again.out.contains("already connected"));
    QCOMPARE(bytesOf(file), written);
    QCOMPARE(backupsOf(file).size(), 1);

    const Run undone = run({QStringLiteral("--connect-app"), QStringLiteral("vscode"), QStringLiteral("--undo")});
    QVERIFY2(undone.exitCode == 0, undone.err.constData());
    QCOMPARE(bytesOf(file), kVsCodeFile);
    QVERIFY(backupsOf(file).isEmpty());

    // Connected again, then disconnected: the file is as the person left it.
    QCOMPARE(run({QStringLiteral("--connect-app"), QStringLiteral("vscode"), QStringLiteral("Linear")}).exitCode, 0);
    const Run disconnected =
        run({QStringLiteral("--disconnect-app"), QStringLiteral("vscode"), QStringLiteral("Linear")});
    QVERIFY2(disconnected.exitCode == 0, disconnected.err.constData());
    QCOMPARE(bytesOf(file), kVsCodeFile);
}

void TestConnectApp::replacesAnMcpRemoteEntryWhenAsked()
{
    // No file yet: Zed's settings.json is created with every server.
    const QString file = home("config/zed/settings.json");
    const Run all = run({QStringLiteral("--connect-app"), QStringLiteral("zed")});
    QVERIFY2(all.exitCode == 0, all.err.constData());
    const QJsonObject servers = jsonc::parseObject(bytesOf(file), jsonc::Dialect::Tolerant)
                                    .value()
                                    .value(QLatin1StringView("context_servers"))
                                    .toObject();
    QCOMPARE(servers.keys(), (QStringList{QStringLiteral("docs"), QStringLiteral("linear")}));

    const QString claude = home("config/Claude/claude_desktop_config.json");
    const QByteArray mcpRemote = "{\n  \"mcpServers\": {\n    \"work\": {\"command\": \"npx\", \"args\": [\"-y\", "
                                 "\"mcp-remote\", \"https://mcp.linear.app/sse\"]}\n  }\n}\n";
    write(claude, mcpRemote);
    const Run kept = run({QStringLiteral("--connect-app"), QStringLiteral("claude"), QStringLiteral("Linear"),
                          QStringLiteral("--dry-run")});
    QCOMPARE(kept.exitCode, 0);
    QVERIFY2(kept.out.contains("--replace"), kept.out.constData());
    const Run replaced = run({QStringLiteral("--connect-app"), QStringLiteral("claude"), QStringLiteral("Linear"),
                              QStringLiteral("--replace")});
    QVERIFY2(replaced.exitCode == 0, replaced.err.constData());
    const QJsonObject entry = jsonc::parseObject(bytesOf(claude), jsonc::Dialect::Strict)
                                  .value()[QLatin1StringView("mcpServers")][QLatin1StringView("work")]
                                  .toObject();
    QCOMPARE(entry.value(QLatin1StringView("args")).toArray(),
             (QJsonArray{QStringLiteral("bridge"), serverId(QStringLiteral("Linear"))}));
}

void TestConnectApp::refusesAMalformedFileAndChangesNothing()
{
    const QString file = home("config/zed/settings.json");
    const QByteArray malformed = "{\n  // Zed\n  \"context_servers\": {\n    \"a\": \n}\n";
    write(file, malformed);
    const Run result = run({QStringLiteral("--connect-app"), QStringLiteral("zed"), QStringLiteral("Linear")});
    QCOMPARE(result.exitCode, 1);
    QVERIFY2(result.err.contains(file.toUtf8()) && result.err.contains("Line "), result.err.constData());
    QVERIFY(result.err.contains("Portico changed nothing"));
    QCOMPARE(bytesOf(file), malformed);
    QVERIFY(backupsOf(file).isEmpty());
}

void TestConnectApp::refusesToUndoAfterTheAppChangedTheFile()
{
    const QString file = home("config/Code/User/mcp.json");
    write(file, kVsCodeFile);
    QCOMPARE(run({QStringLiteral("--connect-app"), QStringLiteral("vscode"), QStringLiteral("Docs")}).exitCode, 0);
    const QByteArray changed = bytesOf(file).replace("my servers", "edited in VS Code");
    write(file, changed);
    const Run undone = run({QStringLiteral("--connect-app"), QStringLiteral("vscode"), QStringLiteral("--undo")});
    QCOMPARE(undone.exitCode, 1);
    QVERIFY2(undone.err.contains("changed after Portico wrote it"), undone.err.constData());
    QCOMPARE(bytesOf(file), changed);
    QCOMPARE(backupsOf(file).size(), 1);
}

void TestConnectApp::rejectsBadUsage_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QByteArray>("message");
    QTest::newRow("unknown app") << QStringList{QStringLiteral("--connect-app"), QStringLiteral("emacs")}
                                 << QByteArray("claude|claude-code|cursor|vscode|zed");
    QTest::newRow("--replace alone") << QStringList{QStringLiteral("--replace")} << QByteArray("--connect-app");
    QTest::newRow("two servers") << QStringList{QStringLiteral("--connect-app"), QStringLiteral("zed"),
                                                QStringLiteral("a"), QStringLiteral("b")}
                                 << QByteArray("at most one server");
    QTest::newRow("--replace when disconnecting")
        << QStringList{QStringLiteral("--disconnect-app"), QStringLiteral("zed"), QStringLiteral("--replace")}
        << QByteArray("--replace goes with --connect-app");
}

void TestConnectApp::rejectsBadUsage()
{
    QFETCH(QStringList, arguments);
    QFETCH(QByteArray, message);
    const Run result = run(arguments);
    QCOMPARE(result.exitCode, 2);
    QVERIFY2(result.err.contains(message), result.err.constData());
}

QTEST_GUILESS_MAIN(TestConnectApp)
#include "tst_connectapp.moc"
