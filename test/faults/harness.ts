/**
 * The fault harness: the built daemon as a child process (PGlite on a data folder, or a fresh
 * database on DATABASE_URL's PostgreSQL) against the fake PBX process, traffic in every call state,
 * then seeded faults, each followed by the checks of checks.ts. run.ts prints the result; the
 * vitest file runs it at CI size.
 *
 *   traffic ──▶ kill -9 × K (one of them with an agent leg vanishing while the daemon is down)
 *           ──▶ PBX disconnect + reconnect (channels kept)
 *           ──▶ PostgreSQL unreachable for a while, PostgreSQL restart (through pg-proxy.ts; skipped on PGlite)
 *           ──▶ PBX restart (channels gone)
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, mkdir, rm } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { Api } from './api.js';
import { figures, observe, settledObservation, type FaultRow, type Observation } from './checks.js';
export type { FaultRow } from './checks.js';
import { databaseFault } from './database-faults.js';
import { DaemonProcess, type DaemonRun } from './daemon-process.js';
import { PgProxy } from './pg-proxy.js';
import { standbyTakeover } from './standby-fault.js';
import { FakePbxProcess, type Adapter } from './pbx-control.js';
import { mixFor, phonesFor, setUpWorld, startTraffic, writeFlows, type World } from './world.js';
import { randomAction, seeded } from './traffic-steps.js';

export interface FaultOptions {
  adapter: Adapter;
  calls: number;
  kills: number;
  seed: number;
  /** dist/src/cli/main.js and dist/test/faults/fake-pbx-process.js */
  daemonCli: string;
  pbxScript: string;
  log?: (line: string) => void;
  /** How long PostgreSQL stays unreachable in its fault (ms). */
  dbOutageMs?: number;
}

export interface FaultResult {
  adapter: Adapter;
  database: 'pglite' | 'postgresql';
  rows: FaultRow[];
  /** The call whose agent leg vanished while the daemon was down: how it ended. */
  unadoptable?: { callId: string; state: string; outcome?: string; customerGone: boolean; ok: boolean };
}

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

/** A database of its own on the PostgreSQL of DATABASE_URL, dropped at the end. */
async function postgresDatabase(url: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `sb_faults_${randomBytes(5).toString('hex')}`;
  const admin = async (text: string) => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await client.query(text);
    } finally {
      await client.end();
    }
  };
  await admin(`create database "${name}"`);
  const own = new URL(url);
  own.pathname = `/${name}`;
  return { url: own.toString(), drop: () => admin(`drop database if exists "${name}" with (force)`) };
}

