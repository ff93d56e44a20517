// UriTemplate against RFC 6570 itself: every example of the level tables in §1.2 and of the expression
// sections §3.2.1–§3.2.9, with the RFC's variable values; then what a template from an untrusted server
// must not do through a value (add path segments or a query), the template errors, and the prefix on
// characters outside the BMP.

#include "mcp/uritemplate.h"

#include <QTest>

using namespace portico;

namespace {

// The variables of RFC 6570 §3.2 (a superset of those of §1.2, with the same values). "undef" is not in
// the hash: it is undefined. "keys" keeps the RFC's order, so the expected strings are the RFC's own.
UriTemplate::Values rfcValues()
{
    return {
        {QStringLiteral("count"), QStringList{QStringLiteral("one"), QStringLiteral("two"), QStringLiteral("three")}},
        {QStringLiteral("dom"), QStringList{QStringLiteral("example"), QStringLiteral("com")}},
        {QStringLiteral("dub"), QStringLiteral("me/too")},
        {QStringLiteral("hello"), QStringLiteral("Hello World!")},
        {QStringLiteral("half"), QStringLiteral("50%")},
        {QStringLiteral("var"), QStringLiteral("value")},
        {QStringLiteral("who"), QStringLiteral("fred")},
        {QStringLiteral("base"), QStringLiteral("http://example.com/home/")},
        {QStringLiteral("path"), QStringLiteral("/foo/bar")},
        {QStringLiteral("list"), QStringList{QStringLiteral("red"), QStringLiteral("green"), QStringLiteral("blue")}},
        {QStringLiteral("keys"), UriTemplate::Pairs{{QStringLiteral("semi"), QStringLiteral(";")},
                                                    {QStringLiteral("dot"), QStringLiteral(".")},
                                                    {QStringLiteral("comma"), QStringLiteral(",")}}},
        {QStringLiteral("v"), QStringLiteral("6")},
        {QStringLiteral("x"), QStringLiteral("1024")},
        {QStringLiteral("y"), QStringLiteral("768")},
        {QStringLiteral("empty"), QString()},
        {QStringLiteral("empty_keys"), UriTemplate::Pairs{}},
    };
}

// Adds rows "<section> <template>" from pairs of template and expected expansion.
void addRows(const char *section, std::initializer_list<std::pair<const char *, const char *>> rows)
{
    for (const auto &[uriTemplate, expected] : rows) {
        QTest::addRow("%s %s", section, uriTemplate) << QString::fromUtf8(uriTemplate) << QString::fromUtf8(expected);
    }
}

QString expanded(const QString &uriTemplate, const UriTemplate::Values &values)
{
    const UriTemplate parsed(uriTemplate);
    if (!parsed.isValid())
        return QStringLiteral("invalid: ") + parsed.problem();
    const Result<QString> uri = parsed.expand(values);
    return uri.ok() ? uri.value() : QStringLiteral("failed: ") + uri.error().message();
}

} // namespace

class TestUriTemplate : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void expandsTheLevelExamples_data();
    void expandsTheLevelExamples();
    void expandsTheSectionExamples_data();
    void expandsTheSectionExamples();
    void percentEncodesValues_data();
    void percentEncodesValues();
    void prefixCountsCodePoints();
    void encodesLiterals();
    void rejectsMalformedTemplates_data();
    void rejectsMalformedTemplates();
    void refusesAPrefixOnACompositeValue();
    void listsVariablesAndOperators();
};

