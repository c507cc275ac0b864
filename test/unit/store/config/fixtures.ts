import { afterAll, beforeAll, beforeEach } from 'vitest';
import { sql, type Kysely } from 'kysely';
import { FakeClock } from '../../../../src/core/clock.js';
import { sequentialIds } from '../../../../src/core/ids.js';
import { createConfigRepos, type ConfigRepos } from '../../../../src/store/config/index.js';
import type { Database } from '../../../../src/store/schema.js';
import { createTestDb, type TestDb } from '../../../helpers/test-db.js';

export interface ConfigFixture {
  testDb: TestDb;
  db: Kysely<Database>;
  repos: ConfigRepos;
  clock: FakeClock;
}

export async function configFixture(): Promise<ConfigFixture> {
  const testDb = await createTestDb();
  const clock = new FakeClock();
  return { testDb, db: testDb.db, clock, repos: createConfigRepos({ db: testDb.db, clock, newId: sequentialIds('cfg') }) };
}

/** Users belong to the accounts area; config only needs a row to point at. */
export async function insertUser(db: Kysely<Database>, id: string): Promise<string> {
  const now = new Date();
  await db
    .insertInto('users')
    .values({ id, username: id, display_name: id, roles: ['agent'], password_hash: 'x', locked_until: null, created_at: now, updated_at: now })
    .execute();
  return id;
}

/** Awaits a promise that must reject, returning the error for assertions. */
export async function rejection(p: Promise<unknown>): Promise<{ code?: string; details?: unknown; message?: string }> {
  try {
    await p;
  } catch (err) {
    return err as { code?: string; details?: unknown };
  }
  throw new Error('expected a rejection');
}

export function problemPaths(err: { details?: unknown }): string[] {
  const d = err.details as { problems?: { where: string }[] } | undefined;
  return (d?.problems ?? []).map((p) => p.where);
}

/**
 * Empties the config tables (and users) between tests: one migrated database per file is much
 * cheaper than one per test. Seeded break reasons stay; ones a test created go.
 */
export async function resetConfig(f: ConfigFixture): Promise<void> {
  await sql`truncate customer_phones, customer_identities, customer_fields, customers, queue_members, queue_relaxation_steps, queue_skills, queues, calendars,
    agent_skills, agents, team_leads, teams, skills, users cascade`.execute(f.db);
  await f.db.deleteFrom('break_reasons').where('id', 'like', 'cfg-%').execute();
}

/**
 * Registers the usual hooks: one migrated database for the file (created before the first test,
 * closed after the last) and empty config tables before each test. The returned object is filled
 * in by the first hook, so tests use it as they would the fixture itself.
 */
export function useConfigFixture(): ConfigFixture {
  const f = {} as ConfigFixture;
  beforeAll(async () => {
    Object.assign(f, await configFixture());
  });
  beforeEach(async () => {
    await resetConfig(f);
  });
  afterAll(async () => {
    await f.testDb.close();
  });
  return f;
}
