// The loopback redirect listener (requirements AUTH-29, SEC-7, ATTACK-4; RFC 8252 §7.3, §8.3): where it binds, which
// requests it accepts, what it answers, and that it is one-shot with a timeout. The requests are written by hand on a
// raw socket, so every byte the listener receives and sends is the test's.

#include "auth/loopbackredirectcatcher.h"

#include <QElapsedTimer>
#include <QHostAddress>
#include <QNetworkInterface>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>
#include <QUrlQuery>

#include <optional>

using namespace portico;
using namespace std::chrono_literals;

namespace {

constexpr int kWaitMs = 10'000;

struct RawExchange
{
    bool connected = false;
    bool ended = false; // the listener closed (or refused) the connection within the wait
    QByteArray received;

    [[nodiscard]] int status() const
    {
        const QList<QByteArray> statusLine = received.left(received.indexOf("\r\n")).split(' ');
        return statusLine.size() >= 2 ? statusLine.at(1).toInt() : 0;
    }
    [[nodiscard]] QByteArray head() const { return received.left(received.indexOf("\r\n\r\n")); }
    [[nodiscard]] QByteArray body() const
    {
        const qsizetype end = received.indexOf("\r\n\r\n");
        return end < 0 ? QByteArray() : received.mid(end + 4);
    }
    [[nodiscard]] bool hasHeader(const QByteArray &line) const
    {
        const QList<QByteArray> lines = head().split('\n');
        for (const QByteArray &candidate : lines) {
            if (candidate.trimmed().compare(line, Qt::CaseInsensitive) == 0)
                return true;
        }
        return false;
    }
};

// Connects to 127.0.0.1:port (or `address`), writes `request`, and collects everything until the peer closes
// (bounded). Event-loop friendly: the listener under test runs in this thread.
RawExchange exchange(quint16 port, const QByteArray &request, const QHostAddress &address = QHostAddress::LocalHost,
                     int timeoutMs = kWaitMs)
{
    RawExchange result;
    QTcpSocket socket;
    bool ended = false;
    QObject::connect(&socket, &QTcpSocket::readyRead, &socket, [&] { result.received += socket.readAll(); });
    QObject::connect(&socket, &QTcpSocket::connected, &socket, [&] {
        result.connected = true;
        socket.write(request);
    });
    QObject::connect(&socket, &QTcpSocket::disconnected, &socket, [&] { ended = true; });
    QObject::connect(&socket, &QTcpSocket::errorOccurred, &socket, [&](QAbstractSocket::SocketError) {
        if (socket.state() != QAbstractSocket::ConnectedState)
            ended = true;
    });
    socket.connectToHost(address, port);
    result.ended = QTest::qWaitFor([&] { return ended; }, timeoutMs);
    result.received += socket.readAll();
    socket.abort();
    return result;
}

QByteArray get(quint16 port, const QByteArray &target, const QByteArray &method = "GET")
{
    return method + ' ' + target + " HTTP/1.1\r\nHost: 127.0.0.1:" + QByteArray::number(port)
           + "\r\nUser-Agent: test\r\nAccept: text/html\r\n\r\n";
}

// Records what the catcher reports.
struct Reports
{
    QList<QUrl> callbacks;
    QList<Error> failures;

    explicit Reports(LoopbackRedirectCatcher &catcher)
    {
        QObject::connect(&catcher, &LoopbackRedirectCatcher::callbackReceived, &catcher,
                         [this](const QUrl &url) { callbacks.append(url); });
        QObject::connect(&catcher, &LoopbackRedirectCatcher::failed, &catcher,
                         [this](const Error &error) { failures.append(error); });
    }
};

} // namespace

class TestLoopbackRedirectCatcher : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void bindsToLoopbackOnly();
    void deliversTheCallbackUrlWithItsQuery();
    void answersAStaticPageThatReflectsNoParameter();
    void ignoresOtherPathsAndMethods_data();
    void ignoresOtherPathsAndMethods();
    void ignoresAForeignHostName();
    void acceptsOnlyOneCallback();
    void aForgedCallbackDoesNotEndIt();
    void acceptsNoCallbackBeforeTheStateIsKnown();
    void timeoutFiresAfterForgedCallbacks();
    void timeoutEndsItWithTimeout();
    void busyPortIsANetworkFailure();
    void limitsTheRequestHead();
    void dropsAConnectionThatSendsNothing();
    void closeStopsWithoutASignal();
};

