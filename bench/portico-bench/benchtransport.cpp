#include "benchtransport.h"

#include <QPointer>

namespace portico::bench {

void BenchTransport::sendNotification(const QString &method, const QJsonObject &params,
                                      std::function<void(Result<void>)> done)
{
    if (method != u"notifications/initialized") {
        StreamableHttpTransport::sendNotification(method, params, std::move(done));
        return;
    }
    QPointer<BenchTransport> self(this);
    StreamableHttpTransport::sendNotification(method, params, [self, done](Result<void> outcome) {
        if (self)
            Q_EMIT self->initializedSent(outcome);
        if (done)
            done(std::move(outcome));
    });
}

} // namespace portico::bench
