#include "everythingserver.h"

namespace portico::testing {

namespace {

const QString kScript = QStringLiteral("node_modules/@modelcontextprotocol/server-everything/dist/index.js");

} // namespace

QString EverythingServer::start(ProtocolEra era, quint16 port)
{
    QString mode;
    switch (era) {
    case ProtocolEra::StreamableHttp2025:
        mode = QStringLiteral("streamableHttp");
        break;
    case ProtocolEra::HttpSse2024:
        mode = QStringLiteral("sse");
        break;
    case ProtocolEra::Stateless2026:
        return QStringLiteral("server-everything has no stateless (2026) mode");
    }
    m_era = era;
    return m_process.start(kScript, {mode}, port == 0 ? PeerProcess::freeLoopbackPort() : port);
}

void EverythingServer::stop()
{
    m_process.stop();
}

QUrl EverythingServer::endpoint() const
{
    const QString path = m_era == ProtocolEra::HttpSse2024 ? QStringLiteral("/sse") : QStringLiteral("/mcp");
    return QUrl(QStringLiteral("http://127.0.0.1:%1%2").arg(port()).arg(path));
}

} // namespace portico::testing
