#include "mcp/mcpsession.h"

#include "common/appidentity.h"
#include "common/redaction.h"
#include "mcp/catalogpaging.h"
#include "mcp/jsonrpc.h"
#include "mcp/streamablehttptransport.h"
#include "mcp/toolheaders.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>
#include <QTimer>

namespace portico {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("McpSession", text);
}

Error rpcError(const QJsonObject &error)
{
    const int code = error.value(QStringLiteral("code")).toInt();
    const QString message = error.value(QStringLiteral("message")).toString().left(500);
    QString detail = QStringLiteral("JSON-RPC error %1: %2").arg(code).arg(message);
    if (error.contains(QStringLiteral("data"))) {
        const QByteArray data = QJsonDocument::fromVariant(error.value(QStringLiteral("data")).toVariant())
                                    .toJson(QJsonDocument::Compact)
                                    .left(500);
        detail += QStringLiteral("; data: ") + QString::fromUtf8(data);
    }
    return Error(ErrorCode::RpcError, tr("The server reported an error: %1").arg(message),
                 redaction::redactText(detail))
        .withRpcCode(code);
}

bool isIdempotent(const QString &method)
{
    static const QSet<QString> methods{QStringLiteral("tools/list"),     QStringLiteral("resources/list"),
                                       QStringLiteral("resources/read"), QStringLiteral("resources/templates/list"),
                                       QStringLiteral("prompts/list"),   QStringLiteral("prompts/get"),
                                       QStringLiteral("ping"),           QStringLiteral("completion/complete")};
    return methods.contains(method);
}

} // namespace

QStringList McpSession::supportedProtocolVersions(ProtocolEra era)
{
    switch (era) {
    case ProtocolEra::Stateless2026:
        return {QStringLiteral("2026-07-28")};
    case ProtocolEra::StreamableHttp2025:
        return {QStringLiteral("2025-11-25"), QStringLiteral("2025-06-18"), QStringLiteral("2025-03-26")};
    case ProtocolEra::HttpSse2024:
        // The transport is HTTP+SSE (2024-11-05); the protocol on top may be newer (servers in the field mix
        // them).
        return {QStringLiteral("2025-11-25"), QStringLiteral("2025-06-18"), QStringLiteral("2025-03-26"),
                QStringLiteral("2024-11-05")};
    }
    return {};
}

McpSession::McpSession(Transport *transport, QObject *parent)
    : QObject(parent)
    , m_transport(transport)
{
    connect(m_transport, &Transport::notificationReceived, this, &McpSession::onNotification);
    connect(m_transport, &Transport::requestReceived, this, &McpSession::onServerRequest);
    connect(m_transport, &Transport::sessionExpired, this, &McpSession::onSessionExpired);
    connect(m_transport, &Transport::transportError, this, &McpSession::errorOccurred);
}

McpSession::~McpSession() = default;

void McpSession::setState(State state)
{
    if (m_state == state)
        return;
    m_state = state;
    Q_EMIT stateChanged(state);
}

QJsonObject McpSession::clientCapabilities() const
{
    return m_relayedCapabilities ? *m_relayedCapabilities : m_serverRequests.clientCapabilities();
}

QJsonObject McpSession::clientInfo() const
{
    if (m_relayedCapabilities)
        return m_relayedClientInfo;
    return QJsonObject{{QStringLiteral("name"), QStringLiteral("Portico")},
                       {QStringLiteral("version"), QString(app_identity::kVersion)}};
}

void McpSession::setClientIdentity(const QJsonObject &capabilities, const QJsonObject &clientInfo)
{
    m_relayedCapabilities = capabilities;
    m_relayedClientInfo = clientInfo;
}

void McpSession::adoptServerDescription(const QJsonObject &serverInfo, const QJsonObject &description)
{
    m_serverInfo = serverInfo;
    m_serverCapabilities = description.value(QStringLiteral("capabilities")).toObject();
    m_instructions = description.value(QStringLiteral("instructions")).toString();
    const QString title = m_serverInfo.value(QStringLiteral("title")).toString();
    m_serverRequests.setServerName(title.isEmpty() ? m_serverInfo.value(QStringLiteral("name")).toString() : title);
}

