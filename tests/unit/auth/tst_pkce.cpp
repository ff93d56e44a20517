// PKCE (RFC 7636 §4.1–4.2, Appendix B; requirements AUTH-23) and `state` (RFC 6749 §10.12). Generated verifiers and
// states are secrets: these tests check them with QVERIFY on booleans and never print them (docs/architecture.md,
// "Security rules").

#include "auth/pkce.h"

#include <QSet>
#include <QTest>

using namespace portico;

namespace {

bool isBase64UrlNoPadding(const QByteArray &text)
{
    for (const char c : text) {
        const bool ok =
            (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
        if (!ok)
            return false;
    }
    return true;
}

QByteArray decodeBase64Url(const QByteArray &text)
{
    return QByteArray::fromBase64(text, QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
}

} // namespace

class TestPkce : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void matchesRfc7636AppendixB();
    void computesS256ForOtherVerifiers_data();
    void computesS256ForOtherVerifiers();
    void generatesVerifierOf64RandomOctets();
    void neverRepeatsAVerifier();
    void validatesVerifierSyntax_data();
    void validatesVerifierSyntax();
    void rejectionDoesNotLeakTheVerifier();
    void generatesUnguessableState();
    void encodesRequestedOctetCount();
    void randomOutputUsesTheWholeAlphabet();
};

void TestPkce::matchesRfc7636AppendixB()
{
    // RFC 7636 Appendix B: the published example (a public test vector, not a secret).
    const QByteArray verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
    const QByteArray challenge = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";
    QCOMPARE(Pkce::s256Challenge(verifier), challenge);

    const auto pkce = Pkce::fromVerifier(verifier);
    QVERIFY(pkce.ok());
    QCOMPARE(pkce.value().verifier(), verifier);
    QCOMPARE(pkce.value().challenge(), challenge);
    QCOMPARE(Pkce::method(), QLatin1StringView("S256"));
}

void TestPkce::computesS256ForOtherVerifiers_data()
{
    QTest::addColumn<QByteArray>("verifier");
    QTest::addColumn<QByteArray>("challenge");
    // Independently computed: printf %s "$v" | openssl dgst -sha256 -binary | basenc --base64url | tr -d =
    QTest::newRow("43 x 'a'") << QByteArray(43, 'a') << QByteArray("ZtNPunH49FD35FWYhT5Tv8I7vRKQJ8uxMaL0_9eHjNA");
    QTest::newRow("128 x '~'") << QByteArray(128, '~') << QByteArray("zNhOm5Jyonenca7bQzzpjUpwFDVrfhrbbOGCqgWA6HU");
}

void TestPkce::computesS256ForOtherVerifiers()
{
    QFETCH(QByteArray, verifier);
    QFETCH(QByteArray, challenge);
    QCOMPARE(Pkce::s256Challenge(verifier), challenge);
    QCOMPARE(Pkce::fromVerifier(verifier).value().challenge(), challenge);
}

void TestPkce::generatesVerifierOf64RandomOctets()
{
    const Pkce pkce = Pkce::generate();
    // 64 octets, base64url without padding: ceil(64 * 4 / 3) = 86 characters (RFC 7636 §4.1: 43..128).
    QVERIFY(pkce.verifier().size() == 86);
    QVERIFY(Pkce::isValidVerifier(pkce.verifier()));
    QVERIFY(isBase64UrlNoPadding(pkce.verifier()));
    QVERIFY(decodeBase64Url(pkce.verifier()).size() == Pkce::kVerifierEntropyBytes);
    // The challenge is the S256 of exactly this verifier: 32 octets -> 43 characters, no padding.
    QVERIFY(pkce.challenge() == Pkce::s256Challenge(pkce.verifier()));
    QCOMPARE(pkce.challenge().size(), 43);
    QVERIFY(isBase64UrlNoPadding(pkce.challenge()));
    QVERIFY(pkce.challenge() != pkce.verifier());
}

void TestPkce::neverRepeatsAVerifier()
{
    // Requirements AUTH-23: fresh per flow. 2000 draws of 512 bits: any repeat means the generator is broken.
    QSet<QByteArray> seen;
    QSet<QByteArray> challenges;
    for (int i = 0; i < 2000; ++i) {
        const Pkce pkce = Pkce::generate();
        seen.insert(pkce.verifier());
        challenges.insert(pkce.challenge());
    }
    QCOMPARE(seen.size(), 2000);
    QCOMPARE(challenges.size(), 2000);
}

void TestPkce::validatesVerifierSyntax_data()
{
    QTest::addColumn<QByteArray>("verifier");
    QTest::addColumn<bool>("valid");

    QTest::newRow("42 characters: too short") << QByteArray(42, 'a') << false;
    QTest::newRow("43 characters: shortest") << QByteArray(43, 'a') << true;
    QTest::newRow("128 characters: longest") << QByteArray(128, 'Z') << true;
    QTest::newRow("129 characters: too long") << QByteArray(129, 'Z') << false;
    QTest::newRow("empty") << QByteArray() << false;
    QTest::newRow("every unreserved character")
        << QByteArray("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~") << true;
    QTest::newRow("'+' (base64, not base64url)") << QByteArray(42, 'a') + '+' << false;
    QTest::newRow("'/' (base64, not base64url)") << QByteArray(42, 'a') + '/' << false;
    QTest::newRow("'=' padding") << QByteArray(42, 'a') + '=' << false;
    QTest::newRow("space") << QByteArray(21, 'a') + ' ' + QByteArray(21, 'a') << false;
    QTest::newRow("percent-encoded") << QByteArray(40, 'a') + "%7E" << false;
    QTest::newRow("non-ASCII") << QByteArray(41, 'a') + "\xc3\xa9" << false;
    QTest::newRow("NUL") << QByteArray(42, 'a') + '\0' << false;
}

void TestPkce::validatesVerifierSyntax()
{
    QFETCH(QByteArray, verifier);
    QFETCH(bool, valid);
    QCOMPARE(Pkce::isValidVerifier(verifier), valid);
    const auto pkce = Pkce::fromVerifier(verifier);
    QCOMPARE(pkce.ok(), valid);
    if (!valid)
        QCOMPARE(pkce.error().code(), ErrorCode::InvalidArgument);
}

void TestPkce::rejectionDoesNotLeakTheVerifier()
{
    const QByteArray almostSecret = "secretVerifierMaterial+" + QByteArray(30, 'x');
    const auto pkce = Pkce::fromVerifier(almostSecret);
    QVERIFY(!pkce.ok());
    QVERIFY(!pkce.error().message().contains(QStringLiteral("secretVerifierMaterial")));
    QVERIFY(!pkce.error().detail().contains(QStringLiteral("secretVerifierMaterial")));
    QVERIFY(!pkce.error().toString().contains(QStringLiteral("secretVerifierMaterial")));
}

void TestPkce::generatesUnguessableState()
{
    // RFC 6749 §10.12: >= 128 bits, fresh per flow. 32 octets -> 43 URL-safe characters.
    QSet<QByteArray> seen;
    for (int i = 0; i < 2000; ++i) {
        const QByteArray state = Pkce::generateState();
        QVERIFY(state.size() == 43);
        QVERIFY(isBase64UrlNoPadding(state));
        QVERIFY(decodeBase64Url(state).size() * 8 >= 128);
        seen.insert(state);
    }
    QCOMPARE(seen.size(), 2000);
}

void TestPkce::encodesRequestedOctetCount()
{
    for (qsizetype bytes = 1; bytes <= 70; ++bytes) {
        const QByteArray encoded = Pkce::randomBase64Url(bytes);
        QVERIFY(isBase64UrlNoPadding(encoded));
        QCOMPARE(encoded.size(), (bytes * 4 + 2) / 3); // RFC 4648 §5 without padding
        QCOMPARE(decodeBase64Url(encoded).size(), bytes);
    }
}

void TestPkce::randomOutputUsesTheWholeAlphabet()
{
    // A weak sanity check that would catch a constant or low-entropy generator: 500 verifiers (43,000
    // characters) hit all 64 base64url symbols; the chance that a fair source misses one is below 1e-280.
    QSet<char> symbols;
    for (int i = 0; i < 500; ++i) {
        const QByteArray verifier = Pkce::generate().verifier();
        // The last character encodes only 4 bits of the 64th octet, so leave it out.
        for (qsizetype j = 0; j + 1 < verifier.size(); ++j)
            symbols.insert(verifier.at(j));
    }
    QCOMPARE(symbols.size(), 64);
}

QTEST_GUILESS_MAIN(TestPkce)
#include "tst_pkce.moc"
