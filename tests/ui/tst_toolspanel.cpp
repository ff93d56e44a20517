// The Tools panel against the MCP reference server (server-everything from tests/peers, Streamable HTTP),
// offscreen (requirements UI-7): the list comes from a real McpSession; echo and get-sum are called through the
// generated form and the server's answers show what it received; an image result is decoded and shown;
// raw JSON mode; the search filter; an invalid form value blocks the call with a message; progress and
// cancel of a long call (requirements TRANSPORT-18, FEATURE-6); structuredContent; a tool error shown as an error
// (requirements FEATURE-2); server text as plain-text claims (requirements FEATURE-1, SEC-10); and a form-mode
// elicitation during a call answered through the dialog (requirements FEATURE-8). Saves a screenshot of the panel.

#include "catalog/toolspanel.h"
#include "catalogpanelsession.h"
#include "elicitation/dialogelicitationhandler.h"
#include "elicitation/elicitationdialog.h"
#include "mcp/mcpsession.h"
#include "screenshot.h"

#include <QCheckBox>
#include <QComboBox>
#include <QGroupBox>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>

#include <memory>
#include <optional>

using namespace portico;
using portico::testing::EverythingServer;
using portico::testing::McpTestClient;

namespace {

QLineEdit *lineEditor(const ToolsPanel &panel, const char *property)
{
    return qobject_cast<QLineEdit *>(panel.argumentEditor(QString::fromLatin1(property)));
}

} // namespace

class TestToolsPanel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void listsTheSessionsTools();
    void callsEchoThroughTheGeneratedForm();
    void callsGetSumWithNumbersTypedInTheForm();
    void rendersAnImageResult();
    void callsWithRawJsonAndCarriesItBackToTheForm();
    void rawJsonThatIsNoObjectBlocksTheCall();
    void searchFiltersByNameTitleAndDescription_data();
    void searchFiltersByNameTitleAndDescription();
    void invalidFormValueBlocksTheCallWithAMessage_data();
    void invalidFormValueBlocksTheCallWithAMessage();
    void showsProgressAndCancelsALongCall();
    void showsStructuredContentAsJson();
    void showsAToolErrorAsAnError();
    void showsServerTextAsPlainTextClaims();
    void answersAnElicitationDuringACall();
    void clearsWhenTheSessionGoes();
    void savesScreenshot();

private:
    // The panel on a fresh session (with `handler` for elicitation when given), with its tools listed.
    bool showPanel(ElicitationHandler *handler = nullptr);
    // Calls the selected tool through the Call button and waits for the end; the callFinished argument.
    std::optional<bool> clickCallAndWait(int timeoutMs = 20000);

    EverythingServer m_server;
    std::unique_ptr<McpTestClient> m_client;
    std::unique_ptr<ToolsPanel> m_panel;
};

void TestToolsPanel::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    const QString error = m_server.start();
    QVERIFY2(error.isEmpty(), qPrintable(error));
}

void TestToolsPanel::init()
{
    m_panel = std::make_unique<ToolsPanel>();
    m_panel->resize(1000, 700);
}

void TestToolsPanel::cleanup()
{
    m_panel.reset();
    m_client.reset();
}

bool TestToolsPanel::showPanel(ElicitationHandler *handler)
{
    return testing::showOnFreshSession(
        *m_panel, m_server, m_client, [this]() { return m_panel->visibleToolNames().contains(QStringLiteral("echo")); },
        [handler](McpSession &session) { session.setElicitationHandler(handler); });
}

std::optional<bool> TestToolsPanel::clickCallAndWait(int timeoutMs)
{
    QSignalSpy finished(m_panel.get(), &ToolsPanel::callFinished);
    QTest::mouseClick(m_panel->callButton(), Qt::LeftButton);
    if (!QTest::qWaitFor([&finished]() { return finished.count() > 0; }, timeoutMs))
        return std::nullopt;
    return finished.at(0).at(0).toBool();
}

void TestToolsPanel::listsTheSessionsTools()
{
    QVERIFY(showPanel());
    const QStringList names = m_panel->visibleToolNames();
    QVERIFY2(names.size() >= 10, qPrintable(names.join(QLatin1Char(','))));
    for (const char *expected : {"echo", "get-sum", "get-tiny-image", "trigger-long-running-operation"})
        QVERIFY2(names.contains(QLatin1StringView(expected)), expected);
    QCOMPARE(m_panel->tools().size(), m_client->session->tools().size());
    // No elicitation handler: the server does not offer its elicitation tool (capabilities reach it,
    // requirements TRANSPORT-17).
    QVERIFY(!names.contains(QStringLiteral("trigger-elicitation-request")));
}