QJsonObject McpSession::withMeta(QJsonObject params) const
{
    if (era() != ProtocolEra::Stateless2026)
        return params;
    // 2026-07-28: every request names the version and capabilities it speaks (requirements TRANSPORT-10).
    QJsonObject meta = params.value(QStringLiteral("_meta")).toObject();
    meta.insert(QStringLiteral("io.modelcontextprotocol/protocolVersion"), m_protocolVersion);
    meta.insert(QStringLiteral("io.modelcontextprotocol/clientCapabilities"), clientCapabilities());
    meta.insert(QStringLiteral("io.modelcontextprotocol/clientInfo"), clientInfo());
    params.insert(QStringLiteral("_meta"), meta);
    return params;
}

void McpSession::start(QObject *context, Callback<void> done)
{
    setState(State::Starting);
    QPointer<QObject> guard(context);
    // The HTTP+SSE (2024-11-05) transport needs its event stream before the first message; the others are
    // ready at once.
    m_transport->open(this, [this, guard, done](Result<void> opened) {
        if (!opened.ok()) {
            setState(State::Failed);
            if (guard)
                done(opened.error());
            return;
        }
        if (!guard)
            return;
        if (era() == ProtocolEra::Stateless2026)
            discover(guard.data(), done);
        else
            initialize(guard.data(), done);
    });
}

void McpSession::discover(QObject *context, Callback<void> done)
{
    m_protocolVersion = supportedProtocolVersions(ProtocolEra::Stateless2026).constFirst();
    m_transport->setProtocolVersion(m_protocolVersion);
    // server/discover is optional (requirements TRANSPORT-14); a server without it is still usable.
    QPointer<QObject> guard(context);
    request(QStringLiteral("server/discover"), {}, this, [this, guard, done](Result<QJsonObject> result) {
        if (result.ok()) {
            // serverInfo may come at the top level or in _meta (2026-07-28 server/discover).
            QJsonObject serverInfo = result.value().value(QStringLiteral("serverInfo")).toObject();
            if (serverInfo.isEmpty()) {
                serverInfo = result.value()
                                 .value(QStringLiteral("_meta"))
                                 .toObject()
                                 .value(QStringLiteral("io.modelcontextprotocol/serverInfo"))
                                 .toObject();
            }
            adoptServerDescription(serverInfo, result.value());
        } else if (result.error().rpcCode() != jsonrpc::MethodNotFound) {
            // Only "no such method" leaves the server usable: server/discover is optional (requirements TRANSPORT-14).
            // Any other answer — e.g. a 2025 server's "no valid session" — means this is not a 2026-07-28 server.
            setState(State::Failed);
            if (guard)
                done(result.error());
            return;
        }
        setState(State::Ready);
        if (guard)
            done(Result<void>::success());
    });
}

void McpSession::initialize(QObject *context, Callback<void> done)
{
    const QStringList versions = supportedProtocolVersions(era());
    m_transport->setProtocolVersion({}); // nothing negotiated yet
    const QJsonObject params{{QStringLiteral("protocolVersion"), versions.constFirst()},
                             {QStringLiteral("capabilities"), clientCapabilities()},
                             {QStringLiteral("clientInfo"), clientInfo()}};
    QPointer<QObject> guard(context);
    request(QStringLiteral("initialize"), params, this, [this, guard, done, versions](Result<QJsonObject> result) {
        const auto finish = [&](Result<void> outcome) {
            setState(outcome.ok() ? State::Ready : State::Failed);
            if (guard)
                done(std::move(outcome));
        };
        if (!result.ok())
            return finish(result.error());
        const QJsonObject &value = result.value();
        const QString version = value.value(QStringLiteral("protocolVersion")).toString();
        // A version Portico does not speak ends the attempt (requirements TRANSPORT-21).
        if (!versions.contains(version)) {
            return finish(Error(ErrorCode::UnsupportedVersion,
                                tr("The server speaks MCP version “%1”, which Portico does not support.").arg(version),
                                QStringLiteral("offered %1").arg(versions.join(QStringLiteral(", ")))));
        }
        m_protocolVersion = version;
        m_transport->setProtocolVersion(version);
        adoptServerDescription(value.value(QStringLiteral("serverInfo")).toObject(), value);
        m_transport->sendNotification(QStringLiteral("notifications/initialized"), {});
        // Server-initiated messages (elicitation, list_changed) may come on the standalone stream
        // (requirements TRANSPORT-25).
        if (auto *streamable = qobject_cast<StreamableHttpTransport *>(m_transport))
            streamable->openEventStream();
        finish(Result<void>::success());
    });
}

