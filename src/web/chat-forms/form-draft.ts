/**
 * The admin's draft of a form or survey as the editor holds it (every box a string) and the
 * definition it becomes. Choice options are typed one per line as `value | English | 中文`.
 * Pure, so the editor's conversions are tested without a browser.
 */
import type { FieldKind, FormDefinition, FormField, FormKind, Identity } from '../../forms/form-rules.js';
import type { FormView } from '../api/forms.js';

export interface FieldDraft {
  key: number;
  name: string;
  kind: FieldKind;
  labelEn: string;
  labelZh: string;
  required: boolean;
  min: string;
  max: string;
  maxLength: string;
  options: string;
  identity: '' | Identity;
}

export interface FormDraft {
  name: string;
  kind: FormKind;
  titleEn: string;
  titleZh: string;
  fields: FieldDraft[];
}

let nextKey = 1;

export function emptyField(kind: FormKind): FieldDraft {
  return { key: nextKey++, name: '', kind: kind === 'survey' ? 'scale' : 'text', labelEn: '', labelZh: '', required: false, min: kind === 'survey' ? '1' : '', max: kind === 'survey' ? '5' : '', maxLength: '', options: '', identity: '' };
}

export function emptyDraft(kind: FormKind): FormDraft {
  return { name: '', kind, titleEn: '', titleZh: '', fields: [emptyField(kind)] };
}

export function draftOf(f: FormView): FormDraft {
  const def = f.definition as FormDefinition;
  return {
    name: f.name,
    kind: def.kind,
    titleEn: def.title.en,
    titleZh: def.title.zh,
    fields: def.fields.map((x) => ({
      key: nextKey++,
      name: x.name,
      kind: x.kind,
      labelEn: x.label.en,
      labelZh: x.label.zh,
      required: x.required,
      min: x.min === undefined ? '' : String(x.min),
      max: x.max === undefined ? '' : String(x.max),
      maxLength: x.maxLength === undefined ? '' : String(x.maxLength),
      options: (x.options ?? []).map((o) => `${o.value} | ${o.label.en} | ${o.label.zh}`).join('\n'),
      identity: x.identity ?? '',
    })),
  };
}

const num = (s: string): number | undefined => (s.trim() === '' || !Number.isFinite(Number(s)) ? undefined : Number(s));

/** `value | English | 中文` per line; a line with one part uses it for all three. */
export function parseOptions(text: string): { value: string; label: { en: string; zh: string } }[] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '')
    .map((l) => {
      const [value = '', en, zh] = l.split('|').map((p) => p.trim());
      return { value, label: { en: en ?? value, zh: zh ?? en ?? value } };
    });
}

/** The definition the daemon checks (FORM_INVALID names what is wrong, `/definition/fields/2/...`). */
export function inputOf(d: FormDraft): { name: string; definition: FormDefinition } {
  const fields: FormField[] = d.fields.map((f) => {
    const min = num(f.min);
    const max = num(f.max);
    const maxLength = num(f.maxLength);
    const usesRange = f.kind === 'number' || f.kind === 'scale';
    return {
      name: f.name.trim(),
      kind: f.kind,
      label: { en: f.labelEn.trim(), zh: f.labelZh.trim() },
      required: f.required,
      ...(usesRange && min !== undefined ? { min } : {}),
      ...(usesRange && max !== undefined ? { max } : {}),
      ...(f.kind === 'text' && maxLength !== undefined ? { maxLength } : {}),
      ...(f.kind === 'choice' ? { options: parseOptions(f.options) } : {}),
      ...(f.identity !== '' ? { identity: f.identity } : {}),
    };
  });
  return { name: d.name.trim(), definition: { kind: d.kind, title: { en: d.titleEn.trim(), zh: d.titleZh.trim() }, fields } };
}

/** The field row a refusal points at (`/definition/fields/2/options`), if any. */
export function refusedRow(details: unknown): number | undefined {
  const where = (details as { where?: unknown } | undefined)?.where;
  const m = typeof where === 'string' ? /^\/definition\/fields\/(\d+)/.exec(where) : null;
  return m?.[1] === undefined ? undefined : Number(m[1]);
}