void TestLoopbackRedirectCatcher::bindsToLoopbackOnly()
{
    // Requirements AUTH-29 / RFC 8252 §8.3 / requirements SEC-7, ATTACK-4: 127.0.0.1, never 0.0.0.0.
    LoopbackRedirectCatcher catcher;
    QVERIFY(catcher.listen().ok());
    QVERIFY(catcher.isListening());
    auto *server = catcher.findChild<QTcpServer *>();
    QVERIFY(server);
    QCOMPARE(server->serverAddress(), QHostAddress(QHostAddress::LocalHost));
    const quint16 port = server->serverPort();
    QVERIFY(port != 0);
    QCOMPARE(catcher.redirectUri(), QUrl(QStringLiteral("http://127.0.0.1:%1/callback").arg(port)));

    // The same port on this machine's other addresses refuses the connection.
    Reports reports(catcher);
    const QList<QHostAddress> addresses = QNetworkInterface::allAddresses();
    for (const QHostAddress &address : addresses) {
        if (address.isLoopback() || address.protocol() != QAbstractSocket::IPv4Protocol)
            continue;
        const RawExchange outside = exchange(port, get(port, "/callback?code=x&state=y"), address, 3000);
        QVERIFY2(!outside.connected, qPrintable(address.toString()));
    }
    QVERIFY(reports.callbacks.isEmpty());
    QVERIFY(catcher.isListening());
}

void TestLoopbackRedirectCatcher::deliversTheCallbackUrlWithItsQuery()
{
    LoopbackRedirectCatcher catcher;
    Reports reports(catcher);
    QVERIFY(catcher.listen().ok());
    catcher.expectState("s+t 1"); // compared form-decoded (RFC 6749 Appendix B)
    const quint16 port = catcher.redirectUri().port();
    const RawExchange answer =
        exchange(port, get(port, "/callback?code=test-auth-code&state=s%2Bt+1&iss=http%3A%2F%2F127.0.0.1%3A1"));
    QCOMPARE(answer.status(), 200);
    QCOMPARE(reports.callbacks.size(), 1);
    // The query as sent, unvalidated and undecoded (AuthorizationFlow decodes it).
    QCOMPARE(
        reports.callbacks.first().toString(QUrl::FullyEncoded),
        QStringLiteral("http://127.0.0.1:%1/callback?code=test-auth-code&state=s%2Bt+1&iss=http%3A%2F%2F127.0.0.1%3A1")
            .arg(port));
    QVERIFY(reports.failures.isEmpty());
    // RFC 8252 §7.3 page: not cached, the connection closed.
    QVERIFY2(answer.hasHeader("Cache-Control: no-store"), answer.head().constData());
    QVERIFY2(answer.hasHeader("Connection: close"), answer.head().constData());
    QVERIFY(answer.ended);
    QVERIFY(answer.body().contains("You can close this window and return to Portico."));
    // Requirements AUTH-29: handle one response, then close.
    QVERIFY(!catcher.isListening());
}

void TestLoopbackRedirectCatcher::answersAStaticPageThatReflectsNoParameter()
{
    // Requirements AUTH-29, ATTACK-4: the page is the same bytes whatever the query holds.
    LoopbackRedirectCatcher plain;
    QVERIFY(plain.listen().ok());
    plain.expectState("b");
    const quint16 plainPort = plain.redirectUri().port();
    const QByteArray reference = exchange(plainPort, get(plainPort, "/callback?code=a&state=b")).body();
    QVERIFY(!reference.isEmpty());

    LoopbackRedirectCatcher catcher;
    Reports reports(catcher);
    QVERIFY(catcher.listen().ok());
    catcher.expectState("<img src=x>");
    const quint16 port = catcher.redirectUri().port();
    const RawExchange answer = exchange(
        port, get(port, "/callback?code=<script>x</script>&state=%3Cimg%20src%3Dx%3E&error_description=INJECTED"));
    QCOMPARE(answer.status(), 200);
    QCOMPARE(reports.callbacks.size(), 1);
    QCOMPARE(answer.body(), reference);
    QVERIFY(!answer.received.contains("<script>"));
    QVERIFY(!answer.received.contains("INJECTED"));
    QVERIFY(!answer.received.contains("img"));
    QVERIFY(answer.hasHeader("Content-Type: text/html; charset=utf-8"));
}

