import type { FlowSnapshot } from './runner.js';

export type ConfigKind = 'queue' | 'calendar' | 'skill';

export interface FlowUser {
  flow: string;
  file: string;
}

/**
 * The running flows that name a queue, calendar or skill, by any of `refs` (its id and its name;
 * names compare case-insensitively, as flows may write them either way). Deleting or disabling
 * what a flow routes to would strand its callers, so the configuration API asks first.
 */
export function flowsUsing(flows: FlowSnapshot, kind: ConfigKind, refs: readonly string[]): FlowUser[] {
  const wanted = new Set(refs.map((r) => r.toLowerCase()));
  const hit = (ref: string) => wanted.has(ref.toLowerCase());
  const users: FlowUser[] = [];
  for (const { flow } of flows.values()) {
    const uses = [...flow.nodes.values()].some((node) => {
      if (kind === 'queue') return (node.kind === 'queue' || node.kind === 'callback') && hit(node.queue);
      if (kind === 'skill') return node.kind === 'queue' && node.skills.some(hit);
      return node.kind === 'hours' && hit(node.calendar);
    });
    if (uses) users.push({ flow: flow.name, file: flow.file });
  }
  return users.sort((a, b) => a.flow.localeCompare(b.flow));
}

/** Every queue and skill name the running flows route to (for looking them up ahead of callers). */
export function flowTargetNames(flows: FlowSnapshot): { queues: string[]; skills: string[] } {
  const queues = new Set<string>();
  const skills = new Set<string>();
  for (const { flow } of flows.values()) {
    for (const node of flow.nodes.values()) {
      if (node.kind === 'queue' || node.kind === 'callback') queues.add(node.queue);
      if (node.kind === 'queue') for (const s of node.skills) skills.add(s);
    }
  }
  return { queues: [...queues], skills: [...skills] };
}
