// The destination rule on URL-mode elicitation (requirements SEC-1; MCP 2025-11-25 client/elicitation, "URL Mode"):
// the page a server asks the person to open reaches the asking handler marked as refused, with the reason, when
// the server's rule refuses its address — a literal in any spelling, or what its name resolves to. Names go
// through the test lookup: nothing here sends a packet.

#include "mcp/destinationcheckingelicitationhandler.h"

#include <QTest>

#include <optional>

using namespace portico;

namespace {

QList<QHostAddress> testLookup(const QString &host)
{
    if (host == QLatin1StringView("intranet.example"))
        return {QHostAddress(QStringLiteral("10.0.0.5"))};
    if (host == QLatin1StringView("metadata.example"))
        return {QHostAddress(QStringLiteral("169.254.169.254"))};
    if (host == QLatin1StringView("accounts.example"))
        return {QHostAddress(QStringLiteral("93.184.216.34"))};
    return {};
}

// Stands for the dialog: records what it was asked and answers "decline" later.
class RecordingHandler final : public ElicitationHandler
{
public:
    [[nodiscard]] bool supportsUrlMode() const override { return true; }
    void elicit(const ElicitationRequest &request, QObject *, std::function<void(ElicitationReply)> done) override
    {
        requests.append(request);
        done(ElicitationReply{ElicitationReply::Action::Decline, {}});
    }
    QList<ElicitationRequest> requests;
};

} // namespace

class TestDestinationCheckingElicitationHandler : public QObject
{
    Q_OBJECT

private:
    // What the asking handler received for `url`, for a server configured at `serverUrl`.
    static ElicitationRequest asked(const QString &url, const QString &mode = QStringLiteral("url"),
                                    const QString &serverUrl = QStringLiteral("https://mcp.example/mcp"),
                                    bool allowPrivateNetwork = false)
    {
        RecordingHandler next;
        DestinationCheckingElicitationHandler handler(
            next, DestinationResolver(DestinationPolicy::forConfiguredServer(QUrl(serverUrl), allowPrivateNetwork),
                                      testLookup));
        ElicitationRequest request;
        request.mode = mode;
        request.url = QUrl(url);
        QObject context;
        std::optional<ElicitationReply> reply;
        handler.elicit(request, &context, [&reply](ElicitationReply r) { reply = r; });
        if (!QTest::qWaitFor([&reply]() { return reply.has_value(); }, 5'000) || next.requests.size() != 1)
            qFatal("the request did not reach the asking handler exactly once");
        return next.requests.constFirst();
    }

private Q_SLOTS:
    void refusesAPageInAForbiddenNetwork_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<QString>("reason");
        QTest::newRow("private literal") << QStringLiteral("https://10.0.0.5/form")
                                         << QStringLiteral("10.0.0.5 is a private network address");
        QTest::newRow("metadata service, octal")
            << QStringLiteral("https://0251.0376.0251.0376/latest") << QStringLiteral("169.254.169.254");
        QTest::newRow("IPv4-mapped IPv6")
            << QStringLiteral("https://[::ffff:192.168.1.1]/") << QStringLiteral("private network address");
        QTest::newRow("CGNAT") << QStringLiteral("https://100.64.0.1/") << QStringLiteral("100.64.0.1");
        QTest::newRow("loopback") << QStringLiteral("http://127.0.0.1:8080/") << QStringLiteral("127.0.0.1");
        QTest::newRow("unspecified") << QStringLiteral("https://0.0.0.0/") << QStringLiteral("0.0.0.0");
        QTest::newRow("name resolving to a private address")
            << QStringLiteral("https://intranet.example/form") << QStringLiteral("its name resolves to 10.0.0.5");
        QTest::newRow("name resolving to the metadata service")
            << QStringLiteral("https://metadata.example/") << QStringLiteral("169.254.169.254");
    }
    void refusesAPageInAForbiddenNetwork()
    {
        QFETCH(QString, url);
        QFETCH(QString, reason);
        const ElicitationRequest request = asked(url);
        QVERIFY2(request.urlRefusal.contains(reason), qPrintable(request.urlRefusal));
        QCOMPARE(request.url, QUrl(url)); // shown as it is, refused
    }

    void passesAnAllowedPageUnmarked_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<QString>("serverUrl");
        QTest::addColumn<bool>("allowPrivateNetwork");
        QTest::newRow("public name") << QStringLiteral("https://accounts.example/connect")
                                     << QStringLiteral("https://mcp.example/mcp") << false;
        QTest::newRow("name not found here")
            << QStringLiteral("https://nowhere.example/") << QStringLiteral("https://mcp.example/mcp") << false;
        QTest::newRow("private server, private page")
            << QStringLiteral("https://intranet.example/form") << QStringLiteral("https://10.1.2.3/mcp") << false;
        QTest::newRow("allowed by the setting")
            << QStringLiteral("https://10.0.0.5/form") << QStringLiteral("https://mcp.example/mcp") << true;
    }
    void passesAnAllowedPageUnmarked()
    {
        QFETCH(QString, url);
        QFETCH(QString, serverUrl);
        QFETCH(bool, allowPrivateNetwork);
        QVERIFY(asked(url, QStringLiteral("url"), serverUrl, allowPrivateNetwork).urlRefusal.isEmpty());
    }

    // Form mode has no page: it passes unchanged, whatever a stray url member says.
    void leavesFormModeAlone()
    {
        QVERIFY(asked(QStringLiteral("https://10.0.0.5/"), QStringLiteral("form")).urlRefusal.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestDestinationCheckingElicitationHandler)
#include "tst_destinationcheckingelicitationhandler.moc"
