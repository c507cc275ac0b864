/**
 * The IVR flows page's pure parts: which nodes a problem marks, where a problem sits in the text,
 * a flow's state badge, the diagram's layout (sized to everything it draws) and the abandon
 * chart's range of local days.
 */
import { describe, expect, it } from 'vitest';
import type { FlowGraph } from '../../../src/web/api/ivr.js';
import { presetOf, presetRange, rangeInstants } from '../../../src/web/ivr/abandon-range.js';
import { layoutFlow, NODE_H, rowsOf, textWidth } from '../../../src/web/ivr/flow-layout.js';
import { flowBadge, problemNodes, selectionOf } from '../../../src/web/ivr/flow-problems.js';

const SOURCE = [
  'description: test', //  1
  'start: menu', //        2
  'nodes:', //             3
  '  menu:', //            4
  '    type: menu', //     5
  '    choices:', //       6
  '      "1": salse', //   7
  '', //                   8
  '  # a comment', //      9
  '  sales:', //          10
  '    type: hangup', //  11
  '  broken:', //         12  (could not be read: not in the graph)
  '    type: nonsense', // 13
  'timezone: Mars/Base', // 14
].join('\n');

const GRAPH: FlowGraph = {
  start: 'menu',
  nodes: [
    { id: 'menu', kind: 'menu', line: 4, label: '', detail: '' },
    { id: 'sales', kind: 'hangup', line: 10, label: '', detail: '' },
  ],
  edges: [{ from: 'menu', to: 'sales', label: '1' }],
};

const problem = (line: number, col = 1) => ({ file: 'f.yaml', line, col, code: 'IVR_X', params: {}, reason: 'r' });

describe('problems on the IVR page', () => {
  it('given problems inside node blocks when marked then each marks the node whose block holds its line, blank and comment lines included', () => {
    expect(problemNodes(GRAPH, [problem(7, 12)], SOURCE)).toEqual(new Set(['menu']));
    expect(problemNodes(GRAPH, [problem(8), problem(11)], SOURCE)).toEqual(new Set(['menu', 'sales']));
  });

  it('given problems outside every readable node (the header, an unreadable node, a later top-level key) when marked then no node is marked', () => {
    expect(problemNodes(GRAPH, [problem(2), problem(13), problem(14)], SOURCE)).toEqual(new Set());
    expect(problemNodes(null, [problem(7)], SOURCE)).toEqual(new Set());
  });

  it('given a problem at line:col when selected then the selection runs from that column to the end of its line', () => {
    const { start, end } = selectionOf(SOURCE, 7, 12);
    expect(SOURCE.slice(start, end)).toBe('salse');
    // Past the end of the text: the last line, never beyond it.
    const last = selectionOf(SOURCE, 99, 1);
    expect(SOURCE.slice(last.start, last.end)).toBe('timezone: Mars/Base');
  });

  it('given flow states when badged then problems come first, then whether a version runs', () => {
    expect(flowBadge({ version: 3, problems: [problem(1), problem(2)] })).toEqual({ kind: 'problems', count: 2 });
    expect(flowBadge({ version: null, problems: [] })).toEqual({ kind: 'off' });
    expect(flowBadge({ version: 1, problems: [] })).toEqual({ kind: 'valid' });
  });
});

