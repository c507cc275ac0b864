import { describe, expect, it } from 'vitest';
import { AppError } from '../../../src/core/errors.js';
import { databaseWhere, waitForDatabase } from '../../../src/store/wait-for-database.js';

const refused = () => Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });

/** A database that refuses `failures` times, a log that keeps what it is told, and a clock moved only by the waits. */
function world(failures: number, error: () => Error = refused) {
  let now = 0;
  let calls = 0;
  const sleeps: number[] = [];
  const warnings: object[] = [];
  const infos: object[] = [];
  return {
    sleeps,
    warnings,
    infos,
    calls: () => calls,
    options: (maxWaitMs: number) => ({
      probe: async () => {
        calls++;
        if (calls <= failures) throw error();
        return 1;
      },
      where: '127.0.0.1:5432',
      maxWaitMs,
      log: { warn: (obj: object) => warnings.push(obj), info: (obj: object) => infos.push(obj) },
      sleep: async (ms: number) => {
        sleeps.push(ms);
        now += ms;
      },
      now: () => now,
    }),
  };
}

describe('waiting for the database at start', () => {
  it('given a database that answers at once when the daemon starts then it goes on without waiting or logging', async () => {
    const w = world(0);
    await waitForDatabase(w.options(60_000));
    expect(w.sleeps).toEqual([]);
    expect(w.warnings).toEqual([]);
  });

  it('given a database that refuses three times when the daemon starts then each attempt is logged, the pauses grow, and the start goes on once it answers', async () => {
    const w = world(3);
    await waitForDatabase(w.options(60_000));
    expect(w.sleeps).toEqual([500, 1_000, 2_000]);
    expect(w.warnings).toEqual([
      { where: '127.0.0.1:5432', attempt: 1, cause: 'ECONNREFUSED', retryInMs: 500 },
      { where: '127.0.0.1:5432', attempt: 2, cause: 'ECONNREFUSED', retryInMs: 1_000 },
      { where: '127.0.0.1:5432', attempt: 3, cause: 'ECONNREFUSED', retryInMs: 2_000 },
    ]);
    expect(w.infos).toEqual([{ where: '127.0.0.1:5432', attempts: 4, waitedMs: 3_500 }]);
  });

  it('given a database that never answers when the wait is spent then the start fails with DATABASE_UNREACHABLE naming the server and the attempts', async () => {
    const w = world(Number.POSITIVE_INFINITY);
    const failed = await waitForDatabase(w.options(10_000)).then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(failed).toBeInstanceOf(AppError);
    expect(failed).toMatchObject({ code: 'DATABASE_UNREACHABLE', status: 503, details: { where: '127.0.0.1:5432', cause: 'ECONNREFUSED' } });
    expect((failed as AppError).message).toBe('The database at 127.0.0.1:5432 did not answer within 10 s (ECONNREFUSED)');
    // 500 + 1000 + 2000 + 4000 = 7.5 s waited; the next pause (5 s) would pass the 10 s.
    expect(w.sleeps).toEqual([500, 1_000, 2_000, 4_000]);
  });

  it('given a wait of 0 when the database refuses then the start fails at the first attempt', async () => {
    const w = world(1);
    await expect(waitForDatabase(w.options(0))).rejects.toMatchObject({ code: 'DATABASE_UNREACHABLE', details: { attempts: 1 } });
    expect(w.sleeps).toEqual([]);
  });

  it('given a wrong password when the daemon starts then it fails at once: waiting would not fix it', async () => {
    const w = world(1, () => Object.assign(new Error('password authentication failed for user "switchboard"'), { code: '28P01' }));
    await expect(waitForDatabase(w.options(60_000))).rejects.toMatchObject({ code: '28P01' });
    expect(w.calls()).toBe(1);
    expect(w.sleeps).toEqual([]);
  });

  it('given a URL with a user and password when the server is named then only host and port are said', () => {
    expect(databaseWhere('postgres://switchboard:s3cret@db.internal:6432/cc')).toBe('db.internal:6432');
    expect(databaseWhere('postgresql://u:p@10.0.0.5/cc')).toBe('10.0.0.5:5432');
  });
});
