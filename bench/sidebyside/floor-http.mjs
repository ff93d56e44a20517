// A second, library-level floor for the side-by-side benchmark: the same tools/call POST in a loop
// through node:http with a keep-alive Agent (C sockets, one request in flight on each), answers read whole and
// checked, no JSON-RPC or MCP. floor.mjs (raw sockets) is the floor the targets use; this one shows what an
// ordinary HTTP client library costs on the same machine. Modes seq and conc, same contract and output.
//   node floor-http.mjs seq|conc --url URL [--duration S] [--warmup S] [--concurrency C]
import http from 'node:http';
import { parseArgs, runCalls } from './common.mjs';

const options = parseArgs(process.argv.slice(2));
const body = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'echo', arguments: { message: 'hello' } } });
const concurrency = options.mode === 'seq' ? 1 : options.concurrency;
const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
const headers = { 'Content-Type': 'application/json', Accept: 'application/json, text/event-stream',
  'MCP-Protocol-Version': '2025-11-25', 'Content-Length': Buffer.byteLength(body) };

function call() {
  return new Promise((resolve, reject) => {
    const request = http.request(options.url, { method: 'POST', agent, headers }, (response) => {
      const chunks = [];
      response.on('data', (chunk) => chunks.push(chunk));
      response.on('end', () => (Buffer.concat(chunks).includes('Echo: hello') ? resolve() : reject(new Error('unexpected answer'))));
    });
    request.on('error', reject);
    request.end(body);
  });
}

if (options.mode !== 'seq' && options.mode !== 'conc') {
  console.error('floor-http.mjs measures seq and conc only');
  process.exit(2);
}
const result = await runCalls(call, { ...options, concurrency });
process.stdout.write(`${JSON.stringify({ client: 'floor-http', mode: options.mode, ...result })}\n`);
process.exit(0);
