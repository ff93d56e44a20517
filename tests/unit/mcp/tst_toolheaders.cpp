// tool_headers: which tools a 2026-07-28 client must leave out because of their x-mcp-header annotations,
// and the Mcp-Param-* headers of a tools/call (streamable-http.mdx §Custom Headers from Tool Parameters,
// server/tools.mdx §x-mcp-header; requirements TRANSPORT-12). The last cases replay the conformance suite's
// http-invalid-tool-headers and http-custom-headers tool lists.

#include "mcp/toolheaders.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

#include <algorithm>

using namespace portico;
using tool_headers::ExcludedTool;
using tool_headers::kMaxSchemaDepth;
using tool_headers::Screening;

namespace {

QJsonObject json(const QByteArray &text)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(text, &error);
    if (error.error != QJsonParseError::NoError)
        qFatal("bad test JSON: %s", qPrintable(error.errorString()));
    return document.object();
}

QJsonObject toolWith(const QByteArray &inputSchema)
{
    return QJsonObject{{QStringLiteral("name"), QStringLiteral("t")},
                       {QStringLiteral("inputSchema"), json(inputSchema)}};
}

// "Name: value" lines, sorted: the order of headers carries no meaning.
QList<QByteArray> lines(const HttpHeaders &headers)
{
    QList<QByteArray> result;
    for (const auto &[name, value] : headers)
        result.append(name + ": " + value);
    std::sort(result.begin(), result.end());
    return result;
}

// A schema nested `levels` deep through properties, annotated at the bottom.
QByteArray deepSchema(int levels)
{
    QByteArray schema = R"({"type":"string","x-mcp-header":"Deep"})";
    for (int i = 0; i < levels; ++i)
        schema = R"({"type":"object","properties":{"p":)" + schema + "}}";
    return schema;
}

} // namespace

class TestToolHeaders : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void screensAnnotations_data();
    void screensAnnotations();
    void reportsTheBindingsOfAUsableTool();
    void warningNamesToolAndReason();
    void excludesExactlyTheConformanceInvalidTools();
    void computesParamHeaders_data();
    void computesParamHeaders();
    void refusesArgumentsWithoutAHeaderForm_data();
    void refusesArgumentsWithoutAHeaderForm();
    void mirrorsTheConformanceCustomHeaderCall();
};

