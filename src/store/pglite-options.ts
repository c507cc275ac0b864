import v8 from 'node:v8';
import { PGlite, type PGliteOptions } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';

/**
 * PGlite's start parameters: its defaults plus a small shared buffer pool. PostgreSQL's default
 * of 128 MB lives inside the WebAssembly heap and was about 130 MB of the daemon's idle RSS; a
 * contact center's working set (configuration, open contacts, today's calls) fits in 16 MB, and
 * pages beyond it are still read through the operating system's file cache.
 */
export const PGLITE_SHARED_BUFFERS = '16MB';

/**
 * PostgreSQL extensions the migrations create (sql/075: pg_trgm for the customer search). PGlite
 * loads an extension's code only when it is named at start, on every start: a database whose
 * catalogue has the extension but was opened without it fails its first query that uses it.
 */
export const PGLITE_EXTENSIONS = ['pg_trgm'] as const;

export function pgliteOptions(): PGliteOptions {
  return { startParams: [...PGlite.defaultStartParams, '-c', `shared_buffers=${PGLITE_SHARED_BUFFERS}`], extensions: { pg_trgm } };
}

/**
 * Compiles PGlite's 9 MB WebAssembly with V8's baseline compiler only. Why: the optimizing tier
 * recompiles the hot parts of PostgreSQL in the background, which on this 2-core machine cost more
 * CPU than it saved (20 000 lookups: 8.1 s CPU with tier-up, 5.5 s without) and kept a second copy
 * of the code (idle RSS about 50 MB higher). Set before the first PGlite module is compiled; only
 * the embedded database takes this path, a PostgreSQL server is unaffected.
 */
let baselineOnly = false;
export function compileWasmBaselineOnly(): void {
  if (baselineOnly) return;
  baselineOnly = true;
  v8.setFlagsFromString('--liftoff-only');
}
