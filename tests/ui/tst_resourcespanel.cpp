// The Resources panel against the MCP reference server (server-everything from tests/peers, Streamable
// HTTP), offscreen (issue 5 §7): the lists come from a real McpSession and match what the server lists; a
// static text resource is read and shown as text; the dynamic blob and text templates are expanded with an
// argument (RFC 6570) and read, the server's answer showing which URI it received; a missing template
// variable blocks the read; an image blob gets a preview; server text stays plain text (C11). Saves a
// screenshot of the panel.

#include "mcp/mcpsession.h"
#include "mcp/streamablehttptransport.h"
#include "net/httpclient.h"
#include "peerprocess.h"
#include "resources/resourcespanel.h"

#include <QBuffer>
#include <QDir>
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
using portico::testing::PeerProcess;

namespace {

const QString kServerScript = QStringLiteral("node_modules/@modelcontextprotocol/server-everything/dist/index.js");
const QString kBlobTemplate = QStringLiteral("demo://resource/dynamic/blob/{resourceId}");
const QString kTextTemplate = QStringLiteral("demo://resource/dynamic/text/{resourceId}");

struct Client
{
    std::unique_ptr<HttpClient> http = std::make_unique<HttpClient>();
    std::unique_ptr<Transport> transport;
    std::unique_ptr<McpSession> session;
};

} // namespace

class TestResourcesPanel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void expandsUriTemplates_data();
    void expandsUriTemplates();
    void missingTemplateVariableIsReported();
    void listsTheServersResourcesAndTemplates();
    void readsATextResourceAsText();
    void readsABlobThroughATemplateAsBinarySummary();
    void readsATextTemplateWithAnArgument();
    void missingTemplateArgumentBlocksTheRead();
    void previewsAnImageBlob();
    void showsServerTextAsPlainTextClaims();
    void clearsWhenTheSessionGoes();
    void savesScreenshot();

private:
    std::unique_ptr<Client> connectClient();
    bool showPanel();
    std::optional<bool> waitForRead(QSignalSpy &spy, int timeoutMs = 20000);
    // What the server returns when read directly, without the panel.
    QJsonObject readDirectly(const QString &uri);

    PeerProcess m_server;
    std::unique_ptr<Client> m_client;
    std::unique_ptr<ResourcesPanel> m_panel;
};

void TestResourcesPanel::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    const QString error =
        m_server.start(kServerScript, {QStringLiteral("streamableHttp")}, PeerProcess::freeLoopbackPort());
    QVERIFY2(error.isEmpty(), qPrintable(error));
}

void TestResourcesPanel::init()
{
    m_panel = std::make_unique<ResourcesPanel>();
    m_panel->resize(1000, 700);
}

void TestResourcesPanel::cleanup()
{
    m_panel.reset();
    m_client.reset();
}

std::unique_ptr<Client> TestResourcesPanel::connectClient()
{
    auto client = std::make_unique<Client>();
    client->transport = std::make_unique<StreamableHttpTransport>(
        client->http.get(), QUrl(QStringLiteral("http://127.0.0.1:%1/mcp").arg(m_server.port())));
    client->session = std::make_unique<McpSession>(client->transport.get());
    QObject context;
    std::optional<Result<void>> started;
    client->session->start(&context, [&started](Result<void> result) { started.emplace(std::move(result)); });
    if (!QTest::qWaitFor([&started]() { return started.has_value(); }, 30000) || !started->ok()) {
        qWarning("start failed: %s", started ? qPrintable(started->error().toString()) : "no answer");
        return nullptr;
    }
    return client;
}

bool TestResourcesPanel::showPanel()
{
    m_client = connectClient();
    if (!m_client)
        return false;
    m_panel->setSession(m_client->session.get());
    m_panel->show();
    if (!QTest::qWaitForWindowExposed(m_panel.get()))
        return false;
    return QTest::qWaitFor([this]() { return m_panel->templateUris().contains(kBlobTemplate); }, 20000);
}

