#pragma once

#include "auth/useragent.h"

#include <QObject>
#include <QPointer>

#include <memory>
#include <optional>

namespace portico {

class HttpClient;
class HttpExchange;
class LoopbackRedirectCatcher;
struct HttpResponse;

// The user agent for machines without a person (conformance mode, tests): binds a LoopbackRedirectCatcher,
// GETs the authorization URL without following redirects, and — when the answer is a 3xx whose Location
// starts with the redirect URI, as an AS that needs no login gives — delivers that Location to the
// catcher with a second GET, exactly as a browser would, so the real listener path runs (A31).
// Anything else (a login page, an error status) ends with InteractionRequired: "a person has to sign in".
class HeadlessUserAgent : public QObject, public UserAgent
{
    Q_OBJECT

public:
    explicit HeadlessUserAgent(HttpClient &http, QObject *parent = nullptr);
    ~HeadlessUserAgent() override;

    [[nodiscard]] Result<QUrl> prepareRedirect(quint16 preferredPort) override;
    void authorize(const Prompt &prompt, QObject *context, CallbackDone done) override;
    void cancel() override;

private:
    // The answer to the authorization request: a redirect to the listener, or something a person must do.
    void onAuthorizationResponse(const Result<HttpResponse> &response, const QUrl &redirectUri);
    // The second GET: the Location delivered to the listener, as a browser would.
    void followToListener(const QUrl &location);
    // The listener caught the redirect or ended (timeout); kept when no flow is waiting yet.
    void onCaught(Result<QUrl> callbackUrl);
    // Ends the flow in progress: `done` once, queued, not after the context died.
    void finish(Result<QUrl> outcome);

    HttpClient &m_http;
    std::unique_ptr<LoopbackRedirectCatcher> m_catcher;
    CallbackDone m_done;
    QPointer<QObject> m_context;
    bool m_hasContext = false;
    // Bumped when a flow ends, so answers of its requests that are still on the way are ignored.
    quint64 m_generation = 0;
    QPointer<HttpExchange> m_exchange;
    // What the listener reported before authorize() was called (a stranger at /callback, a timeout).
    std::optional<Result<QUrl>> m_caught;
};

} // namespace portico