void TestToolHeaders::screensAnnotations_data()
{
    QTest::addColumn<QByteArray>("inputSchema");
    QTest::addColumn<bool>("usable");
    QTest::addColumn<QString>("reason"); // a fragment of the exclusion reason

    // Valid (requirements TRANSPORT-12: primitive, token, unique, reachable through properties alone).
    QTest::newRow("string") << QByteArray(
        R"({"type":"object","properties":{"region":{"type":"string","x-mcp-header":"Region"}}})")
                            << true << QString();
    QTest::newRow("integer and boolean") << QByteArray(
        R"({"type":"object","properties":{"n":{"type":"integer","x-mcp-header":"N"},
                         "b":{"type":"boolean","x-mcp-header":"B"}}})")
                                         << true << QString();
    QTest::newRow("every tchar") << QByteArray(
        R"({"properties":{"a":{"type":"string","x-mcp-header":"!#$%&'*+-.^_`|~09azAZ"}}})")
                                 << true << QString();
    QTest::newRow("nested properties chain")
        << QByteArray(R"({"type":"object","properties":{"options":{"type":"object","properties":{
                         "limit":{"type":"integer","x-mcp-header":"Limit"}}}}})")
        << true << QString();
    QTest::newRow("nullable string") << QByteArray(
        R"({"properties":{"a":{"type":["string","null"],"x-mcp-header":"A"}}})")
                                     << true << QString();
    QTest::newRow("enum of strings without type")
        << QByteArray(R"({"properties":{"a":{"enum":["x","y"],"x-mcp-header":"A"}}})") << true << QString();
    QTest::newRow("const without type") << QByteArray(R"({"properties":{"a":{"const":7,"x-mcp-header":"A"}}})") << true
                                        << QString();
    QTest::newRow("no annotations") << QByteArray(R"({"type":"object","properties":{"q":{"type":"number"}}})") << true
                                    << QString();
    QTest::newRow("property named x-mcp-header")
        << QByteArray(R"({"properties":{"x-mcp-header":{"type":"object"}}})") << true << QString();
    QTest::newRow("annotation-shaped data in default")
        << QByteArray(R"({"properties":{"a":{"type":"object","default":{"x-mcp-header":"X"}}}})") << true << QString();
    QTest::newRow("annotation-shaped data in enum")
        << QByteArray(R"({"properties":{"a":{"type":"object","enum":[{"x-mcp-header":""}]}}})") << true << QString();
    QTest::newRow("nesting at the limit") << deepSchema(kMaxSchemaDepth - 1) << true << QString();

    // Value constraints.
    QTest::newRow("empty") << QByteArray(R"({"properties":{"a":{"type":"string","x-mcp-header":""}}})") << false
                           << QStringLiteral("is empty");
    QTest::newRow("not a string") << QByteArray(R"({"properties":{"a":{"type":"string","x-mcp-header":42}}})") << false
                                  << QStringLiteral("not a string");
    QTest::newRow("space") << QByteArray(R"({"properties":{"a":{"type":"string","x-mcp-header":"My Region"}}})")
                           << false << QStringLiteral("not an HTTP field-name token");
    QTest::newRow("colon") << QByteArray(R"({"properties":{"a":{"type":"string","x-mcp-header":"Region:Primary"}}})")
                           << false << QStringLiteral("not an HTTP field-name token");
    QTest::newRow("non-ascii") << QByteArray(R"({"properties":{"a":{"type":"string","x-mcp-header":"Région"}}})")
                               << false << QStringLiteral("not an HTTP field-name token");
    QTest::newRow("parenthesis") << QByteArray(R"j({"properties":{"a":{"type":"string","x-mcp-header":"A(1)"}}})j")
                                 << false << QStringLiteral("not an HTTP field-name token");
    QTest::newRow("tab") << QByteArray(R"({"properties":{"a":{"type":"string","x-mcp-header":"Region\t1"}}})") << false
                         << QStringLiteral("control character");
    QTest::newRow("CR") << QByteArray(R"({"properties":{"a":{"type":"string","x-mcp-header":"A\rB"}}})") << false
                        << QStringLiteral("control character");
    QTest::newRow("LF") << QByteArray(R"({"properties":{"a":{"type":"string","x-mcp-header":"A\nB"}}})") << false
                        << QStringLiteral("control character");
    QTest::newRow("duplicate, same case") << QByteArray(R"({"properties":{"a":{"type":"string","x-mcp-header":"Region"},
                         "b":{"type":"string","x-mcp-header":"Region"}}})")
                                          << false << QStringLiteral("duplicates");
    QTest::newRow("duplicate, other case")
        << QByteArray(R"({"properties":{"a":{"type":"string","x-mcp-header":"MyField"},
                         "b":{"type":"string","x-mcp-header":"myfield"}}})")
        << false << QStringLiteral("duplicates");
    QTest::newRow("duplicate across levels")
        << QByteArray(R"({"properties":{"a":{"type":"string","x-mcp-header":"Limit"},
                         "o":{"type":"object","properties":{"l":{"type":"integer","x-mcp-header":"LIMIT"}}}}})")
        << false << QStringLiteral("duplicates");

    // Primitive types only (string, integer, boolean; never number).
    QTest::newRow("number") << QByteArray(R"({"properties":{"a":{"type":"number","x-mcp-header":"Score"}}})") << false
                            << QStringLiteral("“number”");
    QTest::newRow("object") << QByteArray(R"({"properties":{"a":{"type":"object","x-mcp-header":"Data"}}})") << false
                            << QStringLiteral("“object”");
    QTest::newRow("array") << QByteArray(
        R"({"properties":{"a":{"type":"array","items":{"type":"string"},"x-mcp-header":"Items"}}})")
                           << false << QStringLiteral("“array”");
    QTest::newRow("null") << QByteArray(R"({"properties":{"a":{"type":"null","x-mcp-header":"Nil"}}})") << false
                          << QStringLiteral("“null”");
    QTest::newRow("number or null") << QByteArray(
        R"({"properties":{"a":{"type":["number","null"],"x-mcp-header":"A"}}})")
                                    << false << QStringLiteral("“number”");
    QTest::newRow("null only, as a list") << QByteArray(R"({"properties":{"a":{"type":["null"],"x-mcp-header":"A"}}})")
                                          << false << QStringLiteral("not string, integer or boolean");
    QTest::newRow("no type") << QByteArray(R"({"properties":{"a":{"description":"?","x-mcp-header":"A"}}})") << false
                             << QStringLiteral("declares no type");
    QTest::newRow("enum with a fraction") << QByteArray(R"({"properties":{"a":{"enum":[1.5],"x-mcp-header":"A"}}})")
                                          << false << QStringLiteral("declares no type");
    QTest::newRow("malformed type") << QByteArray(R"({"properties":{"a":{"type":7,"x-mcp-header":"A"}}})") << false
                                    << QStringLiteral("malformed");

    // Reachable through `properties` keys alone.
    QTest::newRow("on the root") << QByteArray(R"({"type":"string","x-mcp-header":"Root"})") << false
                                 << QStringLiteral("at / is not on a property reachable");
    QTest::newRow("under items")
        << QByteArray(R"({"properties":{"list":{"type":"array","items":{"type":"object","properties":{
                         "id":{"type":"string","x-mcp-header":"Id"}}}}}})")
        << false << QStringLiteral("/properties/list/items/properties/id is not on a property reachable");
    QTest::newRow("under prefixItems") << QByteArray(
        R"({"properties":{"t":{"type":"array","prefixItems":[{"type":"string","x-mcp-header":"A"}]}}})")
                                       << false << QStringLiteral("/properties/t/prefixItems/0");
    QTest::newRow("under anyOf") << QByteArray(
        R"({"anyOf":[{"properties":{"a":{"type":"string","x-mcp-header":"A"}}}]})")
                                 << false << QStringLiteral("/anyOf/0/properties/a");
    QTest::newRow("under oneOf") << QByteArray(
        R"({"properties":{"a":{"oneOf":[{"type":"string","x-mcp-header":"A"}]}}})")
                                 << false << QStringLiteral("/properties/a/oneOf/0");
    QTest::newRow("under allOf") << QByteArray(
        R"({"allOf":[{"properties":{"a":{"type":"string","x-mcp-header":"A"}}}]})")
                                 << false << QStringLiteral("not on a property reachable");
    QTest::newRow("under not") << QByteArray(R"({"not":{"properties":{"a":{"type":"string","x-mcp-header":"A"}}}})")
                               << false << QStringLiteral("/not/properties/a");
    QTest::newRow("under if/then/else") << QByteArray(
        R"({"if":{"properties":{"k":{"const":"x"}}},"then":{"properties":{"a":{"type":"string","x-mcp-header":"A"}}}})")
                                        << false << QStringLiteral("/then/properties/a");
    QTest::newRow("under $defs behind $ref")
        << QByteArray(R"({"properties":{"a":{"$ref":"#/$defs/r"}},"$defs":{"r":{"type":"string","x-mcp-header":"R"}}})")
        << false << QStringLiteral("/$defs/r");
    QTest::newRow("under additionalProperties")
        << QByteArray(R"({"additionalProperties":{"type":"string","x-mcp-header":"A"}})") << false
        << QStringLiteral("/additionalProperties");
    QTest::newRow("under patternProperties")
        << QByteArray(R"({"patternProperties":{"^a":{"type":"string","x-mcp-header":"A"}}})") << false
        << QStringLiteral("/patternProperties/^a");
    QTest::newRow("pointer escapes") << QByteArray(R"({"$defs":{"a/b~c":{"type":"string","x-mcp-header":"A"}}})")
                                     << false << QStringLiteral("/$defs/a~1b~0c");

    // Bounds (requirements FEATURE-7, SEC-12).
    QTest::newRow("nesting beyond the limit")
        << deepSchema(kMaxSchemaDepth + 1) << false << QStringLiteral("nests deeper than");
}

