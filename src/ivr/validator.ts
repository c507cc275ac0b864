import { edgesOf, isTerminal, type Flow, type FlowNode, type FlowProblem, type Pos, type PromptSpec } from './flow.js';
import type { IvrReferenceLookup } from './ports.js';
import { parseFlowSource } from './loader.js';
import { problemAt, type IvrProblemCode, type ProblemParams } from './problem-codes.js';

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
  const report = (pos: Pos, code: IvrProblemCode, params: ProblemParams): void => {
    out.push(problemAt(flow.file, pos, code, params));
  };

  flow.numbers.forEach((dialed, i) => {
    const other = env.numberClaimedBy?.(dialed, flow.name);
    if (other) report(flow.numbersPos?.[i] ?? { line: 1, col: 1 }, 'IVR_NUMBER_TAKEN', { number: dialed, flow: other });
  });
  const known = (id: string) => flow.nodes.has(id) || flow.unreadable.has(id);
  if (flow.start.id && !known(flow.start.id)) report(flow.start.pos, 'IVR_UNKNOWN_START', { target: flow.start.id });
  for (const node of flow.nodes.values()) {
    for (const edge of edgesOf(node)) {
      if (edge.target.id && !known(edge.target.id)) {
        report(edge.target.pos, 'IVR_UNKNOWN_TARGET', { node: node.id, target: edge.target.id, label: edge.label });
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
    if (!reachable.has(node.id) && flow.nodes.has(flow.start.id)) report(node.pos, 'IVR_UNREACHABLE_NODE', { node: node.id, start: flow.start.id });
  }
  const canExit = nodesThatCanExit(flow);
  for (const id of reachable) {
    const node = flow.nodes.get(id);
    if (node && !canExit.has(id)) {
      report(node.pos, 'IVR_LOOP_WITHOUT_EXIT', { node: id });
    }
  }

  for (const node of flow.nodes.values()) await checkReferences(node, flow, env, report);
  return out;
}

async function checkReferences(node: FlowNode, flow: Flow, env: ValidationEnv, report: (pos: Pos, code: IvrProblemCode, params: ProblemParams) => void): Promise<void> {
  for (const p of promptsOf(node)) {
    if ('file' in p && !(await env.fileExists(p.file))) report(p.pos, 'IVR_SOUND_FILE_MISSING', { file: p.file });
  }
  if ((node.kind === 'queue' || node.kind === 'callback') && node.queue && !(await env.references.queueExists(node.queue))) {
    report(node.queuePos, 'IVR_UNKNOWN_QUEUE', { queue: node.queue });
  }
  if (node.kind === 'queue' && env.references.skillExists) {
    for (const [i, skill] of node.skills.entries()) {
      if (!(await env.references.skillExists(skill))) report(node.skillsPos[i] ?? node.pos, 'IVR_UNKNOWN_SKILL', { skill });
    }
  }
  if (node.kind === 'voicemail' && node.team && env.references.teamExists && !(await env.references.teamExists(node.team))) {
    report(node.teamPos ?? node.pos, 'IVR_UNKNOWN_TEAM', { team: node.team });
  }
  if (node.kind === 'hours' && node.calendar && !(await env.references.calendarExists(node.calendar))) {
    report(node.calendarPos, 'IVR_UNKNOWN_CALENDAR', { calendar: node.calendar });
  }
  // The survey runs after the agent leaves, long after validation: a wrong name would only show then.
  const survey = node.kind === 'set' ? node.set[POST_CALL_SURVEY] : undefined;
  if (survey !== undefined && !survey.includes('${') && !env.flowExists(survey)) {
    report(node.pos, 'IVR_SURVEY_FLOW_MISSING', { flow: survey });
  }
  if (node.kind === 'subflow' && node.flow) {
    if (node.flow === flow.name) report(node.flowPos, 'IVR_SUBFLOW_IS_ITSELF', { flow: flow.name });
    else if (!env.flowExists(node.flow)) report(node.flowPos, 'IVR_SUBFLOW_MISSING', { flow: node.flow });
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
