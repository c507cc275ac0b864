/**
 * PGlite on a worker thread (the daemon's default for a data folder): the store sees the same
 * database as in-thread — types, PostgreSQL error codes, transactions that hold the one session,
 * data kept across close and reopen — and the daemon's thread stays free while a query runs.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase, type DatabaseHandle } from '../../../src/store/db.js';
import { migrateToLatest } from '../../../src/store/migrations.js';
import { isUniqueViolation } from '../../../src/store/pg-errors.js';

const now = new Date('2026-01-01T00:00:00Z');
const userRow = (id: string, username: string) => ({ id, username, display_name: username, roles: ['agent'], password_hash: 'x', locked_until: null, created_at: now, updated_at: now });

describe('PGlite on a worker thread', () => {
  let dir: string;
  let handle: DatabaseHandle;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'sb-pglite-thread-'));
    handle = await createDatabase({ pgliteDir: path.join(dir, 'pglite'), pgliteThread: true });
    await migrateToLatest(handle.db);
  });
  afterAll(async () => {
    await handle.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('given rows written on the thread then they read back with their types (text[], timestamptz, jsonb, bigint counts)', async () => {
    await handle.db.insertInto('users').values(userRow('t1', 'typed')).execute();
    const u = await handle.db.selectFrom('users').selectAll().where('id', '=', 't1').executeTakeFirstOrThrow();
    expect(u.roles).toEqual(['agent']);
    expect(u.created_at).toBeInstanceOf(Date);
    expect(u.created_at.getTime()).toBe(now.getTime());
    const { rows } = await sql<{ j: { a: number[] }; n: string }>`select '{"a":[1,2]}'::jsonb as j, count(*) as n from users`.execute(handle.db);
    expect(rows[0]?.j).toEqual({ a: [1, 2] });
    expect(Number(rows[0]?.n)).toBeGreaterThanOrEqual(1);
  });

  it('given the migrations created pg_trgm then the thread loaded its code and trigram functions answer', async () => {
    const { rows } = await sql<{ w: number }>`select public.word_similarity('grase', 'grace hopper') as w`.execute(handle.db);
    expect(rows[0]?.w).toBeCloseTo(0.5);
  });

  it('given a duplicate key then the error arrives with its SQLSTATE, as the store expects', async () => {
    await handle.db.insertInto('users').values(userRow('t2', 'dup')).execute();
    const err = await handle.db.insertInto('users').values(userRow('t3', 'dup')).execute().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(isUniqueViolation(err)).toBe(true);
    expect(err).toMatchObject({ code: '23505' });
  });

  it('given a transaction that fails half-way then nothing of it is stored, and queries waiting meanwhile see the session clean', async () => {
    const failed = handle.db
      .transaction()
      .execute(async (tx) => {
        await tx.insertInto('users').values(userRow('t4', 'rolled-back')).execute();
        throw new Error('stop here');
      })
      .then(
        () => 'committed',
        (e: Error) => e.message,
      );
    // Queued behind the transaction for the one session: runs after the rollback.
    const during = handle.db.selectFrom('users').select('id').where('id', '=', 't4').execute();
    expect(await failed).toBe('stop here');
    expect(await during).toEqual([]);
  });

  it('given a long query on the thread then the daemon thread keeps running timers meanwhile', async () => {
    let ticks = 0;
    const timer = setInterval(() => ticks++, 1);
    try {
      // generate_series over a million rows: long enough that an in-thread PGlite would hold the loop.
      await sql`select sum(x) from generate_series(1, 1000000) as x`.execute(handle.db);
    } finally {
      clearInterval(timer);
    }
    expect(ticks).toBeGreaterThan(0);
  });

  it('given the database closed then a second open of the folder finds the data', async () => {
    await handle.db.insertInto('users').values(userRow('t5', 'kept')).execute();
    await handle.close();
    handle = await createDatabase({ pgliteDir: path.join(dir, 'pglite'), pgliteThread: true });
    const u = await handle.db.selectFrom('users').select('username').where('id', '=', 't5').executeTakeFirst();
    expect(u?.username).toBe('kept');
  });
});