void TestLoopbackRedirectCatcher::ignoresOtherPathsAndMethods_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QByteArray>("target");
    // Requirements AUTH-29, ATTACK-4: only GET on exactly the registered path; another local process probing gets 404.
    QTest::newRow("root") << QByteArray("GET") << QByteArray("/");
    QTest::newRow("favicon") << QByteArray("GET") << QByteArray("/favicon.ico");
    QTest::newRow("longer path") << QByteArray("GET") << QByteArray("/callbackx?code=1&state=2");
    QTest::newRow("sub path") << QByteArray("GET") << QByteArray("/callback/?code=1&state=2");
    QTest::newRow("other case") << QByteArray("GET") << QByteArray("/Callback?code=1&state=2");
    QTest::newRow("encoded path") << QByteArray("GET") << QByteArray("/%63allback?code=1&state=2");
    QTest::newRow("POST") << QByteArray("POST") << QByteArray("/callback?code=1&state=2");
    QTest::newRow("HEAD") << QByteArray("HEAD") << QByteArray("/callback?code=1&state=2");
    QTest::newRow("OPTIONS") << QByteArray("OPTIONS") << QByteArray("/callback");
}

void TestLoopbackRedirectCatcher::ignoresOtherPathsAndMethods()
{
    QFETCH(QByteArray, method);
    QFETCH(QByteArray, target);
    LoopbackRedirectCatcher catcher;
    Reports reports(catcher);
    QVERIFY(catcher.listen().ok());
    catcher.expectState("s");
    const quint16 port = catcher.redirectUri().port();

    const RawExchange probe = exchange(port, get(port, target, method));
    QCOMPARE(probe.status(), 404);
    QVERIFY(probe.hasHeader("Connection: close"));
    QVERIFY(reports.callbacks.isEmpty());
    QVERIFY(reports.failures.isEmpty());
    QVERIFY(catcher.isListening());

    // The real redirect still arrives afterwards.
    QCOMPARE(exchange(port, get(port, "/callback?code=c&state=s")).status(), 200);
    QCOMPARE(reports.callbacks.size(), 1);
    QCOMPARE(reports.callbacks.first().query(QUrl::FullyEncoded), QStringLiteral("code=c&state=s"));
}

void TestLoopbackRedirectCatcher::ignoresAForeignHostName()
{
    // Requirements SEC-7 (DNS rebinding): a web page whose host name was rebound to 127.0.0.1 sends its own Host; only
    // the redirect URI's host (or localhost) at this port is the browser coming back.
    LoopbackRedirectCatcher catcher;
    Reports reports(catcher);
    QVERIFY(catcher.listen().ok());
    catcher.expectState("s");
    const quint16 port = catcher.redirectUri().port();
    const QByteArray portText = QByteArray::number(port);
    const RawExchange rebound =
        exchange(port, "GET /callback?code=c&state=s HTTP/1.1\r\nHost: attacker.example:" + portText + "\r\n\r\n");
    QCOMPARE(rebound.status(), 404);
    const RawExchange noHost = exchange(port, "GET /callback?code=c&state=s HTTP/1.1\r\n\r\n");
    QCOMPARE(noHost.status(), 404);
    QVERIFY(reports.callbacks.isEmpty());
    QVERIFY(catcher.isListening());

    const RawExchange named =
        exchange(port, "GET /callback?code=c&state=s HTTP/1.1\r\nhost: LOCALHOST:" + portText + "\r\n\r\n");
    QCOMPARE(named.status(), 200);
    QCOMPARE(reports.callbacks.size(), 1);
}

void TestLoopbackRedirectCatcher::acceptsOnlyOneCallback()
{
    // Requirements AUTH-29, ATTACK-4, SEC-7: single use — after the callback the port is closed and nothing else is
    // read.
    LoopbackRedirectCatcher catcher;
    Reports reports(catcher);
    QVERIFY(catcher.listen().ok());
    catcher.expectState("s");
    const quint16 port = catcher.redirectUri().port();
    QCOMPARE(exchange(port, get(port, "/callback?code=first&state=s")).status(), 200);
    QCOMPARE(reports.callbacks.size(), 1);

    const RawExchange second = exchange(port, get(port, "/callback?code=second&state=s"));
    QVERIFY2(!second.connected || second.received.isEmpty(), second.received.constData());
    QCOMPARE(reports.callbacks.size(), 1);
    QVERIFY(reports.failures.isEmpty());

    // One shot: it cannot be started again.
    const Result<void> again = catcher.listen(port);
    QVERIFY(!again.ok());
    QCOMPARE(again.error().code(), ErrorCode::InvalidArgument);
}