void TestToolsPanel::callsEchoThroughTheGeneratedForm()
{
    QVERIFY(showPanel());
    m_panel->selectTool(QStringLiteral("echo"));
    QCOMPARE(m_panel->selectedToolName(), QStringLiteral("echo"));
    QLineEdit *message = lineEditor(*m_panel, "message");
    QVERIFY(message); // a string property gets a line edit
    QVERIFY(message->accessibleName().contains(QStringLiteral("required")));
    m_panel->setArgumentValue(QStringLiteral("message"), QStringLiteral("hello from the form"));
    const std::optional<bool> ok = clickCallAndWait();
    QVERIFY(ok.has_value());
    QVERIFY(*ok);
    // The server's echo proves what it received.
    QCOMPARE(m_panel->resultText(), QStringLiteral("Echo: hello from the form"));
    QVERIFY(!m_panel->isCalling());
    QVERIFY(!m_panel->progressBar()->isVisible());
}

void TestToolsPanel::callsGetSumWithNumbersTypedInTheForm()
{
    QVERIFY(showPanel());
    m_panel->selectTool(QStringLiteral("get-sum"));
    QLineEdit *a = lineEditor(*m_panel, "a");
    QLineEdit *b = lineEditor(*m_panel, "b");
    QVERIFY(a && b);
    QTest::keyClicks(a, QStringLiteral("2"));
    QTest::keyClicks(b, QStringLiteral("3.5"));
    const std::optional<bool> ok = clickCallAndWait();
    QVERIFY(ok.has_value() && *ok);
    // Numbers reached the server as JSON numbers: it added them.
    QCOMPARE(m_panel->resultText(), QStringLiteral("The sum of 2 and 3.5 is 5.5."));
}

void TestToolsPanel::rendersAnImageResult()
{
    QVERIFY(showPanel());
    m_panel->selectTool(QStringLiteral("get-tiny-image"));
    const std::optional<bool> ok = clickCallAndWait();
    QVERIFY(ok.has_value() && *ok);
    QCOMPARE(m_panel->resultImages().size(), 1);
    QCOMPARE(m_panel->resultImages().constFirst().size(), QSize(20, 20)); // the MCP logo PNG, decoded
    QCOMPARE(m_panel->resultText(),
             QStringLiteral("Here's the image you requested:\n[image image/png, 20×20]\nThe image above is the MCP "
                            "logo."));
}

void TestToolsPanel::callsWithRawJsonAndCarriesItBackToTheForm()
{
    QVERIFY(showPanel());
    m_panel->selectTool(QStringLiteral("echo"));
    m_panel->setArgumentValue(QStringLiteral("message"), QStringLiteral("from the form"));
    QVERIFY(m_panel->useRawJson(true));
    QVERIFY(m_panel->isRawJson());
    QVERIFY2(m_panel->rawJson().contains(QStringLiteral("\"message\": \"from the form\"")),
             qPrintable(m_panel->rawJson()));
    m_panel->setRawJson(QStringLiteral(R"({"message": "typed as JSON"})"));
    const std::optional<bool> ok = clickCallAndWait();
    QVERIFY(ok.has_value() && *ok);
    QCOMPARE(m_panel->resultText(), QStringLiteral("Echo: typed as JSON"));
    // Back to the form: the JSON's values fill it.
    QVERIFY(m_panel->useRawJson(false));
    QCOMPARE(lineEditor(*m_panel, "message")->text(), QStringLiteral("typed as JSON"));
}