void McpSession::close()
{
    if (m_state == State::Closed)
        return;
    m_transport->close();
    setState(State::Closed);
}

struct McpSession::Call
{
    qint64 id = 0;     // what request() returned: the caller's handle, also for cancel()
    qint64 wireId = 0; // the id of the attempt on the wire now
    QString method;
    QJsonObject params;      // as the caller gave them
    QJsonObject retryExtras; // MRTR: inputResponses and requestState of the next attempt
    QPointer<QObject> context;
    Callback<QJsonObject> done;
    ProgressCallback progress;
    int versionRetries = 0;
    int headerRetries = 0;
    int inputRounds = 0;
    bool sessionRetried = false;
    bool relay = false; // relayRequest(): the answer goes on as the whole {result} / {error}
};

qint64 McpSession::request(const QString &method, const QJsonObject &params, QObject *context,
                           Callback<QJsonObject> done, ProgressCallback progress)
{
    return startCall(method, params, context, std::move(done), std::move(progress), false);
}

qint64 McpSession::relayRequest(const QString &method, const QJsonObject &params, QObject *context,
                                Callback<QJsonObject> done, ProgressCallback progress)
{
    return startCall(method, params, context, std::move(done), std::move(progress), true);
}

void McpSession::notify(const QString &method, const QJsonObject &params)
{
    m_transport->sendNotification(method, params);
}

qint64 McpSession::startCall(const QString &method, const QJsonObject &params, QObject *context,
                             Callback<QJsonObject> done, ProgressCallback progress, bool relay)
{
    auto call = std::make_shared<Call>();
    call->relay = relay;
    call->method = method;
    call->params = params;
    call->context = context;
    call->done = std::move(done);
    call->progress = std::move(progress);
    send(call);
    call->id = call->wireId;
    m_calls.insert(call->id, call);
    return call->id;
}

void McpSession::send(const std::shared_ptr<Call> &call)
{
    QJsonObject params = call->params;
    for (auto it = call->retryExtras.constBegin(); it != call->retryExtras.constEnd(); ++it)
        params.insert(it.key(), it.value());
    Transport::RequestOptions options;
    options.limits = m_limits;
    options.wantsProgress = static_cast<bool>(call->progress);
    if (era() == ProtocolEra::Stateless2026 && call->method == QLatin1StringView("tools/call")) {
        // Annotated arguments are mirrored into Mcp-Param-* headers (requirements TRANSPORT-12).
        const QString name = call->params.value(QStringLiteral("name")).toString();
        const auto tool =
            std::find_if(m_tools.cbegin(), m_tools.cend(), [&name](const Tool &t) { return t.name == name; });
        if (tool != m_tools.cend()) {
            Result<HttpHeaders> headers =
                tool_headers::paramHeaders(tool->raw, call->params.value(QStringLiteral("arguments")).toObject());
            if (!headers.ok()) {
                QMetaObject::invokeMethod(
                    this, [this, call, error = headers.error()]() { finishCall(call, error); }, Qt::QueuedConnection);
                return;
            }
            options.extraHeaders = headers.value();
        }
    }
    m_wireIds.remove(call->wireId);
    call->wireId = m_transport->sendRequest(call->method, withMeta(params), options, this,
                                            [this, call](Result<QJsonObject> response) { onResponse(call, response); });
    m_wireIds.insert(call->wireId, call->id ? call->id : call->wireId);
}

void McpSession::finishCall(const std::shared_ptr<Call> &call, Result<QJsonObject> outcome)
{
    m_calls.remove(call->id);
    m_wireIds.remove(call->wireId);
    if (call->context)
        call->done(std::move(outcome));
}

