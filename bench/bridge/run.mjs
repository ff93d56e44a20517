// The bridge benchmark (bench/README.md, "The bridge benchmark"): in one run, against one SDK echo server
// (echo-server.mjs), the MCP TypeScript SDK's stdio client through `portico bridge URL`, the same client through
// `mcp-remote URL` (0.15.1, pinned in tests/peers), and the SDK's Streamable HTTP client straight to the server.
// For each: spawn → initialized (Client.connect() resolved: the initialize result is in and
// notifications/initialized sent), sequential tools/call per second with p50/p99, calls per second with 8 in
// flight, and the resident memory of the bridge's process tree. Rounds rotate the clients' order, so load from
// elsewhere falls on all alike; the table shows medians over rounds and the targets.
//
//   node run.mjs --portico PATH [--rounds R] [--spawns N] [--calls N] [--warmup-calls W] [--conc-calls N]
//                [--concurrency C] [--json-answers] [--smoke]
// --smoke: one round with tiny counts, to check that the benchmark still works (no verdict on the figures).
// Exit status: 0 when every client ran (targets missed or not), 1 on a failure, 2 on a usage error.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, existsSync, mkdirSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { median, now, percentile, round } from '../sidebyside/common.mjs';
import { TreeMemory } from './treememory.mjs';

const peers = fileURLToPath(new URL('../../tests/peers/', import.meta.url));
const sdk = join(peers, 'node_modules/@modelcontextprotocol/sdk/dist/esm/');
const { Client } = await import(join(sdk, 'client/index.js'));
const { StdioClientTransport } = await import(join(sdk, 'client/stdio.js'));
const { StreamableHTTPClientTransport } = await import(join(sdk, 'client/streamableHttp.js'));
const peersNode = join(peers, 'node_modules/.bin/node');
const mcpRemote = join(peers, 'node_modules/mcp-remote/dist/proxy.js');

function parseOptions(argv) {
  const smoke = argv.includes('--smoke');
  const options = smoke
    ? { rounds: 1, spawns: 1, calls: 30, warmupCalls: 5, concCalls: 40, concurrency: 8 }
    : { rounds: 3, spawns: 10, calls: 2000, warmupCalls: 200, concCalls: 4000, concurrency: 8 };
  Object.assign(options, { smoke, portico: '', jsonAnswers: argv.includes('--json-answers') });
  const names = { '--portico': 'portico', '--rounds': 'rounds', '--spawns': 'spawns', '--calls': 'calls',
    '--warmup-calls': 'warmupCalls', '--conc-calls': 'concCalls', '--concurrency': 'concurrency' };
  for (let i = 0; i < argv.length; ++i) {
    if (argv[i] === '--smoke' || argv[i] === '--json-answers') continue;
    const key = names[argv[i]];
    if (!key || argv[i + 1] === undefined) throw new Error(`unknown or incomplete option ${argv[i]}`);
    options[key] = key === 'portico' ? argv[++i] : Number(argv[++i]);
  }
  if (!options.portico) throw new Error('--portico PATH (the portico executable) is required');
  return options;
}

// The SDK 1.32.2 HTTP client adds an abort listener per overlapping request and Node warns about it thousands of
// times in the 8-in-flight phase; each kind of warning is shown once.
const warned = new Set();
process.removeAllListeners('warning');
process.on('warning', (warning) => {
  if (!warned.has(warning.name)) console.error(`run.mjs: (shown once) ${warning.name}: ${warning.message}`);
  warned.add(warning.name);
});

let options;
try {
  options = parseOptions(process.argv.slice(2));
} catch (error) {
  console.error(`run.mjs: ${error.message}`);
  process.exit(2);
}

// A private home for both bridges: mcp-remote keeps ~/.mcp-auth (MCP_REMOTE_CONFIG_DIR), Portico its
// configuration under XDG_CONFIG_HOME. No display, and a BROWSER that only leaves a mark: neither bridge may
// open a browser against this unauthenticated server, and the run fails if one tried.
const scratch = mkdtempSync(join(tmpdir(), 'portico-bench-bridge-'));
const home = join(scratch, 'home');
const browserMark = join(scratch, 'browser-was-opened');
const fakeBin = join(scratch, 'bin');
mkdirSync(home);
mkdirSync(fakeBin);
for (const name of ['no-browser', 'xdg-open']) {
  writeFileSync(join(fakeBin, name), `#!/bin/sh\necho "$0 $*" >> '${browserMark}'\nexit 1\n`, { mode: 0o755 });
}
const childEnv = { ...process.env, HOME: home, XDG_CONFIG_HOME: join(home, '.config'), XDG_DATA_HOME: join(home, '.local/share'),
  XDG_CACHE_HOME: join(home, '.cache'), XDG_STATE_HOME: join(home, '.local/state'),
  MCP_REMOTE_CONFIG_DIR: join(home, '.mcp-auth'), BROWSER: join(fakeBin, 'no-browser'),
  PATH: `${fakeBin}:${process.env.PATH}` };
