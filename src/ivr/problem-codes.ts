import type { FlowProblem, Pos } from './flow.js';

/**
 * Every kind of problem a flow file can have: a stable code, and the English sentence it is said
 * with. The English `reason` of a problem is built from this table only, so the CLI, the logs and
 * the pages' English catalogue (src/web/i18n/en.ts, `ivr.problem.<CODE>`, checked equal by
 * test/unit/ivr/problem-codes.test.ts) cannot drift apart; the flows page words a problem in the
 * user's language from its code and params, and falls back to `reason` for a code it does not know.
 *
 * Placeholders are `{name}`; `${...}` is literal text (the flow syntax for a call variable).
 * `{where}` is a place in the file written as a path (see `whereText`), so a page can word it too.
 */
export const IVR_PROBLEM_TEMPLATES = {
  // The file itself (flow-registry.ts: a symbolic link, not a plain file; the message is the files adapter's)
  IVR_FILE_REFUSED: '{message}',
  // The file as YAML and as a flow (loader.ts)
  IVR_YAML_DUPLICATE_KEY: 'this key appears twice in the same mapping',
  IVR_YAML_TAB_INDENT: 'tabs cannot indent YAML: use spaces',
  IVR_YAML_SYNTAX: 'YAML syntax: {message}',
  IVR_BAD_FILE_NAME: 'the file name "{name}" must be lower-case letters, digits, - or _ (it names the flow)',
  IVR_BAD_TIMEZONE: '"{timezone}" is not a time zone (such as Europe/Berlin or UTC)',
  IVR_NEEDS_NODES: 'the flow needs "nodes"',
  IVR_NODES_NOT_A_MAPPING: '"nodes" must map node names to nodes',
  IVR_NO_NODES: 'the flow has no nodes',
  IVR_BAD_NODE_NAME: '"{node}" is not a usable node name (letters, digits, - and _, not starting with a digit)',
  IVR_UNKNOWN_NODE_TYPE: 'node "{node}" has an unknown type "{type}" (one of {types})',
  // Fields of any mapping (yaml-reader.ts)
  IVR_NOT_A_MAPPING: '{where} must be a mapping of fields',
  IVR_MISSING_FIELD: '{where} needs "{field}"',
  IVR_NOT_TEXT: '"{field}" of {where} must be text',
  IVR_NOT_A_NUMBER: '"{field}" of {where} must be a number',
  IVR_NOT_A_WHOLE_NUMBER: '"{field}" of {where} must be a whole number',
  IVR_OUT_OF_RANGE: '"{field}" of {where} must be between {min} and {max}',
  IVR_NOT_TRUE_OR_FALSE: '"{field}" of {where} must be true or false',
  IVR_NOT_A_DURATION: '"{field}" of {where} must be a duration such as 5s, 500ms or 2m',
  IVR_DURATION_TOO_LONG: '"{field}" of {where} must be at most {maxSeconds}s',
  IVR_NOT_A_TEXT_LIST: '"{field}" of {where} must be a list of texts',
  IVR_UNKNOWN_FIELD: '{where} has an unknown field "{field}"',
  // Node kinds (nodes/*.ts)
  IVR_NEEDS_PROMPT: '{where} needs a "prompt"',
  IVR_CALLBACK_NEEDS_PROMPT: '{where} needs a "prompt" that explains the offer',
  IVR_SAVE_NEEDS_VARIABLES: '{where} needs "variables": the names to store',
  IVR_NOT_A_VARIABLE_NAME: '"{name}" is not a variable name',
  IVR_NOT_A_VARIABLE_NAME_CHARS: '"{name}" is not a variable name (letters, digits, _)',
  IVR_PROMPT_BAD_SHAPE: '"{field}" of {where} must be text, or a mapping with say, sound, file or silence',
  IVR_PROMPT_NEEDS_ONE_KIND: 'a prompt of {where} needs exactly one of say, sound, file, silence',
  IVR_PROMPT_BAD_SILENCE: 'silence in {where} must be a duration such as 500ms',
  IVR_PROMPT_UNKNOWN_KIND: 'a prompt of {where} has an unknown kind "{kind}" (say, sound, file or silence)',
  IVR_PROMPT_EMPTY: '{kind} in {where} is empty',
  IVR_NOT_A_PHONE_KEY: '"{key}" is not a phone key (one of 0-9, * or #)',
  IVR_NOT_A_PHONE_KEY_IN: '"{key}" in {where} is not a phone key (one of 0-9, * or #)',
  IVR_NO_CHOICES: '{where} has no choices',
  IVR_CONDITION_NEEDS_RULES: '{where} needs "rules": a list of { if, next }',
  IVR_NOT_A_WEEKDAY: '"{day}" is not a weekday (mon, tue, ... sun)',
  IVR_TEST_NEEDS_ONE_OP: 'the "if" of {where} needs exactly one of {ops}',
  IVR_TEST_NEEDS_SINGLE_VALUE: '"{op}" needs a single value',
  IVR_TEST_NEEDS_NUMBER: '"{op}" needs a number',
  IVR_BAD_REGEX: '"{value}" is not a valid regular expression',
  IVR_UNSAFE_REGEX: '"{value}" repeats a repetition (like (\\d+)*), which a caller\'s number or keys can make run for minutes; write it without the nesting',
  IVR_NOT_A_TIME_OF_DAY: '"{value}" is not a time of day like 08:30',
  IVR_NOT_A_PHONE_NUMBER: '"{number}" is not a phone number (digits, optional leading +, or a ${variable})',
  IVR_URL_NOT_HTTP: 'url "{url}" must start with http:// or https://',
  IVR_BAD_HTTP_METHOD: 'method must be GET or POST, not "{method}"',
  IVR_ASSIGN_NOT_A_MAPPING: '"assign" of {where} must map variable names to answer fields',
  IVR_ASSIGN_NEEDS_PATH: '"{name}" needs a field path such as customer.level',
  IVR_SPEECH_NEEDS_CHOICES: '{where} needs "choices": a list of { phrase, digit, next }',
  IVR_BAD_PHRASE: 'phrase "{phrase}" may only hold words of letters a-z',
  IVR_DUPLICATE_PHRASE: 'phrase "{phrase}" appears twice in {where}',
  IVR_DUPLICATE_KEY: 'key "{key}" is used twice in {where}',
  IVR_MIN_OVER_MAX_DIGITS: 'minDigits ({min}) is more than maxDigits ({max}) in {where}',
  IVR_BAD_TERMINATOR: 'terminator "{terminator}" in {where} must be phone keys (0-9, * or #)',
  IVR_BAD_PATTERN: 'pattern "{pattern}" in {where} is not a valid regular expression',
  IVR_UNSAFE_PATTERN: 'pattern "{pattern}" in {where} repeats a repetition (like (\\d+)*), which a caller\'s keys can make run for minutes; write it without the nesting',
  IVR_SET_NOT_A_MAPPING: '"set" of {where} must map variable names to values',
  IVR_SET_VALUE_NOT_TEXT: 'the value of "{name}" in {where} must be text or a number',
  IVR_SETS_NOTHING: '{where} sets nothing: give "set" or "tags"',
  // Across nodes and outside the file (validator.ts)
  IVR_NUMBER_TAKEN: 'number "{number}" is already answered by flow "{flow}": a number belongs to one flow',
  IVR_UNKNOWN_START: 'start goes to "{target}", which is not a node of this flow',
  IVR_UNKNOWN_TARGET: 'node "{node}" goes to "{target}" ({label}), which is not a node of this flow',
  IVR_UNREACHABLE_NODE: 'node "{node}" can never be reached from start "{start}"',
  IVR_LOOP_WITHOUT_EXIT: 'node "{node}" is in a loop with no way out: no path from it reaches a queue, transfer, voicemail, callback, sub-flow, return or hang-up',
  IVR_SOUND_FILE_MISSING: 'sound file "{file}" does not exist in the flows folder',
  IVR_UNKNOWN_QUEUE: 'queue "{queue}" is not configured',
  IVR_UNKNOWN_SKILL: 'skill "{skill}" is not configured',
  IVR_UNKNOWN_TEAM: 'team "{team}" is not configured',
  IVR_UNKNOWN_CALENDAR: 'calendar "{calendar}" is not configured',
  IVR_SURVEY_FLOW_MISSING: 'post_call_survey names flow "{flow}", which has no file {flow}.yaml',
  IVR_SUBFLOW_IS_ITSELF: 'flow "{flow}" cannot run itself as a sub-flow',
  IVR_SUBFLOW_MISSING: 'sub-flow "{flow}" has no file {flow}.yaml',
} as const;

