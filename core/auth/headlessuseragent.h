#pragma once

#include "auth/loopbackuseragent.h"

#include <QPointer>

namespace portico {

class HttpClient;
class HttpExchange;
struct HttpResponse;

// The user agent for machines without a person (conformance mode, tests): binds a LoopbackRedirectCatcher,
// GETs the authorization URL without following redirects, and — when the answer is a 3xx whose Location
// starts with the redirect URI, as an AS that needs no login gives — delivers that Location to the
// catcher with a second GET, exactly as a browser would, so the real listener path runs (requirements AUTH-29).
// Anything else (a login page, an error status) ends with InteractionRequired: "a person has to sign in".
// The listener, the checks and the end of the flow are LoopbackUserAgent's.
class HeadlessUserAgent : public LoopbackUserAgent
{
    Q_OBJECT

public:
    explicit HeadlessUserAgent(HttpClient &http, QObject *parent = nullptr);
    ~HeadlessUserAgent() override;

protected:
    // GETs the authorization URL (the "page") without following redirects.
    void openPage(const Prompt &prompt) override;
    // A request still running is stopped on failure or cancel, and its late answer ignored.
    void flowEnded(bool succeeded) override;

private:
    // The answer to the authorization request: a redirect to the listener, or something a person must do.
    void onAuthorizationResponse(const Result<HttpResponse> &response, const QUrl &redirectUri);
    // The second GET: the Location delivered to the listener, as a browser would.
    void followToListener(const QUrl &location);

    HttpClient &m_http;
    // Bumped when a flow ends, so answers of its requests that are still on the way are ignored.
    quint64 m_generation = 0;
    QPointer<HttpExchange> m_exchange;
};

} // namespace portico
