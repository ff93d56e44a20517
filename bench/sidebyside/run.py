#!/usr/bin/env python3
"""The side-by-side benchmark (bench/README.md): Portico (portico-bench) beside the MCP TypeScript SDK client, a bare
keep-alive HTTP loop (the floor) and, for the GUI, the portico app itself, all in one run.

Servers: the fast server (bench/sidebyside/fast-server.mjs) with JSON answers and with SSE answers, and
server-everything (the MCP reference server). Every measurement runs R rounds; inside a round the clients take
turns (the order rotates each round), so load from anything else on the machine falls on all of them alike.
The table shows medians over the rounds and the ratios pair by pair, with each target of the issue.

    python3 bench/sidebyside/run.py --build /tmp/build-bench-rel [--rounds 3] [--duration 2]
"""
import argparse
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import time

from servers import EverythingServer, FastServer

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
PEERS = os.path.join(ROOT, 'tests', 'peers')
NODE = os.path.join(PEERS, 'node_modules', '.bin', 'node')


def client_command(client, bench):
    return {'portico': [bench], 'portico-glib': [bench], 'sdk': [NODE, os.path.join(HERE, 'sdk-bench.mjs')],
            'floor': [NODE, os.path.join(HERE, 'floor.mjs')],
            'floor-http': [NODE, os.path.join(HERE, 'floor-http.mjs')]}[client]


FAILURES = []


def run_client(client, bench, mode, url, extra, server='', restartable=None):
    """One run; a failed run is retried once (on a restarted server when its process is gone), and every
    failure is listed under the table."""
    try:
        return run_client_once(client, bench, mode, url, extra)
    except RuntimeError as failure:
        FAILURES.append(f'{client} {mode} on {server}: {failure}')
        print(f'failed, retrying: {client} {mode} on {server}: {failure}', file=sys.stderr, flush=True)
        if restartable is not None:
            url, restarted = restartable.ensure()
            if restarted:
                FAILURES.append(f'the {server} server had exited and was started again')
        return run_client_once(client, bench, mode, url, extra)


def run_on_everything(client, bench, mode, extra):
    """One run on a fresh server-everything; retried once on another fresh one."""
    for attempt in (1, 2):
        try:
            with EverythingServer(NODE, PEERS) as everything:
                return run_client_once(client, bench, mode, everything.url, extra)
        except RuntimeError as failure:
            if attempt == 2:
                raise
            FAILURES.append(f'{client} {mode} on everything: {failure}')
            print(f'failed, retrying: {client} {mode} on everything: {failure}', file=sys.stderr, flush=True)
    return None


def run_client_once(client, bench, mode, url, extra):
    command = client_command(client, bench) + [mode, '--url', url] + extra
    # portico-glib: portico-bench on GLib's event dispatcher, as the desktop runs (an empty QT_NO_GLIB keeps
    # it; see core/common/eventdispatcherchoice.h).
    env = {**os.environ, 'QT_NO_GLIB': ''} if client == 'portico-glib' else None
    start = time.monotonic()
    done = subprocess.run(command, capture_output=True, text=True, timeout=300, env=env)
    wall_ms = (time.monotonic() - start) * 1000
    if done.returncode != 0:
        raise RuntimeError(f'{client} {mode} {url}: exit {done.returncode}: {done.stderr.strip()[-500:]}')
    result = json.loads(done.stdout.strip().splitlines()[-1])
    result['wall_ms'] = wall_ms
    return result


def dig(result, path):
    for key in path.split('.'):
        result = result[key]
    return result


class Collector:
    """Figures per (metric, server, client), one per round."""

    def __init__(self):
        self.values = {}

    def add(self, metric, server, client, value):
        self.values.setdefault((metric, server), {}).setdefault(client, []).append(value)

    def median(self, metric, server, client):
        values = self.values.get((metric, server), {}).get(client)
        return statistics.median(values) if values else None


