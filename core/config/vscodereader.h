#pragma once

#include "config/configformatreader.h"

#include <QHash>
#include <QJsonObject>
#include <QString>

namespace portico {

// VS Code's mcp.json, or the same nested under "mcp" in its user settings.json
// (code.visualstudio.com/docs/copilot/reference/mcp-configuration): "servers" with `type` http|sse, `url`,
// `headers`, and "inputs" (promptString) the file refers to as ${input:id}; `oauth` { clientId,
// clientSecret } for pre-registered clients (microsoft/vscode #257415).
class VsCodeReader final : public ConfigFormatReader
{
public:
    // `root`: the file's top-level object, for its "inputs".
    explicit VsCodeReader(const QJsonObject &root);

    [[nodiscard]] ServerMap serverMap(const QJsonObject &root) const override;
    [[nodiscard]] RemoteServerSpec readEntry(const QJsonObject &entry) const override;

private:
    QHash<QString, QString> m_inputDescriptions; // input id -> description
};

} // namespace portico
