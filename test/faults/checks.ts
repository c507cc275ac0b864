/**
 * What the harness compares around a fault: one observation of both sides (the PBX's channels, the
 * daemon's live calls, agents and queue lines) and the figures computed from two of them.
 */
import type { PbxChannel } from './pbx-control.js';
import { agentStates, liveCalls, waitFor, type LiveCall, type World } from './world.js';

export interface Observation {
  channels: PbxChannel[];
  calls: LiveCall[];
  agents: Map<string, string>;
  /** Contact ids of each queue in line order. */
  lines: Map<string, string[]>;
}

export async function observe(w: World): Promise<Observation> {
  const channels = await w.pbx.channels();
  const calls = await liveCalls(w.admin);
  const agents = await agentStates(w.admin);
  const lines = new Map<string, string[]>();
  for (const q of [w.queues.support, w.queues.overflow]) {
    const { contacts } = await w.admin.get<{ contacts: { id: string; state: string }[] }>(`/api/realtime/queues/${q}`);
    lines.set(q, contacts.filter((c) => c.state === 'waiting').map((c) => c.id));
  }
  return { channels, calls, agents, lines };
}

/** Channels of the PBX that no live call of the daemon holds as a leg still up. */
export function orphans(o: Observation): PbxChannel[] {
  const held = new Set(o.calls.flatMap((c) => c.legs.filter((l) => l.endedAt === undefined).map((l) => l.id)));
  return o.channels.filter((ch) => !held.has(ch.id));
}

/** Live calls of the daemon with a leg still up that the PBX does not have, or with no customer at all. */
export function ghosts(o: Observation): LiveCall[] {
  const there = new Set(o.channels.map((c) => c.id));
  return o.calls.filter((c) => {
    const up = c.legs.filter((l) => l.endedAt === undefined);
    return up.some((l) => !there.has(l.id)) || !up.some((l) => l.role === 'customer');
  });
}

/** Offers delivered twice: a phone with two legs at once, or a call ringing / holding two agents. */
export function doubleOffers(o: Observation): number {
  const perPhone = new Map<string, number>();
  for (const ch of o.channels) if (ch.kind === 'leg') perPhone.set(ch.target, (perPhone.get(ch.target) ?? 0) + 1);
  const phones = [...perPhone.values()].filter((n) => n > 1).length;
  const calls = o.calls.filter((c) => c.legs.filter((l) => l.role === 'agent' && l.endedAt === undefined).length > 1).length;
  return phones + calls;
}

/** Positions that differ between the two lines, over the contacts waiting in both. */
export function orderChanges(before: Observation, after: Observation): number {
  let changed = 0;
  for (const [q, line] of before.lines) {
    const now = after.lines.get(q) ?? [];
    const both = new Set(line.filter((id) => now.includes(id)));
    const a = line.filter((id) => both.has(id));
    const b = now.filter((id) => both.has(id));
    changed += a.filter((id, i) => b[i] !== id).length;
  }
  return changed;
}

/**
 * Callers that were up before the fault and are gone after it, except those the harness itself
 * ended or cut (`expectedGone`).
 */
export function dropped(before: Observation, after: Observation, expectedGone: Set<string>): string[] {
  const now = new Set(after.channels.map((c) => c.id));
  return before.channels.filter((c) => c.kind === 'caller' && !now.has(c.id) && !expectedGone.has(c.id)).map((c) => c.id);
}

/**
 * Agents whose state is wrong: on a contact with no call up, talking without being on a contact,
 * or (for agents nothing happened to) not the state they had before: not ready, wrap-up (an hour
 * long here) and on a contact whose call survived all stay what they were.
 */
