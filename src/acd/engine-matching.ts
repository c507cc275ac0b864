import { canTake } from '../agents/capacity.js';
import { CLASSES, declined, index, moveContact, queueOf, refreshHead, type EngineContext } from './engine-core.js';
import { touch } from './engine-effects.js';
import { IndexedHeap } from './heap.js';
import { createIdleSelector } from './idle-selectors.js';
import { addAgentPool, allocateSlot, bestHead, effectiveRequirement, qualifies, rankOf, removeAgentPool, requirementKey, type AgentEntry, type ContactEntry, type Pool, type QueueEntry } from './engine-model.js';
import { createOffer } from './engine-offers.js';
import { mediaClassOf, type MediaClass, type QueueConfig } from './types.js';

/**
 * Pools and matching: a waiting contact meets the best idle agent of its pool; a freed agent
 * meets the best head among its pools. `settle` runs both until nothing more can be matched,
 * which restores the engine invariant (engine-core.ts) after every command.
 */

/** Line order: rank, then arrival sequence (unique, so no further tie). */
const CONTACT_KEYS = { k1: (c: ContactEntry) => c.rec.rank, k2: (c: ContactEntry) => c.rec.seq, k3: () => 0 };

// ---- pools ----

export function poolFor(cx: EngineContext, q: QueueEntry, cls: MediaClass, requirement: Record<string, number>): Pool {
  const key = `${cls}|${requirementKey(requirement)}`;
  let pool = q.pools.get(key);
  if (pool) return pool;
  const heads = cx.state.heads;
  pool = {
    key,
    slot: allocateSlot(heads),
    heads,
    queue: q,
    cls,
    requirement,
    contacts: new IndexedHeap<ContactEntry>(CONTACT_KEYS),
    headRank: Infinity,
    headSeq: Infinity,
    eligible: new Set(),
    idle: createIdleSelector(q.config, q.members, cls, cx.deps.random),
  };
  q.pools.set(key, pool);
  for (const agentId of q.members.keys()) {
    const a = cx.state.agents.get(agentId);
    if (a) link(cx, pool, a);
  }
  return pool;
}

/** Link or unlink an agent and a pool after membership, skills or pool creation. */
export function link(cx: EngineContext, pool: Pool, a: AgentEntry): void {
  const ok = pool.queue.members.has(a.rec.id) && qualifies(a.profile, pool.requirement);
  if (ok && !pool.eligible.has(a)) {
    pool.eligible.add(a);
    addAgentPool(a, pool);
    if (a.idle[pool.cls]) {
      pool.idle.add(a);
      cx.out.pendingAgents.add(a);
    }
  } else if (!ok && pool.eligible.has(a)) {
    pool.eligible.delete(a);
    removeAgentPool(a, pool);
    pool.idle.remove(a);
  }
}

export function rankIn(cx: EngineContext, q: QueueConfig, c: ContactEntry): number {
  return rankOf(q, c.rec, cx.deps.config.defaultAgingMsPerPriority);
}

/** Put a contact (already in its queue's line) into its pool, waiting. */
export function wait(cx: EngineContext, c: ContactEntry): void {
  const q = queueOf(cx, c.rec.queueId);
  const pool = poolFor(cx, q, mediaClassOf(c.rec.media), effectiveRequirement(q.config, c.rec));
  c.pool = pool;
  moveContact(c, 'pooled');
  pool.contacts.push(c);
  refreshHead(pool);
  touch(cx, c);
  cx.out.pendingContacts.add(c);
}

export function unwait(c: ContactEntry): void {
  if (c.pool) {
    c.pool.contacts.remove(c);
    refreshHead(c.pool);
  }
  c.pool = null;
}

// ---- matching ----

export function routeContact(cx: EngineContext, c: ContactEntry): void {
  const pool = c.pool;
  if (!pool || c.rec.state !== 'waiting') return;
  const ok = (a: AgentEntry) => !declined(cx, c, a);
  if (pool.queue.config.strategy === 'ring_all' && pool.cls === 'voice') {
    const targets = [...pool.idle.all()].filter((a) => a.idle.voice && ok(a));
    if (targets.length === 0) return;
    unwait(c);
    for (const a of targets) createOffer(cx, c, a, 'ring_all');
    return;
  }
  const a = pool.idle.pick(ok);
  if (!a) return;
  unwait(c);
  createOffer(cx, c, a, 'routed');
}

/**
 * Give a free agent the best contact across all its pools and media, while it has room. The
 * pools' head keys are read once into local arrays; after each offer only the pool it came from
 * is read again, so an agent taking a call and two chats does not walk its pools three times.
 */
function fillAgent(cx: EngineContext, a: AgentEntry): void {
  if (a.declines === 0 && fillPlain(cx, a)) return;
  const cbc = cx.deps.config.callBlocksChats;
  // Scratch arrays reused across calls (fill never nests): no garbage per decision.
  const { pools, chats, ranks, seqs, checked } = cx.state.scratch;
  pools.length = 0;
  chats.length = 0;
  ranks.length = 0;
  seqs.length = 0;
  checked.length = 0;
  const keys = cx.state.heads.keys;
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
  const notDeclined = (c: ContactEntry) => !declined(cx, c, a);
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
      if (head && declined(cx, head, a)) {
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
      index(cx, a);
      routeContact(cx, contact);
      if (contact.offers.size === 0) ranks[best] = Infinity;
    } else {
      unwait(contact);
      createOffer(cx, contact, a, 'routed');
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
  index(cx, a);
}

/**
 * fillAgent for an agent that declined nothing, the common case: every pool head in the table is
 * a candidate as it stands, so each pick is one pass over the table and touches no contact but
 * the one offered. Hands over to the general path (returning false) when the best head is a
 * ring-all call; what was offered so far stays offered, and that path starts from there.
 */
function fillPlain(cx: EngineContext, a: AgentEntry): boolean {
  const cbc = cx.deps.config.callBlocksChats;
  const heads = cx.state.heads;
  for (let guard = 0; guard < 1000; guard++) {
    const voiceRoom = canTake(a.rec, 'voice', cbc);
    const chatRoom = canTake(a.rec, 'chat', cbc);
    if (!voiceRoom && !chatRoom) break;
    const pool = bestHead(heads.keys, a, voiceRoom, chatRoom);
    if (!pool) break;
    if (pool.queue.config.strategy === 'ring_all' && pool.cls === 'voice') return false;
    const contact = pool.contacts.peek() as ContactEntry;
    unwait(contact);
    createOffer(cx, contact, a, 'routed');
  }
  index(cx, a);
  return true;
}

/** Match what the command made matchable, until nothing more can be matched. */
export function settle(cx: EngineContext): void {
  const { pendingContacts, pendingAgents } = cx.out;
  while (pendingContacts.size > 0 || pendingAgents.size > 0) {
    for (const c of pendingContacts) {
      pendingContacts.delete(c);
      routeContact(cx, c);
    }
    for (const a of pendingAgents) {
      pendingAgents.delete(a);
      fillAgent(cx, a);
    }
  }
}