def measure(args, collector):
    calls = ['--duration', str(args.duration), '--warmup', str(args.warmup)]
    # server-everything runs timers per session that write to the session's event stream, and dies when that
    # stream's client has exited: it gets a fresh process for every client run instead of one for the run.
    with FastServer(NODE, os.path.join(HERE, 'fast-server.mjs'), 'json') as fast_json, \
            FastServer(NODE, os.path.join(HERE, 'fast-server.mjs'), 'sse') as fast_sse:
        servers = {'fast-json': fast_json, 'fast-sse': fast_sse, 'everything': None}
        # (mode, extra options, [(metric, JSON path)], servers, clients)
        plan = [
            ('seq', calls, [('seq rps', 'rps'), ('seq p50 ms', 'lat_ms.p50')],
             ['fast-json', 'fast-sse', 'everything'], ['floor', 'floor-http', 'sdk', 'portico', 'portico-glib']),
            ('conc', calls + ['--concurrency', '8'], [('conc8 rps', 'rps'), ('conc8 p50 ms', 'lat_ms.p50')],
             ['fast-json', 'fast-sse', 'everything'], ['floor', 'floor-http', 'sdk', 'portico', 'portico-glib']),
            ('connect', ['--n', '20', '--warmup-n', '3'], [('connect median ms', 'median_ms'),
                                                         ('connect first ms', 'first_ms')],
             ['fast-json', 'everything'], ['sdk', 'portico']),
            # One listing in a fresh process (the "time and peak memory to list 10,000 tools"), then
            # four in a row: warm time, and the peak while a new catalog replaces the one held.
            ('list', ['--repeat', '1'], [('list 10k ms', 'ms'), ('list 10k peak MB', 'hwm_after_mb')],
             ['fast-json'], ['sdk', 'portico']),
            ('list', ['--repeat', '4'], [('list 10k warm ms', 'warm_median_ms'),
                                         ('list 10k ×4 peak MB', 'hwm_after_mb')], ['fast-json'], ['sdk', 'portico']),
            ('idle', ['--clients', '20', '--settle', str(args.settle)],
             [('idle 20 RSS MB', 'rss_mb'), ('idle 0 RSS MB', 'rss0_mb'), ('idle KB/client', 'per_client_kb')],
             ['fast-json'], ['sdk', 'portico']),
            ('once', [], [('once wall ms', 'wall_ms')], ['fast-json'], ['sdk', 'portico']),
        ]
        for round_index in range(args.rounds):
            print(f'round {round_index + 1}/{args.rounds}', file=sys.stderr, flush=True)
            for mode, extra, metrics, server_names, clients in plan:
                for server in server_names:
                    if mode in ('seq', 'conc') and server == 'everything':
                        clients = [c for c in clients if not c.startswith('floor')]  # sessions: no bare loop
                    shift = round_index % len(clients)
                    for client in clients[shift:] + clients[:shift]:
                        repeats = 5 if mode == 'once' else 1
                        if servers[server] is None:
                            results = [run_on_everything(client, args.bench, mode, extra)]
                        else:
                            results = []
                            for _ in range(repeats):
                                url, restarted = servers[server].ensure()
                                if restarted:
                                    FAILURES.append(f'the {server} server had exited and was started again')
                                results.append(run_client(client, args.bench, mode, url, extra, server,
                                                          servers[server]))
                        for metric, path in metrics:
                            collector.add(metric, server, client,
                                          statistics.median(dig(r, path) for r in results))
            if args.app:
                for count in (0, 100):
                    ms, rss = app_startup(args.app, count)
                    collector.add(f'app first window ms ({count} servers)', '-', 'portico', ms)
                    collector.add(f'app idle RSS MB ({count} servers)', '-', 'portico', rss)
                # 20 servers of a typical size (25 tools each, listed by the app as it connects); the
                # 10,000-tool server would measure 20 catalogs of 10,000 tools instead of idle memory.
                with FastServer(NODE, os.path.join(HERE, 'fast-server.mjs'), 'json', tools=25) as small:
                    idle = app_idle(args.app, small.url, 20, args.settle)
                collector.add('app RSS MB, 20 servers connected', 'fast-25-tools', 'portico', idle['rss'])
                collector.add('app + helpers RSS MB, 20 connected', 'fast-25-tools', 'portico', idle['tree'])
                collector.add('app + helpers RSS MB, sign-in page shown', 'fast-25-tools', 'portico', idle['page_tree'])
                collector.add('app RSS MB, sign-in page closed', 'fast-25-tools', 'portico', idle['after'])
                collector.add('app + helpers RSS MB, sign-in page closed', 'fast-25-tools', 'portico',
                              idle['after_tree'])


