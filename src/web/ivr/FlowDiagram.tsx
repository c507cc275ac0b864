/**
 * A flow as a diagram (the layout is flow-layout.ts): boxes by distance from start, arrows with
 * their labels, the start outlined, exits tinted, nodes holding problems in red, and on each node
 * where callers hung up a small count. By default a flow wider than its box is scaled down to fit,
 * but never below READABLE of its size (text would be too small to read): past that the box
 * scrolls. `whole` scales it down as far as needed to see it all at once. Nothing is ever cut off.
 * Once drawn, each box's text is measured (in the drawing's own units, the same at any scale) and
 * a box the estimate made too narrow is widened.
 */
import { useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { FlowGraph } from '../api/ivr.js';
import { hasKey, locale, t } from '../i18n/i18n.js';
import { BADGE_H, layoutFlow, NODE_H, TEXT_X, type NodeTexts } from './flow-layout.js';

export interface FlowDiagramProps {
  /** The flow's name: a new flow is shown from its start (the box scrolls to it). */
  flow: string;
  graph: FlowGraph;
  /** Ids of the nodes holding a problem. */
  problems: ReadonlySet<string>;
  /** Per node id, callers who hung up there (absent: not shown). */
  abandons?: ReadonlyMap<string, number> | undefined;
  /** A click on a node: its line in the file. */
  onNode?: (line: number) => void;
  /** true: the whole flow at once, however small; false: scaled down no further than READABLE. */
  whole: boolean;
}

/** The smallest scale of the default view: 12 px text stays at 9 px. */
export const READABLE = 0.75;

/** A node's kind in the user's language (a kind this page does not know yet stays as written). */
export function kindText(kind: string): string {
  const key = `ivr.kind.${kind}`;
  return hasKey(key) ? t(key) : kind;
}

/** An arrow's label: the words the daemon uses (next, fail, rule 2) translated; digits and phrases as written. */
export function edgeText(label: string): string {
  const rule = /^rule (\d+)$/.exec(label);
  if (rule) return t('ivr.edge.rule', { n: rule[1] ?? '' });
  const key = `ivr.edge.${label}`;
  return hasKey(key) ? t(key) : label;
}

function textsOf(node: FlowGraph['nodes'][number], abandons: ReadonlyMap<string, number> | undefined): NodeTexts {
  const kind = kindText(node.kind);
  const count = abandons?.get(node.id);
  return { title: node.id, sub: node.detail ? `${kind} · ${node.detail}` : kind, ...(count ? { badge: new Intl.NumberFormat(locale.value).format(count) } : {}) };
}

export function FlowDiagram({ flow, graph, problems, abandons, onNode, whole }: FlowDiagramProps) {
  const lang = locale.value;
  const svg = useRef<SVGSVGElement>(null);
  // Measured text widths belong to one graph in one language: another graph or language starts afresh.
  const [measured, setMeasured] = useState<{ graph: FlowGraph; lang: string; widths: Map<string, number> } | undefined>(undefined);
  const widths = measured && measured.graph === graph && measured.lang === lang ? measured.widths : undefined;
  const layout = useMemo(
    () => layoutFlow(graph, { textsOf: (n) => textsOf(n, abandons), edgeLabel: edgeText, ...(widths ? { measured: widths } : {}) }),
    [graph, abandons, widths, lang],
  );

  useLayoutEffect(() => {
    const root = svg.current;
    if (!root) return;
    const wider = new Map(widths ?? []);
    let changed = false;
    for (const box of layout.nodes) {
      const texts = root.querySelectorAll<SVGTextElement>(`g[data-node="${CSS.escape(box.id)}"] text.ivr-node-text`);
      const need = Math.max(0, ...[...texts].map((el) => el.getComputedTextLength()));
      if (need + TEXT_X * 2 > box.w + 0.5) {
        wider.set(box.id, Math.ceil(need) + 2);
        changed = true;
      }
    }
    if (changed) setMeasured({ graph, lang, widths: wider });
  }, [layout]);

  // A wide flow is wider than its box: show a newly opened flow from its start node, centred,
  // and leave the scroll where the user put it while they check and save the same flow.
  // Switching between the two views does the same.
  const shownFlow = useRef<string | undefined>(undefined);
  useLayoutEffect(() => {
    const root = svg.current;
    const box = root?.parentElement;
    const start = layout.nodes.find((n) => n.start);
    const key = `${flow}|${whole ? 'whole' : 'readable'}`;
    if (!root || !box || shownFlow.current === key) return;
    shownFlow.current = key;
    const scale = root.getBoundingClientRect().width / layout.bounds.width;
    box.scrollTop = 0;
    box.scrollLeft = start ? Math.max(0, (start.x - layout.bounds.x + start.w / 2) * scale - box.clientWidth / 2) : 0;
  }, [flow, layout, whole]);

  const { bounds } = layout;
  return (
    <svg
      ref={svg}
      class={`ivr-diagram${whole ? ' is-whole' : ''}`}
      style={whole ? undefined : { minWidth: `${Math.round(bounds.width * READABLE)}px` }}
      width={bounds.width}
      height={bounds.height}
      viewBox={`${bounds.x} ${bounds.y} ${bounds.width} ${bounds.height}`}
      role="img"
      aria-label={t('ivr.diagram')}
    >
      <defs>
        <marker id="ivr-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
          <path d="M0,0 L10,5 L0,10 z" class="ivr-arrow-head" />
        </marker>
      </defs>
      <g class="ivr-edges">
        {layout.edges.map((e) => (
          <g key={`${e.from}\u0000${e.to}`} class="ivr-edge" data-from={e.from} data-to={e.to}>
            <path d={e.d} marker-end="url(#ivr-arrow)" />
            <text x={e.lx + 3} y={e.ly}>
              {e.label}
            </text>
          </g>
        ))}
      </g>
      {layout.nodes.map((n) => {
        const cls = ['ivr-node', n.start ? 'is-start' : '', n.exit ? 'is-exit' : '', problems.has(n.id) ? 'has-problem' : ''].filter(Boolean).join(' ');
        return (
          <g key={n.id} class={cls} data-node={n.id} transform={`translate(${n.x},${n.y})`} onClick={onNode ? () => onNode(n.line) : undefined}>
            <title>{t('ivr.nodeTitle', { id: n.id, kind: n.texts.sub, line: n.line })}</title>
            <rect width={n.w} height={NODE_H} rx="6" />
            <text class="ivr-node-text ivr-node-id" x={TEXT_X} y="20">
              {n.texts.title}
            </text>
            <text class="ivr-node-text ivr-node-kind" x={TEXT_X} y="38">
              {n.texts.sub}
            </text>
            {n.badgeBox && (
              <g class="ivr-abandon-badge" data-count={abandons?.get(n.id)} transform={`translate(${n.badgeBox.x},${n.badgeBox.y})`}>
                <title>{t('ivr.abandon.badge', { count: n.texts.badge ?? '' })}</title>
                <rect width={n.badgeBox.w} height={BADGE_H} rx={BADGE_H / 2} />
                <text x={n.badgeBox.w / 2} y={BADGE_H / 2 + 4} text-anchor="middle">
                  {n.texts.badge}
                </text>
              </g>
            )}
          </g>
        );
      })}
    </svg>
  );
}