for (const name of ['DISPLAY', 'WAYLAND_DISPLAY', 'DBUS_SESSION_BUS_ADDRESS']) delete childEnv[name];

function startServer() {
  const args = [fileURLToPath(new URL('echo-server.mjs', import.meta.url)), ...(options.jsonAnswers ? ['--json'] : [])];
  const child = spawn(peersNode, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.once('exit', (code) => reject(new Error(`echo server exited (${code})`)));
    child.stdout.on('data', (data) => {
      out += data;
      const match = /listening (\d+)/.exec(out);
      if (match) resolve({ child, url: `http://127.0.0.1:${match[1]}/mcp` });
    });
  });
}

// Each client: how to make its transport, and whether it has a bridge process to weigh.
function clientKinds(url) {
  const stdio = (command, args) => () => new StdioClientTransport({ command, args, env: childEnv, stderr: 'pipe' });
  return {
    'portico bridge': stdio(options.portico, ['bridge', url, '--no-keychain']),
    // As `npx mcp-remote URL` ends up running it, minus npx's own start (which only adds to its time).
    'mcp-remote': stdio(peersNode, [mcpRemote, url]),
    // Its best case: without the two stderr lines it writes for every message (what a host shows as its log).
    'mcp-remote --silent': stdio(peersNode, [mcpRemote, url, '--silent']),
    'SDK HTTP direct': () => new StreamableHTTPClientTransport(new URL(url)),
  };
}

async function connect(makeTransport) {
  const transport = makeTransport();
  // Drain a bridge's diagnostics, so a full stderr pipe never blocks it.
  transport.stderr?.on('data', () => {});
  const client = new Client({ name: 'portico-bench-bridge', version: '1.0.0' });
  await client.connect(transport);
  return { client, transport };
}

async function echo(client) {
  const result = await client.callTool({ name: 'echo', arguments: { message: 'hello' } });
  if (result.content?.[0]?.text !== 'Echo: hello') throw new Error(`unexpected echo result ${JSON.stringify(result)}`);
}

