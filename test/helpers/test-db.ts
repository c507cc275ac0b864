/**
 * test-db: one isolated, migrated database per call.
 *
 *   import { createTestDb } from '../../helpers/test-db.js';
 *   const { db, close } = await createTestDb();   // db: Kysely<Database>, all sql/ migrations applied
 *   ...
 *   await close();                                 // always, e.g. in afterAll / afterEach
 *
 * Default: an in-memory PGlite (`memory://`), nothing touches disk. The first call in a worker
 * runs initdb and the migrations once and keeps a dump of the result; every later call loads that
 * dump (about 0.7 s instead of 2.5 s: initdb is most of a fresh PGlite's start).
 * With DATABASE_URL set: a fresh schema `test_<random>` on that PostgreSQL, the connection pool's
 * search_path pointing at it, dropped (cascade) by `close()`. Tests never schema-qualify names, so
 * the same test runs unchanged on both engines.
 *
 * `engine` tells which one is behind `db`, for the rare test that must know.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { Kysely } from 'kysely';
import { PGlite } from '@electric-sql/pglite';
import { createDatabase } from '../../src/store/db.js';
import { PGliteDialect } from '../../src/store/pglite-dialect.js';
import { compileWasmBaselineOnly, pgliteOptions } from '../../src/store/pglite-options.js';
import { migrateToLatest } from '../../src/store/migrations.js';
import type { Database } from '../../src/store/schema.js';

export interface TestDb {
  db: Kysely<Database>;
  engine: 'pglite' | 'postgres';
  close(): Promise<void>;
}

export async function createTestDb(): Promise<TestDb> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    const handle = await createDatabase({ pgliteDir: 'memory://', pgliteSnapshot: await migratedSnapshot() });
    try {
      // Nothing to apply when the snapshot is current; kept so a test never sees an old schema.
      await migrateToLatest(handle.db);
    } catch (err) {
      await handle.close();
      throw err;
    }
    return handle;
  }

  const schema = `test_${randomBytes(6).toString('hex')}`;
  await adminQuery(url, `create schema "${schema}"`);
  const handle = await createDatabase({ databaseUrl: url, searchPath: schema, poolMax: 4 });
  const dropSchema = async () => {
    await handle.close();
    await adminQuery(url, `drop schema if exists "${schema}" cascade`);
  };
  try {
    await migrateToLatest(handle.db);
  } catch (err) {
    await dropSchema();
    throw err;
  }
  let closed = false;
  return {
    db: handle.db,
    engine: 'postgres',
    async close() {
      if (closed) return;
      closed = true;
      await dropSchema();
    },
  };
}

let snapshot: Promise<Blob> | undefined;

/** One migrated PGlite per worker process, dumped; the worker's files share it (isolate: false). */
function migratedSnapshot(): Promise<Blob> {
  snapshot ??= (async () => {
    compileWasmBaselineOnly();
    const pglite = await PGlite.create('memory://', pgliteOptions());
    const db = new Kysely<Database>({ dialect: new PGliteDialect(pglite) });
    try {
      await migrateToLatest(db);
      return await pglite.dumpDataDir('none');
    } finally {
      await db.destroy();
      await pglite.close();
    }
  })();
  snapshot.catch(() => {
    // A failed first try must not poison every later test in this worker: the next call retries.
    snapshot = undefined;
  });
  return snapshot;
}

/** One statement on `url` outside any test schema (create or drop a schema or database). */
export async function adminQuery(url: string, text: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}
