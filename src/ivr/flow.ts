import type { Weekday as CalendarWeekday } from '../calendars/calendar.js';

/**
 * The parsed, validated shape of one IVR flow file. A `Flow` is immutable once loaded: a call keeps
 * the object it started with, so a reload never changes a call in progress.
 */

/** 1-based position in the flow file, as editors show it. */
export interface Pos {
  line: number;
  col: number;
}

export interface FlowProblem {
  file: string;
  line: number;
  col: number;
  /** The kind of problem (problem-codes.ts), stable across releases: pages word it from this. */
  code: string;
  /** The values the sentence names (`where` is a place path, see problem-codes.ts). */
  params: Record<string, string | number>;
  /** The English sentence, built from the code's template: what the CLI and the logs print. */
  reason: string;
}

/** A reference to another node, with where the reference was written (for error positions). */
export interface Target {
  id: string;
  pos: Pos;
}

export type PromptSpec =
  /** Text spoken by the TTS engine; `${var}` is replaced by the call's variable. */
  | { say: string }
  /** A prompt installed on the media server, by name. */
  | { sound: string }
  /** A WAV file in the flows folder (path relative to it); checked at validation. */
  | { file: string; pos: Pos }
  | { silenceMs: number };

export const NODE_KINDS = [
  'play',
  'menu',
  'collect',
  'speech_menu',
  'hours',
  'condition',
  'http',
  'set',
  'save',
  'queue',
  'voicemail',
  'callback',
  'transfer',
  'subflow',
  'return',
  'hangup',
] as const;
export type NodeKind = (typeof NODE_KINDS)[number];

interface Base<K extends NodeKind> {
  kind: K;
  id: string;
  pos: Pos;
}

export interface Choice {
  digit: string;
  next: Target;
}

export interface SpeechChoice {
  phrase: string;
  digit?: string;
  next: Target;
}

export type TestOp = 'equals' | 'notEquals' | 'in' | 'matches' | 'startsWith' | 'gt' | 'lt' | 'exists';
export type Weekday = CalendarWeekday;

export type Test =
  | { var: string; op: TestOp; value: string | number | string[] | boolean }
  /** Local time in the flow's time zone; `from`/`to` as minutes of the day. */
  | { time: { days?: Weekday[]; fromMin?: number; toMin?: number } };

export interface Rule {
  test: Test;
  next: Target;
}

export type PlayNode = Base<'play'> & { prompts: PromptSpec[]; next: Target };
export type MenuNode = Base<'menu'> & {
  prompts: PromptSpec[];
  choices: Choice[];
  timeoutMs: number;
  retries: number;
  invalid: PromptSpec[];
  noInput: PromptSpec[];
  onFail: Target;
};
export type CollectNode = Base<'collect'> & {
  prompts: PromptSpec[];
  variable: string;
  minDigits: number;
  maxDigits: number;
  terminator: string;
  timeoutMs: number;
  pattern?: string;
  retries: number;
  invalid: PromptSpec[];
  next: Target;
  onFail: Target;
};
export type SpeechMenuNode = Base<'speech_menu'> & {
  prompts: PromptSpec[];
  choices: SpeechChoice[];
  maxSilenceMs: number;
  maxDurationMs: number;
  retries: number;
  invalid: PromptSpec[];
  onFail: Target;
};
export type HoursNode = Base<'hours'> & { calendar: string; calendarPos: Pos; open: Target; closed: Target; holiday: Target };
export type ConditionNode = Base<'condition'> & { rules: Rule[]; otherwise: Target };
export type HttpNode = Base<'http'> & {
  url: string;
  method: 'GET' | 'POST';
  timeoutMs: number;
  /** variable name -> dotted path in the JSON answer */
  assign: Record<string, string>;
  next: Target;
  onError: Target;
};
export type SetNode = Base<'set'> & { set: Record<string, string>; tags: string[]; next: Target };
export type SaveNode = Base<'save'> & { variables: string[]; next: Target };
export type QueueNode = Base<'queue'> & {
  queue: string;
  queuePos: Pos;
  priority: number;
  skills: string[];
  /** Where each skill is named, so an unknown one is reported at its own position. */
  skillsPos: Pos[];
  announcements: PromptSpec[];
};
export type VoicemailNode = Base<'voicemail'> & {
  prompts: PromptSpec[];
  mailbox: string;
  /** The team (id or name) whose ticket the message becomes; none: the center's shared pool. */
  team?: string;
  teamPos?: Pos;
  maxDurationMs: number;
  maxSilenceMs: number;
  beep: boolean;
};
export type CallbackNode = Base<'callback'> & {
  prompts: PromptSpec[];
  queue: string;
  queuePos: Pos;
  acceptDigit: string;
  timeoutMs: number;
  /** Variable holding the number to call back; the caller's number when omitted. */
  numberVariable?: string;
  confirm: PromptSpec[];
  declined: Target;
};
export type TransferNode = Base<'transfer'> & { prompts: PromptSpec[]; number: string; trunk?: string };
export type SubflowNode = Base<'subflow'> & { flow: string; flowPos: Pos; next?: Target };
export type ReturnNode = Base<'return'>;
export type HangupNode = Base<'hangup'> & { prompts: PromptSpec[] };