async function measureClient(makeTransport) {
  // Spawn → initialized: one cold start not counted, then N.
  const spawnTimes = [];
  for (let i = 0; i < (options.smoke ? 1 : options.spawns + 1); ++i) {
    const start = now();
    const { client } = await connect(makeTransport);
    spawnTimes.push(now() - start);
    await echo(client); // it works, not only starts
    await client.close();
  }
  const counted = options.smoke ? spawnTimes : spawnTimes.slice(1);

  const { client, transport } = await connect(makeTransport);
  const memory = transport.pid ? new TreeMemory(transport.pid) : undefined;
  for (let i = 0; i < options.warmupCalls; ++i) await echo(client);
  const latencies = [];
  const seqStart = now();
  for (let i = 0; i < options.calls; ++i) {
    const start = now();
    await echo(client);
    latencies.push(now() - start);
  }
  const seqSeconds = (now() - seqStart) / 1000;

  let issued = 0;
  const concStart = now();
  const worker = async () => {
    while (issued < options.concCalls) {
      issued += 1;
      await echo(client);
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  const concSeconds = (now() - concStart) / 1000;
  const mem = memory?.stop();
  await client.close();
  return {
    spawn_ms: median(counted), spawn_first_ms: spawnTimes[0],
    seq_rps: options.calls / seqSeconds, seq_p50_ms: percentile(latencies, 50), seq_p99_ms: percentile(latencies, 99),
    conc_rps: options.concCalls / concSeconds,
    peak_mb: mem?.peak_mb, hwm_mb: mem?.hwm_mb, processes: mem?.processes,
  };
}

const metrics = [
  ['spawn_ms', 'spawn → initialized, median ms', 3],
  ['spawn_first_ms', 'spawn → initialized, first (cold) ms', 3],
  ['seq_rps', 'sequential tools/call per s', 0],
  ['seq_p50_ms', 'sequential p50 ms', 3],
  ['seq_p99_ms', 'sequential p99 ms', 3],
  ['conc_rps', `${options.concurrency} in flight, calls per s`, 0],
  ['peak_mb', 'bridge tree peak RSS MiB (sampled)', 1],
  ['hwm_mb', 'bridge tree Σ VmHWM MiB', 1],
  ['processes', 'bridge tree processes', 0],
];
const fmt = (x, digits) => (x === undefined ? '—' : Number(x.toPrecision(3)).toLocaleString('en-US', { maximumFractionDigits: digits }));

function printTables(results, kinds) {
  const medians = Object.fromEntries(kinds.map((kind) => [kind, Object.fromEntries(metrics.map(([key]) => {
    const values = results[kind].map((r) => r[key]).filter((v) => v !== undefined);
    return [key, values.length ? median(values) : undefined];
  }))]));
  console.log(`\n| metric | ${kinds.join(' | ')} |\n|---|${kinds.map(() => '--:').join('|')}|`);
  for (const [key, label, digits] of metrics) console.log(`| ${label} | ${kinds.map((k) => fmt(medians[k][key], digits)).join(' | ')} |`);

  const [bridge, remote, silent, direct] = kinds.map((k) => medians[k]);
  const targets = [
    ['spawn → initialized ≤ 1/10 of mcp-remote', 'spawn_ms', remote, (r) => r <= 0.1, 'ms'],
    ['sequential calls/s ≥ 5× mcp-remote', 'seq_rps', remote, (r) => r >= 5, '/s'],
    ['sequential calls/s ≥ 0.8× SDK HTTP direct', 'seq_rps', direct, (r) => r >= 0.8, '/s'],
    [`${options.concurrency} in flight calls/s ≥ 5× mcp-remote`, 'conc_rps', remote, (r) => r >= 5, '/s'],
    [`${options.concurrency} in flight calls/s ≥ 0.8× SDK HTTP direct`, 'conc_rps', direct, (r) => r >= 0.8, '/s'],
    ['bridge tree peak RSS ≤ 1/4 of mcp-remote', 'peak_mb', remote, (r) => r <= 0.25, 'MiB'],
  ];
  // The verdict is against mcp-remote as hosts run it; the last column shows the ratio to its --silent best case.
  console.log('\n| target | portico bridge vs other | ratio | met | ratio to mcp-remote --silent |\n|---|---|--:|---|--:|');
  for (const [name, key, other, ok, unit] of targets) {
    const r = bridge[key] / other[key];
    const verdict = options.smoke ? '(smoke run)' : ok(r) ? 'met' : 'not met';
    const versusSilent = other === remote ? `${(bridge[key] / silent[key]).toFixed(2)}×` : '';
    console.log(`| ${name} | ${fmt(bridge[key], 1)} vs ${fmt(other[key], 1)} ${unit} | ${r.toFixed(2)}× | ${verdict} | ${versusSilent} |`);
  }
}

let server;
let status = 0;
try {
  server = await startServer();
  const kindsByName = clientKinds(server.url);
  const kinds = Object.keys(kindsByName);
  const results = Object.fromEntries(kinds.map((k) => [k, []]));
  console.log(`bridge benchmark: server ${server.url} (SDK McpServer, sessionful, ${options.jsonAnswers ? 'JSON' : 'SSE'} answers); `
    + `${options.rounds} rounds, ${options.spawns} spawns, ${options.calls} sequential calls after ${options.warmupCalls}, `
    + `${options.concCalls} calls ${options.concurrency} in flight; ${cpus().length} × ${cpus()[0]?.model}, `
    + `load ${loadavg().map((l) => l.toFixed(2)).join(' ')}, Node ${process.version}`);
  // Node's JIT warms up, in the server and in this process's HTTP and stdio client code, before anything is
  // counted: else the first client of round 1 meets a slower server and client.
  for (const kind of ['SDK HTTP direct', 'portico bridge']) {
    const warmer = await connect(kindsByName[kind]);
    let warmCalls = 0;
    await Promise.all(Array.from({ length: options.concurrency }, async () => {
      while (warmCalls++ < options.calls) await echo(warmer.client);
    }));
    await warmer.client.close();
  }
  for (let round = 0; round < options.rounds; ++round) {
    const order = kinds.map((_, i) => kinds[(i + round) % kinds.length]);
    for (const kind of order) {
      const result = await measureClient(kindsByName[kind]);
      results[kind].push(result);
      console.log(`round ${round + 1} ${kind}: ${JSON.stringify(Object.fromEntries(Object.entries(result).map(([k, v]) => [k, v === undefined ? v : round3(v)])))}`);
    }
  }
  printTables(results, kinds);
  console.log(`load at the end ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  if (existsSync(browserMark)) throw new Error('a bridge tried to open a browser');
} catch (error) {
  console.error(`run.mjs: ${error.stack ?? error}`);
  status = 1;
} finally {
  server?.child.removeAllListeners('exit');
  server?.child.kill();
  rmSync(scratch, { recursive: true, force: true });
}
process.exit(status);

function round3(x) {
  return round(x, 3);
}
