import type { AgentProfile, ExitAction, QueueConfig, RelaxationStep as AcdRelaxationStep } from '../acd/types.js';
import { CONFIGURABLE_EXIT_ACTIONS } from '../core/vocabulary.js';
import type { Agent, Queue } from './model.js';
import { isOverflowStep } from './queue-rules.js';

/**
 * Stored configuration -> the routing engine's vocabulary (src/acd/types.ts). Skills are keyed by
 * skill id on both sides (queue requirements and agent profiles), so a renamed skill changes nothing.
 */

function isConfigurableExit(action: string): action is (typeof CONFIGURABLE_EXIT_ACTIONS)[number] {
  return (CONFIGURABLE_EXIT_ACTIONS as readonly string[]).includes(action);
}

export function toExitAction(action: string | null): ExitAction | undefined {
  if (action === null) return undefined;
  if (action.startsWith('queue:')) return { action: 'queue', target: action.slice('queue:'.length) };
  if (action === 'hangup' || isConfigurableExit(action)) return { action };
  return undefined;
}

/** "After N seconds accept level L" is the engine's `acceptLevel` cap: every requirement above L comes down to L. */
function toRelaxation(queue: Queue): AcdRelaxationStep[] {
  return queue.relaxation.map((step) =>
    isOverflowStep(step)
      ? { afterMs: step.afterSeconds * 1000, overflowToQueueId: step.overflowQueueId }
      : { afterMs: step.afterSeconds * 1000, acceptLevel: step.acceptLevel },
  );
}

export function toAcdQueueConfig(queue: Queue): QueueConfig {
  const maxWaitAction = toExitAction(queue.maxWaitAction);
  const closedAction = toExitAction(queue.closedAction);
  return {
    id: queue.id,
    name: queue.name,
    strategy: queue.strategy,
    priority: queue.priority,
    requiredSkills: Object.fromEntries(queue.requiredSkills.map((s) => [s.skillId, s.minLevel])),
    relaxation: toRelaxation(queue),
    // agingRate is priority points per second waited; the engine wants ms of waiting per point.
    ...(queue.agingRate > 0 ? { agingMsPerPriority: 1000 / queue.agingRate } : {}),
    customerLevelPriority: { ...queue.vipBoost },
    ...(queue.maxQueueSize !== null ? { maxSize: queue.maxQueueSize } : {}),
    ...(queue.enabled ? {} : { disabled: true }),
    ...(queue.overflowQueueId !== null ? { fullAction: { action: 'queue', target: queue.overflowQueueId } } : {}),
    ...(queue.maxWaitSeconds !== null && maxWaitAction ? { maxWaitMs: queue.maxWaitSeconds * 1000, maxWaitAction } : {}),
    ...(closedAction ? { closedAction } : {}),
    wrapUpMs: queue.wrapUpSeconds * 1000,
    offerTimeoutMs: queue.noAnswerTimeoutSeconds * 1000,
    maxMissedOffers: queue.maxMissesBeforeNotReady,
    members: queue.members.map((m, order) => ({ agentId: m.agentId, order, weight: m.weight })),
  };
}

export function toAcdAgentProfile(agent: Agent): AgentProfile {
  return {
    id: agent.id,
    skills: Object.fromEntries(agent.skills.map((s) => [s.skillId, s.level])),
    teamIds: agent.teamId ? [agent.teamId] : [],
    defaultChatCapacity: agent.chatCapacity,
  };
}