export async function runFaults(o: FaultOptions): Promise<FaultResult> {
  const log = o.log ?? (() => undefined);
  const random = seeded(o.seed);
  const dir = await mkdtemp(path.join(tmpdir(), `sb-faults-${o.adapter}-`));
  const flows = path.join(dir, 'flows');
  await mkdir(flows);
  await writeFlows(flows);
  const mix = mixFor(o.calls);
  const pbx = await FakePbxProcess.start(o.adapter, o.pbxScript, phonesFor(mix));
  const pgUrl = process.env.DATABASE_URL;
  const database = pgUrl ? await postgresDatabase(pgUrl) : undefined;
  // The daemon reaches PostgreSQL through a proxy the harness can cut (the real server stays up).
  const target = pgUrl ? new URL(pgUrl) : undefined;
  const proxy = target ? await PgProxy.start({ host: target.hostname, port: Number(target.port || 5432) }) : undefined;
  const port = await freePort();
  const env: Record<string, string> = {
    SWITCHBOARD_HOST: '127.0.0.1',
    SWITCHBOARD_PORT: String(port),
    SWITCHBOARD_DATA_DIR: path.join(dir, 'data'),
    SWITCHBOARD_IVR_FLOWS_DIR: flows,
    SWITCHBOARD_RECORDINGS_DIR: path.join(dir, 'recordings'),
    SWITCHBOARD_LOG_LEVEL: 'info',
    SWITCHBOARD_LOGIN_PER_ADDRESS_PER_MINUTE: '100000',
    SWITCHBOARD_CONFIG: '',
    DATABASE_URL: database && proxy ? proxy.urlFor(database.url) : '',
    ...pbx.daemonEnv(),
  };
  let daemon = new DaemonProcess(o.daemonCli, env, `http://127.0.0.1:${port}`, path.join(dir, 'daemon.log'));
  const others: DaemonProcess[] = [];
  let failed = true;
  const result: FaultResult = { adapter: o.adapter, database: database ? 'postgresql' : 'pglite', rows: [] };
  try {
    const first = await daemon.start();
    const password = first.adminPassword();
    if (!password) throw new Error('the first start printed no admin password');
    const admin = await new Api(daemon.url).login('admin', password);
    await new Promise((r) => setTimeout(r, 0));
    await waitPbx(daemon.url);
    const world = await setUpWorld(admin, pbx, mix);
    log(`${o.adapter}: ${world.agents.length} agents; placing ${o.calls} calls`);
    await startTraffic(world, mix);
    const idle = world.agents.filter((a) => a.role === 'idle');

    for (let k = 1; k <= o.kills; k++) {
      for (let i = 0, n = 1 + Math.floor(random() * 3); i < n; i++) {
        const failed = await (await randomAction(world, idle, random)).done;
        if (failed) throw failed;
      }
      const before = await observe(world);
      // The kill lands while the last action is in flight, at a seeded moment.
      const inFlight = await randomAction(world, idle, random);
      await new Promise((r) => setTimeout(r, Math.floor(random() * 150)));
      await daemon.kill9();
      // Cut off or not, what it did is what the daemon has to recover from.
      await inFlight.done;
      const expectedGone = new Set(inFlight.ends);
      let unadoptable: { callId: string; customer: string; agentId: string } | undefined;
      if (k === Math.min(2, o.kills)) unadoptable = await vanishAnAgentLeg(world, before);
      if (unadoptable) expectedGone.add(unadoptable.customer);
      const run = await daemon.start();
      const after = await afterRestart(world, run);
      const row = figures(`kill -9 #${k}${unadoptable ? ' (agent leg lost)' : ''}`, before, after, expectedGone, new Set(inFlight.touched));
      row.servingMs = run.servingMs;
      row.readoptMs = run.readoptedMs();
      if (run.readoptedMs() === undefined) row.notes.push('no "calls of the previous run recovered" in the log');
      if (unadoptable) result.unadoptable = await howItEnded(world, unadoptable, after);
      if (unadoptable && !result.unadoptable?.ok) row.notes.push(`unadoptable call ${unadoptable.callId}: ${JSON.stringify(result.unadoptable)}`);
      for (const p of run.problems.filter((l) => /"level":50|stderr/.test(l)).slice(0, 3)) row.notes.push(p);
      result.rows.push(row);
      log(rowLine(row));
    }

    // The PBX's side drops and comes back with every channel: nothing should notice but the log.
    {
      const before = await observe(world);
      await pbx.send({ op: 'disconnect' });
      await waitPbx(daemon.url, false);
      await new Promise((r) => setTimeout(r, 1_000));
      const back = Date.now();
      await pbx.send({ op: 'reconnect' });
      await waitPbx(daemon.url);
      const reconnectMs = Date.now() - back;
      const after = await settledObservation(world);
      const row = figures('PBX disconnect + reconnect', before, after, new Set(), new Set());
      row.reconnectMs = reconnectMs;
      result.rows.push(row);
      log(rowLine(row));
    }

    // PostgreSQL goes away for a while, then restarts, with calls ending and arriving meanwhile.
    const outageMs = o.dbOutageMs ?? 5_000;
    for (const fault of [
      { label: `PostgreSQL unreachable ${(outageMs / 1000).toFixed(0)} s`, outageMs },
      { label: 'PostgreSQL restart', outageMs: 0 },
    ]) {
      const started = Date.now();
      const row = await databaseFault(world, daemon, proxy, fault);
      result.rows.push(row);
      log(`${rowLine(row)}   (${((Date.now() - started) / 1000).toFixed(1)} s)`);
    }

    // Two daemons on the database, the active killed: the standby takes over the live calls.
    if (database) {
      const pair = await standbyTakeover(world, daemon, { cli: o.daemonCli, standbyPort: await freePort(), logFile: path.join(dir, 'daemon.log') });
      others.push(...pair.daemons);
      daemon = pair.active;
      for (const row of [pair.restart, pair.takeover]) {
        result.rows.push(row);
        log(rowLine(row));
      }
    } else {
      const why = 'the standby pair needs PostgreSQL (run with DATABASE_URL)';
      result.rows.push({ ...emptyRow('restart as active of a pair'), skipped: why }, { ...emptyRow('standby takeover (kill -9 active)'), skipped: why });
    }

    // The PBX restarts: every channel is gone, so every call must end and every agent be freed.
    {
      const before = await observe(world);
      const back = Date.now();
      await pbx.send({ op: 'restart' });
      await waitPbx(daemon.url);
      const reconnectMs = Date.now() - back;
      const after = await settledObservation(world);
      const gone = new Set(before.channels.map((c) => c.id));
      const row = figures('PBX restart (all channels lost)', before, after, gone, new Set(before.agents.keys()));
      row.reconnectMs = reconnectMs;
      row.liveCalls = before.calls.length;
      const stuck = [...after.agents].filter(([, s]) => s === 'on_contact').length;
      if (stuck > 0) {
        row.wrongAgents += stuck;
        row.notes.push(`${stuck} agents still on a contact after every call was lost`);
      }
      result.rows.push(row);
      log(rowLine(row));
    }
    await daemon.stop();
    // A run that missed a goal of 0 keeps the daemon's log to read, like a run that failed.
    failed = result.rows.some((r) => r.dropped + r.orphans + r.ghosts + r.orderChanged + r.wrongAgents + r.doubleOffers + (r.recordsLost ?? 0) + (r.crashed ?? 0) + (r.healthWrong ?? 0) > 0);
  } finally {
    await daemon.kill9();
    for (const other of others) await other.kill9();
    await pbx.stop();
    await proxy?.close();
    await database?.drop();
    // A failed run keeps the daemon's log (and its data folder) to read.
    if (failed) log(`the run failed or missed a goal: the daemon's log is ${path.join(dir, 'daemon.log')}`);
    else await rm(dir, { recursive: true, force: true });
  }
  return result;
}

