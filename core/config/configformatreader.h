#pragma once

#include "config/configformat.h"
#include "config/remoteserverspec.h"
#include "config/serverconfig.h"

#include <QCoreApplication>
#include <QJsonObject>
#include <QJsonValue>
#include <QString>

#include <memory>

namespace portico {

// Reads one host's configuration format (ConfigFormat) for ConfigImport: where the file keeps its servers,
// and what one server entry says. One implementation per format family: McpServersReader (Claude Desktop,
// Claude Code, Cursor), VsCodeReader, ZedReader.
class ConfigFormatReader
{
    Q_DECLARE_TR_FUNCTIONS(ConfigFormatReader)

public:
    // The value that should map server names to server entries, and the key it sits under (for errors).
    struct ServerMap
    {
        QJsonValue value;
        QString key;
    };

    // The reader for `format`; `root` is the whole file (VS Code's reader takes its "inputs" from it).
    [[nodiscard]] static std::unique_ptr<ConfigFormatReader> forFormat(ConfigFormat format, const QJsonObject &root);

    virtual ~ConfigFormatReader() = default;
    ConfigFormatReader(const ConfigFormatReader &) = delete;
    ConfigFormatReader &operator=(const ConfigFormatReader &) = delete;

    // Where `root` keeps its servers: by default under config_format::serversKey().
    [[nodiscard]] virtual ServerMap serverMap(const QJsonObject &root) const;
    // What one member of the server map (an object) says.
    [[nodiscard]] virtual RemoteServerSpec readEntry(const QJsonObject &entry) const = 0;

protected:
    explicit ConfigFormatReader(ConfigFormat format);

    // An entry that names neither a remote server nor a command.
    [[nodiscard]] static RemoteServerSpec withoutUrlOrCommand();
    // The transport a "type" member asks for (Claude Code, VS Code).
    [[nodiscard]] static ServerConfig::TransportChoice transportFromType(const QJsonValue &type);

private:
    ConfigFormat m_format;
};

} // namespace portico