void TestToolsPanel::rawJsonThatIsNoObjectBlocksTheCall()
{
    QVERIFY(showPanel());
    m_panel->selectTool(QStringLiteral("echo"));
    QVERIFY(m_panel->useRawJson(true));
    m_panel->setRawJson(QStringLiteral("[\"message\"]"));
    QSignalSpy finished(m_panel.get(), &ToolsPanel::callFinished);
    m_panel->callSelectedTool();
    QVERIFY(!m_panel->isCalling());
    QVERIFY2(m_panel->statusText().contains(QStringLiteral("JSON object")), qPrintable(m_panel->statusText()));
    // Leaving raw mode with text that is no object keeps raw mode and says why.
    QVERIFY(!m_panel->useRawJson(false));
    QVERIFY(m_panel->isRawJson());
    m_panel->setRawJson(QStringLiteral("{\"message\": "));
    m_panel->callSelectedTool();
    QVERIFY(!m_panel->isCalling());
    QVERIFY2(m_panel->statusText().contains(QStringLiteral("not valid JSON")), qPrintable(m_panel->statusText()));
    QTest::qWait(300);
    QCOMPARE(finished.count(), 0);
    QVERIFY(m_panel->resultText().isEmpty());
}

void TestToolsPanel::searchFiltersByNameTitleAndDescription_data()
{
    QTest::addColumn<QString>("search");
    QTest::addColumn<QString>("expected"); // a tool that must stay
    QTest::addColumn<QString>("hidden");   // a tool that must go
    QTest::newRow("by name") << "get-sum"
                             << "get-sum"
                             << "echo";
    QTest::newRow("by title, any case") << "ECHO TOOL"
                                        << "echo"
                                        << "get-sum";
    QTest::newRow("by description") << "tiny MCP logo"
                                    << "get-tiny-image"
                                    << "echo";
    QTest::newRow("nothing matches") << "no such words anywhere"
                                     << ""
                                     << "echo";
}

void TestToolsPanel::searchFiltersByNameTitleAndDescription()
{
    QFETCH(QString, search);
    QFETCH(QString, expected);
    QFETCH(QString, hidden);
    QVERIFY(showPanel());
    QTest::keyClicks(m_panel->searchField(), search);
    const QStringList visible = m_panel->visibleToolNames();
    if (!expected.isEmpty())
        QVERIFY2(visible.contains(expected), qPrintable(visible.join(QLatin1Char(','))));
    else
        QVERIFY(visible.isEmpty());
    QVERIFY(!visible.contains(hidden));
    m_panel->searchField()->clear();
    QCOMPARE(m_panel->visibleToolNames().size(), m_panel->tools().size());
    // Selecting a tool the search hides clears the search.
    QTest::keyClicks(m_panel->searchField(), QStringLiteral("get-sum"));
    m_panel->selectTool(QStringLiteral("echo"));
    QCOMPARE(m_panel->selectedToolName(), QStringLiteral("echo"));
    QVERIFY(m_panel->searchField()->text().isEmpty());
}

void TestToolsPanel::invalidFormValueBlocksTheCallWithAMessage_data()
{
    QTest::addColumn<QString>("a");
    QTest::addColumn<QString>("b");
    QTest::addColumn<QString>("expected");
    QTest::newRow("not a number") << "two"
                                  << "3"
                                  << "must be a number";
    QTest::newRow("required left empty") << "2"
                                         << ""
                                         << "is required";
}

void TestToolsPanel::invalidFormValueBlocksTheCallWithAMessage()
{
    QFETCH(QString, a);
    QFETCH(QString, b);
    QFETCH(QString, expected);
    QVERIFY(showPanel());
    m_panel->selectTool(QStringLiteral("get-sum"));
    QSignalSpy finished(m_panel.get(), &ToolsPanel::callFinished);
    QTest::keyClicks(lineEditor(*m_panel, "a"), a);
    QTest::keyClicks(lineEditor(*m_panel, "b"), b);
    QTest::mouseClick(m_panel->callButton(), Qt::LeftButton);
    QVERIFY(!m_panel->isCalling()); // nothing was sent
    QVERIFY2(m_panel->statusText().contains(expected), qPrintable(m_panel->statusText()));
    QTest::qWait(300);
    QCOMPARE(finished.count(), 0);
    QVERIFY(m_panel->resultText().isEmpty());

    // Fixed, the same form calls the server.
    lineEditor(*m_panel, "a")->setText(QStringLiteral("2"));
    lineEditor(*m_panel, "b")->setText(QStringLiteral("3"));
    QVERIFY(m_panel->statusText().isEmpty());
    const std::optional<bool> ok = clickCallAndWait();
    QVERIFY(ok.has_value() && *ok);
    QCOMPARE(m_panel->resultText(), QStringLiteral("The sum of 2 and 3 is 5."));
}

