// Connecting Portico's bridge to other MCP apps (ConnectPlan, jsonc_edit): each app's file gets exactly one
// entry and keeps every other byte (comments, indentation, key order, trailing commas, line endings); the
// importer's readers read the entry back; connecting twice changes nothing; a malformed file is refused and
// left alone; apply() backs the file up and ConnectUndo puts it back, unless the file changed since.

#include "config/configformatreader.h"
#include "config/configimport.h"
#include "config/connectplan.h"
#include "config/jsonc.h"
#include "config/jsoncedit.h"

#include <QFile>
#include <QJsonArray>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace portico;

namespace {

const QString kCommand = QStringLiteral("/opt/portico/bin/portico");
const QString kId = QStringLiteral("0b5e9d6c-3f7a-4c1e-9d2b-7a1c2e3f4a5b");
const BridgeServer kLinear{kId, QStringLiteral("Linear (work)"), QUrl(QStringLiteral("https://mcp.linear.app/sse"))};

QByteArray bytesOf(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

void write(const QString &path, const QByteArray &content)
{
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    QCOMPARE(file.write(content), content.size());
}

// The servers map of `text` as the importer's reader for `app` finds it.
QJsonObject serversAsReadBack(ConnectApp app, const QByteArray &text)
{
    const Result<QJsonObject> root = jsonc::parseObject(text, jsonc::Dialect::Tolerant);
    if (!root)
        return {};
    const std::unique_ptr<ConfigFormatReader> reader =
        ConfigFormatReader::forFormat(connect_app::format(app), root.value());
    return reader->serverMap(root.value()).value.toObject();
}

QJsonObject expectedEntry(ConnectApp app)
{
    QJsonObject entry{{QStringLiteral("command"), kCommand},
                      {QStringLiteral("args"), QJsonArray{QStringLiteral("bridge"), kId}}};
    if (app == ConnectApp::VsCode || app == ConnectApp::ClaudeCode)
        entry.insert(QStringLiteral("type"), QStringLiteral("stdio"));
    return entry;
}

} // namespace

class TestConnectPlan : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void writesOneEntryAndKeepsEveryOtherByte_data();
    void writesOneEntryAndKeepsEveryOtherByte();
    void followsTheFilesLayout_data();
    void followsTheFilesLayout();
    void createsTheFileWhenMissing();
    void connectingTwiceChangesNothing();
    void updatesPorticosEntryForANewPath();
    void refusesMalformedFilesAndChangesNothing_data();
    void refusesMalformedFilesAndChangesNothing();
    void replacesAnMcpRemoteEntryOnlyWhenAsked();
    void backsUpAndUndoes();
    void refusesToUndoAfterTheFileChanged();
    void entryNamesAreSafe();
    void keysAreReadAsTheParserReadsThem();
    void removingAfterCommentsEndedByCarriageReturnsKeepsTheFileValid();

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    [[nodiscard]] QString file(const char *name) const { return m_dir->filePath(QString::fromLatin1(name)); }
};

void TestConnectPlan::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