void McpSession::onResponse(const std::shared_ptr<Call> &call, Result<QJsonObject> response)
{
    if (!response.ok()) {
        // The server forgot the session: read-only requests are sent again on the new one (requirements TRANSPORT-23).
        if (response.error().code() == ErrorCode::SessionExpired && isIdempotent(call->method)
            && !call->sessionRetried) {
            call->sessionRetried = true;
            QTimer::singleShot(0, this, [this, call]() { send(call); });
            return;
        }
        return finishCall(call, response.error());
    }
    const QJsonObject &message = response.value();
    if (message.contains(QStringLiteral("error"))) {
        const QJsonObject error = message.value(QStringLiteral("error")).toObject();
        if (era() == ProtocolEra::Stateless2026 && recoverFromRpcError(call, error))
            return;
        if (call->relay)
            return finishCall(call, QJsonObject{{QStringLiteral("error"), error}});
        return finishCall(call, rpcError(error));
    }
    const QJsonObject result = message.value(QStringLiteral("result")).toObject();
    const auto complete = [this, &call, &result]() {
        finishCall(call, call->relay ? QJsonObject{{QStringLiteral("result"), result}} : result);
    };
    if (era() != ProtocolEra::Stateless2026)
        return complete();
    // 2026-07-28: a missing resultType means complete; input_required is only for the three methods that may
    // ask for input (MRTR); anything else is invalid (requirements TRANSPORT-15, TRANSPORT-16).
    const QString resultType = result.value(QStringLiteral("resultType")).toString(QStringLiteral("complete"));
    if (resultType == QLatin1StringView("complete"))
        return complete();
    static const QSet<QString> mayAskForInput{QStringLiteral("tools/call"), QStringLiteral("resources/read"),
                                              QStringLiteral("prompts/get")};
    if (resultType == QLatin1StringView("input_required") && mayAskForInput.contains(call->method)) {
        if (++call->inputRounds > kMaxInputRounds) {
            return finishCall(
                call, Error(ErrorCode::MalformedResponse, tr("The server keeps asking for more input."),
                            QStringLiteral("%1: more than %2 input rounds").arg(call->method).arg(kMaxInputRounds)));
        }
        return answerInputRequests(call, result);
    }
    finishCall(call, Error(ErrorCode::MalformedResponse, tr("The server sent a result Portico cannot use."),
                           QStringLiteral("resultType '%1' of %2").arg(resultType.left(50), call->method)));
}

bool McpSession::recoverFromRpcError(const std::shared_ptr<Call> &call, const QJsonObject &error)
{
    const int code = error.value(QStringLiteral("code")).toInt();
    const QJsonObject data = error.value(QStringLiteral("data")).toObject();
    if (code == jsonrpc::UnsupportedProtocolVersion && call->versionRetries < kMaxVersionRetries) {
        // Retry with the newest version both sides speak (requirements TRANSPORT-14); bounded by attempts, because a
        // server may reject even the version it then lists as supported.
        const QJsonArray supported = data.value(QStringLiteral("supported")).toArray();
        for (const QString &version : supportedProtocolVersions(ProtocolEra::Stateless2026)) {
            if (supported.contains(version)) {
                ++call->versionRetries;
                m_protocolVersion = version;
                m_transport->setProtocolVersion(version);
                send(call);
                return true;
            }
        }
        return false;
    }
    if (code == jsonrpc::HeaderMismatch && call->method == QLatin1StringView("tools/call") && call->headerRetries < 1) {
        // The tool's header annotations changed: list the tools again, then retry once (requirements TRANSPORT-13).
        ++call->headerRetries;
        listTools(this, [this, call](Result<QList<Tool>> tools) {
            if (!tools.ok())
                return finishCall(call, tools.error());
            send(call);
        });
        return true;
    }
    return false;
}

