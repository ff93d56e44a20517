#include "mcp/serverrequesthandler.h"

#include "mcp/elicitationhandler.h"
#include "mcp/elicitationschema.h"
#include "mcp/jsonrpc.h"

#include <QPointer>
#include <QTimer>
#include <QUrl>

#include <memory>

namespace portico {

ServerRequestHandler::ServerRequestHandler(QObject *parent)
    : QObject(parent)
{}

ServerRequestHandler::~ServerRequestHandler() = default;

QJsonObject ServerRequestHandler::clientCapabilities() const
{
    // Declare only what Portico implements (requirements TRANSPORT-17): elicitation when someone can answer it.
    QJsonObject capabilities;
    if (m_elicitation) {
        QJsonObject elicitation{{QStringLiteral("form"), QJsonObject()}};
        if (m_elicitation->supportsUrlMode())
            elicitation.insert(QStringLiteral("url"), QJsonObject());
        capabilities.insert(QStringLiteral("elicitation"), elicitation);
    }
    return capabilities;
}

void ServerRequestHandler::answerRequest(const QJsonValue &id, const QString &method, const QJsonObject &params,
                                         std::function<void(const QJsonObject &response)> respond)
{
    if (m_forwarder) {
        m_forwarder(id, method, params, [self = QPointer(this), id, respond](QJsonObject answer) {
            if (!self)
                return;
            answer.insert(QStringLiteral("jsonrpc"), QStringLiteral("2.0"));
            answer.insert(QStringLiteral("id"), id);
            respond(answer);
        });
        return;
    }
    if (method == QLatin1StringView("ping")) {
        respond(jsonrpc::resultResponse(id, {})); // promptly (requirements TRANSPORT-26)
        return;
    }
    if (method == QLatin1StringView("elicitation/create") && m_elicitation) {
        elicit(params, [id, respond](const QJsonObject &reply) { respond(jsonrpc::resultResponse(id, reply)); });
        return;
    }
    // Roots and sampling are not offered, so they are not declared (requirements TRANSPORT-17, FEATURE-10).
    respond(jsonrpc::errorResponse(id, jsonrpc::MethodNotFound,
                                   QStringLiteral("Portico does not offer %1").arg(method.left(100))));
}

void ServerRequestHandler::answerInputRequests(const QJsonObject &inputRequests,
                                               std::function<void(const QJsonObject &inputResponses)> done)
{
    auto responses = std::make_shared<QJsonObject>();
    auto remaining = std::make_shared<int>(int(inputRequests.size()));
    const auto answered = [responses, remaining, done](const QString &key, const QJsonObject &answer) {
        responses->insert(key, answer);
        if (--*remaining > 0)
            return;
        done(*responses);
    };
    if (inputRequests.isEmpty()) {
        QTimer::singleShot(0, this, [done]() { done(QJsonObject()); });
        return;
    }
    for (auto it = inputRequests.constBegin(); it != inputRequests.constEnd(); ++it) {
        const QString key = it.key();
        const QJsonObject inputRequest = it.value().toObject();
        const QString method = inputRequest.value(QStringLiteral("method")).toString();
        const QJsonObject params = inputRequest.value(QStringLiteral("params")).toObject();
        if (m_forwarder) {
            // An input response is the bare result; a client that answered with an error gave none.
            m_forwarder(QJsonValue::Null, method, params,
                        [self = QPointer(this), answered, key](const QJsonObject &answer) {
                            if (self)
                                answered(key, answer.value(QStringLiteral("result")).toObject());
                        });
            continue;
        }
        if (method == QLatin1StringView("elicitation/create") && m_elicitation) {
            elicit(params, [answered, key](const QJsonObject &reply) { answered(key, reply); });
            continue;
        }
        // Sampling and roots are not offered (not declared, requirements TRANSPORT-17); elicitation without a handler
        // is declined.
        QTimer::singleShot(0, this, [answered, key]() {
            answered(key, ElicitationReply{ElicitationReply::Action::Decline, {}}.toResult());
        });
    }
}

void ServerRequestHandler::elicit(const QJsonObject &params, std::function<void(const QJsonObject &reply)> done)
{
    ElicitationRequest request;
    request.serverName = m_serverName;
    request.mode = params.value(QStringLiteral("mode")).toString(QStringLiteral("form")); // none = form (FEATURE-8)
    request.message = params.value(QStringLiteral("message")).toString();
    request.requestedSchema = params.value(QStringLiteral("requestedSchema")).toObject();
    request.url = QUrl(params.value(QStringLiteral("url")).toString(), QUrl::StrictMode);
    request.elicitationId = params.value(QStringLiteral("elicitationId")).toString();
    if (request.mode != QLatin1StringView("form")
        && !(request.mode == QLatin1StringView("url") && m_elicitation->supportsUrlMode())) {
        QTimer::singleShot(0, this, [done]() { done(ElicitationReply{}.toResult()); }); // cancel
        return;
    }
    m_elicitation->elicit(request, this, [request, done](ElicitationReply reply) {
        // Never send content that breaks the server's own schema (requirements FEATURE-8).
        if (reply.action == ElicitationReply::Action::Accept && request.mode == QLatin1StringView("form")
            && !elicitation_schema::validate(reply.content, request.requestedSchema).ok()) {
            reply = ElicitationReply{ElicitationReply::Action::Decline, {}};
        }
        done(reply.toResult());
    });
}

} // namespace portico
