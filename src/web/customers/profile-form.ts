/**
 * The customer page's edit form as text fields, and back: lists one entry a line (messaging ids
 * as `platform: id`), tags separated by commas, custom values as the inputs hold them. Only what
 * differs from the stored customer is sent (PATCH), so an edit never overwrites a field the user
 * did not touch. Pure, so the page's rules are tested without a browser.
 */
import type { Customer, CustomField } from '../api/types.js';

export interface ProfileForm {
  name: string;
  company: string;
  level: string;
  tags: string;
  phones: string;
  emails: string;
  chatVisitors: string;
  messaging: string;
  notes: string;
  age: string;
  gender: string;
  preferences: string;
  needs: string;
  custom: Record<string, string>;
}

export type FormKey = Exclude<keyof ProfileForm, 'custom'> | `custom.${string}`;

const lines = (s: string) =>
  s
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '');

export function formOf(c: Customer): ProfileForm {
  return {
    name: c.name,
    company: c.company,
    level: c.level,
    tags: c.tags.join(', '),
    phones: c.phones.join('\n'),
    emails: c.emails.join('\n'),
    chatVisitors: c.chatVisitors.join('\n'),
    messaging: c.messaging.map((m) => `${m.platform}: ${m.id}`).join('\n'),
    notes: c.notes,
    age: c.profile.age === undefined ? '' : String(c.profile.age),
    gender: c.profile.gender ?? '',
    preferences: c.profile.preferences ?? '',
    needs: c.profile.needs ?? '',
    custom: Object.fromEntries(Object.entries(c.custom).map(([k, v]) => [k, String(v)])),
  };
}

/** A line without `:` is an id with no platform: the daemon names it (platform must not be blank). */
function messagingOf(s: string): { platform: string; id: string }[] {
  return lines(s).map((l) => {
    const at = l.indexOf(':');
    return at < 0 ? { platform: '', id: l } : { platform: l.slice(0, at).trim(), id: l.slice(at + 1).trim() };
  });
}

function customValue(field: CustomField | undefined, text: string): string | number | null {
  const v = text.trim();
  if (v === '') return null;
  // A number field sends a number when the text is one; otherwise the text, which the daemon refuses by name.
  if (field?.type === 'number' && Number.isFinite(Number(v))) return Number(v);
  return v;
}

export type CustomerPatchBody = Record<string, unknown>;

/** What changed between the stored customer and the form, as a PATCH body (empty: nothing changed). */
export function patchOf(stored: Customer, form: ProfileForm, fields: readonly CustomField[]): CustomerPatchBody {
  const before = formOf(stored);
  const patch: CustomerPatchBody = {};
  if (form.name !== before.name) patch.name = form.name;
  if (form.company !== before.company) patch.company = form.company;
  if (form.level !== before.level) patch.level = form.level;
  if (form.notes !== before.notes) patch.notes = form.notes;
  if (form.tags !== before.tags) patch.tags = form.tags.split(',').map((t) => t.trim()).filter((t) => t !== '');
  if (form.phones !== before.phones) patch.phones = lines(form.phones);
  if (form.emails !== before.emails) patch.emails = lines(form.emails);
  if (form.chatVisitors !== before.chatVisitors) patch.chatVisitors = lines(form.chatVisitors);
  if (form.messaging !== before.messaging) patch.messaging = messagingOf(form.messaging);
  if (form.age !== before.age || form.gender !== before.gender || form.preferences !== before.preferences || form.needs !== before.needs) {
    const age = form.age.trim();
    patch.profile = {
      ...(age !== '' ? { age: Number.isInteger(Number(age)) ? Number(age) : age } : {}),
      ...(form.gender.trim() ? { gender: form.gender } : {}),
      ...(form.preferences.trim() ? { preferences: form.preferences } : {}),
      ...(form.needs.trim() ? { needs: form.needs } : {}),
    };
  }
  const custom: Record<string, string | number | null> = {};
  for (const key of new Set([...Object.keys(form.custom), ...Object.keys(before.custom)])) {
    const now = form.custom[key] ?? '';
    if (now !== (before.custom[key] ?? '')) custom[key] = customValue(fields.find((f) => f.key === key), now);
  }
  if (Object.keys(custom).length > 0) patch.custom = custom;
  return patch;
}

/** The form field a refusal names (`/body/phones/1` -> phones, `/body/custom/seats` -> custom.seats). */
export function fieldOf(where: string): FormKey | undefined {
  const parts = where.replace(/^\/body/, '').split('/').filter((p) => p !== '');
  const [head, next] = parts;
  if (head === 'custom' && next) return `custom.${next}`;
  if (head === 'profile' && next && ['age', 'gender', 'preferences', 'needs'].includes(next)) return next as FormKey;
  const direct: FormKey[] = ['name', 'company', 'level', 'tags', 'phones', 'emails', 'chatVisitors', 'messaging', 'notes'];
  return direct.find((k) => k === head);
}
