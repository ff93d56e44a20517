#include "mcp/elicitationhandler.h"

namespace portico {

ElicitationHandler::~ElicitationHandler() = default;

QJsonObject ElicitationReply::toResult() const
{
    switch (action) {
    case Action::Accept:
        return {{QStringLiteral("action"), QStringLiteral("accept")}, {QStringLiteral("content"), content}};
    case Action::Decline:
        return {{QStringLiteral("action"), QStringLiteral("decline")}};
    case Action::Cancel:
        break;
    }
    return {{QStringLiteral("action"), QStringLiteral("cancel")}};
}

} // namespace portico
