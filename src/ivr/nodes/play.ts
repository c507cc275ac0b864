import type { PlayNode } from '../flow.js';
import type { NodeDef } from './node-def.js';
import { prompts, target } from './parse-helpers.js';

export const playNode: NodeDef<PlayNode> = {
  kind: 'play',
  fields: ['prompt', 'next'],
  parse(v, base) {
    const p = prompts(v, 'prompt');
    if (p.length === 0) v.r.report(v.pos, 'IVR_NEEDS_PROMPT', { where: v.at });
    return { kind: 'play', ...base, prompts: p, next: target(v, 'next', true) };
  },
  async run(node, ctx) {
    const out = await ctx.play(node.prompts);
    if (out.reason === 'gone') return { outcome: { kind: 'abandoned', node: node.id } };
    return { next: node.next.id };
  },
};
