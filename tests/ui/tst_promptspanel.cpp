// The Prompts panel against the MCP reference server (server-everything from tests/peers, Streamable HTTP),
// offscreen (requirements UI-7): the list comes from a real McpSession and matches what the server lists; a prompt
// without arguments; a prompt with a required argument (missing: blocked with a message and nothing sent;
// filled: the messages show what the server received, an empty optional argument left out); an embedded
// resource summarised; a server error shown as an error; server text as plain text (requirements SEC-10). Saves a
// screenshot.

#include "awaitresult.h"
#include "catalog/promptspanel.h"
#include "catalogpanelsession.h"
#include "mcp/mcpsession.h"
#include "screenshot.h"

#include <QBuffer>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>

#include <memory>
#include <optional>

using namespace portico;
using portico::testing::await;
using portico::testing::EverythingServer;
using portico::testing::McpTestClient;

class TestPromptsPanel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void listsTheServersPrompts();
    void getsAPromptWithoutArguments();
    void missingRequiredArgumentBlocksTheRequest();
    void filledArgumentsReachTheServer();
    void emptyOptionalArgumentIsLeftOut();
    void summarisesAnEmbeddedResource();
    void showsAServerErrorAsAnError();
    void summarisesImagesInMessages();
    void showsServerTextAsPlainText();
    void clearsWhenTheSessionGoes();
    void savesScreenshot();

private:
    // The panel on a fresh session, with the server's prompts listed.
    bool showPanel();
    std::optional<bool> clickGetAndWait(int timeoutMs = 20000);

    EverythingServer m_server;
    std::unique_ptr<McpTestClient> m_client;
    std::unique_ptr<PromptsPanel> m_panel;
};

void TestPromptsPanel::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    const QString error = m_server.start();
    QVERIFY2(error.isEmpty(), qPrintable(error));
}

void TestPromptsPanel::init()
{
    m_panel = std::make_unique<PromptsPanel>();
    m_panel->resize(1000, 700);
}

void TestPromptsPanel::cleanup()
{
    m_panel.reset();
    m_client.reset();
}

bool TestPromptsPanel::showPanel()
{
    return testing::showOnFreshSession(*m_panel, m_server, m_client, [this]() {
        return m_panel->promptNames().contains(QStringLiteral("args-prompt"));
    });
}

std::optional<bool> TestPromptsPanel::clickGetAndWait(int timeoutMs)
{
    QSignalSpy finished(m_panel.get(), &PromptsPanel::getFinished);
    QTest::mouseClick(m_panel->getButton(), Qt::LeftButton);
    if (!finished.wait(timeoutMs) && finished.isEmpty())
        return std::nullopt;
    return finished.first().at(0).toBool();
}

void TestPromptsPanel::listsTheServersPrompts()
{
    QVERIFY(showPanel());
    const auto listed = await<QList<Prompt>>(
        [this](QObject *context, auto done) { m_client->session->listPrompts(context, done); }, 20000);
    QVERIFY(listed && listed->ok());
    QStringList expected;
    for (const Prompt &prompt : listed->value())
        expected.append(prompt.name);
    QCOMPARE(m_panel->promptNames(), expected);
    QVERIFY(expected.contains(QStringLiteral("simple-prompt")));
}

void TestPromptsPanel::getsAPromptWithoutArguments()
{
    QVERIFY(showPanel());
    m_panel->selectPrompt(QStringLiteral("simple-prompt"));
    QCOMPARE(m_panel->selectedPromptName(), QStringLiteral("simple-prompt"));
    const std::optional<bool> ok = clickGetAndWait();
    QVERIFY(ok.has_value() && *ok);
    QVERIFY2(m_panel->messagesText().contains(QStringLiteral("user: This is a simple prompt without arguments.")),
             qPrintable(m_panel->messagesText()));
}

void TestPromptsPanel::missingRequiredArgumentBlocksTheRequest()
{
    QVERIFY(showPanel());
    m_panel->selectPrompt(QStringLiteral("args-prompt"));
    QLineEdit *city = m_panel->argumentEditor(QStringLiteral("city"));
    QVERIFY(city);
    QVERIFY(city->accessibleName().contains(QStringLiteral("required")));
    QSignalSpy finished(m_panel.get(), &PromptsPanel::getFinished);
    QTest::mouseClick(m_panel->getButton(), Qt::LeftButton);
    // Blocked before anything is sent: a message naming the argument, no answer ever arrives.
    QVERIFY2(m_panel->statusText().contains(QStringLiteral("city")), qPrintable(m_panel->statusText()));
    QTest::qWait(300);
    QCOMPARE(finished.count(), 0);
    QVERIFY(m_panel->messagesText().isEmpty());
    // Typing the value clears the message, and the request goes through.
    QTest::keyClicks(city, QStringLiteral("Lyon"));
    QVERIFY(m_panel->statusText().isEmpty());
    const std::optional<bool> ok = clickGetAndWait();
    QVERIFY(ok.has_value() && *ok);
    QVERIFY(m_panel->messagesText().contains(QStringLiteral("Lyon")));
}

void TestPromptsPanel::filledArgumentsReachTheServer()
{
    QVERIFY(showPanel());
    m_panel->selectPrompt(QStringLiteral("args-prompt"));
    m_panel->setArgumentValue(QStringLiteral("city"), QStringLiteral("Paris"));
    m_panel->setArgumentValue(QStringLiteral("state"), QStringLiteral("Texas"));
    const std::optional<bool> ok = clickGetAndWait();
    QVERIFY(ok.has_value() && *ok);
    // The server builds the text from both arguments: it received them.
    QCOMPARE(m_panel->messagesText(), QStringLiteral("user: What's weather in Paris, Texas?"));
}