std::optional<bool> TestResourcesPanel::waitForRead(QSignalSpy &spy, int timeoutMs)
{
    if (!spy.wait(timeoutMs) && spy.isEmpty())
        return std::nullopt;
    return spy.takeFirst().at(0).toBool();
}

QJsonObject TestResourcesPanel::readDirectly(const QString &uri)
{
    QObject context;
    std::optional<Result<QJsonObject>> read;
    m_client->session->readResource(uri, &context,
                                    [&read](Result<QJsonObject> result) { read.emplace(std::move(result)); });
    if (!QTest::qWaitFor([&read]() { return read.has_value(); }, 20000) || !read->ok())
        return {};
    return read->value();
}

void TestResourcesPanel::expandsUriTemplates_data()
{
    QTest::addColumn<QString>("uriTemplate");
    QTest::addColumn<QString>("expected");
    // RFC 6570 §3.2: simple expansion encodes reserved characters, {+var} keeps them.
    QTest::newRow("simple") << QStringLiteral("demo://x/{var}") << QStringLiteral("demo://x/a%20b%2Fc");
    QTest::newRow("reserved") << QStringLiteral("demo://x/{+var}") << QStringLiteral("demo://x/a%20b/c");
    QTest::newRow("two in one") << QStringLiteral("demo://x/{var,id}") << QStringLiteral("demo://x/a%20b%2Fc,7");
    QTest::newRow("path segments") << QStringLiteral("demo://x{/id,id}") << QStringLiteral("demo://x/7/7");
    QTest::newRow("query, unset left out") << QStringLiteral("demo://x{?id,unset}") << QStringLiteral("demo://x?id=7");
    QTest::newRow("continuation") << QStringLiteral("demo://x?a=1{&id}") << QStringLiteral("demo://x?a=1&id=7");
    QTest::newRow("prefix") << QStringLiteral("demo://x/{word:3}") << QStringLiteral("demo://x/hel");
    QTest::newRow("utf-8") << QStringLiteral("demo://x/{uni}") << QStringLiteral("demo://x/%C3%A9");
    QTest::newRow("no variables") << QStringLiteral("demo://x/fixed") << QStringLiteral("demo://x/fixed");
}

void TestResourcesPanel::expandsUriTemplates()
{
    QFETCH(QString, uriTemplate);
    QFETCH(QString, expected);
    const QHash<QString, QString> values{{QStringLiteral("var"), QStringLiteral("a b/c")},
                                         {QStringLiteral("id"), QStringLiteral("7")},
                                         {QStringLiteral("word"), QStringLiteral("hello")},
                                         {QStringLiteral("uni"), QStringLiteral("\u00e9")}};
    QString problem;
    const std::optional<QString> uri = ResourcesPanel::expandUriTemplate(uriTemplate, values, &problem);
    QVERIFY2(uri.has_value(), qPrintable(problem));
    QCOMPARE(*uri, expected);
}

void TestResourcesPanel::missingTemplateVariableIsReported()
{
    QString problem;
    QVERIFY(!ResourcesPanel::expandUriTemplate(kBlobTemplate, {}, &problem).has_value());
    QVERIFY2(problem.contains(QStringLiteral("resourceId")), qPrintable(problem));
    QVERIFY(!ResourcesPanel::expandUriTemplate(QStringLiteral("demo://x/{id"), {}, &problem).has_value());
    QCOMPARE(ResourcesPanel::templateVariables(QStringLiteral("a{/x,y}{?z}{x}")),
             (QStringList{QStringLiteral("x"), QStringLiteral("y"), QStringLiteral("z")}));
}

void TestResourcesPanel::listsTheServersResourcesAndTemplates()
{
    QVERIFY(showPanel());
    // What the server lists, asked directly (discovered at run time, not hard-coded).
    QObject context;
    std::optional<Result<QList<Resource>>> listed;
    m_client->session->listResources(&context,
                                     [&listed](Result<QList<Resource>> result) { listed.emplace(std::move(result)); });
    QTRY_VERIFY_WITH_TIMEOUT(listed.has_value(), 20000);
    QVERIFY(listed->ok());
    QStringList expected;
    for (const Resource &resource : listed->value())
        expected.append(resource.uri);
    QVERIFY(!expected.isEmpty());
    QCOMPARE(m_panel->resourceUris(), expected);
    QVERIFY(std::any_of(expected.cbegin(), expected.cend(), [](const QString &uri) {
        return uri.startsWith(QLatin1StringView("demo://resource/static/document/"));
    }));
    QVERIFY(m_panel->templateUris().contains(kTextTemplate));
    QVERIFY(m_panel->templateUris().contains(kBlobTemplate));
}

