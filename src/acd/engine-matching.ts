import { canTake } from '../agents/capacity.js';
import { EngineCore, refreshHead } from './engine-core.js';
import type { AgentCommand } from '../agents/agent-state.js';
import { IndexedHeap } from './heap.js';
import { copyOfferRecord } from './record-copies.js';
import { createIdleSelector } from './idle-selectors.js';
import { timerKey, addAgentPool, bestHead, allocateSlot, effectiveRequirement, qualifies, rankOf, removeAgentPool, requirementKey, type AgentEntry, type ContactEntry, type OfferEntry, type Pool, type QueueEntry } from './engine-model.js';
import type { OfferRecord, OfferState } from './ports.js';
import { mediaClassOf, type ContactView, type MediaClass, type OfferKind, type OfferView, type QueueConfig } from './types.js';

const CLASSES: readonly MediaClass[] = ['voice', 'chat'];

/** Line order: rank, then arrival sequence (unique, so no further tie). */
const CONTACT_KEYS = { k1: (c: ContactEntry) => c.rec.rank, k2: (c: ContactEntry) => c.rec.seq, k3: () => 0 };

/**
 * Pools, offers and matching on top of the core: a waiting contact meets the best idle agent of
 * its pool; a freed agent meets the best head among its pools. `settle` runs both until nothing
 * more can be matched, which restores the engine invariant after every command.
 */
export class EngineMatching extends EngineCore {
  private readonly scratch = { pools: [] as Pool[], chats: [] as boolean[], ranks: [] as number[], seqs: [] as number[], checked: [] as boolean[] };

  // ---- pools ----

