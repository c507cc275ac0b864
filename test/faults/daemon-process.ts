/**
 * The daemon under fault as `npm start` runs it (dist/src/cli/main.js start), one process per run
 * of it: started on the same data folder (or PostgreSQL database) and port every time, killed with
 * SIGKILL. Its stdout is read for the first admin password and for when it logged that the calls
 * of the previous run were recovered (the re-adoption time).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, statSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { createInterface } from 'node:readline';

export interface DaemonRun {
  pid: number;
  startedAt: number;
  /** Start to the first 200 of /healthz (ms). */
  servingMs: number;
  /** Start to "calls of the previous run recovered" in its log (ms); undefined until then. */
  readoptedMs(): number | undefined;
  /** When it logged that line (epoch ms): a standby re-adopts long after its start, at its takeover. */
  readoptedAt(): number | undefined;
  /** What that log line counted. */
  recovered(): { resumed: number; ended: number; closed: number } | undefined;
  adminPassword(): string | undefined;
  /** Log lines at warn or above (level >= 40), for the report. */
  problems: string[];
}

export class DaemonProcess {
  private child: ChildProcess | undefined;
  private password: string | undefined;

  constructor(
    private readonly cli: string,
    readonly env: Record<string, string>,
    readonly url: string,
    /** Every run's stdout and stderr are appended here (kept when a run fails). */
    private readonly logFile: string,
  ) {}

  get running(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  /**
   * `serving`: until /healthz answers 200 (an active daemon). `listening`: until it answers at all
   * (a standby answers 503 'standby' until it takes over).
   */
  async start(until: 'serving' | 'listening' = 'serving'): Promise<DaemonRun> {
    const startedAt = Date.now();
    const child = spawn(process.execPath, [this.cli, 'start'], { env: { ...process.env, ...this.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    let readopted: number | undefined;
    let readoptedAt: number | undefined;
    let recovered: { resumed: number; ended: number; closed: number } | undefined;
    const problems: string[] = [];
    const onLine = (line: string) => {
      const first = /^First start: created user "admin" with password: (\S+)/.exec(line);
      if (first) this.password = first[1];
      if (!line.startsWith('{')) return;
      let entry: { level?: number; time?: number; msg?: string; resumed?: number; ended?: number; closed?: number };
      try {
        entry = JSON.parse(line) as typeof entry;
      } catch {
        return;
      }
      if (entry.msg === 'calls of the previous run recovered') {
        readoptedAt = entry.time ?? Date.now();
        readopted = readoptedAt - startedAt;
        recovered = { resumed: entry.resumed ?? 0, ended: entry.ended ?? 0, closed: entry.closed ?? 0 };
      }
      if ((entry.level ?? 0) >= 40 && problems.length < 200) problems.push(line.slice(0, 400));
    };
    const out = createWriteStream(this.logFile, { flags: 'a' });
    out.write(`--- daemon started (pid ${String(child.pid)}) at ${new Date(startedAt).toISOString()}\n`);
    child.stdout?.pipe(out, { end: false });
    child.stderr?.pipe(out, { end: false });
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', onLine);
    createInterface({ input: child.stderr as NodeJS.ReadableStream }).on('line', (l) => problems.length < 200 && problems.push(`stderr: ${l}`));
    const servingMs = await this.untilServing(child, startedAt, until);
    return {
      pid: child.pid ?? 0,
      startedAt,
      servingMs,
      readoptedMs: () => readopted,
      readoptedAt: () => readoptedAt,
      recovered: () => recovered,
      adminPassword: () => this.password,
      problems,
    };
  }

  private async untilServing(child: ChildProcess, startedAt: number, until: 'serving' | 'listening'): Promise<number> {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`the daemon exited with ${child.exitCode} before /healthz answered`);
      const ok = await fetch(`${this.url}/healthz`).then(
        (r) => r.status === 200 || until === 'listening',
        () => false,
      );
      if (ok) return Date.now() - startedAt;
      if (Date.now() - startedAt > 60_000) throw new Error('the daemon did not serve /healthz within 60 s');
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  /** Where the daemon's log ends now: `logSince` reads what it wrote after this mark. */
  logMark(): number {
    return statSync(this.logFile).size;
  }

  /** The log lines written after `mark` (every line, unlike DaemonRun.problems, which stops at 200). */
  async logSince(mark: number): Promise<string[]> {
    const file = await open(this.logFile, 'r');
    try {
      const { size } = await file.stat();
      const buf = Buffer.alloc(Math.max(0, size - mark));
      await file.read(buf, 0, buf.length, mark);
      return buf.toString('utf8').split('\n');
    } finally {
      await file.close();
    }
  }

  /** kill -9: no shutdown, no last writes. */
  async kill9(): Promise<void> {
    const child = this.child;
    if (!child || !this.running) return;
    const gone = new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
    await gone;
  }

  /** The graceful stop at the end of a run. */
  async stop(): Promise<void> {
    const child = this.child;
    if (!child || !this.running) return;
    const gone = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await gone;
  }
}
