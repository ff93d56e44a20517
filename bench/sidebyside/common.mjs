// What the Node benchmark clients share with portico-bench: the command-line contract, percentiles,
// and memory figures read the same way (/proc/self/status), so the numbers compare like for like.
import { readFileSync } from 'node:fs';

export function parseArgs(argv) {
  const [mode, ...rest] = argv;
  const options = { mode, url: '', duration: 5, warmup: 1, concurrency: 8, n: 20, warmupN: 3, clients: 20, settle: 2, repeat: 5 };
  const names = { '--url': 'url', '--duration': 'duration', '--warmup': 'warmup', '--concurrency': 'concurrency', '--n': 'n',
    '--warmup-n': 'warmupN', '--clients': 'clients', '--settle': 'settle', '--repeat': 'repeat' };
  for (let i = 0; i < rest.length; i += 2) {
    const key = names[rest[i]];
    if (!key || rest[i + 1] === undefined) throw new Error(`unknown or incomplete option ${rest[i]}`);
    options[key] = key === 'url' ? rest[i + 1] : Number(rest[i + 1]);
  }
  if (!options.url) throw new Error('--url is required');
  return options;
}

// Nearest-rank percentile of an array of numbers (sorted here).
export function percentile(values, p) {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

export const median = (values) => percentile(values, 50);

// VmRSS / VmHWM in MB (MiB), as portico-bench reports them.
export function memory() {
  const status = readFileSync('/proc/self/status', 'utf8');
  const field = (name) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)[1]) / 1024;
  return { rss_mb: round(field('VmRSS')), hwm_mb: round(field('VmHWM')) };
}

export const round = (x, digits = 3) => Number(x.toFixed(digits));
export const now = () => Number(process.hrtime.bigint()) / 1e6; // ms
export const sleep = (seconds) => new Promise((resolve) => setTimeout(resolve, seconds * 1000));

// Runs `call(worker)` (async, returns when one call is done; `worker` is 0…concurrency-1) with `concurrency` in flight: `warmup` seconds not counted,
// then `duration` seconds; the seq/conc result object of the contract.
export async function runCalls(call, { warmup, duration, concurrency }) {
  let measuring = false;
  let stop = false;
  let latencies = [];
  let t0 = 0;
  let tEnd = 0;
  const worker = async (index) => {
    while (!stop) {
      const start = now();
      await call(index);
      const end = now();
      if (stop) break;
      if (measuring) {
        latencies.push(end - start);
        if (end - t0 >= duration * 1000) {
          stop = true;
          tEnd = end;
        }
      }
    }
  };
  const workers = Array.from({ length: concurrency }, (_, index) => worker(index));
  await sleep(warmup);
  latencies = [];
  t0 = now();
  measuring = true;
  await Promise.all(workers);
  const elapsed = (tEnd - t0) / 1000;
  return {
    rps: round(latencies.length / elapsed, 1),
    lat_ms: { p50: round(percentile(latencies, 50)), p99: round(percentile(latencies, 99)) },
    calls: latencies.length,
    mem_end: { rss_mb: memory().rss_mb },
  };
}
