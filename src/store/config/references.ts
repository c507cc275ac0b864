import type { Kysely } from 'kysely';
import { validationError, type FieldProblem } from '../../core/errors.js';
import type { Database } from '../schema.js';
import type { Reference } from '../../directory/queue-rules.js';
import { notFound } from './db-errors.js';

type ReferencedTable = 'skills' | 'users' | 'queues' | 'calendars' | 'teams' | 'agents' | 'customers' | 'break_reasons';

/**
 * Fails with VALIDATION_FAILED naming every field whose id does not exist in `table`. Run inside
 * the writing transaction so the check and the write see the same rows.
 */
export async function requireExisting(
  db: Kysely<Database>,
  table: ReferencedTable,
  refs: Reference[],
  what: string,
): Promise<void> {
  if (refs.length === 0) return;
  const ids = [...new Set(refs.map((r) => r.id))];
  const rows = await db.selectFrom(table).select('id').where('id', 'in', ids).execute();
  const found = new Set(rows.map((r) => r.id));
  const problems: FieldProblem[] = refs
    .filter((r) => !found.has(r.id))
    .map((r) => ({ where: r.where, reason: `no ${what} with id ${r.id}` }));
  if (problems.length > 0) throw validationError(problems);
}

/** Fails naming the second occurrence of any repeated key in a list. */
export function requireDistinct<T>(list: T[], key: (item: T) => string, where: (index: number) => string): void {
  const seen = new Set<string>();
  const problems: FieldProblem[] = [];
  list.forEach((item, i) => {
    const k = key(item);
    if (seen.has(k)) problems.push({ where: where(i), reason: `${k} is listed twice` });
    seen.add(k);
  });
  if (problems.length > 0) throw validationError(problems);
}

/** Locks the row being replaced, or fails NOT_FOUND before any input check can answer 400. */
export async function requireRow(db: Kysely<Database>, table: ReferencedTable, id: string, entity: string): Promise<void> {
  const row = await db.selectFrom(table).select('id').where('id', '=', id).forUpdate().executeTakeFirst();
  if (!row) throw notFound(entity, id);
}