export type FlowNode =
  | PlayNode
  | MenuNode
  | CollectNode
  | SpeechMenuNode
  | HoursNode
  | ConditionNode
  | HttpNode
  | SetNode
  | SaveNode
  | QueueNode
  | VoicemailNode
  | CallbackNode
  | TransferNode
  | SubflowNode
  | ReturnNode
  | HangupNode;

export interface Flow {
  /** The flow's name: the file name without `.yaml`. */
  name: string;
  file: string;
  description: string;
  /** Dialed numbers (DIDs) this flow answers. */
  numbers: string[];
  /** Where each number is written, so a number another flow claims is reported there. */
  numbersPos?: Pos[];
  timezone: string;
  start: Target;
  nodes: ReadonlyMap<string, FlowNode>;
  /** Nodes written in the file that could not be read (their problems are already reported). */
  unreadable: ReadonlySet<string>;
}

export interface Edge {
  label: string;
  target: Target;
}

/** Every outgoing edge of a node: used by the validator, the diagram and the runner alike. */
export function edgesOf(node: FlowNode): Edge[] {
  const e = (label: string, target: Target | undefined): Edge[] => (target ? [{ label, target }] : []);
  switch (node.kind) {
    case 'play':
    case 'set':
    case 'save':
      return e('next', node.next);
    case 'menu':
      return [...node.choices.flatMap((c) => e(c.digit, c.next)), ...e('fail', node.onFail)];
    case 'collect':
      return [...e('next', node.next), ...e('fail', node.onFail)];
    case 'speech_menu':
      return [...node.choices.flatMap((c) => e(c.phrase, c.next)), ...e('fail', node.onFail)];
    case 'hours':
      return [...e('open', node.open), ...e('closed', node.closed), ...e('holiday', node.holiday)];
    case 'condition':
      return [...node.rules.flatMap((r, i) => e(`rule ${i + 1}`, r.next)), ...e('otherwise', node.otherwise)];
    case 'http':
      return [...e('next', node.next), ...e('error', node.onError)];
    case 'callback':
      return e('declined', node.declined);
    case 'subflow':
      return e('next', node.next);
    case 'queue':
    case 'voicemail':
    case 'transfer':
    case 'return':
    case 'hangup':
      return [];
  }
}

/** Nodes where a call leaves the flow (nothing follows them). */
export function isTerminal(node: FlowNode): boolean {
  return edgesOf(node).length === 0 || (node.kind === 'subflow' && node.next === undefined) || node.kind === 'callback';
}