void TestToolHeaders::screensAnnotations()
{
    QFETCH(QByteArray, inputSchema);
    QFETCH(bool, usable);
    QFETCH(QString, reason);

    const QJsonObject tool = toolWith(inputSchema);
    const Screening screening = tool_headers::screen({tool});
    QCOMPARE(screening.usable.size(), usable ? 1 : 0);
    QCOMPARE(screening.excluded.size(), usable ? 0 : 1);
    if (usable) {
        QCOMPARE(screening.usable.constFirst(), tool); // untouched: the schema is kept as the server sent it
        return;
    }
    const ExcludedTool &excluded = screening.excluded.constFirst();
    QCOMPARE(excluded.name, QStringLiteral("t"));
    QCOMPARE(excluded.tool, tool);
    QVERIFY2(excluded.reason.contains(reason), qPrintable(excluded.reason));
    // paramHeaders() refuses an invalid tool too: nothing is sent with half its headers.
    const Result<HttpHeaders> headers = tool_headers::paramHeaders(tool, {});
    QVERIFY(!headers.ok());
    QCOMPARE(headers.error().code(), ErrorCode::InvalidArgument);
}

void TestToolHeaders::reportsTheBindingsOfAUsableTool()
{
    const Result<QList<tool_headers::Binding>> found = tool_headers::bindings(
        toolWith(R"({"properties":{"region":{"type":"string","x-mcp-header":"Region"},"query":{"type":"string"},
                    "options":{"properties":{"limit":{"type":"integer","x-mcp-header":"Limit"}}}}})"));
    QVERIFY(found.ok());
    QList<tool_headers::Binding> bindings = found.value();
    std::sort(bindings.begin(), bindings.end(), [](const tool_headers::Binding &a, const tool_headers::Binding &b) {
        return a.annotation < b.annotation;
    });
    QCOMPARE(bindings.size(), 2);
    QCOMPARE(bindings.at(0).path, QStringList({QStringLiteral("options"), QStringLiteral("limit")}));
    QCOMPARE(bindings.at(0).headerName(), QByteArray("Mcp-Param-Limit"));
    QCOMPARE(bindings.at(1).path, QStringList({QStringLiteral("region")}));
    QCOMPARE(bindings.at(1).headerName(), QByteArray("Mcp-Param-Region"));

    // No inputSchema at all: nothing to mirror, nothing wrong.
    const Result<QList<tool_headers::Binding>> none =
        tool_headers::bindings({{QStringLiteral("name"), QStringLiteral("x")}});
    QVERIFY(none.ok());
    QVERIFY(none.value().isEmpty());
}

