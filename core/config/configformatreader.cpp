#include "config/configformatreader.h"

#include "config/mcpserversreader.h"
#include "config/vscodereader.h"
#include "config/zedreader.h"

namespace portico {

std::unique_ptr<ConfigFormatReader> ConfigFormatReader::forFormat(ConfigFormat format, const QJsonObject &root)
{
    switch (format) {
    case ConfigFormat::ClaudeDesktop:
    case ConfigFormat::Cursor:
        return std::make_unique<McpServersReader>(format);
    case ConfigFormat::VsCode:
        return std::make_unique<VsCodeReader>(root);
    case ConfigFormat::Zed:
        return std::make_unique<ZedReader>();
    }
    Q_UNREACHABLE();
    return {};
}

ConfigFormatReader::ConfigFormatReader(ConfigFormat format)
    : m_format(format)
{}

ConfigFormatReader::ServerMap ConfigFormatReader::serverMap(const QJsonObject &root) const
{
    const QString key = config_format::serversKey(m_format);
    return {root.value(key), key};
}

RemoteServerSpec ConfigFormatReader::withoutUrlOrCommand()
{
    return RemoteServerSpec::skipped(tr("it has neither a \"url\" nor a \"command\""));
}

ServerConfig::TransportChoice ConfigFormatReader::transportFromType(const QJsonValue &type)
{
    // "http" lets Portico detect the era (VS Code: "tries the HTTP Stream transport and falls back to
    // SSE"); "sse" is the 2024-11-05 HTTP+SSE transport.
    return type.toString() == QLatin1StringView("sse") ? ServerConfig::TransportChoice::HttpSse2024
                                                       : ServerConfig::TransportChoice::Automatic;
}

} // namespace portico
