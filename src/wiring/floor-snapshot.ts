/**
 * The floor as the floor watch, the status strips and the wallboard read it: the routing engine's
 * agents (teams, queues served), call handling's live calls, the supervision sessions, and one
 * figure set per queue. Constructs nothing; reads what the contact center holds.
 */
import type { FloorQueueFigures } from '../core/events.js';
import type { FloorSnapshot } from '../supervision/floor-scope.js';
import { floorCallOf } from '../supervision/floor-sources.js';
import type { ContactCenter } from './contact-center.js';

export function floorSnapshotOf(cc: ContactCenter, now: () => number): FloorSnapshot {
  // Per call and per chat, not per waiting contact: the floor refreshes many times a second and a
  // queue may hold 100,000 callers (a list of them all cost milliseconds per refresh).
  const waitingSince = { get: (contactId: string) => cc.acd.waitingSince(contactId) };
  const calls = cc.callHandling.calls.service.activeCalls();
  return {
    now: now(),
    agents: cc.acd.agentsOnFloor(),
    calls: calls.map((c) => ({ ...floorCallOf(c, waitingSince), ...(c.queueId !== undefined ? { queueId: c.queueId } : {}) })),
    monitoring: cc.callHandling.supervision.list(),
    waitingChats: cc.acd.waitingChats().map((w) => ({ queueId: w.queueId, since: w.since })),
  };
}

/**
 * Waiting, longest wait and available (voice) agents of every queue the routing engine has: the
 * engine's kept figures, O(log n) a queue (no row per waiting contact is built).
 */
export function queueFiguresOf(cc: ContactCenter): FloorQueueFigures[] {
  return cc.acd
    .queueIds()
    .sort()
    .map((queueId) => {
      const q = cc.acd.queueFigures(queueId);
      return { queueId, waiting: q.waiting.total, longestWaitMs: q.longestWaitMs, available: q.available.voice };
    });
}
