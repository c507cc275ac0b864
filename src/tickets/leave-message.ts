/**
 * A message a visitor leaves with a template: checked against the template's fields, then turned
 * into the ticket it becomes. Pure functions; the service stores the result.
 */
import { AppError } from '../core/errors.js';
import type { NewTicketInput } from './model.js';
import type { CenterLanguage } from './ticket-wording.js';
import { FIELD_MAX_LENGTH, type LeaveMessageTemplate, type TemplateField } from './leave-message-template.js';

/** Something@somewhere.tld without spaces: enough to catch a typo, not a deliverability check. */
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
/** Digits with the usual separators and an optional leading +; 6 to 20 digits in all. */
const PHONE = /^\+?[\d\s().-]+$/;

function badValue(field: TemplateField, value: string): string | undefined {
  if (value.length > FIELD_MAX_LENGTH[field.kind]) return `holds at most ${FIELD_MAX_LENGTH[field.kind]} characters`;
  if (field.kind === 'email' && !EMAIL.test(value)) return 'is not an email address';
  if (field.kind === 'phone') {
    const digits = value.replace(/\D/g, '').length;
    if (!PHONE.test(value) || digits < 6 || digits > 20) return 'is not a phone number';
  }
  return undefined;
}

/**
 * The values as they will be stored (trimmed, empty optional fields left out), or the coded error
 * of the first problem naming the field: unknown, missing although required, or not valid for its
 * kind. Nothing is stored for a refused message.
 */
export function checkLeftMessage(template: LeaveMessageTemplate, fields: Record<string, string>): Record<string, string> {
  const known = new Map(template.fields.map((f) => [f.name, f]));
  for (const name of Object.keys(fields)) {
    if (!known.has(name)) throw new AppError('MESSAGE_FIELD_UNKNOWN', `The template has no field ${name}`, { where: `/fields/${name}`, field: name });
  }
  const out: Record<string, string> = {};
  for (const f of template.fields) {
    const value = (fields[f.name] ?? '').trim();
    if (value === '') {
      if (f.required) throw new AppError('MESSAGE_FIELD_REQUIRED', `${f.label.en} is required`, { where: `/fields/${f.name}`, field: f.name });
      continue;
    }
    const problem = badValue(f, value);
    if (problem) throw new AppError('MESSAGE_FIELD_INVALID', `${f.label.en} ${problem}`, { where: `/fields/${f.name}`, field: f.name, kind: f.kind });
    out[f.name] = value;
  }
  return out;
}

const SUBJECT_MAX = 200;

/**
 * The ticket a checked message becomes: its subject names the template and the first line of the
 * first long text (or of the first value), its description lists every field with its label so an
 * agent reads it as the visitor filled it in. The template's words are stored text read later by
 * anyone, so they are the center's language (ticket-wording.ts), not the visitor's; the values
 * stay as written.
 */
export function ticketOfLeftMessage(template: LeaveMessageTemplate, values: Record<string, string>, visitorId: string, language: CenterLanguage): NewTicketInput {
  const words = (text: { en: string; zh: string }): string => (language === 'zh-CN' ? text.zh : text.en);
  const filled = template.fields.filter((f) => values[f.name] !== undefined);
  const lead = filled.find((f) => f.kind === 'long_text') ?? filled[0];
  const firstLine = lead ? (values[lead.name] ?? '').split('\n')[0] ?? '' : '';
  const subject = `${words(template.name)}${language === 'zh-CN' ? '：' : ': '}${firstLine}`.slice(0, SUBJECT_MAX);
  const description = filled.map((f) => `${words(f.label)}${language === 'zh-CN' ? '：' : ': '}${values[f.name] ?? ''}`).join('\n');
  return { subject, description, visitorId };
}