void TestToolHeaders::warningNamesToolAndReason()
{
    QJsonObject tool = toolWith(R"({"properties":{"a":{"type":"number","x-mcp-header":"Score"}}})");
    tool.insert(QStringLiteral("name"), QStringLiteral("evil\r\nname"));
    const Screening screening = tool_headers::screen({tool});
    QCOMPARE(screening.excluded.size(), 1);
    const QString warning = screening.excluded.constFirst().warning();
    QVERIFY2(warning.contains(QStringLiteral("evil??name")), qPrintable(warning)); // printable, one line
    QVERIFY2(warning.contains(QStringLiteral("“number”")), qPrintable(warning));
}

void TestToolHeaders::excludesExactlyTheConformanceInvalidTools()
{
    // conformance 0.2.0-alpha.12, scenario http-invalid-tool-headers: its tools/list, verbatim.
    const QJsonObject result = json(R"({"tools":[
      {"name":"valid_tool","inputSchema":{"type":"object","properties":{"region":{"type":"string","x-mcp-header":"Region"}},"required":["region"]}},
      {"name":"invalid_empty_header","inputSchema":{"type":"object","properties":{"value":{"type":"string","x-mcp-header":""}},"required":["value"]}},
      {"name":"invalid_object_header","inputSchema":{"type":"object","properties":{"data":{"type":"object","x-mcp-header":"Data"}},"required":["data"]}},
      {"name":"invalid_array_header","inputSchema":{"type":"object","properties":{"items":{"type":"array","items":{"type":"string"},"x-mcp-header":"Items"}},"required":["items"]}},
      {"name":"invalid_null_header","inputSchema":{"type":"object","properties":{"nil":{"type":"null","x-mcp-header":"Nil"}},"required":["nil"]}},
      {"name":"invalid_number_header","inputSchema":{"type":"object","properties":{"score":{"type":"number","x-mcp-header":"Score"}},"required":["score"]}},
      {"name":"invalid_duplicate_same_case","inputSchema":{"type":"object","properties":{"field1":{"type":"string","x-mcp-header":"Region"},"field2":{"type":"string","x-mcp-header":"Region"}},"required":["field1","field2"]}},
      {"name":"invalid_duplicate_diff_case","inputSchema":{"type":"object","properties":{"field1":{"type":"string","x-mcp-header":"MyField"},"field2":{"type":"string","x-mcp-header":"myfield"}},"required":["field1","field2"]}},
      {"name":"invalid_space_in_name","inputSchema":{"type":"object","properties":{"value":{"type":"string","x-mcp-header":"My Region"}},"required":["value"]}},
      {"name":"invalid_colon_in_name","inputSchema":{"type":"object","properties":{"value":{"type":"string","x-mcp-header":"Region:Primary"}},"required":["value"]}},
      {"name":"invalid_non_ascii_name","inputSchema":{"type":"object","properties":{"value":{"type":"string","x-mcp-header":"Région"}},"required":["value"]}},
      {"name":"invalid_control_char_name","inputSchema":{"type":"object","properties":{"value":{"type":"string","x-mcp-header":"Region\t1"}},"required":["value"]}}
    ]})");
    QList<QJsonObject> tools;
    for (const QJsonValue &tool : result.value(QStringLiteral("tools")).toArray())
        tools.append(tool.toObject());

    const Screening screening = tool_headers::screen(tools);
    QCOMPARE(screening.usable.size(), 1);
    QCOMPARE(screening.usable.constFirst().value(QStringLiteral("name")).toString(), QStringLiteral("valid_tool"));
    QStringList excluded;
    for (const ExcludedTool &tool : screening.excluded)
        excluded.append(tool.name);
    QCOMPARE(excluded,
             (QStringList{QStringLiteral("invalid_empty_header"), QStringLiteral("invalid_object_header"),
                          QStringLiteral("invalid_array_header"), QStringLiteral("invalid_null_header"),
                          QStringLiteral("invalid_number_header"), QStringLiteral("invalid_duplicate_same_case"),
                          QStringLiteral("invalid_duplicate_diff_case"), QStringLiteral("invalid_space_in_name"),
                          QStringLiteral("invalid_colon_in_name"), QStringLiteral("invalid_non_ascii_name"),
                          QStringLiteral("invalid_control_char_name")}));
}

