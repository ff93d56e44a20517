#pragma once

#include <QJsonObject>
#include <QLatin1StringView>
#include <QNetworkAccessManager>
#include <QProcess>
#include <QString>
#include <QUrl>

namespace portico::testing {

// The real authorization peers of the OAuth engine's integration tests, both from tests/peers:
//   as.mjs  oidc-provider as the authorization server: DCR, PKCE S256, resource indicators with JWT access
//           tokens for mcpUrl(), real login + consent pages, rotating refresh tokens, revocation, and the
//           confidential client `portico-machine` for client_credentials;
//   rs.mjs  an MCP server (Streamable HTTP, stateless) behind the MCP SDK's requireBearerAuth, with PRM at
//           protectedResourceMetadataUrl() and the tools echo, whoami and admin-echo (needs mcp:admin).
//
// start() runs as.mjs on an ephemeral port (it reports the port it bound on stdout: "READY <port>"), then
// rs.mjs on a port picked here beforehand: the AS must know the resource URL, and with it the RS port,
// before it starts. Should the RS lose the race for that port, both are restarted on new ports (up to three
// times). Both processes are stopped (SIGTERM, then SIGKILL) on destruction, and they exit by themselves
// when this process dies (their stdin pipe closes), so a crashed test leaves no peer behind.
//
// Every helper here is synchronous (a local QEventLoop): fine for tests, never for product code.
class OidcPeers
{
public:
    struct Options
    {
        // Lifetime of access tokens in seconds (as.mjs ACCESS_TOKEN_TTL; the JWT `exp` and `expires_in`).
        int accessTokenTtlSeconds = 600;
        // How long as.mjs holds each refresh response after rotating the refresh token (a slow IdP).
        int refreshDelayMs = 0;
        // How long each peer may take to print READY.
        int readyTimeoutMs = 30000;
    };

    // The static confidential client of as.mjs (grant client_credentials, scope mcp:tools only).
    static constexpr QLatin1StringView kMachineClientId{"portico-machine"};
    static constexpr QLatin1StringView kMachineClientSecret{"machine-secret"};
    // The name the login page is given by OidcLoginUserAgent by default; it becomes the tokens' `sub`.
    static constexpr QLatin1StringView kDefaultLogin{"alice"};

    OidcPeers();
    explicit OidcPeers(Options options);
    OidcPeers(const OidcPeers &) = delete;
    OidcPeers &operator=(const OidcPeers &) = delete;
    ~OidcPeers();

    // Starts both peers and waits for them. Returns an error text, empty on success.
    QString start();
    void stop();
    [[nodiscard]] bool isRunning() const;
    [[nodiscard]] const Options &options() const { return m_options; }
    // Wall-clock time start() took for both peers (0 before a successful start).
    [[nodiscard]] qint64 startupMs() const { return m_startupMs; }

    // http://127.0.0.1:<as port> — the issuer exactly as the AS metadata and the `iss` parameter carry it.
    [[nodiscard]] QUrl asIssuer() const;
    // http://127.0.0.1:<rs port>/mcp — the MCP endpoint, also the resource indicator and the tokens' `aud`.
    [[nodiscard]] QUrl mcpUrl() const;
    // http://127.0.0.1:<rs port>/.well-known/oauth-protected-resource/mcp (RFC 9728 §3.1).
    [[nodiscard]] QUrl protectedResourceMetadataUrl() const;
    // http://127.0.0.1:<as port>/.well-known/oauth-authorization-server (RFC 8414 §3.1).
    [[nodiscard]] QUrl authServerMetadataUrl() const;
    [[nodiscard]] quint16 asPort() const { return m_asPort; }
    [[nodiscard]] quint16 rsPort() const { return m_rsPort; }

    // GET /test/stats of the AS: {tokenRequests: {authorization_code, refresh_token, client_credentials},
    // refreshSuccess, refreshFailed, revocations, registrations}. Empty object on failure.
    [[nodiscard]] QJsonObject asStats();
    // GET /test/stats of the RS: {requests, authorizedRequests, rejected401, rejected403, tokensSeen}
    // (tokensSeen: distinct access tokens that verified). Empty object on failure.
    [[nodiscard]] QJsonObject rsStats();
    // One counter of asStats() or rsStats(): `group` itself ("registrations"), or `name` inside it
    // ("tokenRequests", "refresh_token"); 0 when absent.
    [[nodiscard]] static int count(const QJsonObject &stats, const QString &group, const QString &name = {})
    {
        const QJsonValue value = stats.value(group);
        return name.isEmpty() ? value.toInt() : value.toObject().value(name).toInt();
    }
    // POST /test/revoke-all-grants: every grant, code and refresh token issued so far is forgotten, so the
    // next refresh gets invalid_grant. Returns the AS's answer ({revoked: {grants, refreshTokens}}), empty
    // on failure.
    QJsonObject revokeAllGrants();
    // GET /test/secrets: every secret the AS issued or received so far, by kind ({accessTokens: [...],
    // refreshTokens, idTokens, authorizationCodes, codeVerifiers, clientSecrets, registrationAccessTokens}),
    // for leak checks (requirements SEC-4). SECRETS: compare with them, never print them (no QCOMPARE, no qDebug).
    [[nodiscard]] QJsonObject asSecrets();

private:
    QString startOnce();
    QString startPeer(QProcess &process, const QString &script, const QProcessEnvironment &environment, quint16 *port);
    static void stopPeer(QProcess &process);
    QJsonObject exchangeJson(const QByteArray &verb, const QUrl &url);

    Options m_options;
    QProcess m_as;
    QProcess m_rs;
    quint16 m_asPort = 0;
    quint16 m_rsPort = 0;
    qint64 m_startupMs = 0;
    QNetworkAccessManager m_network;
};

} // namespace portico::testing
