import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Start to /healthz of the built daemon on the embedded database, on a fresh data folder and on
 * the same folder again, and its idle RSS; each printed next to its goal. The daemon is spawned
 * as `npm start` runs it (dist/src/cli/main.js start) on a free port of 127.0.0.1.
 */
const GOAL_START_MS = 3000;
const GOAL_IDLE_RSS_MB = 150;
const IDLE_WAIT_MS = 5000;

const cli = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../src/cli/main.js');

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen({ host: '127.0.0.1', port: 0 }, () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

async function startOnce(dataDir: string): Promise<{ child: ChildProcess; ms: number }> {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, [cli, 'start'], {
    env: { ...process.env, SWITCHBOARD_DATA_DIR: dataDir, SWITCHBOARD_PORT: String(port), SWITCHBOARD_HOST: '127.0.0.1', SWITCHBOARD_LOG_LEVEL: 'warn' },
    stdio: 'ignore',
  });
  const url = `http://127.0.0.1:${port}/healthz`;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the daemon exited with ${child.exitCode} before /healthz answered`);
    const ok = await fetch(url).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return { child, ms: performance.now() - started };
    await new Promise((r) => setTimeout(r, 20));
  }
}

function rssMb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : Number.NaN;
}

async function stop(child: ChildProcess): Promise<void> {
  const done = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await done;
}

const line = (what: string, value: number, unit: string, goal: number) =>
  console.log(`${what.padEnd(44)} ${value.toFixed(0).padStart(6)} ${unit}   goal < ${goal} ${unit}   ${value < goal ? 'met' : 'NOT met'}`);

export async function runStartBench(): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'sb-bench-start-'));
  try {
    const fresh = await startOnce(dir);
    line('start to /healthz, fresh data folder', fresh.ms, 'ms', GOAL_START_MS);
    await stop(fresh.child);
    const again = await startOnce(dir);
    line('start to /healthz, existing data folder', again.ms, 'ms', GOAL_START_MS);
    await new Promise((r) => setTimeout(r, IDLE_WAIT_MS));
    line(`idle RSS (${IDLE_WAIT_MS / 1000} s after /healthz)`, rssMb(again.child.pid ?? 0), 'MB', GOAL_IDLE_RSS_MB);
    await stop(again.child);
    console.log(`(load average ${readFileSync('/proc/loadavg', 'utf8').split(' ')[0]} on ${availableParallelism()} cores)`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