export type IvrProblemCode = keyof typeof IVR_PROBLEM_TEMPLATES;
export type ProblemParams = Record<string, string | number>;

/** `{name}` but not `${name}` (literal flow syntax). Shared with the catalogue test. */
export const PLACEHOLDER = /(?<!\$)\{(\w+)\}/g;

/**
 * A place in a flow file as a path of segments joined by `/`, outermost first: `flow`,
 * `node:<id>`, `field:<key>`, `prompt`, `rule`, `if`, `time`, `choice`. Node ids and field keys
 * never hold `/` (ids are checked before a node is read; keys are the code's own).
 */
export type WherePath = string;

/** The English words for a place, as the reasons have always said it: `a prompt of node "menu"`. */
export function whereText(path: WherePath): string {
  let text = '';
  for (const seg of path.split('/')) {
    const [kind, arg = ''] = splitSegment(seg);
    if (kind === 'flow') text = 'the flow';
    else if (kind === 'node') text = `node "${arg}"`;
    else if (kind === 'field') text = `"${arg}" of ${text}`;
    else if (kind === 'prompt') text = `a prompt of ${text}`;
    else if (kind === 'rule') text = `a rule of ${text}`;
    else if (kind === 'if') text = `the "if" of ${text}`;
    else if (kind === 'time') text = `the time test of ${text}`;
    else if (kind === 'choice') text = `a choice of ${text}`;
  }
  return text;
}

function splitSegment(seg: string): [string, string | undefined] {
  const i = seg.indexOf(':');
  return i < 0 ? [seg, undefined] : [seg.slice(0, i), seg.slice(i + 1)];
}

/** The English reason of a problem: its template filled with its params (`where` in words). */
export function problemReason(code: IvrProblemCode, params: ProblemParams): string {
  return IVR_PROBLEM_TEMPLATES[code].replace(PLACEHOLDER, (whole, name: string) => {
    const v = params[name];
    if (v === undefined) return whole;
    return name === 'where' ? whereText(String(v)) : String(v);
  });
}

export function problemAt(file: string, pos: Pos, code: IvrProblemCode, params: ProblemParams = {}): FlowProblem {
  return { file, line: pos.line, col: pos.col, code, params, reason: problemReason(code, params) };
}
