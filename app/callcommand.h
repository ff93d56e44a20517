#pragma once

#include "common/result.h"

#include <QObject>
#include <QString>

#include <memory>

namespace portico {

class AuthSession;
class HttpClient;
class SecretStore;
class ServerConnection;
class ServerRegistry;

// `portico --call SERVER TOOL [--arguments JSON]`: one tool call against a configured server, headless,
// through the same ServerConnection, McpSession and AuthSession as the window. The sign-in stored in the
// keychain is used and renewed (refresh, with the cross-process lock: another Portico running at the same
// time keeps working through a rotation, requirements AUTH-41); a server that needs a person to sign in ends with a
// clear message instead of opening a browser (no surprise tabs). Text content goes to stdout; keychain trouble
// (locked, unavailable, slow, an entry not in Portico's format) goes to stderr in words, never with a secret.
class CallCommand : public QObject
{
    Q_OBJECT

public:
    struct Options
    {
        bool noKeychain = false;
    };

    explicit CallCommand(Options options, QObject *parent = nullptr);
    ~CallCommand() override;

    // Loads servers.json, finds the server, connects, calls; finished() follows with the exit code.
    void start(const QString &server, const QString &tool, const QString &argumentsJson);

Q_SIGNALS:
    void finished(int exitCode);

private:
    void connectAndCall(const QString &tool, const QJsonObject &arguments);
    // Says on stderr when the keychain is slow, locked, unavailable or holds an entry Portico cannot read.
    void reportKeychain();
    void finish(int exitCode, const QString &message = {});

    Options m_options;
    std::unique_ptr<ServerRegistry> m_registry;
    std::unique_ptr<SecretStore> m_secrets;
    std::unique_ptr<HttpClient> m_authHttp;
    std::unique_ptr<AuthSession> m_auth;
    std::unique_ptr<ServerConnection> m_connection;
    bool m_finished = false;
    QString m_lastKeychainLine;
};

} // namespace portico
