// The test of portico-bench's contract (registered by bench/CMakeLists.txt, label
// bench): runs every mode once, with tiny durations, against the fast server (JSON answers, then SSE answers
// for the modes that make calls), and checks that the last stdout line is one JSON object with the contract's
// fields and plausible values. Exits 1 with the reason otherwise. Node only, like the peers the tests use.
//   node check-contract.mjs --bench PATH/portico-bench
import { execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import assert from 'node:assert/strict';

const run = promisify(execFile);
const bench = process.argv[process.argv.indexOf('--bench') + 1];
const TINY = ['--duration', '0.3', '--warmup', '0.1', '--concurrency', '4', '--n', '3', '--warmup-n', '1',
  '--clients', '3', '--settle', '0.1', '--repeat', '2'];

// The fast server with 250 tools: three pages of 100, the last one short, so pagination is followed to the end.
async function startServer(mode) {
  const server = spawn(process.execPath, [fileURLToPath(new URL('fast-server.mjs', import.meta.url)), '--port', '0',
    '--mode', mode, '--tools', '250'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const [line] = await once(createInterface({ input: server.stdout }), 'line');
  assert.match(line, /^listening \d+$/);
  return { server, url: `http://127.0.0.1:${line.split(' ')[1]}/mcp` };
}

async function measure(mode, url) {
  const { stdout } = await run(bench, [mode, '--url', url, ...TINY], { timeout: 60_000 });
  const lines = stdout.trim().split('\n');
  const result = JSON.parse(lines[lines.length - 1]);
  assert.equal(result.mode, mode);
  assert.equal(result.client, 'portico');
  return result;
}

function positive(result, path) {
  const value = path.split('.').reduce((object, key) => object?.[key], result);
  assert.ok(typeof value === 'number' && value > 0, `${result.mode}: ${path} = ${value} is not a positive number`);
  return value;
}

function checkCalls(result) {
  const rps = positive(result, 'rps');
  const calls = positive(result, 'calls');
  const p50 = positive(result, 'lat_ms.p50');
  const p99 = positive(result, 'lat_ms.p99');
  positive(result, 'mem_end.rss_mb');
  assert.ok(p50 <= p99, `${result.mode}: p50 ${p50} > p99 ${p99}`);
  // The calls counted in the 0.3 s window and the rate must agree (within timer slack).
  assert.ok(calls >= 0.5 * rps * 0.3 && calls <= 2 * rps * 0.3 + 5, `${result.mode}: ${calls} calls vs ${rps}/s`);
}

async function check(url, sse) {
  const connect = await measure('connect', url);
  for (const field of ['median_ms', 'first_ms', 'min_ms', 'max_ms']) positive(connect, field);
  assert.ok(connect.min_ms <= connect.median_ms && connect.median_ms <= connect.max_ms, JSON.stringify(connect));
  checkCalls(await measure('seq', url));
  checkCalls(await measure('conc', url));
  if (sse) return;
  const list = await measure('list', url);
  assert.equal(list.tools, 250, 'list: every page followed');
  for (const field of ['ms', 'warm_median_ms', 'rss_before_mb', 'rss_after_mb', 'hwm_after_mb']) positive(list, field);
  assert.ok(list.hwm_after_mb >= list.rss_after_mb, JSON.stringify(list));
  const idle = await measure('idle', url);
  for (const field of ['rss0_mb', 'rss1_mb', 'rss_mb']) positive(idle, field);
  assert.equal(idle.clients, 3);
  assert.ok(typeof idle.per_client_kb === 'number' && Math.abs(idle.per_client_kb) < 100_000, JSON.stringify(idle));
  const first = await measure('once', url);
  assert.equal(first.tools_first_page, 100, 'once: the first page of tools/list');
}

try {
  for (const mode of ['json', 'sse']) {
    const { server, url } = await startServer(mode);
    try {
      await check(url, mode === 'sse');
    } finally {
      server.kill();
    }
    console.log(`PASS: every mode of portico-bench against the fast server (${mode} answers)`);
  }
} catch (failure) {
  console.error(`FAIL: ${failure.message}`);
  process.exit(1);
}
