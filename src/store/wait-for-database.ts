/**
 * The daemon starting while PostgreSQL does not answer yet: after a power cut both machines boot
 * together, and under docker-compose or systemd the daemon is often up before the database accepts
 * connections. Failing at once would leave the center down until someone restarts the daemon by
 * hand, so the start waits, says so in the log every attempt, and gives up with a coded error that
 * names the server (never its password) once `maxWaitMs` has passed. Anything other than "cannot
 * reach it" (a wrong password, a missing database) fails at once: waiting would not fix it.
 */
import { AppError } from '../core/errors.js';
import { isDatabaseUnreachable, pgErrorCode } from './pg-errors.js';

export interface DatabaseWaitOptions {
  /** One round trip to the database (`select 1`); rejects when it cannot answer. */
  probe: () => Promise<unknown>;
  /** Where the server is, for the log and the error: host and port only. */
  where: string;
  maxWaitMs: number;
  log: { warn(obj: object, msg: string): void; info(obj: object, msg: string): void };
  /** Injected so tests do not wait in real time. */
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
  firstDelayMs?: number;
  maxDelayMs?: number;
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Resolves once the database answers; DATABASE_UNREACHABLE once `maxWaitMs` is spent. */
export async function waitForDatabase(o: DatabaseWaitOptions): Promise<void> {
  const sleep = o.sleep ?? realSleep;
  const now = o.now ?? Date.now;
  const started = now();
  let delay = o.firstDelayMs ?? 500;
  for (let attempt = 1; ; attempt++) {
    try {
      await o.probe();
      if (attempt > 1) o.log.info({ where: o.where, attempts: attempt, waitedMs: now() - started }, 'the database answers: starting');
      return;
    } catch (err) {
      if (!isDatabaseUnreachable(err)) throw err;
      const waited = now() - started;
      const cause = pgErrorCode(err) ?? (err instanceof Error ? err.message : String(err));
      if (waited + delay > o.maxWaitMs) {
        throw new AppError('DATABASE_UNREACHABLE', `The database at ${o.where} did not answer within ${Math.round(o.maxWaitMs / 1000)} s (${cause})`, { where: o.where, attempts: attempt, cause }, { cause: err });
      }
      o.log.warn({ where: o.where, attempt, cause, retryInMs: delay }, 'the database does not answer yet: waiting before starting');
      await sleep(delay);
      delay = Math.min(delay * 2, o.maxDelayMs ?? 5_000);
    }
  }
}

/** `host:port` of a PostgreSQL URL: what a log may say about it (no user, no password). */
export function databaseWhere(url: string): string {
  const u = new URL(url);
  return `${u.hostname}:${u.port || '5432'}`;
}
