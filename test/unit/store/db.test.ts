import { mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestDb, type TestDb } from '../../helpers/test-db.js';
import { createDatabase } from '../../../src/store/db.js';
import { migrateToLatest, SqlFolderMigrationProvider } from '../../../src/store/migrations.js';
import { isAppError } from '../../../src/core/errors.js';

const now = new Date('2026-01-01T00:00:00Z');
function userRow(id: string, username: string) {
  return { id, username, display_name: username, roles: ['agent'], password_hash: 'x', locked_until: null, created_at: now, updated_at: now };
}

describe('createTestDb', () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb();
  });
  afterAll(async () => {
    await t.close();
  });

  it('given a fresh test db then every sql/ migration is recorded in schema_migrations', async () => {
    const rows = await t.db.selectFrom('schema_migrations' as never).select(sql<string>`name`.as('name')).execute();
    expect(rows.map((r) => r.name)).toContain('001_accounts');
  });

  it('given rows written then they read back with their types (text[], timestamptz, jsonb)', async () => {
    await t.db.insertInto('users').values(userRow('u1', 'alice')).execute();
    await t.db
      .insertInto('audit_log')
      .values({ id: 'a1', at: now, actor_id: 'u1', action: 'x', target: null, details: JSON.stringify({ n: 1, list: [1, 2] }), ip: null })
      .execute();
    const u = await t.db.selectFrom('users').selectAll().where('id', '=', 'u1').executeTakeFirstOrThrow();
    expect(u.roles).toEqual(['agent']);
    expect(u.created_at).toBeInstanceOf(Date);
    expect(u.created_at.getTime()).toBe(now.getTime());
    expect(u.disabled).toBe(false);
    const a = await t.db.selectFrom('audit_log').selectAll().executeTakeFirstOrThrow();
    expect(a.details).toEqual({ n: 1, list: [1, 2] });
  });

  it('given a transaction that throws then nothing of it is stored', async () => {
    await expect(
      t.db.transaction().execute(async (trx) => {
        await trx.insertInto('users').values(userRow('u2', 'bob')).execute();
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    const found = await t.db.selectFrom('users').select('id').where('id', '=', 'u2').executeTakeFirst();
    expect(found).toBeUndefined();
  });

  it('given concurrent queries while a transaction is open then each sees a consistent session', async () => {
    const inTx = t.db.transaction().execute(async (trx) => {
      await trx.insertInto('users').values(userRow('u3', 'carol')).execute();
      await trx.updateTable('users').set({ display_name: 'Carol' }).where('id', '=', 'u3').execute();
      return 'done';
    });
    const outside = Promise.all(
      Array.from({ length: 5 }, () => t.db.selectFrom('users').select('id').execute()),
    );
    const [res, lists] = await Promise.all([inTx, outside]);
    expect(res).toBe('done');
    for (const list of lists) expect(list.length).toBeGreaterThan(0);
    const carol = await t.db.selectFrom('users').select('display_name').where('id', '=', 'u3').executeTakeFirstOrThrow();
    expect(carol.display_name).toBe('Carol');
  });

  it('given a savepoint rolled back then the outer transaction keeps its own writes', async () => {
    const trx = await t.db.startTransaction().execute();
    await trx.insertInto('users').values(userRow('u4', 'dave')).execute();
    const sp = await trx.savepoint('inner').execute();
    await sp.insertInto('users').values(userRow('u5', 'erin')).execute();
    await sp.rollbackToSavepoint('inner').execute();
    await trx.commit().execute();
    const ids = (await t.db.selectFrom('users').select('id').where('id', 'in', ['u4', 'u5']).execute()).map((r) => r.id);
    expect(ids).toEqual(['u4']);
  });

  it('given a duplicate username in another case then the unique index rejects it', async () => {
    await expect(t.db.insertInto('users').values(userRow('u6', 'ALICE')).execute()).rejects.toThrow();
  });
});

// On-disk PGlite runs initdb on first open, which is slow on a loaded machine.
describe('migrations', { timeout: 180_000 }, () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'sb-mig-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('given files out of order then they are applied by number and a failing one leaves earlier ones applied', async () => {
    const folder = path.join(dir, 'sql');
    await mkdir(folder);
    await writeFile(path.join(folder, '002_b.sql'), 'create table b (id int); insert into b values (2);');
    await writeFile(path.join(folder, '001_a.sql'), 'create table a (id int);\ninsert into a values (1);');
    await writeFile(path.join(folder, '003_bad.sql'), 'create table c (id int); select no_such_function();');
    const h = await createDatabase({ pgliteDir: 'memory://' });
    try {
      const err = await migrateToLatest(h.db, folder).catch((e: unknown) => e);
      expect(isAppError(err, 'INTERNAL')).toBe(true);
      expect(String((err as Error).message)).toContain('003_bad');
      const tables = await sql<{ table_name: string }>`select table_name from information_schema.tables where table_name in ('a','b','c') order by 1`.execute(h.db);
      expect(tables.rows.map((r) => r.table_name)).toEqual(['a', 'b']);
    } finally {
      await h.close();
    }
  });

  it('given a badly named file then the provider refuses with CONFIG_INVALID naming it', async () => {
    const folder = path.join(dir, 'bad');
    await mkdir(folder);
    await writeFile(path.join(folder, '01_short.sql'), 'select 1;');
    const err = await new SqlFolderMigrationProvider(folder).getMigrations().catch((e: unknown) => e);
    expect(isAppError(err, 'CONFIG_INVALID')).toBe(true);
    expect((err as Error).message).toContain('01_short.sql');
  });

  it('given a PGlite data directory then data survives a close and reopen', async () => {
    const pgdir = path.join(dir, 'pglite');
    const first = await createDatabase({ pgliteDir: pgdir });
    await migrateToLatest(first.db);
    await first.db.insertInto('users').values(userRow('p1', 'persist')).execute();
    await first.close();
    const second = await createDatabase({ pgliteDir: pgdir });
    try {
      const report = await migrateToLatest(second.db);
      expect(report.applied).toEqual([]);
      const u = await second.db.selectFrom('users').select('username').where('id', '=', 'p1').executeTakeFirst();
      expect(u?.username).toBe('persist');
    } finally {
      await second.close();
    }
  });
});

describe('migrations arriving out of order', () => {
  it('given 020 applied when 013 (a lower number of another area) appears later then it is applied too', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'sb-mig-order-'));
    const h = await createDatabase({ pgliteDir: 'memory://' });
    try {
      await writeFile(path.join(dir, '020_acd.sql'), 'create table acd (id int);');
      expect((await migrateToLatest(h.db, dir)).applied).toEqual(['020_acd']);
      await writeFile(path.join(dir, '013_config_more.sql'), 'create table more (id int);');
      expect((await migrateToLatest(h.db, dir)).applied).toEqual(['013_config_more']);
      await sql`select * from more`.execute(h.db);
    } finally {
      await h.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
