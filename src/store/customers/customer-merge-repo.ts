/**
 * Merging customers in one transaction, and undoing a merge exactly (src/customers/merge-ports.ts).
 * The merge record keeps the raw rows of the merged-away customer (its row, phone and identity
 * rows), the kept customer's row and identity rows before the merge, and which tickets moved; the
 * undo puts those rows back as they were, timestamps and positions included.
 */
import { sql, type Kysely, type Selectable } from 'kysely';
import type { AuditEntry, AuditLog } from '../../accounts/audit.js';
import { AppError } from '../../core/errors.js';
import type { MergePlan } from '../../customers/customer-merge.js';
import type { CustomerMerge, CustomerMergeStore } from '../../customers/merge-ports.js';
import type { Customer } from '../../customers/model.js';
import { transactWithAudit } from '../accounts/unit-of-work.js';
import { CustomersRepo } from '../config/customers-repo.js';
import { json } from '../config/repo-deps.js';
import type { Database } from '../schema.js';
import type { CustomerMergesTable, CustomersTable } from '../tables/config.js';

interface PhoneRow {
  phone: string;
  position: number;
}
interface IdentityRow {
  kind: 'email' | 'chat' | 'messaging';
  platform: string;
  value: string;
  position: number;
}
/** A customer's rows as stored (times as ISO text inside jsonb). */
interface CustomerRows {
  row: Omit<Selectable<CustomersTable>, 'created_at' | 'updated_at'> & { created_at: string; updated_at: string };
  phones: PhoneRow[];
  identities: IdentityRow[];
}
interface Moved {
  identities: number;
  tickets: string[];
}

async function rowsOf(db: Kysely<Database>, id: string): Promise<CustomerRows | undefined> {
  const row = await db.selectFrom('customers').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) return undefined;
  const [phones, identities] = await Promise.all([
    db.selectFrom('customer_phones').select(['phone', 'position']).where('customer_id', '=', id).orderBy('position').execute(),
    db.selectFrom('customer_identities').select(['kind', 'platform', 'value', 'position']).where('customer_id', '=', id).orderBy('position').execute(),
  ]);
  return { row: { ...row, created_at: row.created_at.toISOString(), updated_at: row.updated_at.toISOString() }, phones, identities };
}

async function putRows(trx: Kysely<Database>, id: string, rows: CustomerRows, insertRow: boolean): Promise<void> {
  const r = rows.row;
  const fields = { name: r.name, company: r.company, level: r.level, tags: json(r.tags), notes: r.notes, profile: json(r.profile), custom: json(r.custom), updated_at: new Date(r.updated_at) };
  if (insertRow) await trx.insertInto('customers').values({ id, ...fields, created_at: new Date(r.created_at) }).execute();
  else await trx.updateTable('customers').set(fields).where('id', '=', id).execute();
  await trx.deleteFrom('customer_phones').where('customer_id', '=', id).execute();
  await trx.deleteFrom('customer_identities').where('customer_id', '=', id).execute();
  if (rows.phones.length > 0) await trx.insertInto('customer_phones').values(rows.phones.map((p) => ({ customer_id: id, ...p }))).execute();
  if (rows.identities.length > 0) await trx.insertInto('customer_identities').values(rows.identities.map((i) => ({ customer_id: id, ...i }))).execute();
}

function toMerge(r: Selectable<CustomerMergesTable>): CustomerMerge {
  const snapshot = r.merged_snapshot as CustomerRows;
  const moved = r.moved as Moved;
  return {
    id: r.id,
    keptId: r.kept_id,
    mergedId: r.merged_id,
    mergedName: snapshot.row.name,
    mergedAt: r.merged_at.getTime(),
    mergedBy: r.merged_by,
    undoneAt: r.undone_at ? r.undone_at.getTime() : null,
    undoneBy: r.undone_by,
    movedIdentities: moved.identities,
    movedTickets: moved.tickets.length,
  };
}

const notUndoable = (mergeId: string, reason: string) => new AppError('CUSTOMER_MERGE_NOT_UNDOABLE', `The merge ${mergeId} cannot be undone: ${reason}`, { mergeId, reason });

export class CustomerMergeRepo implements CustomerMergeStore {
  constructor(private readonly db: Kysely<Database>) {}

