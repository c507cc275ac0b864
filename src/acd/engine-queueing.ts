import { AppError } from '../core/errors.js';
import type { Presence } from '../agents/agent-state.js';
import { hasRoom } from '../agents/capacity.js';
import { EngineMatching } from './engine-matching.js';
import { timerKey } from './engine-model.js';
import type { AgentEntry, ContactEntry, QueueEntry } from './engine-model.js';
import type { Media } from '../core/events.js';
import { mediaClassOf, type ExitAction, type ExitReason } from './types.js';

const HANGUP: ExitAction = { action: 'hangup' };
const MAX_EXIT_HOPS = 5;

/**
 * Life in a queue: entering (closed, full), timers (max wait, relaxation, overflow), exits and
 * virtual hold, leaving, position and estimated wait, wrap-up bookkeeping.
 */
export class QueueingEngine extends EngineMatching {
  protected finishWrap(a: AgentEntry, contactId: string): void {
    const item = a.rec.work.find((w) => w.contactId === contactId);
    this.applyAgent(a, { kind: 'finish_wrap_up', contactId });
    this.cancelTimer(timerKey('wrap', a.rec.id, contactId));
    if (item?.acceptedAt != null) this.recordHandle(item.queueId, this.now - item.acceptedAt);
  }

  protected recordHandle(queueId: string, ms: number): void {
    const q = this.queues.get(queueId);
    if (!q) return;
    // A ring with a running sum: the estimated wait reads the average on every arrival.
    const max = Math.max(1, this.deps.config.handleTimeSamples);
    if (q.handleTimes.length < max) {
      q.handleTimes.push(ms);
    } else {
      q.handleSum -= q.handleTimes[q.handleNext] as number;
      q.handleTimes[q.handleNext] = ms;
      q.handleNext = (q.handleNext + 1) % max;
    }
    q.handleSum += ms;
  }

  protected unwaitAnd(c: ContactEntry): ContactEntry {
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

  /** Enter a queue (arrival, overflow, transfer); returns the exit when the contact could not stay. */
  protected enter(c: ContactEntry, q: QueueEntry, hops: number): { queueId: string; reason: ExitReason; action: ExitAction } | null {
    // Arrivals and transfers into a disabled queue are refused before they get here; an overflow is turned away like at a closed door.
    if (!this.deps.isOpen(q.config.id, this.now) || (q.config.disabled && hops > 0)) return this.exit(c, q, 'closed', q.config.closedAction, hops);
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
    if (q.config.maxWaitMs !== undefined && c.rec.media !== 'callback') this.timer(timerKey('maxwait', c.rec.id), c.rec.queueEnteredAt + q.config.maxWaitMs);
    else if (!fresh) this.cancelTimer(timerKey('maxwait', c.rec.id));
    const step = q.config.relaxation?.[c.rec.relaxStep];
    if (step) this.timer(timerKey('relax', c.rec.id), c.rec.queueEnteredAt + step.afterMs);
    else if (!fresh) this.cancelTimer(timerKey('relax', c.rec.id));
  }

  protected exit(c: ContactEntry, q: QueueEntry, reason: ExitReason, configured: ExitAction | undefined, hops: number): { queueId: string; reason: ExitReason; action: ExitAction } | null {
    const action = configured ?? HANGUP;
    if (action.action === 'queue' && hops < MAX_EXIT_HOPS) {
      const target = this.queues.get(action.target);
      if (target && target !== q) {
        // Out of this queue's line and pool first (a max-wait or closing exit starts in line).
        this.unwait(c);
        q.line.delete(c);
        if (c.rec.state === 'offering' && c.offers.size === 0) c.rec.state = 'waiting';
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

  protected toCallback(c: ContactEntry, number: string): void {
    c.rec.media = 'callback';
    c.rec.callbackNumber = number;
    this.cancelTimer(timerKey('maxwait', c.rec.id));
    if (c.rec.state === 'offering' && c.offers.size === 0) this.wait(c);
    this.touch(c);
  }

  protected maxWait(c: ContactEntry): void {
    const q = this.queue(c.rec.queueId);
    this.withdrawAll(c, 'max_wait');
    this.exit(c, q, 'max_wait', q.config.maxWaitAction, 0);
  }

  protected relax(c: ContactEntry): void {
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
    this.cancelTimer(timerKey('maxwait', c.rec.id));
    this.cancelTimer(timerKey('relax', c.rec.id));
  }

  protected end(c: ContactEntry, outcome: string): void {
    for (const agentId in c.rec.declinedUntil) {
      this.cancelTimer(timerKey('decline', c.rec.id, agentId));
      this.countDecline(agentId, -1);
    }
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
    return { contactId: c.rec.id, queueId: q.config.id, position, estimatedWaitMs: this.estimate(q, mediaClassOf(c.rec.media), position, q.free[mediaClassOf(c.rec.media)]) };
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
    return q.handleSum / q.handleTimes.length;
  }

  protected roomFor(a: AgentEntry, c: ContactEntry, presence: readonly Presence[]): void {
    this.roomForMedia(a, c.rec.media, presence);
  }

  protected roomForMedia(a: AgentEntry, media: Media, presence: readonly Presence[]): void {
    this.presenceFor(a, presence);
    if (!hasRoom(a.rec, mediaClassOf(media), this.deps.config.callBlocksChats)) {
      throw new AppError('CAPACITY_EXCEEDED', `agent ${a.rec.id} has no free ${mediaClassOf(media)} slot`, { agentId: a.rec.id, media });
    }
  }

  protected presenceFor(a: AgentEntry, presence: readonly Presence[]): void {
    if (!presence.includes(a.rec.presence)) {
      throw new AppError('INVALID_TRANSITION', `agent ${a.rec.id} is ${a.rec.presence} and cannot receive a contact`, { agentId: a.rec.id, presence: a.rec.presence });
    }
  }
}