void TestToolHeaders::computesParamHeaders_data()
{
    QTest::addColumn<QByteArray>("inputSchema");
    QTest::addColumn<QByteArray>("arguments");
    QTest::addColumn<QList<QByteArray>>("expected");

    const QByteArray flat = R"({"type":"object","properties":{
        "region":{"type":"string","x-mcp-header":"Region"},
        "priority":{"type":"integer","x-mcp-header":"Priority"},
        "verbose":{"type":["boolean","null"],"x-mcp-header":"Verbose"},
        "query":{"type":"string"},
        "score":{"type":"number"}}})";
    QTest::newRow("string as is") << flat << QByteArray(R"({"region":"us-west1","query":"SELECT 1"})")
                                  << QList<QByteArray>{"Mcp-Param-Region: us-west1"};
    QTest::newRow("integer in decimal") << flat << QByteArray(R"({"priority":42})")
                                        << QList<QByteArray>{"Mcp-Param-Priority: 42"};
    QTest::newRow("negative integer") << flat << QByteArray(R"({"priority":-7})")
                                      << QList<QByteArray>{"Mcp-Param-Priority: -7"};
    QTest::newRow("integer written as 42.0")
        << flat << QByteArray(R"({"priority":42.0})") << QList<QByteArray>{"Mcp-Param-Priority: 42"};
    QTest::newRow("largest safe integer") << flat << QByteArray(R"({"priority":9007199254740991})")
                                          << QList<QByteArray>{"Mcp-Param-Priority: 9007199254740991"};
    QTest::newRow("true") << flat << QByteArray(R"({"verbose":true})") << QList<QByteArray>{"Mcp-Param-Verbose: true"};
    QTest::newRow("false") << flat << QByteArray(R"({"verbose":false})")
                           << QList<QByteArray>{"Mcp-Param-Verbose: false"};
    QTest::newRow("null is omitted") << flat << QByteArray(R"({"region":"r","verbose":null})")
                                     << QList<QByteArray>{"Mcp-Param-Region: r"};
    QTest::newRow("absent is omitted") << flat << QByteArray(R"({})") << QList<QByteArray>{};
    QTest::newRow("unannotated never mirrored")
        << flat << QByteArray(R"({"query":"q","score":1.5})") << QList<QByteArray>{};
    QTest::newRow("empty string is sent empty")
        << flat << QByteArray(R"({"region":""})") << QList<QByteArray>{"Mcp-Param-Region: "};
    QTest::newRow("non-ascii is base64") << flat << QByteArray(R"({"region":"Hello, 世界"})")
                                         << QList<QByteArray>{"Mcp-Param-Region: =?base64?SGVsbG8sIOS4lueVjA==?="};
    QTest::newRow("header injection is encoded") << flat << QByteArray(R"({"region":"a\r\nX-Evil: 1"})")
                                                 << QList<QByteArray>{"Mcp-Param-Region: =?base64?YQ0KWC1FdmlsOiAx?="};
    QTest::newRow("a string in an integer slot is still a string")
        << flat << QByteArray(R"({"priority":"5"})") << QList<QByteArray>{"Mcp-Param-Priority: 5"};

    const QByteArray nested = R"({"properties":{"options":{"type":"object","properties":{
        "limit":{"type":"integer","x-mcp-header":"Limit"}}}}})";
    QTest::newRow("nested path") << nested << QByteArray(R"({"options":{"limit":10}})")
                                 << QList<QByteArray>{"Mcp-Param-Limit: 10"};
    QTest::newRow("nested path, parent missing") << nested << QByteArray(R"({})") << QList<QByteArray>{};
    QTest::newRow("nested path, parent not an object")
        << nested << QByteArray(R"({"options":"x"})") << QList<QByteArray>{};
    QTest::newRow("header named Method") << QByteArray(
        R"({"properties":{"m":{"type":"string","x-mcp-header":"Method"}}})")
                                         << QByteArray(R"({"m":"test-method"})")
                                         << QList<QByteArray>{"Mcp-Param-Method: test-method"};
}

