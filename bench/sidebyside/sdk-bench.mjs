// The reference client for the side-by-side benchmark: the MCP TypeScript SDK client (pinned in
// tests/peers, 1.32.2) over Streamable HTTP, with portico-bench's exact command-line contract and JSON output:
//   node sdk-bench.mjs MODE --url URL [--duration S] [--warmup S] [--concurrency C] [--n N] [--warmup-n W]
//                            [--clients K] [--settle S] [--repeat R]
// Idiomatic SDK use (Client + StreamableHTTPClientTransport, default options), nothing tuned for speed.
import { median, memory, now, parseArgs, round, runCalls, sleep } from './common.mjs';

// The SDK pinned for the tests (tests/peers/package.json); ESM ignores NODE_PATH, hence the explicit path.
const sdk = new URL('../../tests/peers/node_modules/@modelcontextprotocol/sdk/dist/esm/', import.meta.url);
const { Client } = await import(new URL('client/index.js', sdk));
const { StreamableHTTPClientTransport } = await import(new URL('client/streamableHttp.js', sdk));

const options = parseArgs(process.argv.slice(2));

async function connect() {
  const client = new Client({ name: 'sdk-bench', version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(new URL(options.url)));
  return client;
}

async function echo(client) {
  const result = await client.callTool({ name: 'echo', arguments: { message: 'hello' } });
  if (result.content?.[0]?.text !== 'Echo: hello') throw new Error('unexpected echo result');
}

async function listAll(client) {
  let cursor;
  let count = 0;
  do {
    const page = await client.listTools(cursor === undefined ? {} : { cursor });
    count += page.tools.length;
    cursor = page.nextCursor;
  } while (cursor !== undefined);
  return count;
}

const modes = {
  // Client.connect() resolves once initialize has its result and notifications/initialized was accepted.
  async connect() {
    const times = [];
    for (let i = 0; i < options.warmupN + options.n; ++i) {
      const start = now();
      const client = await connect();
      times.push(now() - start);
      await client.close();
    }
    const measured = times.slice(options.warmupN);
    return { median_ms: round(median(measured)), first_ms: round(times[0]), min_ms: round(Math.min(...measured)),
      max_ms: round(Math.max(...measured)) };
  },
  async seq() {
    const client = await connect();
    return runCalls(() => echo(client), { ...options, concurrency: 1 });
  },
  async conc() {
    const client = await connect();
    return runCalls(() => echo(client), options);
  },
  async list() {
    const before = memory();
    const client = await connect();
    const times = [];
    let tools = 0;
    for (let i = 0; i < Math.max(1, options.repeat); ++i) {
      const start = now();
      tools = await listAll(client);
      times.push(now() - start);
    }
    const after = memory();
    return { ms: round(times[0]), warm_median_ms: round(median(times.length > 1 ? times.slice(1) : times)), tools,
      rss_before_mb: before.rss_mb, rss_after_mb: after.rss_mb, hwm_after_mb: after.hwm_mb };
  },
  async idle() {
    await sleep(options.settle);
    const rss0 = memory().rss_mb;
    const clients = [await connect()];
    await sleep(options.settle);
    const rss1 = memory().rss_mb;
    while (clients.length < options.clients) clients.push(await connect());
    await sleep(options.settle);
    const rss = memory().rss_mb;
    return { rss0_mb: rss0, rss1_mb: rss1, rss_mb: rss, clients: clients.length,
      per_client_kb: round(clients.length > 1 ? ((rss - rss1) * 1024) / (clients.length - 1) : 0, 1) };
  },
  async once() {
    const client = await connect();
    const page = await client.listTools();
    await echo(client);
    await client.close();
    return { tools_first_page: page.tools.length };
  },
};

if (!modes[options.mode]) {
  console.error(`unknown mode ${options.mode}`);
  process.exit(2);
}
const result = await modes[options.mode]();
process.stdout.write(`${JSON.stringify({ client: 'sdk', mode: options.mode, ...result })}\n`);
process.exit(0);
