#pragma once

#include "net/destinationpolicy.h"

#include <QWebEngineUrlRequestInterceptor>

namespace portico {

// Blocks every request of the embedded sign-in page — frames, scripts, images, fetch and XMLHttpRequest — to
// an address literal ("http://192.168.1.1/", "https://0xa9fea9fe/", "http://[::ffff:10.0.0.5]/") that the
// server's destination rule refuses (requirements SEC-1): a login page cannot use the embedded browser to reach
// into the person's network, a router's admin page or the cloud metadata service. Main-frame navigations are
// refused earlier and with a message by RedirectCapturePage; this catches the rest.
//
// Host names are Chromium's to resolve and are not looked up here (a lookup per request would also leave the
// browser's own answer unpinned); InteractiveSignIn checks the sign-in page's own name. Qt 6 calls
// interceptRequest() on the UI thread.
class DestinationRequestInterceptor final : public QWebEngineUrlRequestInterceptor
{
    Q_OBJECT

public:
    explicit DestinationRequestInterceptor(QObject *parent = nullptr);

    void setDestinations(const DestinationPolicy &destinations) { m_destinations = destinations; }
    void interceptRequest(QWebEngineUrlRequestInfo &info) override;

private:
    DestinationPolicy m_destinations;
};

} // namespace portico
