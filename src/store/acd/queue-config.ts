import type { Agent, Queue } from '../config/model.js';
import type { AgentProfile, ExitAction, QueueConfig, RelaxationStep } from '../../acd/types.js';

/**
 * Contact-center configuration as the routing engine wants it. main.ts feeds every queue and
 * agent through these at start and again on each `config.changed` event.
 */

/** With no aging the priority decides outright: one point outweighs any realistic wait. */
const NO_AGING_MS_PER_POINT = 1e12;

/** `voicemail` | `callback` | `ticket` | `queue:<id>` | `hangup`. */
export function toExitAction(text: string | null | undefined): ExitAction | undefined {
  if (!text) return undefined;
  if (text.startsWith('queue:')) return { action: 'queue', target: text.slice('queue:'.length) };
  if (text === 'voicemail' || text === 'callback' || text === 'ticket' || text === 'hangup' || text === 'message') return { action: text };
  return undefined;
}

export function toAcdQueue(q: Queue, serviceLevelMs?: number): QueueConfig {
  const relaxation: RelaxationStep[] = q.relaxation.map((s) =>
    'overflowQueueId' in s ? { afterMs: s.afterSeconds * 1000, overflowToQueueId: s.overflowQueueId } : { afterMs: s.afterSeconds * 1000, acceptLevel: s.acceptLevel },
  );
  const customerLevelPriority: Record<string, number> = {};
  for (const [level, boost] of Object.entries(q.vipBoost)) if (typeof boost === 'number') customerLevelPriority[level] = boost;
  const maxWaitAction = toExitAction(q.maxWaitAction);
  const closedAction = toExitAction(q.closedAction);
  return {
    id: q.id,
    name: q.name,
    strategy: q.strategy,
    priority: q.priority,
    // agingRate is priority points gained per second of waiting; the engine wants ms per point.
    agingMsPerPriority: q.agingRate > 0 ? 1000 / q.agingRate : NO_AGING_MS_PER_POINT,
    customerLevelPriority,
    requiredSkills: Object.fromEntries(q.requiredSkills.map((s) => [s.skillId, s.minLevel])),
    relaxation: relaxation.sort((a, b) => a.afterMs - b.afterMs),
    ...(q.maxQueueSize !== null ? { maxSize: q.maxQueueSize } : {}),
    ...(q.overflowQueueId ? { fullAction: { action: 'queue', target: q.overflowQueueId } as const } : {}),
    ...(q.maxWaitSeconds !== null ? { maxWaitMs: q.maxWaitSeconds * 1000 } : {}),
    ...(maxWaitAction ? { maxWaitAction } : {}),
    ...(closedAction ? { closedAction } : {}),
    wrapUpMs: q.wrapUpSeconds * 1000,
    offerTimeoutMs: Math.max(1, q.noAnswerTimeoutSeconds) * 1000,
    maxMissedOffers: q.maxMissesBeforeNotReady,
    ...(serviceLevelMs !== undefined ? { serviceLevelMs } : {}),
    // Member order is list order (top-down); weights feed weighted random.
    members: q.members.map((m, order) => ({ agentId: m.agentId, order, weight: m.weight })),
  };
}

export function toAgentProfile(a: Agent): AgentProfile {
  return {
    id: a.id,
    skills: Object.fromEntries(a.skills.map((s) => [s.skillId, s.level])),
    teamIds: a.teamId ? [a.teamId] : [],
    defaultChatCapacity: a.chatCapacity,
  };
}