void TestConnectPlan::writesOneEntryAndKeepsEveryOtherByte_data()
{
    QTest::addColumn<ConnectApp>("app");
    QTest::addColumn<QByteArray>("before");
    QTest::addColumn<QByteArray>("after");

    QTest::newRow("claude") << ConnectApp::ClaudeDesktop
                            << QByteArray("{\n"
                                          "  \"globalShortcut\": \"\",\n"
                                          "  \"mcpServers\": {\n"
                                          "    \"filesystem\": {\n"
                                          "      \"command\": \"npx\",\n"
                                          "      \"args\": [\"-y\", \"@modelcontextprotocol/server-filesystem\"]\n"
                                          "    }\n"
                                          "  },\n"
                                          "  \"theme\": \"dark\"\n"
                                          "}\n")
                            << QByteArray("{\n"
                                          "  \"globalShortcut\": \"\",\n"
                                          "  \"mcpServers\": {\n"
                                          "    \"filesystem\": {\n"
                                          "      \"command\": \"npx\",\n"
                                          "      \"args\": [\"-y\", \"@modelcontextprotocol/server-filesystem\"]\n"
                                          "    },\n"
                                          "    \"linear-work\": {\n"
                                          "      \"command\": \"/opt/portico/bin/portico\",\n"
                                          "      \"args\": [\"bridge\", \"0b5e9d6c-3f7a-4c1e-9d2b-7a1c2e3f4a5b\"]\n"
                                          "    }\n"
                                          "  },\n"
                                          "  \"theme\": \"dark\"\n"
                                          "}\n");
    // ~/.claude.json: the user scope's "mcpServers" at the top, not a project's.
    QTest::newRow("claude-code") << ConnectApp::ClaudeCode
                                 << QByteArray("{\n"
                                               "  \"numStartups\": 3,\n"
                                               "  \"projects\": {\n"
                                               "    \"/home/me/src\": {\n"
                                               "      \"mcpServers\": {}\n"
                                               "    }\n"
                                               "  },\n"
                                               "  \"mcpServers\": {}\n"
                                               "}")
                                 << QByteArray(
                                        "{\n"
                                        "  \"numStartups\": 3,\n"
                                        "  \"projects\": {\n"
                                        "    \"/home/me/src\": {\n"
                                        "      \"mcpServers\": {}\n"
                                        "    }\n"
                                        "  },\n"
                                        "  \"mcpServers\": {\n"
                                        "    \"linear-work\": {\n"
                                        "      \"type\": \"stdio\",\n"
                                        "      \"command\": \"/opt/portico/bin/portico\",\n"
                                        "      \"args\": [\"bridge\", \"0b5e9d6c-3f7a-4c1e-9d2b-7a1c2e3f4a5b\"]\n"
                                        "    }\n"
                                        "  }\n"
                                        "}");
    QTest::newRow("cursor, one line")
        << ConnectApp::Cursor << QByteArray("{\"mcpServers\":{\"docs\":{\"url\":\"https://docs.example/mcp\"}}}")
        << QByteArray("{\"mcpServers\":{\"docs\":{\"url\":\"https://docs.example/mcp\"}, "
                      "\"linear-work\": {\"command\": \"/opt/portico/bin/portico\", "
                      "\"args\": [\"bridge\", \"0b5e9d6c-3f7a-4c1e-9d2b-7a1c2e3f4a5b\"]}}}");
    // JSONC: comments, tabs and trailing commas stay.
    QTest::newRow("vscode") << ConnectApp::VsCode
                            << QByteArray("{\n"
                                          "\t// Servers VS Code starts\n"
                                          "\t\"servers\": {\n"
                                          "\t\t\"github\": {\n"
                                          "\t\t\t\"type\": \"http\",\n"
                                          "\t\t\t\"url\": \"https://api.githubcopilot.com/mcp/\", // remote\n"
                                          "\t\t},\n"
                                          "\t},\n"
                                          "\t/* inputs */\n"
                                          "\t\"inputs\": [],\n"
                                          "}\n")
                            << QByteArray("{\n"
                                          "\t// Servers VS Code starts\n"
                                          "\t\"servers\": {\n"
                                          "\t\t\"github\": {\n"
                                          "\t\t\t\"type\": \"http\",\n"
                                          "\t\t\t\"url\": \"https://api.githubcopilot.com/mcp/\", // remote\n"
                                          "\t\t},\n"
                                          "\t\t\"linear-work\": {\n"
                                          "\t\t\t\"type\": \"stdio\",\n"
                                          "\t\t\t\"command\": \"/opt/portico/bin/portico\",\n"
                                          "\t\t\t\"args\": [\"bridge\", \"0b5e9d6c-3f7a-4c1e-9d2b-7a1c2e3f4a5b\"]\n"
                                          "\t\t},\n"
                                          "\t},\n"
                                          "\t/* inputs */\n"
                                          "\t\"inputs\": [],\n"
                                          "}\n");
    // A comment after the last server stays on its line; the comma goes before it.
    QTest::newRow("zed") << ConnectApp::Zed
                         << QByteArray("// Zed settings\n"
                                       "{\n"
                                       "  \"theme\": \"One Dark\", // the theme\n"
                                       "  \"context_servers\": {\n"
                                       "    \"local\": {\n"
                                       "      \"command\": \"some-command\",\n"
                                       "      \"args\": [\"arg-1\"],\n"
                                       "      \"env\": {}\n"
                                       "    } // the last server\n"
                                       "  }\n"
                                       "}\n")
                         << QByteArray("// Zed settings\n"
                                       "{\n"
                                       "  \"theme\": \"One Dark\", // the theme\n"
                                       "  \"context_servers\": {\n"
                                       "    \"local\": {\n"
                                       "      \"command\": \"some-command\",\n"
                                       "      \"args\": [\"arg-1\"],\n"
                                       "      \"env\": {}\n"
                                       "    }, // the last server\n"
                                       "    \"linear-work\": {\n"
                                       "      \"command\": \"/opt/portico/bin/portico\",\n"
                                       "      \"args\": [\"bridge\", \"0b5e9d6c-3f7a-4c1e-9d2b-7a1c2e3f4a5b\"]\n"
                                       "    }\n"
                                       "  }\n"
                                       "}\n");
    // No servers object yet: it is added after the last top-level member.
    QTest::newRow("zed, no context_servers") << ConnectApp::Zed << QByteArray("{\n  \"vim_mode\": true, // yes\n}\n")
                                             << QByteArray("{\n  \"vim_mode\": true, // yes\n"
                                                           "  \"context_servers\": {\n"
                                                           "    \"linear-work\": {\n"
                                                           "      \"command\": \"/opt/portico/bin/portico\",\n"
                                                           "      \"args\": [\"bridge\", "
                                                           "\"0b5e9d6c-3f7a-4c1e-9d2b-7a1c2e3f4a5b\"]\n"
                                                           "    }\n"
                                                           "  },\n"
                                                           "}\n");
}

