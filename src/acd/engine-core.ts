import { AppError } from '../core/errors.js';
import type { EventOf, EventScope } from '../core/events.js';
import { reduceAgent, newAgentRecord, type AgentCommand } from '../agents/agent-state.js';
import { canTake } from '../agents/capacity.js';
import { nextContactState, type ContactEvent } from './contact-state.js';
import { newEffectSink, publish, type EffectSink } from './engine-effects.js';
import { newEngineState, type AgentEntry, type ContactEntry, type EngineState, type Pool, type QueueEntry } from './engine-model.js';
import type { RandomSource } from './ports.js';
import type { EngineConfig, MediaClass } from './types.js';

export interface EngineDeps {
  config: EngineConfig;
  isOpen(queueId: string, now: number): boolean;
  /** See BusinessHoursPort.nextChange. */
  nextChange?(queueId: string, now: number): number | null;
  random: RandomSource;
  newId: () => string;
}

/**
 * What every engine function works on: the state (engine-model.ts), the sink of the running
 * command's effects (engine-effects.ts), the ports, and the command's time. The engine is
 * synchronous and does no I/O: a command runs inside RoutingEngine.run, which settles and hands
 * back the effects for the service to apply.
 *
 * Invariant after every command (restored by settle, engine-matching.ts): no idle agent and
 * waiting contact that could be matched are both left unmatched, except where the agent declined
 * that contact. Because of it, a newly idle agent only needs the heads of its own pools and a new
 * contact only the best idle agent of its pool.
 */
export interface EngineContext {
  readonly state: EngineState;
  readonly out: EffectSink;
  readonly deps: EngineDeps;
  /** The running command's time. */
  now: number;
}

export function newEngineContext(deps: EngineDeps): EngineContext {
  return { state: newEngineState(), out: newEffectSink(), deps, now: 0 };
}

export const CLASSES: readonly MediaClass[] = ['voice', 'chat'];

export function refreshHead(pool: Pool): void {
  // From the heap's own key arrays: the head contact itself is not touched.
  pool.headRank = pool.contacts.headK1();
  pool.headSeq = pool.contacts.headK2();
  const keys = pool.heads.keys;
  keys[2 * pool.slot] = pool.headRank;
  keys[2 * pool.slot + 1] = pool.headSeq;
}

/** Every change of a contact's state goes through the transition table (contact-state.ts). */
export function moveContact(c: ContactEntry, event: ContactEvent): void {
  c.rec.state = nextContactState(c.rec.state, event, c.rec.id);
}

function staffing(rec: { presence: string; chatCapacity: number }): { voice: number; chat: number } {
  return rec.presence === 'logged_out' ? { voice: 0, chat: 0 } : { voice: 1, chat: rec.chatCapacity };
}

// ---- lookups ----

export function queueOf(cx: EngineContext, id: string): QueueEntry {
  const q = cx.state.queues.get(id);
  if (!q) throw new AppError('NOT_FOUND', `queue ${id} is not configured`, { queueId: id });
  return q;
}

export function agentOf(cx: EngineContext, id: string): AgentEntry {
  const a = cx.state.agents.get(id);
  if (!a) throw new AppError('NOT_FOUND', `agent ${id} is not known`, { agentId: id });
  return a;
}

export function contactOf(cx: EngineContext, id: string): ContactEntry {
  const c = cx.state.contacts.get(id);
  if (!c) throw new AppError('NOT_FOUND', `contact ${id} is not in the routing engine`, { contactId: id });
  return c;
}

export function ensureAgent(cx: EngineContext, id: string): AgentEntry {
  let a = cx.state.agents.get(id);
  if (!a) {
    a = {
      // Time 0 until the agent first does something: a record nobody stored must not depend on
      // when this process happened to start (a restart rebuilds it identically).
      rec: newAgentRecord(id, 0),
      profile: { id, skills: {}, teamIds: [] },
      pools: { voice: [], chat: [] },
      slots: { voice: [], chat: [] },
      idle: { voice: false, chat: false },
      offers: new Set(),
      declines: 0,
      memberOf: new Set(),
    };
    cx.state.agents.set(id, a);
  }
  return a;
}

export function agentScope(a: AgentEntry): EventScope {
  return { agentId: a.rec.id, teamIds: a.profile.teamIds };
}

export function declined(cx: EngineContext, c: ContactEntry, a: AgentEntry): boolean {
  return a.declines > 0 && (c.rec.declinedUntil[a.rec.id] ?? 0) > cx.now;
}

/** A contact starts (+1) or stops (-1) holding a decline of the agent. */
export function countDecline(cx: EngineContext, agentId: string, delta: 1 | -1): void {
  const a = delta > 0 ? ensureAgent(cx, agentId) : cx.state.agents.get(agentId);
  if (a) a.declines = Math.max(0, a.declines + delta);
}

