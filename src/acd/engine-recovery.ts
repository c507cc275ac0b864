import { deriveState } from '../agents/agent-state.js';
import { countDecline, ensureAgent, index, queueOf, recountStaff, refreshHead, requeueAll, unindex, type EngineContext } from './engine-core.js';
import { upsertQueue } from './engine-config.js';
import { timer } from './engine-effects.js';
import { reviewAllHours } from './engine-hours.js';
import { poolFor } from './engine-matching.js';
import { effectiveRequirement, type ContactEntry, type OfferEntry } from './engine-model.js';
import { scheduleQueueTimers } from './engine-queueing.js';
import type { AcdSnapshot } from './ports.js';
import { mediaClassOf } from './types.js';

/**
 * Rebuild from stored records. Contacts go back by stored rank and sequence, so the order is the
 * same; their stored states are taken as they are (not transitions: nothing happened to them).
 */
export function restore(cx: EngineContext, snapshot: AcdSnapshot): void {
  const { state } = cx;
  for (const rec of snapshot.agents) {
    const a = ensureAgent(cx, rec.id);
    unindex(a);
    // Consultations do not survive a restart (call recovery hangs their legs up): their slots are free.
    const work = rec.work.filter((w) => w.phase !== 'consulted').map((w) => ({ ...w }));
    a.rec = work.length === rec.work.length ? { ...rec, work } : { ...rec, work, state: deriveState({ presence: rec.presence, work }) };
    for (const v of Object.values(rec.lastOfferSeq)) state.offerSeq = Math.max(state.offerSeq, v);
    for (const w of rec.work) if (w.phase === 'wrap_up' && w.wrapUpEndsAt !== null) timer(cx, { kind: 'wrap', agentId: rec.id, contactId: w.contactId }, w.wrapUpEndsAt);
  }
  const sorted = [...snapshot.contacts].sort((x, y) => x.seq - y.seq);
  for (const rec of sorted) {
    state.seq = Math.max(state.seq, rec.seq);
    if (!state.queues.has(rec.queueId)) upsertQueue(cx, { id: rec.queueId, strategy: 'longest_idle', members: [] });
    const c: ContactEntry = {
      rec: { ...rec, attributes: Object.freeze({ ...rec.attributes }), requiredSkills: Object.freeze({ ...rec.requiredSkills }), declinedUntil: { ...rec.declinedUntil } },
      pool: null,
      offers: new Set(),
    };
    state.contacts.set(rec.id, c);
    for (const [agentId, until] of Object.entries(rec.declinedUntil)) {
      timer(cx, { kind: 'decline', contactId: rec.id, agentId }, until);
      countDecline(cx, agentId, 1);
    }
    if (rec.state === 'connected') continue;
    const q = queueOf(cx, rec.queueId);
    q.line.add(c);
    scheduleQueueTimers(cx, c, q);
    if (rec.state === 'waiting') {
      const pool = poolFor(cx, q, mediaClassOf(rec.media), effectiveRequirement(q.config, c.rec));
      c.pool = pool;
      pool.contacts.push(c);
      refreshHead(pool);
    }
  }
  for (const rec of snapshot.offers) {
    const c = state.contacts.get(rec.contactId);
    const a = state.agents.get(rec.agentId);
    if (!c || !a) continue;
    const o: OfferEntry = { rec: { ...rec }, contact: c, agent: a, fromAgentId: rec.kind === 'transferred' ? c.rec.agentId : null };
    state.offers.set(rec.id, o);
    c.offers.add(o);
    a.offers.add(o);
    timer(cx, { kind: 'offer', offerId: rec.id }, rec.expiresAt);
  }
  for (const a of state.agents.values()) index(cx, a);
  for (const q of state.queues.values()) recountStaff(cx, q);
  requeueAll(cx);
  reviewAllHours(cx);
}
