import { isMap, isScalar, LineCounter, parseDocument, type Node as YamlNode } from 'yaml';
import { NODE_KINDS, type Flow, type FlowNode, type FlowProblem, type NodeKind } from './flow.js';
import { defOf } from './nodes/index.js';
import type { IvrProblemCode, ProblemParams } from './problem-codes.js';
import { MapView, YamlReader } from './yaml-reader.js';

const FLOW_NAME = /^[a-z0-9][a-z0-9_-]*$/;
const NODE_ID = /^[A-Za-z_][A-Za-z0-9_-]*$/;

export interface ParsedFlow {
  /** Present when the file has the flow's shape; it may still carry semantic problems. */
  flow?: Flow;
  problems: FlowProblem[];
}

/**
 * Reads one flow file (YAML) into a `Flow`, checking the schema: every field known and of the
 * right type, digits that are phone keys, durations, regular expressions. Cross-node checks
 * (targets, reachability, references) are the validator's.
 *
 *   description: Main menu
 *   numbers: ["+4930123456"]
 *   timezone: Europe/Berlin
 *   start: welcome
 *   nodes:
 *     welcome: { type: play, prompt: "Welcome", next: menu }
 */
export function parseFlowSource(source: string, file: string, name: string): ParsedFlow {
  const lines = new LineCounter();
  const doc = parseDocument(source, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const r = new YamlReader(file, lines);
  for (const e of [...doc.errors, ...doc.warnings]) {
    const p = lines.linePos(e.pos[0]);
    const [code, params] = plainYamlError(e.code, e.message);
    r.report({ line: Math.max(1, p.line), col: Math.max(1, p.col) }, code, params);
  }
  if (doc.errors.length > 0) return { problems: r.problems };
  if (!FLOW_NAME.test(name)) r.report({ line: 1, col: 1 }, 'IVR_BAD_FILE_NAME', { name });
  const root = MapView.of(r, doc.contents, 'flow', { line: 1, col: 1 });
  if (!root) return { problems: r.problems };

  const description = root.string('description') ?? '';
  const numbers = root.stringList('numbers');
  const numbersPos = root.stringListPositions('numbers');
  const timezone = root.string('timezone') ?? 'UTC';
  if (!validTimezone(timezone)) r.report(root.valuePos('timezone'), 'IVR_BAD_TIMEZONE', { timezone });
  const startId = root.string('start', true);
  const start = { id: startId ?? '', pos: startId !== undefined ? root.valuePos('start') : root.pos };

  const nodes = new Map<string, FlowNode>();
  const unreadable = new Set<string>();
  const nodesYaml = root.node('nodes');
  if (nodesYaml === undefined) r.report(root.pos, 'IVR_NEEDS_NODES');
  else if (!isMap(nodesYaml)) r.report(root.valuePos('nodes'), 'IVR_NODES_NOT_A_MAPPING');
  else {
    for (const pair of nodesYaml.items) {
      const id = isScalar(pair.key) ? String(pair.key.value) : '';
      const pos = r.posOf(pair.key as YamlNode);
      if (!NODE_ID.test(id)) {
        r.report(pos, 'IVR_BAD_NODE_NAME', { node: id });
        continue;
      }
      const node = parseNode(r, id, pair.value as YamlNode | null, pos);
      if (node) nodes.set(id, node);
      else unreadable.add(id);
    }
    if (nodesYaml.items.length === 0) r.report(root.valuePos('nodes'), 'IVR_NO_NODES');
  }
  root.markKnown('description', 'numbers', 'timezone', 'start', 'nodes');
  root.rejectUnknown();
  return { flow: { name, file, description, numbers, numbersPos, timezone, start, nodes, unreadable }, problems: r.problems };
}

function parseNode(r: YamlReader, id: string, value: YamlNode | null, keyPos: { line: number; col: number }): FlowNode | undefined {
  const v = MapView.of(r, value, `node:${id}`, keyPos);
  if (!v) return undefined;
  const kind = v.string('type', true);
  if (kind === undefined) return undefined;
  if (!(NODE_KINDS as readonly string[]).includes(kind)) {
    r.report(v.valuePos('type'), 'IVR_UNKNOWN_NODE_TYPE', { node: id, type: kind, types: NODE_KINDS.join(', ') });
    return undefined;
  }
  const node = defOf(kind as NodeKind).parse(v, { id, pos: keyPos });
  v.rejectUnknown();
  return node;
}

function validTimezone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch (err) {
    // Intl says "unknown time zone" with a RangeError; anything else is not an answer.
    if (err instanceof RangeError) return false;
    throw err;
  }
}

function plainYamlError(code: string, message: string): [IvrProblemCode, ProblemParams] {
  const first = message.split('\n')[0] ?? message;
  if (code === 'DUPLICATE_KEY') return ['IVR_YAML_DUPLICATE_KEY', {}];
  if (code === 'TAB_AS_INDENT') return ['IVR_YAML_TAB_INDENT', {}];
  // The YAML library's own words (English): the page shows them inside its own sentence.
  return ['IVR_YAML_SYNTAX', { message: first.replace(/ at line \d+, column \d+:?$/, '') }];
}
