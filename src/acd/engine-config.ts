import { validationError } from '../core/errors.js';
import { ensureAgent, recountStaff, requeueAll, wake, type EngineContext } from './engine-core.js';
import { queueReconfigured } from './engine-hours.js';
import { link, unwait, wait } from './engine-matching.js';
import { newLine, releaseSlot, removeAgentPool, type QueueEntry } from './engine-model.js';
import { validateQueue } from './validation.js';
import type { AgentProfile, QueueConfig } from './types.js';

/** Configuration applied live: queues and agent profiles (taking them away: engine-removal.ts). */

export function upsertQueue(cx: EngineContext, config: QueueConfig): void {
  validateQueue(config);
  const { queues, agents, heads } = cx.state;
  const existing = queues.get(config.id);
  const members = new Map(config.members.map((m) => [m.agentId, m]));
  if (!existing) {
    const q: QueueEntry = { config, members, line: newLine(), pools: new Map(), handleTimes: [], handleNext: 0, handleSum: 0, staffed: { voice: 0, chat: 0 }, free: { voice: 0, chat: 0 } };
    queues.set(config.id, q);
    for (const id of members.keys()) ensureAgent(cx, id).memberOf.add(q);
    recountStaff(cx, q);
  } else {
    // Rebuild the queue's pools: strategy, members and requirements may all have changed.
    const waiting = [...existing.line].filter((c) => c.pool !== null);
    for (const c of waiting) unwait(c);
    for (const pool of existing.pools.values()) {
      for (const a of pool.eligible) removeAgentPool(a, pool);
      releaseSlot(heads, pool.slot);
    }
    for (const id of existing.members.keys()) agents.get(id)?.memberOf.delete(existing);
    existing.config = config;
    existing.members = members;
    existing.pools = new Map();
    for (const id of members.keys()) ensureAgent(cx, id).memberOf.add(existing);
    recountStaff(cx, existing);
    for (const c of waiting) wait(cx, c);
    requeueAll(cx);
  }
  const q = queues.get(config.id);
  if (q) queueReconfigured(cx, q);
}

export function upsertAgentProfile(cx: EngineContext, profile: AgentProfile): void {
  if (!profile.id) throw validationError([{ where: '/id', reason: 'an agent profile needs an id' }]);
  for (const [skill, level] of Object.entries(profile.skills ?? {})) {
    if (typeof level !== 'number' || !Number.isFinite(level)) throw validationError([{ where: `/skills/${skill}`, reason: 'must be a number' }]);
  }
  const a = ensureAgent(cx, profile.id);
  a.profile = { ...profile, skills: { ...profile.skills }, teamIds: [...(profile.teamIds ?? [])] };
  for (const q of a.memberOf) for (const pool of q.pools.values()) link(cx, pool, a);
  // Newly qualifying for pools with waiting contacts: the agent looks at its pools again.
  wake(cx, a);
  // Configured anew: a removed agent may log in again.
  cx.state.removedAgents.delete(profile.id);
}
