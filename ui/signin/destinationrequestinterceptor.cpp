#include "signin/destinationrequestinterceptor.h"

namespace portico {

DestinationRequestInterceptor::DestinationRequestInterceptor(QObject *parent)
    : QWebEngineUrlRequestInterceptor(parent)
{}

void DestinationRequestInterceptor::interceptRequest(QWebEngineUrlRequestInfo &info)
{
    if (!m_destinations.checkLiteral(info.requestUrl()).ok())
        info.block(true);
}

} // namespace portico