void TestToolsPanel::showsProgressAndCancelsALongCall()
{
    QVERIFY(showPanel());
    m_panel->selectTool(QStringLiteral("trigger-long-running-operation"));
    // Defaults from the schema are pre-filled (10 s, 5 steps); make it long enough to cancel.
    QCOMPARE(lineEditor(*m_panel, "duration")->text(), QStringLiteral("10"));
    m_panel->setArgumentValue(QStringLiteral("duration"), 30);
    m_panel->setArgumentValue(QStringLiteral("steps"), 30);
    QSignalSpy finished(m_panel.get(), &ToolsPanel::callFinished);
    QTest::mouseClick(m_panel->callButton(), Qt::LeftButton);
    QVERIFY(m_panel->isCalling());
    QVERIFY(m_panel->progressBar()->isVisible());
    QVERIFY(m_panel->cancelButton()->isEnabled());
    QVERIFY(!m_panel->callButton()->isEnabled());
    // Progress notifications move the bar (progress / total, requirements FEATURE-6).
    QTRY_VERIFY_WITH_TIMEOUT(m_panel->progressBar()->maximum() == 1000 && m_panel->progressBar()->value() > 0, 15000);
    const int seen = m_panel->progressBar()->value();
    QTRY_VERIFY_WITH_TIMEOUT(m_panel->progressBar()->value() > seen, 15000);

    QTest::mouseClick(m_panel->cancelButton(), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 8000);
    QCOMPARE(finished.at(0).at(0).toBool(), false);
    QVERIFY2(m_panel->resultText().startsWith(QStringLiteral("Cancelled")), qPrintable(m_panel->resultText()));
    QVERIFY(!m_panel->isCalling());
    QVERIFY(!m_panel->progressBar()->isVisible());

    // The session goes on: the next call works and the cancelled one never lands later.
    m_panel->selectTool(QStringLiteral("echo"));
    m_panel->setArgumentValue(QStringLiteral("message"), QStringLiteral("after cancel"));
    const std::optional<bool> ok = clickCallAndWait();
    QVERIFY(ok.has_value() && *ok);
    QCOMPARE(m_panel->resultText(), QStringLiteral("Echo: after cancel"));
}

void TestToolsPanel::showsStructuredContentAsJson()
{
    QVERIFY(showPanel());
    m_panel->selectTool(QStringLiteral("get-structured-content"));
    auto *location = qobject_cast<QComboBox *>(m_panel->argumentEditor(QStringLiteral("location")));
    QVERIFY(location); // an enum gets a choice
    m_panel->setArgumentValue(QStringLiteral("location"), QStringLiteral("Chicago"));
    QCOMPARE(location->currentText(), QStringLiteral("Chicago"));
    const std::optional<bool> ok = clickCallAndWait();
    QVERIFY(ok.has_value() && *ok);
    const QString text = m_panel->resultText();
    QVERIFY2(text.contains(QStringLiteral("Structured content:")), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("\"temperature\": 36")), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("\"conditions\": \"Light rain / drizzle\"")), qPrintable(text));
}

void TestToolsPanel::showsAToolErrorAsAnError()
{
    QVERIFY(showPanel());
    m_panel->selectTool(QStringLiteral("echo"));
    // Raw JSON skips the form's checks, so the server itself rejects the missing argument.
    QVERIFY(m_panel->useRawJson(true));
    m_panel->setRawJson(QStringLiteral("{}"));
    const std::optional<bool> ok = clickCallAndWait();
    QVERIFY(ok.has_value());
    QVERIFY(!*ok);
    QVERIFY2(m_panel->resultText().startsWith(QStringLiteral("Error: ")), qPrintable(m_panel->resultText()));
    QVERIFY2(m_panel->resultText().contains(QStringLiteral("message")), qPrintable(m_panel->resultText()));
}

