import type { FlowTargetLookup } from './ports.js';

export type ResolvedTarget = { ok: true; queueId: string; skillIds: string[] } | { ok: false; reason: string };

/**
 * The queue and skills a flow's queue or callback node names, as the ids the routing engine keys
 * them by. Validation refuses flows naming unknown ones, but a queue or skill can be removed after
 * the flow was accepted: then the answer says why, and the caller must be sent somewhere safe
 * rather than into a queue nobody serves or with a skill no agent can ever hold.
 */
export async function resolveFlowTarget(lookup: FlowTargetLookup, queue: string, skills: readonly string[]): Promise<ResolvedTarget> {
  const queueId = await lookup.queueIdOf(queue);
  if (!queueId) return { ok: false, reason: `queue "${queue}" no longer exists` };
  if (lookup.queueEnabled && !(await lookup.queueEnabled(queueId))) return { ok: false, reason: `queue "${queue}" is disabled` };
  const skillIds: string[] = [];
  for (const skill of skills) {
    const id = await lookup.skillIdOf(skill);
    if (!id) return { ok: false, reason: `skill "${skill}" no longer exists` };
    skillIds.push(id);
  }
  return { ok: true, queueId, skillIds };
}
