// The floor of the side-by-side benchmark: a bare keep-alive HTTP/1.1 loop on raw sockets that POSTs
// the very tools/call request an MCP client sends and reads the answer by Content-Length, with no JSON-RPC,
// no MCP and no HTTP library. C connections, one request in flight on each. Modes seq and conc only, same
// contract and output as portico-bench:
//   node floor.mjs seq|conc --url URL [--duration S] [--warmup S] [--concurrency C]
import net from 'node:net';
import { parseArgs, runCalls } from './common.mjs';

const options = parseArgs(process.argv.slice(2));
const url = new URL(options.url);
const body = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'echo', arguments: { message: 'hello' } } });
const request = Buffer.from(`POST ${url.pathname} HTTP/1.1\r\nHost: ${url.host}\r\nContent-Type: application/json\r\n`
  + `Accept: application/json, text/event-stream\r\nMCP-Protocol-Version: 2025-11-25\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);

function connection() {
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(url.port), url.hostname, () => resolve(socket));
    socket.setNoDelay(true);
    socket.once('error', reject);
  });
}

// One exchange on a keep-alive socket: write the request, resolve when the whole response (headers + body) is in.
function exchanger(socket) {
  let buffered = Buffer.alloc(0);
  let waiting = null;
  socket.on('data', (chunk) => {
    buffered = buffered.length ? Buffer.concat([buffered, chunk]) : chunk;
    const headerEnd = buffered.indexOf('\r\n\r\n');
    if (headerEnd < 0) return;
    const length = Number(/content-length:\s*(\d+)/i.exec(buffered.subarray(0, headerEnd).toString('latin1'))[1]);
    if (buffered.length < headerEnd + 4 + length) return;
    const text = buffered.subarray(headerEnd + 4, headerEnd + 4 + length).toString('utf8');
    buffered = buffered.subarray(headerEnd + 4 + length);
    const done = waiting;
    waiting = null;
    done(text);
  });
  return () => new Promise((resolve, reject) => {
    waiting = (text) => (text.includes('Echo: hello') ? resolve() : reject(new Error('unexpected answer')));
    socket.write(request);
  });
}

if (options.mode !== 'seq' && options.mode !== 'conc') {
  console.error('floor.mjs measures seq and conc only');
  process.exit(2);
}
const concurrency = options.mode === 'seq' ? 1 : options.concurrency;
const exchanges = [];
for (let i = 0; i < concurrency; ++i) exchanges.push(exchanger(await connection()));
// Worker i of runCalls owns connection i: one request in flight per connection.
const result = await runCalls((worker) => exchanges[worker](), { ...options, concurrency });
process.stdout.write(`${JSON.stringify({ client: 'floor', mode: options.mode, ...result })}\n`);
process.exit(0);
