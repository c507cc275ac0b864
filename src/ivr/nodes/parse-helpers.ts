import { isMap, isScalar, isSeq, type Node as YamlNode } from 'yaml';
import safeRegex from 'safe-regex2';
import type { PromptSpec, Target } from '../flow.js';
import { MapView, parseDuration } from '../yaml-reader.js';

export const DTMF = '0123456789*#';

/** The longest wait for a key the media-server port takes (its digit collector refuses more). */
export const MAX_DIGIT_WAIT_MS = 600_000;

export function isDtmfDigit(s: string): boolean {
  return s.length === 1 && DTMF.includes(s);
}

const VAR_NAME = /^[a-z_][a-z0-9_]*$/i;
export function isVarName(s: string): boolean {
  return VAR_NAME.test(s);
}

/** A node reference; a missing required one is reported, an unknown one is left to the validator. */
export function target(v: MapView, key: string, required: true): Target;
export function target(v: MapView, key: string, required: false): Target | undefined;
export function target(v: MapView, key: string, required: boolean): Target | undefined {
  const id = v.string(key, required as true);
  if (id === undefined) return required ? { id: '', pos: v.pos } : undefined;
  return { id, pos: v.valuePos(key) };
}

/**
 * Prompts: a single text (spoken), or one prompt mapping, or a list of them.
 *   prompt: "Welcome"                 -> spoken by TTS
 *   prompt: { sound: hello-world }    -> installed on the media server
 *   prompt: [ { file: sounds/jingle.wav }, { say: "Welcome" }, { silence: 500ms } ]
 */
export function prompts(v: MapView, key: string): PromptSpec[] {
  const n = v.node(key);
  if (n === undefined) return [];
  const items = isSeq(n) ? (n.items as YamlNode[]) : [n];
  const out: PromptSpec[] = [];
  for (const item of items) {
    const p = onePrompt(v, key, item);
    if (p) out.push(p);
  }
  return out;
}

function onePrompt(v: MapView, key: string, item: YamlNode): PromptSpec | undefined {
  const pos = v.r.posOf(item);
  if (isScalar(item) && typeof item.value === 'string') return { say: item.value };
  if (!isMap(item)) {
    v.r.report(pos, 'IVR_PROMPT_BAD_SHAPE', { where: v.at, field: key });
    return undefined;
  }
  const m = new MapView(v.r, item, `${v.at}/prompt`);
  const kinds = m.keys();
  if (kinds.length !== 1) {
    v.r.report(pos, 'IVR_PROMPT_NEEDS_ONE_KIND', { where: v.at });
    return undefined;
  }
  const kind = kinds[0];
  if (kind === 'silence') {
    const ms = parseDuration(isScalar(m.node('silence')) ? (m.node('silence') as { value: unknown }).value : undefined);
    if (ms === undefined) {
      v.r.report(m.valuePos('silence'), 'IVR_PROMPT_BAD_SILENCE', { where: v.at });
      return undefined;
    }
    return { silenceMs: ms };
  }
  if (kind !== 'say' && kind !== 'sound' && kind !== 'file') {
    v.r.report(pos, 'IVR_PROMPT_UNKNOWN_KIND', { where: v.at, kind: kind ?? '' });
    return undefined;
  }
  const text = m.string(kind, true);
  if (text === undefined) return undefined;
  if (text.trim() === '') {
    v.r.report(m.valuePos(kind), 'IVR_PROMPT_EMPTY', { where: v.at, kind });
    return undefined;
  }
  if (kind === 'say') return { say: text };
  if (kind === 'sound') return { sound: text };
  return { file: text, pos: m.valuePos('file') };
}

/** A digit mapping `{ "1": target, "2": target }` with each digit checked. */
export function digitMap(v: MapView, key: string): { digit: string; next: Target }[] {
  const n = v.node(key);
  if (n === undefined) {
    v.r.report(v.pos, 'IVR_MISSING_FIELD', { where: v.at, field: key });
    return [];
  }
  const m = MapView.of(v.r, n, `${v.at}/field:${key}`, v.valuePos(key));
  if (!m) return [];
  const out: { digit: string; next: Target }[] = [];
  for (const digit of m.keys()) {
    if (!isDtmfDigit(digit)) {
      v.r.report(m.keyPos(digit), 'IVR_NOT_A_PHONE_KEY_IN', { where: v.at, key: digit });
      continue;
    }
    const t = target(m, digit, true);
    out.push({ digit, next: t });
  }
  if (m.keys().length === 0) v.r.report(v.valuePos(key), 'IVR_NO_CHOICES', { where: v.at });
  return out;
}

/**
 * Why a pattern an admin wrote cannot be used, or undefined when it can. Patterns are tested
 * against what callers control (their keys, their number, a CRM answer): one with nested
 * repetition such as `(\d+)*` backtracks exponentially on a crafted value and stalls the whole
 * daemon, every call with it. So it is refused when the flow is loaded, not found on a busy day.
 * The check is the star-height rule of safe-regex2: conservative (`([0-9]{3})+` is refused too;
 * write `([0-9]{3}){1,5}` or `[0-9]+` instead).
 */
export function patternProblem(pattern: string): 'invalid' | 'unsafe' | undefined {
  try {
    new RegExp(pattern);
  } catch {
    return 'invalid';
  }
  return safeRegex(pattern) ? undefined : 'unsafe';
}
