/**
 * A customer's identities in their tables: phone numbers in customer_phones (the screen-pop's
 * index probe), e-mails, chat visitor ids and messaging ids in customer_identities. Each identity
 * belongs to one customer: one held by another is refused with CUSTOMER_IDENTITY_TAKEN naming the
 * entry and the owner, before anything is written.
 */
import type { Kysely } from 'kysely';
import { AppError, type FieldProblem } from '../../core/errors.js';
import type { MessagingId } from '../../customers/model.js';
import { phoneLookupForms } from '../../customers/phone-number.js';
import type { Database } from '../schema.js';

export interface Identities {
  phones: string[];
  emails: string[];
  chatVisitors: string[];
  messaging: MessagingId[];
}

type Kind = 'email' | 'chat' | 'messaging';

interface Row {
  kind: Kind;
  platform: string;
  value: string;
}

function rowsOf(ids: Identities): (Row & { where: string })[] {
  return [
    ...ids.emails.map((value, i) => ({ kind: 'email' as const, platform: '', value, where: `/emails/${i}` })),
    ...ids.chatVisitors.map((value, i) => ({ kind: 'chat' as const, platform: '', value, where: `/chatVisitors/${i}` })),
    ...ids.messaging.map((m, i) => ({ kind: 'messaging' as const, platform: m.platform, value: m.id, where: `/messaging/${i}` })),
  ];
}

/** Refuses identities another customer holds (`customerId` is the one being written, if any). */
export async function requireOwnIdentities(db: Kysely<Database>, customerId: string | undefined, ids: Identities): Promise<void> {
  const problems: FieldProblem[] = [];
  const owners = new Set<string>();
  for (const [i, phone] of ids.phones.entries()) {
    let q = db.selectFrom('customer_phones').select('customer_id').where('phone', 'in', phoneLookupForms(phone));
    if (customerId) q = q.where('customer_id', '<>', customerId);
    const owner = await q.executeTakeFirst();
    if (owner) {
      problems.push({ where: `/phones/${i}`, reason: `${phone} belongs to customer ${owner.customer_id}` });
      owners.add(owner.customer_id);
    }
  }
  for (const r of rowsOf(ids)) {
    let q = db.selectFrom('customer_identities').select('customer_id').where('kind', '=', r.kind).where('platform', '=', r.platform).where('value', '=', r.value);
    if (customerId) q = q.where('customer_id', '<>', customerId);
    const owner = await q.executeTakeFirst();
    if (owner) {
      problems.push({ where: r.where, reason: `${r.value} belongs to customer ${owner.customer_id}` });
      owners.add(owner.customer_id);
    }
  }
  const first = problems[0];
  if (first) throw new AppError('CUSTOMER_IDENTITY_TAKEN', `${first.where}: ${first.reason}`, { problems, customerIds: [...owners] });
}

/** Replaces the customer's identities with `ids` (inside the caller's transaction). */
export async function writeIdentities(trx: Kysely<Database>, customerId: string, ids: Identities): Promise<void> {
  await trx.deleteFrom('customer_phones').where('customer_id', '=', customerId).execute();
  await trx.deleteFrom('customer_identities').where('customer_id', '=', customerId).execute();
  if (ids.phones.length > 0) {
    await trx
      .insertInto('customer_phones')
      .values(ids.phones.map((phone, position) => ({ customer_id: customerId, phone, position })))
      .execute();
  }
  const rows = rowsOf(ids);
  if (rows.length > 0) {
    await trx
      .insertInto('customer_identities')
      .values(rows.map((r, position) => ({ customer_id: customerId, kind: r.kind, platform: r.platform, value: r.value, position })))
      .execute();
  }
}

/** The identities of each customer, in the order they were given. */
/** An identity row as json_build_object gives it (a lookup that reads identities in its own query). */
export interface IdentityJson {
  kind: string;
  platform: string;
  value: string;
}

/** A customer's identities from their rows, each list in its stored order. */
export function identitiesOf(phones: string[], others: readonly IdentityJson[]): Identities {
  const ids: Identities = { phones: [...phones], emails: [], chatVisitors: [], messaging: [] };
  for (const r of others) {
    if (r.kind === 'email') ids.emails.push(r.value);
    else if (r.kind === 'chat') ids.chatVisitors.push(r.value);
    else ids.messaging.push({ platform: r.platform, id: r.value });
  }
  return ids;
}

export async function readIdentities(db: Kysely<Database>, customerIds: string[]): Promise<Map<string, Identities>> {
  const out = new Map<string, Identities>(customerIds.map((id) => [id, { phones: [], emails: [], chatVisitors: [], messaging: [] }]));
  if (customerIds.length === 0) return out;
  const [phones, others] = await Promise.all([
    db.selectFrom('customer_phones').selectAll().where('customer_id', 'in', customerIds).orderBy('position').execute(),
    db.selectFrom('customer_identities').selectAll().where('customer_id', 'in', customerIds).orderBy('position').execute(),
  ]);
  const phonesOf = new Map<string, string[]>();
  for (const p of phones) phonesOf.set(p.customer_id, [...(phonesOf.get(p.customer_id) ?? []), p.phone]);
  const othersOf = new Map<string, IdentityJson[]>();
  for (const r of others) othersOf.set(r.customer_id, [...(othersOf.get(r.customer_id) ?? []), r]);
  for (const id of customerIds) out.set(id, identitiesOf(phonesOf.get(id) ?? [], othersOf.get(id) ?? []));
  return out;
}

/** The customer holding an identity other than a phone number (the chat's screen-pop). */
export async function ownerOf(db: Kysely<Database>, kind: Kind, value: string, platform = ''): Promise<string | undefined> {
  const row = await db.selectFrom('customer_identities').select('customer_id').where('kind', '=', kind).where('platform', '=', platform).where('value', '=', value).executeTakeFirst();
  return row?.customer_id;
}