void TestUriTemplate::expandsTheLevelExamples_data()
{
    QTest::addColumn<QString>("uriTemplate");
    QTest::addColumn<QString>("expected");
    addRows("L1", {{"{var}", "value"}, {"{hello}", "Hello%20World%21"}});
    addRows("L2", {{"{+var}", "value"},
                   {"{+hello}", "Hello%20World!"},
                   {"{+path}/here", "/foo/bar/here"},
                   {"here?ref={+path}", "here?ref=/foo/bar"},
                   {"X{#var}", "X#value"},
                   {"X{#hello}", "X#Hello%20World!"}});
    addRows("L3", {{"map?{x,y}", "map?1024,768"},
                   {"{x,hello,y}", "1024,Hello%20World%21,768"},
                   {"{+x,hello,y}", "1024,Hello%20World!,768"},
                   {"{+path,x}/here", "/foo/bar,1024/here"},
                   {"{#x,hello,y}", "#1024,Hello%20World!,768"},
                   {"{#path,x}/here", "#/foo/bar,1024/here"},
                   {"X{.var}", "X.value"},
                   {"X{.x,y}", "X.1024.768"},
                   {"{/var}", "/value"},
                   {"{/var,x}/here", "/value/1024/here"},
                   {"{;x,y}", ";x=1024;y=768"},
                   {"{;x,y,empty}", ";x=1024;y=768;empty"},
                   {"{?x,y}", "?x=1024&y=768"},
                   {"{?x,y,empty}", "?x=1024&y=768&empty="},
                   {"?fixed=yes{&x}", "?fixed=yes&x=1024"},
                   {"{&x,y,empty}", "&x=1024&y=768&empty="}});
    addRows("L4", {{"{var:3}", "val"},
                   {"{var:30}", "value"},
                   {"{list}", "red,green,blue"},
                   {"{list*}", "red,green,blue"},
                   {"{keys}", "semi,%3B,dot,.,comma,%2C"},
                   {"{keys*}", "semi=%3B,dot=.,comma=%2C"},
                   {"{+path:6}/here", "/foo/b/here"},
                   {"{+list}", "red,green,blue"},
                   {"{+list*}", "red,green,blue"},
                   {"{+keys}", "semi,;,dot,.,comma,,"},
                   {"{+keys*}", "semi=;,dot=.,comma=,"},
                   {"{#path:6}/here", "#/foo/b/here"},
                   {"{#list}", "#red,green,blue"},
                   {"{#list*}", "#red,green,blue"},
                   {"{#keys}", "#semi,;,dot,.,comma,,"},
                   {"{#keys*}", "#semi=;,dot=.,comma=,"},
                   {"X{.var:3}", "X.val"},
                   {"X{.list}", "X.red,green,blue"},
                   {"X{.list*}", "X.red.green.blue"},
                   {"X{.keys}", "X.semi,%3B,dot,.,comma,%2C"},
                   {"X{.keys*}", "X.semi=%3B.dot=..comma=%2C"},
                   {"{/var:1,var}", "/v/value"},
                   {"{/list}", "/red,green,blue"},
                   {"{/list*}", "/red/green/blue"},
                   {"{/list*,path:4}", "/red/green/blue/%2Ffoo"},
                   {"{/keys}", "/semi,%3B,dot,.,comma,%2C"},
                   {"{/keys*}", "/semi=%3B/dot=./comma=%2C"},
                   {"{;hello:5}", ";hello=Hello"},
                   {"{;list}", ";list=red,green,blue"},
                   {"{;list*}", ";list=red;list=green;list=blue"},
                   {"{;keys}", ";keys=semi,%3B,dot,.,comma,%2C"},
                   {"{;keys*}", ";semi=%3B;dot=.;comma=%2C"},
                   {"{?var:3}", "?var=val"},
                   {"{?list}", "?list=red,green,blue"},
                   {"{?list*}", "?list=red&list=green&list=blue"},
                   {"{?keys}", "?keys=semi,%3B,dot,.,comma,%2C"},
                   {"{?keys*}", "?semi=%3B&dot=.&comma=%2C"},
                   {"{&var:3}", "&var=val"},
                   {"{&list}", "&list=red,green,blue"},
                   {"{&list*}", "&list=red&list=green&list=blue"},
                   {"{&keys}", "&keys=semi,%3B,dot,.,comma,%2C"},
                   {"{&keys*}", "&semi=%3B&dot=.&comma=%2C"}});
}

