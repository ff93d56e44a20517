// Resident memory of a process tree, from /proc: a bridge is judged by everything it costs, and `mcp-remote`
// may run more than one process (`npx` spawns node; a launcher may stay behind). The tree is found again every
// second (by each process's parent in /proc/PID/stat: this kernel has no /proc/PID/task/TID/children), and the
// VmRSS of its members is summed every `intervalMs`. At the end VmHWM (each process's own peak) is summed too:
// an upper bound of the tree's peak that no sampling interval can miss.
import { readdirSync, readFileSync } from 'node:fs';

function statusKb(pid, field) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
    return match ? Number(match[1]) : 0;
  } catch {
    return 0; // the process has just gone
  }
}

// The root and every descendant alive now.
export function processTree(rootPid) {
  const children = new Map();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // The command name may hold spaces and parentheses: the fields after it start after the last ')'.
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (!children.has(ppid)) children.set(ppid, []);
      children.get(ppid).push(Number(entry));
    } catch {
      // gone between readdir and read
    }
  }
  const tree = [rootPid];
  for (let i = 0; i < tree.length; ++i) tree.push(...(children.get(tree[i]) ?? []));
  return tree;
}

export class TreeMemory {
  constructor(rootPid, { intervalMs = 100, rescanEvery = 10 } = {}) {
    this.rootPid = rootPid;
    this.pids = processTree(rootPid);
    this.peakKb = 0;
    this.maxProcesses = this.pids.length;
    let tick = 0;
    this.sample();
    this.timer = setInterval(() => {
      if (++tick % rescanEvery === 0) this.pids = processTree(this.rootPid);
      this.sample();
    }, intervalMs);
  }

  sample() {
    const kb = this.pids.reduce((sum, pid) => sum + statusKb(pid, 'VmRSS'), 0);
    this.peakKb = Math.max(this.peakKb, kb);
    this.maxProcesses = Math.max(this.maxProcesses, this.pids.length);
    return kb;
  }

  // Stops sampling; MiB figures: the sampled peak, the RSS now, and the sum of each process's VmHWM.
  stop() {
    clearInterval(this.timer);
    this.pids = processTree(this.rootPid);
    const endKb = this.sample();
    const hwmKb = this.pids.reduce((sum, pid) => sum + statusKb(pid, 'VmHWM'), 0);
    return { peak_mb: this.peakKb / 1024, end_mb: endKb / 1024, hwm_mb: hwmKb / 1024, processes: this.maxProcesses };
  }
}