void TestPromptsPanel::emptyOptionalArgumentIsLeftOut()
{
    QVERIFY(showPanel());
    m_panel->selectPrompt(QStringLiteral("args-prompt"));
    m_panel->setArgumentValue(QStringLiteral("city"), QStringLiteral("Berlin"));
    const std::optional<bool> ok = clickGetAndWait();
    QVERIFY(ok.has_value() && *ok);
    // Sent as "" the server would write "Berlin, "; left out it writes just the city.
    QCOMPARE(m_panel->messagesText(), QStringLiteral("user: What's weather in Berlin?"));
}

void TestPromptsPanel::summarisesAnEmbeddedResource()
{
    QVERIFY(showPanel());
    m_panel->selectPrompt(QStringLiteral("resource-prompt"));
    m_panel->setArgumentValue(QStringLiteral("resourceType"), QStringLiteral("Text"));
    m_panel->setArgumentValue(QStringLiteral("resourceId"), QStringLiteral("2"));
    const std::optional<bool> ok = clickGetAndWait();
    QVERIFY(ok.has_value() && *ok);
    const QString text = m_panel->messagesText();
    QVERIFY2(text.contains(QStringLiteral("user: [resource demo://resource/dynamic/text/2]")), qPrintable(text));
    QVERIFY(text.contains(QStringLiteral("Resource 2: This is a plaintext resource")));

    m_panel->setArgumentValue(QStringLiteral("resourceType"), QStringLiteral("Blob"));
    const std::optional<bool> blob = clickGetAndWait();
    QVERIFY(blob.has_value() && *blob);
    QVERIFY2(m_panel->messagesText().contains(QStringLiteral("[resource demo://resource/dynamic/blob/2: binary, ")),
             qPrintable(m_panel->messagesText()));
}

void TestPromptsPanel::showsAServerErrorAsAnError()
{
    QVERIFY(showPanel());
    m_panel->selectPrompt(QStringLiteral("resource-prompt"));
    m_panel->setArgumentValue(QStringLiteral("resourceType"), QStringLiteral("Nonsense"));
    m_panel->setArgumentValue(QStringLiteral("resourceId"), QStringLiteral("1"));
    const std::optional<bool> ok = clickGetAndWait();
    QVERIFY(ok.has_value());
    QVERIFY(!*ok);
    QVERIFY2(m_panel->messagesText().startsWith(QStringLiteral("Error: ")), qPrintable(m_panel->messagesText()));
    QVERIFY(m_panel->getButton()->isEnabled());
}

void TestPromptsPanel::summarisesImagesInMessages()
{
    QImage image(5, 3, QImage::Format_RGB32);
    image.fill(Qt::blue);
    QByteArray png;
    QBuffer buffer(&png);
    buffer.open(QIODevice::WriteOnly);
    QVERIFY(image.save(&buffer, "PNG"));
    m_panel->showGetResult(QJsonObject{
        {QStringLiteral("messages"),
         QJsonArray{QJsonObject{{QStringLiteral("role"), QStringLiteral("assistant")},
                                {QStringLiteral("content"),
                                 QJsonObject{{QStringLiteral("type"), QStringLiteral("image")},
                                             {QStringLiteral("mimeType"), QStringLiteral("image/png")},
                                             {QStringLiteral("data"), QString::fromLatin1(png.toBase64())}}}}}}});
    QCOMPARE(m_panel->messagesText(), QStringLiteral("assistant: [image image/png, 5×3]"));
    QCOMPARE(m_panel->messageImages().size(), 1);
}

void TestPromptsPanel::showsServerTextAsPlainText()
{
    Prompt prompt;
    prompt.name = QStringLiteral("tricky");
    prompt.description = QStringLiteral("<img src=x><a href='https://evil.example'>click</a>");
    prompt.arguments = {PromptArgument{QStringLiteral("a&b"), QStringLiteral("<b>hint</b>"), true}};
    m_panel->setPrompts({prompt});
    m_panel->selectPrompt(prompt.name);
    auto *description = m_panel->findChild<QLabel *>(QStringLiteral("promptDescription"));
    QVERIFY(description);
    QCOMPARE(description->textFormat(), Qt::PlainText);
    QCOMPARE(description->text(), prompt.description);
    QVERIFY(m_panel->argumentEditor(QStringLiteral("a&b")));
    m_panel->showGetResult(
        QJsonObject{{QStringLiteral("messages"),
                     QJsonArray{QJsonObject{
                         {QStringLiteral("role"), QStringLiteral("user")},
                         {QStringLiteral("content"), QJsonObject{{QStringLiteral("type"), QStringLiteral("text")},
                                                                 {QStringLiteral("text"), prompt.description}}}}}}});
    QCOMPARE(m_panel->messagesText(), QStringLiteral("user: ") + prompt.description);
}

void TestPromptsPanel::clearsWhenTheSessionGoes()
{
    QVERIFY(showPanel());
    m_panel->setSession(nullptr);
    QVERIFY(m_panel->promptNames().isEmpty());
    QVERIFY(!m_panel->getButton()->isEnabled());
}

void TestPromptsPanel::savesScreenshot()
{
    QVERIFY(showPanel());
    m_panel->selectPrompt(QStringLiteral("args-prompt"));
    m_panel->setArgumentValue(QStringLiteral("city"), QStringLiteral("Paris"));
    const std::optional<bool> ok = clickGetAndWait();
    QVERIFY(ok.has_value() && *ok);
    testing::saveScreenshot(*m_panel, QStringLiteral("prompts-panel.png"));
}

QTEST_MAIN(TestPromptsPanel)
#include "tst_promptspanel.moc"
