// header_value_encoding: the Value Encoding rule of 2026-07-28 Streamable HTTP for Mcp-Name and
// Mcp-Param-* (streamable-http.mdx §Value Encoding; requirements TRANSPORT-11, TRANSPORT-12), including the spec's own
// table.

#include "mcp/headervalueencoding.h"

#include <QTest>

using namespace portico;

class TestHeaderValueEncoding : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void encodesAsTheSpecTableSays_data();
    void encodesAsTheSpecTableSays();
    void encodedValuesNeverCarryControlCharacters_data();
    void encodedValuesNeverCarryControlCharacters();
    void decodeRoundTrips_data();
    void decodeRoundTrips();
    void decodeLeavesPlainValuesAlone();
    void decodeRejectsBrokenSentinels_data();
    void decodeRejectsBrokenSentinels();
};

void TestHeaderValueEncoding::encodesAsTheSpecTableSays_data()
{
    QTest::addColumn<QString>("value");
    QTest::addColumn<QByteArray>("encoded");
    // streamable-http.mdx §Value Encoding, "Encoding examples" table.
    QTest::newRow("plain ascii") << QStringLiteral("us-west1") << QByteArray("us-west1");
    QTest::newRow("non-ascii") << QStringLiteral("Hello, 世界") << QByteArray("=?base64?SGVsbG8sIOS4lueVjA==?=");
    QTest::newRow("outer spaces") << QStringLiteral(" padded ") << QByteArray("=?base64?IHBhZGRlZCA=?=");
    QTest::newRow("newline") << QStringLiteral("line1\nline2") << QByteArray("=?base64?bGluZTEKbGluZTI=?=");
    QTest::newRow("sentinel-shaped") << QStringLiteral("=?base64?literal?=")
                                     << QByteArray("=?base64?PT9iYXNlNjQ/bGl0ZXJhbD89?=");
    // Beyond the table (the conformance suite's http-custom-headers values).
    QTest::newRow("internal spaces stay plain") << QStringLiteral("us west 1") << QByteArray("us west 1");
    QTest::newRow("leading space only") << QStringLiteral(" us-west1") << QByteArray("=?base64?IHVzLXdlc3Qx?=");
    QTest::newRow("trailing space only") << QStringLiteral("us-west1 ") << QByteArray("=?base64?dXMtd2VzdDEg?=");
    QTest::newRow("tab is encoded") << QStringLiteral("\tindented") << QByteArray("=?base64?CWluZGVudGVk?=");
    QTest::newRow("inner tab is encoded") << QStringLiteral("a\tb") << QByteArray("=?base64?YQli?=");
    QTest::newRow("crlf") << QStringLiteral("line1\r\nline2") << QByteArray("=?base64?bGluZTENCmxpbmUy?=");
    QTest::newRow("DEL") << QStringLiteral("a\x7f") << QByteArray("=?base64?YX8=?=");
    QTest::newRow("empty stays empty") << QString() << QByteArray("");
    QTest::newRow("all visible ascii") << QStringLiteral("!\"#$%&'()*+,-./09:;<=>?@AZ[\\]^_`az{|}~")
                                       << QByteArray("!\"#$%&'()*+,-./09:;<=>?@AZ[\\]^_`az{|}~");
    QTest::newRow("prefix alone stays plain") << QStringLiteral("=?base64?abc") << QByteArray("=?base64?abc");
    QTest::newRow("suffix alone stays plain") << QStringLiteral("abc?=") << QByteArray("abc?=");
    QTest::newRow("uppercase marker is not the sentinel")
        << QStringLiteral("=?BASE64?abc?=") << QByteArray("=?BASE64?abc?=");
    QTest::newRow("overlapping markers") << QStringLiteral("=?base64?=") << QByteArray("=?base64?PT9iYXNlNjQ/PQ==?=");
}

void TestHeaderValueEncoding::encodesAsTheSpecTableSays()
{
    QFETCH(QString, value);
    QFETCH(QByteArray, encoded);
    const QByteArray actual = header_value_encoding::encode(value);
    QCOMPARE(actual, encoded);
    QVERIFY2(!actual.isNull(), "an empty value must still be a (non-null) header value");
    QCOMPARE(header_value_encoding::isSafePlain(value), actual == value.toLatin1());
}

void TestHeaderValueEncoding::encodedValuesNeverCarryControlCharacters_data()
{
    QTest::addColumn<QString>("value");
    QTest::newRow("CR LF injection") << QStringLiteral("x\r\nX-Injected: 1");
    QTest::newRow("NUL") << QString(QChar(0)) + QStringLiteral("a");
    QTest::newRow("bell") << QStringLiteral("\a");
    QTest::newRow("emoji") << QStringLiteral("🙂");
    QTest::newRow("latin-1") << QStringLiteral("Région");
}

void TestHeaderValueEncoding::encodedValuesNeverCarryControlCharacters()
{
    QFETCH(QString, value);
    const QByteArray encoded = header_value_encoding::encode(value);
    QVERIFY(encoded.startsWith("=?base64?"));
    QVERIFY(encoded.endsWith("?="));
    for (const char c : encoded)
        QVERIFY2(c >= 0x21 && c <= 0x7e, encoded.constData());
}

void TestHeaderValueEncoding::decodeRoundTrips_data()
{
    QTest::addColumn<QString>("value");
    QTest::newRow("plain") << QStringLiteral("get_weather");
    QTest::newRow("uri with query") << QStringLiteral("https://example.com/resource?id=123");
    QTest::newRow("non-ascii") << QStringLiteral("Hello, 世界");
    QTest::newRow("sentinel-shaped") << QStringLiteral("=?base64?literal?=");
    QTest::newRow("overlapping markers") << QStringLiteral("=?base64?=");
    QTest::newRow("spaces") << QStringLiteral("  ");
    QTest::newRow("empty") << QString();
}

void TestHeaderValueEncoding::decodeRoundTrips()
{
    QFETCH(QString, value);
    const Result<QString> decoded = header_value_encoding::decode(header_value_encoding::encode(value));
    QVERIFY(decoded.ok());
    QCOMPARE(decoded.value(), value);
}

void TestHeaderValueEncoding::decodeLeavesPlainValuesAlone()
{
    const Result<QString> decoded = header_value_encoding::decode("us-west1");
    QVERIFY(decoded.ok());
    QCOMPARE(decoded.value(), QStringLiteral("us-west1"));
    // Too short to hold both markers: plain.
    QCOMPARE(header_value_encoding::decode("=?base64?=").value(), QStringLiteral("=?base64?="));
    // The empty sentinel is the empty string.
    QCOMPARE(header_value_encoding::decode("=?base64?"
                                           "?=")
                 .value(),
             QString());
}

void TestHeaderValueEncoding::decodeRejectsBrokenSentinels_data()
{
    QTest::addColumn<QByteArray>("headerValue");
    QTest::newRow("not base64") << QByteArray("=?base64?***?=");
    QTest::newRow("not utf-8") << QByteArray("=?base64?/w==?="); // 0xFF
}

void TestHeaderValueEncoding::decodeRejectsBrokenSentinels()
{
    QFETCH(QByteArray, headerValue);
    const Result<QString> decoded = header_value_encoding::decode(headerValue);
    QVERIFY(!decoded.ok());
    QCOMPARE(decoded.error().code(), ErrorCode::MalformedResponse);
}

QTEST_GUILESS_MAIN(TestHeaderValueEncoding)
#include "tst_headervalueencoding.moc"
