#pragma once

// For the tests of the catalog panels (Tools, Resources, Prompts), which link Qt Widgets: one panel shown
// on a fresh session with server-everything, the way the main window shows it for a connected server.

#include "everythingserver.h"
#include "mcptestclient.h"

#include <QTest>
#include <QWidget>

#include <functional>
#include <memory>

namespace portico::testing {

// Connects `client` to `server` (`prepare` sees the session before it starts), gives its session to
// `panel`, shows the panel and waits until `listed` holds (the panel has the server's catalog). The test
// keeps `client` and destroys it after the panel, even when this returns false: the panel may already
// hold the session.
template<typename Panel>
bool showOnFreshSession(Panel &panel, const EverythingServer &server, std::unique_ptr<McpTestClient> &client,
                        const std::function<bool()> &listed, const std::function<void(McpSession &)> &prepare = {})
{
    client = McpTestClient::connect(server.endpoint(), server.era(), prepare);
    if (!client)
        return false;
    panel.setSession(client->session.get());
    panel.show();
    if (!QTest::qWaitForWindowExposed(static_cast<QWidget *>(&panel)))
        return false;
    return QTest::qWaitFor(listed, 20000);
}

} // namespace portico::testing
