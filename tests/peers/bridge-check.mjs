// `portico bridge` against real peers (docs/architecture.md, "The stdio bridge"): the MCP SDK's own stdio client
// (StdioClientTransport) spawns `portico bridge URL`, and every answer is compared with the same request over a
// direct SDK connection to a second, identical server-everything.
//
//   node bridge-check.mjs PORTICO_EXECUTABLE everything   every capability, against Streamable HTTP (2025)
//   node bridge-check.mjs PORTICO_EXECUTABLE eras         one 2025-06-18 stdio client, HTTP+SSE (2024) and 2025
//   node bridge-check.mjs PORTICO_EXECUTABLE signin       a server that needs a sign-in nobody stored
//   node bridge-check.mjs PORTICO_EXECUTABLE conformance URL   as a client under the conformance suite (2026-07-28)
//
// Exits 0 when every check passed; prints one line per check. Only loopback is used.

import { spawn } from 'node:child_process';
import { createServer, connect as tcpConnect } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual } from 'node:util';

import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import {
  CallToolResultSchema,
  CreateMessageRequestSchema,
  ElicitRequestSchema,
  ListRootsRequestSchema,
  LoggingMessageNotificationSchema,
  ResourceUpdatedNotificationSchema,
} from '@modelcontextprotocol/sdk/types.js';

const [portico, mode = 'everything'] = process.argv.slice(2);
if (!portico) {
  console.error('usage: node bridge-check.mjs PORTICO_EXECUTABLE [everything|eras]');
  process.exit(2);
}
const peersDir = dirname(fileURLToPath(import.meta.url));
const everythingScript = join(peersDir, 'node_modules/@modelcontextprotocol/server-everything/dist/index.js');

let failures = 0;
function check(name, ok, detail = '') {
  console.log(`${ok ? 'PASS' : 'FAIL'} ${name}${ok || !detail ? '' : `: ${detail}`}`);
  if (!ok) failures += 1;
}
function same(name, viaBridge, direct) {
  const ok = isDeepStrictEqual(viaBridge, direct);
  check(name, ok, ok ? '' : `bridge ${JSON.stringify(viaBridge)?.slice(0, 400)} != direct ${JSON.stringify(direct)?.slice(0, 400)}`);
}
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

