#pragma once

#include <QJsonObject>
#include <QJsonValue>
#include <QObject>
#include <QString>

#include <functional>

namespace portico {

class ElicitationHandler;

// What a server asks of Portico, and Portico's answers: ping at once, elicitation/create through the
// ElicitationHandler (form mode, and URL mode when the handler supports it), and nothing else — roots and
// sampling are not offered, so they are not declared either (MCP 2025-11-25 basic/lifecycle, "Capability
// Negotiation"; client/elicitation, client/roots, client/sampling). The questions come as JSON-RPC
// requests in the 2025 and HTTP+SSE (2024-11-05) eras, and as the inputRequests of an input_required result
// in 2026-07-28 (MRTR, basic/patterns/mrtr). McpSession owns one and routes both here. A relay (the stdio
// bridge) sets a forwarder instead, and every question goes to its own client (requirements FEATURE-11).
class ServerRequestHandler : public QObject
{
    Q_OBJECT

public:
    // Passes one question of the server on to someone else (a relay such as the stdio bridge): `serverId` is
    // the server's request id (null for a 2026-07-28 input request), and `answer` takes {"result": …} or
    // {"error": …}, exactly once.
    using Forwarder = std::function<void(const QJsonValue &serverId, const QString &method, const QJsonObject &params,
                                         std::function<void(const QJsonObject &answer)> answer)>;

    explicit ServerRequestHandler(QObject *parent = nullptr);
    ~ServerRequestHandler() override;

    // With a forwarder every question goes there, ping included, and nothing is answered here.
    void setForwarder(Forwarder forwarder) { m_forwarder = std::move(forwarder); }

    // Who answers elicitation requests; none: they are declined (MRTR) or refused as unknown (requests).
    void setElicitationHandler(ElicitationHandler *handler) { m_elicitation = handler; }
    // The server's name as an elicitation dialog shows it (its serverInfo title, else its name).
    void setServerName(const QString &name) { m_serverName = name; }

    // The client capabilities these answers back: only what Portico implements.
    [[nodiscard]] QJsonObject clientCapabilities() const;

    // Answers one JSON-RPC request from the server: `respond` gets the whole response message (a result, or
    // MethodNotFound for what Portico does not offer), at once for ping, after the person's answer for
    // elicitation.
    void answerRequest(const QJsonValue &id, const QString &method, const QJsonObject &params,
                       std::function<void(const QJsonObject &response)> respond);
    // Fulfils every input request of an input_required result; `done` gets the inputResponses under the
    // same keys once all are answered (an empty object when there were none), always later.
    void answerInputRequests(const QJsonObject &inputRequests,
                             std::function<void(const QJsonObject &inputResponses)> done);

private:
    // Asks the elicitation handler (form or URL mode) and hands back the ElicitResult object.
    void elicit(const QJsonObject &params, std::function<void(const QJsonObject &reply)> done);

    ElicitationHandler *m_elicitation = nullptr;
    Forwarder m_forwarder;
    QString m_serverName;
};

} // namespace portico