void TestConnectPlan::writesOneEntryAndKeepsEveryOtherByte()
{
    QFETCH(ConnectApp, app);
    QFETCH(QByteArray, before);
    QFETCH(QByteArray, after);
    const QString path = file("app.json");
    write(path, before);

    const Result<ConnectPlan> plan = ConnectPlan::connect(app, path, {kLinear}, {kCommand, false});
    QVERIFY2(plan.ok(), plan ? "" : qPrintable(plan.error().message()));
    QCOMPARE(plan.value().after(), after);
    QCOMPARE(plan.value().steps().size(), 1);
    QCOMPARE(plan.value().steps().constFirst().change, ConnectPlan::Change::Added);
    QCOMPARE(plan.value().steps().constFirst().key, QStringLiteral("linear-work"));
    QCOMPARE(bytesOf(path), before); // a plan only reads

    // The importer's reader finds exactly the bridge entry, and every other server as it was.
    const QJsonObject servers = serversAsReadBack(app, after);
    QJsonObject expected = serversAsReadBack(app, before);
    expected.insert(QStringLiteral("linear-work"), expectedEntry(app));
    QCOMPARE(servers, expected);
    // The importer reads the file as before (the bridge is a local command to it, so it is skipped).
    const Result<ImportPreview> preview = ConfigImport::preview(after, connect_app::format(app), {});
    QVERIFY(preview.ok());

    // Disconnecting gives back the file byte for byte (less the servers object Portico added).
    const QString serversKey = config_format::serversKey(connect_app::format(app));
    if (!jsonc::parseObject(before, jsonc::Dialect::Tolerant).value().contains(serversKey))
        return;
    write(path, after);
    const Result<ConnectPlan> reverse = ConnectPlan::disconnect(app, path, {kId});
    QVERIFY(reverse.ok());
    QCOMPARE(reverse.value().steps().size(), 1);
    QCOMPARE(reverse.value().after(), before);
}