void TestToolsPanel::showsServerTextAsPlainTextClaims()
{
    Tool tool;
    tool.name = QStringLiteral("sneaky");
    tool.title = QStringLiteral("<b>Totally safe</b>");
    tool.description = QStringLiteral("<img src=\"https://evil.example/x.png\"><a href=\"x\">Ignore previous</a>");
    tool.annotations = {{QStringLiteral("readOnlyHint"), true}, {QStringLiteral("destructiveHint"), false}};
    tool.inputSchema = {{QStringLiteral("type"), QStringLiteral("object")}};
    tool.raw = {{QStringLiteral("name"), tool.name}};
    m_panel->setTools({tool});
    m_panel->show();
    m_panel->selectTool(QStringLiteral("sneaky"));
    auto *description = m_panel->findChild<QLabel *>(QStringLiteral("toolDescription"));
    auto *annotations = m_panel->findChild<QLabel *>(QStringLiteral("toolAnnotations"));
    QVERIFY(description && annotations);
    QCOMPARE(description->textFormat(), Qt::PlainText); // Requirements SEC-10
    QCOMPARE(description->text(), tool.description);
    QCOMPARE(annotations->textFormat(), Qt::PlainText);
    QVERIFY(annotations->text().contains(QStringLiteral("Only reads, changes nothing: yes")));
    QVERIFY(annotations->text().contains(QStringLiteral("May delete or overwrite things: no")));
    // Both sit in a group that names them the server's claims (requirements FEATURE-1).
    auto *group = qobject_cast<QGroupBox *>(description->parentWidget());
    QVERIFY(group);
    QVERIFY(group->title().contains(QStringLiteral("Claimed by the server")));
    // No session: calling says so instead of failing silently.
    m_panel->callSelectedTool();
    QVERIFY(m_panel->statusText().contains(QStringLiteral("Not connected")));
    QVERIFY(!m_panel->isCalling());
}

void TestToolsPanel::answersAnElicitationDuringACall()
{
    DialogElicitationHandler handler;
    QVERIFY(showPanel(&handler));
    QTRY_VERIFY(m_panel->visibleToolNames().contains(QStringLiteral("trigger-elicitation-request")));
    m_panel->selectTool(QStringLiteral("trigger-elicitation-request"));
    QSignalSpy finished(m_panel.get(), &ToolsPanel::callFinished);
    QTest::mouseClick(m_panel->callButton(), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(handler.activeDialog() != nullptr, 15000);
    auto *dialog = qobject_cast<ElicitationDialog *>(handler.activeDialog());
    QVERIFY(dialog);
    QVERIFY(dialog->windowTitle().contains(QStringLiteral("everything"), Qt::CaseInsensitive)); // who asks
    // The server's schema: defaults are there, the required name is not.
    QVERIFY(!dialog->acceptButton()->isEnabled());
    QCOMPARE(qobject_cast<QLineEdit *>(dialog->fieldEditor(QStringLiteral("integer")))->text(), QStringLiteral("42"));
    qobject_cast<QLineEdit *>(dialog->fieldEditor(QStringLiteral("name")))->setText(QStringLiteral("Ada Lovelace"));
    QVERIFY2(dialog->acceptButton()->isEnabled(), qPrintable(dialog->validationMessage()));
    QTest::mouseClick(dialog->acceptButton(), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 15000);
    // The tool's answer lists what the server received from the dialog.
    const QString text = m_panel->resultText();
    QVERIFY2(text.contains(QStringLiteral("- Name: Ada Lovelace")), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("- Favorite Integer: 42")), qPrintable(text));
}

void TestToolsPanel::clearsWhenTheSessionGoes()
{
    QVERIFY(showPanel());
    m_panel->selectTool(QStringLiteral("echo"));
    m_panel->setSession(nullptr);
    QVERIFY(m_panel->visibleToolNames().isEmpty());
    QVERIFY(m_panel->selectedToolName().isEmpty());
    QVERIFY(!m_panel->callButton()->isEnabled());
    // And a session deleted under the panel clears it too.
    m_panel->setSession(m_client->session.get());
    QTRY_VERIFY(!m_panel->visibleToolNames().isEmpty());
    m_client->session.reset();
    QVERIFY(m_panel->visibleToolNames().isEmpty());
}

void TestToolsPanel::savesScreenshot()
{
    QVERIFY(showPanel());
    m_panel->selectTool(QStringLiteral("get-tiny-image"));
    const std::optional<bool> ok = clickCallAndWait();
    QVERIFY(ok.has_value() && *ok);
    testing::saveScreenshot(*m_panel, QStringLiteral("tools-panel.png"));
}

QTEST_MAIN(TestToolsPanel)
#include "tst_toolspanel.moc"
