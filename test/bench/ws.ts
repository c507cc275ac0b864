/**
 * /api/ws fan-out benchmark (issue 19): the daemon app runs in this process (buildApp, simulated
 * media server, PGlite on its own thread or PostgreSQL with DATABASE_URL, listening on 127.0.0.1 port 0) with N agent sessions and 200
 * supervisor consoles connected to /api/ws from plain `ws` clients in separate client processes
 * (test/bench/ws-clients.ts), so the measuring side does not run on the daemon's event loop. Agent
 * state changes are driven through the routing service (RoutingService.setState, agents in turn,
 * available <-> not_ready) at a fixed rate. Printed next to their goals:
 *
 *   - delivery latency from the change (the event's `at`, the daemon's clock) to its arrival at
 *     every client that should see it (the agent's own toolbar and every supervisor), p50/p99;
 *   - messages lost: per client, the changes it should have seen (counted on the bus) against
 *     those it received;
 *   - the daemon's RSS (this process: the app plus the small driver);
 *   - the routing decision (one setState call, which publishes synchronously) p99 with no socket
 *     and with all of them connected.
 *
 * Prints, never asserts. `npm run bench -- ws`; WS_BENCH_SIZES=1000,5000 WS_BENCH_SECONDS=5
 * WS_BENCH_CLIENT_PROCESSES=2.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';
import { availableParallelism, loadavg } from 'node:os';
import type { EventHub, HubStats } from '../../src/api/ws/event-hub.js';
import type { DomainEvent } from '../../src/core/events.js';
import { percentile, rssMb, startBenchDaemon, type BenchDaemon } from './fixture.js';

const SIZES = (process.env.WS_BENCH_SIZES ?? '1000,5000').split(',').map(Number);
const SUPERVISORS = 200;
const RATE = 1000;
const SECONDS = Number(process.env.WS_BENCH_SECONDS ?? 5);
const CLIENT_PROCESSES = Number(process.env.WS_BENCH_CLIENT_PROCESSES ?? 2);
const GOAL_P99_MS = 50;
const GOAL_RATIO = 1.2;

const workerPath = fileURLToPath(new URL('./ws-clients.js', import.meta.url));

interface Drive {
  /** Wall time of each setState call, ns. */
  decisionNs: number[];
  /** CPU time of this process during each call, µs (not inflated when the machine is shared). */
  decisionCpuUs: number[];
  changes: number;
}

/** `RATE` state changes per second for `seconds`, caught up on every 1 ms timer tick. */
async function drive(d: BenchDaemon, seconds: number, state: Map<string, boolean>): Promise<Drive> {
  const acd = d.app.deps.contactCenter.acd;
  const ids = d.agents.map((a) => a.agentId as string);
  const total = RATE * seconds;
  const decisionNs: number[] = [];
  const decisionCpuUs: number[] = [];
  let done = 0;
  const started = performance.now();
  await new Promise<void>((resolve) => {
    const tick = () => {
      const due = Math.min(total, Math.floor(((performance.now() - started) * RATE) / 1000));
      while (done < due) {
        const id = ids[done % ids.length] as string;
        const available = state.get(id) ?? false;
        const c0 = process.cpuUsage();
        const t0 = process.hrtime.bigint();
        acd.setState(id, available ? 'not_ready' : 'available');
        decisionNs.push(Number(process.hrtime.bigint() - t0));
        const c = process.cpuUsage(c0);
        decisionCpuUs.push(c.user + c.system);
        state.set(id, !available);
        done++;
      }
      if (done >= total) resolve();
      else setTimeout(tick, 1);
    };
    tick();
  });
  return { decisionNs, decisionCpuUs, changes: done };
}

