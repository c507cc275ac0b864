import { agentScope, applyAgent, moveContact, recountStaff, type EngineContext } from './engine-core.js';
import { cancelTimer, publish } from './engine-effects.js';
import { wait } from './engine-matching.js';
import { releaseSlot, removeAgentPool, type AgentEntry, type ContactEntry, type QueueEntry } from './engine-model.js';
import { closeOffer, withdrawAll } from './engine-offers.js';
import { exit, leaveLine } from './engine-queueing.js';
import type { ExitAction } from './types.js';

const HANGUP: ExitAction = { action: 'hangup' };

/**
 * Taking configuration away while the engine runs (a queue or agent deleted through the config
 * API), without losing a contact:
 *
 * - removeQueue: the queue stops existing at once. Its waiting contacts (offers withdrawn with
 *   `queue_removed`) go to its overflow queue (`fullAction` of kind queue) keeping their place by
 *   first arrival; without one they exit with reason `removed` through the queue's closed action
 *   (the queue no longer serves anyone, as if closed for good), else hang up. Contacts already
 *   connected stay with their agents and end normally.
 * - removeAgent: its offers are withdrawn (`agent_removed`; the contacts keep their place), it
 *   leaves every queue, and it is logged out by force: a live contact stays on its desk until it
 *   ends (the reducer keeps live work through a forced logout and skips the wrap-up), so the
 *   state trail reads on_contact -> logged_out when that contact ends. It cannot log in again
 *   until a profile for it is configured anew.
 *
 * Both are idempotent: removing what the engine does not hold changes nothing and returns false.
 */

export function removeQueue(cx: EngineContext, queueId: string): boolean {
  const { queues, agents, closeAt, heads } = cx.state;
  const q = queues.get(queueId);
  if (!q) return false;
  if (closeAt.delete(q)) cancelTimer(cx, { kind: 'hours', queueId });
  // Gone from the map first: an overflow chain leading back here ends in an exit, not a loop.
  queues.delete(queueId);
  for (const pool of q.pools.values()) for (const a of pool.eligible) removeAgentPool(a, pool);
  for (const id of q.members.keys()) agents.get(id)?.memberOf.delete(q);
  const overflow = q.config.fullAction?.action === 'queue' ? q.config.fullAction : undefined;
  const action = overflow ?? q.config.closedAction ?? HANGUP;
  const line = q.line.ordered();
  for (const c of line) leaveRemovedQueue(cx, c, q, action);
  // Only now: the contacts just left these pools, and an overflow may have created new ones.
  for (const pool of q.pools.values()) releaseSlot(heads, pool.slot);
  return true;
}

export function removeAgent(cx: EngineContext, agentId: string, by = 'system'): boolean {
  cx.state.removedAgents.add(agentId);
  const a = cx.state.agents.get(agentId);
  if (!a) return false;
  withdrawAgentOffers(cx, a, 'agent_removed');
  for (const q of [...a.memberOf]) {
    for (const pool of q.pools.values()) {
      if (!pool.eligible.has(a)) continue;
      pool.eligible.delete(a);
      removeAgentPool(a, pool);
      pool.idle.remove(a);
    }
    q.members.delete(agentId);
    q.config = { ...q.config, members: q.config.members.filter((m) => m.agentId !== agentId) };
    a.memberOf.delete(q);
    recountStaff(cx, q);
  }
  a.profile = { id: agentId, skills: {}, teamIds: a.profile.teamIds };
  if (a.rec.presence !== 'logged_out') {
    for (const w of a.rec.work) if (w.phase === 'wrap_up') cancelTimer(cx, { kind: 'wrap', agentId, contactId: w.contactId });
    applyAgent(cx, a, { kind: 'logout', force: true }, by);
    publish(cx, { type: 'agent.logged_out', at: cx.now, scope: agentScope(a), agentId, by });
  }
  return true;
}

/** Withdraw every offer ringing the agent; a contact left with none waits in its pool again. */
export function withdrawAgentOffers(cx: EngineContext, a: AgentEntry, reason: string): void {
  for (const o of [...a.offers]) {
    const c = o.contact;
    closeOffer(cx, o, 'withdrawn', reason);
    if (c.offers.size === 0 && c.rec.state === 'offering') wait(cx, c);
  }
}

function leaveRemovedQueue(cx: EngineContext, c: ContactEntry, q: QueueEntry, action: ExitAction): void {
  withdrawAll(cx, c, 'queue_removed');
  // Out of the line before the exit: a callback exit must not keep a place in a queue that is gone.
  leaveLine(cx, c);
  q.line.delete(c);
  moveContact(c, 'offers_closed');
  exit(cx, c, q, 'removed', action, 0);
}
