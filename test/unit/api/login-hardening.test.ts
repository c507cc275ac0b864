import { afterEach, describe, expect, it } from 'vitest';
import { HashQueue } from '../../../src/accounts/hash-queue.js';
import { createTestApp, type TestApp, type TestAppOptions } from '../../helpers/test-app.js';

/**
 * Issue 18 items 2-4: the lockout counts atomically in the database, answers the same for known
 * and unknown names, is throttled per source address, can be lifted by an admin, and the hash
 * queue is bounded. Runs on PGlite, and on PostgreSQL with DATABASE_URL set.
 */
describe('login hardening', () => {
  let t: TestApp | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });
  async function app(options: TestAppOptions = {}, perAddressPerMinute = 10_000): Promise<TestApp> {
    t = await createTestApp({ ...options, config: { lockout: { attempts: 5, durationMs: 60_000, perAddressPerMinute } } });
    return t;
  }
  const attempt = (a: TestApp, username: string, password: string, remoteAddress = '127.0.0.1') =>
    a.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password }, remoteAddress });

  it('given 30 parallel wrong passwords when the limit is 5 then exactly 5 are checked (401) and 25 refused as locked (423)', async () => {
    const a = await app();
    await a.login('agent', 'rush');
    const results = await Promise.all(Array.from({ length: 30 }, () => attempt(a, 'rush', 'wrong password!')));
    const codes = results.map((r) => r.json().code as string);
    expect(codes.filter((c) => c === 'INVALID_CREDENTIALS')).toHaveLength(5);
    expect(codes.filter((c) => c === 'ACCOUNT_LOCKED')).toHaveLength(25);
    expect((await attempt(a, 'rush', a.password)).statusCode).toBe(423);
  });

  it('given an unknown name and a real one when each fails repeatedly then both answer the same sequence: 401 five times, then 423', async () => {
    const a = await app();
    await a.login('agent', 'real-name');
    const seq = async (name: string) => {
      const out: string[] = [];
      for (let i = 0; i < 6; i++) {
        const r = await attempt(a, name, 'wrong password!');
        out.push(`${r.statusCode} ${r.json().code} ${r.json().message}`);
      }
      return out;
    };
    const known = await seq('real-name');
    const unknown = await seq('no-such-name');
    expect(unknown).toEqual(known);
    expect(known.slice(4)).toEqual(['401 INVALID_CREDENTIALS Unknown user or wrong password', expect.stringMatching(/^423 ACCOUNT_LOCKED/)]);
  });

  it('given a locked account when an admin unlocks it then the right password works at once and the unlock is audited', async () => {
    const a = await app();
    const user = await a.login('agent', 'locked-out');
    for (let i = 0; i < 5; i++) await attempt(a, 'locked-out', 'wrong password!');
    const locked = await attempt(a, 'locked-out', a.password);
    expect(locked.statusCode).toBe(423);
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
    const admin = await a.loginAs('admin');
    const viewed = await a.inject({ method: 'GET', url: `/api/users/${user.userId}`, headers: admin });
    expect(viewed.json().lockedUntil).toEqual(expect.any(Number));
    const unlocked = await a.inject({ method: 'POST', url: `/api/users/${user.userId}/unlock`, headers: admin });
    expect(unlocked.statusCode).toBe(200);
    expect(unlocked.json().lockedUntil).toBeNull();
    expect((await attempt(a, 'locked-out', a.password)).statusCode).toBe(200);
    const audit = await a.inject({ method: 'GET', url: '/api/audit?action=user.unlock', headers: admin });
    expect(audit.json().entries.map((e: { target: string }) => e.target)).toContain(`user:${user.userId}`);
  });

  it('given one source address over its per-minute login budget then it gets 429 RATE_LIMITED while another address still logs in', async () => {
    const a = await app({}, 3);
    await a.login('agent', 'victim');
    for (let i = 0; i < 3; i++) expect((await attempt(a, `guess-${i}`, 'wrong password!', '10.0.0.9')).statusCode).toBe(401);
    const limited = await attempt(a, 'victim', 'wrong password!', '10.0.0.9');
    expect(limited.statusCode).toBe(429);
    expect(limited.json()).toMatchObject({ code: 'RATE_LIMITED' });
    expect(limited.headers['retry-after']).toBeDefined();
    expect((await attempt(a, 'victim', a.password, '10.0.0.10')).statusCode).toBe(200);
  });

  it('given an address flooding the login past its budget then the audit log holds one auth.login_throttled entry for it, without what was sent', async () => {
    const a = await app({}, 2);
    for (let i = 0; i < 2; i++) await attempt(a, `guess-${i}`, 'wrong password!', '10.0.0.7');
    for (let i = 0; i < 5; i++) expect((await attempt(a, 'victim', 'secret-guess-123', '10.0.0.7')).statusCode).toBe(429);
    const throttled = async () => a.deps.auditReader.query({ action: 'auth.login_throttled' });
    // The entry is written after the refusal is answered: wait for it (no timer involved).
    for (let tries = 0; (await throttled()).length === 0 && tries < 1000; tries++) await new Promise((r) => setImmediate(r));
    const entries = await throttled();
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ action: 'auth.login_throttled', ip: '10.0.0.7', details: { route: '/api/auth/login' } });
    expect(JSON.stringify(entries)).not.toMatch(/secret-guess|victim|wrong password/);
  });

  it('given the hash queue full when a login arrives then 503 LOGIN_BUSY with Retry-After, nothing counted; once drained logins work', async () => {
    const hashQueue = new HashQueue({ concurrency: 1, maxWaiting: 1, retryAfterSeconds: 2 });
    const a = await app({ hashQueue });
    await a.login('agent', 'busy');
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const blockers = [hashQueue.run(() => held), hashQueue.run(async () => undefined)];
    const busy = await attempt(a, 'busy', 'wrong password!');
    expect(busy.statusCode).toBe(503);
    expect(busy.json()).toMatchObject({ code: 'LOGIN_BUSY', details: { retryAfterSeconds: 2 } });
    expect(busy.headers['retry-after']).toBe('2');
    release();
    await Promise.all(blockers);
    expect(await a.db.selectFrom('login_throttle').selectAll().where('name_key', '=', 'busy').execute()).toEqual([]);
    expect((await attempt(a, 'busy', a.password)).statusCode).toBe(200);
  });
});
