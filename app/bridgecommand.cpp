#include "bridgecommand.h"

#include "configcommands.h"
#include "terminal.h"

#include "bridge/bridge.h"
#include "common/appidentity.h"
#include "config/serverregistry.h"
#include "keychain/keychainsecretstore.h"
#include "keychain/userruntimedirectory.h"
#include "secrets/inmemorysecretstore.h"

#include <QTimer>
#include <QUuid>

#include <unistd.h>

namespace portico {

namespace {

// The server a URL names when no configured server has it: an id that is the same for the same URL every
// time (RFC 9562 §5.5, UUIDv5 in the URL namespace of RFC 9562 Appendix A), so its stored sign-in is found again.
ServerConfig unconfiguredServer(const QUrl &url)
{
    static const QUuid urlNamespace(QStringLiteral("6ba7b811-9dad-11d1-80b4-00c04fd430c8"));
    ServerConfig config;
    config.setId(QUuid::createUuidV5(urlNamespace, ServerConfig::normalizedUrl(url)).toString(QUuid::WithoutBraces));
    config.name = url.toString(QUrl::RemoveUserInfo);
    config.url = url;
    return config;
}

} // namespace

BridgeCommand::BridgeCommand(Options options, QObject *parent)
    : QObject(parent)
    , m_options(options)
    , m_registry(std::make_unique<ServerRegistry>())
{
    if (m_options.noKeychain) {
        terminal::printLine(stderr, ConfigCommands::noKeychainWarning());
        m_secrets = std::make_unique<InMemorySecretStore>();
    } else {
        // Apps often start the bridge with a stripped environment; the keychain is on the session bus.
        user_runtime_directory::adoptWhenUnset();
        m_secrets = std::make_unique<KeychainSecretStore>(app_identity::kApplicationId);
    }
}

BridgeCommand::~BridgeCommand() = default;

void BridgeCommand::fail(const QString &message)
{
    terminal::printLine(stderr, message);
    QTimer::singleShot(0, this, [this]() { Q_EMIT finished(1); });
}

void BridgeCommand::start(const QString &server)
{
    if (Result<void> loaded = m_registry->load(); !loaded.ok())
        return fail(loaded.error().message());

    // By id, else by name or by URL (a name may be taken twice; the id never is).
    std::optional<ServerConfig> config = m_registry->find(server);
    const QUrl url(server, QUrl::StrictMode);
    const bool isUrl =
        url.isValid() && (url.scheme() == QLatin1StringView("https") || url.scheme() == QLatin1StringView("http"));
    if (!config) {
        QList<ServerConfig> matches;
        for (const ServerConfig &candidate : m_registry->servers()) {
            if (candidate.name == server
                || (isUrl && ServerConfig::normalizedUrl(candidate.url) == ServerConfig::normalizedUrl(url)))
                matches.append(candidate);
        }
        if (matches.size() > 1)
            return fail(tr("Several servers are called “%1”; use the id from portico --list.").arg(server));
        if (!matches.isEmpty())
            config = matches.constFirst();
    }
    if (!config && isUrl)
        config = unconfiguredServer(url);
    if (!config)
        return fail(tr("No server called “%1” is configured (see portico --list), and it is not a URL.").arg(server));

    m_bridge = std::make_unique<Bridge>(*config, m_secrets.get(), STDIN_FILENO, STDOUT_FILENO);
    connect(m_bridge.get(), &Bridge::finished, this, &BridgeCommand::finished);
    m_bridge->start();
}

void BridgeCommand::stop()
{
    if (m_bridge)
        m_bridge->stop();
    else
        Q_EMIT finished(1);
}

} // namespace portico
