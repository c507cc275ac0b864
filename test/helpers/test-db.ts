/**
 * test-db: one isolated, migrated database per call.
 *
 *   import { createTestDb } from '../../helpers/test-db.js';
 *   const { db, close } = await createTestDb();   // db: Kysely<Database>, all sql/ migrations applied
 *   ...
 *   await close();                                 // always, e.g. in afterAll / afterEach
 *
 * Default: an in-memory PGlite (`memory://`), nothing touches disk.
 * With DATABASE_URL set: a fresh schema `test_<random>` on that PostgreSQL, the connection pool's
 * search_path pointing at it, dropped (cascade) by `close()`. Tests never schema-qualify names, so
 * the same test runs unchanged on both engines.
 *
 * `engine` tells which one is behind `db`, for the rare test that must know.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { Kysely } from 'kysely';
import { createDatabase } from '../../src/store/db.js';
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
    const handle = await createDatabase({ pgliteDir: 'memory://' });
    try {
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

async function adminQuery(url: string, text: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}
