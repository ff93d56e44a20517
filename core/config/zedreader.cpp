#include "config/zedreader.h"

#include "config/mcpremotereader.h"

namespace portico {

ZedReader::ZedReader()
    : ConfigFormatReader(ConfigFormat::Zed)
{}

RemoteServerSpec ZedReader::readEntry(const QJsonObject &entry) const
{
    const QJsonValue command = entry.value(QLatin1StringView("command"));
    if (command.isObject()) // the older form: "command": { "path", "args", "env" }
        return McpRemoteReader::readCommand(command.toObject(), QLatin1StringView("path"));
    if (command.isString())
        return McpRemoteReader::readCommand(entry);
    if (!entry.contains(QLatin1StringView("url"))) {
        const bool fromExtension = entry.value(QLatin1StringView("source")).toString() == QLatin1StringView("extension")
                                   || entry.contains(QLatin1StringView("settings"));
        return fromExtension ? RemoteServerSpec::skipped(tr("a Zed extension's server: the extension starts it, so "
                                                            "there is no URL to import"))
                             : withoutUrlOrCommand();
    }
    RemoteServerSpec spec;
    spec.urlText = entry.value(QLatin1StringView("url")).toString();
    spec.readHeaders(entry.value(QLatin1StringView("headers")));
    spec.readClient(entry.value(QLatin1StringView("oauth")).toObject(), QLatin1StringView("client_id"),
                    QLatin1StringView("client_secret"));
    return spec;
}

} // namespace portico