void TestUriTemplate::expandsTheLevelExamples()
{
    QFETCH(QString, uriTemplate);
    QFETCH(QString, expected);
    QCOMPARE(expanded(uriTemplate, rfcValues()), expected);
}

void TestUriTemplate::expandsTheSectionExamples_data()
{
    QTest::addColumn<QString>("uriTemplate");
    QTest::addColumn<QString>("expected");
    addRows("3.2.1", {{"{count}", "one,two,three"},
                      {"{count*}", "one,two,three"},
                      {"{/count}", "/one,two,three"},
                      {"{/count*}", "/one/two/three"},
                      {"{;count}", ";count=one,two,three"},
                      {"{;count*}", ";count=one;count=two;count=three"},
                      {"{?count}", "?count=one,two,three"},
                      {"{?count*}", "?count=one&count=two&count=three"},
                      {"{&count*}", "&count=one&count=two&count=three"}});
    addRows("3.2.2", {{"{var}", "value"},
                      {"{hello}", "Hello%20World%21"},
                      {"{half}", "50%25"},
                      {"O{empty}X", "OX"},
                      {"O{undef}X", "OX"},
                      {"{x,y}", "1024,768"},
                      {"{x,hello,y}", "1024,Hello%20World%21,768"},
                      {"?{x,empty}", "?1024,"},
                      {"?{x,undef}", "?1024"},
                      {"?{undef,y}", "?768"},
                      {"{var:3}", "val"},
                      {"{var:30}", "value"},
                      {"{list}", "red,green,blue"},
                      {"{list*}", "red,green,blue"},
                      {"{keys}", "semi,%3B,dot,.,comma,%2C"},
                      {"{keys*}", "semi=%3B,dot=.,comma=%2C"}});
    addRows("3.2.3", {{"{+var}", "value"},
                      {"{+hello}", "Hello%20World!"},
                      {"{+half}", "50%25"},
                      {"{base}index", "http%3A%2F%2Fexample.com%2Fhome%2Findex"},
                      {"{+base}index", "http://example.com/home/index"},
                      {"O{+empty}X", "OX"},
                      {"O{+undef}X", "OX"},
                      {"{+path}/here", "/foo/bar/here"},
                      {"here?ref={+path}", "here?ref=/foo/bar"},
                      {"up{+path}{var}/here", "up/foo/barvalue/here"},
                      {"{+x,hello,y}", "1024,Hello%20World!,768"},
                      {"{+path,x}/here", "/foo/bar,1024/here"},
                      {"{+path:6}/here", "/foo/b/here"},
                      {"{+list}", "red,green,blue"},
                      {"{+list*}", "red,green,blue"},
                      {"{+keys}", "semi,;,dot,.,comma,,"},
                      {"{+keys*}", "semi=;,dot=.,comma=,"}});
    addRows("3.2.4", {{"{#var}", "#value"},
                      {"{#hello}", "#Hello%20World!"},
                      {"{#half}", "#50%25"},
                      {"foo{#empty}", "foo#"},
                      {"foo{#undef}", "foo"},
                      {"{#x,hello,y}", "#1024,Hello%20World!,768"},
                      {"{#path,x}/here", "#/foo/bar,1024/here"},
                      {"{#path:6}/here", "#/foo/b/here"},
                      {"{#list}", "#red,green,blue"},
                      {"{#list*}", "#red,green,blue"},
                      {"{#keys}", "#semi,;,dot,.,comma,,"},
                      {"{#keys*}", "#semi=;,dot=.,comma=,"}});
    addRows("3.2.5", {{"{.who}", ".fred"},
                      {"{.who,who}", ".fred.fred"},
                      {"{.half,who}", ".50%25.fred"},
                      {"www{.dom*}", "www.example.com"},
                      {"X{.var}", "X.value"},
                      {"X{.empty}", "X."},
                      {"X{.undef}", "X"},
                      {"X{.var:3}", "X.val"},
                      {"X{.list}", "X.red,green,blue"},
                      {"X{.list*}", "X.red.green.blue"},
                      {"X{.keys}", "X.semi,%3B,dot,.,comma,%2C"},
                      {"X{.keys*}", "X.semi=%3B.dot=..comma=%2C"},
                      {"X{.empty_keys}", "X"},
                      {"X{.empty_keys*}", "X"}});
    addRows("3.2.6", {{"{/who}", "/fred"},
                      {"{/who,who}", "/fred/fred"},
                      {"{/half,who}", "/50%25/fred"},
                      {"{/who,dub}", "/fred/me%2Ftoo"},
                      {"{/var}", "/value"},
                      {"{/var,empty}", "/value/"},
                      {"{/var,undef}", "/value"},
                      {"{/var,x}/here", "/value/1024/here"},
                      {"{/var:1,var}", "/v/value"},
                      {"{/list}", "/red,green,blue"},
                      {"{/list*}", "/red/green/blue"},
                      {"{/list*,path:4}", "/red/green/blue/%2Ffoo"},
                      {"{/keys}", "/semi,%3B,dot,.,comma,%2C"},
                      {"{/keys*}", "/semi=%3B/dot=./comma=%2C"}});
    addRows("3.2.7", {{"{;who}", ";who=fred"},
                      {"{;half}", ";half=50%25"},
                      {"{;empty}", ";empty"},
                      {"{;v,empty,who}", ";v=6;empty;who=fred"},
                      {"{;v,bar,who}", ";v=6;who=fred"},
                      {"{;x,y}", ";x=1024;y=768"},
                      {"{;x,y,empty}", ";x=1024;y=768;empty"},
                      {"{;x,y,undef}", ";x=1024;y=768"},
                      {"{;hello:5}", ";hello=Hello"},
                      {"{;list}", ";list=red,green,blue"},
                      {"{;list*}", ";list=red;list=green;list=blue"},
                      {"{;keys}", ";keys=semi,%3B,dot,.,comma,%2C"},
                      {"{;keys*}", ";semi=%3B;dot=.;comma=%2C"}});
    addRows("3.2.8", {{"{?who}", "?who=fred"},
                      {"{?half}", "?half=50%25"},
                      {"{?x,y}", "?x=1024&y=768"},
                      {"{?x,y,empty}", "?x=1024&y=768&empty="},
                      {"{?x,y,undef}", "?x=1024&y=768"},
                      {"{?var:3}", "?var=val"},
                      {"{?list}", "?list=red,green,blue"},
                      {"{?list*}", "?list=red&list=green&list=blue"},
                      {"{?keys}", "?keys=semi,%3B,dot,.,comma,%2C"},
                      {"{?keys*}", "?semi=%3B&dot=.&comma=%2C"}});
    addRows("3.2.9", {{"{&who}", "&who=fred"},
                      {"{&half}", "&half=50%25"},
                      {"?fixed=yes{&x}", "?fixed=yes&x=1024"},
                      {"{&x,y,empty}", "&x=1024&y=768&empty="},
                      {"{&x,y,undef}", "&x=1024&y=768"},
                      {"{&var:3}", "&var=val"},
                      {"{&list}", "&list=red,green,blue"},
                      {"{&list*}", "&list=red&list=green&list=blue"},
                      {"{&keys}", "&keys=semi,%3B,dot,.,comma,%2C"},
                      {"{&keys*}", "&semi=%3B&dot=.&comma=%2C"}});
}