export function wrongAgents(before: Observation, after: Observation, touched: Set<string>): string[] {
  const talking = new Set(after.calls.flatMap((c) => c.legs.filter((l) => l.endedAt === undefined && l.answeredAt !== undefined && l.agentId).map((l) => l.agentId as string)));
  const ringing = new Set(after.calls.flatMap((c) => c.legs.filter((l) => l.endedAt === undefined && l.answeredAt === undefined && l.agentId).map((l) => l.agentId as string)));
  const wrong: string[] = [];
  for (const [agentId, state] of after.agents) {
    const was = before.agents.get(agentId);
    if (state === 'on_contact' && !talking.has(agentId) && !ringing.has(agentId)) wrong.push(`${agentId}: on_contact with no call`);
    else if (talking.has(agentId) && state !== 'on_contact') wrong.push(`${agentId}: talking but ${state}`);
    else if (!touched.has(agentId) && was !== undefined && was !== state && (was === 'not_ready' || was === 'wrap_up' || (was === 'on_contact' && talking.has(agentId)))) {
      wrong.push(`${agentId}: ${was} before, ${state} after`);
    }
  }
  return wrong;
}

/**
 * After a fault the daemon works for a moment (re-adoption, reconciliation, events still queued on
 * a busy machine): the observation is taken once both sides agree (no orphan, no ghost) on two
 * looks in a row, or else once nothing has changed for `quietMs` (what stays wrong is then real).
 */
export async function settledObservation(w: World, timeoutMs = 20_000, quietMs = 2_000): Promise<Observation> {
  let last = '';
  let since = Date.now();
  let still = 0;
  let latest: Observation | undefined;
  await waitFor(
    'the daemon and the PBX to settle after the fault',
    async () => {
      latest = await observe(w);
      const key = JSON.stringify([latest.channels.map((c) => `${c.id}:${c.up}`), latest.calls.map((c) => `${c.id}:${c.state}:${c.legs.filter((l) => l.endedAt === undefined).length}`), [...latest.agents]]);
      if (key === last) still++;
      else {
        still = 0;
        since = Date.now();
      }
      last = key;
      const agree = orphans(latest).length === 0 && ghosts(latest).length === 0;
      return (agree && still >= 1) || Date.now() - since >= quietMs ? latest : undefined;
    },
    timeoutMs,
  ).catch(() => undefined);
  return latest ?? observe(w);
}

export interface FaultRow {
  fault: string;
  liveCalls: number;
  dropped: number;
  orphans: number;
  ghosts: number;
  orderChanged: number;
  wrongAgents: number;
  doubleOffers: number;
  servingMs?: number;
  readoptMs?: number;
  reconnectMs?: number;
  /** PostgreSQL faults: calls that ended or began during the outage whose record was not stored after it. */
  recordsLost?: number;
  /** PostgreSQL faults: 1 when the daemon process was gone after the fault, plus each uncaught exception it logged. */
  crashed?: number;
  /** PostgreSQL faults: /healthz not saying the database was down during the outage, or not ok within 30 s after. */
  healthWrong?: number;
  /** The fault did not apply to this run (why, for the table). */
  skipped?: string;
  /** What went wrong, for the report. */
  notes: string[];
}

/** The figures of one fault from the observations around it. */
export function figures(fault: string, before: Observation, after: Observation, expectedGone: Set<string>, touched: Set<string>): FaultRow {
  const row: FaultRow = {
    fault,
    liveCalls: before.calls.length,
    dropped: dropped(before, after, expectedGone).length,
    orphans: orphans(after).length,
    ghosts: ghosts(after).length,
    orderChanged: orderChanges(before, after),
    wrongAgents: 0,
    doubleOffers: doubleOffers(after),
    notes: [],
  };
  const wrong = wrongAgents(before, after, touched);
  row.wrongAgents = wrong.length;
  if (row.dropped > 0) row.notes.push(`dropped callers: ${dropped(before, after, expectedGone).join(', ')}`);
  if (row.orphans > 0) row.notes.push(`orphaned channels: ${JSON.stringify(orphans(after).slice(0, 5))}`);
  if (row.ghosts > 0) row.notes.push(`ghost calls: ${JSON.stringify(ghosts(after).slice(0, 3).map((c) => ({ id: c.id, state: c.state, legs: c.legs.filter((l) => l.endedAt === undefined).map((l) => `${l.role}:${l.id}`) })))}`);
  if (wrong.length > 0) row.notes.push(`agents: ${wrong.slice(0, 5).join('; ')}`);
  if (row.orderChanged > 0) row.notes.push(`lines before ${JSON.stringify([...before.lines])} after ${JSON.stringify([...after.lines])}`);
  return row;
}

