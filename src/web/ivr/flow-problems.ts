/**
 * What the flows page derives from a flow's problems, pure: which diagram nodes hold them, where
 * a problem sits in the editor's text, and the state badge of a flow.
 */
import type { FlowGraph, FlowProblem } from '../api/ivr.js';
import { hasKey, t, type MessageKey } from '../i18n/i18n.js';

/** Leading spaces of a line; blank and comment lines are not the end of anything. */
function indentOf(line: string): number | undefined {
  const trimmed = line.trimStart();
  if (trimmed === '' || trimmed.startsWith('#')) return undefined;
  return line.length - trimmed.length;
}

/**
 * The nodes whose block in the file holds a problem. A node's block runs from its own line (the
 * graph says which) to the next line indented no deeper than it: a problem on a later top-level
 * key, or in a node the daemon could not read (not in the graph), marks nothing rather than the
 * node written just above it.
 */
export function problemNodes(graph: FlowGraph | null, problems: readonly FlowProblem[], source: string): Set<string> {
  const marked = new Set<string>();
  if (!graph || problems.length === 0) return marked;
  const lines = source.split('\n');
  const blocks = graph.nodes.map((n) => {
    const own = indentOf(lines[n.line - 1] ?? '') ?? 0;
    let end = n.line + 1;
    while (end <= lines.length) {
      const indent = indentOf(lines[end - 1] ?? '');
      if (indent !== undefined && indent <= own) break;
      end++;
    }
    return { id: n.id, first: n.line, end };
  });
  for (const p of problems) {
    const owner = blocks.find((b) => p.line >= b.first && p.line < b.end);
    if (owner) marked.add(owner.id);
  }
  return marked;
}

/** The part of the text a problem points at: from its column to the end of its line (offsets for setSelectionRange). */
export function selectionOf(source: string, line: number, col: number): { start: number; end: number } {
  const lines = source.split('\n');
  const row = Math.min(Math.max(line, 1), lines.length) - 1;
  let offset = 0;
  for (let i = 0; i < row; i++) offset += (lines[i] ?? '').length + 1;
  const text = lines[row] ?? '';
  const start = offset + Math.min(Math.max(col - 1, 0), text.length);
  return { start, end: Math.max(start, offset + text.length) };
}

export type FlowBadge = { kind: 'problems'; count: number } | { kind: 'off' } | { kind: 'valid' };

/** Problems first (a flow with problems may still run its older version), then whether it runs at all. */
export function flowBadge(state: { version: number | null; problems: readonly unknown[] }): FlowBadge {
  if (state.problems.length > 0) return { kind: 'problems', count: state.problems.length };
  if (state.version === null) return { kind: 'off' };
  return { kind: 'valid' };
}

const WHERE_KEYS: Record<string, MessageKey> = {
  flow: 'ivr.where.flow',
  node: 'ivr.where.node',
  field: 'ivr.where.field',
  prompt: 'ivr.where.prompt',
  rule: 'ivr.where.rule',
  if: 'ivr.where.if',
  time: 'ivr.where.time',
  choice: 'ivr.where.choice',
};

/**
 * A place in a flow file in the UI language, from the daemon's path (`node:menu/field:prompts/prompt`,
 * outermost first; src/ivr/problem-codes.ts). Undefined for a segment this page does not know.
 */
export function whereText(path: string): string | undefined {
  let text = '';
  for (const seg of path.split('/')) {
    const i = seg.indexOf(':');
    const kind = i < 0 ? seg : seg.slice(0, i);
    const arg = i < 0 ? '' : seg.slice(i + 1);
    const key = WHERE_KEYS[kind];
    if (!key) return undefined;
    text = t(key, { outer: text, id: arg, key: arg });
  }
  return text;
}

/**
 * A problem as the user reads it: its code's sentence in the UI language, filled with its params.
 * A code (or a place) this page does not know, from a newer daemon, shows the daemon's English.
 */
export function problemText(p: Pick<FlowProblem, 'reason'> & Partial<Pick<FlowProblem, 'code' | 'params'>>): string {
  const key = `ivr.problem.${p.code ?? ''}`;
  if (!p.code || !hasKey(key)) return p.reason;
  const params = { ...(p.params ?? {}) };
  if (params.where !== undefined) {
    const where = whereText(String(params.where));
    if (where === undefined) return p.reason;
    params.where = where;
  }
  return t(key, params);
}
