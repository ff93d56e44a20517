#include "conformancerunner.h"

#include "auth/authsession.h"
#include "auth/headlessuseragent.h"
#include "host/serverconnection.h"
#include "mcp/mcpsession.h"
#include "mcp/schemadefaultselicitationhandler.h"
#include "net/httpclient.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTimer>

#include <cstdio>

namespace portico {

namespace {

// docs/architecture.md, "The conformance suite": MCP_CONFORMANCE_PROTOCOL_VERSION picks the wire (default 2025-11-25).
ServerConfig::TransportChoice transportFor(const QString &protocolVersion)
{
    if (protocolVersion == QLatin1StringView("2026-07-28"))
        return ServerConfig::TransportChoice::Stateless2026;
    return ServerConfig::TransportChoice::StreamableHttp2025;
}

QJsonValue placeholderFor(const QJsonObject &property)
{
    const QString type = property.value(QStringLiteral("type")).toString();
    if (property.contains(QStringLiteral("enum")))
        return property.value(QStringLiteral("enum")).toArray().at(0);
    if (type == QLatin1StringView("number") || type == QLatin1StringView("integer"))
        return 1;
    if (type == QLatin1StringView("boolean"))
        return false;
    if (type == QLatin1StringView("array"))
        return QJsonArray();
    if (type == QLatin1StringView("object"))
        return QJsonObject();
    return QStringLiteral("test");
}

// docs/architecture.md, "The conformance suite" auth/basic-cimd: the suite expects exactly this client id when the AS
// supports CIMD.
constexpr QLatin1StringView kConformanceClientMetadataUrl{"https://conformance-test.local/client-metadata.json"};

} // namespace

ConformanceRunner::ConformanceRunner(QUrl url, QObject *parent)
    : QObject(parent)
    , m_url(std::move(url))
    , m_scenario(qEnvironmentVariable("MCP_CONFORMANCE_SCENARIO"))
    , m_elicitation(std::make_unique<SchemaDefaultsElicitationHandler>())
    , m_context(QJsonDocument::fromJson(qgetenv("MCP_CONFORMANCE_CONTEXT")).object())
{}

ConformanceRunner::~ConformanceRunner() = default;

void ConformanceRunner::log(const QString &line) const
{
    std::fprintf(stderr, "[portico %s] %s\n", qPrintable(m_scenario), qPrintable(line));
    std::fflush(stderr);
}

QJsonObject ConformanceRunner::argumentsFor(const Tool &tool, const QList<Tool> &tools)
{
    if (tool.name == QLatin1StringView("add_numbers"))
        return {{QStringLiteral("a"), 2}, {QStringLiteral("b"), 3}};
    if (tool.name == QLatin1StringView("json_schema_echo")) {
        for (const Tool &other : tools) {
            if (other.name != tool.name)
                return {{QStringLiteral("schema"), other.inputSchema}};
        }
    }
    QJsonObject arguments;
    const QJsonObject properties = tool.inputSchema.value(QStringLiteral("properties")).toObject();
    for (auto it = properties.constBegin(); it != properties.constEnd(); ++it) {
        const QJsonObject property = it.value().toObject();
        if (property.contains(QStringLiteral("default")))
            arguments.insert(it.key(), property.value(QStringLiteral("default")));
    }
    const QJsonArray required = tool.inputSchema.value(QStringLiteral("required")).toArray();
    for (const QJsonValue &name : required) {
        if (!arguments.contains(name.toString()))
            arguments.insert(name.toString(), placeholderFor(properties.value(name.toString()).toObject()));
    }
    return arguments;
}

QList<ConformanceRunner::PlannedCall> ConformanceRunner::planCalls(const QList<Tool> &tools, const QJsonObject &context)
{
    QList<PlannedCall> plan;
    const QJsonArray listed = context.value(QStringLiteral("toolCalls")).toArray();
    for (const QJsonValue &call : listed) {
        plan.append({call.toObject().value(QStringLiteral("name")).toString(),
                     call.toObject().value(QStringLiteral("arguments")).toObject()});
    }
    if (!plan.isEmpty())
        return plan;
    for (const Tool &tool : tools)
        plan.append({tool.name, argumentsFor(tool, tools)});
    return plan;
}

void ConformanceRunner::start()
{
    const QString protocolVersion =
        qEnvironmentVariable("MCP_CONFORMANCE_PROTOCOL_VERSION", QStringLiteral("2025-11-25"));
    ServerConfig config;
    config.name = QStringLiteral("conformance");
    config.url = m_url;
    config.transport = transportFor(protocolVersion);
    // The suite's mocks are on localhost (docs/architecture.md, "The conformance suite")
    config.proxyMode = ProxyMode::None;
    m_connection = std::make_unique<ServerConnection>(config, nullptr);
    m_connection->setElicitationHandler(m_elicitation.get());
    setUpAuthorization();
    log(QStringLiteral("connecting to %1 (protocol %2)").arg(m_url.toString(), protocolVersion));

    connect(m_connection.get(), &ServerConnection::stateChanged, this, [this](ServerConnection::State state) {
        if (state == ServerConnection::State::Failed || state == ServerConnection::State::NeedsAuthorization) {
            QString reason = m_connection->lastError() ? m_connection->lastError()->toString() : QString();
            if (m_auth && m_auth->lastError())
                reason += QStringLiteral(" (authorization: %1)").arg(m_auth->lastError()->toString());
            log(QStringLiteral("connection %1: %2").arg(ServerConnection::stateText(state), reason));
            finish(1);
        }
    });
    connect(m_connection.get(), &ServerConnection::sessionReady, this, [this](McpSession *session) {
        log(QStringLiteral("connected: %1, protocol %2")
                .arg(session->serverInfo().value(QStringLiteral("name")).toString(), session->protocolVersion()));
        session->listTools(this, [this](Result<QList<Tool>> tools) {
            if (!tools.ok()) {
                log(QStringLiteral("tools/list failed: %1").arg(tools.error().toString()));
                return finish(1);
            }
            log(QStringLiteral("%1 tools").arg(tools.value().size()));
            for (const QString &warning : m_connection->session()->excludedToolWarnings())
                log(warning);
            m_plan = planCalls(tools.value(), m_context);
            callNext(0);
        });
    });
    m_connection->connectToServer();
}

void ConformanceRunner::setUpAuthorization()
{
    HttpClient::Options options;
    options.proxyMode = ProxyMode::None; // the mocks are on localhost (docs/architecture.md, "The conformance suite")
    m_authHttp = std::make_unique<HttpClient>(options);
    m_userAgent = std::make_unique<HeadlessUserAgent>(*m_authHttp);

    AuthSession::Options auth;
    auth.serverId = QStringLiteral("conformance");
    auth.serverName = QStringLiteral("conformance");
    auth.mcpServerUrl = m_url;
    auth.persistCredentials = false; // no keychain, no state between runs
    auth.clientMetadataDocumentUrl = QUrl(QString(kConformanceClientMetadataUrl));
    // Credentials the scenario hands over (docs/architecture.md, "The conformance suite"): pre-registered client, or a
    // machine client with a secret or an ES256/RS256 key (SEP-1046).
    const QString clientId = m_context.value(QStringLiteral("client_id")).toString();
    if (!clientId.isEmpty()) {
        ClientRegistration client;
        client.kind = ClientRegistration::Kind::PreRegistered;
        client.clientId = clientId;
        client.clientSecret = m_context.value(QStringLiteral("client_secret")).toString();
        client.privateKeyPem = m_context.value(QStringLiteral("private_key_pem")).toString().toUtf8();
        client.signingAlgorithm =
            m_context.value(QStringLiteral("signing_algorithm")).toString(QStringLiteral("ES256"));
        client.tokenEndpointAuthMethod.clear(); // chosen from the AS metadata (requirements AUTH-22)
        auth.preRegisteredClient = client;
    }
    if (m_scenario.startsWith(QLatin1StringView("auth/client-credentials")))
        auth.mode = AuthSession::Mode::ClientCredentials;
    m_auth = std::make_unique<AuthSession>(auth, *m_authHttp, nullptr, m_userAgent.get());
    connect(m_auth.get(), &AuthSession::stepAdded, this,
            [this](const AuthSession::Step &step) { log(QStringLiteral("auth %1: %2").arg(step.what, step.detail)); });
    m_connection->setAuthorizationHandler(m_auth.get());
}

void ConformanceRunner::callNext(int index)
{
    McpSession *session = m_connection->session();
    if (!session)
        return finish(1);
    if (index >= m_plan.size())
        return finish(m_failures == 0 ? 0 : 1);
    const PlannedCall call = m_plan.at(index);
    log(QStringLiteral("tools/call %1 %2")
            .arg(call.tool, QString::fromUtf8(QJsonDocument(call.arguments).toJson(QJsonDocument::Compact).left(300))));
    session->callTool(call.tool, call.arguments, this, [this, index, name = call.tool](Result<QJsonObject> result) {
        if (!result.ok()) {
            // A JSON-RPC error is the server's answer (the scenario grades it); anything else — no answer, a
            // broken stream, a protocol violation — is Portico's failure to finish the exchange.
            if (result.error().code() != ErrorCode::RpcError)
                ++m_failures;
            log(QStringLiteral("tools/call %1 failed: %2").arg(name, result.error().toString()));
        } else {
            const QByteArray text = QJsonDocument(result.value()).toJson(QJsonDocument::Compact).left(300);
            log(QStringLiteral("tools/call %1 -> %2").arg(name, QString::fromUtf8(text)));
        }
        callNext(index + 1);
    });
}

void ConformanceRunner::finish(int exitCode)
{
    if (m_finished)
        return;
    m_finished = true;
    log(QStringLiteral("done, exit code %1").arg(exitCode));
    if (m_connection) {
        m_connection->disconnect(this);
        m_connection->disconnectFromServer();
    }
    // Let the session's DELETE go out before the process ends.
    QTimer::singleShot(200, this, [this, exitCode]() { Q_EMIT finished(exitCode); });
}

} // namespace portico
