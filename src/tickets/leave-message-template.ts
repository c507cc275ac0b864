/**
 * Leave-a-message templates (issue 13): what a visitor fills in when nobody can serve their chat.
 * A template belongs to one channel (where the widget runs) and one business line (pre-sales,
 * after-sales, ...); a channel may offer several and the visitor picks one. Plain data and the
 * rules a template must follow; no I/O.
 */
import { AppError } from '../core/errors.js';

/** Where the widget runs: a desktop web site, a mobile browser, or an app speaking the same protocol. */
export const LEAVE_MESSAGE_CHANNELS = ['web', 'mobile_web', 'app'] as const;
export type LeaveMessageChannel = (typeof LEAVE_MESSAGE_CHANNELS)[number];

export const FIELD_KINDS = ['text', 'email', 'phone', 'long_text'] as const;
export type FieldKind = (typeof FIELD_KINDS)[number];

export interface TemplateField {
  /** The key the widget sends the value under; letters, digits and _ (checked by the API schema). */
  name: string;
  /** Shown to the visitor in their language. */
  label: { en: string; zh: string };
  kind: FieldKind;
  required: boolean;
}

/** A visitor choosing between templates reads the name in their own language. */
export interface TemplateName {
  en: string;
  zh: string;
}

export interface LeaveMessageTemplateInput {
  channel: LeaveMessageChannel;
  businessLine: string;
  name: TemplateName;
  fields: TemplateField[];
  enabled?: boolean;
}

export interface LeaveMessageTemplate extends Required<LeaveMessageTemplateInput> {
  id: string;
  createdAt: number;
  updatedAt: number;
}

/** Longest value of one field, by kind: a long text is a message, the others one line. */
export const FIELD_MAX_LENGTH: Record<FieldKind, number> = { text: 200, email: 254, phone: 32, long_text: 4000 };
export const MAX_FIELDS = 20;

/**
 * Refuses a template the widget could not render or a visitor could not fill in, with the code of
 * the first problem and where it is. The kind arrives as any string (the API schema leaves it
 * open) so an unknown one gets its own code rather than a generic schema error.
 */
export function checkTemplate(input: { fields: { name: string; kind: string }[] }): void {
  if (input.fields.length === 0) throw new AppError('TEMPLATE_NO_FIELDS', undefined, { where: '/fields' });
  const seen = new Set<string>();
  input.fields.forEach((f, i) => {
    if (!(FIELD_KINDS as readonly string[]).includes(f.kind)) {
      throw new AppError('TEMPLATE_FIELD_KIND_UNKNOWN', `Field ${f.name} has the unknown kind ${JSON.stringify(f.kind)}`, { where: `/fields/${i}/kind`, kind: f.kind, known: FIELD_KINDS });
    }
    if (seen.has(f.name)) throw new AppError('TEMPLATE_FIELD_DUPLICATE', `Two fields are named ${f.name}`, { where: `/fields/${i}/name`, name: f.name });
    seen.add(f.name);
  });
}
