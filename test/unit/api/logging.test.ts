import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPinoLogger } from '../../../src/api/logger.js';
import { defaultConfig } from '../../../src/config.js';
import { FakeClock } from '../../../src/core/clock.js';
import { buildApp } from '../../../src/main.js';
import { createTestDb, type TestDb } from '../../helpers/test-db.js';
import { TextSink } from '../../helpers/text-sink.js';

/** Collects everything pino writes. */
describe('logs never contain secrets', () => {
  let db: TestDb;
  const sink = new TextSink();
  const PASSWORD = 'hunter2-is-not-a-password';
  beforeAll(async () => {
    db = await createTestDb();
  });
  afterAll(async () => {
    await db.close();
  });

  it('given trace logging when users log in (good and bad) and call the API then neither password nor token reaches the log', async () => {
    const logger = createPinoLogger('trace', sink);
    const { server, deps } = buildApp({ config: defaultConfig(), db: db.db, clock: new FakeClock(), pino: logger });
    await server.ready();
    await deps.users.create({ username: 'logme', roles: ['agent'], password: PASSWORD }, {});
    const bad = await server.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'logme', password: `${PASSWORD}!` } });
    expect(bad.statusCode).toBe(401);
    const good = await server.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'logme', password: PASSWORD } });
    const token = good.json().token as string;
    await server.inject({ method: 'GET', url: '/api/auth/me', headers: { authorization: `Bearer ${token}`, cookie: `sb_session=${token}` } });
    await server.inject({ method: 'GET', url: `/api/ws?token=${token}` });
    logger.info({ password: PASSWORD, nested: { token, password: PASSWORD }, authorization: `Bearer ${token}` }, 'careless call');
    await server.close();
    logger.flush();
    expect(sink.text).toContain('careless call');
    expect(sink.text).toContain('"url":"/api/auth/login"');
    expect(sink.text).toContain('[Redacted]');
    expect(sink.text).not.toContain(PASSWORD);
    expect(sink.text).not.toContain(token);
  });
});
