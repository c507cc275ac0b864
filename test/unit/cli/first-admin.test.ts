import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ensureFirstAdmin } from '../../../src/main.js';
import { createTestApp, type TestApp } from '../../helpers/test-app.js';

describe('the first administrator', () => {
  let t: TestApp;
  let printed: string[];
  beforeEach(async () => {
    t = await createTestApp();
    printed = [];
  });
  afterEach(async () => {
    await t.close();
  });

  it('given users but no administrator (seed-demo ran first) when the daemon starts then admin is created and its password printed once', async () => {
    await t.deps.users.create({ username: 'agent1', roles: ['agent'], password: t.password }, {});
    expect(await ensureFirstAdmin(t.deps.users, (l) => printed.push(l))).toBe(true);
    const admin = await t.deps.users.findByUsername('admin');
    expect(admin?.roles).toEqual(['admin']);
    const password = /with password: (\S+)/.exec(printed.join('\n'))?.[1] ?? '';
    expect(password.length).toBeGreaterThanOrEqual(16);
    const login = await t.deps.auth.login('admin', password);
    expect(login.principal.roles).toEqual(['admin']);

    printed = [];
    expect(await ensureFirstAdmin(t.deps.users, (l) => printed.push(l))).toBe(false);
    expect(printed).toEqual([]);
  });

  it('given the name admin taken by a non-administrator then nothing is created and the way out is printed', async () => {
    await t.deps.users.create({ username: 'admin', roles: ['agent'], password: t.password }, {});
    expect(await ensureFirstAdmin(t.deps.users, (l) => printed.push(l))).toBe(false);
    expect(printed.join('\n')).toMatch(/create-admin/);
    expect((await t.deps.users.findByUsername('admin'))?.roles).toEqual(['agent']);
  });
});