void TestConnectPlan::followsTheFilesLayout_data()
{
    QTest::addColumn<QByteArray>("before");
    QTest::addColumn<QByteArray>("after");
    const QByteArray entry = "\"linear-work\": {\"command\": \"/opt/portico/bin/portico\", \"args\": [\"bridge\", "
                             "\"0b5e9d6c-3f7a-4c1e-9d2b-7a1c2e3f4a5b\"]}";
    QTest::newRow("crlf, 4 spaces")
        << QByteArray("{\r\n    \"mcpServers\": {\r\n        \"a\": {\"command\": \"x\"}\r\n    }\r\n}\r\n")
        << QByteArray(
               "{\r\n    \"mcpServers\": {\r\n        \"a\": {\"command\": \"x\"},\r\n        \"linear-work\": {\r\n"
               "            \"command\": \"/opt/portico/bin/portico\",\r\n            \"args\": [\"bridge\", "
               "\"0b5e9d6c-3f7a-4c1e-9d2b-7a1c2e3f4a5b\"]\r\n        }\r\n    }\r\n}\r\n");
    QTest::newRow("byte order mark") << QByteArray("\xEF\xBB\xBF{\"mcpServers\": {\"a\": {\"command\": \"x\"}}}")
                                     << QByteArray("\xEF\xBB\xBF{\"mcpServers\": {\"a\": {\"command\": \"x\"}, ")
                                            + entry + "}}";
    QTest::newRow("trailing comma and block comment")
        << QByteArray("{\n  \"mcpServers\": {\n    \"a\": {\"command\": \"x\"}, /* last */\n  },\n}\n")
        << QByteArray("{\n  \"mcpServers\": {\n    \"a\": {\"command\": \"x\"},\n    \"linear-work\": {\n"
                      "      \"command\": \"/opt/portico/bin/portico\",\n      \"args\": [\"bridge\", "
                      "\"0b5e9d6c-3f7a-4c1e-9d2b-7a1c2e3f4a5b\"]\n    }, /* last */\n  },\n}\n");
    QTest::newRow("empty object with a comment")
        << QByteArray("{\n  \"mcpServers\": { // none yet\n  }\n}\n")
        << QByteArray(
               "{\n  \"mcpServers\": {\n    \"linear-work\": {\n      \"command\": \"/opt/portico/bin/portico\",\n"
               "      \"args\": [\"bridge\", \"0b5e9d6c-3f7a-4c1e-9d2b-7a1c2e3f4a5b\"]\n    } // none yet\n  }\n}\n");
    QTest::newRow("empty file") << QByteArray("\n")
                                << QByteArray("{\n  \"mcpServers\": {\n    \"linear-work\": {\n      \"command\": "
                                              "\"/opt/portico/bin/portico\",\n      \"args\": [\"bridge\", "
                                              "\"0b5e9d6c-3f7a-4c1e-9d2b-7a1c2e3f4a5b\"]\n    }\n  }\n}\n");
}

void TestConnectPlan::followsTheFilesLayout()
{
    QFETCH(QByteArray, before);
    QFETCH(QByteArray, after);
    const Result<QByteArray> edited =
        jsonc_edit::setMember(before, QStringLiteral("mcpServers"), QStringLiteral("linear-work"),
                              connect_app::bridgeEntry(ConnectApp::Cursor, kCommand, kId));
    QVERIFY2(edited.ok(), edited ? "" : qPrintable(edited.error().message()));
    QCOMPARE(edited.value(), after);
    QCOMPARE(serversAsReadBack(ConnectApp::Cursor, edited.value()).value(QStringLiteral("linear-work")).toObject(),
             expectedEntry(ConnectApp::Cursor));
}

void TestConnectPlan::createsTheFileWhenMissing()
{
    const QString path = file("new/folder/mcp.json");
    const Result<ConnectPlan> plan = ConnectPlan::connect(ConnectApp::VsCode, path, {kLinear}, {kCommand, false});
    QVERIFY(plan.ok());
    QVERIFY(plan.value().changesFile());
    const Result<ConnectUndo> undo = plan.value().apply();
    QVERIFY2(undo.ok(), undo ? "" : qPrintable(undo.error().message()));
    QVERIFY(undo.value().backupPath.isEmpty());
    QCOMPARE(serversAsReadBack(ConnectApp::VsCode, bytesOf(path)),
             QJsonObject({{QStringLiteral("linear-work"), expectedEntry(ConnectApp::VsCode)}}));
    QVERIFY(undo.value().restore().ok());
    QVERIFY(!QFile::exists(path)); // Portico created it, so undoing removes it
}

