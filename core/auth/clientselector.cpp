#include "auth/clientselector.h"

#include "auth/clientregistrar.h"
#include "auth/signintimeline.h"
#include "auth/useragent.h"
#include "common/appidentity.h"

#include <algorithm>
#include <utility>

namespace portico {

namespace {

// How a client with a secret sends it: the way the AS supports (RFC 8414 §2 default: client_secret_basic).
QString secretMethodFor(const AuthServerMetadata &metadata)
{
    const QStringList &methods = metadata.tokenEndpointAuthMethodsSupported();
    return !methods.contains(ClientRegistration::kAuthClientSecretBasic)
                   && methods.contains(ClientRegistration::kAuthClientSecretPost)
               ? QString(ClientRegistration::kAuthClientSecretPost)
               : QString(ClientRegistration::kAuthClientSecretBasic);
}

quint16 portOf(const QUrl &redirectUri)
{
    return static_cast<quint16>(std::max(0, redirectUri.port()));
}

} // namespace

ClientSelector::ClientSelector(HttpClient &http, SignInTimeline &timeline, std::function<QDateTime()> clock,
                               QObject *parent)
    : QObject(parent)
    , m_timeline(timeline)
    , m_clock(std::move(clock))
    , m_registrar(std::make_unique<ClientRegistrar>(http))
{
    m_registrar->setClock(m_clock);
}

ClientSelector::~ClientSelector() = default;

void ClientSelector::choose(const AuthServerMetadata &metadata, const Candidates &candidates, UserAgent &userAgent,
                            std::function<void(Result<Choice>)> done)
{
    const QString &issuer = metadata.issuer();
    const QDateTime now = m_clock ? m_clock() : QDateTime::currentDateTimeUtc();
    const auto redirectFor = [&candidates, &userAgent](quint16 registeredPort) -> Result<QUrl> {
        const quint16 preferred = candidates.fixedRedirectPort != 0 ? candidates.fixedRedirectPort : registeredPort;
        return userAgent.prepareRedirect(preferred);
    };

    // 1. A registration this issuer gave Portico before (requirements AUTH-18: only ever presented to that issuer).
    const std::optional<ClientRegistration> &stored = candidates.stored;
    if (stored && stored->isUsableWith(issuer) && !stored->secretExpired(now) && !stored->clientId.isEmpty()) {
        Result<QUrl> redirect = redirectFor(portOf(stored->redirectUri));
        if (!redirect.ok())
            return done(redirect.error());
        m_timeline.record(tr("Registration"), tr("Using the client “%1” registered earlier (%2).")
                                                  .arg(stored->clientId, ClientRegistration::kindName(stored->kind)));
        return done(Choice{*stored, redirect.value()});
    }
    if (stored && stored->secretExpired(now))
        m_timeline.record(tr("Registration"),
                          tr("The client secret has expired; registering again (RFC 7591 §3.2.1)."));

    // 2. Pre-registered by the person (requirements AUTH-14 step 1).
    if (candidates.preRegistered && !candidates.preRegistered->clientId.isEmpty()) {
        ClientRegistration client = *candidates.preRegistered;
        if (!client.issuer.isEmpty() && client.issuer != issuer) {
            // Requirements AUTH-18: pre-registered credentials are bound to their AS; show an error instead of
            // presenting them.
            return done(Error(ErrorCode::ClientIdRequired,
                              tr("The server now uses the authorization server %1, but the client id configured for "
                                 "it belongs to %2. Update the server's settings.")
                                  .arg(issuer, client.issuer)));
        }
        client.issuer = issuer;
        if (client.tokenEndpointAuthMethod.isEmpty()
            || client.tokenEndpointAuthMethod == ClientRegistration::kAuthNone) {
            // Requirements AUTH-22: a secret is sent the way the AS supports (RFC 8414 default: client_secret_basic).
            if (!client.privateKeyPem.isEmpty())
                client.tokenEndpointAuthMethod = QString(ClientRegistration::kAuthPrivateKeyJwt);
            else if (client.clientSecret.isEmpty())
                client.tokenEndpointAuthMethod = QString(ClientRegistration::kAuthNone);
            else
                client.tokenEndpointAuthMethod = secretMethodFor(metadata);
        }
        Result<QUrl> redirect = redirectFor(portOf(client.redirectUri));
        if (!redirect.ok())
            return done(redirect.error());
        if (!client.redirectUri.isValid())
            client.redirectUri = redirect.value();
        m_timeline.record(tr("Registration"), tr("Using the pre-registered client “%1”.").arg(client.clientId));
        return done(Choice{std::move(client), redirect.value()});
    }

    Result<QUrl> redirect = redirectFor(0);
    if (!redirect.ok())
        return done(redirect.error());

    // 3. Client ID Metadata Document (requirements AUTH-14 step 2, AUTH-15), when the AS supports it and Portico has a
    //    URL.
    if (metadata.clientIdMetadataDocumentSupported() && candidates.metadataDocumentUrl.isValid()) {
        Result<ClientRegistration> client =
            ClientRegistrar::metadataDocumentClient(candidates.metadataDocumentUrl, redirect.value());
        if (client.ok()) {
            m_timeline.record(tr("Registration"), tr("Using Portico's client metadata document %1 as the client id.")
                                                      .arg(candidates.metadataDocumentUrl.toString()));
            return done(Choice{std::move(client).value(), redirect.value()});
        }
        m_timeline.record(tr("Registration"), client.error().message(), false);
    }

    // 4. Dynamic client registration (requirements AUTH-14 step 3, AUTH-16).
    if (metadata.registrationEndpoint().isValid())
        return registerDynamically(metadata, redirect.value(), std::move(done));

    // 5. Nothing left but the person (requirements AUTH-14 step 4).
    done(Error(ErrorCode::ClientIdRequired,
               tr("%1 does not let Portico register itself. Enter a client id for this server in its settings.")
                   .arg(SignInTimeline::hostOf(issuer))));
}

void ClientSelector::registerDynamically(const AuthServerMetadata &metadata, const QUrl &redirectUri,
                                         std::function<void(Result<Choice>)> done)
{
    Q_EMIT registering();
    ClientRegistrar::ClientMetadata about;
    about.clientName = QStringLiteral("Portico");
    about.redirectUri = redirectUri;
    about.softwareId = QString(app_identity::kApplicationId);
    about.softwareVersion = QString(app_identity::kVersion);
    m_registrar->registerClient(
        metadata, about, this,
        [this, issuer = metadata.issuer(), redirectUri, done = std::move(done)](Result<ClientRegistration> registered) {
            if (!registered.ok()) {
                m_timeline.record(tr("Registration"), registered.error().message(), false);
                return done(registered.error());
            }
            m_timeline.record(tr("Registration"),
                              tr("Registered as client “%1” at %2 (RFC 7591).")
                                  .arg(registered.value().clientId, SignInTimeline::hostOf(issuer)));
            done(Choice{std::move(registered).value(), redirectUri, true});
        });
}

Result<ClientRegistration> ClientSelector::machineClient(const std::optional<ClientRegistration> &preRegistered,
                                                         const AuthServerMetadata &metadata)
{
    if (!preRegistered || preRegistered->clientId.isEmpty()) {
        return Error(ErrorCode::ClientIdRequired,
                     tr("Machine sign-in needs a client id and a secret or key in the server's settings."));
    }
    ClientRegistration client = *preRegistered;
    client.issuer = metadata.issuer();
    if (!client.privateKeyPem.isEmpty()) {
        client.tokenEndpointAuthMethod = QString(ClientRegistration::kAuthPrivateKeyJwt);
    } else if (client.tokenEndpointAuthMethod.isEmpty()
               || client.tokenEndpointAuthMethod == ClientRegistration::kAuthNone) {
        client.tokenEndpointAuthMethod = secretMethodFor(metadata);
    }
    return client;
}

} // namespace portico