void McpSession::answerInputRequests(const std::shared_ptr<Call> &call, const QJsonObject &result)
{
    // MRTR (basic/patterns/mrtr; requirements TRANSPORT-16): fulfil every input request, then send the original request
    // again with a new id, the answers under the same keys, and requestState exactly as received.
    call->retryExtras = {};
    if (result.contains(QStringLiteral("requestState")))
        call->retryExtras.insert(QStringLiteral("requestState"), result.value(QStringLiteral("requestState")));
    m_serverRequests.answerInputRequests(
        result.value(QStringLiteral("inputRequests")).toObject(), [this, call](const QJsonObject &inputResponses) {
            if (!inputResponses.isEmpty())
                call->retryExtras.insert(QStringLiteral("inputResponses"), inputResponses);
            send(call);
        });
}

template<typename Item>
void McpSession::listAll(const QString &method, const QString &key, QObject *context, Callback<QList<Item>> done)
{
    // One list for every page, never copied: the callback below is copied along the way (std::function), and
    // a QList held by value there would be shared, so appending a page would first deep-copy every item
    // gathered so far — quadratic in the pages (docs/architecture.md, "Performance": 10,000 tools in pages of 100). For
    // the same reason there is no reserve(size + page) per page: an exact reserve defeats QList's geometric growth, and
    // the items are not relocatable, so each page would copy every item again.
    auto collected = std::make_shared<QList<Item>>();
    catalog_paging::listAll(
        [this](const QString &pageMethod, const QJsonObject &params, std::function<void(Result<QJsonObject>)> page) {
            request(pageMethod, params, this, std::move(page));
        },
        method, key, context,
        [collected](const QJsonArray &items) {
            for (const QJsonValue &item : items)
                collected->append(Item::fromJson(item.toObject()));
        },
        [collected, done = std::move(done)](Result<void> listed) {
            if (!listed.ok())
                return done(listed.error());
            done(std::move(*collected));
        });
}

void McpSession::listTools(QObject *context, Callback<QList<Tool>> done)
{
    QPointer<QObject> guard(context);
    listAll<Tool>(QStringLiteral("tools/list"), QStringLiteral("tools"), this,
                  [this, guard, done](Result<QList<Tool>> result) {
                      if (result.ok() && era() == ProtocolEra::Stateless2026) {
                          // Tools with invalid x-mcp-header annotations are not offered (requirements TRANSPORT-12).
                          QList<QJsonObject> raw;
                          for (const Tool &tool : result.value())
                              raw.append(tool.raw);
                          const tool_headers::Screening screening = tool_headers::screen(raw);
                          m_excludedToolWarnings.clear();
                          for (const tool_headers::ExcludedTool &excluded : screening.excluded)
                              m_excludedToolWarnings.append(excluded.warning());
                          QList<Tool> usable;
                          for (const QJsonObject &tool : screening.usable)
                              usable.append(Tool::fromJson(tool));
                          result = std::move(usable);
                      }
                      if (result.ok())
                          m_tools = result.value();
                      if (guard)
                          done(std::move(result));
                  });
}

void McpSession::listResources(QObject *context, Callback<QList<Resource>> done)
{
    listAll<Resource>(QStringLiteral("resources/list"), QStringLiteral("resources"), context, std::move(done));
}

void McpSession::listResourceTemplates(QObject *context, Callback<QList<ResourceTemplate>> done)
{
    listAll<ResourceTemplate>(QStringLiteral("resources/templates/list"), QStringLiteral("resourceTemplates"), context,
                              std::move(done));
}

void McpSession::listPrompts(QObject *context, Callback<QList<Prompt>> done)
{
    listAll<Prompt>(QStringLiteral("prompts/list"), QStringLiteral("prompts"), context, std::move(done));
}

qint64 McpSession::callTool(const QString &name, const QJsonObject &arguments, QObject *context,
                            Callback<QJsonObject> done, ProgressCallback progress)
{
    return request(QStringLiteral("tools/call"),
                   {{QStringLiteral("name"), name}, {QStringLiteral("arguments"), arguments}}, context, std::move(done),
                   std::move(progress));
}

void McpSession::readResource(const QString &uri, QObject *context, Callback<QJsonObject> done)
{
    request(QStringLiteral("resources/read"), {{QStringLiteral("uri"), uri}}, context, std::move(done));
}

