import { edgesOf, isTerminal, type Flow, type FlowNode, type FlowProblem, type Pos, type PromptSpec } from './flow.js';
import type { IvrReferenceLookup } from './ports.js';
import { parseFlowSource } from './loader.js';

/** The call variable naming the survey flow (calls/post-call-survey.ts reads it). */
const POST_CALL_SURVEY = 'post_call_survey';

export interface ValidationEnv {
  references: IvrReferenceLookup;
  /** Does this path, relative to the flows folder, exist? */
  fileExists(relativePath: string): Promise<boolean>;
  /** Is there a flow (file) of this name? */
  flowExists(name: string): boolean;
  /** The other flow that already answers this dialed number, if any (one number, one flow). */
  numberClaimedBy?(dialed: string, self: string): string | undefined;
}

export interface ValidatedFlow {
  flow?: Flow;
  problems: FlowProblem[];
}

/** Schema, then the checks that look across nodes and outside the file. A flow is usable only with no problems. */
export async function validateFlowSource(source: string, file: string, name: string, env: ValidationEnv): Promise<ValidatedFlow> {
  const parsed = parseFlowSource(source, file, name);
  if (!parsed.flow) return parsed;
  const problems = [...parsed.problems, ...(await checkFlow(parsed.flow, env))];
  problems.sort((a, b) => a.line - b.line || a.col - b.col);
  return { flow: parsed.flow, problems: dedupe(problems) };
}

export async function checkFlow(flow: Flow, env: ValidationEnv): Promise<FlowProblem[]> {
  const out: FlowProblem[] = [];
  const report = (pos: Pos, reason: string) => out.push({ file: flow.file, line: pos.line, col: pos.col, reason });

  flow.numbers.forEach((dialed, i) => {
    const other = env.numberClaimedBy?.(dialed, flow.name);
    if (other) report(flow.numbersPos?.[i] ?? { line: 1, col: 1 }, `number "${dialed}" is already answered by flow "${other}": a number belongs to one flow`);
  });
  const known = (id: string) => flow.nodes.has(id) || flow.unreadable.has(id);
  if (flow.start.id && !known(flow.start.id)) report(flow.start.pos, `start goes to "${flow.start.id}", which is not a node of this flow`);
  for (const node of flow.nodes.values()) {
    for (const edge of edgesOf(node)) {
      if (edge.target.id && !known(edge.target.id)) {
        report(edge.target.pos, `node "${node.id}" goes to "${edge.target.id}" (${edge.label}), which is not a node of this flow`);
      }
    }
  }

  // With a node that could not be read the graph is incomplete: reachability would only mislead.
  if (flow.unreadable.size > 0) {
    for (const node of flow.nodes.values()) await checkReferences(node, flow, env, report);
    return out;
  }
  const reachable = reachableFrom(flow, flow.start.id);
  for (const node of flow.nodes.values()) {
    if (!reachable.has(node.id) && flow.nodes.has(flow.start.id)) report(node.pos, `node "${node.id}" can never be reached from start "${flow.start.id}"`);
  }
  const canExit = nodesThatCanExit(flow);
  for (const id of reachable) {
    const node = flow.nodes.get(id);
    if (node && !canExit.has(id)) {
      report(node.pos, `node "${id}" is in a loop with no way out: no path from it reaches a queue, transfer, voicemail, callback, sub-flow, return or hang-up`);
    }
  }

  for (const node of flow.nodes.values()) await checkReferences(node, flow, env, report);
  return out;
}

async function checkReferences(node: FlowNode, flow: Flow, env: ValidationEnv, report: (pos: Pos, reason: string) => void): Promise<void> {
  for (const p of promptsOf(node)) {
    if ('file' in p && !(await env.fileExists(p.file))) report(p.pos, `sound file "${p.file}" does not exist in the flows folder`);
  }
  if ((node.kind === 'queue' || node.kind === 'callback') && node.queue && !(await env.references.queueExists(node.queue))) {
    report(node.queuePos, `queue "${node.queue}" is not configured`);
  }
  if (node.kind === 'queue' && env.references.skillExists) {
    for (const [i, skill] of node.skills.entries()) {
      if (!(await env.references.skillExists(skill))) report(node.skillsPos[i] ?? node.pos, `skill "${skill}" is not configured`);
    }
  }
  if (node.kind === 'voicemail' && node.team && env.references.teamExists && !(await env.references.teamExists(node.team))) {
    report(node.teamPos ?? node.pos, `team "${node.team}" is not configured`);
  }
  if (node.kind === 'hours' && node.calendar && !(await env.references.calendarExists(node.calendar))) {
    report(node.calendarPos, `calendar "${node.calendar}" is not configured`);
  }
  // The survey runs after the agent leaves, long after validation: a wrong name would only show then.
  const survey = node.kind === 'set' ? node.set[POST_CALL_SURVEY] : undefined;
  if (survey !== undefined && !survey.includes('${') && !env.flowExists(survey)) {
    report(node.pos, `post_call_survey names flow "${survey}", which has no file ${survey}.yaml`);
  }
  if (node.kind === 'subflow' && node.flow) {
    if (node.flow === flow.name) report(node.flowPos, `flow "${flow.name}" cannot run itself as a sub-flow`);
    else if (!env.flowExists(node.flow)) report(node.flowPos, `sub-flow "${node.flow}" has no file ${node.flow}.yaml`);
  }
}

function promptsOf(node: FlowNode): PromptSpec[] {
  switch (node.kind) {
    case 'play':
    case 'hangup':
    case 'transfer':
    case 'voicemail':
    case 'speech_menu':
      return node.prompts;
    case 'menu':
      return [...node.prompts, ...node.invalid, ...node.noInput];
    case 'collect':
      return [...node.prompts, ...node.invalid];
    case 'callback':
      return [...node.prompts, ...node.confirm];
    case 'queue':
      return node.announcements;
    default:
      return [];
  }
}

function reachableFrom(flow: Flow, start: string): Set<string> {
  const seen = new Set<string>();
  const stack = flow.nodes.has(start) ? [start] : [];
  while (stack.length > 0) {
    const id = stack.pop() as string;
    if (seen.has(id)) continue;
    seen.add(id);
    const node = flow.nodes.get(id);
    if (node) for (const e of edgesOf(node)) if (flow.nodes.has(e.target.id)) stack.push(e.target.id);
  }
  return seen;
}

/** Nodes from which some path ends the IVR: fixpoint over the reversed edges from the exits. */
function nodesThatCanExit(flow: Flow): Set<string> {
  const can = new Set<string>();
  for (const n of flow.nodes.values()) if (isTerminal(n)) can.add(n.id);
  let grew = true;
  while (grew) {
    grew = false;
    for (const n of flow.nodes.values()) {
      if (can.has(n.id)) continue;
      if (edgesOf(n).some((e) => can.has(e.target.id))) {
        can.add(n.id);
        grew = true;
      }
    }
  }
  return can;
}

function dedupe(problems: FlowProblem[]): FlowProblem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const k = `${p.line}:${p.col}:${p.reason}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

export function formatProblem(p: FlowProblem): string {
  return `${p.file}:${p.line}:${p.col}: ${p.reason}`;
}
