import { AppError, validationError } from '../core/errors.js';
import { QueueingEngine } from './engine-queueing.js';
import { TIMER_KEY_SEPARATOR, timerKey, releaseSlot, removeAgentPool, type ContactEntry, type QueueEntry } from './engine-model.js';
import type { ContactRecord } from './ports.js';
import { validateNewContact, validateQueue } from './validation.js';
import type { AgentProfile, EnqueueResult, NewContact, OfferView, QueueConfig } from './types.js';
import type { Presence } from '../agents/agent-state.js';

/** Who may be offered a contact by name (a transfer to an agent): logged in, free or not. */
const TARGETABLE: readonly Presence[] = ['available', 'not_ready'];

/**
 * The routing engine's commands for contacts and configuration, and its timers. Agent and
 * supervisor commands, queries and recovery are in RoutingEngine (routing-engine.ts).
 *
 * Layers: EngineCore (state, effects, agent indexing) < EngineMatching (pools, offers, matching)
 * < QueueingEngine (queue life: enter, exits, relaxation, position) < AcdEngine < RemovalEngine
 * (configuration taken away live) < HoursEngine (queues closing on waiting contacts) < RoutingEngine.
 */
export class AcdEngine extends QueueingEngine {
  // ---- configuration ----

  upsertQueue(config: QueueConfig): void {
    validateQueue(config);
    const existing = this.queues.get(config.id);
    const members = new Map(config.members.map((m) => [m.agentId, m]));
    if (!existing) {
      const q: QueueEntry = { config, members, line: new Set(), pools: new Map(), handleTimes: [], handleNext: 0, handleSum: 0, staffed: { voice: 0, chat: 0 }, free: { voice: 0, chat: 0 } };
      this.queues.set(config.id, q);
      for (const id of members.keys()) this.ensureAgent(id).memberOf.add(q);
      this.recountStaff(q);
      return;
    }
    // Rebuild the queue's pools: strategy, members and requirements may all have changed.
    const waiting = [...existing.line].filter((c) => c.pool !== null);
    for (const c of waiting) this.unwait(c);
    for (const pool of existing.pools.values()) {
      for (const a of pool.eligible) removeAgentPool(a, pool);
      releaseSlot(this.heads, pool.slot);
    }
    for (const id of existing.members.keys()) this.agents.get(id)?.memberOf.delete(existing);
    existing.config = config;
    existing.members = members;
    existing.pools = new Map();
    for (const id of members.keys()) this.ensureAgent(id).memberOf.add(existing);
    this.recountStaff(existing);
    for (const c of waiting) this.wait(c);
    this.requeueAll();
  }

  upsertAgentProfile(profile: AgentProfile): void {
    if (!profile.id) throw validationError([{ where: '/id', reason: 'an agent profile needs an id' }]);
    for (const [skill, level] of Object.entries(profile.skills ?? {})) {
      if (typeof level !== 'number' || !Number.isFinite(level)) throw validationError([{ where: `/skills/${skill}`, reason: 'must be a number' }]);
    }
    const a = this.ensureAgent(profile.id);
    a.profile = { ...profile, skills: { ...profile.skills }, teamIds: [...(profile.teamIds ?? [])] };
    for (const q of a.memberOf) for (const pool of q.pools.values()) this.link(pool, a);
    // Newly qualifying for pools with waiting contacts: the agent looks at its pools again.
    this.wake(a);
  }

  // ---- contacts ----

