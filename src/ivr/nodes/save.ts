import type { SaveNode } from '../flow.js';
import type { NodeDef } from './node-def.js';
import { isVarName, target } from './parse-helpers.js';

/** Stores chosen variables against the call (a survey rating, an answer) for reports. */
export const saveNode: NodeDef<SaveNode> = {
  kind: 'save',
  fields: ['variables', 'next'],
  parse(v, base) {
    const variables = v.stringList('variables');
    if (variables.length === 0) v.r.report(v.pos, 'IVR_SAVE_NEEDS_VARIABLES', { where: v.at });
    for (const name of variables) if (!isVarName(name)) v.r.report(v.valuePos('variables'), 'IVR_NOT_A_VARIABLE_NAME', { name });
    return { kind: 'save', ...base, variables, next: target(v, 'next', true) };
  },
  async run(node, ctx) {
    const values: Record<string, string> = {};
    for (const name of node.variables) {
      const val = ctx.vars[name];
      if (val !== undefined) values[name] = val;
    }
    if (Object.keys(values).length > 0) await ctx.services.callData.save(ctx.callId, ctx.flow.name, values, ctx.clock.now());
    return { next: node.next.id, result: Object.keys(values).join(',') || 'nothing' };
  },
};
