import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KyselySessionRepository } from '../../../../src/store/accounts/sessions-repo.js';
import { createTestDb, type TestDb } from '../../../helpers/test-db.js';

let t: TestDb;
let repo: KyselySessionRepository;
const T0 = Date.UTC(2026, 10, 23, 9);

beforeAll(async () => {
  t = await createTestDb();
  repo = new KyselySessionRepository(t.db);
  const now = new Date(T0);
  await t.db
    .insertInto('users')
    .values(['u1', 'u2'].map((id) => ({ id, username: id, display_name: id, roles: id === 'u1' ? ['agent'] : ['supervisor', 'agent'], password_hash: 'x', locked_until: null, created_at: now, updated_at: now })))
    .execute();
  await t.db.updateTable('users').set({ disabled: true }).where('id', '=', 'u2').execute();
  for (const [id, userId] of [['s1', 'u1'], ['s2', 'u2'], ['s3', 'u1']] as const) {
    await repo.insert({ id, userId, tokenHash: `h-${id}`, at: T0, expiresAt: T0 + 3_600_000 });
  }
  await repo.revoke('s3', T0 + 5);
});
afterAll(async () => {
  await t.close();
});

describe('sessions: the batched re-check and last-seen writes of the session cache', () => {
  it('given several session ids then checkMany returns each existing one with its user in one call; unknown ids are left out', async () => {
    const checks = await repo.checkMany(['s1', 's2', 's3', 'nope']);
    const byId = Object.fromEntries(checks.map((c) => [c.id, c]));
    expect(Object.keys(byId).sort()).toEqual(['s1', 's2', 's3']);
    expect(byId.s1).toMatchObject({ userId: 'u1', revokedAt: null, expiresAt: T0 + 3_600_000, lastSeenAt: T0, user: { username: 'u1', roles: ['agent'], disabled: false } });
    expect(byId.s2?.user).toEqual({ username: 'u2', roles: ['supervisor', 'agent'], disabled: true });
    expect(byId.s3?.revokedAt).toBe(T0 + 5);
  });

  it('given uses to record then touchMany moves each last-seen forward to its own time and never back', async () => {
    await repo.touchMany([
      { id: 's1', at: T0 + 60_000 },
      { id: 's2', at: T0 + 90_000 },
    ]);
    await repo.touchMany([{ id: 's1', at: T0 + 30_000 }]);
    const seen = Object.fromEntries((await repo.checkMany(['s1', 's2'])).map((c) => [c.id, c.lastSeenAt]));
    expect(seen).toEqual({ s1: T0 + 60_000, s2: T0 + 90_000 });
  });
});