  enqueue(input: NewContact): EnqueueResult {
    validateNewContact(input);
    const q = this.queue(input.queueId);
    if (q.config.disabled) throw new AppError('QUEUE_DISABLED', `queue ${q.config.id} is disabled and takes no new contacts`, { queueId: q.config.id });
    const id = input.id ?? this.deps.newId();
    if (this.contacts.has(id)) throw new AppError('CONFLICT', `contact ${id} is already in the routing engine`, { contactId: id });
    // Checked before anything changes: a refused transfer leaves the engine as it was.
    const target = input.targetAgentId === undefined ? undefined : this.agent(input.targetAgentId);
    if (target) this.roomForMedia(target, input.media, TARGETABLE);
    const rec: ContactRecord = {
      id,
      media: input.media,
      queueId: q.config.id,
      priority: input.priority ?? 0,
      // Frozen copies: shared with every view and offer afterwards instead of copied each time.
      attributes: Object.freeze({ ...(input.attributes ?? {}) }),
      requiredSkills: Object.freeze({ ...(input.requiredSkills ?? {}) }),
      customerLevel: input.customerLevel ?? null,
      enqueuedAt: input.enqueuedAt ?? this.now,
      queueEnteredAt: this.now,
      rank: 0,
      seq: ++this.seq,
      state: 'waiting',
      relaxStep: 0,
      agentId: null,
      declinedUntil: {},
      callbackNumber: input.callbackNumber ?? null,
      answeredAt: null,
      endedAt: null,
      outcome: null,
    };
    const c: ContactEntry = { rec, pool: null, offers: new Set() };
    this.contacts.set(id, c);
    const exit = this.enter(c, q, 0);
    if (exit) return { status: 'exited', contactId: id, queueId: exit.queueId, reason: exit.reason, action: exit.action };
    if (target) {
      // Out of the pool before matching runs at the end of the command: only the target is offered.
      this.unwait(c);
      this.createOffer(c, target, 'assigned');
    }
    const place = this.positionOf(c);
    this.publish({ type: 'contact.position', at: this.now, scope: { queueId: place.queueId }, ...place });
    return { status: 'waiting', ...place };
  }

  abandon(contactId: string): void {
    const c = this.inLine(contactId);
    this.withdrawAll(c, 'abandoned');
    this.leaveLine(c);
    this.end(c, 'abandoned');
    this.publish({ type: 'contact.abandoned', at: this.now, scope: { queueId: c.rec.queueId }, contactId, queueId: c.rec.queueId, waitedMs: this.now - c.rec.enqueuedAt });
  }

  cancel(contactId: string, reason: string): void {
    const c = this.inLine(contactId);
    this.withdrawAll(c, 'cancelled');
    this.leaveLine(c);
    this.end(c, `cancelled:${reason}`);
    this.publish({ type: 'contact.completed', at: this.now, scope: { queueId: c.rec.queueId }, contactId, queueId: c.rec.queueId, outcome: 'cancelled' });
  }

  convertToCallback(contactId: string, number: string): ContactEntry {
    const c = this.inLine(contactId);
    if (c.rec.media === 'chat') throw new AppError('INVALID_TRANSITION', `contact ${contactId} is a chat; only calls become callbacks`, { contactId });
    if (!number) throw validationError([{ where: '/number', reason: 'a callback needs a number to call' }]);
    this.withdrawAll(c, 'converted_to_callback');
    this.toCallback(c, number);
    return c;
  }

  acceptOffer(offerId: string): OfferView {
    const o = this.openOffer(offerId);
    const c = o.contact;
    const from = o.fromAgentId ? this.agents.get(o.fromAgentId) : undefined;
    this.closeOffer(o, 'accepted');
    this.withdrawAll(c, 'answered_elsewhere');
    if (from && from !== o.agent && from.rec.work.some((w) => w.contactId === c.rec.id)) {
      this.applyAgent(from, { kind: 'transferred_away', contactId: c.rec.id });
    }
    if (c.rec.state !== 'connected') {
      this.leaveLine(c);
      c.rec.answeredAt = this.now;
      this.publish({ type: 'contact.accepted', at: this.now, scope: { queueId: c.rec.queueId, agentId: o.agent.rec.id }, contactId: c.rec.id, offerId, agentId: o.agent.rec.id, queueId: c.rec.queueId });
    }
    c.rec.state = 'connected';
    c.rec.agentId = o.agent.rec.id;
    this.touch(c);
    return this.offerView(o);
  }

  rejectOffer(offerId: string, reason?: string): void {
    this.missOffer(offerId, 'rejected', reason);
  }

