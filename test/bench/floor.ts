/**
 * Supervisor console and wallboard benchmark (issue 11): the daemon app in this process (buildApp,
 * simulated media server, PGlite in a temporary data folder on its own thread or PostgreSQL with DATABASE_URL, 127.0.0.1 port 0) with 5,000 agents logged in, 200
 * supervisor consoles and 20 wallboards (read-only tokens) on /api/ws from plain `ws` clients in
 * separate processes (test/bench/floor-clients.ts). Agents change state (available <-> not_ready, in
 * turn) 1,000 times a second through the routing service; the floor watch recounts and publishes
 * floor.changed. Printed next to their goals:
 *
 *   - from a state change to the arrival, at every console and wallboard, of the first figures
 *     that include it (the first floor.changed recounted at or after the change), p50 / p99;
 *   - the CPU one recount of the floor costs (floorSnapshotOf + queueFiguresOf, the aggregation
 *     behind every figure, timed alone on the same 5,000 agents), and per change: that cost times
 *     the recounts made, over the changes made;
 *   - the daemon's CPU and event-loop delay while it runs.
 *
 * Prints, never asserts. `npm run bench -- floor`; FLOOR_BENCH_SECONDS=5.
 */
import { fileURLToPath } from 'node:url';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { floorSnapshotOf, queueFiguresOf } from '../../src/wiring/floor-snapshot.js';
import { percentile, rssMb, startBenchDaemon, type BenchDaemon } from './fixture.js';
import { histPercentile, Workers } from './ws.js';

const AGENTS = 5_000;
const CONSOLES = 200;
const WALLBOARDS = 20;
const RATE = 1000;
const SECONDS = Number(process.env.FLOOR_BENCH_SECONDS ?? 5);
const CLIENT_PROCESSES = 2;
const GOAL_P99_MS = 100;

const clientScript = fileURLToPath(new URL('./floor-clients.js', import.meta.url));
const fmt = (n: number) => n.toLocaleString('en-US');

/** `RATE` changes per second for `seconds`; returns the Date.now of each change. */
async function drive(d: BenchDaemon, seconds: number, state: Map<string, boolean>): Promise<number[]> {
  const acd = d.app.deps.contactCenter.acd;
  const ids = d.agents.map((a) => a.agentId as string);
  const total = RATE * seconds;
  const at: number[] = [];
  const started = performance.now();
  await new Promise<void>((resolve) => {
    const tick = () => {
      const due = Math.min(total, Math.floor(((performance.now() - started) * RATE) / 1000));
      while (at.length < due) {
        const id = ids[at.length % ids.length] as string;
        const available = state.get(id) ?? false;
        at.push(Date.now());
        acd.setState(id, available ? 'not_ready' : 'available');
        state.set(id, !available);
      }
      if (at.length >= total) resolve();
      else setTimeout(tick, 1);
    };
    tick();
  });
  return at;
}

/** CPU µs of one recount of the floor, measured alone (no sockets, nothing else running). */
function recountCost(d: BenchDaemon): number[] {
  const cc = d.app.deps.contactCenter;
  const out: number[] = [];
  for (let i = 0; i < 300; i++) {
    const c0 = process.cpuUsage();
    floorSnapshotOf(cc, () => Date.now());
    queueFiguresOf(cc);
    const c = process.cpuUsage(c0);
    out.push(c.user + c.system);
  }
  return out.slice(50).sort((a, b) => a - b);
}

