import { isMap, isScalar } from 'yaml';
import type { SetNode } from '../flow.js';
import { interpolate } from '../run-context.js';
import type { NodeDef } from './node-def.js';
import { isVarName, target } from './parse-helpers.js';

/** Sets variables (values may use `${var}`) and adds tags; both travel with the call to routing and screen-pop. */
export const setNode: NodeDef<SetNode> = {
  kind: 'set',
  fields: ['set', 'tags', 'next'],
  parse(v, base) {
    const set: Record<string, string> = {};
    const n = v.node('set');
    if (n !== undefined) {
      if (!isMap(n)) v.r.report(v.valuePos('set'), 'IVR_SET_NOT_A_MAPPING', { where: v.at });
      else
        for (const pair of n.items) {
          const k = isScalar(pair.key) ? String(pair.key.value) : '';
          const val = isScalar(pair.value) ? pair.value.value : undefined;
          if (!isVarName(k)) v.r.report(v.r.posOf(pair.key as never), 'IVR_NOT_A_VARIABLE_NAME_CHARS', { name: k });
          else if (typeof val !== 'string' && typeof val !== 'number' && typeof val !== 'boolean') {
            v.r.report(v.r.posOf(pair.key as never), 'IVR_SET_VALUE_NOT_TEXT', { where: v.at, name: k });
          } else set[k] = String(val);
        }
    }
    const tags = v.stringList('tags');
    if (Object.keys(set).length === 0 && tags.length === 0) v.r.report(v.pos, 'IVR_SETS_NOTHING', { where: v.at });
    return { kind: 'set', ...base, set, tags, next: target(v, 'next', true) };
  },
  async run(node, ctx) {
    for (const [k, val] of Object.entries(node.set)) ctx.vars[k] = interpolate(val, ctx.vars);
    for (const t of node.tags) ctx.tags.add(t);
    return { next: node.next.id };
  },
};
