import type { ReturnNode, SubflowNode } from '../flow.js';
import type { NodeDef } from './node-def.js';
import { target } from './parse-helpers.js';

/**
 * Runs another flow file. If that flow reaches a `return` node the call comes back here and goes
 * on at `next`; any other exit of the sub-flow (queue, hang-up...) ends the call's IVR as usual.
 */
export const subflowNode: NodeDef<SubflowNode> = {
  kind: 'subflow',
  fields: ['flow', 'next'],
  parse(v, base) {
    const next = target(v, 'next', false);
    return { kind: 'subflow', ...base, flow: v.string('flow', true) ?? '', flowPos: v.valuePos('flow'), ...(next ? { next } : {}) };
  },
  async run(node) {
    return { enterFlow: node.flow, ...(node.next ? { resume: node.next.id } : {}) };
  },
};

export const returnNode: NodeDef<ReturnNode> = {
  kind: 'return',
  fields: [],
  parse(_v, base) {
    return { kind: 'return', ...base };
  },
  async run() {
    return { returnFromFlow: true };
  },
};
