import { mkdirSync } from 'node:fs';
import { Kysely, PostgresDialect } from 'kysely';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import type { Logger } from '../core/log.js';
import type { Database } from './schema.js';
import { acquireDataDirLock, type DataDirLock } from './data-dir-lock.js';
import { PGliteDialect, type PgliteSession } from './pglite-dialect.js';
import { PgliteThread } from './pglite-thread.js';
import { compileWasmBaselineOnly, PGLITE_EXTENSIONS, pgliteOptions } from './pglite-options.js';
import { pgErrorCode } from './pg-errors.js';
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
  /**
   * PGlite `memory://` only: start from this dumped data directory (PGlite's dumpDataDir) instead
   * of running initdb. Tests make hundreds of throw-away databases; loading one migrated snapshot
   * takes about 0.7 s where initdb plus migrations take about 2.5 s on this machine.
   */
  pgliteSnapshot?: Blob;
  /**
   * PostgreSQL only: where a connection lost while idle in the pool is reported (a server restart,
   * a network cut). Without it such a loss is still handled, just not logged.
   */
  log?: Pick<Logger, 'warn'>;
}

export interface DatabaseHandle {
  db: Kysely<Database>;
  /** Which engine is behind `db` (for /healthz and logs). */
  engine: 'pglite' | 'postgres';
  close(): Promise<void>;
}

export const DEFAULT_PGLITE_DIR = './data/pglite';

/** How long opening a PostgreSQL connection may take before the query waiting for it fails. */
export const POSTGRES_CONNECT_TIMEOUT_MS = 5_000;

export async function createDatabase(config: StoreConfig = {}): Promise<DatabaseHandle> {
  if (config.databaseUrl) return openPostgres(config.databaseUrl, config);
  const dir = config.pgliteDir ?? DEFAULT_PGLITE_DIR;
  return openPglite(dir, config.pgliteTemplate, config.pgliteThread ?? !dir.includes('://'), config.pgliteSnapshot);
}

async function openPglite(
  dir: string,
  template: TemplatePlace | false | undefined,
  onThread: boolean,
  snapshot: Blob | undefined,
): Promise<DatabaseHandle> {
  if (snapshot && (onThread || dir !== 'memory://')) throw new Error('a PGlite snapshot loads into memory:// off-thread only');
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
    pglite = onThread ? await PgliteThread.start(dir, pgliteOptions(), PGLITE_EXTENSIONS) : await PGlite.create(dir, { ...pgliteOptions(), ...(snapshot ? { loadDataDir: snapshot } : {}) });
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
    // A server that does not answer at all (a cut network rather than a refused connection) must
    // fail a query within seconds, not hold it and its caller forever: pg waits without limit by default.
    connectionTimeoutMillis: POSTGRES_CONNECT_TIMEOUT_MS,
    keepAlive: true,
    ...(config.searchPath ? { options: `-c search_path=${config.searchPath}` } : {}),
  });
  // A connection that dies (PostgreSQL restarted, the network cut) is an 'error' event: on the pool
  // while the client is idle in it, on the client itself while a query holds it. Unheard, Node
  // throws either as an uncaught exception. Both are expected outcomes: the query in flight fails
  // with its own error, the pool drops that client and opens a new one for the next query.
  // Both events carry the same error when both fire: it is logged once.
  const reported = new WeakSet<object>();
  const lost = (err: Error) => {
    if (reported.has(err)) return;
    reported.add(err);
    config.log?.warn({ err, code: pgErrorCode(err) }, 'a PostgreSQL connection was lost; the pool opens a new one when needed');
  };
  pool.on('error', lost);
  pool.on('connect', (client) => client.on('error', lost));
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
