import type { HangupNode } from '../flow.js';
import type { NodeDef } from './node-def.js';
import { prompts } from './parse-helpers.js';
import { isAppError } from '../../core/errors.js';

export const hangupNode: NodeDef<HangupNode> = {
  kind: 'hangup',
  fields: ['prompt'],
  parse(v, base) {
    return { kind: 'hangup', ...base, prompts: prompts(v, 'prompt') };
  },
  async run(node, ctx) {
    if (node.prompts.length > 0) {
      const out = await ctx.play(node.prompts);
      if (out.reason === 'gone') return { outcome: { kind: 'abandoned', node: node.id } };
    }
    try {
      await ctx.media.hangup(ctx.channel.id, 'normal');
    } catch (err) {
      // The caller may have left between the prompt and our hang-up: the call is over either way.
      if (!isAppError(err, 'CHANNEL_GONE')) throw err;
    }
    return { outcome: { kind: 'hangup' } };
  },
};
