#include "config/vscodereader.h"

#include "config/mcpremotereader.h"

#include <QJsonArray>

namespace portico {

namespace {

// settings.json keeps what mcp.json has at the top under "mcp".
QJsonObject settingsSection(const QJsonObject &root)
{
    return root.value(QLatin1StringView("mcp")).toObject();
}

} // namespace

VsCodeReader::VsCodeReader(const QJsonObject &root)
    : ConfigFormatReader(ConfigFormat::VsCode)
{
    const QJsonValue inputs = root.contains(QLatin1StringView("inputs"))
                                  ? root.value(QLatin1StringView("inputs"))
                                  : settingsSection(root).value(QLatin1StringView("inputs"));
    for (const QJsonValue &input : inputs.toArray()) {
        const QJsonObject object = input.toObject();
        m_inputDescriptions.insert(object.value(QLatin1StringView("id")).toString(),
                                   object.value(QLatin1StringView("description")).toString());
    }
}

ConfigFormatReader::ServerMap VsCodeReader::serverMap(const QJsonObject &root) const
{
    if (!root.contains(QLatin1StringView("servers")) && root.value(QLatin1StringView("mcp")).isObject())
        return {settingsSection(root).value(QLatin1StringView("servers")), QStringLiteral("mcp.servers")};
    return ConfigFormatReader::serverMap(root);
}

RemoteServerSpec VsCodeReader::readEntry(const QJsonObject &entry) const
{
    RemoteServerSpec spec;
    const QString type = entry.value(QLatin1StringView("type")).toString();
    if (entry.contains(QLatin1StringView("command")) || type == QLatin1StringView("stdio")) {
        spec = McpRemoteReader::readCommand(entry);
    } else if (!entry.contains(QLatin1StringView("url"))) {
        spec = withoutUrlOrCommand();
    } else {
        spec.urlText = entry.value(QLatin1StringView("url")).toString();
        spec.transport = transportFromType(entry.value(QLatin1StringView("type")));
        spec.readHeaders(entry.value(QLatin1StringView("headers")));
        spec.readClient(entry.value(QLatin1StringView("oauth")).toObject(), QLatin1StringView("clientId"),
                        QLatin1StringView("clientSecret"));
    }
    spec.inputDescriptions = m_inputDescriptions;
    return spec;
}

} // namespace portico
