import type { QueueNode } from '../flow.js';
import type { NodeDef } from './node-def.js';
import { prompts } from './parse-helpers.js';

/** Hands the caller to the routing engine: the runner's outcome names the queue, priority and skills. */
export const queueNode: NodeDef<QueueNode> = {
  kind: 'queue',
  fields: ['queue', 'priority', 'skills', 'announcements'],
  parse(v, base) {
    return {
      kind: 'queue',
      ...base,
      queue: v.string('queue', true) ?? '',
      queuePos: v.valuePos('queue'),
      priority: v.number('priority', 0, { min: 0, max: 100, integer: true }),
      skills: v.stringList('skills'),
      skillsPos: v.stringListPositions('skills'),
      announcements: prompts(v, 'announcements'),
    };
  },
  async run(node, ctx) {
    const announcements = await ctx.resolve(node.announcements);
    return {
      outcome: { kind: 'queue', queue: node.queue, priority: node.priority, skills: [...node.skills], announcements },
      result: `queue ${node.queue}`,
    };
  },
};
