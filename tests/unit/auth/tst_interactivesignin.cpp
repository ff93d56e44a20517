// The destination rule on the sign-in page (requirements SEC-1, SEC-3): the authorization_endpoint comes from the
// authorization server's metadata, so InteractiveSignIn applies the server's DestinationPolicy to it — address
// literals in every spelling, and the addresses a host name resolves to — before any user agent is asked to show
// it. Host names go through the test lookup of DestinationResolver: nothing here sends a packet anywhere, the
// token endpoint is never reached.

#include "auth/authservermetadata.h"
#include "auth/interactivesignin.h"
#include "auth/signintimeline.h"
#include "auth/tokenclient.h"
#include "auth/useragent.h"
#include "net/httpclient.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include <optional>

using namespace portico;

namespace {

constexpr int kWaitMs = 5'000;
const QString kIssuer = QStringLiteral("https://as.example");

// The names the tests resolve, and where to (as a hostile or misconfigured DNS might answer).
QList<QHostAddress> testLookup(const QString &host)
{
    if (host == QLatin1StringView("intranet.example"))
        return {QHostAddress(QStringLiteral("10.0.0.5"))};
    if (host == QLatin1StringView("metadata.example"))
        return {QHostAddress(QStringLiteral("169.254.169.254"))};
    if (host == QLatin1StringView("split.example")) // public and private under one name (DNS rebinding)
        return {QHostAddress(QStringLiteral("93.184.216.34")), QHostAddress(QStringLiteral("192.168.1.1"))};
    if (host == QLatin1StringView("login.example"))
        return {QHostAddress(QStringLiteral("93.184.216.34"))};
    return {};
}

AuthServerMetadata metadataWith(const QString &authorizationEndpoint)
{
    const QJsonObject document{
        {QStringLiteral("issuer"), kIssuer},
        {QStringLiteral("authorization_endpoint"), authorizationEndpoint},
        {QStringLiteral("token_endpoint"), QString(kIssuer + QStringLiteral("/token"))},
        {QStringLiteral("code_challenge_methods_supported"), QJsonArray{QStringLiteral("S256")}},
        {QStringLiteral("response_types_supported"), QJsonArray{QStringLiteral("code")}},
    };
    Result<AuthServerMetadata> parsed =
        AuthServerMetadata::fromJson(QJsonDocument(document).toJson(), kIssuer, discovery_urls::AsMetadataKind::OAuth);
    if (!parsed.ok())
        qFatal("test metadata rejected: %s", qPrintable(parsed.error().toString()));
    return std::move(parsed).value();
}

// Records what it was asked to show and never answers (the tests end before a redirect would come back).
class RecordingUserAgent : public UserAgent
{
public:
    Result<QUrl> prepareRedirect(quint16) override { return QUrl(QStringLiteral("http://127.0.0.1:49152/callback")); }
    void authorize(const Prompt &prompt, QObject *, CallbackDone) override { prompts.append(prompt); }
    void cancel() override {}

    QList<Prompt> prompts;
};

} // namespace

class TestInteractiveSignIn : public QObject
{
    Q_OBJECT

private:
    struct Fixture
    {
        HttpClient http;
        TokenClient tokens{http};
        SignInTimeline timeline{QStringLiteral("Test server"), [] { return QDateTime::currentDateTimeUtc(); }};
        InteractiveSignIn signIn;
        RecordingUserAgent userAgent;
        std::optional<Result<TokenSet>> outcome;

        // A server configured at `serverUrl`, with or without "Allow private network addresses".
        explicit Fixture(const QUrl &serverUrl = QUrl(QStringLiteral("https://mcp.example/mcp")),
                         bool allowPrivateNetwork = false)
            : http(options(serverUrl, allowPrivateNetwork))
            , signIn(tokens, timeline, DestinationResolver(http.options().destinations, http.options().resolver))
        {}

        static HttpClient::Options options(const QUrl &serverUrl, bool allowPrivateNetwork)
        {
            HttpClient::Options options;
            options.proxyMode = ProxyMode::None;
            options.destinations = DestinationPolicy::forConfiguredServer(serverUrl, allowPrivateNetwork);
            options.resolver = testLookup;
            return options;
        }