/** The client processes of a socket benchmark (the floor bench forks its own script). */
export class Workers {
  private readonly procs: ChildProcess[] = [];
  constructor(n: number, script = workerPath) {
    for (let i = 0; i < n; i++) this.procs.push(fork(script, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }));
  }
  /** Sends one command to every worker and waits for each one's answer. */
  ask<T>(cmd: (i: number) => object, ev: string): Promise<T[]> {
    return Promise.all(
      this.procs.map(
        (p, i) =>
          new Promise<T>((resolve) => {
            const on = (m: { ev: string }) => {
              if (m.ev !== ev) return;
              p.off('message', on);
              resolve(m as T);
            };
            p.on('message', on);
            p.send(cmd(i));
          }),
      ),
    );
  }
  stop(): void {
    for (const p of this.procs) p.send({ cmd: 'exit' });
  }
}

interface Report {
  received: number[];
  hist: [number, number][];
  closes: Record<string, number>;
  cpuMs: number;
}

const fmt = (n: number) => n.toLocaleString('en-US');

/** The value at quantile `p` of a histogram given as sorted [value, count] pairs. */
export function histPercentile(sorted: [number, number][], p: number): number {
  const count = sorted.reduce((s, [, n]) => s + n, 0);
  let seen = 0;
  for (const [value, n] of sorted) {
    seen += n;
    if (seen >= p * count) return value;
  }
  return Number.NaN;
}
const verdict = (ok: boolean) => (ok ? 'met' : 'NOT met');

