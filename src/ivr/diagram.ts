import { edgesOf, type Flow, type FlowNode } from './flow.js';

export interface FlowGraph {
  start: string;
  nodes: { id: string; kind: string; line: number; label: string }[];
  edges: { from: string; to: string; label: string }[];
}

/** The flow as nodes and edges for the admin page's diagram (the browser lays it out). */
export function flowGraph(flow: Flow): FlowGraph {
  const nodes = [...flow.nodes.values()].map((n) => ({ id: n.id, kind: n.kind, line: n.pos.line, label: labelOf(n) }));
  const edges = [...flow.nodes.values()].flatMap((n) => edgesOf(n).filter((e) => e.target.id).map((e) => ({ from: n.id, to: e.target.id, label: e.label })));
  return { start: flow.start.id, nodes, edges };
}

function labelOf(n: FlowNode): string {
  switch (n.kind) {
    case 'queue':
      return `queue ${n.queue}${n.priority ? ` (priority ${n.priority})` : ''}`;
    case 'callback':
      return `callback via ${n.queue}`;
    case 'transfer':
      return `to ${n.number}`;
    case 'hours':
      return `calendar ${n.calendar}`;
    case 'subflow':
      return `flow ${n.flow}`;
    case 'collect':
      return `into ${n.variable}`;
    case 'voicemail':
      return `mailbox ${n.mailbox}`;
    case 'http':
      return n.method;
    case 'save':
      return n.variables.join(', ');
    default:
      return '';
  }
}
