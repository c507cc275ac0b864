import { AppError } from '../core/errors.js';
import type { Presence } from '../agents/agent-state.js';
import { hasRoom } from '../agents/capacity.js';
import type { Media } from '../core/events.js';
import { applyAgent, contactOf, countDecline, moveContact, queueOf, type EngineContext } from './engine-core.js';
import { cancelTimer, emit, publish, timer, touch } from './engine-effects.js';
import { watchClosing } from './engine-hours-watch.js';
import { rankIn, unwait, wait } from './engine-matching.js';
import type { AgentEntry, ContactEntry, QueueEntry } from './engine-model.js';
import { contactView, withdrawAll } from './engine-offers.js';
import { mediaClassOf, type ExitAction, type ExitReason } from './types.js';

/**
 * Life in a queue: entering (closed, full), timers (max wait, relaxation, overflow), exits and
 * virtual hold, leaving, position and estimated wait, wrap-up bookkeeping.
 */

const HANGUP: ExitAction = { action: 'hangup' };
const MAX_EXIT_HOPS = 5;

export type QueueExit = { queueId: string; reason: ExitReason; action: ExitAction };

export function finishWrap(cx: EngineContext, a: AgentEntry, contactId: string): void {
  const item = a.rec.work.find((w) => w.contactId === contactId);
  applyAgent(cx, a, { kind: 'finish_wrap_up', contactId });
  cancelTimer(cx, { kind: 'wrap', agentId: a.rec.id, contactId });
  if (item?.acceptedAt != null) recordHandle(cx, item.queueId, cx.now - item.acceptedAt);
}

export function recordHandle(cx: EngineContext, queueId: string, ms: number): void {
  const q = cx.state.queues.get(queueId);
  if (!q) return;
  // A ring with a running sum: the estimated wait reads the average on every arrival.
  const max = Math.max(1, cx.deps.config.handleTimeSamples);
  if (q.handleTimes.length < max) {
    q.handleTimes.push(ms);
  } else {
    q.handleSum -= q.handleTimes[q.handleNext] as number;
    q.handleTimes[q.handleNext] = ms;
    q.handleNext = (q.handleNext + 1) % max;
  }
  q.handleSum += ms;
}

/** Take the contact out of its pool and put it back: its place follows a new requirement. */
export function repool(cx: EngineContext, c: ContactEntry): void {
  unwait(c);
  wait(cx, c);
}

export function inLine(cx: EngineContext, contactId: string): ContactEntry {
  const c = contactOf(cx, contactId);
  if (c.rec.state !== 'waiting' && c.rec.state !== 'offering') {
    throw new AppError('CONTACT_NOT_WAITING', `contact ${contactId} is ${c.rec.state}, not waiting`, { contactId, state: c.rec.state });
  }
  return c;
}

export function connectedContact(cx: EngineContext, contactId: string): ContactEntry {
  const c = contactOf(cx, contactId);
  if (c.rec.state !== 'connected' || !c.rec.agentId) {
    throw new AppError('INVALID_TRANSITION', `contact ${contactId} is ${c.rec.state}, not connected to an agent`, { contactId, state: c.rec.state });
  }
  return c;
}

/** Enter a queue (arrival, overflow, transfer); returns the exit when the contact could not stay. */
export function enter(cx: EngineContext, c: ContactEntry, q: QueueEntry, hops: number): QueueExit | null {
  const now = cx.now;
  // Arrivals and transfers into a disabled queue are refused before they get here; an overflow is turned away like at a closed door.
  if (!cx.deps.isOpen(q.config.id, now) || (q.config.disabled && hops > 0)) return exit(cx, c, q, 'closed', q.config.closedAction, hops);
  if (q.config.maxSize !== undefined && q.line.size >= q.config.maxSize) return exit(cx, c, q, 'full', q.config.fullAction, hops);
  c.rec.queueId = q.config.id;
  c.rec.queueEnteredAt = now;
  c.rec.relaxStep = 0;
  c.rec.rank = rankIn(cx, q.config, c);
  q.line.add(c);
  publish(cx, { type: 'contact.enqueued', at: now, scope: { queueId: q.config.id }, contactId: c.rec.id, queueId: q.config.id, media: c.rec.media, priority: c.rec.priority });
  scheduleQueueTimers(cx, c, q, hops === 0 && c.rec.relaxStep === 0 && c.rec.seq === cx.state.seq);
  if (c.rec.state !== 'offering') wait(cx, c);
  touch(cx, c);
  // The arrival check just found the queue open; only the close time is missing, if anything.
  if (q.line.has(c) && !cx.state.closeAt.has(q)) watchClosing(cx, q);
  return null;
}