describe('the flow diagram layout', () => {
  const wide: FlowGraph = {
    start: 'a_very_long_greeting_node_name_that_would_not_fit_in_a_fixed_box',
    nodes: [
      { id: 'a_very_long_greeting_node_name_that_would_not_fit_in_a_fixed_box', kind: 'play', line: 1, label: '', detail: '' },
      { id: 'menu', kind: 'menu', line: 2, label: '', detail: '' },
      ...Array.from({ length: 9 }, (_, i) => ({ id: `choice_${i}`, kind: 'hangup', line: 3 + i, label: '', detail: '' })),
      { id: 'orphan', kind: 'hangup', line: 20, label: '', detail: '' },
    ],
    edges: [
      { from: 'a_very_long_greeting_node_name_that_would_not_fit_in_a_fixed_box', to: 'menu', label: 'next' },
      ...Array.from({ length: 9 }, (_, i) => ({ from: 'menu', to: `choice_${i}`, label: String(i + 1) })),
      { from: 'choice_8', to: 'menu', label: 'a label of a loop back to the menu' },
      { from: 'menu', to: 'choice_0', label: 'fail' },
    ],
  };
  const texts = (n: FlowGraph['nodes'][number]) => ({ title: n.id, sub: n.kind, ...(n.id === 'menu' ? { badge: '12' } : {}) });

  it('given nodes at distances from start when laid out then each distance is a row and nodes start cannot reach come last', () => {
    expect(rowsOf(wide).map((r) => r.map((n) => n.id))).toEqual([[wide.start], ['menu'], Array.from({ length: 9 }, (_, i) => `choice_${i}`), ['orphan']]);
  });

  it('given a long name, a wide row, a loop back and a badge when laid out then every box fits its text and the drawing holds all of it', () => {
    const l = layoutFlow(wide, { textsOf: texts });
    const long = l.nodes.find((n) => n.id === wide.start);
    expect(long && long.w).toBeGreaterThanOrEqual(textWidth(wide.start, 13) + 20);
    const b = l.bounds;
    for (const n of l.nodes) {
      expect(n.x).toBeGreaterThanOrEqual(b.x);
      expect(n.x + n.w).toBeLessThanOrEqual(b.x + b.width);
      expect(n.y + NODE_H).toBeLessThanOrEqual(b.y + b.height);
    }
    const menu = l.nodes.find((n) => n.id === 'menu');
    expect(menu?.badgeBox).toBeDefined();
    expect(menu && menu.badgeBox && menu.y + menu.badgeBox.y).toBeGreaterThanOrEqual(b.y);
    const back = l.edges.find((e) => e.from === 'choice_8' && e.to === 'menu');
    expect(back && back.lx + 3 + textWidth(back.label, 11)).toBeLessThanOrEqual(b.x + b.width);
    // Two exits to the same node are one arrow with both labels.
    expect(l.edges.filter((e) => e.from === 'menu' && e.to === 'choice_0').map((e) => e.label)).toEqual(['1, fail']);
  });

  it('given a node whose text measured wider than estimated when laid out again then its box widens to it', () => {
    const first = layoutFlow(wide, { textsOf: texts }).nodes.find((n) => n.id === 'menu');
    const again = layoutFlow(wide, { textsOf: texts, measured: new Map([['menu', 400]]) }).nodes.find((n) => n.id === 'menu');
    expect(first?.w).toBe(150);
    expect(again?.w).toBe(420);
  });

  it('given Chinese text when its width is estimated then each wide character counts a full em', () => {
    expect(textWidth('按键菜单', 10)).toBe(40);
    expect(textWidth('menu', 10)).toBeLessThan(40);
  });
});

describe('the abandon chart range', () => {
  const now = Date.parse('2026-06-14T17:00:00Z'); // already the 15th in Shanghai

  it('given the presets when chosen then they are today, the last 7 and the last 30 local days up to today', () => {
    expect(presetRange('today', now, 'Asia/Shanghai')).toEqual({ from: '2026-06-15', to: '2026-06-15' });
    expect(presetRange('days7', now, 'Asia/Shanghai')).toEqual({ from: '2026-06-09', to: '2026-06-15' });
    expect(presetRange('days30', now, 'Asia/Shanghai')).toEqual({ from: '2026-05-17', to: '2026-06-15' });
    expect(presetOf({ from: '2026-06-09', to: '2026-06-15' }, now, 'Asia/Shanghai')).toBe('days7');
    expect(presetOf({ from: '2026-06-10', to: '2026-06-15' }, now, 'Asia/Shanghai')).toBeUndefined();
  });

  it('given local days when turned into instants then they run from local midnight to the midnight after the last day, clock changes included', () => {
    expect(rangeInstants({ from: '2026-03-29', to: '2026-03-29' }, 'Europe/Berlin')).toEqual({ from: Date.parse('2026-03-28T23:00:00Z'), to: Date.parse('2026-03-29T22:00:00Z') });
    expect(rangeInstants({ from: '2026-06-15', to: '2026-06-14' }, 'UTC')).toBeUndefined();
    expect(rangeInstants({ from: '', to: '2026-06-14' }, 'UTC')).toBeUndefined();
  });
});