void TestLoopbackRedirectCatcher::aForgedCallbackDoesNotEndIt()
{
    // RFC 8252 §8.3, requirements SEC-7, ATTACK-4: any local process can reach the port before the browser does. A
    // forged redirect (wrong, missing or repeated state), a probe of another path, garbage or an oversized request
    // is answered and ignored; the listener stays open for the redirect that carries the request's state.
    LoopbackRedirectCatcher catcher;
    Reports reports(catcher);
    QVERIFY(catcher.listen().ok());
    catcher.expectState("real-state");
    const quint16 port = catcher.redirectUri().port();

    const RawExchange forged = exchange(port, get(port, "/callback?code=SECRETCODE&state=WRONG"));
    QCOMPARE(forged.status(), 400);
    QVERIFY(forged.ended);
    QVERIFY(!forged.received.contains("SECRETCODE"));
    QVERIFY(!forged.received.contains("WRONG"));
    QCOMPARE(exchange(port, get(port, "/callback?code=c")).status(), 400);
    QCOMPARE(exchange(port, get(port, "/callback?code=c&state=real-state&state=real-state")).status(), 400);
    QCOMPARE(exchange(port, get(port, "/callback?code=c&state=real-stat")).status(), 400);
    QCOMPARE(exchange(port, get(port, "/other?code=c&state=real-state")).status(), 404);
    QCOMPARE(exchange(port, "\x16\x03\x01 not http at all\r\n\r\n").status(), 400);
    const QByteArray oversized = "GET /callback?code=c&state=real-state&pad=" + QByteArray(20 * 1024, 'x')
                                 + " HTTP/1.1\r\nHost: 127.0.0.1:" + QByteArray::number(port) + "\r\n\r\n";
    QCOMPARE(exchange(port, oversized).status(), 431);
    QVERIFY(reports.callbacks.isEmpty());
    QVERIFY(reports.failures.isEmpty());
    QVERIFY(catcher.isListening());

    // The browser's redirect still ends it.
    const RawExchange real = exchange(port, get(port, "/callback?code=the-code&state=real-state&iss=x"));
    QCOMPARE(real.status(), 200);
    QCOMPARE(reports.callbacks.size(), 1);
    QCOMPARE(QUrlQuery(reports.callbacks.first()).queryItemValue(QStringLiteral("code")), QStringLiteral("the-code"));
    QVERIFY(!catcher.isListening());
}

void TestLoopbackRedirectCatcher::acceptsNoCallbackBeforeTheStateIsKnown()
{
    // Before the authorization request exists, no redirect can be real: whatever arrives is refused.
    LoopbackRedirectCatcher catcher;
    Reports reports(catcher);
    QVERIFY(catcher.listen().ok());
    const quint16 port = catcher.redirectUri().port();
    QCOMPARE(exchange(port, get(port, "/callback?code=c&state=s")).status(), 400);
    QCOMPARE(exchange(port, get(port, "/callback?code=c&state=")).status(), 400);
    QVERIFY(reports.callbacks.isEmpty());
    QVERIFY(catcher.isListening());

    catcher.expectState("s");
    QCOMPARE(exchange(port, get(port, "/callback?code=c&state=s")).status(), 200);
    QCOMPARE(reports.callbacks.size(), 1);
}

void TestLoopbackRedirectCatcher::timeoutFiresAfterForgedCallbacks()
{
    // Requirements AUTH-29: ignoring forgeries does not keep the port open for ever.
    LoopbackRedirectCatcher catcher;
    Reports reports(catcher);
    QVERIFY(catcher.listen(0, 1500ms).ok());
    catcher.expectState("s");
    const quint16 port = catcher.redirectUri().port();
    QCOMPARE(exchange(port, get(port, "/callback?code=c&state=forged")).status(), 400);
    QTRY_COMPARE_WITH_TIMEOUT(reports.failures.size(), 1, kWaitMs);
    QCOMPARE(reports.failures.first().code(), ErrorCode::Timeout);
    QVERIFY(reports.callbacks.isEmpty());
    QVERIFY(!catcher.isListening());
}