  offerNoAnswer(offerId: string): void {
    this.missOffer(offerId, 'no_answer');
  }

  contactHeld(contactId: string, held: boolean): void {
    const c = this.connected(contactId);
    this.applyAgent(this.agent(c.rec.agentId as string), { kind: held ? 'hold' : 'resume', contactId });
  }

  contactEnded(contactId: string, outcome = 'completed'): void {
    const c = this.connected(contactId);
    const a = this.agent(c.rec.agentId as string);
    const q = this.queues.get(c.rec.queueId);
    const item = a.rec.work.find((w) => w.contactId === contactId);
    this.withdrawAll(c, 'contact_ended');
    this.applyAgent(a, { kind: 'contact_ended', contactId, wrapUpMs: q?.config.wrapUpMs ?? 0 });
    const wrap = a.rec.work.find((w) => w.contactId === contactId);
    if (wrap?.wrapUpEndsAt != null) this.timer(timerKey('wrap', a.rec.id, contactId), wrap.wrapUpEndsAt);
    else if (item?.acceptedAt != null) this.recordHandle(c.rec.queueId, this.now - item.acceptedAt);
    this.end(c, outcome);
    this.publish({ type: 'contact.completed', at: this.now, scope: { queueId: c.rec.queueId, agentId: a.rec.id }, contactId, agentId: a.rec.id, queueId: c.rec.queueId, outcome });
  }

  // ---- timers (keys as scheduled by the core) ----

  fire(key: string): void {
    const [kind, id, extra] = key.split(TIMER_KEY_SEPARATOR);
    if (kind === 'offer' && id) {
      const o = this.offers.get(id);
      if (o) {
        // The engine alone owns the no-answer deadline: the channel layer hears it as a withdrawal.
        const view = this.offerView(o);
        this.missOffer(id, 'no_answer');
        this.emit({ kind: 'withdraw', offer: view, reason: 'no_answer' });
      }
    } else if (kind === 'maxwait' && id) {
      const c = this.contacts.get(id);
      if (c && c.rec.state !== 'connected') this.maxWait(c);
    } else if (kind === 'relax' && id) {
      const c = this.contacts.get(id);
      if (c && c.rec.state !== 'connected') this.relax(c);
    } else if (kind === 'decline' && id && extra) {
      const c = this.contacts.get(id);
      if (c && (c.rec.declinedUntil[extra] ?? 0) <= this.now) {
        const { [extra]: _gone, ...rest } = c.rec.declinedUntil;
        c.rec.declinedUntil = rest;
        if (_gone !== undefined) this.countDecline(extra, -1);
        this.touch(c);
        if (c.pool) this.wait(this.unwaitAnd(c));
      }
    } else if (kind === 'wrap' && id && extra) {
      const a = this.agents.get(id);
      const item = a?.rec.work.find((w) => w.contactId === extra && w.phase === 'wrap_up');
      if (a && item && (item.wrapUpEndsAt ?? 0) <= this.now) this.finishWrap(a, extra);
    }
  }

  // ---- misses ----

  private missOffer(offerId: string, how: 'rejected' | 'no_answer', reason?: string): void {
    const o = this.openOffer(offerId);
    const c = o.contact;
    const agentId = o.agent.rec.id;
    this.closeOffer(o, how, reason ?? null);
    this.publish({ type: how === 'rejected' ? 'contact.rejected' : 'contact.no_answer', at: this.now, scope: { queueId: o.rec.queueId, agentId }, contactId: c.rec.id, offerId, agentId });
    if (o.rec.kind === 'transferred') return;
    const until = this.now + this.deps.config.declineCooldownMs;
    if (c.rec.declinedUntil[agentId] === undefined) this.countDecline(agentId, 1);
    c.rec.declinedUntil = { ...c.rec.declinedUntil, [agentId]: until };
    this.touch(c);
    this.timer(timerKey('decline', c.rec.id, agentId), until);
    // The contact goes back exactly where it was: its rank and sequence never changed.
    if (c.offers.size === 0 && c.rec.state === 'offering') this.wait(c);
  }
}