void TestToolHeaders::computesParamHeaders()
{
    QFETCH(QByteArray, inputSchema);
    QFETCH(QByteArray, arguments);
    QFETCH(QList<QByteArray>, expected);
    const Result<HttpHeaders> headers = tool_headers::paramHeaders(toolWith(inputSchema), json(arguments));
    QVERIFY2(headers.ok(), headers.ok() ? "" : qPrintable(headers.error().toString()));
    std::sort(expected.begin(), expected.end());
    QCOMPARE(lines(headers.value()), expected);
    for (const auto &[name, value] : headers.value())
        QVERIFY(!value.isNull()); // an empty value is still sent
}

void TestToolHeaders::refusesArgumentsWithoutAHeaderForm_data()
{
    QTest::addColumn<QByteArray>("arguments");
    QTest::newRow("fraction") << QByteArray(R"({"n":1.5})");
    QTest::newRow("beyond 2^53-1") << QByteArray(R"({"n":9007199254740993})");
    QTest::newRow("object") << QByteArray(R"({"n":{"a":1}})");
    QTest::newRow("array") << QByteArray(R"({"n":[1]})");
}

void TestToolHeaders::refusesArgumentsWithoutAHeaderForm()
{
    QFETCH(QByteArray, arguments);
    const Result<HttpHeaders> headers = tool_headers::paramHeaders(
        toolWith(R"({"properties":{"n":{"type":"integer","x-mcp-header":"N"}}})"), json(arguments));
    QVERIFY(!headers.ok());
    QCOMPARE(headers.error().code(), ErrorCode::InvalidArgument);
    QVERIFY2(headers.error().detail().contains(QStringLiteral("Mcp-Param-N")), qPrintable(headers.error().detail()));
}