async function scenario(agents: number): Promise<void> {
  let hub: EventHub | undefined;
  // Daemon side: from the change (event.at) to the write of its frame into each socket, by ms.
  const written = new Map<number, number>();
  const onWritten = (events: readonly DomainEvent[], sockets: number) => {
    const now = Date.now();
    for (const e of events) if (e.type === 'agent.state_changed') written.set(now - e.at, (written.get(now - e.at) ?? 0) + sockets);
  };
  const setupStart = performance.now();
  const d = await startBenchDaemon({ agents, supervisors: SUPERVISORS }, {}, { eventHub: { onHub: (h) => (hub = h), onWritten } });
  const sockets = agents + SUPERVISORS;
  const state = new Map<string, boolean>();
  try {
    console.log(`${fmt(agents)} agents + ${SUPERVISORS} supervisors (${fmt(sockets)} sockets; set-up ${((performance.now() - setupStart) / 1000).toFixed(1)} s)`);
    // 1. No socket: the routing decision alone (after a warm-up, so JIT and set-up garbage do
    // not weigh on this side only).
    await drive(d, 2, state);
    const idleRss = rssMb();
    const aloneLoop = monitorEventLoopDelay({ resolution: 5 });
    aloneLoop.enable();
    const alone = await drive(d, SECONDS, state);
    aloneLoop.disable();

    // 2. Every client connected, in CLIENT_PROCESSES processes (agents and supervisors dealt in turn).
    const clients = [...d.supervisors, ...d.agents];
    const shares: { token: string; agentId?: string }[][] = Array.from({ length: CLIENT_PROCESSES }, () => []);
    clients.forEach((c, i) => shares[i % CLIENT_PROCESSES]?.push(c));
    const workers = new Workers(CLIENT_PROCESSES);
    try {
      const connectStart = performance.now();
      const wsUrl = `${d.url.replace('http', 'ws')}/api/ws`;
      const connected = await workers.ask<{ ok: number; failed: number }>((i) => ({ cmd: 'connect', url: wsUrl, tokens: shares[i]?.map((c) => c.token) ?? [] }), 'connected');
      const ok = connected.reduce((s, c) => s + c.ok, 0);
      const connectMs = performance.now() - connectStart;
      await workers.ask((_) => ({ cmd: 'reset' }), 'reset');

      // What each client should see: its agent's changes (agents) or all of them (supervisors).
      const published = new Map<string, number>();
      let publishedTotal = 0;
      const unsubscribe = d.app.deps.bus.subscribe((e) => {
        if (e.type !== 'agent.state_changed') return;
        published.set(e.agentId, (published.get(e.agentId) ?? 0) + 1);
        publishedTotal++;
      });
      const before: HubStats | undefined = hub?.stats();
      const loop = monitorEventLoopDelay({ resolution: 5 });
      loop.enable();
      const gcPauses: number[] = [];
      const gcKinds = new Map<string, number>();
      const gcObserver = new PerformanceObserver((list) => {
        for (const e of list.getEntries()) {
          gcPauses.push(e.duration);
          const kind = ((e as PerformanceEntry & { detail?: { kind?: number } }).detail)?.kind;
          const name = kind === 1 ? 'minor' : kind === 2 ? 'major' : kind === 4 ? 'incremental' : kind === 8 ? 'weak' : String(kind);
          gcKinds.set(name, Math.max(gcKinds.get(name) ?? 0, e.duration));
        }
      });
      gcObserver.observe({ entryTypes: ['gc'] });
      const cpu0 = process.cpuUsage();
      const t0 = performance.now();
      const loaded = await drive(d, SECONDS, state);
      // Let delivery finish: the hub's queue empty, then the clients' counts stop moving.
      const expected = shares.map((share) => share.map((c) => (c.agentId ? (published.get(c.agentId) ?? 0) : publishedTotal)));
      const expectedTotal = expected.flat().reduce((s, n) => s + n, 0);
      let reports: Report[] = [];
      for (let waited = 0, last = -1; waited < 20_000; waited += 250) {
        reports = await workers.ask<Report>((_) => ({ cmd: 'report' }), 'report');
        const got = reports.reduce((s, r) => s + r.received.reduce((a, b) => a + b, 0), 0);
        if ((got >= expectedTotal || got === last) && (hub?.stats().pending ?? 0) === 0) break;
        last = got;
        await new Promise((r) => setTimeout(r, 250));
      }
      const wallS = (performance.now() - t0) / 1000;
      const cpu = process.cpuUsage(cpu0);
      loop.disable();
      gcObserver.disconnect();
      unsubscribe();
      const after = hub?.stats();
      const rss = rssMb();

      // Latency histogram over every (event, client) pair received.
      const hist = new Map<number, number>();
      for (const r of reports) for (const [ms, n] of r.hist) hist.set(ms, (hist.get(ms) ?? 0) + n);
      const sortedMs = [...hist.entries()].sort((a, b) => a[0] - b[0]);
      const at = (p: number) => histPercentile(sortedMs, p);
      const daemonSide = [...written.entries()].sort((a, b) => a[0] - b[0]);
      let lost = 0;
      let short = 0;
      let extra = 0;
      reports.forEach((r, w) =>
        r.received.forEach((got, i) => {
          const want = expected[w]?.[i] ?? 0;
          if (got < want) {
            lost += want - got;
            short++;
          } else extra += got - want;
        }),
      );
      const closes = reports.reduce<Record<string, number>>((acc, r) => {
        for (const [code, n] of Object.entries(r.closes)) acc[code] = (acc[code] ?? 0) + n;
        return acc;
      }, {});
      const p50 = at(0.5);
      const p99 = at(0.99);
      const maxMs = sortedMs.at(-1)?.[0] ?? Number.NaN;
      const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
      const aloneP99 = percentile(sorted(alone.decisionNs), 99) / 1000;
      const loadedP99 = percentile(sorted(loaded.decisionNs), 99) / 1000;
      const ratio = loadedP99 / aloneP99;
      const aloneCpuP99 = percentile(sorted(alone.decisionCpuUs), 99);
      const loadedCpuP99 = percentile(sorted(loaded.decisionCpuUs), 99);
      const cpuRatio = loadedCpuP99 / aloneCpuP99;
      const clientCpuMs = reports.reduce((s, r) => s + r.cpuMs, 0);

      console.log(`  connected ${fmt(ok)} of ${fmt(sockets)} sockets in ${(connectMs / 1000).toFixed(1)} s; ${fmt(loaded.changes)} changes at ${fmt(RATE)}/s for ${SECONDS} s`);
      console.log(`  delivery latency, change -> client  p50 ${p50} ms  p99 ${p99} ms  max ${maxMs} ms   goal p99 < ${GOAL_P99_MS} ms   ${verdict(p99 < GOAL_P99_MS)}`);
      console.log(
        `    of which in the daemon, change -> written to the socket: p50 ${histPercentile(daemonSide, 0.5)} ms  p99 ${histPercentile(daemonSide, 0.99)} ms  max ${daemonSide.at(-1)?.[0] ?? Number.NaN} ms  (1 ms resolution: Date.now on both sides)`,
      );
      console.log(`  messages lost                       ${fmt(lost)} of ${fmt(expectedTotal)} expected (${short} clients short, ${fmt(extra)} extra; closes ${JSON.stringify(closes)})   goal none   ${verdict(lost === 0 && ok === sockets)}`);
      console.log(`  daemon RSS                          ${rss.toFixed(0)} MB with the sockets (${idleRss.toFixed(0)} MB before)`);
      console.log(
        `  routing decision (setState) p99     wall ${aloneP99.toFixed(1)} µs with 0 sockets, ${loadedP99.toFixed(1)} µs with ${fmt(ok)}: ${ratio.toFixed(2)}x;  CPU ${aloneCpuP99} µs, ${loadedCpuP99} µs: ${cpuRatio.toFixed(2)}x   goal <= ${GOAL_RATIO}x   ${verdict(ratio <= GOAL_RATIO)} (wall), ${verdict(cpuRatio <= GOAL_RATIO)} (CPU)`,
      );
      console.log(
        `    (p50 wall ${(percentile(sorted(alone.decisionNs), 50) / 1000).toFixed(1)} / ${(percentile(sorted(loaded.decisionNs), 50) / 1000).toFixed(1)} µs; with no socket the process idles between changes, which slows its calls: wall p50 is no faster alone)`,
      );
      if (before && after) {
        const events = after.events - before.events;
        console.log(
          `  hub: ${fmt(events)} events taken, ${fmt(after.serializations - before.serializations)} serialized, ${fmt(after.framesSent - before.framesSent)} frames in ${fmt(after.writes - before.writes)} socket writes, ${fmt(after.audiences)} audiences, ${after.cutOff} cut off`,
        );
      }
      console.log(
        `  CPU over ${wallS.toFixed(1)} s: daemon ${((100 * (cpu.user + cpu.system)) / 1e6 / wallS).toFixed(0)} %, clients ${((100 * clientCpuMs) / 1000 / wallS).toFixed(0)} % (of one core); daemon event-loop delay p99 ${(loop.percentile(99) / 1e6).toFixed(1)} ms (${(aloneLoop.percentile(99) / 1e6).toFixed(1)} ms with no socket); GC ${gcPauses.length} pauses, ${gcPauses.reduce((a, b) => a + b, 0).toFixed(0)} ms in all, longest ${Math.max(0, ...gcPauses).toFixed(1)} ms (longest by kind ${[...gcKinds].map(([k, v]) => `${k} ${v.toFixed(0)}`).join(', ')}); JS heap ${(process.memoryUsage().heapUsed / 1024 / 1024).toFixed(0)} MB`,
      );
    } finally {
      workers.stop();
    }
  } finally {
    await d.close();
  }
}

export async function runWsBench(): Promise<void> {
  console.log(
    `Load: daemon app in this process (simulated media server, ${process.env.DATABASE_URL ? 'PostgreSQL' : 'PGlite on its own thread'}); ${CLIENT_PROCESSES} client processes of plain \`ws\` clients (every socket on topic '*'); ` +
      `${fmt(RATE)} agent-state changes/s through RoutingService.setState (agents in turn, available <-> not_ready). Machine: ${availableParallelism()} cores, load average ${loadavg()[0]?.toFixed(1)}.`,
  );
  for (const n of SIZES) await scenario(n);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await runWsBench();