void TestLoopbackRedirectCatcher::timeoutEndsItWithTimeout()
{
    // Requirements AUTH-29: a timeout ends the listener.
    LoopbackRedirectCatcher catcher;
    Reports reports(catcher);
    QVERIFY(catcher.listen(0, 200ms).ok());
    const quint16 port = catcher.redirectUri().port();
    QTRY_COMPARE_WITH_TIMEOUT(reports.failures.size(), 1, kWaitMs);
    QCOMPARE(reports.failures.first().code(), ErrorCode::Timeout);
    QVERIFY(!reports.failures.first().message().isEmpty());
    QVERIFY(!catcher.isListening());
    const RawExchange late = exchange(port, get(port, "/callback?code=late&state=s"));
    QVERIFY(!late.connected || late.received.isEmpty());
    QVERIFY(reports.callbacks.isEmpty());
    QTest::qWait(100);
    QCOMPARE(reports.failures.size(), 1);
}

void TestLoopbackRedirectCatcher::busyPortIsANetworkFailure()
{
    QTcpServer holder;
    QVERIFY(holder.listen(QHostAddress::LocalHost));
    const quint16 busy = holder.serverPort();

    LoopbackRedirectCatcher catcher;
    const Result<void> bound = catcher.listen(busy);
    QVERIFY(!bound.ok());
    QCOMPARE(bound.error().code(), ErrorCode::NetworkFailure);
    QVERIFY2(bound.error().message().contains(QString::number(busy)), qPrintable(bound.error().message()));
    QVERIFY(!catcher.isListening());

    // A failed bind is not the end of the one shot: another port can be tried (the user agent's fallback).
    QVERIFY(catcher.listen(0).ok());
    QVERIFY(catcher.redirectUri().port() != busy);
}

void TestLoopbackRedirectCatcher::limitsTheRequestHead()
{
    // Requirements SEC-12: at most 16 KiB of request head; a larger one is refused and does not end the listener.
    LoopbackRedirectCatcher catcher;
    Reports reports(catcher);
    QVERIFY(catcher.listen().ok());
    const quint16 port = catcher.redirectUri().port();
    const QByteArray huge = "GET /callback?code=c&state=" + QByteArray(17 * 1024, 'a')
                            + " HTTP/1.1\r\nHost: 127.0.0.1:" + QByteArray::number(port) + "\r\n\r\n";
    const RawExchange answer = exchange(port, huge);
    QCOMPARE(answer.status(), 431);
    QVERIFY(reports.callbacks.isEmpty());
    QVERIFY(catcher.isListening());

    // Just under the limit is fine.
    catcher.expectState(QByteArray(15 * 1024, 'b'));
    const QByteArray large = get(port, "/callback?code=c&state=" + QByteArray(15 * 1024, 'b'));
    QCOMPARE(exchange(port, large).status(), 200);
    QCOMPARE(reports.callbacks.size(), 1);
}

void TestLoopbackRedirectCatcher::dropsAConnectionThatSendsNothing()
{
    // Requirements SEC-12: a per-connection read timeout (~10 s), so an idle local process cannot hold a connection.
    LoopbackRedirectCatcher catcher;
    Reports reports(catcher);
    QVERIFY(catcher.listen().ok());
    const quint16 port = catcher.redirectUri().port();
    QElapsedTimer clock;
    clock.start();
    const RawExchange idle = exchange(port, "GET /callb", QHostAddress::LocalHost, 20'000);
    QVERIFY(idle.connected);
    QVERIFY(idle.received.isEmpty());
    QVERIFY2(clock.elapsed() < 15'000, "the idle connection was not dropped");
    QVERIFY(clock.elapsed() >= 5'000);
    QVERIFY(reports.callbacks.isEmpty());
    QVERIFY(catcher.isListening());
}

void TestLoopbackRedirectCatcher::closeStopsWithoutASignal()
{
    LoopbackRedirectCatcher catcher;
    Reports reports(catcher);
    QVERIFY(catcher.listen(0, 300ms).ok());
    const quint16 port = catcher.redirectUri().port();
    catcher.close();
    QVERIFY(!catcher.isListening());
    const RawExchange after = exchange(port, get(port, "/callback?code=c&state=s"));
    QVERIFY(!after.connected || after.received.isEmpty());
    QTest::qWait(500); // past the timeout: close() stopped it too
    QVERIFY(reports.callbacks.isEmpty());
    QVERIFY(reports.failures.isEmpty());
}

QTEST_GUILESS_MAIN(TestLoopbackRedirectCatcher)
#include "tst_loopbackredirectcatcher.moc"
