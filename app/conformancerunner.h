#pragma once

#include "mcp/catalogitems.h"

#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QString>
#include <QUrl>

#include <memory>

namespace portico {

class AuthSession;
class HeadlessUserAgent;
class HttpClient;
class ServerConnection;
class SchemaDefaultsElicitationHandler;

// `portico --conformance <url>`: the headless client the official MCP conformance suite drives
// (docs/architecture.md, "The conformance suite"). It reads MCP_CONFORMANCE_SCENARIO, MCP_CONFORMANCE_CONTEXT and
// MCP_CONFORMANCE_PROTOCOL_VERSION, uses no window, no keychain and no persisted state, and goes through the
// same ServerConnection and McpSession as the desktop app: connect, list the tools, call every tool
// (arguments from the schema's defaults; add_numbers gets a=2, b=3), answer elicitation from schema
// defaults. A 401 runs the real authorization engine (AuthSession) with the headless user agent, in memory
// only; the scenario context supplies pre-registered or machine credentials, and the suite's fixed Client ID
// Metadata Document URL is Portico's CIMD URL here (docs/architecture.md, "The conformance suite"). Log lines go to
// stderr; the exit code says whether it all worked.
class ConformanceRunner : public QObject
{
    Q_OBJECT

public:
    ConformanceRunner(QUrl url, QObject *parent = nullptr);
    ~ConformanceRunner() override;

    // Starts the run; finished() follows with the process exit code.
    void start();

    struct PlannedCall
    {
        QString tool;
        QJsonObject arguments;
    };
    // What to call, in order: the calls MCP_CONFORMANCE_CONTEXT lists under "toolCalls" when it has them,
    // otherwise every tool with argumentsFor().
    [[nodiscard]] static QList<PlannedCall> planCalls(const QList<Tool> &tools, const QJsonObject &context);
    // The arguments Portico sends to a tool it knows nothing about: every property with a default gets it,
    // required ones without a default get a value of their type. Two tools of the suite get what its
    // scenarios ask for (docs/architecture.md, "The conformance suite"): add_numbers a=2, b=3, and json_schema_echo the
    // other tool's inputSchema, verbatim.
    [[nodiscard]] static QJsonObject argumentsFor(const Tool &tool, const QList<Tool> &tools);

Q_SIGNALS:
    void finished(int exitCode);

private:
    void log(const QString &line) const;
    void callNext(int index);
    void finish(int exitCode);
    void setUpAuthorization();

    QUrl m_url;
    QString m_scenario;
    std::unique_ptr<SchemaDefaultsElicitationHandler> m_elicitation;
    std::unique_ptr<HttpClient> m_authHttp;
    std::unique_ptr<HeadlessUserAgent> m_userAgent;
    std::unique_ptr<AuthSession> m_auth;
    std::unique_ptr<ServerConnection> m_connection;
    QJsonObject m_context;
    QList<PlannedCall> m_plan;
    int m_failures = 0;
    bool m_finished = false;
};

} // namespace portico
