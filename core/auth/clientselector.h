#pragma once

#include "auth/authservermetadata.h"
#include "auth/clientregistration.h"
#include "common/result.h"

#include <QDateTime>
#include <QObject>
#include <QUrl>

#include <functional>
#include <memory>
#include <optional>

namespace portico {

class ClientRegistrar;
class HttpClient;
class SignInTimeline;
class UserAgent;

// Which client Portico presents to an authorization server, in the order of MCP 2025-11-25 authorization,
// "Client Registration Approaches":
//   1. the registration this issuer gave Portico before (a client is only ever presented to the AS that
//      issued it),
//   2. the client the person pre-registered in the server's settings,
//   3. Portico's Client ID Metadata Document, when the AS supports it (draft-ietf-oauth-client-id-metadata-document),
//   4. dynamic client registration (RFC 7591),
//   5. nothing left: ask the person for a client id (ClientIdRequired).
// The redirect URI is bound on the way (UserAgent::prepareRedirect), keeping a registered port (RFC 8252 §7.3),
// because registration and the authorization URL both need it. Each choice is written to the sign-in timeline.
class ClientSelector : public QObject
{
    Q_OBJECT

public:
    // What the server's settings and the keychain offer besides what the AS itself supports.
    struct Candidates
    {
        std::optional<ClientRegistration> stored;        // what this issuer registered before, if anything
        std::optional<ClientRegistration> preRegistered; // from the server's settings; empty clientId = none
        QUrl metadataDocumentUrl;                        // Portico's CIMD URL; invalid = never use CIMD
        quint16 fixedRedirectPort = 0;                   // 0 = the registered port, else this one
    };

    struct Choice
    {
        ClientRegistration client;
        QUrl redirectUri; // bound for this flow by the user agent
        // Registered just now (DCR): the caller keeps it at once, so a cancelled sign-in does not register again.
        bool newlyRegistered = false;
    };

    ClientSelector(HttpClient &http, SignInTimeline &timeline, std::function<QDateTime()> clock,
                   QObject *parent = nullptr);
    ~ClientSelector() override;

    // Chooses the client for `metadata`'s issuer; `done` once (synchronously unless it registers).
    void choose(const AuthServerMetadata &metadata, const Candidates &candidates, UserAgent &userAgent,
                std::function<void(Result<Choice>)> done);

    // Client-credentials mode (SEP-1046): the pre-registered client, bound to `metadata`'s issuer, with the
    // authentication method the AS supports (private_key_jwt when a key is configured). ClientIdRequired when
    // no client id is configured.
    [[nodiscard]] static Result<ClientRegistration>
    machineClient(const std::optional<ClientRegistration> &preRegistered, const AuthServerMetadata &metadata);

Q_SIGNALS:
    // Dynamic registration started (a network round trip the person may wait for).
    void registering();

private:
    void registerDynamically(const AuthServerMetadata &metadata, const QUrl &redirectUri,
                             std::function<void(Result<Choice>)> done);

    SignInTimeline &m_timeline;
    std::function<QDateTime()> m_clock;
    std::unique_ptr<ClientRegistrar> m_registrar;
};

} // namespace portico