// server-everything in `sse` (2024-11-05 HTTP+SSE) or `streamableHttp` (2025) mode on a free loopback port; its
// log tells which sessions were opened and closed.
async function startEverything(serverMode) {
  const port = await freePort();
  const child = spawn(process.execPath, [everythingScript, serverMode], {
    env: { ...process.env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const peer = { child, log: '', url: `http://127.0.0.1:${port}/${serverMode === 'sse' ? 'sse' : 'mcp'}` };
  child.stdout.on('data', (data) => { peer.log += data; });
  child.stderr.on('data', (data) => { peer.log += data; });
  for (let attempt = 0; attempt < 100; attempt += 1) {
    const listening = await new Promise((resolve) => {
      const socket = tcpConnect(port, '127.0.0.1', () => { socket.destroy(); resolve(true); });
      socket.once('error', () => resolve(false));
    });
    if (listening) return peer;
    await sleep(100);
  }
  throw new Error(`server-everything (${serverMode}) did not start: ${peer.log}`);
}

// What an app offers: sampling, elicitation (form and URL) and roots, answered the same way on both sides.
const appCapabilities = { sampling: {}, elicitation: { form: {}, url: {} }, roots: { listChanged: true } };
function makeClient(name, serverRequests) {
  const client = new Client({ name, version: '1.0.0' }, { capabilities: appCapabilities });
  client.setRequestHandler(CreateMessageRequestSchema, async (request) => {
    serverRequests.push(request.method);
    const text = request.params.messages.map((m) => m.content.text).join(' ');
    return { model: 'test-model', role: 'assistant', content: { type: 'text', text: `sampled: ${text}` } };
  });
  client.setRequestHandler(ElicitRequestSchema, async (request) => {
    serverRequests.push(`${request.method}:${request.params.mode ?? 'form'}`);
    if (request.params.mode === 'url') return { action: 'accept' };
    // Keys in alphabetical order: the bridge keeps every member, not their order (RFC 8259 §4: objects are unordered).
    return { action: 'accept', content: { check: true, firstLine: 'It was a dark night', integer: 3, name: 'Ada' } };
  });
  client.setRequestHandler(ListRootsRequestSchema, async (request) => {
    serverRequests.push(request.method);
    return { roots: [{ uri: 'file:///tmp/bridge-root', name: 'Bridge root' }] };
  });
  return client;
}

// The bridge as the app starts it; `raw` records every message the bridge wrote, before the SDK reads it.
// `keychain`: the real keychain (ctest runs in a private D-Bus session with gnome-keyring), else memory only.
function bridgeTransport(url, { keychain = false } = {}) {
  const transport = new StdioClientTransport({
    command: portico,
    args: ['bridge', url, ...(keychain ? [] : ['--no-keychain'])],
    // The SDK passes only HOME, LOGNAME, PATH, SHELL, TERM and USER by default: the test's own D-Bus session,
    // keychain and XDG folders go along, so the bridge never reads the real home's configuration.
    env: { ...process.env },
    stderr: 'pipe',
  });
  transport.raw = [];
  let handler;
  Object.defineProperty(transport, 'onmessage', {
    get: () => handler && ((message) => { transport.raw.push(message); handler(message); }),
    set: (value) => { handler = value; },
  });
  return transport;
}

// Everything the SDK answers with, as a plain outcome: the result, or the JSON-RPC error's code, message and data.
async function outcome(promise) {
  try {
    return { result: await promise };
  } catch (error) {
    return { error: { code: error.code, message: error.message, data: error.data } };
  }
}

// Messages that depend on the session (ids, times) are compared without those fields.
function withoutVolatile(value) {
  return JSON.parse(JSON.stringify(value, (key, v) => (['requestId', 'elicitationId', 'timestamp', 'taskId', 'createdAt', 'lastUpdatedAt'].includes(key) ? '<volatile>' : v)));
}

async function everything() {
  const directPeer = await startEverything('streamableHttp');
  const bridgePeer = await startEverything('streamableHttp');
  const directRequests = [];
  const bridgeRequests = [];
  const direct = makeClient('bridge-check', directRequests);
  const bridged = makeClient('bridge-check', bridgeRequests);
  const transport = bridgeTransport(bridgePeer.url);
  let bridgeStderr = '';
  const rawFromBridge = transport.raw;
  try {
    await direct.connect(new StreamableHTTPClientTransport(new URL(directPeer.url)));
    const started = Date.now();
    await bridged.connect(transport);
    transport.stderr.on('data', (data) => { bridgeStderr += data; });
    console.log(`# spawn -> initialized: ${Date.now() - started} ms`);

    same('initialize: serverInfo', bridged.getServerVersion(), direct.getServerVersion());
    same('initialize: capabilities', bridged.getServerCapabilities(), direct.getServerCapabilities());
    same('initialize: instructions', bridged.getInstructions(), direct.getInstructions());

    same('ping', await bridged.ping(), await direct.ping());
    const tools = await direct.listTools();
    same('tools/list (the app\'s capabilities reach the server: conditional tools listed)', await bridged.listTools(), tools);
    check('tools/list offers the sampling, elicitation and roots tools', ['trigger-sampling-request', 'trigger-elicitation-request', 'get-roots-list'].every((name) => tools.tools.some((tool) => tool.name === name)));

    for (const [name, args] of [['echo', { message: 'über ✓' }], ['get-sum', { a: 2, b: 3 }], ['get-tiny-image', {}],
      ['get-structured-content', { location: 'New York' }], ['get-annotated-message', { messageType: 'error', includeImage: true }],
      ['get-resource-links', { count: 3 }], ['get-resource-reference', { resourceType: 'Text', resourceId: 2 }],
      ['no-such-tool', {}], ['get-sum', { a: 'not a number' }]]) {
      same(`tools/call ${name} ${JSON.stringify(args)}`, await outcome(bridged.callTool({ name, arguments: args })), await outcome(direct.callTool({ name, arguments: args })));
    }

    // Progress (basic/utilities/progress): the app's own token, every notification.
    const progressOf = async (client) => {
      const updates = [];
      const result = await client.callTool({ name: 'trigger-long-running-operation', arguments: { duration: 1, steps: 4 } }, CallToolResultSchema,
        { onprogress: (update) => updates.push(update) });
      return { result, updates };
    };
    const progressDirect = await progressOf(direct);
    const progressBridged = await progressOf(bridged);
    same('tools/call with progress: result', progressBridged.result, progressDirect.result);
    // Compared on what the bridge wrote: the SDK client runs notification handlers a microtask later than
    // responses, so a progress notification read in the same chunk as its response never reaches onprogress.
    const progressToken = transport.raw.find((m) => m.result?.content?.[0]?.text?.startsWith('Long running'))?.id;
    const written = transport.raw.filter((m) => m.method === 'notifications/progress' && m.params.progressToken === progressToken)
      .map(({ params: { progressToken: _token, ...update } }) => update);
    same('tools/call with progress: notifications, under the app\'s own token', written, progressDirect.updates);

    // Pagination: every page, cursor by cursor.
    const pages = async (client, method) => {
      const all = [];
      let cursor;
      do {
        const page = await client[method](cursor ? { cursor } : undefined);
        all.push(page);
        cursor = page.nextCursor;
      } while (cursor && all.length < 50);
      return all;
    };
    const resourcePages = await pages(direct, 'listResources');
    same('resources/list, every page', await pages(bridged, 'listResources'), resourcePages);
    same('resources/templates/list', await bridged.listResourceTemplates(), await direct.listResourceTemplates());
    const someResource = resourcePages[0].resources[0].uri;
    same(`resources/read ${someResource}`, await outcome(bridged.readResource({ uri: someResource })), await outcome(direct.readResource({ uri: someResource })));
    same('resources/read of an unknown URI (the error as the server sent it)',
      await outcome(bridged.readResource({ uri: 'demo://no/such/resource' })), await outcome(direct.readResource({ uri: 'demo://no/such/resource' })));
    same('prompts/list', await bridged.listPrompts(), await direct.listPrompts());
    for (const [name, args] of [['simple-prompt', undefined], ['args-prompt', { city: 'Paris', state: 'Texas' }], ['no-such-prompt', undefined]]) {
      same(`prompts/get ${name}`, await outcome(bridged.getPrompt({ name, arguments: args })), await outcome(direct.getPrompt({ name, arguments: args })));
    }
    const completeParams = { ref: { type: 'ref/prompt', name: 'completable-prompt' }, argument: { name: 'department', value: 'E' } };
    same('completion/complete', await outcome(bridged.complete(completeParams)), await outcome(direct.complete(completeParams)));

    // Logging (server/utilities/logging): setLevel, then the server's log messages reach the app.
    const logs = { direct: [], bridged: [] };
    direct.setNotificationHandler(LoggingMessageNotificationSchema, (n) => logs.direct.push(n.params));
    bridged.setNotificationHandler(LoggingMessageNotificationSchema, (n) => logs.bridged.push(n.params));
    same('logging/setLevel', await bridged.setLoggingLevel('debug'), await direct.setLoggingLevel('debug'));
    await bridged.callTool({ name: 'toggle-simulated-logging', arguments: {} });
    // Resource subscriptions: subscribe, then notifications/resources/updated arrive.
    const updated = [];
    bridged.setNotificationHandler(ResourceUpdatedNotificationSchema, (n) => updated.push(n.params.uri));
    same('resources/subscribe', await bridged.subscribeResource({ uri: someResource }), await direct.subscribeResource({ uri: someResource }));
    await bridged.callTool({ name: 'toggle-subscriber-updates', arguments: {} });
    for (let waited = 0; waited < 12000 && (logs.bridged.length === 0 || updated.length === 0); waited += 200) await sleep(200);
    check('notifications/message (logging) reach the app', logs.bridged.length > 0);
    check('notifications/resources/updated reach the app', updated.includes(someResource), JSON.stringify(updated));
    await bridged.callTool({ name: 'toggle-simulated-logging', arguments: {} });
    await bridged.callTool({ name: 'toggle-subscriber-updates', arguments: {} });
    same('resources/unsubscribe', await bridged.unsubscribeResource({ uri: someResource }), await direct.unsubscribeResource({ uri: someResource }));

    // Server-to-client requests, answered by the app through the bridge.
    for (const [name, args] of [['trigger-sampling-request', { prompt: 'hello', maxTokens: 20 }], ['get-roots-list', {}],
      ['trigger-elicitation-request', {}], ['trigger-url-elicitation', { url: 'https://example.com/consent', elicitationId: 'e-1' }],
      ['trigger-url-elicitation', { url: 'https://example.com/consent', elicitationId: 'e-2', errorPath: true }]]) {
      same(`server request via tools/call ${name} ${JSON.stringify(args)}`, withoutVolatile(await outcome(bridged.callTool({ name, arguments: args }))),
        withoutVolatile(await outcome(direct.callTool({ name, arguments: args }))));
    }
    // The app's notifications reach the server: after roots/list_changed the server asks for the roots again.
    const rootsAsked = bridgeRequests.filter((method) => method === 'roots/list').length;
    await direct.sendRootsListChanged();
    await bridged.sendRootsListChanged();
    for (let waited = 0; waited < 5000 && bridgeRequests.filter((method) => method === 'roots/list').length === rootsAsked; waited += 100) await sleep(100);
    await sleep(200);
    check('notifications/roots/list_changed reaches the server', bridgeRequests.filter((method) => method === 'roots/list').length > rootsAsked);
    same('server requests the app answered', bridgeRequests, directRequests);

    // Many requests in flight at once, each answered under its own id.
    const messages = Array.from({ length: 32 }, (_, i) => `message ${i}`);
    const answers = await Promise.all(messages.map((message) => bridged.callTool({ name: 'echo', arguments: { message } })));
    check('32 requests in flight', answers.every((answer, i) => answer.content[0].text === `Echo: ${messages[i]}`));

    // Cancellation (basic/utilities/cancellation): the app stops waiting; no response follows; the bridge goes on.
    const controller = new AbortController();
    const cancelled = bridged.callTool({ name: 'trigger-long-running-operation', arguments: { duration: 4, steps: 4 } }, CallToolResultSchema,
      { signal: controller.signal });
    await sleep(300);
    const countBefore = rawFromBridge.length;
    controller.abort('changed my mind');
    check('cancelled request rejects in the app', (await outcome(cancelled)).error !== undefined);
    await sleep(4500);
    const late = rawFromBridge.slice(countBefore).filter((m) => m.id !== undefined && (m.result !== undefined || m.error !== undefined));
    check('no response for the cancelled request', late.length === 0, JSON.stringify(late).slice(0, 300));
    same('still usable after a cancellation', await bridged.callTool({ name: 'echo', arguments: { message: 'after' } }),
      await direct.callTool({ name: 'echo', arguments: { message: 'after' } }));

    // Tasks (2025-11-25 basic/utilities/tasks), when the server offers them: list, as the server answers it.
    if (direct.getServerCapabilities()?.tasks) {
      same('tasks/list', withoutVolatile(await outcome(bridged.request({ method: 'tasks/list', params: {} }, (await import('@modelcontextprotocol/sdk/types.js')).ListTasksResultSchema))),
        withoutVolatile(await outcome(direct.request({ method: 'tasks/list', params: {} }, (await import('@modelcontextprotocol/sdk/types.js')).ListTasksResultSchema))));
    }

    // Measured, not asserted: sequential tools/call through the bridge.
    const calls = 300;
    const begin = process.hrtime.bigint();
    for (let i = 0; i < calls; i += 1) await bridged.callTool({ name: 'echo', arguments: { message: 'x' } });
    const seconds = Number(process.hrtime.bigint() - begin) / 1e9;
    console.log(`# sequential tools/call through the bridge: ${(calls / seconds).toFixed(0)}/s`);

    check('stdout carried only JSON-RPC (the SDK parsed every line)', true);
    check('no token or bearer text on stderr', !/bearer\s|access_token/i.test(bridgeStderr), bridgeStderr.slice(0, 300));

    // The app closes stdin: the bridge deletes the remote session and exits 0, by itself.
    const processHandle = transport._process;
    const exited = new Promise((resolve) => processHandle.once('exit', (code, signal) => resolve({ code, signal })));
    const closing = Date.now();
    await bridged.close();
    const exit = await exited;
    check('closing stdin ends the bridge with exit code 0', exit.code === 0 && Date.now() - closing < 2000, JSON.stringify(exit));
    await sleep(300);
    const opened = bridgePeer.log.match(/Session initialized with ID: \S+/g) ?? [];
    const terminated = bridgePeer.log.match(/Received session termination request for session \S+/g) ?? [];
    check('one remote session for the bridge (no probe session left open)', opened.length === 1, opened.join(', '));
    check('the remote session was deleted', terminated.length === 1 && opened[0]?.endsWith(terminated[0].split(' ').pop()), terminated.join(', '));
  } finally {
    await direct.close().catch(() => {});
    await bridged.close().catch(() => {});
    directPeer.child.kill();
    bridgePeer.child.kill();
  }
}

// One 2025-06-18 stdio client, through the same bridge executable, to servers of different eras.
async function eras() {
  for (const serverMode of ['sse', 'streamableHttp']) {
    const peer = await startEverything(serverMode);
    const client = makeClient('bridge-check-2025-06-18', []);
    const transport = bridgeTransport(peer.url, { keychain: true });
    // The SDK asks for its newest version; this app speaks 2025-06-18 exactly.
    const send = transport.send.bind(transport);
    transport.send = (message) => {
      if (message.method === 'initialize') message = { ...message, params: { ...message.params, protocolVersion: '2025-06-18' } };
      return send(message);
    };
    try {
      await client.connect(transport);
      const negotiated = transport.raw.find((message) => message.id !== undefined && message.result?.protocolVersion)?.result.protocolVersion;
      const tools = await client.listTools();
      const echo = await client.callTool({ name: 'echo', arguments: { message: serverMode } });
      check(`2025-06-18 app -> ${serverMode} server: tools listed`, tools.tools.some((tool) => tool.name === 'echo'));
      check(`2025-06-18 app -> ${serverMode} server: echo`, echo.content[0].text === `Echo: ${serverMode}`, JSON.stringify(echo));
      const sampled = await client.callTool({ name: 'trigger-sampling-request', arguments: { prompt: 'hi', maxTokens: 5 } });
      check(`2025-06-18 app -> ${serverMode} server: sampling round trip`, /sampled: [^"]*hi/.test(JSON.stringify(sampled)), JSON.stringify(sampled).slice(0, 300));
      check(`2025-06-18 app -> ${serverMode} server: the stdio side kept 2025-06-18`, negotiated === '2025-06-18', String(negotiated));
    } finally {
      await client.close().catch(() => {});
      peer.child.kill();
    }
  }
  console.log('# 2026-07-28: no stateless server among the peers; ctest bridge_era_2026 uses the conformance suite\'s mock');
}

// A client under the official conformance suite (it appends the mock server's URL): a 2025-06-18 stdio app
// lists and calls every tool through the bridge, so the suite's 2026-07-28 mock server checks the bridge's
// remote side (the app's capabilities in _meta; input requests answered by the app). Arguments: add_numbers
// gets a=2, b=3, the others their schema defaults.
async function conformanceClient(url) {
  const client = makeClient('bridge-check-2025-06-18', []);
  const transport = bridgeTransport(url);
  const send = transport.send.bind(transport);
  transport.send = (message) => send(message.method === 'initialize'
    ? { ...message, params: { ...message.params, protocolVersion: '2025-06-18' } } : message);
  try {
    await client.connect(transport);
    const { tools } = await client.listTools();
    for (const tool of tools) {
      const args = tool.name === 'add_numbers' ? { a: 2, b: 3 } : Object.fromEntries(
        Object.entries(tool.inputSchema?.properties ?? {}).filter(([, p]) => p.default !== undefined).map(([k, p]) => [k, p.default]));
      const result = await outcome(client.callTool({ name: tool.name, arguments: args }));
      check(`conformance: tools/call ${tool.name}`, result.result !== undefined && !result.result.isError, JSON.stringify(result).slice(0, 300));
    }
  } finally {
    await client.close().catch(() => {});
  }
}

// A server that refuses every request with 401 and nothing stored: the waiting initialize gets a clear error,
// no browser is opened (a fake xdg-open on PATH would leave a mark), and the bridge keeps answering.
async function signInNeeded() {
  const { createServer: createHttpServer } = await import('node:http');
  const { mkdtempSync, writeFileSync, chmodSync, existsSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const seen = [];
  const server = createHttpServer((request, response) => {
    seen.push(`${request.method} ${request.url}`);
    response.writeHead(401, { 'www-authenticate': 'Bearer realm="mcp"' });
    response.end();
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const binDir = mkdtempSync(join(tmpdir(), 'bridge-check-'));
  const mark = join(binDir, 'browser-opened');
  for (const opener of ['xdg-open', 'sensible-browser', 'x-www-browser', 'firefox', 'chromium']) {
    writeFileSync(join(binDir, opener), `#!/bin/sh\ntouch '${mark}'\n`);
    chmodSync(join(binDir, opener), 0o755);
  }
  const bridge = spawn(portico, ['bridge', `http://127.0.0.1:${server.address().port}/mcp`, '--no-keychain'], {
    env: { ...process.env, PATH: `${binDir}:${process.env.PATH}`, BROWSER: join(binDir, 'xdg-open') },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const lines = [];
  let buffered = '';
  bridge.stdout.on('data', (data) => {
    buffered += data;
    const parts = buffered.split('\n');
    buffered = parts.pop();
    lines.push(...parts.map((line) => JSON.parse(line)));
  });
  const exited = new Promise((resolve) => bridge.once('exit', (code) => resolve(code)));
  const waitFor = async (count) => { for (let i = 0; i < 100 && lines.length < count; i += 1) await sleep(100); };
  bridge.stdin.write(`${JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'a', version: '1' } } })}\n`);
  await waitFor(1);
  check('sign-in needed: initialize gets a JSON-RPC error that says so', lines[0]?.id === 1 && /^Sign in to /.test(lines[0]?.error?.message ?? ''), JSON.stringify(lines[0]));
  bridge.stdin.write(`${JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'ping' })}\n`);
  await waitFor(2);
  check('sign-in needed: the bridge keeps running', lines[1]?.id === 2 && lines[1]?.result !== undefined, JSON.stringify(lines[1]));
  bridge.stdin.end();
  check('sign-in needed: exits 0 when stdin ends', (await exited) === 0);
  check('sign-in needed: no browser was opened', !existsSync(mark));
  server.close();
}

try {
  if (mode === 'signin') await signInNeeded();
  else if (mode === 'conformance') await conformanceClient(process.argv.at(-1));
  else if (mode === 'eras') await eras();
  else await everything();
} catch (error) {
  check('no exception', false, error.stack);
}
console.log(failures === 0 ? 'ALL PASSED' : `${failures} FAILED`);
process.exit(failures === 0 ? 0 : 1);