void TestUriTemplate::expandsTheSectionExamples()
{
    QFETCH(QString, uriTemplate);
    QFETCH(QString, expected);
    QCOMPARE(expanded(uriTemplate, rfcValues()), expected);
}

void TestUriTemplate::percentEncodesValues_data()
{
    // A value from a person (or a server) must stay one value: no "/" adds a path segment, no "?" or "#"
    // starts a query or fragment, no "&" or "=" adds a parameter, no "{" is expanded again.
    QTest::addColumn<QString>("uriTemplate");
    QTest::addColumn<QString>("value");
    QTest::addColumn<QString>("expected");
    const QString nasty = QStringLiteral("../a/b?c=d&e#f");
    QTest::newRow("simple") << "file:///srv/{v}.txt" << nasty << "file:///srv/..%2Fa%2Fb%3Fc%3Dd%26e%23f.txt";
    QTest::newRow("path segment") << "demo://x{/v}" << nasty << "demo://x/..%2Fa%2Fb%3Fc%3Dd%26e%23f";
    QTest::newRow("label") << "demo://x{.v}" << nasty << "demo://x...%2Fa%2Fb%3Fc%3Dd%26e%23f";
    QTest::newRow("query") << "demo://x{?v}" << nasty << "demo://x?v=..%2Fa%2Fb%3Fc%3Dd%26e%23f";
    QTest::newRow("continuation") << "demo://x?a=1{&v}" << nasty << "demo://x?a=1&v=..%2Fa%2Fb%3Fc%3Dd%26e%23f";
    QTest::newRow("path parameter") << "demo://x{;v}" << nasty << "demo://x;v=..%2Fa%2Fb%3Fc%3Dd%26e%23f";
    QTest::newRow("no second expansion") << "demo://x/{v}"
                                         << "{v}"
                                         << "demo://x/%7Bv%7D";
    QTest::newRow("percent is encoded") << "demo://x/{v}"
                                        << "%2F"
                                        << "demo://x/%252F";
    QTest::newRow("space and controls") << "demo://x/{v}"
                                        << "a b\r\n"
                                        << "demo://x/a%20b%0D%0A";
    QTest::newRow("utf-8") << "demo://x/{v}"
                           << "\u00e9\u4e2d"
                           << "demo://x/%C3%A9%E4%B8%AD";
    // {+v} and {#v} let reserved characters through by design (§3.2.3): only a template can ask for that.
    // Characters that are not reserved are still encoded, and valid triplets pass unchanged.
    QTest::newRow("reserved keeps / and ?") << "demo://x/{+v}"
                                            << "a/b?c d%41%zz"
                                            << "demo://x/a/b?c%20d%41%25zz";
}