void TestConnectPlan::connectingTwiceChangesNothing()
{
    const QString path = file("claude.json");
    write(path, "{\n  \"mcpServers\": {}\n}\n");
    const Result<ConnectPlan> first =
        ConnectPlan::connect(ConnectApp::ClaudeDesktop, path, {kLinear}, {kCommand, false});
    QVERIFY(first.ok());
    QVERIFY(first.value().apply().ok());
    const QByteArray written = bytesOf(path);

    const Result<ConnectPlan> second =
        ConnectPlan::connect(ConnectApp::ClaudeDesktop, path, {kLinear}, {kCommand, false});
    QVERIFY(second.ok());
    QCOMPARE(second.value().steps().constFirst().change, ConnectPlan::Change::AlreadyThere);
    QVERIFY(!second.value().changesFile());
    QCOMPARE(second.value().after(), written);
}

void TestConnectPlan::updatesPorticosEntryForANewPath()
{
    const QString path = file("cursor.json");
    write(path, "{\n  \"mcpServers\": {\n    \"mine\": {\"command\": \"/old/portico\", \"args\": [\"bridge\", \""
                    + kId.toUtf8() + "\"]}\n  }\n}\n");
    const Result<ConnectPlan> plan = ConnectPlan::connect(ConnectApp::Cursor, path, {kLinear}, {kCommand, false});
    QVERIFY(plan.ok());
    QCOMPARE(plan.value().steps().constFirst().change, ConnectPlan::Change::Updated);
    QCOMPARE(plan.value().steps().constFirst().key, QStringLiteral("mine")); // the person's name for it stays
    QCOMPARE(serversAsReadBack(ConnectApp::Cursor, plan.value().after()),
             QJsonObject({{QStringLiteral("mine"), expectedEntry(ConnectApp::Cursor)}}));
}

void TestConnectPlan::refusesMalformedFilesAndChangesNothing_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<QString>("expectedMessage");
    QTest::newRow("not JSON") << QByteArray("{\n  \"mcpServers\": {\n    \"a\": \n}\n") << QStringLiteral("Line ");
    QTest::newRow("unclosed comment") << QByteArray("{ /* \"mcpServers\": {} }") << QStringLiteral("never closed");
    QTest::newRow("servers is an array") << QByteArray("{\"mcpServers\": []}")
                                         << QStringLiteral("\"mcpServers\" is not");
    QTest::newRow("top level is an array") << QByteArray("[]") << QStringLiteral("not a JSON object");
}

void TestConnectPlan::refusesMalformedFilesAndChangesNothing()
{
    QFETCH(QByteArray, content);
    QFETCH(QString, expectedMessage);
    const QString path = file("broken.json");
    write(path, content);
    const Result<ConnectPlan> plan =
        ConnectPlan::connect(ConnectApp::ClaudeDesktop, path, {kLinear}, {kCommand, false});
    QVERIFY(!plan.ok());
    QVERIFY2(plan.error().message().contains(expectedMessage), qPrintable(plan.error().message()));
    QVERIFY2(plan.error().message().contains(path), qPrintable(plan.error().message()));
    const Result<ConnectPlan> reverse = ConnectPlan::disconnect(ConnectApp::ClaudeDesktop, path, {});
    QVERIFY(!reverse.ok());
    QCOMPARE(bytesOf(path), content);
    QCOMPARE(QDir(m_dir->path()).entryList(QDir::Files), QStringList{QStringLiteral("broken.json")}); // no backup
}

