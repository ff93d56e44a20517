#include "mcp/destinationcheckingelicitationhandler.h"

namespace portico {

DestinationCheckingElicitationHandler::DestinationCheckingElicitationHandler(ElicitationHandler &next,
                                                                             DestinationResolver destinations,
                                                                             QObject *parent)
    : QObject(parent)
    , m_next(next)
    , m_destinations(std::make_shared<const DestinationResolver>(std::move(destinations)))
{}

void DestinationCheckingElicitationHandler::elicit(const ElicitationRequest &request, QObject *context,
                                                   std::function<void(ElicitationReply)> done)
{
    // Nothing to check without a host: the dialog's url_policy check refuses such an address anyway.
    if (request.mode != QLatin1StringView("url") || request.url.host().isEmpty()) {
        m_next.elicit(request, context, std::move(done));
        return;
    }
    ElicitationHandler *next = &m_next;
    m_destinations->resolve(request.url, /*viaProxy=*/true, tr("elicitation page"), context ? context : this,
                            [next, request, context, done = std::move(done),
                             keepAlive = m_destinations](Result<QList<QHostAddress>> allowed) mutable {
                                ElicitationRequest checked = request;
                                if (!allowed.ok())
                                    checked.urlRefusal = allowed.error().message();
                                next->elicit(checked, context, std::move(done));
                            });
}

} // namespace portico
