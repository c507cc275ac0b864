import type { Kysely } from 'kysely';
import { systemClock, type Clock } from '../../core/clock.js';
import { newId } from '../../core/ids.js';
import type { Database } from '../schema.js';

/** What every config repository needs; tests pass a FakeClock and sequential ids. */
export interface RepoDeps {
  db: Kysely<Database>;
  clock?: Clock;
  newId?: () => string;
}

export interface ResolvedRepoDeps {
  db: Kysely<Database>;
  clock: Clock;
  newId: () => string;
}

export function resolveDeps(deps: RepoDeps): ResolvedRepoDeps {
  return { db: deps.db, clock: deps.clock ?? systemClock, newId: deps.newId ?? newId };
}

/** Times leave the store as epoch milliseconds, like every time in the API and the events. */
export function epochMs(value: Date | string): number {
  return (value instanceof Date ? value : new Date(value)).getTime();
}

/** jsonb columns are written as JSON text so pg never turns an array into a Postgres array. */
export function json(value: unknown): string {
  return JSON.stringify(value);
}

/**
 * Runs `fn` in a transaction of its own, or inside the one `db` already is (a route's unit of
 * work that also writes the audit entry), since kysely cannot nest them.
 */
export async function inTransaction<T>(db: Kysely<Database>, fn: (trx: Kysely<Database>) => Promise<T>): Promise<T> {
  return db.isTransaction ? fn(db) : db.transaction().execute(fn);
}
