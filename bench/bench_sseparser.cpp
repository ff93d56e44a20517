// Benchmarks for the text/event-stream parser on the hot path of every MCP response, and for the
// heaviest thing that path carries: a large `tools/list` page. Inputs are generated here, shaped like
// real Streamable HTTP traffic (event ids, `event: message`, JSON-RPC payloads), and fed in 16 KiB chunks
// as QNetworkReply::readyRead typically delivers them. Run a Release build by hand; the tests never run it.

#include "mcp/sseparser.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QString>

#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstring>

using namespace portico;

namespace {

constexpr qsizetype ChunkSize = 16 * 1024;
constexpr qsizetype StreamBytes = 4 * 1024 * 1024;

// Words for generated text: plain prose with the occasional character JSON must escape.
const char *const Words[] = {"the",   "server", "returns",    "a",      "list",  "of",    "matching",   "items",
                             "with",  "their",  "\"quoted\"", "names",  "and",   "paths", "C:\\temp",   "status",
                             "query", "result", "issue",      "commit", "files", "under", "repository", "limit"};
constexpr int WordCount = static_cast<int>(sizeof(Words) / sizeof(Words[0]));

QString prose(int seed, qsizetype length)
{
    QString text;
    text.reserve(length + 16);
    for (int i = seed; text.size() < length; i = i * 7 + 3) {
        if (!text.isEmpty())
            text += QLatin1Char(' ');
        text += QLatin1StringView(Words[(i & 0x7fffffff) % WordCount]);
    }
    text.truncate(length);
    return text;
}

// A tools/call result of about `bytes` bytes of JSON.
QByteArray callResult(int id, qsizetype bytes)
{
    QJsonObject content{{QStringLiteral("type"), QStringLiteral("text")},
                        {QStringLiteral("text"), prose(id, std::max<qsizetype>(bytes - 90, 8))}};
    QJsonObject result{{QStringLiteral("content"), QJsonArray{content}}, {QStringLiteral("isError"), false}};
    QJsonObject message{{QStringLiteral("jsonrpc"), QStringLiteral("2.0")},
                        {QStringLiteral("id"), id},
                        {QStringLiteral("result"), result}};
    return QJsonDocument(message).toJson(QJsonDocument::Compact);
}

QByteArray sseEvent(int id, const QByteArray &json)
{
    return "id: 8f1c2e7a-" + QByteArray::number(id) + "\nevent: message\ndata: " + json + "\n\n";
}

// About StreamBytes of events whose JSON is about `eventBytes` long (at least one event).
QByteArray mcpStream(qsizetype eventBytes)
{
    QByteArray stream;
    stream.reserve(StreamBytes + eventBytes + 256);
    int id = 1;
    do {
        stream += sseEvent(id, callResult(id, eventBytes));
        ++id;
    } while (stream.size() < StreamBytes);
    return stream;
}

struct Sink
{
    qsizetype events = 0;
    qsizetype dataBytes = 0;
};

// Feeds `stream` to a fresh parser in ChunkSize pieces, as the network delivers it.
bool parseStream(const QByteArray &stream, Sink &sink, QByteArray *lastData = nullptr)
{
    SseParser parser;
    const SseParser::EventHandler onEvent = [&sink, lastData](SseEvent &&event) {
        ++sink.events;
        sink.dataBytes += event.data.size();
        if (lastData)
            *lastData = std::move(event.data);
    };
    const QByteArrayView all(stream);
    for (qsizetype at = 0; at < all.size(); at += ChunkSize) {
        if (!parser.feed(all.sliced(at, std::min(ChunkSize, all.size() - at)), onEvent).ok())
            return false;
    }
    return true;
}

// (a) SseParser throughput on MCP traffic: arg = JSON size of one event.
void BM_SseParser(benchmark::State &state)
{
    const QByteArray stream = mcpStream(state.range(0));
    Sink sink;
    for (auto _ : state) {
        sink = {};
        if (!parseStream(stream, sink)) {
            state.SkipWithError("the parser failed");
            return;
        }
        benchmark::DoNotOptimize(sink.dataBytes);
    }
    state.SetBytesProcessed(state.iterations() * stream.size());
    state.counters["events"] = static_cast<double>(sink.events);
    state.counters["events/s"] = benchmark::Counter(
        static_cast<double>(sink.events) * static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_SseParser)
    ->ArgName("eventBytes")
    ->Arg(300)              // notifications, small results
    ->Arg(16 * 1024)        // a medium tool result
    ->Arg(StreamBytes - 64) // one ~4 MiB event (a big resource read)
    ->Unit(benchmark::kMicrosecond);

// The floor the parser is measured against: finding every LF in the same stream with memchr.
void BM_MemchrFloor(benchmark::State &state)
{
    const QByteArray stream = mcpStream(state.range(0));
    for (auto _ : state) {
        qsizetype lines = 0;
        const char *p = stream.constData();
        const char *end = p + stream.size();
        while (const void *hit = std::memchr(p, '\n', static_cast<size_t>(end - p))) {
            ++lines;
            p = static_cast<const char *>(hit) + 1;
        }
        benchmark::DoNotOptimize(lines);
    }
    state.SetBytesProcessed(state.iterations() * stream.size());
}
BENCHMARK(BM_MemchrFloor)->ArgName("eventBytes")->Arg(300)->Arg(16 * 1024)->Unit(benchmark::kMicrosecond);

// (b) A 10,000-tool tools/list page delivered as one SSE event.

struct ToolEntry
{
    QString name;
    QString description;
    QJsonObject inputSchema;
};

QJsonObject toolObject(int index)
{
    static const char *const Verbs[] = {"search", "get", "create", "update", "delete", "list", "run", "summarize"};
    static const char *const Nouns[] = {"issues", "pull_request", "file", "commit", "branch", "ticket", "page", "row"};
    const QString verb = QLatin1StringView(Verbs[index % 8]);
    const QString noun = QLatin1StringView(Nouns[(index / 8) % 8]);
    const QString name = verb + QLatin1Char('_') + noun + QLatin1Char('_') + QString::number(index);

    QJsonObject properties;
    properties.insert(QStringLiteral("query"), QJsonObject{{QStringLiteral("type"), QStringLiteral("string")},
                                                           {QStringLiteral("description"), prose(index, 60)},
                                                           {QStringLiteral("minLength"), 1}});
    properties.insert(QStringLiteral("limit"), QJsonObject{{QStringLiteral("type"), QStringLiteral("integer")},
                                                           {QStringLiteral("minimum"), 1},
                                                           {QStringLiteral("maximum"), 100},
                                                           {QStringLiteral("default"), 20},
                                                           {QStringLiteral("description"), prose(index + 1, 40)}});
    if (index % 2 == 0) {
        properties.insert(
            QStringLiteral("state"),
            QJsonObject{{QStringLiteral("type"), QStringLiteral("string")},
                        {QStringLiteral("enum"),
                         QJsonArray{QStringLiteral("open"), QStringLiteral("closed"), QStringLiteral("all")}}});
    }
    if (index % 3 == 0) {
        properties.insert(
            QStringLiteral("labels"),
            QJsonObject{{QStringLiteral("type"), QStringLiteral("array")},
                        {QStringLiteral("items"), QJsonObject{{QStringLiteral("type"), QStringLiteral("string")}}},
                        {QStringLiteral("description"), prose(index + 2, 30)}});
    }
    if (index % 5 == 0) {
        properties.insert(
            QStringLiteral("options"),
            QJsonObject{{QStringLiteral("type"), QStringLiteral("object")},
                        {QStringLiteral("properties"),
                         QJsonObject{{QStringLiteral("caseSensitive"),
                                      QJsonObject{{QStringLiteral("type"), QStringLiteral("boolean")}}},
                                     {QStringLiteral("since"),
                                      QJsonObject{{QStringLiteral("type"), QStringLiteral("string")},
                                                  {QStringLiteral("format"), QStringLiteral("date-time")}}}}}});
    }
    const QJsonObject schema{{QStringLiteral("type"), QStringLiteral("object")},
                             {QStringLiteral("properties"), properties},
                             {QStringLiteral("required"), QJsonArray{QStringLiteral("query")}},
                             {QStringLiteral("additionalProperties"), false}};
    return QJsonObject{{QStringLiteral("name"), name},
                       {QStringLiteral("title"), QString(verb + QLatin1Char(' ') + noun)},
                       {QStringLiteral("description"), prose(index * 3, 120 + index % 80)},
                       {QStringLiteral("inputSchema"), schema},
                       {QStringLiteral("annotations"), QJsonObject{{QStringLiteral("readOnlyHint"), index % 4 != 2}}}};
}

constexpr int PageTools = 10000;

const QByteArray &toolsListJson()
{
    static const QByteArray json = [] {
        QJsonArray tools;
        for (int i = 0; i < PageTools; ++i)
            tools.append(toolObject(i));
        const QJsonObject result{{QStringLiteral("tools"), tools},
                                 {QStringLiteral("nextCursor"), QStringLiteral("c2")}};
        return QJsonDocument(QJsonObject{{QStringLiteral("jsonrpc"), QStringLiteral("2.0")},
                                         {QStringLiteral("id"), 2},
                                         {QStringLiteral("result"), result}})
            .toJson(QJsonDocument::Compact);
    }();
    return json;
}

const QByteArray &toolsListStream()
{
    static const QByteArray stream = sseEvent(2, toolsListJson());
    return stream;
}

QList<ToolEntry> walkTools(const QJsonDocument &document)
{
    const QJsonArray tools =
        document.object().value(QLatin1StringView("result")).toObject().value(QLatin1StringView("tools")).toArray();
    QList<ToolEntry> entries;
    entries.reserve(tools.size());
    for (const QJsonValue &tool : tools) {
        const QJsonObject object = tool.toObject();
        entries.append(ToolEntry{object.value(QLatin1StringView("name")).toString(),
                                 object.value(QLatin1StringView("description")).toString(),
                                 object.value(QLatin1StringView("inputSchema")).toObject()});
    }
    return entries;
}

void setPageCounters(benchmark::State &state, qsizetype bytes)
{
    state.SetBytesProcessed(state.iterations() * bytes);
    state.counters["pageMiB"] = static_cast<double>(bytes) / (1024.0 * 1024.0);
}

// SSE parse + QJsonDocument::fromJson + walking every tool into a QList<ToolEntry>.
void BM_ToolsListPage(benchmark::State &state)
{
    const QByteArray &stream = toolsListStream();
    for (auto _ : state) {
        Sink sink;
        QByteArray json;
        if (!parseStream(stream, sink, &json) || sink.events != 1) {
            state.SkipWithError("the SSE parser did not deliver the page (is it beyond maxEventBytes?)");
            return;
        }
        QJsonParseError error{};
        const QJsonDocument document = QJsonDocument::fromJson(json, &error);
        if (error.error != QJsonParseError::NoError) {
            state.SkipWithError("the page is not valid JSON");
            return;
        }
        const QList<ToolEntry> tools = walkTools(document);
        if (tools.size() != PageTools) {
            state.SkipWithError("the walk missed tools");
            return;
        }
        benchmark::DoNotOptimize(tools.constData());
    }
    setPageCounters(state, stream.size());
}
BENCHMARK(BM_ToolsListPage)->Unit(benchmark::kMillisecond);

// The same page, one stage at a time, to see where the time goes.
void BM_ToolsListPage_SseOnly(benchmark::State &state)
{
    const QByteArray &stream = toolsListStream();
    for (auto _ : state) {
        Sink sink;
        if (!parseStream(stream, sink) || sink.events != 1) {
            state.SkipWithError("the SSE parser did not deliver the page");
            return;
        }
        benchmark::DoNotOptimize(sink.dataBytes);
    }
    setPageCounters(state, stream.size());
}
BENCHMARK(BM_ToolsListPage_SseOnly)->Unit(benchmark::kMillisecond);

void BM_ToolsListPage_FromJsonOnly(benchmark::State &state)
{
    const QByteArray &json = toolsListJson();
    for (auto _ : state) {
        const QJsonDocument document = QJsonDocument::fromJson(json);
        benchmark::DoNotOptimize(document.isObject());
    }
    setPageCounters(state, json.size());
}
BENCHMARK(BM_ToolsListPage_FromJsonOnly)->Unit(benchmark::kMillisecond);

void BM_ToolsListPage_WalkOnly(benchmark::State &state)
{
    const QJsonDocument document = QJsonDocument::fromJson(toolsListJson());
    for (auto _ : state) {
        const QList<ToolEntry> tools = walkTools(document);
        benchmark::DoNotOptimize(tools.constData());
    }
    state.counters["tools"] = PageTools;
}
BENCHMARK(BM_ToolsListPage_WalkOnly)->Unit(benchmark::kMillisecond);

} // namespace

BENCHMARK_MAIN();
