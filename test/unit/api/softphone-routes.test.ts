/**
 * GET /api/agent/softphone: the browser phone's SIP credentials, over the session only, never
 * cached, never logged; every other binding answers with a code that says what the phone is.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPinoLogger } from '../../../src/api/logger.js';
import { defaultConfig, type WebrtcConfig } from '../../../src/config.js';
import { FakeClock } from '../../../src/core/clock.js';
import { buildApp } from '../../../src/main.js';
import { sipPasswordFor } from '../../../src/softphone/sip-password.js';
import { createTestApp, type TestApp } from '../../helpers/test-app.js';
import { createTestDb, type TestDb } from '../../helpers/test-db.js';
import { TextSink } from '../../helpers/text-sink.js';

const WEBRTC: WebrtcConfig = {
  wssUrl: 'wss://pbx.example.com:8089/ws',
  domain: 'pbx.example.com',
  secret: 'a-webrtc-secret-of-at-least-32-characters',
  iceServers: [{ urls: ['stun:stun.example.com:3478'] }],
};

describe('GET /api/agent/softphone', () => {
  let t: TestApp;
  let n = 0;
  beforeAll(async () => {
    t = await createTestApp({ config: { webrtc: WEBRTC } });
  });
  afterAll(async () => {
    await t.close();
  });

  /** A user with these roles, an agent record with this phone when given, logged in. */
  async function agentWith(phone: { mode: 'fixed' | 'browser'; extension: string } | { mode: 'chosen_at_login' } | undefined, userPhone?: object) {
    const username = `softphone-user-${++n}`;
    const { user } = await t.deps.users.create({ username, displayName: `Agent ${n}`, roles: ['agent'], password: t.password, ...(userPhone ? { phone: userPhone as never } : {}) }, {});
    if (phone) await t.configRepos.agents.create({ userId: user.id, number: `9${n}`, displayName: `Desk agent ${n}`, phone });
    return t.login(['agent'], username);
  }

  it('given no session when asked then 401 and nothing else', async () => {
    const res = await t.inject({ method: 'GET', url: '/api/agent/softphone' });
    expect(res.statusCode).toBe(401);
    expect(res.body).not.toContain('wss://');
  });

  it('given an agent whose phone is the browser when asked then the credentials come, derived from the secret, and must not be cached', async () => {
    const s = await agentWith({ mode: 'browser', extension: 'web-agent1' });
    const res = await t.inject({ method: 'GET', url: '/api/agent/softphone', headers: s.headers });
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.json()).toEqual({
      wsUrl: 'wss://pbx.example.com:8089/ws',
      sipUri: 'sip:web-agent1@pbx.example.com',
      authorizationUsername: 'web-agent1',
      password: sipPasswordFor(WEBRTC.secret, 'web-agent1'),
      displayName: `Desk agent ${n}`,
      iceServers: [{ urls: ['stun:stun.example.com:3478'] }],
    });
  });

  it('given a supervisor (no agent record) whose own phone is the browser when asked then their own extension is given', async () => {
    const s = await agentWith(undefined, { mode: 'browser', extension: 'web-sup1' });
    const res = await t.inject({ method: 'GET', url: '/api/agent/softphone', headers: s.headers });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ sipUri: 'sip:web-sup1@pbx.example.com', authorizationUsername: 'web-sup1', displayName: `Agent ${n}` });
  });

  it('given an agent with a fixed desk phone when asked then 409 PHONE_NOT_BROWSER says what the phone is', async () => {
    const s = await agentWith({ mode: 'fixed', extension: 'agent7' });
    const res = await t.inject({ method: 'GET', url: '/api/agent/softphone', headers: s.headers });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ code: 'PHONE_NOT_BROWSER', details: { modes: ['fixed'] } });
    expect(res.json().message).toMatch(/fixed desk phone/);
  });

  it('given an agent whose phone is chosen at login when asked then 409 PHONE_NOT_BROWSER', async () => {
    const s = await agentWith({ mode: 'chosen_at_login' });
    const res = await t.inject({ method: 'GET', url: '/api/agent/softphone', headers: s.headers });
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('PHONE_NOT_BROWSER');
  });

  it('given a user with no phone and no agent record when asked then 404 NO_PHONE', async () => {
    const s = await agentWith(undefined);
    const res = await t.inject({ method: 'GET', url: '/api/agent/softphone', headers: s.headers });
    expect(res.statusCode).toBe(404);
    expect(res.json().code).toBe('NO_PHONE');
  });

  it('given a browser extension an admin mistypes when the agent is saved then it is refused naming the field', async () => {
    const admin = await t.loginAs('admin');
    const { user } = await t.deps.users.create({ username: `softphone-user-${++n}`, roles: ['agent'], password: t.password }, {});
    const res = await t.inject({
      method: 'POST',
      url: '/api/agents',
      headers: admin,
      payload: { userId: user.id, number: `9${n}`, displayName: 'Bad', phone: { mode: 'browser', extension: 'web agent;evil' } },
    });
    expect(res.statusCode).toBe(400);
    expect(JSON.stringify(res.json())).toContain('/phone');
  });

  it("given an admin setting a user's own phone to the browser when the extension is missing then 400 names /body/phone/extension", async () => {
    const admin = await t.loginAs('admin');
    const { user } = await t.deps.users.create({ username: `softphone-user-${++n}`, roles: ['supervisor'], password: t.password }, {});
    const bad = await t.inject({ method: 'PATCH', url: `/api/users/${user.id}`, headers: admin, payload: { phone: { mode: 'browser' } } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().details.problems[0].where).toBe('/body/phone/extension');
    const good = await t.inject({ method: 'PATCH', url: `/api/users/${user.id}`, headers: admin, payload: { phone: { mode: 'browser', extension: 'web-sup2' } } });
    expect(good.statusCode).toBe(200);
    expect(good.json().phone).toEqual({ mode: 'browser', extension: 'web-sup2' });
  });
});