  async merge(
    keptId: string,
    mergedId: string,
    plan: (kept: Customer, merged: Customer) => MergePlan,
    record: { id: string; at: number; by: string | null },
    audit: (m: CustomerMerge) => AuditEntry,
    log: AuditLog,
  ): Promise<CustomerMerge> {
    return transactWithAudit(this.db, log, async (trx, scoped) => {
      // Both rows locked: a second merge or an edit of either waits for this one.
      await sql`select id from customers where id in (${keptId}, ${mergedId}) for update`.execute(trx);
      const customers = new CustomersRepo({ db: trx });
      const [kept, merged] = await Promise.all([customers.get(keptId), customers.get(mergedId)]);
      const [keptRows, mergedRows] = await Promise.all([rowsOf(trx, keptId), rowsOf(trx, mergedId)]);
      if (!keptRows || !mergedRows) throw new AppError('NOT_FOUND', 'A customer vanished during the merge');
      const p = plan(kept, merged);
      const at = new Date(record.at);
      // The merged customer goes first: its chat and messaging ids may belong to one customer only.
      const tickets = await trx.updateTable('tickets').set({ customer_id: keptId }).where('customer_id', '=', mergedId).returning('id').execute();
      await trx.deleteFrom('customers').where('id', '=', mergedId).execute();
      const phoneBase = keptRows.phones.reduce((m, r) => Math.max(m, r.position + 1), 0);
      const idBase = keptRows.identities.reduce((m, r) => Math.max(m, r.position + 1), 0);
      if (p.moved.phones.length > 0) await trx.insertInto('customer_phones').values(p.moved.phones.map((phone, i) => ({ customer_id: keptId, phone, position: phoneBase + i }))).execute();
      const others = [
        ...p.moved.emails.map((value) => ({ kind: 'email' as const, platform: '', value })),
        ...p.moved.chatVisitors.map((value) => ({ kind: 'chat' as const, platform: '', value })),
        ...p.moved.messaging.map((m) => ({ kind: 'messaging' as const, platform: m.platform, value: m.id })),
      ];
      if (others.length > 0) await trx.insertInto('customer_identities').values(others.map((o, i) => ({ customer_id: keptId, ...o, position: idBase + i }))).execute();
      const k = p.kept;
      await trx
        .updateTable('customers')
        .set({ company: k.company, level: k.level, tags: json(k.tags), notes: k.notes, profile: json(k.profile), custom: json(k.custom), updated_at: at })
        .where('id', '=', keptId)
        .execute();
      const moved: Moved = { identities: p.moved.phones.length + others.length, tickets: tickets.map((t) => t.id) };
      const row = await trx
        .insertInto('customer_merges')
        .values({ id: record.id, kept_id: keptId, merged_id: mergedId, merged_snapshot: json(mergedRows), kept_before: json(keptRows), moved: json(moved), kept_version: at, merged_by: record.by, merged_at: at })
        .returningAll()
        .executeTakeFirstOrThrow();
      const out = toMerge(row);
      await scoped.record(audit(out));
      return out;
    });
  }

  async undo(mergeId: string, at: number, by: string | null, audit: (m: CustomerMerge) => AuditEntry, log: AuditLog): Promise<CustomerMerge> {
    return transactWithAudit(this.db, log, async (trx, scoped) => {
      const merge = await trx.selectFrom('customer_merges').selectAll().where('id', '=', mergeId).forUpdate().executeTakeFirst();
      if (!merge) throw new AppError('CUSTOMER_MERGE_NOT_FOUND', `No customer merge ${mergeId}`, { mergeId });
      if (merge.undone_at) throw notUndoable(mergeId, 'it was undone already');
      await sql`select id from customers where id = ${merge.kept_id} for update`.execute(trx);
      const kept = await trx.selectFrom('customers').select('updated_at').where('id', '=', merge.kept_id).executeTakeFirst();
      if (!kept) throw notUndoable(mergeId, 'the kept customer was deleted');
      // Restoring the kept customer's rows would silently drop what was changed since.
      if (kept.updated_at.getTime() !== merge.kept_version.getTime()) throw notUndoable(mergeId, 'the kept customer changed since the merge');
      const keptBefore = merge.kept_before as CustomerRows;
      const merged = merge.merged_snapshot as CustomerRows;
      const moved = merge.moved as Moved;
      await putRows(trx, merge.kept_id, keptBefore, false);
      await putRows(trx, merge.merged_id, merged, true);
      if (moved.tickets.length > 0) await trx.updateTable('tickets').set({ customer_id: merge.merged_id }).where('id', 'in', moved.tickets).where('customer_id', '=', merge.kept_id).execute();
      const row = await trx.updateTable('customer_merges').set({ undone_at: new Date(at), undone_by: by }).where('id', '=', mergeId).returningAll().executeTakeFirstOrThrow();
      const out = toMerge(row);
      await scoped.record(audit(out));
      return out;
    });
  }

  async mergesInto(customerId: string): Promise<CustomerMerge[]> {
    const rows = await this.db.selectFrom('customer_merges').selectAll().where('kept_id', '=', customerId).orderBy('merged_at', 'desc').execute();
    return rows.map(toMerge);
  }
}