def app_startup(app, servers):
    """Process start to the main window's first paint, and the RSS then (the PORTICO_BENCH_STARTUP hook)."""
    with tempfile.TemporaryDirectory() as home:
        env = {**os.environ, 'XDG_CONFIG_HOME': home, 'XDG_DATA_HOME': home, 'XDG_CACHE_HOME': home,
               'QT_QPA_PLATFORM': 'offscreen', 'QTWEBENGINE_DISABLE_SANDBOX': '1'}
        if servers:
            config = os.path.join(home, 'import.json')
            with open(config, 'w') as f:
                json.dump({'mcpServers': {f'server{i}': {'type': 'http', 'url': f'https://mcp{i}.example.com/mcp'}
                                          for i in range(servers)}}, f)
            subprocess.run([app, '--no-keychain', '--import', config], env=env, check=True, capture_output=True)
        start = time.monotonic_ns()
        done = subprocess.run([app, '--no-keychain'], env={**env, 'PORTICO_BENCH_STARTUP': '1'},
                              capture_output=True, text=True, timeout=60)
        found = re.search(r'portico-bench-first-window monotonic_ns=(\d+) rss_kb=(\d+)', done.stderr)
        if not found:
            raise RuntimeError(f'the app did not report its first window: {done.stderr[-500:]}')
        return (int(found.group(1)) - start) / 1e6, int(found.group(2)) / 1024


def app_idle(app, url, servers, settle):
    """The app with `servers` servers connected (all to the fast server), then after showing and closing the
    embedded sign-in page (the PORTICO_BENCH_IDLE hook). RSS in MiB; "tree" counts the browser helpers too."""
    with tempfile.TemporaryDirectory() as home:
        env = {**os.environ, 'XDG_CONFIG_HOME': home, 'XDG_DATA_HOME': home, 'XDG_CACHE_HOME': home,
               'QT_QPA_PLATFORM': 'offscreen', 'QTWEBENGINE_DISABLE_SANDBOX': '1'}
        config = os.path.join(home, 'import.json')
        with open(config, 'w') as f:
            json.dump({'mcpServers': {f'server{i}': {'type': 'http', 'url': url} for i in range(servers)}}, f)
        subprocess.run([app, '--no-keychain', '--import', config], env=env, check=True, capture_output=True)
        # The page: any loopback page will do (what costs memory is the browser engine, not the page).
        page = url.rsplit('/', 1)[0] + '/sign-in'
        done = subprocess.run([app, '--no-keychain'], env={**env, 'PORTICO_BENCH_IDLE': str(settle),
                                                           'PORTICO_BENCH_SIGNIN_PAGE': page},
                              capture_output=True, text=True, timeout=120)
        idle = re.search(r'portico-bench-idle servers=(\d+) connected=(\d+) rss_kb=(\d+) tree_rss_kb=(\d+)',
                         done.stderr)
        signin = re.search(r'portico-bench-signin page_tree_rss_kb=(\d+) after_rss_kb=(\d+) after_tree_rss_kb=(\d+)',
                           done.stderr)
        if not idle or not signin:
            raise RuntimeError(f'the app did not report its idle memory: {done.stderr[-500:]}')
        if idle.group(1) != idle.group(2):
            FAILURES.append(f'app idle: only {idle.group(2)} of {idle.group(1)} servers connected')
        return {'rss': int(idle.group(3)) / 1024, 'tree': int(idle.group(4)) / 1024,
                'page_tree': int(signin.group(1)) / 1024, 'after': int(signin.group(2)) / 1024,
                'after_tree': int(signin.group(3)) / 1024}


def fmt(value):
    if value is None:
        return '—'
    return f'{value:,.0f}' if abs(value) >= 100 else f'{value:.3g}' if abs(value) < 1 else f'{value:.1f}'


def ratio(a, b):
    return f'{a / b:.2f}×' if a is not None and b else '—'


