/**
 * Forms and surveys sent in a chat (issue 21): what a definition may hold and what an answer must
 * be. Pure and import-free on purpose: the widget bundle runs the same answer checks in the
 * visitor's browser (messages in their language) that the server runs authoritatively.
 *
 * A form asks for facts (text, number, date, choice, phone, email); a survey asks for opinions
 * (a scale such as 1-5 or 0-10, a choice, a text). Every field has an English and a Chinese label.
 */

export const FORM_KINDS = ['form', 'survey'] as const;
export type FormKind = (typeof FORM_KINDS)[number];

export const FIELD_KINDS = ['text', 'number', 'date', 'choice', 'phone', 'email', 'scale'] as const;
export type FieldKind = (typeof FIELD_KINDS)[number];

/** Which field kinds each kind of definition may hold. */
export const KINDS_OF: Record<FormKind, readonly FieldKind[]> = {
  form: ['text', 'number', 'date', 'choice', 'phone', 'email'],
  survey: ['scale', 'choice', 'text'],
};

/** Identity a pre-chat field can fill: the chat's visitor name (phone and email are shown to the agent). */
export const IDENTITIES = ['name', 'phone', 'email'] as const;
export type Identity = (typeof IDENTITIES)[number];

export const FORM_LIMITS = {
  maxFields: 30,
  maxOptions: 20,
  maxLabelLength: 200,
  /** A text answer's ceiling when the field sets no maxLength. */
  maxTextLength: 2000,
  maxNameLength: 40,
  /** The widest scale: 0-10 and 1-5 both fit. */
  maxScaleSteps: 11,
} as const;

export interface Label {
  en: string;
  zh: string;
}

export interface ChoiceOption {
  value: string;
  label: Label;
}

export interface FormField {
  /** The answer's key: a-z, digits and _, starting with a letter. */
  name: string;
  kind: FieldKind;
  label: Label;
  required: boolean;
  /** number: the smallest and largest value; scale: its two ends (both required). */
  min?: number;
  max?: number;
  /** text: characters. */
  minLength?: number;
  maxLength?: number;
  /** choice: 2 or more. */
  options?: ChoiceOption[];
  /** Pre-chat forms: what this answer tells about the visitor. */
  identity?: Identity;
}

export interface FormDefinition {
  kind: FormKind;
  title: Label;
  fields: FormField[];
}

export type AnswerValue = string | number;
export type Answers = Record<string, AnswerValue>;

/** One problem with a definition or an answer; `where` is a JSON pointer into the input. */
export interface FormProblem {
  code: 'FORM_FIELD_REQUIRED' | 'FORM_FIELD_INVALID' | 'FORM_FIELD_UNKNOWN';
  field: string;
  where: string;
  reason: string;
}

const NAME = /^[a-z][a-z0-9_]*$/;
/** Something@somewhere.tld without spaces: enough to catch a typo, not a deliverability check. */
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
/** Digits with the usual separators and an optional leading +; 6 to 20 digits in all. */
const PHONE = /^\+?[\d\s().-]+$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function isDate(value: string): boolean {
  const m = DATE.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const at = new Date(Date.UTC(y, mo - 1, d));
  return at.getUTCFullYear() === y && at.getUTCMonth() === mo - 1 && at.getUTCDate() === d;
}

const blankLabel = (l: Label | undefined): boolean => !l || l.en.trim() === '' || l.zh.trim() === '';

/**
 * The problems of a definition an admin saves, each naming where (`/fields/2/options`): empty
 * where a form must hold a field, kinds a survey may not hold, a scale without its ends, a choice
 * without options. Empty: the definition can be rendered and answered.
 */
