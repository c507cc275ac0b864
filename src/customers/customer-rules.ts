/**
 * What a customer's input becomes before it is stored: names trimmed, phone numbers normalized
 * (phone-number.ts), e-mails lower-cased, identities listed once. Pure; VALIDATION_FAILED names
 * the entry (`/phones/1`). Custom values are checked separately (custom-fields.ts): they need the
 * definitions the store holds.
 */
import { validationError, type FieldProblem } from '../core/errors.js';
import type { CustomerLevel } from '../core/vocabulary.js';
import type { Customer, CustomerInput, CustomerPatch, CustomerProfile, CustomValue, MessagingId } from './model.js';
import { normalizePhone } from './phone-number.js';

export interface NormalizedCustomer {
  name: string;
  company: string;
  level: CustomerLevel;
  phones: string[];
  emails: string[];
  chatVisitors: string[];
  messaging: MessagingId[];
  tags: string[];
  notes: string;
  profile: CustomerProfile;
  custom: Record<string, CustomValue | null>;
}

function listedOnce<T>(items: readonly T[], key: (t: T) => string, where: string, problems: FieldProblem[]): T[] {
  const seen = new Set<string>();
  const out: T[] = [];
  items.forEach((item, i) => {
    const k = key(item);
    if (seen.has(k)) problems.push({ where: `${where}/${i}`, reason: `${k} is listed twice` });
    else {
      seen.add(k);
      out.push(item);
    }
  });
  return out;
}

function cleanProfile(p: CustomerProfile | undefined): CustomerProfile {
  const out: CustomerProfile = {};
  if (!p) return out;
  if (p.age !== undefined) out.age = p.age;
  for (const k of ['gender', 'preferences', 'needs'] as const) {
    const v = p[k]?.trim();
    if (v) out[k] = v;
  }
  return out;
}

export function normalizeCustomer(input: CustomerInput): NormalizedCustomer {
  const problems: FieldProblem[] = [];
  if (input.name.trim() === '') problems.push({ where: '/name', reason: 'must not be blank' });
  const phones: string[] = [];
  (input.phones ?? []).forEach((raw, i) => {
    const n = normalizePhone(raw);
    if (!n) problems.push({ where: `/phones/${i}`, reason: `"${raw}" is not a phone number` });
    else if (phones.includes(n)) problems.push({ where: `/phones/${i}`, reason: `${n} is listed twice` });
    else phones.push(n);
  });
  const emails = listedOnce(
    (input.emails ?? []).map((e) => e.trim().toLowerCase()),
    (e) => e,
    '/emails',
    problems,
  );
  const chatVisitors = listedOnce(
    (input.chatVisitors ?? []).map((v) => v.trim()),
    (v) => v,
    '/chatVisitors',
    problems,
  );
  (input.messaging ?? []).forEach((m, i) => {
    if (m.platform.trim() === '') problems.push({ where: `/messaging/${i}/platform`, reason: 'must not be blank' });
    if (m.id.trim() === '') problems.push({ where: `/messaging/${i}/id`, reason: 'must not be blank' });
  });
  const messaging = listedOnce(
    (input.messaging ?? []).map((m) => ({ platform: m.platform.trim().toLowerCase(), id: m.id.trim() })),
    (m) => `${m.platform}:${m.id}`,
    '/messaging',
    problems,
  );
  if (problems.length > 0) throw validationError(problems);
  return {
    name: input.name.trim(),
    company: input.company?.trim() ?? '',
    level: input.level ?? 'standard',
    phones,
    emails,
    chatVisitors,
    messaging,
    tags: [...new Set((input.tags ?? []).map((t) => t.trim()).filter((t) => t !== ''))],
    notes: input.notes ?? '',
    profile: cleanProfile(input.profile),
    custom: input.custom ?? {},
  };
}

/** The whole input a patch makes of the stored customer: what the patch leaves out stays. */
export function patchedInput(current: Customer, patch: CustomerPatch): CustomerInput {
  const base: CustomerInput = {
    name: current.name,
    company: current.company,
    level: current.level,
    phones: current.phones,
    emails: current.emails,
    chatVisitors: current.chatVisitors,
    messaging: current.messaging,
    tags: current.tags,
    notes: current.notes,
    profile: current.profile,
    custom: current.custom,
  };
  const out: CustomerInput = { ...base };
  for (const [k, v] of Object.entries(patch) as [keyof CustomerInput, unknown][]) {
    if (v !== undefined) (out as unknown as Record<string, unknown>)[k] = v;
  }
  // Custom values are patched per field; null clears one.
  if (patch.custom) out.custom = { ...current.custom, ...patch.custom };
  return out;
}

/** The fields whose stored value a change alters, for the audit entry. */
export function changedFields(before: Customer, after: Customer): string[] {
  const keys = ['name', 'company', 'level', 'phones', 'emails', 'chatVisitors', 'messaging', 'tags', 'notes', 'profile', 'custom'] as const;
  return keys.filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]));
}
