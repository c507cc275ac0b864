/**
 * Where each box and arrow of a flow diagram goes, pure (the component only draws). Nodes sit in
 * rows by their distance from start; each box is as wide as its text needs, and the drawing's size
 * is the extent of everything drawn (boxes, arrows' curves, labels, badges), so nothing is cut off
 * however long a node's name or however wide a menu. The component measures the real text after
 * drawing and widens the drawing if the estimate fell short.
 */
import type { FlowGraph } from '../api/ivr.js';

export const NODE_H = 48;
const MIN_W = 150;
const GAP_X = 40;
const GAP_Y = 76;
const PAD = 16;
export const TEXT_X = 10;
export const TITLE_PX = 13;
export const SUB_PX = 11;
export const EDGE_PX = 11;
export const BADGE_PX = 11;
export const BADGE_H = 20;
const EXITS = new Set(['queue', 'transfer', 'voicemail', 'hangup', 'return']);

/**
 * A text's width in pixels at a font size, on the generous side: wide (CJK, full-width) characters
 * an em, others 0.64 em. Generous is the safe way to be wrong: a box a little wide, never a name cut.
 */
export function textWidth(text: string, px: number): number {
  let w = 0;
  for (const ch of text) w += (ch.codePointAt(0) ?? 0) >= 0x2e80 ? px : px * 0.64;
  return Math.ceil(w);
}

export interface NodeTexts {
  title: string;
  sub: string;
  /** A small count on the box's corner (callers who left there), if any. */
  badge?: string;
}

export interface NodeBox {
  id: string;
  line: number;
  x: number;
  y: number;
  w: number;
  start: boolean;
  exit: boolean;
  texts: NodeTexts;
  /** The badge's box, relative to the node. */
  badgeBox?: { x: number; y: number; w: number };
}

export interface EdgeLine {
  from: string;
  to: string;
  label: string;
  d: string;
  lx: number;
  ly: number;
}

export interface Bounds {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface FlowLayout {
  nodes: NodeBox[];
  edges: EdgeLine[];
  bounds: Bounds;
}

/** Rows by breadth-first distance from start; nodes start cannot reach go in a last row. */
export function rowsOf(graph: FlowGraph): FlowGraph['nodes'][] {
  const ids = new Set(graph.nodes.map((n) => n.id));
  const out = new Map<string, string[]>(graph.nodes.map((n) => [n.id, []]));
  for (const e of graph.edges) out.get(e.from)?.push(e.to);
  const depth = new Map<string, number>();
  const queue: string[] = [];
  if (ids.has(graph.start)) {
    depth.set(graph.start, 0);
    queue.push(graph.start);
  }
  for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
    const d = depth.get(id) ?? 0;
    for (const next of out.get(id) ?? []) {
      if (!depth.has(next) && ids.has(next)) {
        depth.set(next, d + 1);
        queue.push(next);
      }
    }
  }
  const unreached = depth.size === 0 ? 0 : Math.max(...depth.values()) + 1;
  const rows: FlowGraph['nodes'][] = [];
  for (const n of graph.nodes) (rows[depth.get(n.id) ?? unreached] ??= []).push(n);
  return rows.filter((r) => r !== undefined);
}

/** Several exits to the same node (closed and holiday) are one arrow with both labels. */
function mergedEdges(graph: FlowGraph, labelOf: (label: string) => string): { from: string; to: string; label: string }[] {
  const merged = new Map<string, { from: string; to: string; label: string }>();
  for (const e of graph.edges) {
    const key = `${e.from}\u0000${e.to}`;
    const seen = merged.get(key);
    if (seen) seen.label += `, ${labelOf(e.label)}`;
    else merged.set(key, { from: e.from, to: e.to, label: labelOf(e.label) });
  }
  return [...merged.values()];
}

export interface LayoutOptions {
  /** The texts of a node's box. */
  textsOf: (node: FlowGraph['nodes'][number]) => NodeTexts;
  /** An arrow's label as shown (translated). */
  edgeLabel?: (label: string) => string;
  /** Per node, the width its text measured once drawn, when wider than the estimate. */
  measured?: ReadonlyMap<string, number>;
}