export function definitionProblems(def: FormDefinition): { where: string; reason: string }[] {
  const out: { where: string; reason: string }[] = [];
  if (blankLabel(def.title)) out.push({ where: '/title', reason: 'needs an English and a Chinese title' });
  if (def.fields.length === 0) out.push({ where: '/fields', reason: 'needs at least one field' });
  if (def.fields.length > FORM_LIMITS.maxFields) out.push({ where: '/fields', reason: `holds at most ${FORM_LIMITS.maxFields} fields` });
  const seen = new Set<string>();
  def.fields.forEach((f, i) => {
    const at = `/fields/${i}`;
    if (!NAME.test(f.name) || f.name.length > FORM_LIMITS.maxNameLength) out.push({ where: `${at}/name`, reason: 'is not a field name (a-z, digits, _)' });
    if (seen.has(f.name)) out.push({ where: `${at}/name`, reason: `another field is named ${f.name}` });
    seen.add(f.name);
    if (!KINDS_OF[def.kind].includes(f.kind)) out.push({ where: `${at}/kind`, reason: `a ${def.kind} cannot hold a ${f.kind} field` });
    if (blankLabel(f.label)) out.push({ where: `${at}/label`, reason: 'needs an English and a Chinese label' });
    if (f.min !== undefined && f.max !== undefined && f.min > f.max) out.push({ where: `${at}/max`, reason: 'is below min' });
    if (f.minLength !== undefined && f.maxLength !== undefined && f.minLength > f.maxLength) out.push({ where: `${at}/maxLength`, reason: 'is below minLength' });
    if (f.kind === 'scale') {
      if (f.min === undefined || f.max === undefined || !Number.isInteger(f.min) || !Number.isInteger(f.max)) out.push({ where: `${at}/min`, reason: 'a scale needs whole-number ends (min and max)' });
      else if (f.max - f.min + 1 > FORM_LIMITS.maxScaleSteps || f.max <= f.min) out.push({ where: `${at}/max`, reason: `a scale has 2 to ${FORM_LIMITS.maxScaleSteps} steps` });
    }
    if (f.kind === 'choice') {
      const opts = f.options ?? [];
      if (opts.length < 2 || opts.length > FORM_LIMITS.maxOptions) out.push({ where: `${at}/options`, reason: `a choice needs 2 to ${FORM_LIMITS.maxOptions} options` });
      const values = new Set<string>();
      opts.forEach((o, j) => {
        if (o.value.trim() === '' || values.has(o.value)) out.push({ where: `${at}/options/${j}/value`, reason: 'is empty or repeated' });
        values.add(o.value);
        if (blankLabel(o.label)) out.push({ where: `${at}/options/${j}/label`, reason: 'needs an English and a Chinese label' });
      });
    } else if (f.options !== undefined && f.options.length > 0) {
      out.push({ where: `${at}/options`, reason: 'only a choice has options' });
    }
  });
  return out;
}

/** The problem of one value against its field, or undefined. Strings are compared trimmed. */
function valueProblem(f: FormField, value: AnswerValue): string | undefined {
  if (f.kind === 'number' || f.kind === 'scale') {
    if (typeof value !== 'number' || !Number.isFinite(value)) return 'is not a number';
    if (f.kind === 'scale' && !Number.isInteger(value)) return 'is not a whole number';
    if (f.min !== undefined && value < f.min) return `is below ${f.min}`;
    if (f.max !== undefined && value > f.max) return `is above ${f.max}`;
    return undefined;
  }
  if (typeof value !== 'string') return 'is not text';
  const v = value.trim();
  const max = f.maxLength ?? FORM_LIMITS.maxTextLength;
  if (v.length > max) return `holds at most ${max} characters`;
  if (f.minLength !== undefined && v.length < f.minLength) return `holds at least ${f.minLength} characters`;
  if (f.kind === 'email' && !EMAIL.test(v)) return 'is not an email address';
  if (f.kind === 'phone') {
    const digits = v.replace(/\D/g, '').length;
    if (!PHONE.test(v) || digits < 6 || digits > 20) return 'is not a phone number';
  }
  if (f.kind === 'date' && !isDate(v)) return 'is not a date (YYYY-MM-DD)';
  if (f.kind === 'choice' && !(f.options ?? []).some((o) => o.value === v)) return 'is not one of the options';
  return undefined;
}

const isBlank = (v: AnswerValue | undefined): boolean => v === undefined || (typeof v === 'string' && v.trim() === '');

/**
 * Checks an answer against the definition it answers. Returns every problem (the widget marks
 * each field; the server refuses with the first) and the values as they are stored: strings
 * trimmed, blank optional fields left out.
 */
export function checkAnswers(def: FormDefinition, answers: Answers): { problems: FormProblem[]; values: Answers } {
  const problems: FormProblem[] = [];
  const values: Answers = {};
  const known = new Set(def.fields.map((f) => f.name));
  for (const name of Object.keys(answers)) {
    if (!known.has(name)) problems.push({ code: 'FORM_FIELD_UNKNOWN', field: name, where: `/answers/${name}`, reason: 'is not a field of this form' });
  }
  for (const f of def.fields) {
    const value = Object.prototype.hasOwnProperty.call(answers, f.name) ? answers[f.name] : undefined;
    const where = `/answers/${f.name}`;
    if (isBlank(value)) {
      if (f.required) problems.push({ code: 'FORM_FIELD_REQUIRED', field: f.name, where, reason: 'is required' });
      continue;
    }
    const problem = valueProblem(f, value as AnswerValue);
    if (problem) problems.push({ code: 'FORM_FIELD_INVALID', field: f.name, where, reason: problem });
    else values[f.name] = typeof value === 'string' ? value.trim() : (value as number);
  }
  return { problems, values };
}

/** The label in the visitor's or agent's language (zh for any Chinese). */
export function labelIn(label: Label, lang: string): string {
  return lang.toLowerCase().startsWith('zh') ? label.zh : label.en;
}

/** An answer as a person reads it: a choice by its label, everything else as given. */
export function answerText(f: FormField, value: AnswerValue, lang: string): string {
  if (f.kind === 'choice') {
    const o = (f.options ?? []).find((x) => x.value === value);
    return o ? labelIn(o.label, lang) : String(value);
  }
  if (f.kind === 'scale') return `${value} / ${f.max ?? ''}`;
  return String(value);
}