async function waitPbx(url: string, connected = true): Promise<void> {
  const until = Date.now() + 60_000;
  for (;;) {
    const body = await fetch(`${url}/healthz`).then(
      async (r) => (await r.json()) as { pbx?: { connected: boolean } },
      () => undefined,
    );
    if (body?.pbx?.connected === connected) return;
    if (Date.now() > until) throw new Error(`the daemon's PBX did not become ${connected ? 'connected' : 'disconnected'} within 60 s`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Once the daemon logged its re-adoption, the two sides are let settle before they are compared. */
async function afterRestart(world: World, run: DaemonRun): Promise<Observation> {
  const until = Date.now() + 30_000;
  while (run.readoptedMs() === undefined && Date.now() < until) await new Promise((r) => setTimeout(r, 10));
  return settledObservation(world);
}

/** While the daemon is down, the agent leg of one talking call disappears from the PBX. */
async function vanishAnAgentLeg(world: World, before: Observation): Promise<{ callId: string; customer: string; agentId: string } | undefined> {
  const channels = new Set((await world.pbx.channels()).map((c) => c.id));
  for (const call of before.calls) {
    if (call.state !== 'connected') continue;
    const agent = call.legs.find((l) => l.role === 'agent' && l.endedAt === undefined && channels.has(l.id));
    const customer = call.legs.find((l) => l.role === 'customer' && l.endedAt === undefined && channels.has(l.id));
    if (!agent?.agentId || !customer) continue;
    await world.pbx.send({ op: 'vanish', id: agent.id });
    return { callId: call.id, customer: customer.id, agentId: agent.agentId };
  }
  return undefined;
}

async function howItEnded(world: World, u: { callId: string; customer: string }, after: Observation): Promise<FaultResult['unadoptable']> {
  const { call } = await world.admin.get<{ call: { state: string; outcome?: string } }>(`/api/call-records/${u.callId}`);
  const customerGone = !after.channels.some((c) => c.id === u.customer);
  const stillLive = after.calls.some((c) => c.id === u.callId);
  return { callId: u.callId, state: call.state, ...(call.outcome ? { outcome: call.outcome } : {}), customerGone, ok: call.state === 'ended' && call.outcome !== undefined && customerGone && !stillLive };
}

export function rowLine(r: FaultRow): string {
  if (r.skipped) return `${r.fault.padEnd(32)} skipped: ${r.skipped}`;
  const ms = (v: number | undefined) => (v === undefined ? '-' : String(v));
  return [r.fault.padEnd(32), String(r.liveCalls).padStart(5), ...[r.dropped, r.orphans, r.ghosts, r.orderChanged, r.wrongAgents, r.doubleOffers].map((v) => String(v).padStart(7)), ms(r.servingMs).padStart(8), ms(r.readoptMs).padStart(8), ms(r.reconnectMs).padStart(9)].join(' ');
}

export const HEADER = [
  'fault'.padEnd(32),
  'calls'.padStart(5),
  ...['dropped', 'orphans', 'ghosts', 'order', 'agents', 'offers2'].map((h) => h.padStart(7)),
  'serve ms'.padStart(8),
  'adopt ms'.padStart(8),
  'reconn ms'.padStart(9),
].join(' ');

function emptyRow(fault: string): FaultRow {
  return { fault, liveCalls: 0, dropped: 0, orphans: 0, ghosts: 0, orderChanged: 0, wrongAgents: 0, doubleOffers: 0, notes: [] };
}