export function layoutFlow(graph: FlowGraph, { textsOf, edgeLabel = (l) => l, measured }: LayoutOptions): FlowLayout {
  const rows = rowsOf(graph);
  const sized = rows.map((row) =>
    row.map((n) => {
      const texts = textsOf(n);
      const text = Math.max(textWidth(texts.title, TITLE_PX), textWidth(texts.sub, SUB_PX), measured?.get(n.id) ?? 0);
      const w = Math.max(MIN_W, Math.ceil(text) + TEXT_X * 2);
      return { n, texts, w };
    }),
  );
  const rowWidth = (row: { w: number }[]) => row.reduce((s, x) => s + x.w, 0) + GAP_X * Math.max(0, row.length - 1);
  const widest = Math.max(0, ...sized.map(rowWidth));
  const nodes: NodeBox[] = [];
  sized.forEach((row, r) => {
    let x = (widest - rowWidth(row)) / 2;
    for (const { n, texts, w } of row) {
      const box: NodeBox = { id: n.id, line: n.line, x, y: r * (NODE_H + GAP_Y), w, start: n.id === graph.start, exit: EXITS.has(n.kind), texts };
      if (texts.badge !== undefined) {
        const bw = Math.max(BADGE_H, textWidth(texts.badge, BADGE_PX) + 12);
        box.badgeBox = { x: w - bw + 10, y: -BADGE_H / 2 - 2, w: bw };
      }
      nodes.push(box);
      x += w + GAP_X;
    }
  });

  const at = new Map(nodes.map((n) => [n.id, n]));
  const edges: EdgeLine[] = [];
  for (const e of mergedEdges(graph, edgeLabel)) {
    const a = at.get(e.from);
    const b = at.get(e.to);
    if (!a || !b) continue;
    if (b.y > a.y) {
      const x1 = a.x + a.w / 2;
      const y1 = a.y + NODE_H;
      const x2 = b.x + b.w / 2;
      const y2 = b.y;
      edges.push({ ...e, d: `M${x1},${y1} C${x1},${y1 + GAP_Y / 2} ${x2},${y2 - GAP_Y / 2} ${x2},${y2}`, lx: (x1 + x2) / 2, ly: (y1 + y2) / 2 });
    } else if (b.y === a.y && e.from !== e.to) {
      // Same row: dip below it, so the arrow never crosses a box.
      const x1 = a.x + a.w / 2;
      const x2 = b.x + b.w / 2;
      const y = a.y + NODE_H;
      edges.push({ ...e, d: `M${x1},${y} C${x1},${y + GAP_Y * 0.7} ${x2},${y + GAP_Y * 0.7} ${x2},${y}`, lx: (x1 + x2) / 2, ly: y + GAP_Y * 0.55 });
    } else {
      // Back to an earlier row, or to itself: out on the right, into the target's right side.
      const loop = e.from === e.to ? 10 : 0;
      const x1 = a.x + a.w;
      const y1 = a.y + NODE_H / 2 - loop;
      const x2 = b.x + b.w;
      const y2 = b.y + NODE_H / 2 + loop;
      const bulge = Math.max(x1, x2) + 44;
      edges.push({ ...e, d: `M${x1},${y1} C${bulge},${y1} ${bulge},${y2} ${x2},${y2}`, lx: bulge - 6, ly: (y1 + y2) / 2 });
    }
  }
  return { nodes, edges, bounds: boundsOf(nodes, edges) };
}

/** The extent of everything drawn, with a margin: curves lie within their control points. */
function boundsOf(nodes: NodeBox[], edges: EdgeLine[]): Bounds {
  const xs: number[] = [];
  const ys: number[] = [];
  for (const n of nodes) {
    xs.push(n.x, n.x + n.w);
    ys.push(n.y, n.y + NODE_H);
    if (n.badgeBox) {
      xs.push(n.x + n.badgeBox.x + n.badgeBox.w);
      ys.push(n.y + n.badgeBox.y);
    }
  }
  for (const e of edges) {
    for (const [, x, y] of e.d.matchAll(/(-?[\d.]+),(-?[\d.]+)/g)) {
      xs.push(Number(x));
      ys.push(Number(y));
    }
    xs.push(e.lx + 3 + textWidth(e.label, EDGE_PX));
    ys.push(e.ly - EDGE_PX, e.ly + 4);
  }
  if (xs.length === 0) return { x: 0, y: 0, width: 2 * PAD, height: 2 * PAD };
  const x = Math.min(...xs) - PAD;
  const y = Math.min(...ys) - PAD;
  return { x, y, width: Math.max(...xs) + PAD - x, height: Math.max(...ys) + PAD - y };
}