describe('GET /api/agent/softphone without WebRTC settings', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('given a browser phone but no SWITCHBOARD_WEBRTC_* settings when asked then 503 SOFTPHONE_NOT_CONFIGURED', async () => {
    const { user } = await t.deps.users.create({ username: 'browser-no-config', roles: ['supervisor'], password: t.password, phone: { mode: 'browser', extension: 'web-x' } }, {});
    const s = await t.login(['supervisor'], 'browser-no-config');
    expect(s.userId).toBe(user.id);
    const res = await t.inject({ method: 'GET', url: '/api/agent/softphone', headers: s.headers });
    expect(res.statusCode).toBe(503);
    expect(res.json().code).toBe('SOFTPHONE_NOT_CONFIGURED');
  });
});

/** Collects everything pino writes. */
describe('GET /api/agent/softphone and the log', () => {
  let db: TestDb;
  beforeAll(async () => {
    db = await createTestDb();
  });
  afterAll(async () => {
    await db.close();
  });

  it('given trace logging when a browser agent fetches the credentials and something logs them carelessly then neither the password nor the secret reaches the log', async () => {
    const sink = new TextSink();
    const logger = createPinoLogger('trace', sink);
    const config = { ...defaultConfig(), webrtc: WEBRTC };
    const { server, deps } = buildApp({ config, db: db.db, clock: new FakeClock(), pino: logger });
    await server.ready();
    await deps.users.create({ username: 'logged-sup', roles: ['supervisor'], password: 'correct horse battery staple', phone: { mode: 'browser', extension: 'web-log1' } }, {});
    const { token } = await deps.auth.login('logged-sup', 'correct horse battery staple');
    const res = await server.inject({ method: 'GET', url: '/api/agent/softphone', headers: { authorization: `Bearer ${token}` } });
    expect(res.statusCode).toBe(200);
    const credentials = res.json();
    logger.info({ credentials, config: { webrtc: config.webrtc } }, 'careless softphone log');
    await server.close();
    logger.flush();
    expect(sink.text).toContain('"url":"/api/agent/softphone"');
    expect(sink.text).toContain('careless softphone log');
    expect(sink.text).not.toContain(credentials.password);
    expect(sink.text).not.toContain(WEBRTC.secret);
  });
});