/** `fresh`: a contact that just arrived has no timers to cancel. */
export function scheduleQueueTimers(cx: EngineContext, c: ContactEntry, q: QueueEntry, fresh = false): void {
  const contactId = c.rec.id;
  if (q.config.maxWaitMs !== undefined && c.rec.media !== 'callback') timer(cx, { kind: 'maxwait', contactId }, c.rec.queueEnteredAt + q.config.maxWaitMs);
  else if (!fresh) cancelTimer(cx, { kind: 'maxwait', contactId });
  const step = q.config.relaxation?.[c.rec.relaxStep];
  if (step) timer(cx, { kind: 'relax', contactId }, c.rec.queueEnteredAt + step.afterMs);
  else if (!fresh) cancelTimer(cx, { kind: 'relax', contactId });
}

export function exit(cx: EngineContext, c: ContactEntry, q: QueueEntry, reason: ExitReason, configured: ExitAction | undefined, hops: number): QueueExit | null {
  const action = configured ?? HANGUP;
  if (action.action === 'queue' && hops < MAX_EXIT_HOPS) {
    const target = cx.state.queues.get(action.target);
    if (target && target !== q) {
      // Out of this queue's line and pool first (a max-wait or closing exit starts in line).
      unwait(c);
      q.line.delete(c);
      if (c.rec.state === 'offering' && c.offers.size === 0) moveContact(c, 'offers_closed');
      publish(cx, { type: 'contact.overflowed', at: cx.now, scope: { queueId: q.config.id }, contactId: c.rec.id, fromQueueId: q.config.id, toQueueId: target.config.id });
      return enter(cx, c, target, hops + 1);
    }
  }
  const finalAction = action.action === 'queue' ? HANGUP : action;
  const number = c.rec.callbackNumber ?? c.rec.attributes['callerNumber'];
  if (finalAction.action === 'callback' && c.rec.media === 'voice' && number && q.line.has(c)) {
    // Virtual hold: the caller keeps the place (so it stays in line, no contact.exited); the
    // channel layer hangs up with a message.
    toCallback(cx, c, number);
    emit(cx, { kind: 'exit', exit: { contact: contactView(c), queueId: q.config.id, reason, action: finalAction } });
    return { queueId: q.config.id, reason, action: finalAction };
  }
  publish(cx, { type: 'contact.exited', at: cx.now, scope: { queueId: q.config.id }, contactId: c.rec.id, queueId: q.config.id, action: finalAction.action, reason });
  withdrawAll(cx, c, reason);
  leaveLine(cx, c);
  c.rec.queueId = q.config.id;
  end(cx, c, `exited:${finalAction.action}:${reason}`);
  emit(cx, { kind: 'exit', exit: { contact: contactView(c), queueId: q.config.id, reason, action: finalAction } });
  return { queueId: q.config.id, reason, action: finalAction };
}

export function toCallback(cx: EngineContext, c: ContactEntry, number: string): void {
  c.rec.media = 'callback';
  cx.state.queues.get(c.rec.queueId)?.line.mediaChanged(c);
  c.rec.callbackNumber = number;
  cancelTimer(cx, { kind: 'maxwait', contactId: c.rec.id });
  if (c.rec.state === 'offering' && c.offers.size === 0) wait(cx, c);
  touch(cx, c);
}

export function maxWait(cx: EngineContext, c: ContactEntry): void {
  const q = queueOf(cx, c.rec.queueId);
  withdrawAll(cx, c, 'max_wait');
  exit(cx, c, q, 'max_wait', q.config.maxWaitAction, 0);
}