        void start(const QString &authorizationEndpoint)
        {
            InteractiveSignIn::Request request;
            request.serverName = QStringLiteral("Test server");
            request.client.clientId = QStringLiteral("client-1");
            request.redirectUri = QUrl(QStringLiteral("http://127.0.0.1:49152/callback"));
            signIn.start(metadataWith(authorizationEndpoint), request, userAgent,
                         [this](Result<TokenSet> result) { outcome.emplace(std::move(result)); });
        }
    };

private Q_SLOTS:
    // Requirements SEC-1, SEC-3: a page in a forbidden network is never shown; the message names the page and the
    // reason, in the error and in the timeline.
    void refusesASignInPageInAForbiddenNetwork_data()
    {
        QTest::addColumn<QString>("endpoint");
        QTest::addColumn<QString>("reason");
        QTest::newRow("private literal") << QStringLiteral("https://10.0.0.5/authorize")
                                         << QStringLiteral("10.0.0.5 is a private network address");
        QTest::newRow("metadata service, hex")
            << QStringLiteral("https://0xa9fea9fe/authorize") << QStringLiteral("169.254.169.254");
        QTest::newRow("IPv4-mapped IPv6")
            << QStringLiteral("https://[::ffff:10.0.0.5]/authorize") << QStringLiteral("private network address");
        QTest::newRow("unique local IPv6")
            << QStringLiteral("https://[fd00::1]/authorize") << QStringLiteral("private network address");
        QTest::newRow("loopback") << QStringLiteral("http://127.0.0.1:8080/authorize")
                                  << QStringLiteral("127.0.0.1 is");
        QTest::newRow("localhost") << QStringLiteral("http://localhost:8080/authorize")
                                   << QStringLiteral("localhost is this computer");
        QTest::newRow("name resolving to a private address")
            << QStringLiteral("https://intranet.example/authorize")
            << QStringLiteral("its name resolves to 10.0.0.5, a private network address");
        QTest::newRow("name resolving to the metadata service")
            << QStringLiteral("https://metadata.example/authorize") << QStringLiteral("resolves to 169.254.169.254");
        QTest::newRow("name resolving to public and private")
            << QStringLiteral("https://split.example/authorize") << QStringLiteral("resolves to 192.168.1.1");
    }
    void refusesASignInPageInAForbiddenNetwork()
    {
        QFETCH(QString, endpoint);
        QFETCH(QString, reason);
        Fixture f;
        f.start(endpoint);
        QTRY_VERIFY_WITH_TIMEOUT(f.outcome.has_value(), kWaitMs);
        QVERIFY(!f.outcome->ok());
        QCOMPARE(f.outcome->error().code(), ErrorCode::UrlRejected);
        const QString message = f.outcome->error().message();
        QVERIFY2(message.contains(QStringLiteral("did not open the sign-in page")), qPrintable(message));
        QVERIFY2(message.contains(QUrl(endpoint).host()), qPrintable(message));
        QVERIFY2(message.contains(reason), qPrintable(message));
        QVERIFY2(!message.contains(QStringLiteral("code_challenge")), qPrintable(message)); // the page, not the request
        QVERIFY2(f.timeline.toText().contains(reason), qPrintable(f.timeline.toText()));
        QVERIFY(f.userAgent.prompts.isEmpty());
    }

    // The allowed cases: a public page, and the exceptions by kind and by the person's setting. The user agent gets
    // the server's rule along with the page, for the navigations that follow.
    void opensAnAllowedSignInPage_data()
    {
        QTest::addColumn<QString>("serverUrl");
        QTest::addColumn<bool>("allowPrivateNetwork");
        QTest::addColumn<QString>("endpoint");
        QTest::newRow("public name") << QStringLiteral("https://mcp.example/mcp") << false
                                     << QStringLiteral("https://login.example/authorize");
        QTest::newRow("name not found here: the browser's to report")
            << QStringLiteral("https://mcp.example/mcp") << false
            << QStringLiteral("https://nowhere.example/authorize");
        QTest::newRow("loopback server, loopback page") << QStringLiteral("http://127.0.0.1:3000/mcp") << false
                                                        << QStringLiteral("http://localhost:8080/authorize");
        QTest::newRow("private server, private page")
            << QStringLiteral("https://10.1.2.3/mcp") << false << QStringLiteral("https://intranet.example/authorize");
        QTest::newRow("allowed by the setting")
            << QStringLiteral("https://mcp.example/mcp") << true << QStringLiteral("https://10.0.0.5/authorize");
    }
    void opensAnAllowedSignInPage()
    {
        QFETCH(QString, serverUrl);
        QFETCH(bool, allowPrivateNetwork);
        QFETCH(QString, endpoint);
        Fixture f(QUrl(serverUrl), allowPrivateNetwork);
        f.start(endpoint);
        QTRY_COMPARE_WITH_TIMEOUT(f.userAgent.prompts.size(), 1, kWaitMs);
        const UserAgent::Prompt &prompt = f.userAgent.prompts.constFirst();
        QCOMPARE(prompt.authorizationUrl.adjusted(QUrl::RemoveQuery), QUrl(endpoint));
        QCOMPARE(prompt.destinations, f.http.options().destinations);
        QVERIFY(!f.outcome.has_value());
    }

    // A sign-in abandoned while its page is being checked never opens that page.
    void abandonedBeforeTheCheckEndsOpensNothing()
    {
        Fixture f;
        f.start(QStringLiteral("https://login.example/authorize"));
        f.signIn.abandon();
        QTest::qWait(100);
        QVERIFY(f.userAgent.prompts.isEmpty());
        QVERIFY(!f.outcome.has_value());
    }
};

QTEST_GUILESS_MAIN(TestInteractiveSignIn)
#include "tst_interactivesignin.moc"