void TestResourcesPanel::readsATextResourceAsText()
{
    QVERIFY(showPanel());
    QString uri;
    for (const QString &candidate : m_panel->resourceUris()) {
        if (candidate.startsWith(QLatin1StringView("demo://resource/static/document/"))) {
            uri = candidate;
            break;
        }
    }
    QVERIFY(!uri.isEmpty());
    const QJsonObject direct = readDirectly(uri);
    const QString text =
        direct.value(QStringLiteral("contents")).toArray().at(0).toObject().value(QStringLiteral("text")).toString();
    QVERIFY(!text.isEmpty());

    QSignalSpy finished(m_panel.get(), &ResourcesPanel::readFinished);
    m_panel->selectResource(uri);
    QTest::mouseClick(m_panel->readButton(), Qt::LeftButton);
    const std::optional<bool> ok = waitForRead(finished);
    QVERIFY(ok.has_value() && *ok);
    QVERIFY2(m_panel->contentText().contains(uri), qPrintable(m_panel->contentText().left(300)));
    QVERIFY(m_panel->contentText().contains(QStringLiteral("text, ")));
    QVERIFY(m_panel->contentText().contains(text.trimmed().left(200)));
    QVERIFY(!m_panel->contentText().contains(QStringLiteral("binary")));
}

void TestResourcesPanel::readsABlobThroughATemplateAsBinarySummary()
{
    QVERIFY(showPanel());
    QSignalSpy finished(m_panel.get(), &ResourcesPanel::readFinished);
    m_panel->setTemplateArgument(QStringLiteral("resourceId"), QStringLiteral("7"));
    m_panel->readTemplate(kBlobTemplate);
    const std::optional<bool> ok = waitForRead(finished);
    QVERIFY(ok.has_value() && *ok);
    const QString content = m_panel->contentText();
    // The server echoes the URI it was asked for and puts the id in the blob: it received the expansion.
    QVERIFY2(content.contains(QStringLiteral("demo://resource/dynamic/blob/7 (binary, ")), qPrintable(content));
    QVERIFY(content.contains(QStringLiteral("bytes, text/plain)")));
    // "Resource 7:" as hex, from the decoded bytes.
    QVERIFY2(content.contains(QStringLiteral("52 65 73 6f 75 72 63 65 20 37 3a")), qPrintable(content));
    QVERIFY(m_panel->contentImages().isEmpty());
    // The form shows the variable with the value used.
    QVERIFY(m_panel->templateEditor(QStringLiteral("resourceId")));
    QCOMPARE(m_panel->templateEditor(QStringLiteral("resourceId"))->text(), QStringLiteral("7"));
}

void TestResourcesPanel::readsATextTemplateWithAnArgument()
{
    QVERIFY(showPanel());
    QSignalSpy finished(m_panel.get(), &ResourcesPanel::readFinished);
    m_panel->selectTemplate(kTextTemplate);
    QLineEdit *editor = m_panel->templateEditor(QStringLiteral("resourceId"));
    QVERIFY(editor);
    QVERIFY(!editor->accessibleName().isEmpty());
    // Typed as a person would, then Enter.
    editor->clear();
    QTest::keyClicks(editor, QStringLiteral("3"));
    QTest::keyClick(editor, Qt::Key_Return);
    const std::optional<bool> ok = waitForRead(finished);
    QVERIFY(ok.has_value() && *ok);
    QVERIFY2(m_panel->contentText().contains(QStringLiteral("demo://resource/dynamic/text/3 (text, text/plain)")),
             qPrintable(m_panel->contentText()));
    QVERIFY(m_panel->contentText().contains(QStringLiteral("Resource 3: This is a plaintext resource")));
}

