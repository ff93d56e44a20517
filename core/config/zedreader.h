#pragma once

#include "config/configformatreader.h"

#include <QCoreApplication>

namespace portico {

// Zed's settings.json (zed.dev/docs/ai/mcp): "context_servers" with `url` + `headers` and `oauth`
// { client_id, client_secret } (zed-industries/zed #52900), or a command (an mcp-remote wrapper, or a
// local server), or a server a Zed extension provides.
class ZedReader final : public ConfigFormatReader
{
    Q_DECLARE_TR_FUNCTIONS(ZedReader)

public:
    ZedReader();

    [[nodiscard]] RemoteServerSpec readEntry(const QJsonObject &entry) const override;
};

} // namespace portico
