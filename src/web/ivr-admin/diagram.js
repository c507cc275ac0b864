/* global document */
/**
 * Draws a flow graph ({ start, nodes, edges } from the server's parse of the file) as SVG:
 * nodes in layers by their distance from start, edges as curves with their labels. Nodes on a line
 * that has a problem are outlined in red.
 */
const SVG = 'http://www.w3.org/2000/svg';
const W = 150;
const H = 44;
const GAP_X = 36;
const GAP_Y = 64;
const EXITS = new Set(['queue', 'transfer', 'voicemail', 'hangup', 'return']);

function el(name, attrs, parent) {
  const e = document.createElementNS(SVG, name);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  if (parent) parent.appendChild(e);
  return e;
}

function layers(graph) {
  const depth = new Map();
  const out = new Map(graph.nodes.map((n) => [n.id, []]));
  for (const e of graph.edges) out.get(e.from)?.push(e.to);
  const queue = graph.nodes.some((n) => n.id === graph.start) ? [graph.start] : [];
  if (queue.length) depth.set(graph.start, 0);
  while (queue.length) {
    const id = queue.shift();
    for (const t of out.get(id) ?? []) {
      if (!depth.has(t) && out.has(t)) {
        depth.set(t, depth.get(id) + 1);
        queue.push(t);
      }
    }
  }
  const max = Math.max(0, ...depth.values());
  for (const n of graph.nodes) if (!depth.has(n.id)) depth.set(n.id, max + 1);
  const rows = [];
  for (const n of graph.nodes) {
    const d = depth.get(n.id);
    (rows[d] ??= []).push(n);
  }
  return rows.filter(Boolean);
}

export function drawDiagram(svg, graph, problemLines) {
  while (svg.firstChild) svg.removeChild(svg.firstChild);
  if (!graph) {
    el('text', { x: 16, y: 28 }, svg).textContent = 'The file cannot be drawn until it parses.';
    svg.setAttribute('width', 400);
    svg.setAttribute('height', 60);
    return;
  }
  const defs = el('defs', {}, svg);
  const marker = el('marker', { id: 'arrow', viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse' }, defs);
  el('path', { d: 'M0,0 L10,5 L0,10 z', fill: '#8a94a8' }, marker);

  const rows = layers(graph);
  const widest = Math.max(...rows.map((r) => r.length));
  const width = widest * (W + GAP_X) + GAP_X + 90;
  const pos = new Map();
  rows.forEach((row, y) => {
    const offset = (width - 90 - row.length * (W + GAP_X) + GAP_X) / 2;
    row.forEach((n, x) => pos.set(n.id, { x: offset + x * (W + GAP_X), y: 20 + y * (H + GAP_Y) }));
  });
  const height = 40 + rows.length * (H + GAP_Y);
  svg.setAttribute('width', width);
  svg.setAttribute('height', height);
  svg.setAttribute('viewBox', `0 0 ${width} ${height}`);

  const edgeLayer = el('g', {}, svg);
  // Several exits to the same node (closed and holiday) are one arrow with both labels.
  const merged = new Map();
  for (const e of graph.edges) {
    const key = `${e.from}\u0000${e.to}`;
    const seen = merged.get(key);
    if (seen) seen.label += `, ${e.label}`;
    else merged.set(key, { ...e });
  }
  for (const e of merged.values()) {
    const a = pos.get(e.from);
    const b = pos.get(e.to);
    if (!a || !b) continue;
    const g = el('g', { class: 'edge', 'data-from': e.from, 'data-to': e.to }, edgeLayer);
    let d;
    let lx;
    let ly;
    if (b.y > a.y) {
      const x1 = a.x + W / 2;
      const y1 = a.y + H;
      const x2 = b.x + W / 2;
      const y2 = b.y;
      d = `M${x1},${y1} C${x1},${y1 + GAP_Y / 2} ${x2},${y2 - GAP_Y / 2} ${x2},${y2}`;
      lx = (x1 + x2) / 2;
      ly = (y1 + y2) / 2;
    } else if (b.y === a.y && e.from !== e.to) {
      // same layer: dip below the row so the arrow never crosses a box
      const x1 = a.x + W / 2;
      const x2 = b.x + W / 2;
      const y = a.y + H;
      d = `M${x1},${y} C${x1},${y + GAP_Y * 0.7} ${x2},${y + GAP_Y * 0.7} ${x2},${y}`;
      lx = (x1 + x2) / 2;
      ly = y + GAP_Y * 0.55;
    } else {
      // back edge or a loop: out on the right, into the target's right side
      const x1 = a.x + W;
      const y1 = a.y + H / 2;
      const x2 = b.x + W;
      const y2 = b.y + H / 2 + (e.from === e.to ? 10 : 0);
      const bulge = Math.max(x1, x2) + 40;
      d = `M${x1},${y1 - (e.from === e.to ? 10 : 0)} C${bulge},${y1} ${bulge},${y2} ${x2},${y2}`;
      lx = bulge - 6;
      ly = (y1 + y2) / 2;
    }
    el('path', { d, 'marker-end': 'url(#arrow)' }, g);
    el('text', { x: lx + 3, y: ly, 'text-anchor': 'start' }, g).textContent = e.label;
  }

  for (const n of graph.nodes) {
    const p = pos.get(n.id);
    const cls = ['node'];
    if (n.id === graph.start) cls.push('start');
    if (EXITS.has(n.kind)) cls.push('exit');
    if (problemLines.has(n.line)) cls.push('problem');
    const g = el('g', { class: cls.join(' '), 'data-node': n.id, transform: `translate(${p.x},${p.y})` }, svg);
    el('title', {}, g).textContent = `${n.id} (${n.kind}) line ${n.line}`;
    el('rect', { width: W, height: H, rx: 6 }, g);
    el('text', { x: 8, y: 17 }, g).textContent = n.id;
    el('text', { x: 8, y: 34, class: 'kind' }, g).textContent = n.label ? `${n.kind} · ${n.label}`.slice(0, 26) : n.kind;
  }
}
