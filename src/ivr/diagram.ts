import { edgesOf, type Flow, type FlowNode } from './flow.js';

export interface FlowGraph {
  start: string;
  /**
   * `label`: the node in English words (`queue sales (priority 2)`), for API readers.
   * `detail`: only what the node names (the queue, number, calendar, flow, variable, mailbox,
   * method or saved variables; '' for none), so a page can put it next to the kind in its own language.
   */
  nodes: { id: string; kind: string; line: number; label: string; detail: string }[];
  edges: { from: string; to: string; label: string }[];
}

/** The flow as nodes and edges for the admin page's diagram (the browser lays it out). */
export function flowGraph(flow: Flow): FlowGraph {
  const nodes = [...flow.nodes.values()].map((n) => ({ id: n.id, kind: n.kind, line: n.pos.line, label: labelOf(n), detail: detailOf(n) }));
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

function detailOf(n: FlowNode): string {
  switch (n.kind) {
    case 'queue':
    case 'callback':
      return n.queue;
    case 'transfer':
      return n.number;
    case 'hours':
      return n.calendar;
    case 'subflow':
      return n.flow;
    case 'collect':
      return n.variable;
    case 'voicemail':
      return n.mailbox;
    case 'http':
      return n.method;
    case 'save':
      return n.variables.join(', ');
    default:
      return '';
  }
}
