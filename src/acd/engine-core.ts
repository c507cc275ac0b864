import { AppError } from '../core/errors.js';
import type { DomainEvent, EventOf, EventScope } from '../core/events.js';
import { reduceAgent, newAgentRecord, type AgentCommand, type AgentTransition } from '../agents/agent-state.js';
import { canTake } from '../agents/capacity.js';
import { newHeadTable, type AgentEntry, type ContactEntry, type OfferEntry, type Pool, type QueueEntry } from './engine-model.js';
import type { AcdWrite, OfferRecord, RandomSource } from './ports.js';
import { copyContactRecord } from './record-copies.js';
import type { ContactExit, EngineConfig, MediaClass, OfferView } from './types.js';

/** What one engine command asks the outside world to do, in order. */
export type EngineEffect =
  | { kind: 'event'; event: DomainEvent }
  | { kind: 'write'; batch: AcdWrite[] }
  | { kind: 'deliver'; offer: OfferView }
  | { kind: 'withdraw'; offer: OfferView; reason: string }
  | { kind: 'exit'; exit: ContactExit }
  | { kind: 'timer'; key: string; at: number }
  | { kind: 'cancel_timer'; key: string };

export interface EngineDeps {
  config: EngineConfig;
  isOpen(queueId: string, now: number): boolean;
  /** See BusinessHoursPort.nextChange. */
  nextChange?(queueId: string, now: number): number | null;
  random: RandomSource;
  newId: () => string;
}

const CLASSES: readonly MediaClass[] = ['voice', 'chat'];


export function refreshHead(pool: Pool): void {
  // From the heap's own key arrays: the head contact itself is not touched.
  pool.headRank = pool.contacts.headK1();
  pool.headSeq = pool.contacts.headK2();
  const keys = pool.heads.keys;
  keys[2 * pool.slot] = pool.headRank;
  keys[2 * pool.slot + 1] = pool.headSeq;
}

function staffing(rec: { presence: string; chatCapacity: number }): { voice: number; chat: number } {
  return rec.presence === 'logged_out' ? { voice: 0, chat: 0 } : { voice: 1, chat: rec.chatCapacity };
}

/**
 * Engine primitives: indexing, pools, offers and the settle loop. The engine is synchronous and
 * does no I/O: a command runs inside `run`, which hands back the effects for the service to apply.
 *
 * Invariant after every command (restored by `settle`): no idle agent and waiting contact that
 * could be matched are both left unmatched, except where the agent declined that contact.
 * Because of it, a newly idle agent only needs the heads of its own pools and a new contact only
 * the best idle agent of its pool.
 */
export class EngineCore {
  readonly queues = new Map<string, QueueEntry>();
  readonly agents = new Map<string, AgentEntry>();
  /** Contacts not ended. */
  readonly contacts = new Map<string, ContactEntry>();
  /** Open offers. */
  readonly offers = new Map<string, OfferEntry>();
  /** Head keys of every pool (see HeadTable). */
  protected readonly heads = newHeadTable();
  protected seq = 0;
  protected offerSeq = 0;
  protected now = 0;
  private fx: EngineEffect[] = [];
  private dirtyContacts = new Set<ContactEntry>();
  private dirtyAgents = new Set<AgentEntry>();
  protected offerWrites: OfferRecord[] = [];
  private transitions: AgentTransition[] = [];
  protected pendingContacts = new Set<ContactEntry>();
  protected pendingAgents = new Set<AgentEntry>();
  private depth = 0;

  constructor(protected readonly deps: EngineDeps) {}

  /** Run one command atomically. Commands validate before they change anything. */
  run<T>(now: number, fn: () => T): { result: T; effects: EngineEffect[] } {
    if (this.depth > 0) return { result: fn(), effects: [] };
    this.now = now;
    this.depth++;
    try {
      const result = fn();
      this.settle();
      return { result, effects: this.commit() };
    } catch (err) {
      this.fx = [];
      this.dirtyContacts.clear();
      this.dirtyAgents.clear();
      this.offerWrites = [];
      this.transitions = [];
      this.pendingAgents.clear();
      this.pendingContacts.clear();
      throw err;
    } finally {
      this.depth--;
    }
  }

