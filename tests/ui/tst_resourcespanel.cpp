// The Resources panel against the MCP reference server (server-everything from tests/peers, Streamable
// HTTP), offscreen (requirements UI-7): the lists come from a real McpSession and match what the server lists; a
// static text resource is read and shown as text; the dynamic blob and text templates are expanded with an
// argument (RFC 6570) and read, the server's answer showing which URI it received; a missing template
// variable blocks the read; an image blob gets a preview; server text stays plain text (requirements SEC-10). Saves a
// screenshot of the panel.

#include "awaitresult.h"
#include "catalog/resourcespanel.h"
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

namespace {

const QString kBlobTemplate = QStringLiteral("demo://resource/dynamic/blob/{resourceId}");
const QString kTextTemplate = QStringLiteral("demo://resource/dynamic/text/{resourceId}");

} // namespace

class TestResourcesPanel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void onlyPathVariablesMustBeFilled();
    void malformedTemplateIsReported();
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
    // The panel on a fresh session, with the server's resource templates listed.
    bool showPanel();
    std::optional<bool> waitForRead(QSignalSpy &spy, int timeoutMs = 20000);
    // What the server returns when read directly, without the panel.
    QJsonObject readDirectly(const QString &uri);

    EverythingServer m_server;
    std::unique_ptr<McpTestClient> m_client;
    std::unique_ptr<ResourcesPanel> m_panel;
};

void TestResourcesPanel::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    const QString error = m_server.start();
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

bool TestResourcesPanel::showPanel()
{
    return testing::showOnFreshSession(*m_panel, m_server, m_client,
                                       [this]() { return m_panel->templateUris().contains(kBlobTemplate); });
}

std::optional<bool> TestResourcesPanel::waitForRead(QSignalSpy &spy, int timeoutMs)
{
    if (!spy.wait(timeoutMs) && spy.isEmpty())
        return std::nullopt;
    return spy.takeFirst().at(0).toBool();
}

QJsonObject TestResourcesPanel::readDirectly(const QString &uri)
{
    const auto read = await<QJsonObject>(
        [this, &uri](QObject *context, auto done) { m_client->session->readResource(uri, context, done); }, 20000);
    if (!read || !read->ok())
        return {};
    return read->value();
}

// The expansion itself is UriTemplate's (tests/unit/mcp/tst_uritemplate.cpp); the panel decides which
// variables may stay empty. No session is needed: the checks come before anything is sent.
void TestResourcesPanel::onlyPathVariablesMustBeFilled()
{
    ResourceTemplate entry;
    entry.uriTemplate = QStringLiteral("demo://x/{id}{?q}");
    m_panel->setResources({}, {entry});
    QSignalSpy finished(m_panel.get(), &ResourcesPanel::readFinished);
    m_panel->readTemplate(entry.uriTemplate);
    QVERIFY(m_panel->templateEditor(QStringLiteral("id")));
    QVERIFY(m_panel->templateEditor(QStringLiteral("q")));
    QVERIFY2(m_panel->statusText().contains(QStringLiteral("“id”")), qPrintable(m_panel->statusText()));
    // The query variable may stay empty: with the path filled, only the missing session stops the read.
    m_panel->setTemplateArgument(QStringLiteral("id"), QStringLiteral("7"));
    m_panel->readTemplate(entry.uriTemplate);
    QVERIFY2(m_panel->statusText().startsWith(QStringLiteral("Not connected")), qPrintable(m_panel->statusText()));
    QCOMPARE(finished.count(), 0);
}

void TestResourcesPanel::malformedTemplateIsReported()
{
    ResourceTemplate entry;
    entry.uriTemplate = QStringLiteral("demo://x/{id");
    m_panel->setResources({}, {entry});
    m_panel->readTemplate(entry.uriTemplate);
    QVERIFY2(m_panel->statusText().contains(QStringLiteral("malformed")), qPrintable(m_panel->statusText()));
    QVERIFY(!m_panel->templateEditor(QStringLiteral("id")));
}

void TestResourcesPanel::listsTheServersResourcesAndTemplates()
{
    QVERIFY(showPanel());
    // What the server lists, asked directly (discovered at run time, not hard-coded).
    const auto listed = await<QList<Resource>>(
        [this](QObject *context, auto done) { m_client->session->listResources(context, done); }, 20000);
    QVERIFY(listed && listed->ok());
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
    testing::saveScreenshot(*m_panel, QStringLiteral("resources-panel.png"));
}

QTEST_MAIN(TestResourcesPanel)
#include "tst_resourcespanel.moc"
