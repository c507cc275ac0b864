import { mkdirSync } from 'node:fs';
import { Kysely, PostgresDialect } from 'kysely';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import type { Database } from './schema.js';
import { acquireDataDirLock, type DataDirLock } from './data-dir-lock.js';
import { PGliteDialect, type PgliteSession } from './pglite-dialect.js';
import { PgliteThread } from './pglite-thread.js';
import { compileWasmBaselineOnly, PGLITE_EXTENSIONS, pgliteOptions } from './pglite-options.js';
import { seedFromTemplate, type TemplatePlace } from './pglite-template.js';

/**
 * Where the data lives. With `databaseUrl` we talk to a real PostgreSQL through a pg pool;
 * without it an embedded PGlite keeps its files in `pgliteDir` (`memory://` keeps nothing).
 */
export interface StoreConfig {
  databaseUrl?: string;
  /** PGlite data directory or `memory://`; defaults to ./data/pglite. */
  pgliteDir?: string;
  /** PostgreSQL only: the schema searched first (tests isolate themselves in their own schema). */
  searchPath?: string;
  /** PostgreSQL only: pool size. */
  poolMax?: number;
  /** PGlite only: where the ready-made template is (tests point elsewhere); false: never use one. */
  pgliteTemplate?: TemplatePlace | false;
  /**
   * PGlite only: run it on a worker thread (pglite-thread.ts) so queries do not hold the event
   * loop. Default: yes for a data folder (the daemon), no for `memory://` (tests and benchmarks
   * that make hundreds of short-lived databases, where a thread's start-up would dominate).
   */
  pgliteThread?: boolean;
}

export interface DatabaseHandle {
  db: Kysely<Database>;
  /** Which engine is behind `db` (for /healthz and logs). */
  engine: 'pglite' | 'postgres';
  close(): Promise<void>;
}

export const DEFAULT_PGLITE_DIR = './data/pglite';

export async function createDatabase(config: StoreConfig = {}): Promise<DatabaseHandle> {
  if (config.databaseUrl) return openPostgres(config.databaseUrl, config);
  const dir = config.pgliteDir ?? DEFAULT_PGLITE_DIR;
  return openPglite(dir, config.pgliteTemplate, config.pgliteThread ?? !dir.includes('://'));
}

async function openPglite(dir: string, template: TemplatePlace | false | undefined, onThread: boolean): Promise<DatabaseHandle> {
  let lock: DataDirLock | undefined;
  if (!dir.includes('://')) {
    mkdirSync(dir, { recursive: true });
    lock = acquireDataDirLock(dir);
    // A fresh folder starts as a copy of the build's template instead of running initdb.
    if (template !== false) seedFromTemplate(dir, template);
  }
  compileWasmBaselineOnly();
  let pglite: PgliteSession & { close(): Promise<void> };
  try {
    pglite = onThread ? await PgliteThread.start(dir, pgliteOptions(), PGLITE_EXTENSIONS) : await PGlite.create(dir, pgliteOptions());
  } catch (err) {
    lock?.release();
    throw err;
  }
  const db = new Kysely<Database>({ dialect: new PGliteDialect(pglite) });
  let closed = false;
  return {
    db,
    engine: 'pglite',
    async close() {
      if (closed) return;
      closed = true;
      try {
        await db.destroy();
        await pglite.close();
      } finally {
        lock?.release();
      }
    },
  };
}

async function openPostgres(url: string, config: StoreConfig): Promise<DatabaseHandle> {
  const pool = new pg.Pool({
    connectionString: url,
    max: config.poolMax ?? 10,
    ...(config.searchPath ? { options: `-c search_path=${config.searchPath}` } : {}),
  });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  let closed = false;
  return {
    db,
    engine: 'postgres',
    async close() {
      if (closed) return;
      closed = true;
      // Kysely's destroy ends the pool.
      await db.destroy();
    },
  };
}