void TestConnectPlan::replacesAnMcpRemoteEntryOnlyWhenAsked()
{
    const QByteArray content =
        "{\n  \"mcpServers\": {\n    \"linear\": {\n      \"command\": \"npx\",\n      \"args\": "
        "[\"-y\", \"mcp-remote\", \"https://mcp.linear.app/sse\", \"--header\", "
        "\"Authorization: Bearer lin_SECRET_preview_1\"]\n    }\n  }\n}\n";
    const QString path = file("claude.json");
    write(path, content);

    const Result<ConnectPlan> kept =
        ConnectPlan::connect(ConnectApp::ClaudeDesktop, path, {kLinear}, {kCommand, false});
    QVERIFY(kept.ok());
    QCOMPARE(kept.value().steps().constFirst().change, ConnectPlan::Change::Added);
    QVERIFY(kept.value().steps().constFirst().note.contains(QStringLiteral("mcp-remote")));
    QVERIFY(kept.value().after().contains("mcp-remote"));

    const Result<ConnectPlan> replaced =
        ConnectPlan::connect(ConnectApp::ClaudeDesktop, path, {kLinear}, {kCommand, true});
    QVERIFY(replaced.ok());
    QCOMPARE(replaced.value().steps().constFirst().change, ConnectPlan::Change::ReplacedMcpRemote);
    // The preview shows the lines that go, but never the credential in them.
    QVERIFY(replaced.value().preview().contains(QStringLiteral("- ")));
    QVERIFY2(!replaced.value().preview().contains(QStringLiteral("lin_SECRET_preview_1")),
             qPrintable(replaced.value().preview()));
    QCOMPARE(serversAsReadBack(ConnectApp::ClaudeDesktop, replaced.value().after()),
             QJsonObject({{QStringLiteral("linear"), expectedEntry(ConnectApp::ClaudeDesktop)}}));
}

void TestConnectPlan::backsUpAndUndoes()
{
    const QByteArray content = "{\n  // mine\n  \"context_servers\": {}\n}\n";
    const QString path = file("settings.json");
    write(path, content);
    QVERIFY(QFile::setPermissions(path, QFileDevice::ReadOwner | QFileDevice::WriteOwner));

    const Result<ConnectPlan> plan = ConnectPlan::connect(ConnectApp::Zed, path, {kLinear}, {kCommand, false});
    QVERIFY(plan.ok());
    QVERIFY(plan.value().preview().contains(QStringLiteral("+       \"command\": \"/opt/portico/bin/portico\",")));
    const Result<ConnectUndo> undo = plan.value().apply();
    QVERIFY2(undo.ok(), undo ? "" : qPrintable(undo.error().message()));
    QCOMPARE(bytesOf(path), plan.value().after());
    QVERIFY(undo.value().backupPath.startsWith(path + QStringLiteral(".portico-backup-")));
    QCOMPARE(bytesOf(undo.value().backupPath), content);
    const auto ownerOnly = QFileDevice::ReadOwner | QFileDevice::WriteOwner;
    const auto ownerGroupOthers = QFileDevice::Permissions::fromInt(0x7077); // not the "user" bits
    QCOMPARE(QFile::permissions(undo.value().backupPath) & ownerGroupOthers, ownerOnly);
    QCOMPARE(QFile::permissions(path) & ownerGroupOthers, ownerOnly);

    // The record survives a round trip through JSON (the command line keeps it between runs).
    const std::optional<ConnectUndo> reread = ConnectUndo::fromJson(undo.value().toJson());
    QVERIFY(reread);
    QVERIFY(reread->restore().ok());
    QCOMPARE(bytesOf(path), content);
    QVERIFY(!QFile::exists(undo.value().backupPath));
}

