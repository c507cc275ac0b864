/**
 * The template form's draft and its conversion to what the daemon takes. Plain data, no Preact:
 * the page keeps a draft while the admin types, and only a saved draft becomes a template.
 */
import type { LeaveMessageChannel, LeaveMessageFieldKind, LeaveMessageTemplate, LeaveMessageTemplateInput } from '../api/types.js';

export const CHANNELS: readonly LeaveMessageChannel[] = ['web', 'mobile_web', 'app'];
export const FIELD_KINDS: readonly LeaveMessageFieldKind[] = ['text', 'email', 'phone', 'long_text'];

export interface FieldDraft {
  /** Keeps a row's inputs with it when rows move (the field's own name may still be empty). */
  key: number;
  name: string;
  labelEn: string;
  labelZh: string;
  kind: string;
  required: boolean;
}

export interface TemplateDraft {
  channel: LeaveMessageChannel;
  businessLine: string;
  nameEn: string;
  nameZh: string;
  enabled: boolean;
  fields: FieldDraft[];
}

let nextKey = 1;
export const emptyField = (): FieldDraft => ({ key: nextKey++, name: '', labelEn: '', labelZh: '', kind: 'text', required: false });

export const emptyDraft = (): TemplateDraft => ({ channel: 'web', businessLine: '', nameEn: '', nameZh: '', enabled: true, fields: [emptyField()] });

export function draftOf(t: LeaveMessageTemplate): TemplateDraft {
  return {
    channel: t.channel,
    businessLine: t.businessLine,
    nameEn: t.name.en,
    nameZh: t.name.zh,
    enabled: t.enabled,
    fields: t.fields.map((f) => ({ key: nextKey++, name: f.name, labelEn: f.label.en, labelZh: f.label.zh, kind: f.kind, required: f.required })),
  };
}

/** Text as typed, trimmed; the kind is sent as chosen (the daemon refuses an unknown one with its code). */
export function inputOf(d: TemplateDraft): LeaveMessageTemplateInput {
  return {
    channel: d.channel,
    businessLine: d.businessLine.trim(),
    name: { en: d.nameEn.trim(), zh: d.nameZh.trim() },
    enabled: d.enabled,
    fields: d.fields.map((f) => ({ name: f.name.trim(), label: { en: f.labelEn.trim(), zh: f.labelZh.trim() }, kind: f.kind as LeaveMessageFieldKind, required: f.required })),
  };
}

/** Whether every box the daemon's schema needs is filled (the button stays off until then). */
export function isComplete(d: TemplateDraft): boolean {
  const filled = (s: string) => s.trim() !== '';
  return filled(d.businessLine) && filled(d.nameEn) && filled(d.nameZh) && d.fields.every((f) => filled(f.name) && filled(f.labelEn) && filled(f.labelZh));
}

/** A field's name is a key for the widget: a letter, then letters, digits or _ (as the API schema says). */
export const FIELD_NAME_PATTERN = '[A-Za-z][A-Za-z0-9_]*';

/** Moves the field at `from` one place up (-1) or down (+1); the ends stay put. */
export function moveField(fields: FieldDraft[], from: number, by: -1 | 1): FieldDraft[] {
  const to = from + by;
  if (to < 0 || to >= fields.length) return fields;
  const next = [...fields];
  const [moved] = next.splice(from, 1);
  if (moved) next.splice(to, 0, moved);
  return next;
}

/** The field row a refusal points at (`details.where` like /fields/1/name), if any. */
export function fieldIndexOf(details: unknown): number | undefined {
  const where = (details as { where?: unknown } | undefined)?.where;
  const m = typeof where === 'string' ? /^\/fields\/(\d+)/.exec(where) : null;
  return m ? Number(m[1]) : undefined;
}