// ---- agents ----

/** Apply a reducer command (throws before anything changes) and keep the indexes in step. */
export function applyAgent(cx: EngineContext, a: AgentEntry, cmd: AgentCommand, by?: string, patch?: (rec: AgentEntry['rec']) => void, maxMissedOffers?: number): void {
  const { agent, transitions } = reduceAgent(a.rec, cmd, { now: cx.now, by, maxMissedOffers: maxMissedOffers ?? cx.deps.config.maxMissedOffers });
  const prev = a.rec;
  a.rec = agent;
  patch?.(agent);
  reindex(cx, a, prev);
  restaff(a, prev);
  cx.out.dirtyAgents.add(a);
  for (const t of transitions) {
    cx.out.transitions.push(t);
    const event: EventOf<'agent.state_changed'> = { type: 'agent.state_changed', at: t.at, scope: agentScope(a), agentId: a.rec.id, from: t.from, to: t.to };
    if (t.reason) event.reason = t.reason;
    if (t.by) event.by = t.by;
    publish(cx, event);
  }
}

/**
 * Keep the idle indexes in step with one agent change, touching only what moved. An agent that
 * becomes free is not indexed at once: settle first lets it pick from its pools and indexes it
 * only if it is still free afterwards. Under load a freed agent gets a contact straight away,
 * so it never costs a pass over its pools to go in and out of the idle indexes.
 */
function reindex(cx: EngineContext, a: AgentEntry, prev: AgentEntry['rec']): void {
  const cbc = cx.deps.config.callBlocksChats;
  for (const cls of CLASSES) {
    const was = a.idle[cls];
    const is = canTake(a.rec, cls, cbc);
    if (was && !is) {
      // Left in the pools' idle structures as stale entries; they drop out when they surface.
      setIdle(a, cls, false);
    } else if (!was && is) {
      cx.out.pendingAgents.add(a);
    } else if (was && is) {
      const keyed = prev.idleSince[cls] !== a.rec.idleSince[cls] || prev.handled !== a.rec.handled || prev.talkMs !== a.rec.talkMs;
      const rotated = prev.lastOfferSeq !== a.rec.lastOfferSeq;
      if (!keyed && !rotated) continue;
      for (const p of a.pools[cls]) if (keyed || p.queue.config.strategy === 'round_robin') p.idle.update(a);
    }
  }
}

/** Index a free agent as idle in every pool of each class it can take. */
export function index(cx: EngineContext, a: AgentEntry): void {
  for (const cls of CLASSES) {
    if (a.idle[cls] || !canTake(a.rec, cls, cx.deps.config.callBlocksChats)) continue;
    setIdle(a, cls, true);
    for (const p of a.pools[cls]) p.idle.add(a);
  }
}

function restaff(a: AgentEntry, prev: AgentEntry['rec']): void {
  if (prev.presence === a.rec.presence && prev.chatCapacity === a.rec.chatCapacity) return;
  const before = staffing(prev);
  const after = staffing(a.rec);
  if (before.voice === after.voice && before.chat === after.chat) return;
  for (const q of a.memberOf) {
    q.staffed.voice += after.voice - before.voice;
    q.staffed.chat += after.chat - before.chat;
  }
}

export function recountStaff(cx: EngineContext, q: QueueEntry): void {
  q.staffed = { voice: 0, chat: 0 };
  q.free = { voice: 0, chat: 0 };
  for (const id of q.members.keys()) {
    const a = cx.state.agents.get(id);
    if (!a) continue;
    const s = staffing(a.rec);
    q.staffed.voice += s.voice;
    q.staffed.chat += s.chat;
    if (a.idle.voice) q.free.voice++;
    if (a.idle.chat) q.free.chat++;
  }
}

function setIdle(a: AgentEntry, cls: MediaClass, idle: boolean): void {
  a.idle[cls] = idle;
  const d = idle ? 1 : -1;
  for (const q of a.memberOf) q.free[cls] += d;
}

export function unindex(a: AgentEntry): void {
  for (const cls of CLASSES) {
    if (!a.idle[cls]) continue;
    for (const p of a.pools[cls]) p.idle.remove(a);
    setIdle(a, cls, false);
  }
}

/** The agent looks at its pools again when the command settles. */
export function wake(cx: EngineContext, a: AgentEntry): void {
  cx.out.pendingAgents.add(a);
}

/** Everyone looks again (configuration changed, engine restored). */
export function requeueAll(cx: EngineContext): void {
  for (const a of cx.state.agents.values()) cx.out.pendingAgents.add(a);
  for (const c of cx.state.contacts.values()) if (c.pool) cx.out.pendingContacts.add(c);
}