void TestUriTemplate::percentEncodesValues()
{
    QFETCH(QString, uriTemplate);
    QFETCH(QString, value);
    QFETCH(QString, expected);
    QCOMPARE(expanded(uriTemplate, {{QStringLiteral("v"), value}}), expected);
}

void TestUriTemplate::prefixCountsCodePoints()
{
    // U+1F600 is two UTF-16 units: a prefix of 1 takes the whole character, never half of it.
    const UriTemplate::Values values{{QStringLiteral("v"), QStringLiteral("\U0001F600x\u00e9")}};
    QCOMPARE(expanded(QStringLiteral("{v:1}"), values), QStringLiteral("%F0%9F%98%80"));
    QCOMPARE(expanded(QStringLiteral("{v:3}"), values), QStringLiteral("%F0%9F%98%80x%C3%A9"));
    QCOMPARE(expanded(QStringLiteral("{v:9999}"), values), QStringLiteral("%F0%9F%98%80x%C3%A9"));
}

void TestUriTemplate::encodesLiterals()
{
    // §3.1: a literal that may appear in a URI is copied, anything else is percent-encoded.
    QCOMPARE(expanded(QStringLiteral("demo://a b/\u00e9/%41/{v}"), {{QStringLiteral("v"), QStringLiteral("1")}}),
             QStringLiteral("demo://a%20b/%C3%A9/%41/1"));
    QCOMPARE(expanded(QStringLiteral("demo://x/fixed"), {}), QStringLiteral("demo://x/fixed"));
}

