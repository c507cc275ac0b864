/**
 * PostgreSQL unreachable for a while, and PostgreSQL restarting (every connection cut, back at
 * once), with live traffic during the outage: a talking call ends (its customer hangs up), a caller
 * arrives on the overflow line and one in the IVR. The daemon reaches PostgreSQL through the
 * harness's proxy (pg-proxy.ts), so the machine's real server is never touched. PGlite runs inside
 * the daemon's process and cannot be cut off: on PGlite these faults are skipped, and say so.
 *
 * Expected of a contact center: the calls go on (media is on the PBX, routing in memory), /healthz
 * says the database is down while it is and ok after, nothing stored during the outage is lost
 * (the record of the call that ended, the records of the calls that began), and no crash.
 */
import { ApiError } from './api.js';
import { figures, observe, orphans, settledObservation, type FaultRow, type Observation } from './checks.js';
import type { DaemonProcess } from './daemon-process.js';
import type { PgProxy } from './pg-proxy.js';
import { IVR_LINE, OVERFLOW_LINE, type World } from './world.js';

export interface DatabaseFault {
  label: string;
  /** How long the database stays unreachable; 0: cut and back at once (a restart). */
  outageMs: number;
}

/** How long the stored records may take to catch up once the database is back. */
const RECORDS_CATCH_UP_MS = 30_000;

export async function databaseFault(world: World, daemon: DaemonProcess, proxy: PgProxy | undefined, fault: DatabaseFault): Promise<FaultRow> {
  if (!proxy) {
    return { ...figuresOf(fault.label), skipped: 'PGlite runs inside the daemon: nothing to cut (run with DATABASE_URL)' };
  }
  const before = await observe(world);
  const ending = talkingCall(before);
  const mark = daemon.logMark();
  const started = Date.now();
  proxy.cut();
  // Traffic while the database is away: what ends and what begins must be stored after it.
  if (ending) await world.pbx.send({ op: 'hangup', id: ending.customer });
  const arrived = [await world.pbx.place(world.nextCaller(), OVERFLOW_LINE), await world.pbx.place(world.nextCaller(), IVR_LINE)];
  world.waitingCallers.push(arrived[0] as string);
  let degraded = false;
  while (Date.now() - started < fault.outageMs) {
    degraded ||= (await health(daemon.url))?.dbOk === false;
    await new Promise((r) => setTimeout(r, 50));
  }
  proxy.restore();
  const back = Date.now();
  let ok = false;
  while (!ok && Date.now() - back < 30_000) {
    ok = (await health(daemon.url))?.dbOk === true;
    if (!ok) await new Promise((r) => setTimeout(r, 25));
  }
  const dbBackMs = Date.now() - back;
  const after = await settledObservation(world);
  const row = figures(fault.label, before, after, new Set(ending ? [ending.customer] : []), new Set(ending ? [ending.agentId] : []));
  row.reconnectMs = dbBackMs;
  row.crashed = daemon.running ? 0 : 1;
  if (row.crashed) row.notes.push('the daemon process was gone after the outage');
  if (!ok) row.notes.push('/healthz did not say the database was ok within 30 s of it coming back');
  if (fault.outageMs > 0 && !degraded) row.notes.push('/healthz never said the database was down during the outage');
  row.healthWrong = (ok ? 0 : 1) + (fault.outageMs > 0 && !degraded ? 1 : 0);

  // A caller who arrived during the outage and is not held by a live call after it was lost.
  const held = new Set(after.calls.flatMap((c) => c.legs.filter((l) => l.endedAt === undefined).map((l) => l.id)));
  const notTaken = arrived.filter((id) => !held.has(id));
  if (notTaken.length > 0) {
    row.dropped += notTaken.length;
    row.notes.push(`callers who arrived during the outage not taken: ${notTaken.join(', ')} (${orphans(after).length} orphans)`);
  }
  const newCalls = after.calls.filter((c) => c.legs.some((l) => arrived.includes(l.id))).map((c) => c.id);
  const lost = await recordsNotStored(world, ending?.callId, newCalls);
  row.recordsLost = lost.length;
  if (lost.length > 0) row.notes.push(`records not stored after the outage: ${lost.join('; ')}`);
  const logged = await daemon.logSince(mark);
  const uncaught = logged.filter((l) => /uncaught exception|unhandled promise rejection/.test(l)).length;
  if (uncaught > 0) row.notes.push(`${uncaught} uncaught exceptions / unhandled rejections logged during the outage: ${logged.find((l) => /uncaught|unhandled/.test(l))?.slice(0, 300) ?? ''}`);
  row.crashed += uncaught;
  // What the daemon said about its writes meanwhile: waited and retried (expected), or lost.
  const waited = logged.filter((l) => /call write waits and is retried/.test(l)).length;
  const storeFailures = logged.filter((l) => /storing the call failed/.test(l)).length;
  if (waited > 0 || storeFailures > 0) row.notes.push(`daemon log: ${waited} call writes waited for the database and were retried, ${storeFailures} "storing the call failed"`);
  return row;
}

function figuresOf(fault: string): FaultRow {
  return { fault, liveCalls: 0, dropped: 0, orphans: 0, ghosts: 0, orderChanged: 0, wrongAgents: 0, doubleOffers: 0, notes: [] };
}

/** A connected call with its customer and agent, to end during the outage. */
function talkingCall(o: Observation): { callId: string; customer: string; agentId: string } | undefined {
  const up = new Set(o.channels.map((c) => c.id));
  for (const call of o.calls) {
    if (call.state !== 'connected') continue;
    const customer = call.legs.find((l) => l.role === 'customer' && l.endedAt === undefined && up.has(l.id));
    const agent = call.legs.find((l) => l.role === 'agent' && l.endedAt === undefined && l.agentId);
    if (customer && agent?.agentId) return { callId: call.id, customer: customer.id, agentId: agent.agentId };
  }
  return undefined;
}

async function health(url: string): Promise<{ dbOk: boolean } | undefined> {
  return fetch(`${url}/healthz`).then(
    async (r) => ({ dbOk: ((await r.json()) as { db?: { ok?: boolean } }).db?.ok === true }),
    () => undefined,
  );
}

/**
 * The stored records that did not catch up within RECORDS_CATCH_UP_MS: the call that ended during
 * the outage must be stored as ended, each call that began during it must be stored at all.
 */
async function recordsNotStored(world: World, endedCall: string | undefined, newCalls: string[]): Promise<string[]> {
  const until = Date.now() + RECORDS_CATCH_UP_MS;
  for (;;) {
    const missing: string[] = [];
    if (endedCall) {
      const state = await recordState(world, endedCall);
      if (state !== 'ended') missing.push(`${endedCall} ended during the outage, stored as ${state ?? 'nothing'}`);
    }
    for (const id of newCalls) if ((await recordState(world, id)) === undefined) missing.push(`${id} began during the outage, no record`);
    if (missing.length === 0 || Date.now() > until) return missing;
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function recordState(world: World, callId: string): Promise<string | undefined> {
  try {
    return (await world.admin.get<{ call: { state: string } }>(`/api/call-records/${callId}`)).call.state;
  } catch (err) {
    if (err instanceof ApiError && err.status === 404) return undefined;
    throw err;
  }
}