void TestConnectPlan::refusesToUndoAfterTheFileChanged()
{
    const QString path = file("mcp.json");
    write(path, "{\"servers\": {}}");
    const Result<ConnectPlan> plan = ConnectPlan::connect(ConnectApp::VsCode, path, {kLinear}, {kCommand, false});
    QVERIFY(plan.ok());
    const Result<ConnectUndo> undo = plan.value().apply();
    QVERIFY(undo.ok());
    const QByteArray changedByTheApp = bytesOf(path) + "\n";
    write(path, changedByTheApp);
    const Result<void> restored = undo.value().restore();
    QVERIFY(!restored.ok());
    QVERIFY2(restored.error().message().contains(QStringLiteral("changed after Portico wrote it")),
             qPrintable(restored.error().message()));
    QCOMPARE(bytesOf(path), changedByTheApp);
    QVERIFY(QFile::exists(undo.value().backupPath));

    // A plan made before the file changed does not write over the change either.
    write(path, "{\"servers\": {}}");
    const Result<ConnectPlan> stale = ConnectPlan::connect(ConnectApp::VsCode, path, {kLinear}, {kCommand, false});
    write(path, changedByTheApp);
    QVERIFY(!stale.value().apply().ok());
    QCOMPARE(bytesOf(path), changedByTheApp);
}

void TestConnectPlan::entryNamesAreSafe()
{
    QCOMPARE(ConnectPlan::entryName(QStringLiteral("My Server (prod)"), kId), QStringLiteral("my-server-prod"));
    QCOMPARE(ConnectPlan::entryName(QStringLiteral("déjà vu_2"), kId), QStringLiteral("d-j-vu_2"));
    QCOMPARE(ConnectPlan::entryName(QStringLiteral("\"}\n//"), kId), QStringLiteral("portico-0b5e9d6c"));
}

QTEST_GUILESS_MAIN(TestConnectPlan)
// Found by fuzz_jsoncedit: "\uFEFFmcpServers" (a byte order mark inside the quotes) is another member than
// "mcpServers" for every app, so the entry goes into a real "mcpServers", where the readers find it.
void TestConnectPlan::keysAreReadAsTheParserReadsThem()
{
    const QByteArray before("{\n\t//\n\t\"\xEF\xBB\xBFmcpServers\": { // \n\t},\n}\n");
    const Result<QByteArray> edited =
        jsonc_edit::setMember(before, QStringLiteral("mcpServers"), QStringLiteral("linear-work"),
                              connect_app::bridgeEntry(ConnectApp::Cursor, kCommand, kId));
    QVERIFY2(edited.ok(), edited ? "" : qPrintable(edited.error().message()));
    const Result<QJsonObject> after = jsonc::parseObject(edited.value(), jsonc::Dialect::Tolerant);
    QVERIFY2(after.ok(), after ? "" : qPrintable(after.error().message()));
    QCOMPARE(
        after.value().value(QStringLiteral("mcpServers")).toObject().value(QStringLiteral("linear-work")).toObject(),
        expectedEntry(ConnectApp::Cursor));
}

// Found by fuzz_jsoncedit: comments ended by a lone carriage return, then a trailing comma on the closing line.
void TestConnectPlan::removingAfterCommentsEndedByCarriageReturnsKeepsTheFileValid()
{
    const QByteArray before(" \t{\n\t// c\n\t\"mcpServers\": {\n\t\t\"\":\t{\t\t\n}\n//  {\"m\t\"},\r//\xFF\xFF"
                            "s\n\t,}\n}\n");
    QVERIFY(jsonc::parseObject(before, jsonc::Dialect::Tolerant).ok());
    const Result<QByteArray> edited =
        jsonc_edit::setMember(before, QStringLiteral("mcpServers"), QStringLiteral("linear-work"),
                              connect_app::bridgeEntry(ConnectApp::Cursor, kCommand, kId));
    QVERIFY2(edited.ok(), edited ? "" : qPrintable(edited.error().message()));
    QVERIFY(jsonc::parseObject(edited.value(), jsonc::Dialect::Tolerant).ok());
    const Result<QByteArray> removed =
        jsonc_edit::removeMember(edited.value(), QStringLiteral("mcpServers"), QStringLiteral("linear-work"));
    QVERIFY2(removed.ok(), removed ? "" : qPrintable(removed.error().message()));
    const Result<QJsonObject> reread = jsonc::parseObject(removed.value(), jsonc::Dialect::Tolerant);
    QVERIFY2(reread.ok(), reread ? "" : qPrintable(reread.error().message()));
}

#include "tst_connectplan.moc"
