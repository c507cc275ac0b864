import type { Kysely } from 'kysely';
import type { AuditLog } from '../../accounts/audit.js';
import type { Database } from '../schema.js';
import { KyselyAuditLog } from './audit-repo.js';

/**
 * Runs `fn` in one database transaction with an audit log writing on that same transaction, so a
 * privileged change and its audit entry are stored together or not at all. Audit events reach the
 * bus only once the transaction has committed.
 *
 * An audit log that is not the kysely one (a test double) is handed over as it is: if it throws,
 * the transaction still rolls back.
 */
export async function transactWithAudit<T>(
  db: Kysely<Database>,
  audit: AuditLog,
  fn: (trx: Kysely<Database>, audit: AuditLog) => Promise<T>,
): Promise<T> {
  const bound: { afterCommit(): void }[] = [];
  const run = async (trx: Kysely<Database>): Promise<T> => {
    if (!(audit instanceof KyselyAuditLog)) return fn(trx, audit);
    const scoped = audit.inTransaction(trx);
    bound.push(scoped);
    return fn(trx, scoped.log);
  };
  // Already inside a transaction (a caller composing units): the outer one decides the commit.
  const result = db.isTransaction ? await run(db) : await db.transaction().execute(run);
  for (const b of bound) b.afterCommit();
  return result;
}