void McpSession::getPrompt(const QString &name, const QJsonObject &arguments, QObject *context,
                           Callback<QJsonObject> done)
{
    QJsonObject params{{QStringLiteral("name"), name}};
    if (!arguments.isEmpty())
        params.insert(QStringLiteral("arguments"), arguments);
    request(QStringLiteral("prompts/get"), params, context, std::move(done));
}

void McpSession::complete(const QJsonObject &reference, const QString &argumentName, const QString &argumentValue,
                          QObject *context, Callback<QJsonObject> done)
{
    request(QStringLiteral("completion/complete"),
            {{QStringLiteral("ref"), reference},
             {QStringLiteral("argument"),
              QJsonObject{{QStringLiteral("name"), argumentName}, {QStringLiteral("value"), argumentValue}}}},
            context, std::move(done));
}

void McpSession::ping(QObject *context, Callback<void> done)
{
    request(QStringLiteral("ping"), {}, context, [done](Result<QJsonObject> result) {
        if (!result.ok())
            return done(result.error());
        done(Result<void>::success());
    });
}

void McpSession::cancel(qint64 requestId, const QString &reason)
{
    const std::shared_ptr<Call> call = m_calls.value(requestId);
    if (!call)
        return;
    // The attempt on the wire is cancelled; its completion reports Cancelled to the caller.
    m_transport->cancelRequest(call->wireId, reason);
}

void McpSession::onNotification(const QString &method, const QJsonObject &params)
{
    if (method == QLatin1StringView("notifications/progress")) {
        const QJsonValue token = params.value(QStringLiteral("progressToken"));
        const auto wire = token.isDouble() ? m_wireIds.constFind(token.toInteger()) : m_wireIds.cend();
        const std::shared_ptr<Call> call = wire == m_wireIds.cend() ? nullptr : m_calls.value(wire.value());
        if (!call || !call->progress)
            return;
        ProgressUpdate update{params.value(QStringLiteral("progress")).toDouble(), std::nullopt,
                              params.value(QStringLiteral("message")).toString(), params};
        if (params.value(QStringLiteral("total")).isDouble())
            update.total = params.value(QStringLiteral("total")).toDouble();
        call->progress(update);
        return;
    }
    Q_EMIT notificationReceived(method, params);
    if (method == QLatin1StringView("notifications/tools/list_changed")) {
        Q_EMIT toolsListChanged();
    } else if (method == QLatin1StringView("notifications/resources/list_changed")) {
        Q_EMIT resourcesListChanged();
    } else if (method == QLatin1StringView("notifications/prompts/list_changed")) {
        Q_EMIT promptsListChanged();
    }
}

void McpSession::onServerRequest(const QJsonValue &id, const QString &method, const QJsonObject &params)
{
    // A forwarded question may be answered after this session is gone (a relay's client is slow).
    QPointer<McpSession> self(this);
    m_serverRequests.answerRequest(id, method, params, [self](const QJsonObject &response) {
        if (self)
            self->m_transport->sendResponse(response);
    });
}

void McpSession::onSessionExpired()
{
    if (m_reinitializing || m_state != State::Ready)
        return;
    m_reinitializing = true;
    reinitialize(0);
}

void McpSession::reinitialize(int attempt)
{
    if (auto *streamable = qobject_cast<StreamableHttpTransport *>(m_transport))
        streamable->resetSession();
    initialize(this, [this, attempt](Result<void> result) {
        if (result.ok() || m_state == State::Closed) {
            m_reinitializing = false;
            return;
        }
        // A restarting server refuses connections for a moment: try again with backoff (requirements SEC-12).
        const bool transient =
            result.error().code() == ErrorCode::NetworkFailure || result.error().code() == ErrorCode::Timeout
            || (result.error().code() == ErrorCode::HttpStatus && result.error().httpStatus() >= 500);
        if (transient && attempt + 1 < kMaxReinitializeAttempts) {
            QTimer::singleShot(std::chrono::milliseconds(500) * (1 << attempt), this,
                               [this, attempt]() { reinitialize(attempt + 1); });
            return;
        }
        m_reinitializing = false;
        Q_EMIT errorOccurred(result.error());
    });
}

} // namespace portico
