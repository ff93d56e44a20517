#include "benchclient.h"

#include "benchtransport.h"
#include "mcp/mcpsession.h"
#include "net/httpclient.h"

namespace portico::bench {

namespace {

// What ServerConnection::makeHttpClient gives a server without proxy or CA settings: the Http1 engine.
HttpClientOptions mcpHttpOptions()
{
    HttpClientOptions options;
    options.engine = HttpClientOptions::Engine::Http1;
    return options;
}

} // namespace

BenchClient::BenchClient(const QUrl &url, QObject *parent)
    : QObject(parent)
    , m_http(std::make_unique<HttpClient>(mcpHttpOptions()))
    , m_transport(std::make_unique<BenchTransport>(m_http.get(), url))
    , m_session(std::make_unique<McpSession>(m_transport.get()))
{
    connect(m_transport.get(), &BenchTransport::initializedSent, this, [this](const Result<void> &outcome) {
        m_initializedSent = true;
        if (!outcome.ok() && !m_connectError)
            m_connectError = outcome.error();
        finishConnect();
    });
}

BenchClient::~BenchClient()
{
    // The session refers to the transport, the transport to the HTTP client: end them in that order.
    m_session.reset();
    m_transport.reset();
    m_http.reset();
}

void BenchClient::connectToServer(std::function<void(Result<void>)> done)
{
    m_connectDone = std::move(done);
    m_session->start(this, [this](Result<void> outcome) {
        m_started = true;
        if (!outcome.ok()) {
            m_connectError = outcome.error();
            m_initializedSent = true; // nothing more will come
        }
        finishConnect();
    });
}

void BenchClient::finishConnect()
{
    if (!m_started || !m_initializedSent || !m_connectDone)
        return;
    auto done = std::exchange(m_connectDone, {});
    done(m_connectError ? Result<void>(*m_connectError) : Result<void>::success());
}

void BenchClient::close()
{
    m_session->close();
}

} // namespace portico::bench
