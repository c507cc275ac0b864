import type { FlowNode, NodeKind } from '../flow.js';
import type { NodeDef } from './node-def.js';
import { callbackNode } from './callback.js';
import { collectNode } from './collect.js';
import { conditionNode } from './condition.js';
import { hangupNode } from './hangup.js';
import { hoursNode } from './hours.js';
import { httpNode } from './http.js';
import { menuNode } from './menu.js';
import { playNode } from './play.js';
import { queueNode } from './queue.js';
import { saveNode } from './save.js';
import { setNode } from './set.js';
import { speechMenuNode } from './speech-menu.js';
import { returnNode, subflowNode } from './subflow.js';
import { transferNode } from './transfer.js';
import { voicemailNode } from './voicemail.js';

type DefOf<K extends NodeKind> = NodeDef<Extract<FlowNode, { kind: K }>>;

export const NODE_DEFS: { [K in NodeKind]: DefOf<K> } = {
  play: playNode,
  menu: menuNode,
  collect: collectNode,
  speech_menu: speechMenuNode,
  hours: hoursNode,
  condition: conditionNode,
  http: httpNode,
  set: setNode,
  save: saveNode,
  queue: queueNode,
  voicemail: voicemailNode,
  callback: callbackNode,
  transfer: transferNode,
  subflow: subflowNode,
  return: returnNode,
  hangup: hangupNode,
};

export function defOf(kind: NodeKind): NodeDef<FlowNode> {
  return NODE_DEFS[kind] as unknown as NodeDef<FlowNode>;
}