  private commit(): EngineEffect[] {
    const batch: AcdWrite[] = [];
    // A shallow copy is enough: attributes, skills and declines are replaced, never changed in place.
    for (const c of this.dirtyContacts) batch.push({ kind: 'contact', contact: copyContactRecord(c.rec) });
    // The last write of each offer wins (a handful per command: a scan beats a Map).
    const offers = this.offerWrites;
    for (let i = 0; i < offers.length; i++) {
      const o = offers[i] as OfferRecord;
      let later = false;
      for (let j = i + 1; j < offers.length && !later; j++) later = (offers[j] as OfferRecord).id === o.id;
      if (!later) batch.push({ kind: 'offer', offer: o });
    }
    for (const a of this.dirtyAgents) batch.push({ kind: 'agent', agent: a.rec });
    for (const t of this.transitions) batch.push({ kind: 'transition', transition: t });
    const out = this.fx;
    if (batch.length > 0) out.unshift({ kind: 'write', batch });
    this.fx = [];
    this.dirtyContacts.clear();
    this.dirtyAgents.clear();
    this.offerWrites = [];
    this.transitions = [];
    return out;
  }

  protected emit(effect: EngineEffect): void {
    this.fx.push(effect);
  }

  protected publish(event: DomainEvent): void {
    this.fx.push({ kind: 'event', event });
  }

  protected timer(key: string, at: number): void {
    this.fx.push({ kind: 'timer', key, at });
  }

  protected cancelTimer(key: string): void {
    this.fx.push({ kind: 'cancel_timer', key });
  }

  protected touch(c: ContactEntry): void {
    this.dirtyContacts.add(c);
  }

  // ---- lookups ----

  protected queue(id: string): QueueEntry {
    const q = this.queues.get(id);
    if (!q) throw new AppError('NOT_FOUND', `queue ${id} is not configured`, { queueId: id });
    return q;
  }

  protected agent(id: string): AgentEntry {
    const a = this.agents.get(id);
    if (!a) throw new AppError('NOT_FOUND', `agent ${id} is not known`, { agentId: id });
    return a;
  }

  protected contactEntry(id: string): ContactEntry {
    const c = this.contacts.get(id);
    if (!c) throw new AppError('NOT_FOUND', `contact ${id} is not in the routing engine`, { contactId: id });
    return c;
  }

