import { AppError } from '../core/errors.js';
import type { DomainEvent, EventScope } from '../core/events.js';
import { reduceAgent, newAgentRecord, type AgentCommand, type AgentTransition } from '../agents/agent-state.js';
import { canTake } from '../agents/capacity.js';
import { IndexedHeap } from './heap.js';
import { createIdleSelector } from './idle-selectors.js';
import {
  effectiveRequirement,
  qualifies,
  rankOf,
  requirementKey,
  type AgentEntry,
  type ContactEntry,
  type OfferEntry,
  type Pool,
  type QueueEntry,
} from './engine-model.js';
import type { AcdWrite, OfferRecord, OfferState, RandomSource } from './ports.js';
import { mediaClassOf, type ContactExit, type ContactView, type EngineConfig, type MediaClass, type OfferKind, type OfferView, type QueueConfig } from './types.js';

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
  random: RandomSource;
  newId: () => string;
}

const CLASSES: readonly MediaClass[] = ['voice', 'chat'];

/** Line order: rank, then arrival sequence (unique, so no further tie). */
const CONTACT_KEYS = { k1: (c: ContactEntry) => c.rec.rank, k2: (c: ContactEntry) => c.rec.seq, k3: () => 0 };

export function refreshHead(pool: Pool): void {
  const head = pool.contacts.peek();
  pool.headRank = head ? head.rec.rank : Infinity;
  pool.headSeq = head ? head.rec.seq : Infinity;
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
  protected seq = 0;
  protected offerSeq = 0;
  protected now = 0;
  private fx: EngineEffect[] = [];
  private dirtyContacts = new Set<ContactEntry>();
  private dirtyAgents = new Set<AgentEntry>();
  private offerWrites: OfferRecord[] = [];
  private transitions: AgentTransition[] = [];
  private pendingContacts = new Set<ContactEntry>();
  private pendingAgents = new Set<AgentEntry>();
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
    for (const c of this.dirtyContacts) batch.push({ kind: 'contact', contact: { ...c.rec } });
    const lastOffer = new Map<string, OfferRecord>();
    for (const o of this.offerWrites) lastOffer.set(o.id, o);
    for (const o of lastOffer.values()) batch.push({ kind: 'offer', offer: o });
    for (const a of this.dirtyAgents) batch.push({ kind: 'agent', agent: a.rec });
    for (const t of this.transitions) batch.push({ kind: 'transition', transition: t });
    const out = this.fx;
    if (batch.length > 0) out.unshift({ kind: 'write', batch });
    this.fx = [];
    this.dirtyContacts = new Set();
    this.dirtyAgents = new Set();
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
        idle: { voice: false, chat: false },
        offers: new Set(),
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
    return (c.rec.declinedUntil[a.rec.id] ?? 0) > this.now;
  }

  // ---- agents ----

  /** Apply a reducer command (throws before anything changes) and keep the indexes in step. */
  protected applyAgent(a: AgentEntry, cmd: AgentCommand, by?: string, patch?: (rec: AgentEntry['rec']) => void): void {
    const { agent, transitions } = reduceAgent(a.rec, cmd, { now: this.now, by, maxMissedOffers: this.deps.config.maxMissedOffers });
    const prev = a.rec;
    a.rec = agent;
    patch?.(agent);
    this.reindex(a, prev);
    this.restaff(a, prev);
    this.dirtyAgents.add(a);
    for (const t of transitions) {
      this.transitions.push(t);
      this.publish({ type: 'agent.state_changed', at: t.at, scope: this.agentScope(a), agentId: a.rec.id, from: t.from, to: t.to, ...(t.reason ? { reason: t.reason } : {}), ...(t.by ? { by: t.by } : {}) });
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
        for (const p of a.pools[cls]) p.idle.remove(a);
        a.idle[cls] = false;
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
      a.idle[cls] = true;
      for (const p of a.pools[cls]) p.idle.add(a);
    }
  }

  private restaff(a: AgentEntry, prev: AgentEntry['rec']): void {
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
    for (const id of q.members.keys()) {
      const a = this.agents.get(id);
      if (!a) continue;
      const s = staffing(a.rec);
      q.staffed.voice += s.voice;
      q.staffed.chat += s.chat;
    }
  }

  protected unindex(a: AgentEntry): void {
    for (const cls of CLASSES) {
      if (!a.idle[cls]) continue;
      for (const p of a.pools[cls]) p.idle.remove(a);
      a.idle[cls] = false;
    }
  }

  // ---- pools ----

  protected poolFor(q: QueueEntry, cls: MediaClass, requirement: Record<string, number>): Pool {
    const key = `${cls}|${requirementKey(requirement)}`;
    let pool = q.pools.get(key);
    if (pool) return pool;
    pool = {
      key,
      queue: q,
      cls,
      requirement,
      contacts: new IndexedHeap<ContactEntry>(CONTACT_KEYS),
      headRank: Infinity,
      headSeq: Infinity,
      eligible: new Set(),
      idle: createIdleSelector(q.config, q.members, cls, this.deps.random),
    };
    q.pools.set(key, pool);
    for (const agentId of q.members.keys()) {
      const a = this.agents.get(agentId);
      if (a) this.link(pool, a);
    }
    return pool;
  }

  /** Link or unlink an agent and a pool after membership, skills or pool creation. */
  protected link(pool: Pool, a: AgentEntry): void {
    const ok = pool.queue.members.has(a.rec.id) && qualifies(a.profile, pool.requirement);
    if (ok && !pool.eligible.has(a)) {
      pool.eligible.add(a);
      a.pools[pool.cls].push(pool);
      if (a.idle[pool.cls]) {
        pool.idle.add(a);
        this.pendingAgents.add(a);
      }
    } else if (!ok && pool.eligible.has(a)) {
      pool.eligible.delete(a);
      a.pools[pool.cls] = a.pools[pool.cls].filter((p) => p !== pool);
      pool.idle.remove(a);
    }
  }

  protected rankIn(q: QueueConfig, c: ContactEntry): number {
    return rankOf(q, c.rec, this.deps.config.defaultAgingMsPerPriority);
  }

  /** Put a contact (already in its queue's line) into its pool, waiting. */
  protected wait(c: ContactEntry): void {
    const q = this.queue(c.rec.queueId);
    const pool = this.poolFor(q, mediaClassOf(c.rec.media), effectiveRequirement(q.config, c.rec));
    c.pool = pool;
    c.rec.state = 'waiting';
    pool.contacts.push(c);
    refreshHead(pool);
    this.touch(c);
    this.pendingContacts.add(c);
  }

  protected unwait(c: ContactEntry): void {
    if (c.pool) {
      c.pool.contacts.remove(c);
      refreshHead(c.pool);
    }
    c.pool = null;
  }

  // ---- offers ----

  protected view(c: ContactEntry): ContactView {
    const r = c.rec;
    return {
      id: r.id,
      media: r.media,
      queueId: r.queueId,
      priority: r.priority,
      attributes: { ...r.attributes },
      requiredSkills: { ...r.requiredSkills },
      ...(r.customerLevel ? { customerLevel: r.customerLevel } : {}),
      enqueuedAt: r.enqueuedAt,
      state: r.state,
      ...(r.agentId ? { agentId: r.agentId } : {}),
      ...(r.callbackNumber ? { callbackNumber: r.callbackNumber } : {}),
    };
  }

  protected offerView(o: OfferEntry): OfferView {
    const r = o.rec;
    return {
      id: r.id,
      kind: r.kind,
      contactId: r.contactId,
      agentId: r.agentId,
      queueId: r.queueId,
      media: r.media,
      offeredAt: r.offeredAt,
      expiresAt: r.expiresAt,
      contact: this.view(o.contact),
      ...(o.agent.rec.phone ? { phone: o.agent.rec.phone } : {}),
    };
  }

  protected createOffer(c: ContactEntry, a: AgentEntry, kind: OfferKind, fromAgentId: string | null = null): OfferEntry {
    const q = this.queue(c.rec.queueId);
    const seq = ++this.offerSeq;
    const rec: OfferRecord = {
      id: this.deps.newId(),
      kind,
      contactId: c.rec.id,
      agentId: a.rec.id,
      queueId: c.rec.queueId,
      media: c.rec.media,
      offeredAt: this.now,
      expiresAt: this.now + (q.config.offerTimeoutMs ?? this.deps.config.defaultOfferTimeoutMs),
      state: 'open',
      resolvedAt: null,
      reason: null,
    };
    // Rotation marks only matter to round-robin queues; elsewhere they would be garbage per offer.
    const rotate = q.config.strategy === 'round_robin' ? (r: AgentEntry['rec']) => void (r.lastOfferSeq = { ...r.lastOfferSeq, [q.config.id]: seq }) : undefined;
    this.applyAgent(a, { kind: 'offer', contactId: c.rec.id, media: c.rec.media, queueId: c.rec.queueId, offerId: rec.id }, undefined, rotate);
    const o: OfferEntry = { rec, contact: c, agent: a, fromAgentId };
    this.offers.set(rec.id, o);
    c.offers.add(o);
    a.offers.add(o);
    if (kind !== 'transferred') c.rec.state = 'offering';
    this.touch(c);
    this.offerWrites.push({ ...rec });
    this.publish({ type: 'contact.offered', at: this.now, scope: { queueId: rec.queueId, agentId: a.rec.id }, contactId: rec.contactId, offerId: rec.id, agentId: a.rec.id, queueId: rec.queueId, media: rec.media });
    this.emit({ kind: 'deliver', offer: this.offerView(o) });
    this.timer(`offer:${rec.id}`, rec.expiresAt);
    return o;
  }

  /** Close an open offer; the agent's desk follows. The contact's own fate is the caller's business. */
  protected closeOffer(o: OfferEntry, state: Exclude<OfferState, 'open'>, reason: string | null = null): void {
    const view = state === 'withdrawn' ? this.offerView(o) : null;
    this.offers.delete(o.rec.id);
    o.contact.offers.delete(o);
    o.agent.offers.delete(o);
    o.rec = { ...o.rec, state, resolvedAt: this.now, reason };
    this.offerWrites.push(o.rec);
    this.cancelTimer(`offer:${o.rec.id}`);
    const outcome = state === 'accepted' ? 'accepted' : state === 'withdrawn' ? 'withdrawn' : state;
    this.applyAgent(o.agent, { kind: 'offer_closed', contactId: o.rec.contactId, outcome });
    if (view) {
      this.publish({ type: 'contact.offer_withdrawn', at: this.now, scope: { queueId: o.rec.queueId, agentId: o.rec.agentId }, contactId: o.rec.contactId, offerId: o.rec.id, agentId: o.rec.agentId, reason: reason ?? 'withdrawn' });
      this.emit({ kind: 'withdraw', offer: view, reason: reason ?? 'withdrawn' });
    }
  }

  protected withdrawAll(c: ContactEntry, reason: string): void {
    for (const o of [...c.offers]) this.closeOffer(o, 'withdrawn', reason);
  }

  // ---- matching ----

  private routeContact(c: ContactEntry): void {
    const pool = c.pool;
    if (!pool || c.rec.state !== 'waiting') return;
    const ok = (a: AgentEntry) => !this.declined(c, a);
    if (pool.queue.config.strategy === 'ring_all' && pool.cls === 'voice') {
      const targets = [...pool.idle.all()].filter(ok);
      if (targets.length === 0) return;
      this.unwait(c);
      for (const a of targets) this.createOffer(c, a, 'ring_all');
      return;
    }
    const a = pool.idle.pick(ok);
    if (!a) return;
    this.unwait(c);
    this.createOffer(c, a, 'routed');
  }

  /**
   * Give a free agent the best contact across all its pools and media, while it has room. The
   * pools' head keys are read once into local arrays; after each offer only the pool it came from
   * is read again, so an agent taking a call and two chats does not walk its pools three times.
   */
  private fillAgent(a: AgentEntry): void {
    const cbc = this.deps.config.callBlocksChats;
    const pools: Pool[] = [];
    const ranks: number[] = [];
    const seqs: number[] = [];
    const checked: boolean[] = [];
    for (const cls of CLASSES) {
      if (!canTake(a.rec, cls, cbc)) continue;
      const list = a.pools[cls];
      for (let i = 0; i < list.length; i++) {
        const pool = list[i] as Pool;
        if (pool.headRank === Infinity) continue;
        pools.push(pool);
        ranks.push(pool.headRank);
        seqs.push(pool.headSeq);
        checked.push(false);
      }
    }
    const notDeclined = (c: ContactEntry) => !this.declined(c, a);
    const room = { voice: canTake(a.rec, 'voice', cbc), chat: canTake(a.rec, 'chat', cbc) };
    for (let guard = 0; guard < 1000; guard++) {
      let best = -1;
      for (let i = 0; i < pools.length; i++) {
        if (!room[(pools[i] as Pool).cls]) continue;
        const r = ranks[i] as number;
        if (r === Infinity) continue;
        if (best < 0 || r < (ranks[best] as number) || (r === ranks[best] && (seqs[i] as number) < (seqs[best] as number))) best = i;
      }
      if (best < 0) break;
      const pool = pools[best] as Pool;
      if (!checked[best]) {
        // The head may be a contact this agent declined: look past it, then compare again.
        checked[best] = true;
        const head = pool.contacts.peek();
        if (head && this.declined(head, a)) {
          const next = pool.contacts.firstWhere(notDeclined);
          ranks[best] = next ? next.rec.rank : Infinity;
          seqs[best] = next ? next.rec.seq : Infinity;
          continue;
        }
      }
      const contact = pool.contacts.firstWhere(notDeclined);
      if (!contact) {
        ranks[best] = Infinity;
        continue;
      }
      if (pool.queue.config.strategy === 'ring_all' && pool.cls === 'voice') {
        // Ring everyone idle in the pool, this agent included.
        this.index(a);
        this.routeContact(contact);
        if (contact.offers.size === 0) ranks[best] = Infinity;
      } else {
        this.unwait(contact);
        this.createOffer(contact, a, 'routed');
      }
      const next = pool.contacts.firstWhere(notDeclined);
      ranks[best] = next ? next.rec.rank : Infinity;
      seqs[best] = next ? next.rec.seq : Infinity;
      checked[best] = true;
      room.voice = canTake(a.rec, 'voice', cbc);
      room.chat = canTake(a.rec, 'chat', cbc);
      if (!room.voice && !room.chat) break;
    }
    this.index(a);
  }

  private settle(): void {
    while (this.pendingContacts.size > 0 || this.pendingAgents.size > 0) {
      for (const c of this.pendingContacts) {
        this.pendingContacts.delete(c);
        this.routeContact(c);
      }
      for (const a of this.pendingAgents) {
        this.pendingAgents.delete(a);
        this.fillAgent(a);
      }
    }
  }

  protected wake(a: AgentEntry): void {
    this.pendingAgents.add(a);
  }

  protected requeueAll(): void {
    for (const a of this.agents.values()) this.pendingAgents.add(a);
    for (const c of this.contacts.values()) if (c.pool) this.pendingContacts.add(c);
  }
}
