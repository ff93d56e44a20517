#pragma once

#include "common/error.h"
#include "loopbackhttpserver.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QUrl>

namespace portico::testing {

// The requests `server` received with `method`, in order.
inline QList<HttpRequest> requestsWith(const LoopbackHttpServer &server, const QByteArray &method)
{
    QList<HttpRequest> found;
    for (const HttpRequest &request : server.requests()) {
        if (request.method == method)
            found.append(request);
    }
    return found;
}

// Two loopback servers on two origins (the same host, another port: RFC 6454 §4): `origin` answers a GET of `path`
// with a redirect to the same path on `elsewhere`, whose requests show whether the redirect was followed.
struct CrossOriginRedirect
{
    LoopbackHttpServer origin;
    LoopbackHttpServer elsewhere;
    QUrl location; // where `origin` redirects to

    // Starts both servers; false if one could not listen.
    bool listen(const QByteArray &path, int status)
    {
        if (!origin.listen() || !elsewhere.listen())
            return false;
        location = elsewhere.url(QString::fromLatin1(path));
        origin.route("GET", path, [target = location, status](const HttpRequest &) {
            return HttpResponse::redirect(target, status);
        });
        return true;
    }

    // Whether `refusal` names the Location and the redirect's status (in its message or detail).
    [[nodiscard]] bool isNamedIn(const Error &refusal, int status) const
    {
        const QString text = refusal.message() + QLatin1Char(' ') + refusal.detail();
        return text.contains(location.toString()) && text.contains(QString::number(status));
    }
};

} // namespace portico::testing
