// The tolerant JSON reader for VS Code's and Zed's JSONC: comments and trailing commas go, strings stay
// byte for byte, and a malformed file is reported with its line and column; values hosts write as numbers or
// strings read as text.

#include "config/jsonc.h"

#include <QJsonArray>
#include <QTest>

using namespace portico;

class TestJsonc : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void acceptsCommentsAndTrailingCommas();
    void keepsCommentMarkersInsideStrings();
    void keepsOffsetsSoLinesStayRight();
    void reportsLineAndColumn_data();
    void reportsLineAndColumn();
    void strictRejectsComments();
    void rejectsNonObjectTopLevelAndEmptyText();
    void readsNumbersAsTextWhereHostsMeanText();
};

void TestJsonc::acceptsCommentsAndTrailingCommas()
{
    const QByteArray text = "\xEF\xBB\xBF// leading comment\n"
                            "{\n"
                            "  /* block\n     comment */ \"a\": [1, 2, 3,],\n"
                            "  \"b\": { \"c\": true, }, // trailing\n"
                            "}\n";
    const Result<QJsonObject> parsed = jsonc::parseObject(text, jsonc::Dialect::Tolerant);
    QVERIFY2(parsed.ok(), parsed.ok() ? "" : qPrintable(parsed.error().message()));
    QCOMPARE(parsed.value().value(QLatin1StringView("a")).toArray().size(), 3);
    QVERIFY(parsed.value().value(QLatin1StringView("b")).toObject().value(QLatin1StringView("c")).toBool());
}

void TestJsonc::keepsCommentMarkersInsideStrings()
{
    const QByteArray text =
        R"({"url": "https://example.com/a//b", "d": "x /* y */ z", "e": "quote \" // still", "f": ",}"})";
    const Result<QJsonObject> parsed = jsonc::parseObject(text, jsonc::Dialect::Tolerant);
    QVERIFY(parsed.ok());
    QCOMPARE(parsed.value().value(QLatin1StringView("url")).toString(), QStringLiteral("https://example.com/a//b"));
    QCOMPARE(parsed.value().value(QLatin1StringView("d")).toString(), QStringLiteral("x /* y */ z"));
    QCOMPARE(parsed.value().value(QLatin1StringView("e")).toString(), QStringLiteral("quote \" // still"));
    QCOMPARE(parsed.value().value(QLatin1StringView("f")).toString(), QStringLiteral(",}"));
}

void TestJsonc::keepsOffsetsSoLinesStayRight()
{
    const QByteArray text = "{ // c\n /* a\n b */ \"x\": 1, }";
    const Result<QByteArray> stripped = jsonc::toStrictJson(text);
    QVERIFY(stripped.ok());
    QCOMPARE(stripped.value().size(), text.size());
    QCOMPARE(stripped.value().count('\n'), text.count('\n'));
}

void TestJsonc::reportsLineAndColumn_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QString>("where");
    QTest::newRow("missing comma") << QByteArray("{\n  \"a\": 1\n  \"b\": 2\n}") << QStringLiteral("Line 3");
    QTest::newRow("missing colon") << QByteArray("// c\n{\n\n \"a\" 1 }") << QStringLiteral("Line 4");
    QTest::newRow("unclosed comment") << QByteArray("{\n\"a\": 1 /* never\n closed }") << QStringLiteral("Line 2");
    QTest::newRow("unclosed object") << QByteArray("{\n\"a\": 1,\n\"b\": 2\n") << QStringLiteral("Line ");
}

void TestJsonc::reportsLineAndColumn()
{
    QFETCH(QByteArray, text);
    QFETCH(QString, where);
    const Result<QJsonObject> parsed = jsonc::parseObject(text, jsonc::Dialect::Tolerant);
    QVERIFY(!parsed.ok());
    QCOMPARE(parsed.error().code(), ErrorCode::ConfigInvalid);
    QVERIFY2(parsed.error().message().startsWith(where), qPrintable(parsed.error().message()));
    QVERIFY(parsed.error().message().contains(QStringLiteral("column")));
}

void TestJsonc::strictRejectsComments()
{
    QVERIFY(!jsonc::parseObject("{ // no\n }", jsonc::Dialect::Strict).ok());
    QVERIFY(!jsonc::parseObject("{ \"a\": 1, }", jsonc::Dialect::Strict).ok());
    QVERIFY(jsonc::parseObject("{ \"a\": 1 }", jsonc::Dialect::Strict).ok());
}

void TestJsonc::rejectsNonObjectTopLevelAndEmptyText()
{
    const Result<QJsonObject> array = jsonc::parseObject("[1, 2]", jsonc::Dialect::Tolerant);
    QVERIFY(!array.ok());
    QVERIFY(array.error().message().contains(QStringLiteral("not a JSON object")));
    const Result<QJsonObject> empty = jsonc::parseObject("  // only a comment\n", jsonc::Dialect::Tolerant);
    QVERIFY(!empty.ok());
    QVERIFY(empty.error().message().contains(QStringLiteral("empty")));
}

void TestJsonc::readsNumbersAsTextWhereHostsMeanText()
{
    const Result<QJsonObject> parsed =
        jsonc::parseObject(R"({"args": ["mcp-remote", 8080, 0.5, true, null], "id": 12345})", jsonc::Dialect::Strict);
    QVERIFY(parsed.ok());
    QCOMPARE(jsonc::toText(parsed.value().value(QLatin1StringView("id"))), QStringLiteral("12345"));
    QCOMPARE(jsonc::toTextList(parsed.value().value(QLatin1StringView("args"))),
             (QStringList{QStringLiteral("mcp-remote"), QStringLiteral("8080"), QStringLiteral("0.5"), QString(),
                          QString()}));
    QVERIFY(jsonc::toTextList(parsed.value().value(QLatin1StringView("id"))).isEmpty());
}

QTEST_GUILESS_MAIN(TestJsonc)
#include "tst_jsonc.moc"
