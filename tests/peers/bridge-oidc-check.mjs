// `portico bridge` with a stored sign-in (docs/architecture.md, "The stdio bridge"), driven by
// tests/integration/tst_bridge_oidc.cpp: the MCP SDK's own stdio client (StdioClientTransport) spawns COUNT
// bridges at once for SERVER (a configured server's name), each lists the tools of the SDK-protected MCP server
// (tests/peers/rs.mjs) and calls echo and whoami. A fake browser (xdg-open and friends, first on PATH, and
// $BROWSER) records every call: the bridge must never open one.
//
//   node bridge-oidc-check.mjs PORTICO_EXECUTABLE SERVER COUNT
//   node bridge-oidc-check.mjs PORTICO_EXECUTABLE SERVER 1 no-session-bus
//        as an app that starts it without DBUS_SESSION_BUS_ADDRESS: the keychain cannot be reached, and the
//        answer must say so instead of asking for a sign-in that is stored (requirements SEC-16)
//
// Prints one line per check (PASS/FAIL) and exits 0 when every check passed. Only loopback is used; the
// caller counts the refreshes at the authorization server. Never prints a token.

import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';

const [portico, server, countText = '1', variant = 'keychain'] = process.argv.slice(2);
const count = Number(countText);
if (!portico || !server || !Number.isInteger(count) || count < 1) {
  console.error('usage: node bridge-oidc-check.mjs PORTICO_EXECUTABLE SERVER COUNT');
  process.exit(2);
}

let failures = 0;
function check(name, ok, detail = '') {
  console.log(`${ok ? 'PASS' : 'FAIL'} ${name}${ok || !detail ? '' : `: ${detail}`}`);
  if (!ok) failures += 1;
}

// The fake browser: every opener a desktop might use appends its arguments to `mark`.
const binDir = mkdtempSync(join(tmpdir(), 'bridge-oidc-check-'));
const mark = join(binDir, 'browser-calls');
for (const opener of ['xdg-open', 'sensible-browser', 'x-www-browser', 'www-browser', 'gio', 'firefox', 'chromium']) {
  writeFileSync(join(binDir, opener), `#!/bin/sh\necho "$0 $*" >> '${mark}'\n`);
  chmodSync(join(binDir, opener), 0o755);
}

// The whole environment, not the SDK's short default list: the bridge needs the D-Bus session (keychain) and
// XDG_CONFIG_HOME (servers.json) of the test.
const environment = { ...process.env, PATH: `${binDir}:${process.env.PATH}`, BROWSER: join(binDir, 'xdg-open') };
const noSessionBus = variant === 'no-session-bus';
if (noSessionBus) delete environment.DBUS_SESSION_BUS_ADDRESS;

const bridges = Array.from({ length: count }, (_, i) => {
  const transport = new StdioClientTransport({ command: portico, args: ['bridge', server], env: environment, stderr: 'pipe' });
  const bridge = { i, transport, stderr: '', client: new Client({ name: `bridge-oidc-check-${i}`, version: '1.0.0' }) };
  transport.stderr.on('data', (data) => { bridge.stderr += data; });
  // How the process ended, watched from its spawn: the SDK drops its handle when initialize fails.
  const start = transport.start.bind(transport);
  transport.start = async () => {
    await start();
    const child = transport._process;
    bridge.exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  };
  return bridge;
});

async function exercise(bridge) {
  const { i, client, transport } = bridge;
  if (noSessionBus) {
    const refused = await client.connect(transport).then(() => undefined, (error) => error);
    check(`bridge ${i}: without a session bus, initialize fails`, refused !== undefined);
    console.log(`# bridge ${i} answered: ${refused?.message}`);
    check(`bridge ${i}: the error names the keychain, not a missing sign-in`,
      /system keychain/.test(refused?.message ?? '') && !/Sign in to/.test(refused?.message ?? ''), refused?.message);
    return;
  }
  await client.connect(transport);
  const { tools } = await client.listTools();
  const names = tools.map((tool) => tool.name).sort();
  check(`bridge ${i}: tools/list has echo and whoami`, names.includes('echo') && names.includes('whoami'), names.join(', '));
  const echo = await client.callTool({ name: 'echo', arguments: { message: `bridge ${i}` } });
  check(`bridge ${i}: tools/call echo`, echo.content?.[0]?.text === `Echo: bridge ${i}`, JSON.stringify(echo).slice(0, 300));
  const whoami = await client.callTool({ name: 'whoami', arguments: {} });
  const who = JSON.parse(whoami.content?.[0]?.text ?? '{}');
  check(`bridge ${i}: tools/call whoami is the signed-in person with mcp:tools`,
    who.sub === 'alice' && who.scopes?.includes('mcp:tools'), JSON.stringify(who));
}

try {
  const started = Date.now();
  const outcomes = await Promise.allSettled(bridges.map(exercise));
  console.log(`# ${count} bridge(s): initialize, tools/list and two calls each in ${Date.now() - started} ms`);
  outcomes.forEach((outcome, i) => {
    check(`bridge ${i}: no error`, outcome.status === 'fulfilled', `${outcome.reason?.message ?? outcome.reason}`.slice(0, 400));
  });
  // The app closes stdin: each bridge closes its remote session and exits 0.
  for (const bridge of bridges) {
    await bridge.client.close().catch(() => {});
    const exit = await Promise.race([bridge.exited ?? Promise.resolve({ spawned: false }),
      new Promise((resolve) => setTimeout(() => resolve({ stillRunningAfterMs: 5000 }), 5000))]);
    check(`bridge ${bridge.i}: exits 0 when stdin ends`, exit.code === 0, JSON.stringify(exit));
    check(`bridge ${bridge.i}: no token on stderr`, !/bearer\s|access_token|refresh_token/i.test(bridge.stderr), bridge.stderr.slice(0, 300));
    // All of it: the caller checks that no secret the authorization server issued is in there.
    if (bridge.stderr.trim()) console.log(`# bridge ${bridge.i} stderr: ${bridge.stderr.trim()}`);
  }
  check('no browser was opened', !existsSync(mark), existsSync(mark) ? readFileSync(mark, 'utf8').slice(0, 300) : '');
} catch (error) {
  check('no exception', false, error.stack);
} finally {
  for (const bridge of bridges) await bridge.client.close().catch(() => {});
  rmSync(binDir, { recursive: true, force: true });
}
console.log(failures === 0 ? 'ALL PASSED' : `${failures} FAILED`);
process.exit(failures === 0 ? 0 : 1);
