#include "mcp/schemadefaultselicitationhandler.h"

#include "mcp/elicitationschema.h"

#include <QMetaObject>

namespace portico {

void SchemaDefaultsElicitationHandler::elicit(const ElicitationRequest &request, QObject *context,
                                              std::function<void(ElicitationReply)> done)
{
    ElicitationReply reply;
    reply.content = elicitation_schema::defaults(request.requestedSchema);
    // Accept only what the schema itself allows: defaults that leave a required field empty are declined.
    reply.action = elicitation_schema::validate(reply.content, request.requestedSchema).ok()
                       ? ElicitationReply::Action::Accept
                       : ElicitationReply::Action::Decline;
    if (reply.action != ElicitationReply::Action::Accept)
        reply.content = {};
    QMetaObject::invokeMethod(
        context, [done, reply]() { done(reply); }, Qt::QueuedConnection);
}

} // namespace portico
