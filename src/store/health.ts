import { sql, type Kysely } from 'kysely';
import type { Database } from './schema.js';

/** The database half of /healthz: resolves when the database answers a trivial query, fails otherwise. */
export function databaseCheck(db: Kysely<Database>): () => Promise<void> {
  return () => sql`select 1`.execute(db).then(() => undefined);
}
