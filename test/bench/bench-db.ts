/**
 * The database a data benchmark fills: an in-memory PGlite, or with DATABASE_URL a fresh schema on
 * that PostgreSQL, dropped afterwards (unless `keep` is set: the filled schema stays for EXPLAIN
 * by hand, and its name is printed).
 */
import { randomBytes } from 'node:crypto';
import { createDatabase, type DatabaseHandle } from '../../src/store/db.js';
import { adminQuery } from '../helpers/test-db.js';

export interface BenchDatabase {
  handle: DatabaseHandle;
  engine: string;
  drop: () => Promise<void>;
}

export async function openBenchDatabase(name: string, opts: { poolMax: number; keep?: boolean }): Promise<BenchDatabase> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    const handle = await createDatabase({ pgliteDir: 'memory://' });
    return { handle, engine: 'PGlite (embedded, in memory)', drop: () => handle.close() };
  }
  const schema = `bench_${name}_${randomBytes(4).toString('hex')}`;
  await adminQuery(url, `create schema "${schema}"`);
  const handle = await createDatabase({ databaseUrl: url, searchPath: schema, poolMax: opts.poolMax });
  return {
    handle,
    engine: 'PostgreSQL',
    drop: async () => {
      await handle.close();
      if (opts.keep) console.log(`kept schema ${schema}`);
      else await adminQuery(url, `drop schema if exists "${schema}" cascade`);
    },
  };
}