void TestToolHeaders::mirrorsTheConformanceCustomHeaderCall()
{
    // conformance 0.2.0-alpha.12, scenario http-custom-headers: the tool and the arguments it asks for.
    const QJsonObject tool = json(R"({"name":"test_custom_headers","inputSchema":{"type":"object","properties":{
      "region":{"type":"string","x-mcp-header":"Region"},"priority":{"type":"integer","x-mcp-header":"Priority"},
      "verbose":{"type":"boolean","x-mcp-header":"Verbose"},"debug":{"type":"boolean","x-mcp-header":"Debug"},
      "empty_val":{"type":"string","x-mcp-header":"EmptyVal"},"method_val":{"type":"string","x-mcp-header":"Method"},
      "float_val":{"type":"number"},"non_ascii_val":{"type":"string","x-mcp-header":"NonAscii"},
      "whitespace_val":{"type":"string","x-mcp-header":"Whitespace"},
      "leading_space_val":{"type":"string","x-mcp-header":"LeadingSpace"},
      "trailing_space_val":{"type":"string","x-mcp-header":"TrailingSpace"},
      "internal_space_val":{"type":"string","x-mcp-header":"InternalSpace"},
      "control_char_val":{"type":"string","x-mcp-header":"ControlChar"},"crlf_val":{"type":"string","x-mcp-header":"CrLf"},
      "tab_val":{"type":"string","x-mcp-header":"Tab"},"query":{"type":"string"}},
      "required":["region","priority","query"]}})");
    const QJsonObject arguments = json(R"({"region":"us-west1","priority":42,"verbose":false,"debug":true,
      "empty_val":"","method_val":"test-method","float_val":3.14159,"non_ascii_val":"Hello, 世界",
      "whitespace_val":" padded ","leading_space_val":" us-west1","trailing_space_val":"us-west1 ",
      "internal_space_val":"us west 1","control_char_val":"line1\nline2","crlf_val":"line1\r\nline2",
      "tab_val":"\tindented","query":"SELECT * FROM users"})");
    QCOMPARE(tool_headers::screen({tool}).usable.size(), 1);
    const Result<HttpHeaders> headers = tool_headers::paramHeaders(tool, arguments);
    QVERIFY(headers.ok());
    QList<QByteArray> expected{"Mcp-Param-Region: us-west1",
                               "Mcp-Param-Priority: 42",
                               "Mcp-Param-Verbose: false",
                               "Mcp-Param-Debug: true",
                               "Mcp-Param-EmptyVal: ",
                               "Mcp-Param-Method: test-method",
                               "Mcp-Param-NonAscii: =?base64?SGVsbG8sIOS4lueVjA==?=",
                               "Mcp-Param-Whitespace: =?base64?IHBhZGRlZCA=?=",
                               "Mcp-Param-LeadingSpace: =?base64?IHVzLXdlc3Qx?=",
                               "Mcp-Param-TrailingSpace: =?base64?dXMtd2VzdDEg?=",
                               "Mcp-Param-InternalSpace: us west 1",
                               "Mcp-Param-ControlChar: =?base64?bGluZTEKbGluZTI=?=",
                               "Mcp-Param-CrLf: =?base64?bGluZTENCmxpbmUy?=",
                               "Mcp-Param-Tab: =?base64?CWluZGVudGVk?="};
    std::sort(expected.begin(), expected.end());
    QCOMPARE(lines(headers.value()), expected);

    // test_custom_headers_null: verbose null → no Mcp-Param-Verbose.
    const Result<HttpHeaders> nullCall = tool_headers::paramHeaders(
        tool, json(R"({"region":"us-east1","priority":1,"verbose":null,"query":"SELECT 1"})"));
    QVERIFY(nullCall.ok());
    QCOMPARE(lines(nullCall.value()), (QList<QByteArray>{"Mcp-Param-Priority: 1", "Mcp-Param-Region: us-east1"}));
}

QTEST_GUILESS_MAIN(TestToolHeaders)
#include "tst_toolheaders.moc"
