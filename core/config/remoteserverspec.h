#pragma once

#include "config/serverconfig.h"

#include <QCoreApplication>
#include <QHash>
#include <QJsonObject>
#include <QJsonValue>
#include <QLatin1StringView>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>
#include <utility>

namespace portico {

// Everything one server entry of another host's configuration file says, in the file's own terms
// (placeholders not yet resolved), before it becomes a ServerConfig. The readers (the ConfigFormatReader
// implementations and McpRemoteReader) fill it from their format; ImportEntryBuilder turns it into a preview
// row, so all formats share one set of rules.
struct RemoteServerSpec
{
    Q_DECLARE_TR_FUNCTIONS(RemoteServerSpec)

public:
    QString urlText;
    ServerConfig::TransportChoice transport = ServerConfig::TransportChoice::Automatic;
    QList<std::pair<QString, QString>> headers;
    QString clientId;
    std::optional<QString> clientSecret;
    QStringList scopes;
    std::optional<qint64> redirectPort;
    bool sendResourceParameter = true;
    QString caCertificatesFile;
    std::optional<QString> proxyUrlText;
    // What ${NAME} / ${env:NAME} resolve to: only the entry's own "env" object (what the host hands the
    // process it starts, e.g. mcp-remote), never Portico's environment, so a preview is reproducible.
    QJsonObject env;
    // VS Code: input id -> description, to name an input the file refers to.
    QHash<QString, QString> inputDescriptions;
    QStringList notes;
    QString skipReason; // set: the entry is skipped with this reason

    // An entry the import skips, and why.
    [[nodiscard]] static RemoteServerSpec skipped(const QString &reason);
    // A local (stdio) server: skipped, as Portico connects to remote servers only.
    [[nodiscard]] static RemoteServerSpec localServer();

    // A "headers" value: an object of name: value pairs. Absent or null adds none; anything else skips the
    // entry.
    void readHeaders(const QJsonValue &value);
    // An array (Cursor auth.scopes) or one space-separated string (Claude Code oauth.scopes, RFC 6749 §3.3).
    void readScopes(const QJsonValue &value);
    // A pre-registered OAuth client: the id under `idKey` and, when the object has one, the secret under
    // `secretKey` (each format spells them its own way: clientId, client_id, CLIENT_ID...).
    void readClient(const QJsonObject &object, QLatin1StringView idKey, QLatin1StringView secretKey);
};

} // namespace portico
