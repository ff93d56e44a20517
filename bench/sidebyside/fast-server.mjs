// A minimal, fast MCP server for benchmarks: Streamable HTTP without sessions (the server keeps no
// state between requests, so every client, connection and request costs it the same), answers as JSON or as a
// one-event SSE stream, N tools listed in pages. Built on node:http alone, so the server is never the slowest
// part of a measurement; every answer that does not depend on the request is serialized once, at start.
//
//   node fast-server.mjs [--port P] [--mode json|sse] [--tools N] [--page P]
// Prints "listening <port>" on stdout once it accepts connections (port 0: any free port). Endpoint: /mcp.
import http from 'node:http';

const args = Object.fromEntries(
  process.argv.slice(2).reduce((pairs, arg, i, all) => (arg.startsWith('--') ? [...pairs, [arg.slice(2), all[i + 1]]] : pairs), []));
const port = Number(args.port ?? 0);
const sse = (args.mode ?? 'json') === 'sse';
const toolCount = Number(args.tools ?? 10000);
const pageSize = Number(args.page ?? 100);
const versions = ['2025-11-25', '2025-06-18', '2025-03-26'];

// Tool definitions of a realistic size (a description and a small JSON Schema each, ~300 bytes).
const tools = [];
tools.push({
  name: 'echo',
  description: 'Echoes back the input.',
  inputSchema: { type: 'object', properties: { message: { type: 'string', description: 'Message to echo' } }, required: ['message'] },
});
for (let i = 1; i < toolCount; ++i) {
  tools.push({
    name: `tool_${i}`,
    description: `Benchmark tool number ${i}: does nothing useful, quickly, and says so at some length.`,
    inputSchema: {
      type: 'object',
      properties: { message: { type: 'string', description: 'Any text' }, count: { type: 'integer', minimum: 0 } },
      required: ['message'],
    },
  });
}
// The `result` of each page, serialized once; the response only splices the id in.
const pages = [];
for (let start = 0; start < tools.length; start += pageSize) {
  const result = { tools: tools.slice(start, start + pageSize) };
  if (start + pageSize < tools.length) result.nextCursor = String(start + pageSize);
  pages.push(JSON.stringify(result));
}

function respond(res, id, resultJson) {
  const message = `{"jsonrpc":"2.0","id":${JSON.stringify(id)},"result":${resultJson}}`;
  const body = sse ? `event: message\ndata: ${message}\n\n` : message;
  res.writeHead(200, {
    'Content-Type': sse ? 'text/event-stream' : 'application/json',
    'Content-Length': Buffer.byteLength(body),
  });
  res.end(body);
}

function fail(res, status, id, code, text) {
  const body = JSON.stringify({ jsonrpc: '2.0', id: id ?? null, error: { code, message: text } });
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}

function handle(res, message) {
  const { id, method, params } = message;
  if (id === undefined) {
    // Notifications (notifications/initialized, cancelled): accepted, nothing to answer.
    res.writeHead(202, { 'Content-Length': 0 });
    res.end();
    return;
  }
  switch (method) {
    case 'initialize': {
      const asked = params?.protocolVersion;
      respond(res, id, JSON.stringify({
        protocolVersion: versions.includes(asked) ? asked : versions[0],
        capabilities: { tools: { listChanged: false } },
        serverInfo: { name: 'portico-fast-server', version: '1.0.0' },
      }));
      return;
    }
    case 'ping':
      respond(res, id, '{}');
      return;
    case 'tools/list': {
      const index = params?.cursor === undefined ? 0 : Number(params.cursor) / pageSize;
      if (!Number.isInteger(index) || index < 0 || index >= pages.length) return fail(res, 200, id, -32602, 'Invalid cursor');
      respond(res, id, pages[index]);
      return;
    }
    case 'tools/call': {
      if (params?.name !== 'echo') return fail(res, 200, id, -32602, `Unknown tool: ${params?.name}`);
      const text = `Echo: ${params?.arguments?.message ?? ''}`;
      respond(res, id, JSON.stringify({ content: [{ type: 'text', text }] }));
      return;
    }
    default:
      fail(res, 200, id, -32601, 'Method not found');
  }
}

const server = http.createServer((req, res) => {
  if (req.method !== 'POST') {
    // No standalone event stream and no session to delete (a stateless server).
    res.writeHead(405, { Allow: 'POST', 'Content-Length': 0 });
    res.end();
    return;
  }
  const chunks = [];
  req.on('data', (chunk) => chunks.push(chunk));
  req.on('end', () => {
    let message;
    try {
      message = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch {
      return fail(res, 400, null, -32700, 'Parse error');
    }
    handle(res, message);
  });
});
// Idle clients keep their connections (the idle benchmark holds 20 for seconds).
server.keepAliveTimeout = 120_000;
server.headersTimeout = 125_000;
server.listen(port, '127.0.0.1', () => {
  process.stdout.write(`listening ${server.address().port}\n`);
});
for (const signal of ['SIGTERM', 'SIGINT']) process.on(signal, () => process.exit(0));
