/**
 * Embedded PGlite on its own thread. PGlite is PostgreSQL compiled to WebAssembly: every query
 * runs synchronously on the thread that owns it. In the daemon's thread that meant the routing
 * engine's write-behind (a thousand agent changes a second at a busy center) and the Today reads
 * held the event loop for about half of each second, and every socket and timer waited behind
 * them. On a worker thread the queries run beside the event loop, the way a PostgreSQL server's
 * do; the daemon's thread only posts SQL and receives rows.
 *
 *   main thread                                  worker thread
 *   PgliteThread.query(sql, params) ──post──>    PGlite.query / exec
 *                          <──post── rows | { error: message, code, detail, ... }
 *
 * Rows cross by structured clone (Dates, numbers, strings, JSON objects and byte arrays keep their
 * types). A PostgreSQL error crosses as its fields and is raised again on this side with the same
 * `code` (SQLSTATE), so pg-errors.ts reads it as from an in-thread PGlite or a pg pool.
 *
 * The worker's source is inline (a few lines of plain JavaScript, `eval`): a file beside this one
 * would be TypeScript under the test runner, which a worker cannot load.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { PgliteSession, SessionResult } from './pglite-dialect.js';

/** Fields of a PostgreSQL error worth keeping across the thread boundary. */
const ERROR_FIELDS = ['code', 'detail', 'hint', 'severity', 'schema', 'table', 'column', 'constraint', 'position', 'where'] as const;

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { PGlite } = require(workerData.pglitePath);
const fields = ${JSON.stringify(ERROR_FIELDS)};
const errorOf = (err) => {
  const out = { message: err && err.message ? String(err.message) : String(err) };
  for (const f of fields) if (err && err[f] !== undefined) out[f] = err[f];
  return out;
};
const plain = (r) => ({ rows: r.rows, affectedRows: r.affectedRows });
// Extensions cannot cross a thread (they hold functions): each is loaded here by its module path.
const extensions = {};
for (const [name, modulePath] of Object.entries(workerData.extensionPaths)) extensions[name] = require(modulePath)[name];
PGlite.create(workerData.dir, { ...workerData.options, extensions }).then(
  (db) => {
    parentPort.on('message', async (m) => {
      try {
        let result;
        if (m.kind === 'query') result = plain(await db.query(m.sql, m.params));
        else if (m.kind === 'exec') result = (await db.exec(m.sql)).map(plain);
        else { await db.close(); result = null; }
        parentPort.postMessage({ id: m.id, result });
      } catch (err) {
        parentPort.postMessage({ id: m.id, error: errorOf(err) });
      }
    });
    parentPort.postMessage({ ready: true });
  },
  (err) => parentPort.postMessage({ ready: false, error: errorOf(err) }),
);
`;

type Reply = { id: number; result: unknown; error?: undefined } | { id: number; error: Record<string, unknown> & { message: string } };

/** An Error raised on this side with the fields of the worker's PostgreSQL error. */
function raised(fields: Record<string, unknown> & { message: string }): Error {
  const err = new Error(fields.message) as Error & Record<string, unknown>;
  for (const f of ERROR_FIELDS) if (fields[f] !== undefined) err[f] = fields[f];
  return err;
}

export class PgliteThread implements PgliteSession {
  private nextId = 1;
  private readonly waiting = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  private failure: Error | undefined;
  readonly waitReady: Promise<void>;

  private constructor(private readonly worker: Worker) {
    this.waitReady = new Promise<void>((resolve, reject) => {
      worker.once('message', (m: { ready: boolean; error?: Record<string, unknown> & { message: string } }) => {
        if (m.ready) resolve();
        else reject(raised(m.error ?? { message: 'PGlite did not start' }));
      });
    });
    worker.on('message', (m: Reply | { ready: boolean }) => {
      if (!('id' in m)) return;
      const w = this.waiting.get(m.id);
      if (!w) return;
      this.waiting.delete(m.id);
      if (m.error) w.reject(raised(m.error));
      else w.resolve(m.result);
    });
    // The thread itself failing (out of memory, a crash in the WebAssembly) fails every query
    // waiting and every later one: the store's callers log them; nothing waits forever.
    const fail = (err: Error) => {
      this.failure = err;
      for (const w of this.waiting.values()) w.reject(err);
      this.waiting.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`the PGlite thread exited (code ${code})`)));
  }

  /**
   * Starts PGlite on `dir` in a new worker thread; resolves once it accepts queries. `options`
   * without its `extensions` (they hold functions): `extensionNames` are loaded by the thread.
   */
  static async start(dir: string, options: object, extensionNames: readonly string[] = []): Promise<PgliteThread> {
    const req = createRequire(import.meta.url);
    const pglitePath = req.resolve('@electric-sql/pglite');
    const extensionPaths = Object.fromEntries(extensionNames.map((name) => [name, req.resolve(`@electric-sql/pglite/contrib/${name}`)]));
    const { extensions: _inProcessOnly, ...cloneable } = options as { extensions?: unknown };
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { pglitePath, dir, options: cloneable, extensionPaths } });
    const thread = new PgliteThread(worker);
    try {
      await thread.waitReady;
    } catch (err) {
      await worker.terminate();
      throw err;
    }
    return thread;
  }

  query<R>(sql: string, params: unknown[]): Promise<SessionResult<R>> {
    return this.ask({ kind: 'query', sql, params }) as Promise<SessionResult<R>>;
  }

  exec(sql: string): Promise<SessionResult<unknown>[]> {
    return this.ask({ kind: 'exec', sql }) as Promise<SessionResult<unknown>[]>;
  }

  /** Closes the database (its files are consistent on disk) and ends the thread. */
  async close(): Promise<void> {
    try {
      if (!this.failure) await this.ask({ kind: 'close' });
    } finally {
      await this.worker.terminate();
    }
  }

  private ask(message: { kind: 'query' | 'exec' | 'close'; sql?: string; params?: unknown[] }): Promise<unknown> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.worker.postMessage({ id, ...message });
    });
  }
}