  protected ensureAgent(id: string): AgentEntry {
    let a = this.agents.get(id);
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
      this.agents.set(id, a);
    }
    return a;
  }

  protected agentScope(a: AgentEntry): EventScope {
    return { agentId: a.rec.id, teamIds: a.profile.teamIds };
  }

  protected declined(c: ContactEntry, a: AgentEntry): boolean {
    return a.declines > 0 && (c.rec.declinedUntil[a.rec.id] ?? 0) > this.now;
  }

  /** A contact starts (+1) or stops (-1) holding a decline of the agent. */
  protected countDecline(agentId: string, delta: 1 | -1): void {
    const a = delta > 0 ? this.ensureAgent(agentId) : this.agents.get(agentId);
    if (a) a.declines = Math.max(0, a.declines + delta);
  }

  // ---- agents ----

  /** Apply a reducer command (throws before anything changes) and keep the indexes in step. */
  protected applyAgent(a: AgentEntry, cmd: AgentCommand, by?: string, patch?: (rec: AgentEntry['rec']) => void, maxMissedOffers?: number): void {
    const { agent, transitions } = reduceAgent(a.rec, cmd, { now: this.now, by, maxMissedOffers: maxMissedOffers ?? this.deps.config.maxMissedOffers });
    const prev = a.rec;
    a.rec = agent;
    patch?.(agent);
    this.reindex(a, prev);
    this.restaff(a, prev);
    this.dirtyAgents.add(a);
    for (const t of transitions) {
      this.transitions.push(t);
      const event: EventOf<'agent.state_changed'> = { type: 'agent.state_changed', at: t.at, scope: this.agentScope(a), agentId: a.rec.id, from: t.from, to: t.to };
      if (t.reason) event.reason = t.reason;
      if (t.by) event.by = t.by;
      this.publish(event);
    }
  }

  /**
   * Keep the idle indexes in step with one agent change, touching only what moved. An agent that
   * becomes free is not indexed at once: settle first lets it pick from its pools and indexes it
   * only if it is still free afterwards. Under load a freed agent gets a contact straight away,
   * so it never costs a pass over its pools to go in and out of the idle indexes.
   */
  private reindex(a: AgentEntry, prev: AgentEntry['rec']): void {
    const cbc = this.deps.config.callBlocksChats;
    for (const cls of CLASSES) {
      const was = a.idle[cls];
      const is = canTake(a.rec, cls, cbc);
      if (was && !is) {
        // Left in the pools' idle structures as stale entries; they drop out when they surface.
        this.setIdle(a, cls, false);
      } else if (!was && is) {
        this.pendingAgents.add(a);
      } else if (was && is) {
        const keyed = prev.idleSince[cls] !== a.rec.idleSince[cls] || prev.handled !== a.rec.handled || prev.talkMs !== a.rec.talkMs;
        const rotated = prev.lastOfferSeq !== a.rec.lastOfferSeq;
        if (!keyed && !rotated) continue;
        for (const p of a.pools[cls]) if (keyed || p.queue.config.strategy === 'round_robin') p.idle.update(a);
      }
    }
  }

  /** Index a free agent as idle in every pool of each class it can take. */
  protected index(a: AgentEntry): void {
    for (const cls of CLASSES) {
      if (a.idle[cls] || !canTake(a.rec, cls, this.deps.config.callBlocksChats)) continue;
      this.setIdle(a, cls, true);
      for (const p of a.pools[cls]) p.idle.add(a);
    }
  }

  private restaff(a: AgentEntry, prev: AgentEntry['rec']): void {
    if (prev.presence === a.rec.presence && prev.chatCapacity === a.rec.chatCapacity) return;
    const before = staffing(prev);
    const after = staffing(a.rec);
    if (before.voice === after.voice && before.chat === after.chat) return;
    for (const q of a.memberOf) {
      q.staffed.voice += after.voice - before.voice;
      q.staffed.chat += after.chat - before.chat;
    }
  }

  protected recountStaff(q: QueueEntry): void {
    q.staffed = { voice: 0, chat: 0 };
    q.free = { voice: 0, chat: 0 };
    for (const id of q.members.keys()) {
      const a = this.agents.get(id);
      if (!a) continue;
      const s = staffing(a.rec);
      q.staffed.voice += s.voice;
      q.staffed.chat += s.chat;
      if (a.idle.voice) q.free.voice++;
      if (a.idle.chat) q.free.chat++;
    }
  }

  private setIdle(a: AgentEntry, cls: MediaClass, idle: boolean): void {
    a.idle[cls] = idle;
    const d = idle ? 1 : -1;
    for (const q of a.memberOf) q.free[cls] += d;
  }

  protected unindex(a: AgentEntry): void {
    for (const cls of CLASSES) {
      if (!a.idle[cls]) continue;
      for (const p of a.pools[cls]) p.idle.remove(a);
      this.setIdle(a, cls, false);
    }
  }

  /** Match what the command made matchable; EngineMatching does the work. */
  protected settle(): void {
    this.pendingAgents.clear();
    this.pendingContacts.clear();
  }

  protected wake(a: AgentEntry): void {
    this.pendingAgents.add(a);
  }

  protected requeueAll(): void {
    for (const a of this.agents.values()) this.pendingAgents.add(a);
    for (const c of this.contacts.values()) if (c.pool) this.pendingContacts.add(c);
  }
}
