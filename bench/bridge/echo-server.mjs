// The server of the bridge benchmark: the MCP TypeScript SDK's own McpServer (pinned in tests/peers, 1.32.2) on
// Streamable HTTP (MCP 2025-11-25 transports), with one tool, `echo`. Sessionful, as an ordinary SDK server is:
// `initialize` gets an Mcp-Session-Id and its own McpServer + transport; later requests find them by that header;
// DELETE ends the session. Answers are the SDK's default (one SSE event per POST), or JSON with `--json`.
// Idiomatic SDK use on node:http, nothing tuned: every client in the benchmark meets the same server.
//
//   node echo-server.mjs [--port P] [--json]
// Prints "listening <port>" on stdout once it accepts connections (port 0, the default: any free port).
// Endpoint: /mcp. Loopback only.
import { randomUUID } from 'node:crypto';
import http from 'node:http';

const peers = new URL('../../tests/peers/node_modules/', import.meta.url);
const sdk = new URL('@modelcontextprotocol/sdk/dist/esm/', peers);
const { McpServer } = await import(new URL('server/mcp.js', sdk));
const { StreamableHTTPServerTransport } = await import(new URL('server/streamableHttp.js', sdk));
const { isInitializeRequest } = await import(new URL('types.js', sdk));
const { z } = await import(new URL('zod/index.js', peers));

const argv = process.argv.slice(2);
const port = Number(argv.includes('--port') ? argv[argv.indexOf('--port') + 1] : 0);
const enableJsonResponse = argv.includes('--json');

const transports = new Map(); // Mcp-Session-Id → StreamableHTTPServerTransport

function newSession() {
  const server = new McpServer({ name: 'portico-bench-echo', version: '1.0.0' });
  server.registerTool('echo', { description: 'Echoes back the input.', inputSchema: { message: z.string() } },
    async ({ message }) => ({ content: [{ type: 'text', text: `Echo: ${message}` }] }));
  const transport = new StreamableHTTPServerTransport({
    sessionIdGenerator: randomUUID,
    enableJsonResponse,
    onsessioninitialized: (id) => transports.set(id, transport),
  });
  transport.onclose = () => {
    if (transport.sessionId) transports.delete(transport.sessionId);
  };
  return { server, transport };
}

function reject(res, status, text) {
  res.writeHead(status, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify({ jsonrpc: '2.0', id: null, error: { code: -32000, message: text } }));
}

async function readJson(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  return JSON.parse(Buffer.concat(chunks).toString('utf8'));
}

const httpServer = http.createServer(async (req, res) => {
  try {
    if (new URL(req.url, 'http://localhost').pathname !== '/mcp') return reject(res, 404, 'Not found');
    const sessionId = req.headers['mcp-session-id'];
    const body = req.method === 'POST' ? await readJson(req) : undefined;
    let transport = sessionId ? transports.get(sessionId) : undefined;
    if (!transport) {
      if (sessionId) return reject(res, 404, 'Session not found');
      if (req.method !== 'POST' || !isInitializeRequest(body)) return reject(res, 400, 'No session');
      const session = newSession();
      await session.server.connect(session.transport);
      transport = session.transport;
    }
    await transport.handleRequest(req, res, body);
  } catch (error) {
    if (!res.headersSent) reject(res, 500, String(error));
  }
});
httpServer.keepAliveTimeout = 60_000;
httpServer.listen(port, '127.0.0.1', () => process.stdout.write(`listening ${httpServer.address().port}\n`));
