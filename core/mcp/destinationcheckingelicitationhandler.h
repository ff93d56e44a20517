#pragma once

#include "mcp/elicitationhandler.h"
#include "net/destinationresolver.h"

#include <QObject>

#include <memory>

namespace portico {

// Applies one server's destination rule (requirements SEC-1) to the page a URL-mode elicitation asks the
// person to open (MCP 2025-11-25 client/elicitation, "URL Mode"), then hands the request on to the handler
// that asks the person. The URL is the server's choice, not the person's: an address literal in any
// spelling (https://10.0.0.5/, https://0xa9fea9fe/) and a host name that resolves into a network the rule
// refuses (a public server's link to the router, to the cloud metadata service) arrive with
// ElicitationRequest::urlRefusal set, so the dialog shows the address as refused, with the reason, and never
// offers to open it. Form-mode requests pass unchanged.
//
// The browser looks the name up again by itself, so a DNS answer that changes in between (DNS rebinding) is
// not caught here; literals and names that plainly resolve into a forbidden network are. A name that does
// not resolve here is left to the browser, as through a proxy (DestinationResolver).
//
// One per McpSession (its child), made by ServerConnection with the server's HttpClient options.
class DestinationCheckingElicitationHandler final : public QObject, public ElicitationHandler
{
    Q_OBJECT

public:
    // `next` asks the person and must outlive this handler's requests.
    DestinationCheckingElicitationHandler(ElicitationHandler &next, DestinationResolver destinations,
                                          QObject *parent = nullptr);

    [[nodiscard]] bool supportsUrlMode() const override { return m_next.supportsUrlMode(); }
    void elicit(const ElicitationRequest &request, QObject *context,
                std::function<void(ElicitationReply)> done) override;

private:
    ElicitationHandler &m_next;
    // Shared with the lookups in flight: DestinationResolver's DNS answer refers to it.
    std::shared_ptr<const DestinationResolver> m_destinations;
};

} // namespace portico
