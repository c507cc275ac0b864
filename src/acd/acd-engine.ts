import { AppError, validationError } from '../core/errors.js';
import type { Presence } from '../agents/agent-state.js';
import { hasRoom } from '../agents/capacity.js';
import { EngineCore } from './engine-core.js';
import type { AgentEntry, ContactEntry, QueueEntry } from './engine-model.js';
import type { ContactRecord } from './ports.js';
import { validateNewContact, validateQueue } from './validation.js';
import { mediaClassOf, type AgentProfile, type EnqueueResult, type ExitAction, type ExitReason, type NewContact, type OfferView, type QueueConfig } from './types.js';

const HANGUP: ExitAction = { action: 'hangup' };
const MAX_EXIT_HOPS = 5;

/**
 * The routing engine's commands for contacts and configuration. Agent and supervisor commands
 * live in AgentCommandsEngine (agent-commands.ts), queries in engine-views.ts.
 */
export class AcdEngine extends EngineCore {
  // ---- configuration ----

  upsertQueue(config: QueueConfig): void {
    validateQueue(config);
    const existing = this.queues.get(config.id);
    const members = new Map(config.members.map((m) => [m.agentId, m]));
    if (!existing) {
      const q: QueueEntry = { config, members, line: new Set(), pools: new Map(), handleTimes: [], staffed: { voice: 0, chat: 0 } };
      this.queues.set(config.id, q);
      for (const id of members.keys()) this.ensureAgent(id).memberOf.add(q);
      this.recountStaff(q);
      return;
    }
    // Rebuild the queue's pools: strategy, members and requirements may all have changed.
    const waiting = [...existing.line].filter((c) => c.pool !== null);
    for (const c of waiting) this.unwait(c);
    for (const pool of existing.pools.values()) {
      for (const a of pool.eligible) a.pools[pool.cls] = a.pools[pool.cls].filter((p) => p !== pool);
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
    const id = input.id ?? this.deps.newId();
    if (this.contacts.has(id)) throw new AppError('CONFLICT', `contact ${id} is already in the routing engine`, { contactId: id });
    const rec: ContactRecord = {
      id,
      media: input.media,
      queueId: q.config.id,
      priority: input.priority ?? 0,
      attributes: { ...(input.attributes ?? {}) },
      requiredSkills: { ...(input.requiredSkills ?? {}) },
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

  rejectOffer(offerId: string): void {
    this.missOffer(offerId, 'rejected');
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
    if (wrap?.wrapUpEndsAt != null) this.timer(`wrap:${a.rec.id}:${contactId}`, wrap.wrapUpEndsAt);
    else if (item?.acceptedAt != null) this.recordHandle(c.rec.queueId, this.now - item.acceptedAt);
    this.end(c, outcome);
    this.publish({ type: 'contact.completed', at: this.now, scope: { queueId: c.rec.queueId, agentId: a.rec.id }, contactId, agentId: a.rec.id, queueId: c.rec.queueId, outcome });
  }

  // ---- timers (keys as scheduled by the core) ----

  fire(key: string): void {
    const [kind, id, extra] = key.split(':');
    if (kind === 'offer' && id) {
      if (this.offers.has(id)) this.missOffer(id, 'no_answer');
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
        this.touch(c);
        if (c.pool) this.wait(this.unwaitAnd(c));
      }
    } else if (kind === 'wrap' && id && extra) {
      const a = this.agents.get(id);
      const item = a?.rec.work.find((w) => w.contactId === extra && w.phase === 'wrap_up');
      if (a && item && (item.wrapUpEndsAt ?? 0) <= this.now) this.finishWrap(a, extra);
    }
  }

  // ---- helpers ----

  protected finishWrap(a: AgentEntry, contactId: string): void {
    const item = a.rec.work.find((w) => w.contactId === contactId);
    this.applyAgent(a, { kind: 'finish_wrap_up', contactId });
    this.cancelTimer(`wrap:${a.rec.id}:${contactId}`);
    if (item?.acceptedAt != null) this.recordHandle(item.queueId, this.now - item.acceptedAt);
  }

  private recordHandle(queueId: string, ms: number): void {
    const q = this.queues.get(queueId);
    if (!q) return;
    q.handleTimes.push(ms);
    if (q.handleTimes.length > this.deps.config.handleTimeSamples) q.handleTimes.shift();
  }

  private unwaitAnd(c: ContactEntry): ContactEntry {
    this.unwait(c);
    return c;
  }

  protected inLine(contactId: string): ContactEntry {
    const c = this.contactEntry(contactId);
    if (c.rec.state !== 'waiting' && c.rec.state !== 'offering') {
      throw new AppError('CONTACT_NOT_WAITING', `contact ${contactId} is ${c.rec.state}, not waiting`, { contactId, state: c.rec.state });
    }
    return c;
  }

  protected connected(contactId: string): ContactEntry {
    const c = this.contactEntry(contactId);
    if (c.rec.state !== 'connected' || !c.rec.agentId) {
      throw new AppError('INVALID_TRANSITION', `contact ${contactId} is ${c.rec.state}, not connected to an agent`, { contactId, state: c.rec.state });
    }
    return c;
  }

  protected openOffer(offerId: string) {
    const o = this.offers.get(offerId);
    if (!o) throw new AppError('OFFER_NOT_FOUND', `offer ${offerId} is not open`, { offerId });
    return o;
  }

  private missOffer(offerId: string, how: 'rejected' | 'no_answer'): void {
    const o = this.openOffer(offerId);
    const c = o.contact;
    const agentId = o.agent.rec.id;
    this.closeOffer(o, how);
    this.publish({ type: how === 'rejected' ? 'contact.rejected' : 'contact.no_answer', at: this.now, scope: { queueId: o.rec.queueId, agentId }, contactId: c.rec.id, offerId, agentId });
    if (o.rec.kind === 'transferred') return;
    const until = this.now + this.deps.config.declineCooldownMs;
    c.rec.declinedUntil = { ...c.rec.declinedUntil, [agentId]: until };
    this.touch(c);
    this.timer(`decline:${c.rec.id}:${agentId}`, until);
    // The contact goes back exactly where it was: its rank and sequence never changed.
    if (c.offers.size === 0 && c.rec.state === 'offering') this.wait(c);
  }

  /** Enter a queue (arrival, overflow, transfer); returns the exit when the contact could not stay. */
  protected enter(c: ContactEntry, q: QueueEntry, hops: number): { queueId: string; reason: ExitReason; action: ExitAction } | null {
    if (!this.deps.isOpen(q.config.id, this.now)) return this.exit(c, q, 'closed', q.config.closedAction, hops);
    if (q.config.maxSize !== undefined && q.line.size >= q.config.maxSize) return this.exit(c, q, 'full', q.config.fullAction, hops);
    c.rec.queueId = q.config.id;
    c.rec.queueEnteredAt = this.now;
    c.rec.relaxStep = 0;
    c.rec.rank = this.rankIn(q.config, c);
    q.line.add(c);
    this.publish({ type: 'contact.enqueued', at: this.now, scope: { queueId: q.config.id }, contactId: c.rec.id, queueId: q.config.id, media: c.rec.media, priority: c.rec.priority });
    this.scheduleQueueTimers(c, q, hops === 0 && c.rec.relaxStep === 0 && c.rec.seq === this.seq);
    if (c.rec.state !== 'offering') this.wait(c);
    this.touch(c);
    return null;
  }

  /** `fresh`: a contact that just arrived has no timers to cancel. */
  protected scheduleQueueTimers(c: ContactEntry, q: QueueEntry, fresh = false): void {
    if (q.config.maxWaitMs !== undefined && c.rec.media !== 'callback') this.timer(`maxwait:${c.rec.id}`, c.rec.queueEnteredAt + q.config.maxWaitMs);
    else if (!fresh) this.cancelTimer(`maxwait:${c.rec.id}`);
    const step = q.config.relaxation?.[c.rec.relaxStep];
    if (step) this.timer(`relax:${c.rec.id}`, c.rec.queueEnteredAt + step.afterMs);
    else if (!fresh) this.cancelTimer(`relax:${c.rec.id}`);
  }

  private exit(c: ContactEntry, q: QueueEntry, reason: ExitReason, configured: ExitAction | undefined, hops: number): { queueId: string; reason: ExitReason; action: ExitAction } | null {
    const action = configured ?? HANGUP;
    if (action.action === 'queue' && hops < MAX_EXIT_HOPS) {
      const target = this.queues.get(action.target);
      if (target && target !== q) {
        this.publish({ type: 'contact.overflowed', at: this.now, scope: { queueId: q.config.id }, contactId: c.rec.id, fromQueueId: q.config.id, toQueueId: target.config.id });
        return this.enter(c, target, hops + 1);
      }
    }
    const finalAction = action.action === 'queue' ? HANGUP : action;
    const number = c.rec.callbackNumber ?? c.rec.attributes['callerNumber'];
    if (finalAction.action === 'callback' && c.rec.media === 'voice' && number && q.line.has(c)) {
      // Virtual hold: the caller keeps the place (so it stays in line, no contact.exited); the
      // channel layer hangs up with a message.
      this.toCallback(c, number);
      this.emit({ kind: 'exit', exit: { contact: this.view(c), queueId: q.config.id, reason, action: finalAction } });
      return { queueId: q.config.id, reason, action: finalAction };
    }
    this.publish({ type: 'contact.exited', at: this.now, scope: { queueId: q.config.id }, contactId: c.rec.id, queueId: q.config.id, action: finalAction.action, reason });
    this.withdrawAll(c, reason);
    this.leaveLine(c);
    c.rec.queueId = q.config.id;
    this.end(c, `exited:${finalAction.action}:${reason}`);
    this.emit({ kind: 'exit', exit: { contact: this.view(c), queueId: q.config.id, reason, action: finalAction } });
    return { queueId: q.config.id, reason, action: finalAction };
  }

  private toCallback(c: ContactEntry, number: string): void {
    c.rec.media = 'callback';
    c.rec.callbackNumber = number;
    this.cancelTimer(`maxwait:${c.rec.id}`);
    if (c.rec.state === 'offering' && c.offers.size === 0) this.wait(c);
    this.touch(c);
  }

  private maxWait(c: ContactEntry): void {
    const q = this.queue(c.rec.queueId);
    this.withdrawAll(c, 'max_wait');
    this.exit(c, q, 'max_wait', q.config.maxWaitAction, 0);
  }

  private relax(c: ContactEntry): void {
    const q = this.queue(c.rec.queueId);
    const step = q.config.relaxation?.[c.rec.relaxStep];
    if (!step) return;
    c.rec.relaxStep += 1;
    this.touch(c);
    const target = step.overflowToQueueId ? this.queues.get(step.overflowToQueueId) : undefined;
    if (target && target !== q) {
      const waiting = c.rec.state === 'waiting';
      if (waiting) this.unwait(c);
      q.line.delete(c);
      this.publish({ type: 'contact.overflowed', at: this.now, scope: { queueId: q.config.id }, contactId: c.rec.id, fromQueueId: q.config.id, toQueueId: target.config.id });
      this.enter(c, target, 1);
      return;
    }
    if (c.rec.state === 'waiting') this.wait(this.unwaitAnd(c));
    this.scheduleQueueTimers(c, q);
  }

  protected leaveLine(c: ContactEntry): void {
    this.unwait(c);
    this.queues.get(c.rec.queueId)?.line.delete(c);
    this.cancelTimer(`maxwait:${c.rec.id}`);
    this.cancelTimer(`relax:${c.rec.id}`);
  }

  protected end(c: ContactEntry, outcome: string): void {
    for (const agentId of Object.keys(c.rec.declinedUntil)) this.cancelTimer(`decline:${c.rec.id}:${agentId}`);
    c.rec.state = 'ended';
    c.rec.endedAt = this.now;
    c.rec.outcome = outcome;
    this.contacts.delete(c.rec.id);
    this.touch(c);
  }

  protected positionOf(c: ContactEntry): { contactId: string; queueId: string; position: number; estimatedWaitMs: number | null } {
    const q = this.queue(c.rec.queueId);
    let ahead = 0;
    for (const other of q.line) if (other !== c && (other.rec.rank < c.rec.rank || (other.rec.rank === c.rec.rank && other.rec.seq < c.rec.seq))) ahead++;
    const position = ahead + 1;
    return { contactId: c.rec.id, queueId: q.config.id, position, estimatedWaitMs: this.estimate(q, mediaClassOf(c.rec.media), position, c.pool?.idle.size ?? 0) };
  }

  /**
   * (position - agents free for it) x recent average handle time / staffed slots; null when
   * nobody staffs the queue. O(1): staffing is counted incrementally.
   */
  protected estimate(q: QueueEntry, cls: 'voice' | 'chat', position: number, free: number): number | null {
    const staffed = q.staffed[cls];
    if (staffed <= 0) return null;
    return Math.round((Math.max(0, position - free) * this.averageHandle(q)) / staffed);
  }

  protected averageHandle(q: QueueEntry): number {
    if (q.handleTimes.length === 0) return this.deps.config.defaultHandleTimeMs;
    return q.handleTimes.reduce((s, x) => s + x, 0) / q.handleTimes.length;
  }

  protected roomFor(a: AgentEntry, c: ContactEntry, presence: readonly Presence[]): void {
    if (!presence.includes(a.rec.presence)) {
      throw new AppError('INVALID_TRANSITION', `agent ${a.rec.id} is ${a.rec.presence} and cannot receive a contact`, { agentId: a.rec.id, presence: a.rec.presence });
    }
    if (!hasRoom(a.rec, mediaClassOf(c.rec.media), this.deps.config.callBlocksChats)) {
      throw new AppError('CAPACITY_EXCEEDED', `agent ${a.rec.id} has no free ${mediaClassOf(c.rec.media)} slot`, { agentId: a.rec.id, media: c.rec.media });
    }
  }
}
