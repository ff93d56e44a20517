#pragma once

#include "net/httpmessage.h"

#include <QUrl>

#include <functional>

class QObject;

namespace portico {

// The seam between transports and authorization (docs/architecture.md, "One connection, one sign-in"). A transport asks
// it for the credentials of every request, and hands it every 401/403 challenge; the authorization engine
// (AuthSession) implements it. Without a handler a transport sends no credentials and reports challenges
// as errors.
class AuthorizationHandler
{
public:
    AuthorizationHandler() = default;
    AuthorizationHandler(const AuthorizationHandler &) = delete;
    AuthorizationHandler &operator=(const AuthorizationHandler &) = delete;
    virtual ~AuthorizationHandler();

    // Headers that authorize a request to `url` (e.g. "Authorization: Bearer …" for the resource this token
    // was issued for); empty when there is nothing to send. Called for every request, so a refreshed token
    // is used at once (the bearer token is required on every HTTP request: requirements AUTH-36, SEC-8).
    [[nodiscard]] virtual HttpHeaders credentialsFor(const QUrl &url) = 0;

    // A request to `url` was answered 401 or 403 (`challenge` holds status and WWW-Authenticate). Authorize
    // as needed (refresh, sign in, step up), then call `done(true)` to have the request sent again with
    // fresh credentials, or `done(false)` to give up. `done` runs once, later, and only while `context`
    // lives.
    virtual void handleChallenge(const QUrl &url, const HttpResponse &challenge, QObject *context,
                                 std::function<void(bool retry)> done) = 0;
};

} // namespace portico