# (metric, server, comparison, target, check(portico, sdk, floor))
TARGETS = [
    ('seq rps', 'fast-json', '≥ 1.5× SDK', lambda p, s, f: p >= 1.5 * s),
    ('seq rps', 'fast-json', '≥ 0.8× floor', lambda p, s, f: p >= 0.8 * f),
    ('seq rps', 'fast-json', '≥ 0.8× floor', lambda p, s, f: p >= 0.8 * f, 'portico-glib'),
    ('conc8 rps', 'fast-json', '≥ 3× SDK', lambda p, s, f: p >= 3 * s),
    ('conc8 rps', 'fast-json', '≥ 3× SDK', lambda p, s, f: p >= 3 * s, 'portico-glib'),
    ('connect median ms', 'fast-json', '≤ 0.5× SDK', lambda p, s, f: p <= 0.5 * s),
    ('list 10k ms', 'fast-json', '≤ 0.5× SDK', lambda p, s, f: p <= 0.5 * s),
    ('list 10k peak MB', 'fast-json', '≤ 0.5× SDK', lambda p, s, f: p <= 0.5 * s),
    ('idle 20 RSS MB', 'fast-json', '≤ 0.5× SDK', lambda p, s, f: p <= 0.5 * s),
    ('once wall ms', 'fast-json', '≤ 0.5× SDK', lambda p, s, f: p <= 0.5 * s),
    ('app first window ms (100 servers)', '-', '≤ 250 ms', lambda p, s, f: p <= 250),
    ('app RSS MB, 20 servers connected', 'fast-25-tools', '≤ 80 MB', lambda p, s, f: p <= 80),
]


def table(collector):
    lines = ['| metric | server | floor (raw) | node:http loop | SDK 1.32.2 | Portico | Portico on GLib | Portico/SDK '
             '| Portico/floor | GLib/floor | Portico/node:http |', '|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|']
    for (metric, server), by_client in collector.values.items():
        p, g, s, f, h = (collector.median(metric, server, c)
                         for c in ('portico', 'portico-glib', 'sdk', 'floor', 'floor-http'))
        lines.append(f'| {metric} | {server} | {fmt(f)} | {fmt(h)} | {fmt(s)} | {fmt(p)} | {fmt(g)} | {ratio(p, s)} '
                     f'| {ratio(p, f)} | {ratio(g, f)} | {ratio(p, h)} |')
    lines += ['', '| target | measured | met |', '|---|---|---|']
    for metric, server, target, check, *client in TARGETS:
        client = client[0] if client else 'portico'
        p, s, f = (collector.median(metric, server, c) for c in (client, 'sdk', 'floor'))
        label = f'{metric} ({server}{", GLib dispatcher" if client == "portico-glib" else ""}) {target}'
        if p is None or (s is None and 'SDK' in target) or (f is None and 'floor' in target):
            lines.append(f'| {label} | not measured | — |')
            continue
        other = s if 'SDK' in target else f if 'floor' in target else None
        measured = f'{fmt(p)} vs {fmt(other)} ({ratio(p, other)})' if other else fmt(p)
        lines.append(f'| {label} | {measured} | {"met" if check(p, s, f) else "NOT met"} |')
    return '\n'.join(lines)


def machine():
    cpu = next((l.split(':', 1)[1].strip() for l in open('/proc/cpuinfo') if l.startswith('model name')), '?')
    mem = next((l.split()[1] for l in open('/proc/meminfo') if l.startswith('MemTotal')), '0')
    node = subprocess.run([NODE, '--version'], capture_output=True, text=True).stdout.strip()
    return (f'{platform.platform()}, {os.cpu_count()} × {cpu}, {int(mem) // 1024} MiB RAM, Node {node}, '
            f'load average at start {os.getloadavg()[0]:.1f}')


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('--build', required=True, help='a (Release) build directory of Portico')
    parser.add_argument('--rounds', type=int, default=3)
    parser.add_argument('--duration', type=float, default=2, help='measured seconds of seq and conc')
    parser.add_argument('--warmup', type=float, default=0.5)
    parser.add_argument('--settle', type=float, default=1)
    parser.add_argument('--no-app', action='store_true', help='skip the whole-app startup figures')
    parser.add_argument('--json', help='also write every figure to this file')
    args = parser.parse_args()
    args.bench = os.path.join(args.build, 'bench', 'portico-bench')
    app = os.path.join(args.build, 'app', 'portico')
    args.app = None if args.no_app or not os.path.exists(app) else app
    print(f'machine: {machine()}', flush=True)
    collector = Collector()
    started = time.monotonic()
    measure(args, collector)
    print(f'rounds: {args.rounds}, medians; {time.monotonic() - started:.0f} s in all\n')
    print(table(collector))
    if FAILURES:
        print('\nfailed runs (each retried once):')
        for failure in FAILURES:
            print(f'- {failure}')
    if args.json:
        with open(args.json, 'w') as f:
            json.dump({f'{m} | {s}': v for (m, s), v in collector.values.items()}, f, indent=1)
    return 0


if __name__ == '__main__':
    sys.exit(main())