  protected poolFor(q: QueueEntry, cls: MediaClass, requirement: Record<string, number>): Pool {
    const key = `${cls}|${requirementKey(requirement)}`;
    let pool = q.pools.get(key);
    if (pool) return pool;
    pool = {
      key,
      slot: allocateSlot(this.heads),
      heads: this.heads,
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
      addAgentPool(a, pool);
      if (a.idle[pool.cls]) {
        pool.idle.add(a);
        this.pendingAgents.add(a);
      }
    } else if (!ok && pool.eligible.has(a)) {
      pool.eligible.delete(a);
      removeAgentPool(a, pool);
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
    const v: ContactView = {
      id: r.id,
      media: r.media,
      queueId: r.queueId,
      priority: r.priority,
      attributes: r.attributes,
      requiredSkills: r.requiredSkills,
      enqueuedAt: r.enqueuedAt,
      state: r.state,
    };
    if (r.customerLevel) v.customerLevel = r.customerLevel;
    if (r.agentId) v.agentId = r.agentId;
    if (r.callbackNumber) v.callbackNumber = r.callbackNumber;
    return v;
  }

  protected offerView(o: OfferEntry): OfferView {
    const r = o.rec;
    const v: OfferView = {
      id: r.id,
      kind: r.kind,
      contactId: r.contactId,
      agentId: r.agentId,
      queueId: r.queueId,
      media: r.media,
      offeredAt: r.offeredAt,
      expiresAt: r.expiresAt,
      contact: this.view(o.contact),
    };
    if (o.agent.rec.phone) v.phone = o.agent.rec.phone;
    return v;
  }

  /** `deliver` false: accepted in the same command (a hand-over), so no phone is rung for it. */
  protected createOffer(c: ContactEntry, a: AgentEntry, kind: OfferKind, fromAgentId: string | null = null, deliver = true): OfferEntry {
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
    const offerCmd: AgentCommand = { kind: 'offer', contactId: c.rec.id, media: c.rec.media, queueId: c.rec.queueId, offerId: rec.id, onOutbound: kind === 'transferred' };
    this.applyAgent(a, offerCmd, undefined, rotate);
    const o: OfferEntry = { rec, contact: c, agent: a, fromAgentId };
    this.offers.set(rec.id, o);
    c.offers.add(o);
    a.offers.add(o);
    if (kind !== 'transferred') c.rec.state = 'offering';
    this.touch(c);
    this.offerWrites.push(copyOfferRecord(rec));
    this.publish({ type: 'contact.offered', at: this.now, scope: { queueId: rec.queueId, agentId: a.rec.id }, contactId: rec.contactId, offerId: rec.id, agentId: a.rec.id, queueId: rec.queueId, media: rec.media });
    if (deliver) {
      this.emit({ kind: 'deliver', offer: this.offerView(o) });
      this.timer(timerKey('offer', rec.id), rec.expiresAt);
    }
    return o;
  }

  /** Close an open offer; the agent's desk follows. The contact's own fate is the caller's business. */
  protected closeOffer(o: OfferEntry, state: Exclude<OfferState, 'open'>, reason: string | null = null): void {
    const view = state === 'withdrawn' ? this.offerView(o) : null;
    this.offers.delete(o.rec.id);
    o.contact.offers.delete(o);
    o.agent.offers.delete(o);
    const closed = copyOfferRecord(o.rec);
    closed.state = state;
    closed.resolvedAt = this.now;
    closed.reason = reason;
    o.rec = closed;
    this.offerWrites.push(o.rec);
    this.cancelTimer(timerKey('offer', o.rec.id));
    const outcome = state === 'accepted' ? 'accepted' : state === 'withdrawn' ? 'withdrawn' : state;
    // The limit of misses is the offering queue's.
    const limit = this.queues.get(o.rec.queueId)?.config.maxMissedOffers;
    this.applyAgent(o.agent, { kind: 'offer_closed', contactId: o.rec.contactId, outcome }, undefined, undefined, limit);
    if (view) {
      this.publish({ type: 'contact.offer_withdrawn', at: this.now, scope: { queueId: o.rec.queueId, agentId: o.rec.agentId }, contactId: o.rec.contactId, offerId: o.rec.id, agentId: o.rec.agentId, reason: reason ?? 'withdrawn' });
      this.emit({ kind: 'withdraw', offer: view, reason: reason ?? 'withdrawn' });
    }
  }

  protected withdrawAll(c: ContactEntry, reason: string): void {
    if (c.offers.size === 0) return;
    for (const o of [...c.offers]) this.closeOffer(o, 'withdrawn', reason);
  }

  // ---- matching ----

  protected routeContact(c: ContactEntry): void {
    const pool = c.pool;
    if (!pool || c.rec.state !== 'waiting') return;
    const ok = (a: AgentEntry) => !this.declined(c, a);
    if (pool.queue.config.strategy === 'ring_all' && pool.cls === 'voice') {
      const targets = [...pool.idle.all()].filter((a) => a.idle.voice && ok(a));
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
    if (a.declines === 0 && this.fillPlain(a)) return;
    const cbc = this.deps.config.callBlocksChats;
    // Scratch arrays reused across calls (fill never nests): no garbage per decision.
    const { pools, chats, ranks, seqs, checked } = this.scratch;
    pools.length = 0;
    chats.length = 0;
    ranks.length = 0;
    seqs.length = 0;
    checked.length = 0;
    const keys = this.heads.keys;
    for (const cls of CLASSES) {
      if (!canTake(a.rec, cls, cbc)) continue;
      const list = a.pools[cls];
      const slots = a.slots[cls];
      for (let i = 0; i < slots.length; i++) {
        const at = 2 * (slots[i] as number);
        const rank = keys[at] as number;
        if (rank === Infinity) continue;
        pools.push(list[i] as Pool);
        chats.push(cls === 'chat');
        ranks.push(rank);
        seqs.push(keys[at + 1] as number);
        checked.push(false);
      }
    }
    const notDeclined = (c: ContactEntry) => !this.declined(c, a);
    let voiceRoom = canTake(a.rec, 'voice', cbc);
    let chatRoom = canTake(a.rec, 'chat', cbc);
    for (let guard = 0; guard < 1000; guard++) {
      let best = -1;
      for (let i = 0; i < pools.length; i++) {
        if (!(chats[i] ? chatRoom : voiceRoom)) continue;
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
      if (a.declines === 0) {
        // Nothing declined: the next head's keys come from the heap, without touching the contact.
        ranks[best] = pool.contacts.headK1();
        seqs[best] = pool.contacts.headK2();
      } else {
        const next = pool.contacts.firstWhere(notDeclined);
        ranks[best] = next ? next.rec.rank : Infinity;
        seqs[best] = next ? next.rec.seq : Infinity;
      }
      checked[best] = true;
      voiceRoom = canTake(a.rec, 'voice', cbc);
      chatRoom = canTake(a.rec, 'chat', cbc);
      if (!voiceRoom && !chatRoom) break;
    }
    this.index(a);
  }

  /**
   * fillAgent for an agent that declined nothing, the common case: every pool head in the table is
   * a candidate as it stands, so each pick is one pass over the table and touches no contact but
   * the one offered. Hands over to the general path (returning false) when the best head is a
   * ring-all call; what was offered so far stays offered, and that path starts from there.
   */
  private fillPlain(a: AgentEntry): boolean {
    const cbc = this.deps.config.callBlocksChats;
    for (let guard = 0; guard < 1000; guard++) {
      const voiceRoom = canTake(a.rec, 'voice', cbc);
      const chatRoom = canTake(a.rec, 'chat', cbc);
      if (!voiceRoom && !chatRoom) break;
      const pool = bestHead(this.heads.keys, a, voiceRoom, chatRoom);
      if (!pool) break;
      if (pool.queue.config.strategy === 'ring_all' && pool.cls === 'voice') return false;
      const contact = pool.contacts.peek() as ContactEntry;
      this.unwait(contact);
      this.createOffer(contact, a, 'routed');
    }
    this.index(a);
    return true;
  }

  protected override settle(): void {
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

}
