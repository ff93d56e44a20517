#include "callcommand.h"

#include "configcommands.h"
#include "terminal.h"

#include "auth/authsession.h"
#include "common/appidentity.h"
#include "config/serverregistry.h"
#include "host/serverconnection.h"
#include "host/serveroptions.h"
#include "keychain/keychainsecretstore.h"
#include "mcp/mcpsession.h"
#include "net/httpclient.h"
#include "secrets/inmemorysecretstore.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTimer>

namespace portico {

CallCommand::CallCommand(Options options, QObject *parent)
    : QObject(parent)
    , m_options(options)
    , m_registry(std::make_unique<ServerRegistry>())
{
    if (m_options.noKeychain)
        m_secrets = std::make_unique<InMemorySecretStore>();
    else
        m_secrets = std::make_unique<KeychainSecretStore>(app_identity::kApplicationId);
}

CallCommand::~CallCommand() = default;

void CallCommand::finish(int exitCode, const QString &message)
{
    if (m_finished)
        return;
    m_finished = true;
    if (!message.isEmpty())
        terminal::printLine(exitCode == 0 ? stdout : stderr, message);
    if (m_connection) {
        m_connection->disconnect(this);
        m_connection->disconnectFromServer();
    }
    // Let a session DELETE go out before the process ends.
    QTimer::singleShot(100, this, [this, exitCode]() { Q_EMIT finished(exitCode); });
}

void CallCommand::start(const QString &server, const QString &tool, const QString &argumentsJson)
{
    QJsonParseError parseError{};
    const QJsonDocument arguments = QJsonDocument::fromJson(argumentsJson.toUtf8(), &parseError);
    if (parseError.error != QJsonParseError::NoError || !arguments.isObject())
        return finish(1, tr("--arguments must be a JSON object, e.g. '{\"message\":\"hi\"}'."));
    if (Result<void> loaded = m_registry->load(); !loaded.ok())
        return finish(1, loaded.error().message());

    std::optional<ServerConfig> config = m_registry->find(server);
    if (!config) {
        for (const ServerConfig &candidate : m_registry->servers()) {
            if (candidate.name == server) {
                if (config)
                    return finish(1,
                                  tr("Several servers are called “%1”; use the id from portico --list.").arg(server));
                config = candidate;
            }
        }
    }
    if (!config)
        return finish(1, tr("No server called “%1” is configured (see portico --list).").arg(server));

    m_connection = std::make_unique<ServerConnection>(*config, m_secrets.get());
    if (config->authorizationMode != ServerConfig::AuthorizationMode::None) {
        Result<HttpClientOptions> httpOptions = server_options::httpClientOptions(*config);
        if (!httpOptions.ok())
            return finish(1, httpOptions.error().message());
        m_authHttp = std::make_unique<HttpClient>(httpOptions.value());
        AuthSession::Options authOptions = server_options::authSessionOptions(*config);
        const auto startWith = [this, tool, object = arguments.object()](AuthSession::Options options) {
            // No user agent: a sign-in that needs a person ends with a message, never a browser tab.
            m_auth = std::make_unique<AuthSession>(std::move(options), *m_authHttp, m_secrets.get(), nullptr);
            m_connection->setAuthorizationHandler(m_auth.get());
            // Requirements SEC-16: keychain trouble is said in words on stderr, and the call goes on in memory.
            connect(m_auth.get(), &AuthSession::accessChanged, this, [this]() { reportKeychain(); });
            m_auth->load([this, tool, object](Result<void>) {
                reportKeychain();
                connectAndCall(tool, object);
            });
        };
        if (config->hasClientSecret && authOptions.preRegisteredClient) {
            m_secrets->readSecret(
                config->clientSecretKey(), this, [startWith, authOptions](Result<QByteArray> secret) mutable {
                    if (secret.ok())
                        authOptions.preRegisteredClient->clientSecret = QString::fromUtf8(secret.value());
                    else if (secret.error().code() != ErrorCode::SecretNotFound)
                        terminal::printLine(stderr, tr("Keychain: %1").arg(secret.error().message()));
                    startWith(std::move(authOptions));
                });
        } else {
            startWith(std::move(authOptions));
        }
        return;
    }
    connectAndCall(tool, arguments.object());
}

void CallCommand::reportKeychain()
{
    const AuthSession::Access access = m_auth->access();
    QString line;
    if (access.keychain == KeychainStatus::Waiting)
        line = tr("Waiting for the system keychain…");
    else if (access.keychain != KeychainStatus::Fine && access.keychain != KeychainStatus::NotUsed)
        line = tr("Keychain: %1").arg(access.keychainProblem);
    // Once per change: a state that lasts is said once.
    if (line.isEmpty() || line == m_lastKeychainLine)
        return;
    m_lastKeychainLine = line;
    terminal::printLine(stderr, line);
}

void CallCommand::connectAndCall(const QString &tool, const QJsonObject &arguments)
{
    connect(m_connection.get(), &ServerConnection::stateChanged, this, [this](ServerConnection::State state) {
        if (state != ServerConnection::State::Failed && state != ServerConnection::State::NeedsAuthorization)
            return;
        QString reason = m_connection->lastError() ? m_connection->lastError()->message() : QString();
        if (m_auth && m_auth->lastError())
            reason = m_auth->lastError()->message();
        finish(1, tr("Could not connect to %1: %2").arg(m_connection->config().url.toString(), reason));
    });
    connect(m_connection.get(), &ServerConnection::sessionReady, this, [this, tool, arguments](McpSession *session) {
        session->callTool(tool, arguments, this, [this](Result<QJsonObject> result) {
            if (!result.ok())
                return finish(1, result.error().message());
            QStringList texts;
            for (const QJsonValue &item : result.value().value(QStringLiteral("content")).toArray()) {
                const QJsonObject content = item.toObject();
                if (content.value(QStringLiteral("type")).toString() == QLatin1StringView("text"))
                    texts.append(content.value(QStringLiteral("text")).toString());
                else
                    texts.append(tr("[%1 content]").arg(content.value(QStringLiteral("type")).toString()));
            }
            const bool isError = result.value().value(QStringLiteral("isError")).toBool();
            finish(isError ? 1 : 0, texts.join(QLatin1Char('\n')));
        });
    });
    m_connection->connectToServer();
}

} // namespace portico