void TestUriTemplate::rejectsMalformedTemplates_data()
{
    QTest::addColumn<QString>("uriTemplate");
    QTest::newRow("never closed") << "demo://x/{id";
    QTest::newRow("closed without opening") << "demo://x/id}";
    QTest::newRow("nested") << "demo://{a{b}}";
    QTest::newRow("empty expression") << "demo://x/{}";
    QTest::newRow("operator only") << "demo://x/{+}";
    QTest::newRow("empty name in list") << "demo://x/{a,,b}";
    QTest::newRow("reserved operator =") << "{=path}";
    QTest::newRow("reserved operator !") << "{!hello}";
    QTest::newRow("reserved operator |") << "{|var*}";
    QTest::newRow("local operator $") << "{$var}";
    QTest::newRow("space in name") << "{with space}";
    QTest::newRow("two operators") << "{??hello}";
    QTest::newRow("prefix not a number") << "{var:prefix}";
    QTest::newRow("prefix zero") << "{var:0}";
    QTest::newRow("prefix too long") << "{var:10000}";
    QTest::newRow("prefix and explode") << "{hello:2*}";
    QTest::newRow("explode before operator") << "{*keys?}";
}

void TestUriTemplate::rejectsMalformedTemplates()
{
    QFETCH(QString, uriTemplate);
    const UriTemplate parsed(uriTemplate);
    QVERIFY(!parsed.isValid());
    QVERIFY(parsed.problem().startsWith(QStringLiteral("The URI template")));
    QVERIFY(parsed.expressions().isEmpty());
    const Result<QString> uri = parsed.expand(rfcValues());
    QVERIFY(!uri.ok());
    QCOMPARE(uri.error().code(), ErrorCode::InvalidArgument);
    QCOMPARE(uri.error().message(), parsed.problem());
}

void TestUriTemplate::refusesAPrefixOnACompositeValue()
{
    // §2.4.1: a prefix does not apply to composite values; the template parses, the expansion fails.
    for (const char *uriTemplate : {"{keys:1}", "{+keys:1}", "{?list:2}"}) {
        const UriTemplate parsed(QString::fromLatin1(uriTemplate));
        QVERIFY(parsed.isValid());
        const Result<QString> uri = parsed.expand(rfcValues());
        QVERIFY2(!uri.ok(), uriTemplate);
        QCOMPARE(uri.error().code(), ErrorCode::InvalidArgument);
    }
}

void TestUriTemplate::listsVariablesAndOperators()
{
    const UriTemplate parsed(QStringLiteral("a{/x,y*}{?z:3}{x}{file-name}{#f}{.l}{;p}{&q}{+r}"));
    QVERIFY2(parsed.isValid(), qPrintable(parsed.problem()));
    QCOMPARE(parsed.variableNames(), (QStringList{QStringLiteral("x"), QStringLiteral("y"), QStringLiteral("z"),
                                                  QStringLiteral("file-name"), QStringLiteral("f"), QStringLiteral("l"),
                                                  QStringLiteral("p"), QStringLiteral("q"), QStringLiteral("r")}));
    using Op = UriTemplate::Operator;
    const QList<Op> expected{Op::PathSegment, Op::Query, Op::Simple,        Op::Simple,
                             Op::Fragment,    Op::Label, Op::PathParameter, Op::QueryContinuation,
                             Op::Reserved};
    QCOMPARE(parsed.expressions().size(), expected.size());
    for (qsizetype i = 0; i < expected.size(); ++i)
        QCOMPARE(parsed.expressions().at(i).op, expected.at(i));
    const UriTemplate::Expression &path = parsed.expressions().at(0);
    QVERIFY(!path.variables.at(0).explode);
    QVERIFY(path.variables.at(1).explode);
    QCOMPARE(parsed.expressions().at(1).variables.at(0).prefix, 3);
    QCOMPARE(parsed.text(), QStringLiteral("a{/x,y*}{?z:3}{x}{file-name}{#f}{.l}{;p}{&q}{+r}"));
}

QTEST_APPLESS_MAIN(TestUriTemplate)
#include "tst_uritemplate.moc"