export function relax(cx: EngineContext, c: ContactEntry): void {
  const q = queueOf(cx, c.rec.queueId);
  const step = q.config.relaxation?.[c.rec.relaxStep];
  if (!step) return;
  c.rec.relaxStep += 1;
  touch(cx, c);
  const target = step.overflowToQueueId ? cx.state.queues.get(step.overflowToQueueId) : undefined;
  if (target && target !== q) {
    const waiting = c.rec.state === 'waiting';
    if (waiting) unwait(c);
    q.line.delete(c);
    publish(cx, { type: 'contact.overflowed', at: cx.now, scope: { queueId: q.config.id }, contactId: c.rec.id, fromQueueId: q.config.id, toQueueId: target.config.id });
    enter(cx, c, target, 1);
    return;
  }
  if (c.rec.state === 'waiting') repool(cx, c);
  scheduleQueueTimers(cx, c, q);
}

export function leaveLine(cx: EngineContext, c: ContactEntry): void {
  unwait(c);
  cx.state.queues.get(c.rec.queueId)?.line.delete(c);
  cancelTimer(cx, { kind: 'maxwait', contactId: c.rec.id });
  cancelTimer(cx, { kind: 'relax', contactId: c.rec.id });
}

export function end(cx: EngineContext, c: ContactEntry, outcome: string): void {
  for (const agentId in c.rec.declinedUntil) {
    cancelTimer(cx, { kind: 'decline', contactId: c.rec.id, agentId });
    countDecline(cx, agentId, -1);
  }
  moveContact(c, 'ended');
  c.rec.endedAt = cx.now;
  c.rec.outcome = outcome;
  cx.state.contacts.delete(c.rec.id);
  touch(cx, c);
}

export function positionOf(cx: EngineContext, c: ContactEntry): { contactId: string; queueId: string; position: number; estimatedWaitMs: number | null } {
  const q = queueOf(cx, c.rec.queueId);
  // O(log n) in the line's order-statistics tree. A contact in line but not in this queue's line
  // (none should be) gets the place its keys would have, as the walk over the line gave it.
  const position = q.line.positionOf(c) || q.line.countBefore(c.rec.rank, c.rec.seq) + 1;
  const cls = mediaClassOf(c.rec.media);
  return { contactId: c.rec.id, queueId: q.config.id, position, estimatedWaitMs: estimate(cx, q, cls, position, q.free[cls]) };
}

/**
 * (position - agents free for it) x recent average handle time / staffed slots; null when
 * nobody staffs the queue. O(1): staffing is counted incrementally.
 */
export function estimate(cx: EngineContext, q: QueueEntry, cls: 'voice' | 'chat', position: number, free: number): number | null {
  const staffed = q.staffed[cls];
  if (staffed <= 0) return null;
  return Math.round((Math.max(0, position - free) * averageHandle(cx, q)) / staffed);
}

export function averageHandle(cx: EngineContext, q: QueueEntry): number {
  if (q.handleTimes.length === 0) return cx.deps.config.defaultHandleTimeMs;
  return q.handleSum / q.handleTimes.length;
}

/** Throws unless the agent is in one of `presence` and has a free slot for the media. */
export function roomFor(cx: EngineContext, a: AgentEntry, media: Media, presence: readonly Presence[]): void {
  presenceFor(a, presence);
  if (!hasRoom(a.rec, mediaClassOf(media), cx.deps.config.callBlocksChats)) {
    throw new AppError('CAPACITY_EXCEEDED', `agent ${a.rec.id} has no free ${mediaClassOf(media)} slot`, { agentId: a.rec.id, media });
  }
}

/** Throws unless the agent is in one of `presence`. */
export function presenceFor(a: AgentEntry, presence: readonly Presence[]): void {
  if (!presence.includes(a.rec.presence)) {
    throw new AppError('INVALID_TRANSITION', `agent ${a.rec.id} is ${a.rec.presence} and cannot receive a contact`, { agentId: a.rec.id, presence: a.rec.presence });
  }
}
