#include "auth/servercredentials.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonObject>

namespace portico {

namespace {

Error invalidBlob(const QString &detail)
{
    return Error(ErrorCode::ConfigInvalid,
                 QCoreApplication::translate("ServerCredentials",
                                             "The sign-in data stored in the keychain for this server is unreadable."),
                 detail);
}

} // namespace

const ServerCredentials::Grant *ServerCredentials::current() const
{
    const auto it = grants.constFind(currentIssuer);
    return it == grants.cend() ? nullptr : &it.value();
}

ServerCredentials::Grant *ServerCredentials::current()
{
    const auto it = grants.find(currentIssuer);
    return it == grants.end() ? nullptr : &it.value();
}

QString ServerCredentials::secretKey(const QString &serverId)
{
    return QStringLiteral("server/%1/oauth").arg(serverId);
}

QByteArray ServerCredentials::toBlob() const
{
    QJsonObject grantObjects;
    for (auto it = grants.cbegin(); it != grants.cend(); ++it) {
        const Grant &grant = it.value();
        grantObjects.insert(it.key(),
                            QJsonObject{{QStringLiteral("client"), grant.client.toJson()},
                                        {QStringLiteral("tokens"), grant.tokens.toJson()},
                                        {QStringLiteral("resource"), grant.resource},
                                        {QStringLiteral("tokenEndpoint"), grant.tokenEndpoint.toString()},
                                        {QStringLiteral("revocationEndpoint"), grant.revocationEndpoint.toString()},
                                        {QStringLiteral("requestedScopes"), grant.requestedScopes.toString()}});
    }
    const QJsonObject root{{QStringLiteral("version"), kFormatVersion},
                           {QStringLiteral("currentIssuer"), currentIssuer},
                           {QStringLiteral("grants"), grantObjects}};
    return QJsonDocument(root).toJson(QJsonDocument::Compact);
}

Result<ServerCredentials> ServerCredentials::fromBlob(const QByteArray &blob)
{
    QJsonParseError parseError{};
    const QJsonDocument document = QJsonDocument::fromJson(blob, &parseError);
    if (parseError.error != QJsonParseError::NoError || !document.isObject())
        return invalidBlob(QStringLiteral("not a JSON object"));
    const QJsonObject root = document.object();
    const int version = root.value(QStringLiteral("version")).toInt(0);
    if (version < 1 || version > kFormatVersion)
        return invalidBlob(QStringLiteral("format version %1 is not %2").arg(version).arg(kFormatVersion));

    ServerCredentials credentials;
    credentials.currentIssuer = root.value(QStringLiteral("currentIssuer")).toString();
    const QJsonObject grantObjects = root.value(QStringLiteral("grants")).toObject();
    for (auto it = grantObjects.constBegin(); it != grantObjects.constEnd(); ++it) {
        const QJsonObject object = it.value().toObject();
        Result<ClientRegistration> client =
            ClientRegistration::fromJson(object.value(QStringLiteral("client")).toObject());
        if (!client.ok())
            return invalidBlob(QStringLiteral("client of %1: %2").arg(it.key(), client.error().detail()));
        Result<TokenSet> tokens = TokenSet::fromJson(object.value(QStringLiteral("tokens")).toObject());
        if (!tokens.ok())
            return invalidBlob(QStringLiteral("tokens of %1: %2").arg(it.key(), tokens.error().detail()));
        Result<ScopeSet> scopes = ScopeSet::parse(object.value(QStringLiteral("requestedScopes")).toString());
        if (!scopes.ok())
            return invalidBlob(QStringLiteral("requested scopes of %1").arg(it.key()));
        Grant grant;
        grant.client = std::move(client).value();
        grant.tokens = std::move(tokens).value();
        grant.resource = object.value(QStringLiteral("resource")).toString();
        grant.tokenEndpoint = QUrl(object.value(QStringLiteral("tokenEndpoint")).toString());
        grant.revocationEndpoint = QUrl(object.value(QStringLiteral("revocationEndpoint")).toString());
        grant.requestedScopes = std::move(scopes).value();
        credentials.grants.insert(it.key(), std::move(grant));
    }
    return credentials;
}

} // namespace portico
