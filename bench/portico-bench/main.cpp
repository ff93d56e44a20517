// portico-bench: measures Portico's MCP client code (portico_core: HttpClient, the Streamable HTTP transport,
// JSON-RPC, McpSession — the code the app runs, no shortcut path) with the command-line contract of bench/README.md,
// so a harness can run it beside other clients (bench/sidebyside/run.py). The last stdout line is one JSON
// object; failures go to stderr with exit status 1 (2: a usage error).
#include "benchmodes.h"
#include "benchoptions.h"
#include "common/eventdispatcherchoice.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QTextStream>

#include <cstdio>

int main(int argc, char *argv[])
{
    // As `portico --conformance` does; run.py also measures on GLib's dispatcher, which the desktop uses.
    portico::preferQtEventDispatcher();
    QCoreApplication app(argc, argv);
    QStringList arguments = QCoreApplication::arguments();
    arguments.removeFirst();
    QTextStream err(stderr);
    auto options = portico::bench::BenchOptions::parse(arguments);
    if (!options.ok()) {
        err << options.error().message() << '\n' << portico::bench::BenchOptions::usage() << '\n';
        return 2;
    }
    portico::bench::BenchModes modes(options.value());
    const auto result = modes.run();
    if (!result.ok()) {
        err << result.error().toString() << '\n';
        return 1;
    }
    const QByteArray line = QJsonDocument(result.value()).toJson(QJsonDocument::Compact);
    std::fwrite(line.constData(), 1, static_cast<size_t>(line.size()), stdout);
    std::fputc('\n', stdout);
    std::fflush(stdout);
    return 0;
}