export async function runFloorBench(): Promise<void> {
  const setupStart = performance.now();
  const d = await startBenchDaemon({ agents: AGENTS, supervisors: CONSOLES });
  const state = new Map<string, boolean>();
  const workers = new Workers(CLIENT_PROCESSES, clientScript);
  try {
    const tokens: string[] = [];
    for (let i = 0; i < WALLBOARDS; i++) tokens.push((await d.app.deps.wallboardTokens.create(`wall ${i}`, { userId: d.supervisors[0]?.userId ?? 'sup-0', ip: '127.0.0.1' })).token);
    console.log(`${fmt(AGENTS)} agents, ${CONSOLES} consoles + ${WALLBOARDS} wallboards (set-up ${((performance.now() - setupStart) / 1000).toFixed(1)} s)`);
    await drive(d, 1, state); // warm-up
    const cost = recountCost(d);
    const clients = [...d.supervisors.map((s) => s.token), ...tokens];
    const shares: string[][] = Array.from({ length: CLIENT_PROCESSES }, () => []);
    clients.forEach((c, i) => shares[i % CLIENT_PROCESSES]?.push(c));
    const wsUrl = `${d.url.replace('http', 'ws')}/api/ws`;
    const connected = await workers.ask<{ ok: number; failed: number }>((i) => ({ cmd: 'connect', url: wsUrl, tokens: shares[i] ?? [] }), 'connected');
    const ok = connected.reduce((s, c) => s + c.ok, 0);
    await workers.ask((_) => ({ cmd: 'reset' }), 'reset');

    let recounts = 0;
    const unsubscribe = d.app.deps.bus.subscribe((e) => {
      if (e.type === 'floor.changed') recounts++;
    });
    const loop = monitorEventLoopDelay({ resolution: 5 });
    loop.enable();
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const changes = await drive(d, SECONDS, state);
    // The last change's figures reach the clients within moments: wait for the counts to settle.
    await new Promise((r) => setTimeout(r, 1500));
    const wallS = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    loop.disable();
    unsubscribe();
    const reports = await workers.ask<{ hist: [number, number][]; missing: number; frames: number; cpuMs: number }>((_) => ({ cmd: 'report', changes }), 'report');

    const hist = new Map<number, number>();
    for (const r of reports) for (const [ms, n] of r.hist) hist.set(ms, (hist.get(ms) ?? 0) + n);
    const sorted = [...hist.entries()].sort((a, b) => a[0] - b[0]);
    const missing = reports.reduce((s, r) => s + r.missing, 0);
    const frames = reports.reduce((s, r) => s + r.frames, 0);
    const p50 = histPercentile(sorted, 0.5);
    const p99 = histPercentile(sorted, 0.99);
    const recountP50 = percentile(cost, 50);
    const recountP99 = percentile(cost, 99);
    console.log(`  connected ${ok} of ${clients.length} sockets; ${fmt(changes.length)} state changes at ${fmt(RATE)}/s for ${SECONDS} s; ${fmt(recounts)} recounts published, ${fmt(frames)} floor frames received`);
    console.log(`  change -> updated figures at every console and wallboard  p50 ${p50} ms  p99 ${p99} ms  max ${sorted.at(-1)?.[0] ?? Number.NaN} ms   goal p99 < ${GOAL_P99_MS} ms   ${p99 < GOAL_P99_MS ? 'met' : 'NOT met'}`);
    console.log(`    (change, socket) pairs with no later figures: ${fmt(missing)} of ${fmt(changes.length * clients.length)}   goal none   ${missing === 0 ? 'met' : 'NOT met'}`);
    console.log(`  one recount of ${fmt(AGENTS)} agents: CPU p50 ${recountP50} µs, p99 ${recountP99} µs; per change ${((recountP50 * recounts) / changes.length).toFixed(1)} µs (${fmt(recounts)} recounts for ${fmt(changes.length)} changes)`);
    console.log(
      `  daemon CPU ${((100 * (cpu.user + cpu.system)) / 1e6 / wallS).toFixed(0)} % of one core over ${wallS.toFixed(1)} s; event-loop delay p99 ${(loop.percentile(99) / 1e6).toFixed(1)} ms; RSS ${rssMb().toFixed(0)} MB; clients CPU ${reports.reduce((s, r) => s + r.cpuMs, 0).toFixed(0)} ms`,
    );
  } finally {
    workers.stop();
    await d.close();
  }
}
