import { isAppError } from '../../core/errors.js';
import type { TransferNode } from '../flow.js';
import { interpolate } from '../run-context.js';
import type { NodeDef } from './node-def.js';
import { prompts } from './parse-helpers.js';

/** Sends the call to an external number; after the redirect the call is out of our hands. */
export const transferNode: NodeDef<TransferNode> = {
  kind: 'transfer',
  fields: ['prompt', 'number', 'trunk'],
  parse(v, base) {
    const number = v.string('number', true) ?? '';
    if (number && !/^(\+?[0-9*#]+|\$\{[a-zA-Z_][a-zA-Z0-9_]*\})$/.test(number)) {
      v.r.report(v.valuePos('number'), 'IVR_NOT_A_PHONE_NUMBER', { number });
    }
    const trunk = v.string('trunk');
    return { kind: 'transfer', ...base, prompts: prompts(v, 'prompt'), number, ...(trunk !== undefined ? { trunk } : {}) };
  },
  async run(node, ctx) {
    if (node.prompts.length > 0) {
      const out = await ctx.play(node.prompts);
      if (out.reason === 'gone') return { outcome: { kind: 'abandoned', node: node.id } };
    }
    const number = interpolate(node.number, ctx.vars);
    try {
      await ctx.media.redirect(ctx.channel.id, { kind: 'number', number, ...(node.trunk !== undefined ? { trunk: node.trunk } : {}) });
    } catch (err) {
      if (isAppError(err, 'CHANNEL_GONE')) return { outcome: { kind: 'abandoned', node: node.id } };
      throw err;
    }
    return { outcome: { kind: 'transfer', number, ...(node.trunk !== undefined ? { trunk: node.trunk } : {}) }, result: `to ${number}` };
  },
};