void TestResourcesPanel::missingTemplateArgumentBlocksTheRead()
{
    QVERIFY(showPanel());
    QSignalSpy finished(m_panel.get(), &ResourcesPanel::readFinished);
    m_panel->readTemplate(kTextTemplate);
    QVERIFY2(m_panel->statusText().contains(QStringLiteral("resourceId")), qPrintable(m_panel->statusText()));
    QTest::qWait(300);
    QCOMPARE(finished.count(), 0);
    QVERIFY(m_panel->contentText().isEmpty());
}

void TestResourcesPanel::previewsAnImageBlob()
{
    QImage image(6, 4, QImage::Format_RGB32);
    image.fill(Qt::red);
    QByteArray png;
    QBuffer buffer(&png);
    buffer.open(QIODevice::WriteOnly);
    QVERIFY(image.save(&buffer, "PNG"));
    const QJsonObject result{{QStringLiteral("contents"),
                              QJsonArray{QJsonObject{{QStringLiteral("uri"), QStringLiteral("demo://image")},
                                                     {QStringLiteral("mimeType"), QStringLiteral("image/png")},
                                                     {QStringLiteral("blob"), QString::fromLatin1(png.toBase64())}}}}};
    m_panel->showReadResult(result);
    QCOMPARE(m_panel->contentImages().size(), 1);
    QCOMPARE(m_panel->contentImages().first().size(), QSize(6, 4));
    QVERIFY(m_panel->contentText().contains(QStringLiteral("binary, %1 bytes, image/png").arg(png.size())));
    QVERIFY(m_panel->contentText().contains(QStringLiteral("[image 6×4]")));
    QVERIFY(m_panel->contentText().contains(QStringLiteral("89 50 4e 47"))); // the PNG signature
}

void TestResourcesPanel::showsServerTextAsPlainTextClaims()
{
    Resource resource;
    resource.uri = QStringLiteral("demo://tricky");
    resource.name = QStringLiteral("<b>bold</b>");
    resource.description = QStringLiteral("<img src=x><a href='https://evil.example'>click</a>");
    resource.mimeType = QStringLiteral("text/plain");
    m_panel->setResources({resource}, {});
    m_panel->selectResource(resource.uri);
    auto *description = m_panel->findChild<QLabel *>(QStringLiteral("resourceDescription"));
    QVERIFY(description);
    QCOMPARE(description->textFormat(), Qt::PlainText);
    QCOMPARE(description->text(), resource.description);
    m_panel->showReadResult(QJsonObject{
        {QStringLiteral("contents"),
         QJsonArray{QJsonObject{{QStringLiteral("uri"), resource.uri}, {QStringLiteral("text"), resource.name}}}}});
    QVERIFY(m_panel->contentText().contains(QStringLiteral("<b>bold</b>")));
}

void TestResourcesPanel::clearsWhenTheSessionGoes()
{
    QVERIFY(showPanel());
    QVERIFY(!m_panel->resourceUris().isEmpty());
    m_panel->setSession(nullptr);
    QVERIFY(m_panel->resourceUris().isEmpty());
    QVERIFY(m_panel->templateUris().isEmpty());
    QVERIFY(!m_panel->readButton()->isEnabled());
}

void TestResourcesPanel::savesScreenshot()
{
    QVERIFY(showPanel());
    QSignalSpy finished(m_panel.get(), &ResourcesPanel::readFinished);
    m_panel->setTemplateArgument(QStringLiteral("resourceId"), QStringLiteral("2"));
    m_panel->readTemplate(kBlobTemplate);
    const std::optional<bool> ok = waitForRead(finished);
    QVERIFY(ok.has_value() && *ok);
    const QString directory = qEnvironmentVariable("PORTICO_TEST_ARTIFACTS_DIR");
    if (!directory.isEmpty())
        QVERIFY(m_panel->grab().save(QDir(directory).filePath(QStringLiteral("resources-panel.png"))));
}

QTEST_MAIN(TestResourcesPanel)
#include "tst_resourcespanel.moc"
