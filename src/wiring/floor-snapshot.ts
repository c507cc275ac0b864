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
  const waiting = cc.acd.waitingContacts();
  const waitingSince = new Map(waiting.map((w) => [w.contactId, w.since]));
  const calls = cc.callHandling.calls.service.activeCalls();
  return {
    now: now(),
    agents: cc.acd.agentsOnFloor(),
    calls: calls.map((c) => ({ ...floorCallOf(c, waitingSince), ...(c.queueId !== undefined ? { queueId: c.queueId } : {}) })),
    monitoring: cc.callHandling.supervision.list(),
    waitingChats: waiting.filter((w) => w.media === 'chat').map((w) => ({ queueId: w.queueId, since: w.since })),
  };
}

/** Waiting, longest wait and available (voice) agents of every queue the routing engine has. */
export function queueFiguresOf(cc: ContactCenter): FloorQueueFigures[] {
  return cc.acd
    .queueIds()
    .sort()
    .map((queueId) => {
      const q = cc.acd.queueSnapshot(queueId);
      return { queueId, waiting: q.contacts.length, longestWaitMs: q.contacts.reduce((m, c) => Math.max(m, c.waitedMs), 0), available: q.available.voice };
    });
}
